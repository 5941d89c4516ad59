/* guestlift: guest I/O, the part every implementation shares: bounded
 * reads, the probe memo, listings, and dispatch to the ops table (see
 * guest-io.h and guest-io-ops.h). */
#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

#include "bounds.h"
#include "cleanup.h"
#include "error.h"
#include "guest-io.h"
#include "guest-io-ops.h"
#include "read-file.h"
#include "guest-memo.h"
#include "run-files.h"

/* An op the implementation does not have. */
static int
unsupported (const struct gl_guest_io *io, const char *what, struct gl_err *err)
{
  return gl_err_set (err, ENOTSUP, "%s: not supported by the %s guest I/O",
                     what, io->ops->name);
}

#define CALL(io, op, err, ...)                                  \
  ((io)->ops->op ? (io)->ops->op ((io), __VA_ARGS__, (err))     \
   : unsupported ((io), #op, (err)))
#define CALL_LIST(io, op, err, ...)                                     \
  ((io)->ops->op ? (io)->ops->op ((io), __VA_ARGS__, (err))             \
   : (unsupported ((io), #op, (err)), (char **) NULL))
#define CALL0_LIST(io, op, err)                                 \
  ((io)->ops->op ? (io)->ops->op ((io), (err))                  \
   : (unsupported ((io), #op, (err)), (char **) NULL))

/* --- Disks and lifetime --- */

int
gl_guest_add_drive (struct gl_guest_io *io, const char *path, const char *format,
                    bool readonly, struct gl_err *err)
{
  return CALL (io, add_drive, err, path, format, readonly);
}

int
gl_guest_launch (struct gl_guest_io *io, struct gl_err *err)
{
  return io->ops->launch (io, err);
}

int
gl_guest_shutdown (struct gl_guest_io *io, struct gl_err *err)
{
  return io->ops->shutdown ? io->ops->shutdown (io, err) : 0;
}

void
gl_guest_io_close (struct gl_guest_io *io)
{
  if (!io)
    return;
  gl_guest_memo_disable (io);
  io->ops->close (io);
}

/* --- Block devices --- */

char **
gl_guest_list_devices (struct gl_guest_io *io, struct gl_err *err)
{
  return CALL0_LIST (io, list_devices, err);
}

int
gl_guest_read_device_head (struct gl_guest_io *io, const char *device,
                           void *buf, size_t count, size_t *got,
                           struct gl_err *err)
{
  return CALL (io, read_device_head, err, device, buf, count, got);
}

char **
gl_guest_list_partitions (struct gl_guest_io *io, struct gl_err *err)
{
  return CALL0_LIST (io, list_partitions, err);
}

void
gl_blkid_free (struct gl_blkid *b)
{
  free (b->type);
  free (b->uuid);
  free (b->label);
  *b = (struct gl_blkid) { 0 };
}

int
gl_guest_blkid (struct gl_guest_io *io, const char *device, struct gl_blkid *out,
                struct gl_err *err)
{
  *out = (struct gl_blkid) { 0 };
  if (CALL (io, blkid, err, device, out) == -1) {
    gl_blkid_free (out);
    return -1;
  }
  return 0;
}

int
gl_guest_fs_ids (struct gl_guest_io *io, const char *mountable, char **uuid,
                 char **label, struct gl_err *err)
{
  *uuid = *label = NULL;
  if (CALL (io, fs_ids, err, mountable, uuid, label) == -1) {
    free (*uuid);
    free (*label);
    *uuid = *label = NULL;
    return -1;
  }
  return 0;
}

char **
gl_guest_btrfs_subvolumes (struct gl_guest_io *io, const char *dir, struct gl_err *err)
{
  return CALL_LIST (io, btrfs_subvolumes, err, dir);
}

/* --- LVM --- */

char **
gl_guest_lvs (struct gl_guest_io *io, struct gl_err *err)
{
  return CALL0_LIST (io, lvs, err);
}

char **
gl_guest_vgs (struct gl_guest_io *io, struct gl_err *err)
{
  return CALL0_LIST (io, vgs, err);
}

char **
gl_guest_vg_pv_uuids (struct gl_guest_io *io, const char *vg, struct gl_err *err)
{
  return CALL_LIST (io, vg_pv_uuids, err, vg);
}

int
gl_guest_lvm_scope (struct gl_guest_io *io, char *const *disks, size_t n,
                    struct gl_err *err)
{
  CLEANUP_FREE char **list = calloc (n + 1, sizeof *list);
  if (!list)
    return gl_err_set (err, ENOMEM, "out of memory");
  for (size_t i = 0; i < n; ++i)
    list[i] = disks[i];
  /* LVM's view changes: whatever was remembered about paths may not hold. */
  gl_guest_memo_forget (io, "/");
  return CALL (io, lvm_scope, err, list);
}

int
gl_guest_lvm_activate_all (struct gl_guest_io *io, struct gl_err *err)
{
  return io->ops->lvm_activate_all ? io->ops->lvm_activate_all (io, err)
    : unsupported (io, "lvm_activate_all", err);
}

int
gl_guest_lvm_rescan (struct gl_guest_io *io, struct gl_err *err)
{
  gl_guest_memo_forget (io, "/");
  return io->ops->lvm_rescan ? io->ops->lvm_rescan (io, err)
    : unsupported (io, "lvm_rescan", err);
}

/* --- md RAID, LUKS --- */

char **
gl_guest_md_devices (struct gl_guest_io *io, struct gl_err *err)
{
  if (!io->ops->md_devices) {
    char **none = calloc (1, sizeof *none);
    if (!none)
      gl_err_set (err, ENOMEM, "out of memory");
    return none;
  }
  return io->ops->md_devices (io, err);
}

int
gl_guest_md_array (struct gl_guest_io *io, const char *md, char **uuid,
                   size_t *ndevices, struct gl_err *err)
{
  *uuid = NULL;
  *ndevices = 0;
  return CALL (io, md_array, err, md, uuid, ndevices);
}

int
gl_guest_luks_open (struct gl_guest_io *io, const char *device, const char *key,
                    const char *mapname, struct gl_err *err)
{
  return CALL (io, luks_open, err, device, key, mapname);
}

/* --- Mounts --- */

int
gl_guest_mount_ro (struct gl_guest_io *io, const char *mountable,
                   const char *mountpoint, struct gl_err *err)
{
  gl_guest_memo_forget (io, mountpoint);
  return CALL (io, mount, err, mountable, mountpoint, true);
}

int
gl_guest_mount_rw (struct gl_guest_io *io, const char *mountable,
                   const char *mountpoint, struct gl_err *err)
{
  if (!gl_guest_writable (io))
    return unsupported (io, "mount read-write", err);
  gl_guest_memo_forget (io, mountpoint);
  return CALL (io, mount, err, mountable, mountpoint, false);
}

int
gl_guest_umount_all (struct gl_guest_io *io, struct gl_err *err)
{
  gl_guest_memo_forget (io, "/");
  return io->ops->umount_all (io, err);
}

/* --- Probes: remembered answers first (guest-memo.h), then the
 * implementation. --- */

static bool
probe (struct gl_guest_io *io, const char *path, enum gl_probe what)
{
  int known = gl_guest_memo_lookup (io, path, what);
  if (known >= 0)
    return known;
  int r = io->ops->probe (io, path, what);
  /* An error (not "no") is not remembered: it may not happen again. */
  if (r >= 0)
    gl_guest_memo_store (io, path, what, r > 0);
  return r > 0;
}

bool
gl_guest_is_file (struct gl_guest_io *io, const char *path)
{
  return probe (io, path, GL_PROBE_FILE);
}

bool
gl_guest_is_dir (struct gl_guest_io *io, const char *path)
{
  return probe (io, path, GL_PROBE_DIR);
}

bool
gl_guest_exists (struct gl_guest_io *io, const char *path)
{
  return probe (io, path, GL_PROBE_EXISTS);
}

bool
gl_guest_is_symlink (struct gl_guest_io *io, const char *path)
{
  return probe (io, path, GL_PROBE_SYMLINK);
}

/* --- Reads --- */

int
gl_guest_filesize (struct gl_guest_io *io, const char *path, uint64_t *size,
                   struct gl_err *err)
{
  return CALL (io, filesize, err, path, size);
}

static char *
read_host_file (const char *path, size_t max, size_t *len)
{
  size_t n;
  char *buf = gl_read_file (path, max, GL_READ_REGULAR, &n, NULL);
  if (buf && len)
    *len = n;
  return buf;
}

/* The size of a file found larger than the bound (at least `over`). */
static uint64_t
size_over (struct gl_guest_io *io, const char *path, uint64_t over)
{
  uint64_t size;
  if (io->ops->filesize (io, path, &size, NULL) == 0 && size >= over)
    return size;
  return over;
}

/* A file larger than the implementation likes to pread, through a host
 * copy. */
static char *
read_by_download (struct gl_guest_io *io, const char *path, size_t max, size_t *len)
{
  CLEANUP_FREE char *tmpl = gl_run_tmpdir ();
  if (!tmpl)
    return NULL;
  CLEANUP_FREE char *host = gl_guest_download (io, path, max, tmpl, NULL);
  char *buf = host ? read_host_file (host, max, len) : NULL;
  gl_run_tmpdir_remove (tmpl);
  return buf;
}

char *
gl_guest_read_sized (struct gl_guest_io *io, const char *path, size_t max,
                     size_t *len, uint64_t *too_large)
{
  *too_large = 0;
  /* Regular files only: a device node or FIFO in a hostile guest must not
   * be read. */
  if (!gl_guest_is_file (io, path))
    return NULL;
  uint64_t above = io->ops->download_above;
  if (above && max > above) {
    uint64_t size;
    if (io->ops->filesize (io, path, &size, NULL) == -1)
      return NULL;
    if (size > max) {
      *too_large = size;
      return NULL;
    }
    if (size > above)
      return read_by_download (io, path, max, len);
  }
  const size_t chunk = io->ops->pread_max;
  char *buf = NULL;
  size_t total = 0;
  for (;;) {
    /* Never more than one byte past the bound: a 2 GiB file costs what
     * its first max + 1 bytes cost. */
    size_t want = max - total + 1 < chunk ? max - total + 1 : chunk;
    char *nb = realloc (buf, total + want + 1);
    if (!nb) {
      free (buf);
      return NULL;
    }
    buf = nb;
    size_t n = 0;
    if (io->ops->pread (io, path, buf + total, want, total, &n, NULL) == -1 ||
        n > want) {
      free (buf);
      return NULL;
    }
    if (total + n > max) {
      free (buf);
      *too_large = size_over (io, path, (uint64_t) total + n);
      return NULL;
    }
    total += n;
    buf[total] = '\0';
    if (n < want)
      break;
  }
  if (len)
    *len = total;
  return buf;
}

char *
gl_guest_read (struct gl_guest_io *io, const char *path, size_t max, size_t *len)
{
  uint64_t too_large;
  return gl_guest_read_sized (io, path, max, len, &too_large);
}

int
gl_guest_read_head (struct gl_guest_io *io, const char *path, void *buf,
                    size_t count, size_t *got)
{
  *got = 0;
  if (!gl_guest_is_file (io, path))
    return -1;
  if (count > io->ops->pread_max)
    count = io->ops->pread_max;
  return io->ops->pread (io, path, buf, count, 0, got, NULL) == -1 || *got > count
    ? -1 : 0;
}

/* No download op: copy with pread. */
static int
copy_by_pread (struct gl_guest_io *io, const char *path, const char *host_path,
               struct gl_err *err)
{
  int fd = open (host_path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd == -1)
    return gl_err_errno (err, "%s", host_path);
  const size_t chunk = io->ops->pread_max;
  CLEANUP_FREE char *buf = malloc (chunk);
  int r = buf ? 0 : gl_err_set (err, ENOMEM, "out of memory");
  for (uint64_t off = 0; r == 0; ) {
    size_t n = 0;
    if (io->ops->pread (io, path, buf, chunk, off, &n, err) == -1)
      r = -1;
    else if (n > chunk)
      r = gl_err_set (err, EIO, "read more than asked");
    else if (n == 0)
      break;
    else if (write (fd, buf, n) != (ssize_t) n)
      r = gl_err_errno (err, "%s", host_path);
    off += n;
  }
  if (close (fd) == -1 && r == 0)
    r = gl_err_errno (err, "%s", host_path);
  return r;
}

int
gl_guest_copy_out (struct gl_guest_io *io, const char *path, const char *host_path,
                   struct gl_err *err)
{
  if (io->ops->download)
    return io->ops->download (io, path, host_path, err);
  return copy_by_pread (io, path, host_path, err);
}

char *
gl_guest_download (struct gl_guest_io *io, const char *path, size_t max,
                   const char *tmpdir, struct gl_err *err)
{
  /* A name of its own in tmpdir, whoever else downloads there. */
  char *host = gl_printf ("%s/dl-XXXXXX", tmpdir);
  int fd = host ? mkstemp (host) : -1;
  if (fd == -1) {
    gl_err_errno (err, "%s: a file in %s", path, tmpdir);
    free (host);
    return NULL;
  }
  close (fd);
  if (gl_guest_copy_out_bounded (io, path, host, max, err) == -1) {
    unlink (host);
    free (host);
    return NULL;
  }
  return host;
}

int
gl_guest_copy_out_bounded (struct gl_guest_io *io, const char *path,
                           const char *host_path, uint64_t max, struct gl_err *err)
{
  uint64_t size;
  CLEANUP_ERR struct gl_err e = GL_ERR_INIT;
  if (io->ops->filesize (io, path, &size, &e) == -1)
    return gl_err_set (err, e.errnum, "%s: %s", path, gl_err_msg (&e, "cannot read"));
  if (size > max) {
    CLEANUP_FREE char *why = gl_too_large (path, size, max);
    return gl_err_set (err, EFBIG, "%s", why ? why : "too large");
  }
  gl_err_clear (&e);
  if (gl_guest_copy_out (io, path, host_path, &e) == -1)
    return gl_err_set (err, e.errnum, "%s: %s", path, gl_err_msg (&e, "cannot copy it out"));
  return 0;
}

/* --- Listings --- */

char **
gl_guest_glob (struct gl_guest_io *io, const char *dir, const char *pattern,
               struct gl_err *err)
{
  return CALL_LIST (io, glob, err, dir, pattern);
}

char **
gl_guest_list_all (struct gl_guest_io *io, const char *dir, struct gl_err *err)
{
  /* Every name but "." and "..": plain names, ".x...", "..x...". */
  return gl_guest_glob (io, dir, "{*,.[!.]*,..?*}", err);
}

char **
gl_guest_ls (struct gl_guest_io *io, const char *dir, size_t max_entries)
{
  if (!gl_guest_is_dir (io, dir))
    return NULL;
  char **names = gl_guest_list_all (io, dir, NULL);
  if (!names)
    return NULL;
  size_t n = gl_string_list_length (names);
  if (n <= max_entries)
    gl_guest_memo_store_listing (io, dir, names);   /* complete: worth keeping */
  else {
    for (size_t i = max_entries; i < n; ++i)
      free (names[i]);
    names[max_entries] = NULL;
  }
  return names;
}

char *
gl_guest_readlink (struct gl_guest_io *io, const char *path)
{
  if (!probe (io, path, GL_PROBE_SYMLINK) || !io->ops->readlink)
    return NULL;
  return io->ops->readlink (io, path, NULL);
}

char *
gl_guest_realpath (struct gl_guest_io *io, const char *path, struct gl_err *err)
{
  if (!io->ops->realpath) {
    unsupported (io, "realpath", err);
    return NULL;
  }
  return io->ops->realpath (io, path, err);
}

char *
gl_guest_case_sensitive_path (struct gl_guest_io *io, const char *path)
{
  return io->ops->case_sensitive_path
    ? io->ops->case_sensitive_path (io, path, NULL) : NULL;
}

/* --- Writes --- */

bool
gl_guest_writable (const struct gl_guest_io *io)
{
  return io->ops->write != NULL;
}

#define WRITE_OP(io, op, err, ...)                                      \
  ((io)->ops->write && (io)->ops->write->op                             \
   ? (io)->ops->write->op ((io), __VA_ARGS__, (err))                    \
   : unsupported ((io), #op, (err)))

int
gl_guest_sync (struct gl_guest_io *io, struct gl_err *err)
{
  return io->ops->write && io->ops->write->sync ? io->ops->write->sync (io, err)
    : unsupported (io, "sync", err);
}

int
gl_guest_write_file (struct gl_guest_io *io, const char *path, const char *data,
                     size_t len, struct gl_err *err)
{
  return WRITE_OP (io, write_file, err, path, data, len);
}

int
gl_guest_symlink (struct gl_guest_io *io, const char *target, const char *linkname,
                  struct gl_err *err)
{
  return WRITE_OP (io, symlink, err, target, linkname);
}

int
gl_guest_rm (struct gl_guest_io *io, const char *path, struct gl_err *err)
{
  return WRITE_OP (io, rm, err, path);
}

int
gl_guest_touch (struct gl_guest_io *io, const char *path, struct gl_err *err)
{
  return WRITE_OP (io, touch, err, path);
}

enum gl_guest_command_end
gl_guest_command (struct gl_guest_io *io, char *const *argv, int seconds,
                  char **out, struct gl_err *err)
{
  *out = NULL;
  if (!io->ops->write || !io->ops->write->command) {
    unsupported (io, "command", err);
    return GL_COMMAND_NOT_RUN;
  }
  return io->ops->write->command (io, argv, seconds, out, err);
}
