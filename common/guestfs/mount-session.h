/* guestlift: the mount session -- ONE guest's disks in one guest I/O
 * handle (the appliance: guest-io-appliance.h), its LVM activated, its
 * LUKS devices opened with the user's keys (luks-open.h), its tree
 * mounted where the caller's inspection says, read-only or read-write,
 * and a checked close.  convert (the guest it edits or plans for) and
 * launch (the kernel it copies out) open guests only this way.
 *
 * This room knows no report: the caller passes the facts it has (the
 * root, the mountpoints) as plain names.  Device names are the guest's
 * own, as if its disks were alone (/dev/sda1 = the first disk's first
 * partition; /dev/VG/LV; /dev/mapper/luks-UUID for an opened LUKS
 * device), which is how inspection reports them.
 */
#ifndef GUESTLIFT_MOUNT_SESSION_H
#define GUESTLIFT_MOUNT_SESSION_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "err.h"
#include "guest-io.h"
#include "luks-keys.h"
#include "note.h"

/* DEVICE (the guest's own name) mounted on MOUNTPOINT. */
struct gl_mount_want {
  const char *mountpoint;
  const char *device;
};

struct gl_mount_spec {
  const char *const *paths;     /* the guest's disks, in order */
  const char *const *formats;   /* each one's format (never probed) */
  size_t n;
  bool readonly;                /* the disks, their LUKS devices, the mounts */
  const char *root;             /* mounted on "/" when MOUNTS has no "/" */
  const struct gl_mount_want *mounts;
  size_t n_mounts;
  /* NULL: every mount; else only the mountpoints listed (NULL-ended). */
  const char *const *only;
  const struct gl_luks_keys *keys;  /* NULL or none: no LUKS device opened */
  /* What the user must see: TCG chosen, a launch retried, a mount left
   * out (a warning naming its mountpoint). */
  struct gl_note_sink note;
};

/* Open the handle, add the disks, launch, activate LVM, open the LUKS
 * devices the keys open (then LVM again: LVM on LUKS), mount "/" first,
 * then the others by depth.  "/" and "/boot" must mount (else an error
 * naming them); another mountpoint that cannot be mounted, or is no
 * directory of the tree, is a warning.  The handle, or NULL with err. */
struct gl_guest_io *gl_mount_session_open (const struct gl_mount_spec *spec,
                                           struct gl_err *err);

/* Unmount, shut the appliance down (which flushes every write to the
 * disks: its result is checked) and close.  0, or -1 with err.  IO may
 * be NULL (0). */
int gl_mount_session_close (struct gl_guest_io *io, struct gl_err *err);

/* Copy the guest file GUEST_PATH (its symlinks resolved inside the
 * guest) of at most MAX bytes to HOST_PATH (created or truncated),
 * with gl_guest_copy_out_bounded.  0, or -1 with err naming the file. */
int gl_mount_session_copy_out (struct gl_guest_io *io, const char *guest_path,
                               const char *host_path, uint64_t max,
                               struct gl_err *err);

#endif
