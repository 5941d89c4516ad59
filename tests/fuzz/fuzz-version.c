/* Fuzz target: common/utils/version.c.  The input is split at its first NUL
 * (or in the middle) into two strings a and b; gl_vercmp must be
 * antisymmetric and reflexive, and the file-name helpers must not crash. */
#include <config.h>

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "version.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  const uint8_t *nul = memchr (data, '\0', size);
  size_t la = nul ? (size_t) (nul - data) : size / 2;
  size_t lb = size - la - (nul ? 1 : 0);
  char *a = strndup ((const char *) data, la);
  char *b = strndup ((const char *) data + la + (nul ? 1 : 0), lb);
  if (!a || !b)
    goto out;

  int ab = gl_vercmp (a, b), ba = gl_vercmp (b, a);
  if (ab != -ba || ab < -1 || ab > 1)
    abort ();
  if (gl_vercmp (a, a) != 0)
    abort ();

  char *v = gl_kernel_version_from_name (a);
  if (v && strlen (v) >= strlen (a))
    abort ();
  free (v);
  (void) gl_initrd_is_kdump (b);
  (void) gl_kernel_version_is_debug (b);
 out:
  free (a);
  free (b);
  return 0;
}
