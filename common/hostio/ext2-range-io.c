/* guestlift: libext2fs reading a byte range (see ext2-range-io.h).
 *
 * libext2fs opens its device by name through an io_manager; ours takes
 * the name apart to find the range ("gl-range:ADDRESS", made by
 * gl_ext2_range_name in this process), reads blocks with
 * gl_range_pread, and refuses every write, discard and read-write open:
 * the image is never changed, whatever libext2fs might want.
 *
 * Single blocks (inode table blocks, directory blocks: what every path
 * walk reads again from the root) are kept in a small direct-mapped
 * cache: a range over NBD pays a round trip per read.
 */
#include <config.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ext2-range-io.h"

/* The cache's size in bytes (fewer blocks when they are large). */
#define CACHE_BYTES (1024 * 1024)
#define CACHE_MAX_BLOCKS 256

struct cached {
  unsigned long long block;
  bool valid;
};

struct range_chan {
  const struct gl_range *dev;
  bool failed;              /* the last read failure was the range's */
  char last_error[256];
  struct cached slot[CACHE_MAX_BLOCKS];
  size_t nslots;            /* for the current block size; 0: no cache */
  char *cache;              /* nslots blocks */
};

const char *
gl_ext2_range_name (const struct gl_range *dev, char buf[64])
{
  snprintf (buf, 64, "gl-range:%p", (const void *) dev);
  return buf;
}

static struct range_chan *
chan_of (io_channel channel)
{
  return channel->private_data;
}

const char *
gl_ext2_range_last_error (io_channel channel)
{
  return channel && channel->manager == gl_ext2_range_io_manager
    ? chan_of (channel)->last_error : "";
}

bool
gl_ext2_range_failed (io_channel channel)
{
  return channel && channel->manager == gl_ext2_range_io_manager
    && chan_of (channel)->failed;
}

static errcode_t
r_open (const char *name, int flags, io_channel *channel)
{
  void *addr = NULL;
  if (!name || sscanf (name, "gl-range:%p", &addr) != 1 || !addr)
    return EXT2_ET_BAD_DEVICE_NAME;
  /* Read-only, whatever is asked. */
  if (flags & IO_FLAG_RW)
    return EXT2_ET_RO_FILSYS;
  io_channel ch = calloc (1, sizeof *ch);
  struct range_chan *rc = calloc (1, sizeof *rc);
  char *n = strdup (name);
  if (!ch || !rc || !n) {
    free (ch);
    free (rc);
    free (n);
    return EXT2_ET_NO_MEMORY;
  }
  rc->dev = addr;
  ch->magic = EXT2_ET_MAGIC_IO_CHANNEL;
  ch->manager = gl_ext2_range_io_manager;
  ch->name = n;
  ch->block_size = 1024;
  ch->refcount = 1;
  ch->private_data = rc;
  *channel = ch;
  return 0;
}

static void
cache_drop (struct range_chan *rc)
{
  free (rc->cache);
  rc->cache = NULL;
  rc->nslots = 0;
  memset (rc->slot, 0, sizeof rc->slot);
}

static errcode_t
r_close (io_channel channel)
{
  if (--channel->refcount > 0)
    return 0;
  cache_drop (chan_of (channel));
  free (channel->private_data);
  free (channel->name);
  free (channel);
  return 0;
}

static errcode_t
r_set_blksize (io_channel channel, int blksize)
{
  if (blksize <= 0)
    return EXT2_ET_INVALID_ARGUMENT;
  struct range_chan *rc = chan_of (channel);
  cache_drop (rc);
  channel->block_size = blksize;
  size_t n = CACHE_BYTES / (size_t) blksize;
  n = n > CACHE_MAX_BLOCKS ? CACHE_MAX_BLOCKS : n;
  /* No cache when it cannot be had: reads still work. */
  if (n > 0 && (rc->cache = malloc (n * (size_t) blksize)))
    rc->nslots = n;
  return 0;
}

/* COUNT blocks at BLOCK, or -COUNT bytes when COUNT is negative (the
 * io_manager convention). */
static errcode_t read_range (io_channel channel, unsigned long long block, int count,
                             void *data);

static errcode_t
r_read_blk64 (io_channel channel, unsigned long long block, int count, void *data)
{
  struct range_chan *rc = chan_of (channel);
  if (count != 1 || rc->nslots == 0)
    return read_range (channel, block, count, data);
  size_t bsize = (size_t) channel->block_size, i = (size_t) (block % rc->nslots);
  char *copy = rc->cache + i * bsize;
  if (rc->slot[i].valid && rc->slot[i].block == block) {
    memcpy (data, copy, bsize);
    return 0;
  }
  errcode_t e = read_range (channel, block, 1, data);
  if (e == 0) {
    memcpy (copy, data, bsize);
    rc->slot[i] = (struct cached) { .block = block, .valid = true };
  }
  return e;
}

static errcode_t
read_range (io_channel channel, unsigned long long block, int count, void *data)
{
  struct range_chan *rc = chan_of (channel);
  uint64_t bsize = (uint64_t) channel->block_size;
  uint64_t len = count < 0 ? (uint64_t) -(int64_t) count : (uint64_t) count * bsize;
  rc->failed = false;
  if (block > UINT64_MAX / bsize) {
    snprintf (rc->last_error, sizeof rc->last_error, "block %llu: beyond any device", block);
    rc->failed = true;
    return EXT2_ET_LLSEEK_FAILED;
  }
  struct gl_err e = GL_ERR_INIT;
  if (gl_range_pread (rc->dev, data, (size_t) len, block * bsize, &e) == -1) {
    snprintf (rc->last_error, sizeof rc->last_error, "%s", gl_err_msg (&e, "read error"));
    gl_err_clear (&e);
    rc->failed = true;
    return EXT2_ET_SHORT_READ;
  }
  return 0;
}

static errcode_t
r_read_blk (io_channel channel, unsigned long block, int count, void *data)
{
  return r_read_blk64 (channel, block, count, data);
}

/* Every way of changing the device fails. */
static errcode_t
r_write_blk (io_channel channel, unsigned long block, int count, const void *data)
{
  (void) channel; (void) block; (void) count; (void) data;
  return EXT2_ET_RO_FILSYS;
}

static errcode_t
r_write_blk64 (io_channel channel, unsigned long long block, int count,
               const void *data)
{
  (void) channel; (void) block; (void) count; (void) data;
  return EXT2_ET_RO_FILSYS;
}

static errcode_t
r_write_byte (io_channel channel, unsigned long offset, int count, const void *data)
{
  (void) channel; (void) offset; (void) count; (void) data;
  return EXT2_ET_RO_FILSYS;
}

static errcode_t
r_discard (io_channel channel, unsigned long long block, unsigned long long count)
{
  (void) channel; (void) block; (void) count;
  return EXT2_ET_RO_FILSYS;
}

static errcode_t
r_zeroout (io_channel channel, unsigned long long block, unsigned long long count)
{
  (void) channel; (void) block; (void) count;
  return EXT2_ET_RO_FILSYS;
}

static errcode_t
r_flush (io_channel channel)
{
  (void) channel;
  return 0;
}

static errcode_t
r_set_option (io_channel channel, const char *option, const char *arg)
{
  (void) channel; (void) option; (void) arg;
  return EXT2_ET_INVALID_ARGUMENT;
}

static errcode_t
r_cache_readahead (io_channel channel, unsigned long long block,
                   unsigned long long count)
{
  (void) channel; (void) block; (void) count;
  return 0;
}

static struct struct_io_manager range_manager = {
  .magic = EXT2_ET_MAGIC_IO_MANAGER,
  .name = "guestlift range I/O manager",
  .open = r_open,
  .close = r_close,
  .set_blksize = r_set_blksize,
  .read_blk = r_read_blk,
  .write_blk = r_write_blk,
  .flush = r_flush,
  .write_byte = r_write_byte,
  .set_option = r_set_option,
  .read_blk64 = r_read_blk64,
  .write_blk64 = r_write_blk64,
  .discard = r_discard,
  .cache_readahead = r_cache_readahead,
  .zeroout = r_zeroout,
};

io_manager gl_ext2_range_io_manager = &range_manager;
