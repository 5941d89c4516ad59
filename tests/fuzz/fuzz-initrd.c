/* guestlift fuzz target: gl_initrd_list_mem on arbitrary bytes (an
 * initramfs copied out of a hostile guest). */
#include <config.h>

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "kimage.h"

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  string_vector names = empty_vector;
  struct gl_err err = GL_ERR_INIT;

  if (gl_initrd_list_mem (data, size, &names, &err) == 0)
    (void) gl_initrd_names_have_virtio_blk (&names);
  string_vector_free (&names);
  gl_err_clear (&err);
  return 0;
}
