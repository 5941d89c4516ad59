/* guestlift: open, mount and close the guest being converted (see
 * session.h). */
#include <config.h>

#include <ctype.h>
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cleanup.h"
#include "drive-name.h"
#include "error.h"
#include "guest-io.h"
#include "guest-io-appliance.h"
#include "run-files.h"
#include "session.h"

/* "/dev/sdb2" (canonical: disk index 1, partition 2) -> the appliance's
 * name for that partition; other names (LVs, /dev/mapper) unchanged. */
static char *
appliance_device (const char *dev, char *const *devices)
{
  unsigned idx, part;
  if (gl_drive_parse (dev, "/dev/sd", &idx, &part) == 0
      && idx < gl_string_list_length (devices)) {
    char num[16] = "";
    if (part)
      snprintf (num, sizeof num, "%u", part);
    return gl_printf ("%s%s", devices[idx], num);
  }
  return strdup (dev);
}

/* Mount order: "/" first, then by depth ("/boot" before "/boot/efi"). */
static int
cmp_mp (const void *a, const void *b)
{
  const struct gl_mountpoint *x = a, *y = b;
  size_t dx = 0, dy = 0;
  for (const char *p = x->mountpoint; *p; ++p) dx += *p == '/';
  for (const char *p = y->mountpoint; *p; ++p) dy += *p == '/';
  if (strcmp (x->mountpoint, "/") == 0) dx = 0;
  if (strcmp (y->mountpoint, "/") == 0) dy = 0;
  if (dx != dy)
    return dx < dy ? -1 : 1;
  return strcmp (x->mountpoint, y->mountpoint);
}

/* Mount DEV (a report name) on MP: -1 with *err only when "/" or /boot
 * cannot be mounted (the others get a warning). */
static int
mount_one (struct gl_guest_io *io, char *const *devices, const char *dev,
           const char *mp, bool readonly, char **err)
{
  CLEANUP_FREE char *adev = appliance_device (dev, devices);
  if (!adev) {
    *err = gl_printf ("out of memory");
    return -1;
  }
  bool vital = strcmp (mp, "/") == 0 || strcmp (mp, "/boot") == 0;
  /* mount works inside the appliance's /sysroot only: a hostile
   * mountpoint cannot lead out of the guest (a symlink is no directory
   * here: not followed). */
  if (!vital && (!gl_guest_is_dir (io, mp) || gl_guest_is_symlink (io, mp))) {
    gl_warning (mp, "no such directory in the guest: %s not mounted", adev);
    return 0;
  }
  CLEANUP_ERR struct gl_err e = GL_ERR_INIT;
  int r = readonly ? gl_guest_mount_ro (io, adev, mp, &e)
    : gl_guest_mount_rw (io, adev, mp, &e);
  if (r == -1) {
    const char *why = gl_err_msg (&e, "?");
    if (vital) {
      *err = gl_printf ("cannot mount %s on %s: %s", adev, mp, why);
      return -1;
    }
    gl_warning (mp, "cannot mount %s: %s", adev, why);
  }
  return 0;
}

static int
mount_guest (struct gl_guest_io *io, const struct gl_os *os, bool readonly,
             char **err)
{
  CLEANUP_ERR struct gl_err e = GL_ERR_INIT;
  CLEANUP_FREE_STRING_LIST char **devices = gl_guest_list_devices (io, &e);
  if (!devices) {
    *err = gl_printf ("cannot list the disks: %s", gl_err_msg (&e, "?"));
    return -1;
  }
  /* LVM: the guest is alone in this handle, so its volume group names
   * are unique here. */
  gl_guest_lvm_activate_all (io, NULL);

  size_t n = os->mountpoints.len;
  CLEANUP_FREE struct gl_mountpoint *mps = calloc (n ? n : 1, sizeof *mps);
  if (!mps) {
    *err = gl_printf ("out of memory");
    return -1;
  }
  if (n)
    memcpy (mps, os->mountpoints.ptr, n * sizeof *mps);
  qsort (mps, n, sizeof *mps, cmp_mp);
  if ((n == 0 || strcmp (mps[0].mountpoint, "/") != 0) &&
      mount_one (io, devices, os->root, "/", readonly, err) == -1)
    return -1;
  for (size_t i = 0; i < n; ++i)
    if (mps[i].mountpoint[0] == '/' &&
        mount_one (io, devices, mps[i].device, mps[i].mountpoint, readonly, err) == -1)
      return -1;
  return 0;
}

struct gl_guest_io *
gl_session_open (const char *const *paths, const char *const *formats,
                 size_t n, const struct gl_os *os, bool readonly,
                 const struct gl_note_sink *note, char **err)
{
  /* A folder of this run's own for libguestfs (its overlays of read-only
   * disks go there), held while the run lives: a later run removes it if
   * this one is killed (common/utils/run-files.h); the handle removes it
   * when it is closed. */
  CLEANUP_FREE char *tmpdir = gl_run_tmpdir ();
  if (!tmpdir) {
    *err = gl_printf ("cannot make a temporary directory: %s", strerror (errno));
    return NULL;
  }
  CLEANUP_ERR struct gl_err e = GL_ERR_INIT;
  const struct gl_appliance_opts ao = {
    .tmpdir = tmpdir, .remove_tmpdir = true,
    .note = note ? *note : (struct gl_note_sink) { 0 },
  };
  struct gl_guest_io *io = gl_guest_io_appliance_open (&ao, &e);
  if (!io) {
    *err = gl_printf ("%s", gl_err_msg (&e, "?"));
    gl_run_tmpdir_remove (tmpdir);
    return NULL;
  }
  for (size_t i = 0; i < n; ++i)
    if (gl_guest_add_drive (io, paths[i], formats[i], readonly, &e) == -1) {
      *err = gl_printf ("%s: cannot add the disk: %s", paths[i], gl_err_msg (&e, "?"));
      gl_guest_io_close (io);
      return NULL;
    }
  if (gl_guest_launch (io, &e) == -1) {
    *err = gl_printf ("%s", gl_err_msg (&e, "?"));
    gl_guest_io_close (io);
    return NULL;
  }
  if (mount_guest (io, os, readonly, err) == -1) {
    gl_guest_io_close (io);
    return NULL;
  }
  return io;
}

int
gl_session_close (struct gl_guest_io *io, char **err)
{
  if (!io)
    return 0;
  int rc = 0;
  CLEANUP_ERR struct gl_err e = GL_ERR_INIT;
  if (gl_guest_writable (io))
    gl_guest_sync (io, NULL);
  if (gl_guest_umount_all (io, &e) == -1) {
    *err = gl_printf ("cannot unmount the guest: %s", gl_err_msg (&e, "?"));
    rc = -1;
  }
  if (gl_guest_shutdown (io, &e) == -1 && rc == 0) {
    *err = gl_printf ("the appliance did not shut down cleanly (writes may be lost): %s",
                      gl_err_msg (&e, "?"));
    rc = -1;
  }
  gl_guest_io_close (io);
  return rc;
}

int
gl_session_download (struct gl_guest_io *io, const char *guest_path,
                     const char *host_path, long long max, char **err)
{
  if (!gl_guest_is_file (io, guest_path)) {
    *err = gl_printf ("%s: not a regular file in the guest", guest_path);
    return -1;
  }
  uint64_t size;
  bool known = gl_guest_filesize (io, guest_path, &size, NULL) == 0;
  if (!known || size > (uint64_t) max) {
    *err = gl_printf ("%s: %s", guest_path, !known ? "cannot read its size" : "too large");
    return -1;
  }
  CLEANUP_ERR struct gl_err e = GL_ERR_INIT;
  if (gl_guest_copy_out (io, guest_path, host_path, &e) == -1) {
    *err = gl_printf ("%s: cannot copy it out: %s", guest_path, gl_err_msg (&e, "?"));
    return -1;
  }
  return 0;
}
