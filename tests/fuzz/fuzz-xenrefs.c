/* Fuzz target: inspect/parsers/xenrefs.c: inittab, securetty and command line
 * readers on arbitrary text. */
#include <config.h>

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "xenrefs.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

static void
check (string_vector *v)
{
  for (size_t i = 0; i < v->len; ++i)
    if (strlen (v->ptr[i]) < 4 || strlen (v->ptr[i]) > 7 ||
        (strncmp (v->ptr[i], "xvc", 3) != 0 && strncmp (v->ptr[i], "hvc", 3) != 0))
      abort ();
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  string_vector v = empty_vector;
  const char *t = (const char *) data;
  gl_xen_consoles_in_inittab (t, size, &v);
  gl_xen_consoles_in_securetty (t, size, &v);
  char *s = strndup (t, size);
  if (s) {
    gl_xen_consoles_in_cmdline (s, &v);
    (void) gl_is_xen_disk_device (s);
    free (s);
  }
  check (&v);
  string_vector_free (&v);
  return 0;
}
