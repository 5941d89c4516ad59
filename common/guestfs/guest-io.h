/* guestlift: bounded reads of guest files through libguestfs.
 *
 * Guest files are hostile: every read has a size limit, symlinks are
 * resolved by the appliance inside the guest's own tree (guestfsd chroots
 * into /sysroot), and failures are quiet (a missing file is normal).
 */
#ifndef GUESTLIFT_GUEST_IO_H
#define GUESTLIFT_GUEST_IO_H

#include <stdbool.h>
#include <stddef.h>
#include <guestfs.h>

/* Small text files (release files, fstab, grub configs): 4 MiB at most. */
#define GL_GUEST_SMALL_MAX (4 * 1024 * 1024)

bool gl_guest_is_file (guestfs_h *g, const char *path);
bool gl_guest_is_dir (guestfs_h *g, const char *path);
bool gl_guest_exists (guestfs_h *g, const char *path);

/* Mounts change what paths show: these also forget the listings of
 * guest-memo.h. */
int gl_guest_mount_ro (guestfs_h *g, const char *device, const char *mountpoint);
void gl_guest_umount_all (guestfs_h *g);

/* Whole file (NUL-terminated; *len without the NUL) if it is a regular
 * file (after symlinks) no larger than max.  NULL otherwise. */
char *gl_guest_read (guestfs_h *g, const char *path, size_t max, size_t *len);

/* Copy a guest file (up to max bytes, else error) to a new file in the
 * host directory tmpdir; returns the host path (malloc'd) or NULL with
 * *err set. */
char *gl_guest_download (guestfs_h *g, const char *path, size_t max,
                         const char *tmpdir, char **err);

/* Names in a guest directory (sorted), NULL-terminated; NULL if not a
 * directory.  At most max_entries are returned. */
char **gl_guest_ls (guestfs_h *g, const char *dir, size_t max_entries);

/* guestfs_last_error, or dflt when there is none. */
const char *gl_guestfs_error_or (guestfs_h *g, const char *dflt);

/* Where a symlink points (NULL if not a symlink). */
char *gl_guest_readlink (guestfs_h *g, const char *path);

#endif
