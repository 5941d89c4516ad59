/* guestlift: open, mount and close one guest (see mount-session.h). */
#include <config.h>

#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cleanup.h"
#include "drive-name.h"
#include "error.h"
#include "guest-io-appliance.h"
#include "luks-open.h"
#include "mount-session.h"
#include "run-files.h"

/* The guest's own disk names: "/dev/sdb2" is its second disk's second
 * partition whatever the handle calls that disk. */
#define GUEST_PREFIX "/dev/sd"

/* "/dev/sdb2" (the guest's name) -> the handle's name for that
 * partition; other names (LVs, /dev/mapper) unchanged. */
static char *
handle_device (const char *dev, char *const *devices)
{
  unsigned idx, part;
  if (gl_drive_parse (dev, GUEST_PREFIX, &idx, &part) == 0
      && idx < gl_string_list_length (devices)) {
    char num[16] = "";
    if (part)
      snprintf (num, sizeof num, "%u", part);
    return gl_printf ("%s%s", devices[idx], num);
  }
  return strdup (dev);
}

/* The inverse: the handle's "/dev/sdb2" -> the guest's name. */
static char *
guest_device (const char *dev, char *const *devices)
{
  for (size_t i = 0; devices[i]; ++i) {
    size_t n = strlen (devices[i]);
    if (strncmp (dev, devices[i], n) != 0 || strspn (dev + n, "0123456789") != strlen (dev + n))
      continue;
    unsigned part = dev[n] ? (unsigned) strtoul (dev + n, NULL, 10) : 0;
    return gl_drive_name (GUEST_PREFIX, (unsigned) i, part);
  }
  return strdup (dev);
}

/* Open LUKS device DEV (the handle's name) if it is one and a key opens
 * it; *opened counts those opened.  -1 only when out of memory. */
static int
open_if_luks (struct gl_guest_io *io, const char *dev, char *const *devices,
              const struct gl_luks_keys *keys, size_t *opened, struct gl_err *err)
{
  struct gl_blkid b = { 0 };
  if (gl_guest_blkid (io, dev, &b, NULL) == -1)
    return 0;
  int r = 0;
  if (b.type && strcmp (b.type, "crypto_LUKS") == 0) {
    CLEANUP_FREE char *name = guest_device (dev, devices);
    CLEANUP_FREE char *mapped = NULL;
    size_t tried;
    if (!name)
      r = gl_err_set (err, ENOMEM, "out of memory");
    else if (gl_luks_open_keyed (io, dev, name, b.uuid, keys, &mapped, &tried, err) == -1)
      r = -1;
    else if (mapped)
      ++*opened;
    else
      gl_debug ("%s: encrypted (LUKS): %s", name,
                tried ? "no key given for it opens it" : "no key given for it");
  }
  gl_blkid_free (&b);
  return r;
}

/* The guest's LUKS devices (partitions, whole disks, logical volumes)
 * that the keys open; then the volume groups on them.  A device no key
 * opens stays closed: what lies in it does not mount, which the mount
 * of "/" or /boot then says. */
static int
open_luks (struct gl_guest_io *io, char *const *devices,
           const struct gl_luks_keys *keys, struct gl_err *err)
{
  CLEANUP_FREE_STRING_LIST char **parts = gl_guest_list_partitions (io, NULL);
  CLEANUP_FREE_STRING_LIST char **lvs = gl_guest_lvs (io, NULL);
  char *const *lists[] = { devices, parts, lvs };
  size_t opened = 0;
  for (size_t l = 0; l < sizeof lists / sizeof lists[0]; ++l)
    for (size_t i = 0; lists[l] && lists[l][i]; ++i)
      if (open_if_luks (io, lists[l][i], devices, keys, &opened, err) == -1)
        return -1;
  if (opened)
    gl_guest_lvm_rescan (io, NULL);
  return 0;
}

/* --- The tree --- */

/* Mount order: "/" first, then by depth ("/boot" before "/boot/efi"). */
static size_t
depth (const char *mp)
{
  size_t d = 0;
  if (strcmp (mp, "/") != 0)
    for (const char *p = mp; *p; ++p)
      d += *p == '/';
  return d;
}

/* A mount with its place in the caller's list (equal depths keep it). */
struct ordered_mount {
  const struct gl_mount_want *want;
  size_t depth, index;
};

static int
cmp_depth (const void *a, const void *b)
{
  const struct ordered_mount *x = a, *y = b;
  if (x->depth != y->depth)
    return x->depth < y->depth ? -1 : 1;
  return (x->index > y->index) - (x->index < y->index);
}

static bool
is_vital (const struct gl_mount_tree *t, const char *mp)
{
  for (const char *const *v = t->vital; v && *v; ++v)
    if (strcmp (*v, mp) == 0)
      return true;
  return false;
}

/* Mount DEV (the handle's name) on MP: 1 mounted, 0 left out (a
 * warning), -1 with err when MP is vital. */
static int
mount_one (struct gl_guest_io *io, const struct gl_mount_tree *t,
           const char *dev, const char *mp, struct gl_err *err)
{
  bool vital = is_vital (t, mp);
  /* mount works inside the tree only: a hostile mountpoint cannot lead
   * out of the guest (a symlink is no directory here unless the tree
   * says so: not followed). */
  if (!vital && (!gl_guest_is_dir (io, mp) ||
                 (!t->through_symlinks && gl_guest_is_symlink (io, mp)))) {
    gl_note (&t->note, GL_NOTE_WARNING, "%s: no such directory in the guest: "
             "%s not mounted", mp, dev);
    return 0;
  }
  CLEANUP_ERR struct gl_err e = GL_ERR_INIT;
  int r = t->readonly ? gl_guest_mount_ro (io, dev, mp, &e)
    : gl_guest_mount_rw (io, dev, mp, &e);
  if (r == 0)
    return 1;
  const char *why = gl_err_msg (&e, "?");
  if (vital)
    return gl_err_set (err, e.errnum, "cannot mount %s on %s: %s", dev, mp, why);
  gl_note (&t->note, GL_NOTE_WARNING, "%s: cannot mount %s: %s", mp, dev, why);
  return 0;
}

int
gl_mount_tree (struct gl_guest_io *io, const struct gl_mount_tree *t,
               struct gl_err *err)
{
  size_t n = 0;
  bool has_root = false;
  CLEANUP_FREE struct ordered_mount *m = calloc (t->n_mounts + 1, sizeof *m);
  if (!m)
    return gl_err_set (err, ENOMEM, "out of memory");
  for (size_t i = 0; i < t->n_mounts; ++i) {
    const char *mp = t->mounts[i].mountpoint;
    if (mp[0] != '/')
      continue;
    has_root |= strcmp (mp, "/") == 0;
    m[n++] = (struct ordered_mount) { &t->mounts[i], depth (mp), i };
  }
  qsort (m, n, sizeof *m, cmp_depth);

  int mounted = 0;
  if (!has_root && t->root) {
    int r = mount_one (io, t, t->root, "/", err);
    if (r == -1)
      return -1;
    mounted += r;
  }
  for (size_t i = 0; i < n; ++i) {
    int r = mount_one (io, t, m[i].want->device, m[i].want->mountpoint, err);
    if (r == -1)
      return -1;
    mounted += r;
  }
  return mounted;
}

/* --- The session --- */

static const char *const vital_mounts[] = { "/", "/boot", NULL };

static bool
wanted (const struct gl_mount_spec *s, const char *mp)
{
  if (!s->only)
    return true;
  for (const char *const *o = s->only; *o; ++o)
    if (strcmp (*o, mp) == 0)
      return true;
  return false;
}

/* Mountpoints of equal depth are mounted by name (a warning's place in
 * the output does not follow the report's order). */
static int
cmp_mountpoint (const void *a, const void *b)
{
  const struct gl_mount_want *x = a, *y = b;
  return strcmp (x->mountpoint, y->mountpoint);
}

/* The mounts the spec wants, under the handle's device names. */
static int
mount_guest_tree (struct gl_guest_io *io, const struct gl_mount_spec *s,
                  char *const *devices, struct gl_err *err)
{
  CLEANUP_FREE struct gl_mount_want *m = calloc (s->n_mounts + 1, sizeof *m);
  /* The handle's names, owned here (NULL-ended). */
  CLEANUP_FREE_STRING_LIST char **names = calloc (s->n_mounts + 1, sizeof *names);
  CLEANUP_FREE char *root = s->root ? handle_device (s->root, devices) : NULL;
  if (!m || !names || (s->root && !root))
    return gl_err_set (err, ENOMEM, "out of memory");
  size_t n = 0;
  for (size_t i = 0; i < s->n_mounts; ++i) {
    const struct gl_mount_want *w = &s->mounts[i];
    if (!wanted (s, w->mountpoint))
      continue;
    if (!(names[n] = handle_device (w->device, devices)))
      return gl_err_set (err, ENOMEM, "out of memory");
    m[n] = (struct gl_mount_want) { w->mountpoint, names[n] };
    n++;
  }
  qsort (m, n, sizeof *m, cmp_mountpoint);
  const struct gl_mount_tree tree = {
    .root = root, .mounts = m, .n_mounts = n, .readonly = s->readonly,
    .vital = vital_mounts, .note = s->note,
  };
  return gl_mount_tree (io, &tree, err) == -1 ? -1 : 0;
}

static int
mount_guest (struct gl_guest_io *io, const struct gl_mount_spec *s,
             struct gl_err *err)
{
  CLEANUP_ERR struct gl_err e = GL_ERR_INIT;
  CLEANUP_FREE_STRING_LIST char **devices = gl_guest_list_devices (io, &e);
  if (!devices)
    return gl_err_set (err, e.errnum, "cannot list the disks: %s", gl_err_msg (&e, "?"));
  /* LVM: the guest is alone in this handle, so its volume group names
   * are unique here. */
  gl_guest_lvm_activate_all (io, NULL);
  if (s->keys && gl_luks_keys_any (s->keys) &&
      open_luks (io, devices, s->keys, err) == -1)
    return -1;
  return mount_guest_tree (io, s, devices, err);
}

struct gl_guest_io *
gl_mount_session_open (const struct gl_mount_spec *s, struct gl_err *err)
{
  if (!s->root && s->n_mounts == 0) {
    gl_err_set (err, EINVAL, "no root filesystem to mount");
    return NULL;
  }
  /* A folder of this run's own for libguestfs (its overlays of read-only
   * disks go there), held while the run lives: a later run removes it if
   * this one is killed (common/utils/run-files.h); the handle removes it
   * when it is closed. */
  CLEANUP_FREE char *tmpdir = gl_run_tmpdir ();
  if (!tmpdir) {
    gl_err_errno (err, "cannot make a temporary directory");
    return NULL;
  }
  const struct gl_appliance_opts ao = {
    .tmpdir = tmpdir, .remove_tmpdir = true, .note = s->note,
  };
  struct gl_guest_io *io = gl_guest_io_appliance_open (&ao, err);
  if (!io) {
    gl_run_tmpdir_remove (tmpdir);
    return NULL;
  }
  for (size_t i = 0; i < s->n; ++i)
    if (gl_guest_add_drive (io, s->paths[i], s->formats[i], s->readonly, err) == -1) {
      gl_err_prefix (err, "%s: cannot add the disk", s->paths[i]);
      gl_guest_io_close (io);
      return NULL;
    }
  if (gl_guest_launch (io, err) == -1 || mount_guest (io, s, err) == -1) {
    gl_guest_io_close (io);
    return NULL;
  }
  return io;
}

int
gl_mount_session_close (struct gl_guest_io *io, struct gl_err *err)
{
  if (!io)
    return 0;
  int rc = 0;
  CLEANUP_ERR struct gl_err e = GL_ERR_INIT;
  if (gl_guest_writable (io))
    gl_guest_sync (io, NULL);
  if (gl_guest_umount_all (io, &e) == -1)
    rc = gl_err_set (err, e.errnum, "cannot unmount the guest: %s", gl_err_msg (&e, "?"));
  if (gl_guest_shutdown (io, &e) == -1 && rc == 0)
    rc = gl_err_set (err, e.errnum, "the appliance did not shut down cleanly "
                     "(writes may be lost): %s", gl_err_msg (&e, "?"));
  gl_guest_io_close (io);
  return rc;
}

int
gl_mount_session_copy_out (struct gl_guest_io *io, const char *guest_path,
                           const char *host_path, uint64_t max, struct gl_err *err)
{
  CLEANUP_ERR struct gl_err e = GL_ERR_INIT;
  CLEANUP_FREE char *real = gl_guest_realpath (io, guest_path, &e);
  if (!real)
    return gl_err_set (err, e.errnum, "%s: %s", guest_path, gl_err_msg (&e, "not found"));
  if (!gl_guest_is_file (io, real))
    return gl_err_set (err, EINVAL, "%s: not a regular file in the guest", guest_path);
  return gl_guest_copy_out_bounded (io, real, host_path, max, err);
}
