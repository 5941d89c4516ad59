/* Fuzz target: inspect/parsers/modprobe.c on arbitrary modprobe.d text. */
#include <config.h>

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "modprobe.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  string_vector v = empty_vector;
  int left = gl_modprobe_xen_aliases ((const char *) data, size, &v);
  if (left > 0 && v.len != GL_MODPROBE_MAX_ALIASES)
    abort ();                   /* only a full vector leaves aliases out */
  if (left >= 0)
    for (size_t i = 0; i < v.len; ++i)
      if (strncmp (v.ptr[i], "alias ", 6) != 0 || strchr (v.ptr[i], '\n') ||
          strchr (v.ptr[i], '\t') || strstr (v.ptr[i], "  "))
        abort ();
  if (v.len > GL_MODPROBE_MAX_ALIASES)
    abort ();
  string_vector_free (&v);
  return 0;
}
