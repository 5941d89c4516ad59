/* Fuzz target: inspect/parsers/kconfig.c and the classifiers in
 * inspect/parsers/kernel-classify.c on arbitrary config text.  The input is also
 * read as a NUL-separated list of module file names. */
#include <config.h>

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "kconfig.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  struct gl_kconfig *c = gl_kconfig_parse ((const char *) data, size);
  if (c) {
    char *ev = NULL;
    struct gl_virtio v;
    bool builtin;
    gl_tristate pv = gl_kconfig_pv_only (c, &ev);
    if ((pv == GL_TRUE) != (ev != NULL))
      abort ();
    free (ev);
    gl_kconfig_virtio (c, &v, &builtin);
    if (builtin && !v.blk)
      abort ();
    (void) gl_kconfig_has_ide (c);
    (void) gl_kconfig_arch (c);
    if (gl_kconfig_count (c) == 0 && gl_kconfig_get (c, "X86") != NULL)
      abort ();
    gl_kconfig_free (c);
  }

  /* Module names: split a NUL-terminated copy at NUL and '\n'. */
  char *copy = malloc (size + 1);
  if (!copy)
    return 0;
  memcpy (copy, data, size);
  copy[size] = '\0';
  const char *names[64];
  size_t n = 0;
  char *p = copy;
  while (n < 64) {
    names[n++] = p;
    char *e = p + strcspn (p, "\n");
    if (*e == '\0')
      break;
    *e = '\0';
    p = e + 1;
  }
  struct gl_virtio v = { 0 };
  bool ide = false;
  gl_modules_virtio (names, n, &v, &ide);
  free (copy);
  return 0;
}
