/* guestlift: byte ranges of the host-side reader (see range.h). */
#include <config.h>

#include <errno.h>

#include "range.h"

int
gl_range_pread (const struct gl_range *r, void *buf, size_t count,
                uint64_t offset, struct gl_err *err)
{
  /* Written so that no sum can wrap: offset + count <= size. */
  if (offset > r->size || count > r->size - offset)
    return gl_err_set (err, EIO, "a read at byte %llu beyond the end of the device "
                       "(%llu bytes)", (unsigned long long) offset,
                       (unsigned long long) r->size);
  if (count == 0)
    return 0;
  return r->pread (r->opaque, buf, count, offset, err);
}

static int
sub_pread (void *opaque, void *buf, size_t count, uint64_t offset,
           struct gl_err *err)
{
  struct gl_subrange *s = opaque;
  return gl_range_pread (s->parent, buf, count, s->off + offset, err);
}

int
gl_range_sub (struct gl_subrange *out, const struct gl_range *parent,
              uint64_t off, uint64_t len, struct gl_err *err)
{
  if (off > parent->size || len > parent->size - off)
    return gl_err_set (err, EINVAL, "a range of %llu bytes at byte %llu lies "
                       "beyond the end of its device (%llu bytes)",
                       (unsigned long long) len, (unsigned long long) off,
                       (unsigned long long) parent->size);
  out->parent = parent;
  out->off = off;
  out->range = (struct gl_range) {
    .pread = sub_pread, .opaque = out, .size = len,
    .fd = parent->fd, .fd_offset = parent->fd < 0 ? 0 : parent->fd_offset + off,
  };
  return 0;
}
