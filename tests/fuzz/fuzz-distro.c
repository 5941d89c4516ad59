/* libFuzzer target for gl_distro_detect (inspect/parsers/distro.h).  The input is
 * split at NUL bytes into os-release, redhat-release, centos-release,
 * SuSE-release, debian_version and lsb-release; an empty part means the
 * file is absent. */
#include <config.h>

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "distro.h"

#define NPARTS 6

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

  struct gl_release_files f = {
    .os_release = part[0], .redhat_release = part[1],
    .centos_release = part[2], .suse_release = part[3],
    .debian_version = part[4], .lsb_release = part[5],
  };
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
