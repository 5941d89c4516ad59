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

#include <guestfs.h>

#include "appliance.h"
#include "cleanup.h"
#include "drive-name.h"
#include "error.h"
#include "guest-io.h"
#include "run-files.h"
#include "session.h"

/* First line of a libguestfs error (they can run to several). */
static char *
first_line (const char *msg)
{
  return strndup (msg, strcspn (msg, "\n"));
}

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
mount_one (guestfs_h *g, char *const *devices, const char *dev, const char *mp,
           bool readonly, char **err)
{
  CLEANUP_FREE char *adev = appliance_device (dev, devices);
  if (!adev) {
    *err = gl_printf ("out of memory");
    return -1;
  }
  bool vital = strcmp (mp, "/") == 0 || strcmp (mp, "/boot") == 0;
  /* mount works inside the appliance's /sysroot only: a hostile
   * mountpoint cannot lead out of the guest. */
  if (!vital && guestfs_is_dir (g, mp) <= 0) {
    gl_warning (mp, "no such directory in the guest: %s not mounted", adev);
    return 0;
  }
  int r = readonly ? guestfs_mount_ro (g, adev, mp) : guestfs_mount (g, adev, mp);
  if (r == -1) {
    CLEANUP_FREE char *why = first_line (gl_guestfs_error (g));
    if (vital) {
      *err = gl_printf ("cannot mount %s on %s: %s", adev, mp, why ? why : "?");
      return -1;
    }
    gl_warning (mp, "cannot mount %s: %s", adev, why ? why : "?");
  }
  return 0;
}

static int
mount_guest (guestfs_h *g, const struct gl_os *os, bool readonly, char **err)
{
  CLEANUP_FREE_STRING_LIST char **devices = guestfs_list_devices (g);
  if (!devices) {
    *err = gl_printf ("cannot list the disks: %s", gl_guestfs_error (g));
    return -1;
  }
  /* LVM: the guest is alone in this appliance, so its volume group names
   * are unique here. */
  CLEANUP_FREE_STRING_LIST char **pvs = guestfs_pvs (g);
  if (pvs && pvs[0])
    guestfs_vg_activate_all (g, 1);

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
      mount_one (g, devices, os->root, "/", readonly, err) == -1)
    return -1;
  for (size_t i = 0; i < n; ++i)
    if (mps[i].mountpoint[0] == '/' &&
        mount_one (g, devices, mps[i].device, mps[i].mountpoint, readonly, err) == -1)
      return -1;
  return 0;
}

/* Close G and remove its private temporary folder. */
static void
close_handle (guestfs_h *g)
{
  CLEANUP_FREE char *tmpdir = guestfs_get_tmpdir (g);
  guestfs_close (g);
  gl_run_tmpdir_remove (tmpdir);
}

guestfs_h *
gl_session_open (const char *const *paths, const char *const *formats,
                 size_t n, const struct gl_os *os, bool readonly, char **err)
{
  guestfs_h *g = gl_appliance_open (err);
  if (!g)
    return NULL;
  /* A folder of this run's own for libguestfs (its overlays of read-only
   * disks go there), held while the run lives: a later run removes it if
   * this one is killed (common/utils/run-files.h). */
  CLEANUP_FREE char *tmpdir = gl_run_tmpdir ();
  if (!tmpdir || guestfs_set_tmpdir (g, tmpdir) == -1) {
    *err = gl_printf ("cannot make a temporary directory: %s",
                      tmpdir ? gl_guestfs_error (g) : strerror (errno));
    guestfs_close (g);
    gl_run_tmpdir_remove (tmpdir);
    return NULL;
  }
  for (size_t i = 0; i < n; ++i)
    if (gl_appliance_add_drive (g, paths[i], formats[i], readonly) == -1) {
      CLEANUP_FREE char *why = first_line (gl_guestfs_error (g));
      *err = gl_printf ("%s: cannot add the disk: %s", paths[i], why ? why : "?");
      close_handle (g);
      return NULL;
    }
  if (gl_appliance_launch (g, err) == -1) {
    close_handle (g);
    return NULL;
  }
  if (mount_guest (g, os, readonly, err) == -1) {
    close_handle (g);
    return NULL;
  }
  return g;
}

int
gl_session_close (guestfs_h *g, char **err)
{
  if (!g)
    return 0;
  int rc = 0;
  guestfs_sync (g);
  if (guestfs_umount_all (g) == -1) {
    CLEANUP_FREE char *why = first_line (gl_guestfs_error (g));
    *err = gl_printf ("cannot unmount the guest: %s", why ? why : "?");
    rc = -1;
  }
  if (guestfs_shutdown (g) == -1 && rc == 0) {
    CLEANUP_FREE char *why = first_line (gl_guestfs_error (g));
    *err = gl_printf ("the appliance did not shut down cleanly (writes may be lost): %s",
                      why ? why : "?");
    rc = -1;
  }
  close_handle (g);
  return rc;
}

int
gl_session_download (guestfs_h *g, const char *guest_path,
                     const char *host_path, long long max, char **err)
{
  if (!gl_guest_is_file (g, guest_path)) {
    *err = gl_printf ("%s: not a regular file in the guest", guest_path);
    return -1;
  }
  int64_t size = guestfs_filesize (g, guest_path);
  if (size < 0 || size > max) {
    *err = gl_printf ("%s: %s", guest_path, size < 0 ? "cannot read its size" : "too large");
    return -1;
  }
  if (guestfs_download (g, guest_path, host_path) == -1) {
    CLEANUP_FREE char *why = first_line (gl_guestfs_error (g));
    *err = gl_printf ("%s: cannot copy it out: %s", guest_path, why ? why : "?");
    return -1;
  }
  return 0;
}
