/* guestlift: what the mounted tree (hosttree.c) asks of one opened
 * ext2/3/4 filesystem (hostfs.c): inodes as the kernel's ext4 driver
 * sees them, name lookups, symlink bodies, file reads and directory
 * listings.  Private to common/hostio/.
 *
 * Errors carry the errno the kernel would give for the same fault, so
 * that the path ops answer what the appliance's system calls answer:
 * ENAMETOOLONG for a name over 255 bytes, EUCLEAN (the kernel's
 * EFSCORRUPTED) for a directory entry naming a bad or deleted inode,
 * EBADMSG (EFSBADCRC) for a checksum that does not match, EIO for a
 * read the device cannot answer.
 */
#ifndef GUESTLIFT_HOSTFS_INT_H
#define GUESTLIFT_HOSTFS_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <ext2fs/ext2fs.h>

#include "err.h"
#include "hostfs.h"

struct gl_hostfs {
  ext2_filsys fs;
};

/* A libext2fs error code E in reading WHAT: -1 with err (its errno the
 * kernel's for the same fault; EIO with the range's own message when
 * the device failed). */
int gl_hostfs_fail (struct gl_hostfs *fs, errcode_t e, const char *what,
                    struct gl_err *err);

/* ext2/3/4's root directory inode. */
#define GL_HOSTFS_ROOT_INO 2u
/* The longest name in a directory (ext4's EXT4_NAME_LEN). */
#define GL_HOSTFS_NAME_MAX 255

/* File kinds, as in st_mode (the on-disk i_mode uses the same bits). */
enum gl_hostfs_kind {
  GL_KIND_OTHER,            /* devices, FIFOs, sockets, unknown bits */
  GL_KIND_REG,
  GL_KIND_DIR,
  GL_KIND_LNK,
};

struct gl_hostfs_inode {
  uint32_t ino;
  enum gl_hostfs_kind kind;
  uint64_t size;            /* st_size, as the kernel computes it */
};

/* Read inode INO.  -1 with err (EUCLEAN for an inode number outside the
 * filesystem or a deleted inode, EBADMSG, EIO). */
int gl_hostfs_inode (struct gl_hostfs *fs, uint32_t ino,
                     struct gl_hostfs_inode *out, struct gl_err *err);

/* NAME (LEN bytes, no '/') in the directory DIR: 1 with *ino, 0 when
 * there is no such entry, -1 with err (ENAMETOOLONG over 255 bytes). */
int gl_hostfs_lookup (struct gl_hostfs *fs, uint32_t dir, const char *name,
                      size_t len, uint32_t *ino, struct gl_err *err);

/* The body of the symlink IN, as the kernel reads it: up to its first
 * NUL, at most i_size bytes and at most what its storage holds.
 * malloc'd; NULL with err. */
char *gl_hostfs_symlink_body (struct gl_hostfs *fs, const struct gl_hostfs_inode *in,
                              struct gl_err *err);

/* Up to COUNT bytes of the regular file IN at OFFSET (holes read as
 * zeros; nothing past its size). */
int gl_hostfs_read (struct gl_hostfs *fs, const struct gl_hostfs_inode *in,
                    void *buf, size_t count, uint64_t offset, size_t *got,
                    struct gl_err *err);

/* Every name in the directory DIR, "." and ".." included, in the order
 * they lie on disk.  Names end at their first NUL, as readdir(3) shows
 * them.  FN returns 0 to go on, 1 to stop, -1 to fail (it has
 * filled err). */
typedef int (*gl_hostfs_name_fn) (const char *name, size_t len, void *opaque,
                                  struct gl_err *err);
int gl_hostfs_readdir (struct gl_hostfs *fs, uint32_t dir, gl_hostfs_name_fn fn,
                       void *opaque, struct gl_err *err);

/* The first name of the directory DIR, in the kernel's readdir order,
 * that MATCH accepts: 1 with *name (malloc'd), 0 when none does, -1
 * with err. */
typedef bool (*gl_hostfs_match_fn) (const char *name, size_t len, void *opaque);
int gl_hostfs_readdir_first (struct gl_hostfs *fs, uint32_t dir,
                             gl_hostfs_match_fn match, void *opaque, char **name,
                             struct gl_err *err);

#endif
