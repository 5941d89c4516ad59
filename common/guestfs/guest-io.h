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
#include <stdint.h>
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
/* The same, and when the file is there but larger than max: NULL with
 * *too_large set to its size (0 in every other case).  Never reads more
 * than max + 1 bytes of it. */
char *gl_guest_read_sized (guestfs_h *g, const char *path, size_t max,
                           size_t *len, uint64_t *too_large);

/* Copy a guest file (up to max bytes, else error) to a new file in the
 * host directory tmpdir; returns the host path (malloc'd) or NULL with
 * *err set ("PATH: too large (...): not read" for a file over max, as
 * bounds.h words it). */
char *gl_guest_download (guestfs_h *g, const char *path, size_t max,
                         const char *tmpdir, char **err);

/* Names in a guest directory (sorted), NULL-terminated; NULL if not a
 * directory or not listable (see gl_guest_list_all).  At most
 * max_entries are returned: callers that must not lose a name use
 * gl_guest_glob, which lists only the names they look for. */
char **gl_guest_ls (guestfs_h *g, const char *dir, size_t max_entries);

/* Every name in DIR (dot files too, not "." and ".."), sorted, or NULL
 * on error.  One round trip whose answer is bounded: a directory whose
 * names do not fit in one appliance reply (about 4 MiB) is an error, not
 * an unbounded transfer (guestfs_ls has no such bound).  An absent
 * directory gives an empty list.  No probe, no memo. */
char **gl_guest_list_all (guestfs_h *g, const char *dir);

/* The names in DIR that match PATTERN, a glob(7) pattern for one name
 * ("vmlinuz-*", braces allowed: "{vmlinuz,vmlinux}-*"), sorted;
 * NULL-terminated.  Empty when DIR is missing or nothing matches; NULL
 * on error (the matches do not fit in one appliance reply: about 4 MiB
 * of names).  The appliance does the matching, so the names that do not
 * match cost nothing however many there are.  DIR's own glob characters
 * are escaped. */
char **gl_guest_glob (guestfs_h *g, const char *dir, const char *pattern);

/* DIR with a backslash before each glob(7) special character (*?[]{}\),
 * for a glob pattern that must match it literally.  NULL on ENOMEM. */
char *gl_glob_escape (const char *dir);

/* guestfs_last_error, or dflt when there is none. */
const char *gl_guestfs_error_or (guestfs_h *g, const char *dflt);

/* Where a symlink points (NULL if not a symlink). */
char *gl_guest_readlink (guestfs_h *g, const char *path);

#endif
