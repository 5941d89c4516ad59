/* libFuzzer target for gl_keyvalue_get and gl_keyvalue_get_raw
 * (common/utils/keyvalue.h).  Input: KEY NUL TEXT (no NUL: key "ID"). */
#include <config.h>

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "keyvalue.h"

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  const char *in = (const char *) data;
  const char *nul = memchr (in, '\0', size);
  char *key = nul ? strndup (in, (size_t) (nul - in)) : strdup ("ID");
  const char *text = nul ? nul + 1 : in;
  size_t len = nul ? size - (size_t) (nul - in) - 1 : size;

  if (key) {
    char *v = gl_keyvalue_get (text, len, key);
    if (v && strlen (v) > len)
      abort ();                 /* values only shrink */
    free (v);
    v = gl_keyvalue_get_raw (text, len, key);
    if (v && strlen (v) > len)
      abort ();
    free (v);
  }
  free (key);
  return 0;
}
