/* libFuzzer target for gl_distro_detect (inspect/parsers/distro.h).  The input is
 * split at NUL bytes into the release files in enum gl_release_file's order
 * (os-release, lsb-release, ...); an empty part means the file is absent,
 * a part "\001" an empty file.  /usr/bin/dnf is there when the input's
 * length is odd. */
#include <config.h>

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "distro.h"

#define NPARTS GL_REL_COUNT

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  char *copy = malloc (size + 1);
  if (!copy)
    return 0;
  memcpy (copy, data, size);
  copy[size] = '\0';

  const char *part[NPARTS] = { NULL };
  char *p = copy, *end = copy + size;
  for (int i = 0; i < NPARTS && p <= end; ++i) {
    part[i] = *p ? p : NULL;
    p += strlen (p) + 1;
  }

  struct gl_release_files f = { .has_dnf = size & 1 };
  for (int i = 0; i < NPARTS; ++i)
    f.text[i] = part[i] && strcmp (part[i], "\001") == 0 ? "" : part[i];
  struct gl_distro d;
  if (gl_distro_detect (&f, &d) == 0) {
    if (!d.distro || d.major < 0 || d.minor < 0)
      abort ();
    if (d.product_name)
      (void) strlen (d.product_name);
    if (d.osinfo)
      (void) strlen (d.osinfo);
  }
  gl_distro_free (&d);
  free (copy);
  return 0;
}
