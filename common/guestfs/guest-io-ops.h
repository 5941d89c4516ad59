/* guestlift: the guest I/O ops table -- what an implementation of guest
 * I/O provides (guest-io.h is what its users call).
 *
 * One implementation today: the libguestfs appliance (guest-io-appliance.c).
 * A second one (a host-side reader of raw/qcow2 images: partition tables,
 * ext2/3/4, LVM2 linear volumes) is one new file that fills this table and
 * offers a constructor like gl_guest_io_appliance_open; nothing in
 * inspect/ changes.
 *
 * The contract every implementation keeps:
 *  - Guest data is hostile.  Paths are absolute paths of the guest's
 *    mounted tree (what mount put where); symlinks are resolved inside
 *    that tree, never on the host.  Nothing is read past the sizes asked.
 *  - Answers are exact: a "no" from probe means the path is not there (or
 *    is not of that kind), never "I cannot tell" (that is -1).
 *  - A failing op returns -1 (or NULL) and fills ERR (may be NULL) with a
 *    one-line cause that does not repeat the op's arguments unless the
 *    op's comment says so (callers add the context).
 *  - Returned strings and string lists are malloc'd (lists NULL-terminated,
 *    freed with gl_free_string_list).
 *  - Handles are used by one thread at a time; handles are independent
 *    (no state shared between them beyond the host's KVM answer).
 *
 * The generic layer (guest-io.c) adds what is the same for every
 * implementation: the bounds of guest-io.h's reads, the probe memo
 * (guest-memo.h), listing helpers, and the checks of these rules.
 */
#ifndef GUESTLIFT_GUEST_IO_OPS_H
#define GUESTLIFT_GUEST_IO_OPS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "err.h"
#include "guest-io.h"

struct gl_guest_memo;

/* The handle: implementations embed it as their first member and cast
 * back (container). */
struct gl_guest_io {
  const struct gl_guest_io_ops *ops;
  struct gl_guest_memo *memo;   /* NULL unless gl_guest_memo_enable */
};

struct gl_guest_io_ops {
  const char *name;             /* "appliance", for debug output */

  /* --- Reads: how the generic layer should read files --- */
  size_t pread_max;             /* largest count one pread answers */
  /* Files larger than this (when the caller allows them) are read with
   * download rather than preads; 0 = always pread. */
  uint64_t download_above;

  /* --- Disks and lifetime --- */
  /* Add an image (FORMAT given, never probed: "raw", "qcow2"...) before
   * launch; it becomes the next whole-disk device. */
  int (*add_drive) (struct gl_guest_io *io, const char *path, const char *format,
                    bool readonly, struct gl_err *err);
  int (*launch) (struct gl_guest_io *io, struct gl_err *err);
  /* Flush every write to the disks and stop, checked (a writer must call
   * it before close; for read-only disks it changes nothing). */
  int (*shutdown) (struct gl_guest_io *io, struct gl_err *err);
  /* Free the handle.  Whatever was not shut down is stopped at once,
   * nothing flushed. */
  void (*close) (struct gl_guest_io *io);

  /* --- Block devices ---
   * Device names are the implementation's own, in this shape: a whole
   * disk "/dev/sda" (any prefix), its partition N is the disk's name
   * followed by N (MBR logical partitions from 5, as Linux numbers them),
   * a logical volume "/dev/VG/LV"; mountables are device names or
   * "btrfsvol:DEV/SUBVOL".  Reports rename disks and partitions by disk
   * order (inspect/guest.c: "/dev/sda1" is the first disk's first
   * partition); LV names reach them as they are. */
  /* Whole disks, in the order they were added. */
  char **(*list_devices) (struct gl_guest_io *io, struct gl_err *err);
  /* Every partition of every disk (MBR with extended partitions, GPT). */
  char **(*list_partitions) (struct gl_guest_io *io, struct gl_err *err);
  /* Up to COUNT bytes of DEVICE (a whole disk or a partition) from its
   * start, into BUF (its boot sector); *got is how many.  May be NULL:
   * the implementation cannot read devices. */
  int (*read_device_head) (struct gl_guest_io *io, const char *device,
                           void *buf, size_t count, size_t *got,
                           struct gl_err *err);
  /* What blkid says of DEVICE: 1 with *out filled (type NULL when it has
   * no TYPE), -1 when it cannot be read. */
  int (*blkid) (struct gl_guest_io *io, const char *device,
                struct gl_blkid *out, struct gl_err *err);
  /* UUID and label of a mountable's filesystem (btrfsvol: too); NULL or
   * "" each when it has none. */
  int (*fs_ids) (struct gl_guest_io *io, const char *mountable,
                 char **uuid, char **label, struct gl_err *err);
  /* Paths of the subvolumes of the btrfs filesystem mounted at DIR. */
  char **(*btrfs_subvolumes) (struct gl_guest_io *io, const char *dir,
                              struct gl_err *err);

  /* --- LVM (volume groups on the added disks) --- */
  /* Active logical volumes, "/dev/VG/LV". */
  char **(*lvs) (struct gl_guest_io *io, struct gl_err *err);
  /* Volume group names (a name twice when two VGs share it). */
  char **(*vgs) (struct gl_guest_io *io, struct gl_err *err);
  /* UUIDs of VG's physical volumes (no dashes). */
  char **(*vg_pv_uuids) (struct gl_guest_io *io, const char *vg,
                         struct gl_err *err);
  /* LVM sees only DISKS (whole-disk devices, NULL-terminated): the VGs
   * on them are active, every other VG is not. */
  int (*lvm_scope) (struct gl_guest_io *io, char *const *disks,
                    struct gl_err *err);
  /* Activate every VG LVM sees (a handle holding one guest). */
  int (*lvm_activate_all) (struct gl_guest_io *io, struct gl_err *err);
  /* Scan for physical volumes that appeared since (on an opened LUKS
   * device) and activate their VGs.  May be NULL. */
  int (*lvm_rescan) (struct gl_guest_io *io, struct gl_err *err);
  /* --- Linux software RAID (md) and LUKS; each may be NULL --- */
  /* The md arrays assembled from the added disks ("/dev/md127"). */
  char **(*md_devices) (struct gl_guest_io *io, struct gl_err *err);
  /* An array's UUID as mdadm prints it (NULL if none) and how many
   * members it has when complete (0: unknown).  (Not its members' names:
   * the kernel's, which libguestfs renames in its own listings.) */
  int (*md_array) (struct gl_guest_io *io, const char *md, char **uuid,
                   size_t *ndevices, struct gl_err *err);
  /* Open the LUKS device DEVICE as /dev/mapper/MAPNAME with KEY:
   * read-only, or read-write on a handle some of whose disks were added
   * read-write (a read-only implementation: always read-only).  The key
   * must never be written anywhere (trace, debug output, the host's
   * process list). */
  int (*luks_open) (struct gl_guest_io *io, const char *device, const char *key,
                    const char *mapname, struct gl_err *err);

  /* --- Mounts: the guest's tree --- */
  /* Mount MOUNTABLE on MOUNTPOINT (a directory of the tree, "/" first).
   * A read-only implementation refuses readonly == false. */
  int (*mount) (struct gl_guest_io *io, const char *mountable,
                const char *mountpoint, bool readonly, struct gl_err *err);
  int (*umount_all) (struct gl_guest_io *io, struct gl_err *err);

  /* --- Paths in the mounted tree --- */
  /* Is PATH a regular file / a directory (symlinks followed) / a symlink
   * (not followed) / there at all?  1, 0, or -1 cannot tell. */
  int (*probe) (struct gl_guest_io *io, const char *path, enum gl_probe what);
  /* Size of the file PATH (symlinks followed). */
  int (*filesize) (struct gl_guest_io *io, const char *path, uint64_t *size,
                   struct gl_err *err);
  /* Up to COUNT (<= pread_max) bytes of PATH at OFFSET into BUF; *got
   * is how many (fewer only at the end of the file). */
  int (*pread) (struct gl_guest_io *io, const char *path, void *buf,
                size_t count, uint64_t offset, size_t *got, struct gl_err *err);
  /* Copy the whole file PATH to the host file HOST_PATH (created or
   * truncated).  The caller has checked its size.  May be NULL: the
   * generic layer then copies with pread. */
  int (*download) (struct gl_guest_io *io, const char *path,
                   const char *host_path, struct gl_err *err);
  /* The names in DIR (not "." and "..") that match PATTERN, a glob(7)
   * pattern for one name with {a,b} alternatives (not nested); sorted.
   * DIR missing: an empty list.  The answer is bounded (a listing larger
   * than about 4 MiB of names is an error, never an unbounded transfer). */
  char **(*glob) (struct gl_guest_io *io, const char *dir, const char *pattern,
                  struct gl_err *err);
  /* Where the symlink PATH points (as written in it). */
  char *(*readlink) (struct gl_guest_io *io, const char *path, struct gl_err *err);
  /* PATH with every symlink and "." / ".." resolved inside the tree. */
  char *(*realpath) (struct gl_guest_io *io, const char *path, struct gl_err *err);
  /* The existing path whose components match PATH's case-insensitively
   * (Windows trees), or PATH itself when none does. */
  char *(*case_sensitive_path) (struct gl_guest_io *io, const char *path,
                                struct gl_err *err);

  /* --- Writes (convert): NULL in a read-only implementation --- */
  const struct gl_guest_write_ops *write;
};

/* What convert needs besides reading, kept apart: a read-only
 * implementation (the host-side reader) leaves gl_guest_io_ops.write
 * NULL, and the generic layer refuses writes on it. */
struct gl_guest_write_ops {
  /* Flush the writes so far to the disks. */
  int (*sync) (struct gl_guest_io *io, struct gl_err *err);
  /* Replace the contents of the existing file PATH (its inode, owner,
   * mode and labels stay). */
  int (*write_file) (struct gl_guest_io *io, const char *path,
                     const char *data, size_t len, struct gl_err *err);
  /* ln -sf TARGET LINKNAME */
  int (*symlink) (struct gl_guest_io *io, const char *target,
                  const char *linkname, struct gl_err *err);
  int (*rm) (struct gl_guest_io *io, const char *path, struct gl_err *err);
  int (*touch) (struct gl_guest_io *io, const char *path, struct gl_err *err);
  /* Run ARGV inside the guest (chrooted in its root), killed past
   * SECONDS (the handle is then good for nothing but close). */
  enum gl_guest_command_end (*command) (struct gl_guest_io *io,
                                        char *const *argv, int seconds,
                                        char **out, struct gl_err *err);
};

#endif
