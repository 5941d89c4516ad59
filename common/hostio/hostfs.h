/* guestlift: a guest's mounted tree read on the host: ext2/3/4
 * filesystems through libext2fs (read-only, over a range), mounted at
 * directories of one tree, with every path resolved inside that tree
 * (symlinks, "." and "..", mount points) as the kernel would resolve it
 * in a chroot.
 *
 * These are the path ops of guest-io-ops.h (probe, filesize, pread,
 * glob, readlink, realpath, case_sensitive_path) with the same contract;
 * the host implementation of the ops table calls them.
 *
 * libext2fs parses a hostile filesystem: the caller runs all of this in
 * a contained child (guest-io-host.h).
 */
#ifndef GUESTLIFT_HOSTFS_H
#define GUESTLIFT_HOSTFS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "err.h"
#include "guest-io.h"
#include "range.h"

struct gl_hostfs;     /* one opened ext2/3/4 filesystem */
struct gl_hosttree;   /* the mounted tree */

/* Open the ext2/3/4 filesystem on DEV read-only.  NULL with err; errnum
 * ENOTSUP when it is one the appliance would read differently (a journal
 * that needs recovery -- the kernel replays it on mount --, casefolded
 * or encrypted directories, features libext2fs does not know): the
 * caller leaves the image to the appliance. */
struct gl_hostfs *gl_hostfs_open (const struct gl_range *dev, struct gl_err *err);
void gl_hostfs_close (struct gl_hostfs *fs);

struct gl_hosttree *gl_hosttree_new (void);
/* Mount FS (borrowed: it must outlive the tree or the next umount_all)
 * at MOUNTPOINT, an existing directory of the tree ("/" first). */
int gl_hosttree_mount (struct gl_hosttree *t, struct gl_hostfs *fs,
                       const char *mountpoint, struct gl_err *err);
void gl_hosttree_umount_all (struct gl_hosttree *t);
void gl_hosttree_free (struct gl_hosttree *t);

/* The path ops (guest-io-ops.h says what each answers). */
int gl_hosttree_probe (struct gl_hosttree *t, const char *path, enum gl_probe what);
int gl_hosttree_filesize (struct gl_hosttree *t, const char *path, uint64_t *size,
                          struct gl_err *err);
int gl_hosttree_pread (struct gl_hosttree *t, const char *path, void *buf,
                       size_t count, uint64_t offset, size_t *got,
                       struct gl_err *err);
char **gl_hosttree_glob (struct gl_hosttree *t, const char *dir,
                         const char *pattern, struct gl_err *err);
char *gl_hosttree_readlink (struct gl_hosttree *t, const char *path,
                            struct gl_err *err);
char *gl_hosttree_realpath (struct gl_hosttree *t, const char *path,
                            struct gl_err *err);
char *gl_hosttree_case_sensitive_path (struct gl_hosttree *t, const char *path,
                                       struct gl_err *err);

#endif
