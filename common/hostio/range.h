/* guestlift: a byte range the host-side reader reads -- a whole image, a
 * partition of it, a logical volume mapped onto its physical volumes.
 *
 * Every reader of on-disk structures in common/hostio/ reads through one
 * of these and nothing else, so that a structure pointing outside its
 * device is an error here, never a read of something else.
 */
#ifndef GUESTLIFT_RANGE_H
#define GUESTLIFT_RANGE_H

#include <stddef.h>
#include <stdint.h>

#include "err.h"

struct gl_range {
  /* Read exactly COUNT bytes at OFFSET into BUF (the caller has checked
   * OFFSET + COUNT <= size): 0, or -1 with ERR. */
  int (*pread) (void *opaque, void *buf, size_t count, uint64_t offset,
                struct gl_err *err);
  void *opaque;
  uint64_t size;                /* bytes */
  /* A host file descriptor holding the range's bytes from fd_offset on
   * (a raw image and its partitions), or -1 (qemu formats, logical
   * volumes): libraries that want a descriptor (libblkid) use it. */
  int fd;
  uint64_t fd_offset;
};

/* Read COUNT bytes at OFFSET of R: -1 with err (EIO, "beyond the end of
 * the device") when the read does not lie inside R. */
int gl_range_pread (const struct gl_range *r, void *buf, size_t count,
                    uint64_t offset, struct gl_err *err);

/* [OFF, OFF + LEN) of PARENT as a range of its own (OUT holds what the
 * range points to; PARENT must outlive it).  -1 with err (EINVAL) when
 * it does not lie inside PARENT. */
struct gl_subrange {
  struct gl_range range;
  const struct gl_range *parent;
  uint64_t off;
};
int gl_range_sub (struct gl_subrange *out, const struct gl_range *parent,
                  uint64_t off, uint64_t len, struct gl_err *err);

#endif
