/* guestlift fuzz target: gl_image_refs_read on arbitrary bytes (the
 * header of a hostile disk image), detected and read as each format. */
#include <config.h>

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "image-refs.h"

struct mem { const uint8_t *p; size_t len; };

static long
mem_read (void *opaque, uint64_t off, void *buf, size_t len)
{
  const struct mem *m = opaque;
  if (off >= m->len)
    return 0;
  if (len > m->len - off)
    len = m->len - off;
  memcpy (buf, m->p + off, len);
  return (long) len;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  static const char *const formats[] = {
    NULL, "qcow2", "qcow", "qed", "vmdk", "vpc", "vhdx", "raw",
  };
  struct mem m = { data, size };
  for (size_t i = 0; i < sizeof formats / sizeof formats[0]; ++i) {
    struct gl_image_refs r;
    if (gl_image_refs_read (mem_read, &m, size, formats[i], &r) == 0)
      gl_image_refs_free (&r);
  }
  return 0;
}
