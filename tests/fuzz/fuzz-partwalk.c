/* Fuzz target: common/hostio/partwalk.c on an arbitrary disk.
 *
 * The input: the disk's size in bytes (8 bytes, little-endian, taken
 * modulo 1 TiB), then its contents, repeated to fill it (none: zeros).
 * Repetition lets a few-KB seed hold a table whose pointers reach far
 * into a large disk (extended chains, the backup GPT header). */
#include <config.h>

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "partwalk.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

struct disk {
  const uint8_t *data;
  size_t len;
};

static int
disk_pread (void *opaque, void *buf, size_t count, uint64_t offset,
            struct gl_err *err)
{
  const struct disk *d = opaque;
  uint8_t *p = buf;
  (void) err;
  if (d->len == 0) {
    memset (buf, 0, count);
    return 0;
  }
  while (count > 0) {
    size_t at = offset % d->len, n = d->len - at;
    if (n > count)
      n = count;
    memcpy (p, d->data + at, n);
    p += n;
    offset += n;
    count -= n;
  }
  return 0;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  if (size < 8)
    return 0;
  uint64_t disk_size = 0;
  for (int i = 7; i >= 0; i--)
    disk_size = (disk_size << 8) | data[i];
  disk_size %= (uint64_t) 1 << 40;
  struct disk d = { data + 8, size - 8 };
  struct gl_range r = { .pread = disk_pread, .opaque = &d, .size = disk_size,
                        .fd = -1 };
  struct gl_parts p;
  struct gl_err err = GL_ERR_INIT;

  if (gl_partwalk (&r, &p, &err) == 0) {
    unsigned last = 0;
    if (p.n >= GL_PARTWALK_MAX || (p.n > 0 && p.table == GL_PT_NONE))
      abort ();
    for (size_t i = 0; i < p.n; i++) {
      const struct gl_part *q = &p.part[i];
      /* Numbers rising, each partition inside the disk, never empty. */
      if (q->number <= last || q->number >= GL_PARTWALK_MAX || q->size == 0 ||
          q->start > disk_size || q->size > disk_size - q->start ||
          strlen (q->gpt_type) > 36)
        abort ();
      last = q->number;
    }
    gl_parts_free (&p);
  }
  else if (err.msg == NULL || strchr (err.msg, '\n'))
    abort ();
  gl_err_clear (&err);
  return 0;
}
