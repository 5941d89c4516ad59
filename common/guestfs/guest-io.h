/* guestlift: guest I/O -- everything inspection (and convert, launch)
 * asks of a guest's disks: its devices, filesystems and LVM, mounting
 * them, and bounded reads of the files in them.
 *
 * Callers hold a struct gl_guest_io and call only these functions; where
 * the answers come from is the implementation's business (the ops table,
 * guest-io-ops.h): today a libguestfs appliance (guest-io-appliance.h),
 * which is the only place that opens one.
 *
 * Guest files are hostile: every read has a size limit, symlinks are
 * resolved inside the guest's own tree, and failures of probes and reads
 * are quiet (a missing file is normal).  Functions that can fail for a
 * reason worth telling take a struct gl_err (err.h; NULL if the caller
 * does not care).  Returned strings and lists are malloc'd; lists are
 * NULL-terminated (gl_free_string_list, CLEANUP_FREE_STRING_LIST).
 */
#ifndef GUESTLIFT_GUEST_IO_H
#define GUESTLIFT_GUEST_IO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "err.h"

struct gl_guest_io;

/* Small text files (release files, fstab, grub configs): 4 MiB at most. */
#define GL_GUEST_SMALL_MAX (4 * 1024 * 1024)

enum gl_probe { GL_PROBE_FILE, GL_PROBE_DIR, GL_PROBE_EXISTS, GL_PROBE_SYMLINK };

/* --- Disks and lifetime --- */
int gl_guest_add_drive (struct gl_guest_io *io, const char *path, const char *format,
                        bool readonly, struct gl_err *err);
int gl_guest_launch (struct gl_guest_io *io, struct gl_err *err);
/* Flush every write and stop, checked: a writer's last step before
 * gl_guest_io_close. */
int gl_guest_shutdown (struct gl_guest_io *io, struct gl_err *err);
/* Free IO (NULL: nothing); what was not shut down is stopped at once, no
 * write flushed (read-only disks lose nothing). */
void gl_guest_io_close (struct gl_guest_io *io);

/* --- Block devices, filesystems, LVM --- */
char **gl_guest_list_devices (struct gl_guest_io *io, struct gl_err *err);
/* Up to COUNT bytes of DEVICE from its start (a boot sector). */
int gl_guest_read_device_head (struct gl_guest_io *io, const char *device,
                               void *buf, size_t count, size_t *got,
                               struct gl_err *err);
char **gl_guest_list_partitions (struct gl_guest_io *io, struct gl_err *err);

/* What blkid says of a device. */
struct gl_blkid {
  char *type;              /* "ext4", "LVM2_member"...; NULL: no TYPE */
  char *uuid, *label;      /* NULL when absent or empty */
  /* A partition: where it lies on its disk (512-byte sectors). */
  bool span_known;
  uint64_t part_start, part_size;
};
/* 0 with *out filled (free with gl_blkid_free), -1 when unreadable. */
int gl_guest_blkid (struct gl_guest_io *io, const char *device,
                    struct gl_blkid *out, struct gl_err *err);
void gl_blkid_free (struct gl_blkid *b);
/* UUID and label of a mountable's filesystem; NULL or "" each when none. */
int gl_guest_fs_ids (struct gl_guest_io *io, const char *mountable,
                     char **uuid, char **label, struct gl_err *err);
/* Subvolume paths of the btrfs filesystem mounted at DIR. */
char **gl_guest_btrfs_subvolumes (struct gl_guest_io *io, const char *dir,
                                  struct gl_err *err);

char **gl_guest_lvs (struct gl_guest_io *io, struct gl_err *err);
char **gl_guest_vgs (struct gl_guest_io *io, struct gl_err *err);
char **gl_guest_vg_pv_uuids (struct gl_guest_io *io, const char *vg,
                             struct gl_err *err);
/* LVM sees only DISKS[0..n-1]: their VGs active, every other one not. */
int gl_guest_lvm_scope (struct gl_guest_io *io, char *const *disks, size_t n,
                        struct gl_err *err);
/* Activate every VG (a handle holding one guest). */
int gl_guest_lvm_activate_all (struct gl_guest_io *io, struct gl_err *err);

/* Activate the VGs of physical volumes that appeared since launch (on
 * opened LUKS devices). */
int gl_guest_lvm_rescan (struct gl_guest_io *io, struct gl_err *err);
/* Linux software RAID: the arrays assembled from the added disks (an
 * implementation without md support: an empty list), and for one its
 * UUID (mdadm's form, NULL if none; blkid shows it on each member) and
 * how many members it has when complete (0: unknown). */
char **gl_guest_md_devices (struct gl_guest_io *io, struct gl_err *err);
int gl_guest_md_array (struct gl_guest_io *io, const char *md, char **uuid,
                       size_t *ndevices, struct gl_err *err);
/* Open the LUKS device DEVICE as /dev/mapper/MAPNAME with KEY (never
 * written anywhere: not traced, not on a command line): read-only, or
 * read-write when some disk of IO was added read-write. */
int gl_guest_luks_open (struct gl_guest_io *io, const char *device, const char *key,
                        const char *mapname, struct gl_err *err);
/* --- Mounts.  They change what paths show: these also forget what the
 * probe memo (guest-memo.h) remembered below the mount point. --- */
int gl_guest_mount_ro (struct gl_guest_io *io, const char *mountable,
                       const char *mountpoint, struct gl_err *err);
/* Read-write: only on a writable implementation (gl_guest_writable). */
int gl_guest_mount_rw (struct gl_guest_io *io, const char *mountable,
                       const char *mountpoint, struct gl_err *err);
int gl_guest_umount_all (struct gl_guest_io *io, struct gl_err *err);

/* --- Paths in the mounted tree --- */
bool gl_guest_is_file (struct gl_guest_io *io, const char *path);
bool gl_guest_is_dir (struct gl_guest_io *io, const char *path);
bool gl_guest_exists (struct gl_guest_io *io, const char *path);
/* Is PATH itself a symlink (not followed)? */
bool gl_guest_is_symlink (struct gl_guest_io *io, const char *path);

/* Whole file (NUL-terminated; *len without the NUL) if it is a regular
 * file (after symlinks) no larger than max.  NULL otherwise. */
char *gl_guest_read (struct gl_guest_io *io, const char *path, size_t max, size_t *len);
/* The same, and when the file is there but larger than max: NULL with
 * *too_large set to its size (0 in every other case).  Never reads more
 * than max + 1 bytes of it. */
char *gl_guest_read_sized (struct gl_guest_io *io, const char *path, size_t max,
                           size_t *len, uint64_t *too_large);
/* Up to COUNT bytes of the regular file PATH from its start into BUF
 * (its header); *got how many.  -1 when it is not a regular file or
 * cannot be read. */
int gl_guest_read_head (struct gl_guest_io *io, const char *path, void *buf,
                        size_t count, size_t *got);
int gl_guest_filesize (struct gl_guest_io *io, const char *path, uint64_t *size,
                       struct gl_err *err);

/* Copy a guest file (up to max bytes, else error) to a new file in the
 * host directory tmpdir; returns the host path (malloc'd) or NULL with
 * err set ("PATH: too large (...): not read" for a file over max, as
 * bounds.h words it; "PATH: CAUSE" otherwise). */
char *gl_guest_download (struct gl_guest_io *io, const char *path, size_t max,
                         const char *tmpdir, struct gl_err *err);
/* The same to HOST_PATH (created or truncated): 0, or -1 with err as
 * gl_guest_download words it. */
int gl_guest_copy_out_bounded (struct gl_guest_io *io, const char *path,
                               const char *host_path, uint64_t max,
                               struct gl_err *err);
/* Copy the guest file PATH to HOST_PATH (created or truncated), whatever
 * its size: the caller has checked it (gl_guest_filesize). */
int gl_guest_copy_out (struct gl_guest_io *io, const char *path,
                       const char *host_path, struct gl_err *err);

/* Names in a guest directory (sorted); NULL if not a directory or not
 * listable (see gl_guest_list_all).  At most max_entries are returned:
 * callers that must not lose a name use gl_guest_glob, which lists only
 * the names they look for. */
char **gl_guest_ls (struct gl_guest_io *io, const char *dir, size_t max_entries);

/* Every name in DIR (dot files too, not "." and ".."), sorted, or NULL
 * on error.  One bounded answer: a directory whose names do not fit in
 * it (about 4 MiB) is an error, not an unbounded transfer.  An absent
 * directory gives an empty list.  No probe, no memo. */
char **gl_guest_list_all (struct gl_guest_io *io, const char *dir, struct gl_err *err);

/* The names in DIR that match PATTERN, a glob(7) pattern for one name
 * ("vmlinuz-*", braces allowed: "{vmlinuz,vmlinux}-*"), sorted.  Empty
 * when DIR is missing or nothing matches; NULL on error (the matches do
 * not fit in one bounded answer: about 4 MiB of names).  DIR is taken
 * literally (its own glob characters match themselves). */
char **gl_guest_glob (struct gl_guest_io *io, const char *dir, const char *pattern,
                      struct gl_err *err);

/* Where a symlink points (NULL if not a symlink). */
char *gl_guest_readlink (struct gl_guest_io *io, const char *path);
/* PATH with its symlinks resolved inside the guest, or NULL with err. */
char *gl_guest_realpath (struct gl_guest_io *io, const char *path, struct gl_err *err);
/* The existing path matching PATH case-insensitively (Windows), or NULL. */
char *gl_guest_case_sensitive_path (struct gl_guest_io *io, const char *path);

/* --- Writes (convert).  Only on a writable implementation: the others
 * refuse with ENOTSUP. --- */
bool gl_guest_writable (const struct gl_guest_io *io);
int gl_guest_sync (struct gl_guest_io *io, struct gl_err *err);
int gl_guest_write_file (struct gl_guest_io *io, const char *path,
                         const char *data, size_t len, struct gl_err *err);
int gl_guest_symlink (struct gl_guest_io *io, const char *target,
                      const char *linkname, struct gl_err *err);
int gl_guest_rm (struct gl_guest_io *io, const char *path, struct gl_err *err);
int gl_guest_touch (struct gl_guest_io *io, const char *path, struct gl_err *err);

enum gl_guest_command_end {
  GL_COMMAND_DONE,          /* it ran and succeeded: *out is its stdout */
  GL_COMMAND_FAILED,        /* it failed: err says why (its stderr) */
  GL_COMMAND_TIMED_OUT,     /* killed past the time limit: the handle is
                             * good for nothing but close */
  GL_COMMAND_NOT_RUN,       /* it could not be run under a time limit:
                             * err says why; not run at all */
};
/* Run ARGV inside the guest (chrooted in its root) for at most SECONDS. */
enum gl_guest_command_end gl_guest_command (struct gl_guest_io *io,
                                            char *const *argv, int seconds,
                                            char **out, struct gl_err *err);

#endif
