/* Fuzz target: inspect/parsers/fstab.c on arbitrary fstab text. */
#include <config.h>

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fstab.h"
#include "xenrefs.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  gl_fstab f = empty_vector;
  if (gl_fstab_parse ((const char *) data, size, &f) == 0) {
    for (size_t i = 0; i < f.len; ++i) {
      /* Every field is a string, never NULL, never longer than the input. */
      if (!f.ptr[i].spec || !f.ptr[i].file || !f.ptr[i].vfstype ||
          !f.ptr[i].options || strlen (f.ptr[i].spec) > size ||
          strlen (f.ptr[i].options) > size)
        abort ();
      (void) gl_is_xen_disk_device (f.ptr[i].spec);
    }
  }
  gl_fstab_free (&f);
  return 0;
}
