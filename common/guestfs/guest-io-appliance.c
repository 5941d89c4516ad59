/* guestlift: guest I/O through a libguestfs appliance (see
 * guest-io-appliance.h): the ops table of guest-io-ops.h over a
 * libguestfs handle opened with guestlift's appliance policy
 * (appliance.h). */
#include <config.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <guestfs.h>

#include "appliance.h"
#include "cleanup.h"
#include "error.h"
#include "guest-io-appliance.h"
#include "guest-io-ops.h"
#include "run-files.h"
#include "watchdog.h"

/* libguestfs's own message size limit is 4 MiB; bigger files go through
 * download. */
#define READ_FILE_LIMIT (2 * 1024 * 1024)
/* Small files come through pread (one daemon round trip); read_file and
 * cat go through a download, which costs a quarter second each under TCG. */
#define PREAD_CHUNK (1024 * 1024)

struct appliance_io {
  struct gl_guest_io io;        /* first: the generic handle */
  guestfs_h *g;
  struct gl_note_sink note;
  bool writable_disks;          /* some disk was added read-write */
  char *tmpdir_to_remove;       /* gl_appliance_opts.remove_tmpdir */
};

static guestfs_h *
handle (struct gl_guest_io *io)
{
  return ((struct appliance_io *) io)->g;
}

/* The op failed: its cause is libguestfs's last error, first line (the
 * rest is "see the FAQ" boilerplate or a backtrace). */
static int
fail (guestfs_h *g, struct gl_err *err)
{
  const char *e = guestfs_last_error (g);
  if (!e)
    e = "unknown libguestfs error";
  return gl_err_set (err, guestfs_last_errno (g), "%.*s", (int) strcspn (e, "\n"), e);
}

static char **
list_or_fail (guestfs_h *g, char **list, struct gl_err *err)
{
  if (!list)
    fail (g, err);
  return list;
}

/* --- Disks and lifetime --- */

static int
a_add_drive (struct gl_guest_io *io, const char *path, const char *format,
             bool readonly, struct gl_err *err)
{
  struct appliance_io *a = (struct appliance_io *) io;
  if (gl_appliance_add_drive (a->g, path, format, readonly) == -1)
    return fail (a->g, err);
  a->writable_disks |= !readonly;
  return 0;
}

static int
a_launch (struct gl_guest_io *io, struct gl_err *err)
{
  struct appliance_io *a = (struct appliance_io *) io;
  return gl_appliance_launch (a->g, &a->note, err);
}

static int
a_shutdown (struct gl_guest_io *io, struct gl_err *err)
{
  return guestfs_shutdown (handle (io)) == -1 ? fail (handle (io), err) : 0;
}

static void
a_close (struct gl_guest_io *io)
{
  struct appliance_io *a = (struct appliance_io *) io;
  /* Read-only disks (writes went to throw-away overlays): nothing needs
   * syncing, so the appliance is killed rather than shut down, which
   * saves the umount-all, sync and orderly poweroff (about 2.5 s under
   * TCG).  Writable ones keep libguestfs's orderly close. */
  if (!a->writable_disks)
    guestfs_set_autosync (a->g, 0);
  guestfs_close (a->g);
  if (a->tmpdir_to_remove)
    gl_run_tmpdir_remove (a->tmpdir_to_remove);
  free (a->tmpdir_to_remove);
  free (a);
}

/* --- Block devices --- */

static char **
a_list_devices (struct gl_guest_io *io, struct gl_err *err)
{
  return list_or_fail (handle (io), guestfs_list_devices (handle (io)), err);
}

static char **
a_list_partitions (struct gl_guest_io *io, struct gl_err *err)
{
  return list_or_fail (handle (io), guestfs_list_partitions (handle (io)), err);
}

static char *
nonempty_or_null (const char *s)
{
  return s && *s ? strdup (s) : NULL;
}

/* A number blkid printed (PART_ENTRY_OFFSET...): all digits, no overflow. */
static bool
parse_u64 (const char *s, uint64_t *out)
{
  uint64_t v = 0;
  if (!s || !*s)
    return false;
  for (; *s; ++s) {
    if (*s < '0' || *s > '9' || v > (UINT64_MAX - (uint64_t) (*s - '0')) / 10)
      return false;
    v = v * 10 + (uint64_t) (*s - '0');
  }
  *out = v;
  return true;
}

static int
a_blkid (struct gl_guest_io *io, const char *device, struct gl_blkid *out,
         struct gl_err *err)
{
  CLEANUP_FREE_STRING_LIST char **kv = guestfs_blkid (handle (io), device);
  if (!kv)
    return fail (handle (io), err);
  const char *type = NULL, *uuid = NULL, *label = NULL, *off = NULL, *size = NULL;
  for (size_t i = 0; kv[i] && kv[i+1]; i += 2) {
    if (strcmp (kv[i], "TYPE") == 0) type = kv[i+1];
    else if (strcmp (kv[i], "UUID") == 0) uuid = kv[i+1];
    else if (strcmp (kv[i], "LABEL") == 0) label = kv[i+1];
    else if (strcmp (kv[i], "PART_ENTRY_OFFSET") == 0) off = kv[i+1];
    else if (strcmp (kv[i], "PART_ENTRY_SIZE") == 0) size = kv[i+1];
  }
  out->type = nonempty_or_null (type);
  out->uuid = nonempty_or_null (uuid);
  out->label = nonempty_or_null (label);
  out->span_known = parse_u64 (off, &out->part_start) && parse_u64 (size, &out->part_size);
  if ((type && *type && !out->type) || (uuid && *uuid && !out->uuid) ||
      (label && *label && !out->label))
    return gl_err_set (err, ENOMEM, "out of memory");
  return 0;
}

/* A filesystem without a UUID or label: NULL (or "") for it, not an error. */
static int
a_fs_ids (struct gl_guest_io *io, const char *mountable, char **uuid, char **label,
          struct gl_err *err)
{
  (void) err;
  *uuid = guestfs_vfs_uuid (handle (io), mountable);
  *label = guestfs_vfs_label (handle (io), mountable);
  return 0;
}

static char **
a_btrfs_subvolumes (struct gl_guest_io *io, const char *dir, struct gl_err *err)
{
  guestfs_h *g = handle (io);
  struct guestfs_btrfssubvolume_list *l = guestfs_btrfs_subvolume_list (g, dir);
  if (!l) {
    fail (g, err);
    return NULL;
  }
  char **paths = calloc (l->len + 1, sizeof *paths);
  size_t n = 0;
  for (size_t i = 0; paths && i < l->len; ++i) {
    const char *p = l->val[i].btrfssubvolume_path;
    if (p && !(paths[n++] = strdup (p))) {
      gl_free_string_list (paths);
      paths = NULL;
    }
  }
  guestfs_free_btrfssubvolume_list (l);
  if (!paths)
    gl_err_set (err, ENOMEM, "out of memory");
  return paths;
}

/* --- LVM --- */

static char **
a_lvs (struct gl_guest_io *io, struct gl_err *err)
{
  return list_or_fail (handle (io), guestfs_lvs (handle (io)), err);
}

static char **
a_vgs (struct gl_guest_io *io, struct gl_err *err)
{
  return list_or_fail (handle (io), guestfs_vgs (handle (io)), err);
}

static char **
a_vg_pv_uuids (struct gl_guest_io *io, const char *vg, struct gl_err *err)
{
  return list_or_fail (handle (io), guestfs_vgpvuuids (handle (io), vg), err);
}

/* lvm-set-filter itself deactivates every VG LVM can see, narrows the
 * filter to these disks, rescans and activates what is left: one call
 * moves LVM from the previous scope (or from the boot state) to this
 * one.  Measured with LVM 2.03 in the appliance: a clone's twin that was
 * active under the wide filter is switched off by it too, so no extra
 * vgchange is needed before or after. */
static int
a_lvm_scope (struct gl_guest_io *io, char *const *disks, struct gl_err *err)
{
  guestfs_h *g = handle (io);
  if (guestfs_lvm_set_filter (g, (char *const *) disks) == 0)
    return 0;
  /* An LVM that would not deactivate a VG under the wide filter: switch
   * everything off explicitly and try once more. */
  gl_debug ("lvm-set-filter: %s", gl_guestfs_error (g));
  guestfs_vg_activate_all (g, 0);
  if (guestfs_lvm_set_filter (g, (char *const *) disks) == 0)
    return 0;
  gl_debug ("lvm-set-filter: %s", gl_guestfs_error (g));
  return fail (g, err);
}

static int
a_lvm_activate_all (struct gl_guest_io *io, struct gl_err *err)
{
  guestfs_h *g = handle (io);
  /* No physical volume: nothing to activate (and no vgchange to run). */
  CLEANUP_FREE_STRING_LIST char **pvs = guestfs_pvs (g);
  if (!pvs || !pvs[0])
    return 0;
  return guestfs_vg_activate_all (g, 1) == -1 ? fail (g, err) : 0;
}

/* pvscan --cache --activate ay, as the appliance did at boot. */
static int
a_lvm_rescan (struct gl_guest_io *io, struct gl_err *err)
{
  return guestfs_lvm_scan (handle (io), 1) == -1 ? fail (handle (io), err) : 0;
}

/* --- md RAID, LUKS --- */

static char **
a_md_devices (struct gl_guest_io *io, struct gl_err *err)
{
  return list_or_fail (handle (io), guestfs_list_md_devices (handle (io)), err);
}

static int
a_md_array (struct gl_guest_io *io, const char *md, char **uuid,
            size_t *ndevices, struct gl_err *err)
{
  guestfs_h *g = handle (io);
  CLEANUP_FREE_STRING_LIST char **detail = guestfs_md_detail (g, md);
  if (!detail)
    return fail (g, err);
  for (size_t i = 0; detail[i] && detail[i+1]; i += 2)
    if (strcmp (detail[i], "uuid") == 0 && detail[i+1][0] && !*uuid)
      *uuid = strdup (detail[i+1]);
    else if (strcmp (detail[i], "devices") == 0) {
      uint64_t v;
      if (parse_u64 (detail[i+1], &v) && v < 4096)
        *ndevices = (size_t) v;
    }
  return 0;
}

/* libguestfs's trace and debug output never show the key (its trace
 * prints keys as "***"; the daemon hands it to cryptsetup in a file of
 * the appliance, not in argv), and it travels to the appliance over
 * libguestfs's socket, never on a host command line.  Read-write only
 * on a handle with writable disks (convert's output copies): what is in
 * it is then mounted read-write. */
static int
a_luks_open (struct gl_guest_io *io, const char *device, const char *key,
             const char *mapname, struct gl_err *err)
{
  guestfs_h *g = handle (io);
  bool readonly = !((struct appliance_io *) io)->writable_disks;
  if (guestfs_cryptsetup_open (g, device, key, mapname,
                               GUESTFS_CRYPTSETUP_OPEN_READONLY, readonly, -1) == -1)
    return fail (g, err);
  return 0;
}

/* --- Mounts --- */

static int
a_mount (struct gl_guest_io *io, const char *mountable, const char *mountpoint,
         bool readonly, struct gl_err *err)
{
  guestfs_h *g = handle (io);
  int r = readonly ? guestfs_mount_ro (g, mountable, mountpoint)
    : guestfs_mount (g, mountable, mountpoint);
  return r == -1 ? fail (g, err) : 0;
}

static int
a_umount_all (struct gl_guest_io *io, struct gl_err *err)
{
  return guestfs_umount_all (handle (io)) == -1 ? fail (handle (io), err) : 0;
}

/* --- Paths --- */

static int
a_probe (struct gl_guest_io *io, const char *path, enum gl_probe what)
{
  guestfs_h *g = handle (io);
  switch (what) {
  case GL_PROBE_FILE:
    return guestfs_is_file_opts (g, path, GUESTFS_IS_FILE_OPTS_FOLLOWSYMLINKS, 1, -1);
  case GL_PROBE_DIR:
    return guestfs_is_dir_opts (g, path, GUESTFS_IS_DIR_OPTS_FOLLOWSYMLINKS, 1, -1);
  case GL_PROBE_SYMLINK:
    return guestfs_is_symlink (g, path);
  case GL_PROBE_EXISTS:
  default:
    return guestfs_exists (g, path);
  }
}

static int
a_filesize (struct gl_guest_io *io, const char *path, uint64_t *size,
            struct gl_err *err)
{
  int64_t s = guestfs_filesize (handle (io), path);
  if (s < 0)
    return fail (handle (io), err);
  *size = (uint64_t) s;
  return 0;
}

/* A chunk libguestfs read (N bytes, NULL on its error) into the caller's
 * BUF of COUNT bytes. */
static int
take_chunk (guestfs_h *g, char *chunk, size_t n, void *buf, size_t count,
            size_t *got, struct gl_err *err)
{
  CLEANUP_FREE char *c = chunk;
  if (!c)
    return fail (g, err);
  if (n > count)
    return gl_err_set (err, EIO, "the appliance read more than asked");
  memcpy (buf, c, n);
  *got = n;
  return 0;
}

static int
a_pread (struct gl_guest_io *io, const char *path, void *buf, size_t count,
         uint64_t offset, size_t *got, struct gl_err *err)
{
  guestfs_h *g = handle (io);
  size_t n = 0;
  char *chunk = guestfs_pread (g, path, (int) count, (int64_t) offset, &n);
  return take_chunk (g, chunk, n, buf, count, got, err);
}

static int
a_read_device_head (struct gl_guest_io *io, const char *device, void *buf,
                    size_t count, size_t *got, struct gl_err *err)
{
  guestfs_h *g = handle (io);
  size_t n = 0;
  char *chunk = guestfs_pread_device (g, device, (int) count, 0, &n);
  return take_chunk (g, chunk, n, buf, count, got, err);
}

static int
a_download (struct gl_guest_io *io, const char *path, const char *host_path,
            struct gl_err *err)
{
  return guestfs_download (handle (io), path, host_path) == -1
    ? fail (handle (io), err) : 0;
}

char *
gl_glob_escape (const char *dir)
{
  size_t n = 0;
  for (const char *p = dir; *p; ++p)
    n += strchr ("*?[]{}\\", *p) ? 2 : 1;
  char *out = malloc (n + 1), *o = out;
  if (!out)
    return NULL;
  for (const char *p = dir; *p; ++p) {
    if (strchr ("*?[]{}\\", *p))
      *o++ = '\\';
    *o++ = *p;
  }
  *o = '\0';
  return out;
}

static int
cmp_names (const void *a, const void *b)
{
  return strcmp (*(char *const *) a, *(char *const *) b);
}

/* The appliance does the matching (glob-expand), so the names that do
 * not match cost nothing however many there are; its reply is bounded
 * by libguestfs's message size. */
static char **
a_glob (struct gl_guest_io *io, const char *dir, const char *pattern,
        struct gl_err *err)
{
  guestfs_h *g = handle (io);
  CLEANUP_FREE char *edir = gl_glob_escape (dir);
  bool root = strcmp (dir, "/") == 0;
  CLEANUP_FREE char *full = edir ? gl_printf ("%s/%s", root ? "" : edir, pattern) : NULL;
  if (!full) {
    gl_err_set (err, ENOMEM, "out of memory");
    return NULL;
  }
  /* No trailing "/" on directories: glob would stat every match. */
  char **paths = guestfs_glob_expand_opts (g, full,
                                           GUESTFS_GLOB_EXPAND_OPTS_DIRECTORYSLASH, 0,
                                           -1);
  if (!paths) {
    fail (g, err);
    return NULL;
  }
  /* "DIR/NAME" -> "NAME", in place. */
  size_t skip = root ? 1 : strlen (dir) + 1, n = 0;
  for (size_t i = 0; paths[i]; ++i) {
    if (strlen (paths[i]) <= skip) {    /* cannot happen: not a name in DIR */
      free (paths[i]);
      continue;
    }
    memmove (paths[i], paths[i] + skip, strlen (paths[i] + skip) + 1);
    paths[n++] = paths[i];
  }
  paths[n] = NULL;
  qsort (paths, n, sizeof *paths, cmp_names);
  return paths;
}

static char *
a_readlink (struct gl_guest_io *io, const char *path, struct gl_err *err)
{
  char *r = guestfs_readlink (handle (io), path);
  if (!r)
    fail (handle (io), err);
  return r;
}

static char *
a_realpath (struct gl_guest_io *io, const char *path, struct gl_err *err)
{
  char *r = guestfs_realpath (handle (io), path);
  if (!r)
    fail (handle (io), err);
  return r;
}

static char *
a_case_sensitive_path (struct gl_guest_io *io, const char *path, struct gl_err *err)
{
  char *r = guestfs_case_sensitive_path (handle (io), path);
  if (!r)
    fail (handle (io), err);
  return r;
}

/* --- Writes --- */

static int
a_sync (struct gl_guest_io *io, struct gl_err *err)
{
  return guestfs_sync (handle (io)) == -1 ? fail (handle (io), err) : 0;
}

static int
a_write_file (struct gl_guest_io *io, const char *path, const char *data,
              size_t len, struct gl_err *err)
{
  /* guestfs_write truncates the existing file: its inode, owner, mode
   * and SELinux label stay. */
  return guestfs_write (handle (io), path, data, len) == -1
    ? fail (handle (io), err) : 0;
}

static int
a_symlink (struct gl_guest_io *io, const char *target, const char *linkname,
           struct gl_err *err)
{
  return guestfs_ln_sf (handle (io), target, linkname) == -1
    ? fail (handle (io), err) : 0;
}

static int
a_rm (struct gl_guest_io *io, const char *path, struct gl_err *err)
{
  return guestfs_rm (handle (io), path) == -1 ? fail (handle (io), err) : 0;
}

static int
a_touch (struct gl_guest_io *io, const char *path, struct gl_err *err)
{
  return guestfs_touch (handle (io), path) == -1 ? fail (handle (io), err) : 0;
}

/* The command runs inside the guest (guestfs_command, chrooted in its
 * root) under the watchdog: a hostile guest's tool may never end, and
 * libguestfs has no time limit of its own.  Never unguarded. */
static enum gl_guest_command_end
a_command (struct gl_guest_io *io, char *const *argv, int seconds, char **out,
           struct gl_err *err)
{
  guestfs_h *g = handle (io);
  struct gl_watchdog *w = gl_watchdog_start (g, seconds);
  if (!w) {
    gl_err_set (err, EAGAIN, "no thread to bound the guest's tool in time");
    return GL_COMMAND_NOT_RUN;
  }
  char *r = guestfs_command (g, (char **) argv);
  if (gl_watchdog_stop (w)) {
    free (r);
    gl_err_set (err, ETIMEDOUT, "it did not finish within %d s", seconds);
    return GL_COMMAND_TIMED_OUT;
  }
  if (!r) {
    fail (g, err);
    return GL_COMMAND_FAILED;
  }
  *out = r;
  return GL_COMMAND_DONE;
}

static const struct gl_guest_write_ops appliance_write_ops = {
  .sync = a_sync,
  .write_file = a_write_file,
  .symlink = a_symlink,
  .rm = a_rm,
  .touch = a_touch,
  .command = a_command,
};

static const struct gl_guest_io_ops appliance_ops = {
  .name = "appliance",
  .pread_max = PREAD_CHUNK,
  .download_above = READ_FILE_LIMIT,
  .add_drive = a_add_drive,
  .launch = a_launch,
  .shutdown = a_shutdown,
  .close = a_close,
  .list_devices = a_list_devices,
  .list_partitions = a_list_partitions,
  .read_device_head = a_read_device_head,
  .blkid = a_blkid,
  .fs_ids = a_fs_ids,
  .btrfs_subvolumes = a_btrfs_subvolumes,
  .lvs = a_lvs,
  .vgs = a_vgs,
  .vg_pv_uuids = a_vg_pv_uuids,
  .lvm_scope = a_lvm_scope,
  .lvm_activate_all = a_lvm_activate_all,
  .lvm_rescan = a_lvm_rescan,
  .md_devices = a_md_devices,
  .md_array = a_md_array,
  .luks_open = a_luks_open,
  .mount = a_mount,
  .umount_all = a_umount_all,
  .probe = a_probe,
  .filesize = a_filesize,
  .pread = a_pread,
  .download = a_download,
  .glob = a_glob,
  .readlink = a_readlink,
  .realpath = a_realpath,
  .case_sensitive_path = a_case_sensitive_path,
  .write = &appliance_write_ops,
};

struct gl_guest_io *
gl_guest_io_appliance_open (const struct gl_appliance_opts *o, struct gl_err *err)
{
  struct appliance_io *a = calloc (1, sizeof *a);
  if (!a) {
    gl_err_set (err, ENOMEM, "out of memory");
    return NULL;
  }
  if (o->remove_tmpdir && o->tmpdir && !(a->tmpdir_to_remove = strdup (o->tmpdir))) {
    gl_err_set (err, ENOMEM, "out of memory");
    free (a);
    return NULL;
  }
  a->g = gl_appliance_open (o, err);
  if (!a->g) {
    free (a->tmpdir_to_remove);
    free (a);
    return NULL;
  }
  a->io.ops = &appliance_ops;
  a->note = o->note;
  return &a->io;
}
