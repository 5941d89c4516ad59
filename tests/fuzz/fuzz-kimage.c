/* guestlift fuzz target: gl_kimage_read on arbitrary bytes (a kernel
 * image copied out of a hostile guest). */
#include <config.h>

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "kimage.h"

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  struct gl_kimage_info info;
  struct gl_err err = GL_ERR_INIT;

  /* A small bound keeps each run fast; the logic is the same. */
  gl_kimage_set_unpacked_limit (8 * 1024 * 1024);
  if (gl_kimage_read (data, size, &info, &err) == 0) {
    free (gl_kimage_format_hint (&info));
    gl_kimage_info_free (&info);
  }
  gl_err_clear (&err);
  return 0;
}
