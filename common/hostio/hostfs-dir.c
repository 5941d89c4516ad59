/* guestlift: directory listings of one ext2/3/4 filesystem (see
 * hostfs-int.h).
 *
 * libext2fs walks a directory's entries in the order they lie on disk.
 * The kernel's readdir does too for a plain directory, but lists a
 * "dx" directory (ext4_readdir's is_dx_dir: the filesystem has
 * dir_index and the directory is hash-indexed, one block long, or
 * inline) in hash order: (major hash, minor hash), with "." and ".." of
 * an indexed directory first (hashes 0 and 2).  Most callers sort what
 * they get and need no order; the one that takes the first match
 * (case_sensitive_path, whose appliance implementation keeps the first
 * name readdir gives) gets the kernel's order here.
 */
#include <config.h>

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cleanup.h"
#include "hostfs-int.h"

struct iter {
  gl_hostfs_name_fn fn;
  void *opaque;
  struct gl_err *err;
  int r;
};

static int
iter_entry (ext2_ino_t dir, int entry, struct ext2_dir_entry *d, int offset,
            int blocksize, char *buf, void *priv)
{
  (void) dir; (void) entry; (void) offset; (void) blocksize; (void) buf;
  struct iter *it = priv;
  size_t len = (size_t) ext2fs_dirent_name_len (d);
  /* readdir(3) shows a name up to its first NUL. */
  len = strnlen (d->name, len);
  int r = it->fn (d->name, len, it->opaque, it->err);
  if (r != 0) {
    it->r = r;
    return DIRENT_ABORT;
  }
  return 0;
}

int
gl_hostfs_readdir (struct gl_hostfs *h, uint32_t dir, gl_hostfs_name_fn fn,
                   void *opaque, struct gl_err *err)
{
  struct iter it = { fn, opaque, err, 0 };
  errcode_t e = ext2fs_dir_iterate2 (h->fs, dir, 0, NULL, iter_entry, &it);
  if (it.r == -1)
    return -1;
  if (e)
    return gl_hostfs_fail (h, e, "directory", err);
  return 0;
}

/* --- The kernel's order --- */

struct hash_order {
  bool dx;                  /* listed by hash */
  bool indexed;             /* "." and ".." hash as 0 and 2 */
  int version;              /* the hash function */
  const __u32 *seed;
};

/* The kernel's is_dx_dir and the hash it lists DIR by. */
static int
dir_order (struct gl_hostfs *h, uint32_t dir, struct hash_order *o, struct gl_err *err)
{
  struct ext2_super_block *sb = h->fs->super;
  struct ext2_inode in;
  errcode_t e = ext2fs_read_inode (h->fs, dir, &in);
  if (e)
    return gl_hostfs_fail (h, e, "directory", err);
  *o = (struct hash_order) { .version = sb->s_def_hash_version, .seed = sb->s_hash_seed };
  if (!ext2fs_has_feature_dir_index (sb))
    return 0;
  o->indexed = (in.i_flags & EXT2_INDEX_FL) != 0;
  o->dx = o->indexed || (in.i_size >> EXT2_BLOCK_SIZE_BITS (sb)) == 1 ||
    (in.i_flags & EXT4_INLINE_DATA_FL);
  if (o->indexed) {
    /* The hash an indexed directory names in its root block. */
    blk64_t phys = 0;
    CLEANUP_FREE char *blk = malloc (h->fs->blocksize);
    if (!blk)
      return gl_err_set (err, ENOMEM, "out of memory");
    e = ext2fs_bmap2 (h->fs, dir, &in, NULL, 0, 0, NULL, &phys);
    if (!e && phys)
      e = io_channel_read_blk64 (h->fs->io, phys, 1, blk);
    if (e)
      return gl_hostfs_fail (h, e, "directory", err);
    if (!phys)
      return gl_err_set (err, EUCLEAN, "an indexed directory without its root block");
    /* The dx root info follows the "." (12 bytes) and ".." (12 bytes)
     * entries. */
    const struct ext2_dx_root_info *info = (const void *) (blk + 24);
    o->version = info->hash_version;
  }
  /* x86's char is signed: without the unsigned flag, the kernel uses
   * the signed variants (as the appliance, an x86_64 guest, does). */
  if (o->version <= EXT2_HASH_TEA && (sb->s_flags & EXT2_FLAGS_UNSIGNED_HASH))
    o->version += 3;
  return 0;
}

struct first {
  struct hash_order order;
  gl_hostfs_match_fn match;
  void *opaque;
  char *best;
  ext2_dirhash_t hash, minor;
  errcode_t e;
};

static int
first_entry (const char *name, size_t len, void *opaque, struct gl_err *err)
{
  (void) err;
  struct first *f = opaque;
  if (!f->match (name, len, f->opaque))
    return 0;
  ext2_dirhash_t hash = 0, minor = 0;
  if (f->order.dx) {
    if (f->order.indexed && len == 1 && name[0] == '.')
      hash = 0;
    else if (f->order.indexed && len == 2 && name[0] == '.' && name[1] == '.')
      hash = 2;
    else if ((f->e = ext2fs_dirhash2 (f->order.version, name, (int) len, NULL, 0,
                                      f->order.seed, &hash, &minor)))
      return -1;
  }
  /* Disk order keeps the first; hash order the least hash (ties: the
   * first seen). */
  if (f->best && (!f->order.dx || hash > f->hash ||
                  (hash == f->hash && minor >= f->minor)))
    return 0;
  char *copy = strndup (name, len);
  if (!copy) {
    f->e = EXT2_ET_NO_MEMORY;
    return -1;
  }
  free (f->best);
  f->best = copy;
  f->hash = hash;
  f->minor = minor;
  /* In disk order the first match is the answer. */
  return f->order.dx ? 0 : 1;
}

int
gl_hostfs_readdir_first (struct gl_hostfs *h, uint32_t dir, gl_hostfs_match_fn match,
                         void *opaque, char **name, struct gl_err *err)
{
  struct first f = { .match = match, .opaque = opaque };
  *name = NULL;
  if (dir_order (h, dir, &f.order, err) == -1)
    return -1;
  if (gl_hostfs_readdir (h, dir, first_entry, &f, err) == -1) {
    free (f.best);
    if (f.e)
      gl_hostfs_fail (h, f.e, "directory", err);
    return -1;
  }
  *name = f.best;
  return f.best != NULL;
}
