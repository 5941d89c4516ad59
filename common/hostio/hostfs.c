/* guestlift: one ext2/3/4 filesystem read on the host through
 * libext2fs, read-only, over a byte range (see hostfs.h and
 * hostfs-int.h).
 *
 * What is read must be what the appliance's kernel (ext4 driver,
 * mounting read-only a device it may write to: libguestfs gives it an
 * overlay) would show.  libext2fs reads the filesystem as it lies on the
 * device, without replaying a journal and without the kernel's mount
 * time work, so every filesystem where the two differ is refused with
 * ENOTSUP (the caller then leaves the image to the appliance); the table
 * below says why for each feature.
 */
#include <config.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <ext2fs/ext2fs.h>

#include "ext2-range-io.h"
#include "hostfs.h"
#include "hostfs-int.h"

/* Incompatible features libext2fs and the kernel read alike. */
static const uint32_t incompat_same =
  EXT2_FEATURE_INCOMPAT_FILETYPE | EXT2_FEATURE_INCOMPAT_META_BG |
  EXT3_FEATURE_INCOMPAT_EXTENTS | EXT4_FEATURE_INCOMPAT_64BIT |
  /* MMP only guards writers: neither a read-only open nor a read-only
   * mount looks at it. */
  EXT4_FEATURE_INCOMPAT_MMP | EXT4_FEATURE_INCOMPAT_FLEX_BG |
  /* Large extended attributes: nothing a path op reads. */
  EXT4_FEATURE_INCOMPAT_EA_INODE | EXT4_FEATURE_INCOMPAT_CSUM_SEED |
  EXT4_FEATURE_INCOMPAT_LARGEDIR | EXT4_FEATURE_INCOMPAT_INLINE_DATA;

/* Features the kernel reads differently, and why. */
static const struct {
  uint32_t incompat, ro_compat;
  const char *why;
} refused[] = {
  { EXT3_FEATURE_INCOMPAT_RECOVER, 0,
    "its journal needs recovery (the kernel replays it on mount, even read-only)" },
  { EXT3_FEATURE_INCOMPAT_JOURNAL_DEV, 0,
    "it is an external journal, not a filesystem" },
  { EXT4_FEATURE_INCOMPAT_CASEFOLD, 0,
    "it has casefolded directories (the kernel looks names up case-insensitively)" },
  { EXT4_FEATURE_INCOMPAT_ENCRYPT, 0,
    "it has encrypted directories (the kernel shows their names encoded)" },
  { EXT2_FEATURE_INCOMPAT_COMPRESSION, 0,
    "it uses ext2 compression (the kernel does not mount it)" },
  { EXT4_FEATURE_INCOMPAT_DIRDATA, 0,
    "it has data in directory entries (the kernel does not mount it)" },
  { 0, EXT4_FEATURE_RO_COMPAT_VERITY,
    "it has verity files (the kernel checks their data on every read)" },
  { 0, EXT4_FEATURE_RO_COMPAT_ORPHAN_PRESENT,
    "it has orphan inodes (the kernel cleans them up on mount, even read-only)" },
};

/* ENOTSUP and why, or 0: is FS one the kernel reads as libext2fs does? */
static int
check_kernel_reads_alike (struct gl_hostfs *h, const struct gl_range *dev,
                          struct gl_err *err)
{
  struct ext2_super_block *sb = h->fs->super;
  for (size_t i = 0; i < sizeof refused / sizeof refused[0]; ++i)
    if ((sb->s_feature_incompat & refused[i].incompat) ||
        (sb->s_feature_ro_compat & refused[i].ro_compat))
      return gl_err_set (err, ENOTSUP, "ext2/3/4: %s", refused[i].why);
  uint32_t unknown = sb->s_feature_incompat & ~incompat_same;
  if (unknown)
    return gl_err_set (err, ENOTSUP, "ext2/3/4: an incompatible feature unknown "
                       "here (0x%x)", (unsigned) unknown);
  /* An orphan list without the feature (before orphan_file): the same
   * mount time cleanup. */
  if (sb->s_last_orphan)
    return gl_err_set (err, ENOTSUP, "ext2/3/4: it has orphan inodes (the kernel "
                       "cleans them up on mount, even read-only)");
  /* The kernel refuses to mount a filesystem larger than its device. */
  uint64_t blocks = ext2fs_blocks_count (sb);
  uint64_t bsize = (uint64_t) EXT2_BLOCK_SIZE (sb);
  if (blocks > dev->size / bsize)
    return gl_err_set (err, ENOTSUP, "ext2/3/4: its %llu blocks do not fit on "
                       "its device (%llu bytes)", (unsigned long long) blocks,
                       (unsigned long long) dev->size);
  return 0;
}

/* What libext2fs's error codes mean, for messages (its own texts live in
 * libcom_err, which guestlift does not link). */
static const struct {
  errcode_t code;
  const char *text;
} ext2_texts[] = {
  { EXT2_ET_BAD_MAGIC, "no ext2/3/4 superblock" },
  { EXT2_ET_UNSUPP_FEATURE, "a filesystem feature libext2fs does not support" },
  { EXT2_ET_RO_UNSUPP_FEATURE, "a read-only feature libext2fs does not support" },
  { EXT2_ET_CORRUPT_SUPERBLOCK, "a corrupt superblock" },
  { EXT2_ET_SB_CSUM_INVALID, "the superblock's checksum does not match" },
  { EXT2_ET_BAD_DESC_SIZE, "a bad group descriptor size" },
  { EXT2_ET_GDESC_BAD_INODE_TABLE, "a group descriptor with a bad inode table" },
  { EXT2_ET_SHORT_READ, "a short read" },
  { EXT2_ET_LLSEEK_FAILED, "a read beyond the device" },
  { EXT2_ET_DIR_CORRUPTED, "a corrupt directory block" },
  { EXT2_ET_DIR_CSUM_INVALID, "a directory block's checksum does not match" },
  { EXT2_ET_INODE_CSUM_INVALID, "an inode's checksum does not match" },
  { EXT2_ET_EXTENT_CSUM_INVALID, "an extent block's checksum does not match" },
  { EXT2_ET_EXTENT_HEADER_BAD, "a corrupt extent header" },
  { EXT2_ET_BAD_INODE_NUM, "a bad inode number" },
  { EXT2_ET_BAD_BLOCK_NUM, "a bad block number" },
  { EXT2_ET_NO_INLINE_DATA, "inline data missing" },
  { EXT2_ET_INLINE_DATA_NO_SPACE, "corrupt inline data" },
  { EXT2_ET_NO_MEMORY, "out of memory" },
};

static const char *
ext2_text (errcode_t e, char buf[64])
{
  for (size_t i = 0; i < sizeof ext2_texts / sizeof ext2_texts[0]; ++i)
    if (ext2_texts[i].code == e)
      return ext2_texts[i].text;
  snprintf (buf, 64, "libext2fs error %ld", (long) e);
  return buf;
}

/* A libext2fs error code as an errno and a message. */
int
gl_hostfs_fail (struct gl_hostfs *h, errcode_t e, const char *what, struct gl_err *err)
{
  io_channel ch = h && h->fs ? h->fs->io : NULL;
  if (gl_ext2_range_failed (ch))
    return gl_err_set (err, EIO, "%s: %s", what, gl_ext2_range_last_error (ch));
  int errnum = EIO;
  switch (e) {
  case EXT2_ET_NO_MEMORY: errnum = ENOMEM; break;
  case EXT2_ET_INODE_CSUM_INVALID:
  case EXT2_ET_DIR_CSUM_INVALID:
  case EXT2_ET_EXTENT_CSUM_INVALID:
  case EXT2_ET_EXT_ATTR_CSUM_INVALID:
  case EXT2_ET_DIR_NO_SPACE_FOR_CSUM:
    errnum = EBADMSG; break;          /* the kernel's EFSBADCRC */
  case EXT2_ET_DIR_CORRUPTED:
  case EXT2_ET_BAD_INODE_NUM:
  case EXT2_ET_EXTENT_HEADER_BAD:
  case EXT2_ET_INLINE_DATA_NO_SPACE:
  case EXT2_ET_NO_INLINE_DATA:
    errnum = EUCLEAN; break;          /* the kernel's EFSCORRUPTED */
  default: break;
  }
  char buf[64];
  return gl_err_set (err, errnum, "%s: %s", what, ext2_text (e, buf));
}

struct gl_hostfs *
gl_hostfs_open (const struct gl_range *dev, struct gl_err *err)
{
  struct gl_hostfs *h = calloc (1, sizeof *h);
  if (!h) {
    gl_err_set (err, ENOMEM, "out of memory");
    return NULL;
  }
  char name[64];
  /* Read-only (no EXT2_FLAG_RW: the manager would refuse it anyway). */
  errcode_t e = ext2fs_open2 (gl_ext2_range_name (dev, name), NULL,
                              EXT2_FLAG_64BITS | EXT2_FLAG_SKIP_MMP, 0, 0,
                              gl_ext2_range_io_manager, &h->fs);
  if (e) {
    h->fs = NULL;
    /* Not readable here: the range failed (EIO), or libext2fs does not
     * take it (bad superblock, features it does not know): the kernel
     * may still mount it, so the appliance decides. */
    char buf[64];
    if (e == EXT2_ET_SHORT_READ || e == EXT2_ET_LLSEEK_FAILED)
      gl_err_set (err, EIO, "ext2/3/4: %s", ext2_text (e, buf));
    else
      gl_err_set (err, ENOTSUP, "ext2/3/4: %s", ext2_text (e, buf));
    free (h);
    return NULL;
  }
  struct gl_hostfs_inode root;
  if (check_kernel_reads_alike (h, dev, err) == -1 ||
      gl_hostfs_inode (h, GL_HOSTFS_ROOT_INO, &root, err) == -1) {
    gl_hostfs_close (h);
    return NULL;
  }
  if (root.kind != GL_KIND_DIR) {
    gl_hostfs_close (h);
    gl_err_set (err, ENOTSUP, "ext2/3/4: its root is not a directory");
    return NULL;
  }
  return h;
}

void
gl_hostfs_close (struct gl_hostfs *h)
{
  if (!h)
    return;
  /* ext2fs_free, not ext2fs_close: nothing to write back, ever. */
  if (h->fs)
    ext2fs_free (h->fs);
  free (h);
}

/* --- Inodes --- */

static enum gl_hostfs_kind
kind_of (uint16_t mode)
{
  switch (mode & 0170000) {
  case 0100000: return GL_KIND_REG;
  case 0040000: return GL_KIND_DIR;
  case 0120000: return GL_KIND_LNK;
  default: return GL_KIND_OTHER;
  }
}

/* The kernel's ext4_valid_inum: the root or an ordinary inode. */
static bool
valid_inum (const struct gl_hostfs *h, uint32_t ino)
{
  return ino == GL_HOSTFS_ROOT_INO ||
    (ino >= EXT2_FIRST_INO (h->fs->super) && ino <= h->fs->super->s_inodes_count);
}

/* st_size as ext4_isize computes it: the high half counts only for
 * regular files (and every file with largedir). */
static uint64_t
kernel_size (const struct gl_hostfs *h, const struct ext2_inode *in)
{
  if (kind_of (in->i_mode) == GL_KIND_REG || ext2fs_has_feature_largedir (h->fs->super))
    return EXT2_I_SIZE (in);
  return in->i_size;
}

static int
read_inode (struct gl_hostfs *h, uint32_t ino, struct ext2_inode *in,
            struct gl_err *err)
{
  if (!valid_inum (h, ino))
    return gl_err_set (err, EUCLEAN, "a directory entry names inode %u, "
                       "outside the filesystem", (unsigned) ino);
  errcode_t e = ext2fs_read_inode (h->fs, ino, in);
  if (e)
    return gl_hostfs_fail (h, e, "inode", err);
  /* A deleted inode (the kernel's iget says ESTALE, and lookup turns it
   * into EFSCORRUPTED). */
  if (in->i_links_count == 0)
    return gl_err_set (err, EUCLEAN, "a directory entry names the deleted "
                       "inode %u", (unsigned) ino);
  return 0;
}

int
gl_hostfs_inode (struct gl_hostfs *h, uint32_t ino, struct gl_hostfs_inode *out,
                 struct gl_err *err)
{
  struct ext2_inode in;
  if (read_inode (h, ino, &in, err) == -1)
    return -1;
  *out = (struct gl_hostfs_inode) {
    .ino = ino, .kind = kind_of (in.i_mode), .size = kernel_size (h, &in),
  };
  return 0;
}

int
gl_hostfs_lookup (struct gl_hostfs *h, uint32_t dir, const char *name, size_t len,
                  uint32_t *ino, struct gl_err *err)
{
  if (len > GL_HOSTFS_NAME_MAX)
    return gl_err_set (err, ENAMETOOLONG, "a name longer than %d bytes",
                       GL_HOSTFS_NAME_MAX);
  ext2_ino_t found = 0;
  errcode_t e = ext2fs_lookup (h->fs, dir, name, (int) len, NULL, &found);
  if (e == EXT2_ET_FILE_NOT_FOUND)
    return 0;
  if (e)
    return gl_hostfs_fail (h, e, "directory", err);
  *ino = found;
  return 1;
}

/* --- Symlinks --- */

/* The kernel's ext4_inode_is_fast_symlink: no blocks but an extended
 * attribute block's (the body lies in i_block). */
static bool
fast_symlink (struct gl_hostfs *h, struct ext2_inode *in)
{
  if (in->i_flags & EXT4_INLINE_DATA_FL)
    return false;
  if (in->i_flags & EXT4_EA_INODE_FL)
    return in->i_size && in->i_size < sizeof in->i_block;
  blk64_t blocks = ext2fs_get_stat_i_blocks (h->fs, in);
  blk64_t ea = ext2fs_file_acl_block (h->fs, in) ? EXT2_CLUSTER_SIZE (h->fs->super) >> 9 : 0;
  return blocks == ea;
}

char *
gl_hostfs_symlink_body (struct gl_hostfs *h, const struct gl_hostfs_inode *gin,
                        struct gl_err *err)
{
  struct ext2_inode in;
  if (read_inode (h, gin->ino, &in, err) == -1)
    return NULL;
  uint64_t size = kernel_size (h, &in);
  char *body = NULL;
  size_t len = 0;
  if (fast_symlink (h, &in)) {
    /* nd_terminate_link (i_data, i_size, sizeof i_data - 1) */
    len = size < sizeof in.i_block - 1 ? (size_t) size : sizeof in.i_block - 1;
    body = malloc (len + 1);
    if (body)
      memcpy (body, in.i_block, len);
  }
  else {
    /* One block at most (the kernel reads the first block and ends the
     * body at blocksize - 1); inline data is read the same way. */
    size_t max = (size_t) h->fs->blocksize - 1;
    len = size < max ? (size_t) size : max;
    if (!(in.i_flags & EXT4_INLINE_DATA_FL)) {
      blk64_t phys = 0;
      errcode_t e = ext2fs_bmap2 (h->fs, gin->ino, &in, NULL, 0, 0, NULL, &phys);
      if (e) {
        gl_hostfs_fail (h, e, "symlink", err);
        return NULL;
      }
      if (phys == 0) {
        gl_err_set (err, EUCLEAN, "a symlink without its block");
        return NULL;
      }
    }
    body = malloc (len + 1);
    size_t got = 0;
    if (body && len && gl_hostfs_read (h, gin, body, len, 0, &got, err) == -1) {
      free (body);
      return NULL;
    }
    len = got;
  }
  if (!body) {
    gl_err_set (err, ENOMEM, "out of memory");
    return NULL;
  }
  body[len] = '\0';
  return body;
}

/* --- File contents --- */

int
gl_hostfs_read (struct gl_hostfs *h, const struct gl_hostfs_inode *in, void *buf,
                size_t count, uint64_t offset, size_t *got, struct gl_err *err)
{
  *got = 0;
  if (offset >= in->size || count == 0)
    return 0;
  if (count > in->size - offset)
    count = (size_t) (in->size - offset);
  ext2_file_t file;
  errcode_t e = ext2fs_file_open (h->fs, in->ino, 0, &file);
  if (e)
    return gl_hostfs_fail (h, e, "file", err);
  e = ext2fs_file_llseek (file, offset, EXT2_SEEK_SET, NULL);
  size_t done = 0;
  while (!e && done < count) {
    /* libext2fs counts in unsigned int. */
    size_t want = count - done < (1u << 30) ? count - done : (1u << 30);
    unsigned int n = 0;
    e = ext2fs_file_read (file, (char *) buf + done, (unsigned int) want, &n);
    if (!e && n == 0)
      break;
    done += n;
  }
  ext2fs_file_close (file);
  if (e)
    return gl_hostfs_fail (h, e, "file", err);
  *got = done;
  return 0;
}
