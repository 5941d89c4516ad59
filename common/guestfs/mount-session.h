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

/* A guest's tree to mount in a handle that holds it already (launched,
 * its LVM active): the session's and inspection's one way of mounting
 * filesystems below "/".  Devices are the HANDLE's names (those of its
 * listings; in a handle shared by several guests, not the guest's own). */
struct gl_mount_tree {
  /* Mounted on "/" first when MOUNTS has no "/"; NULL: something is
   * mounted on "/" already. */
  const char *root;
  const struct gl_mount_want *mounts;  /* mountpoints not starting with '/' are skipped */
  size_t n_mounts;
  bool readonly;
  /* Mountpoints that must mount (NULL-ended; NULL: none): their mount is
   * tried whatever they are, and its failure is the error.  The others
   * are mounted only on a directory of the tree; left out, they are a
   * warning. */
  const char *const *vital;
  /* A mountpoint that is a symlink to a directory is mounted through
   * (read-only inspection: the mount follows it as the appliance's
   * mount(8) does); false: it is left out like one that is no directory,
   * so that a hostile symlink cannot lead a mount out of the guest. */
  bool through_symlinks;
  /* Where the warnings go (each names its mountpoint and device). */
  struct gl_note_sink note;
};

/* Mount TREE in IO: "/" first, then the others by depth ("/boot" before
 * "/boot/efi"), those of equal depth in the order given (a mountpoint
 * given twice: the later is mounted over the earlier).  How many were
 * mounted ("/" included), or -1 with err when a vital one was not (or
 * out of memory). */
int gl_mount_tree (struct gl_guest_io *io, const struct gl_mount_tree *tree,
                   struct gl_err *err);

/* Open the handle, add the disks, launch, activate LVM, open the LUKS
 * devices the keys open (then LVM again: LVM on LUKS), and mount the
 * tree (gl_mount_tree, the mountpoints of equal depth by name).  "/"
 * and "/boot" must mount (else an error naming them); another
 * mountpoint that cannot be mounted, or is no directory of the tree (or
 * a symlink), is a warning.  The handle, or NULL with err. */
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
