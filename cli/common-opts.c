/* guestlift: -v, -x and -V of every subcommand (see common-opts.h). */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>

#include "common-opts.h"
#include "error.h"

/* Which variables each option sets: libguestfs's own names, so that -v
 * means exactly what LIBGUESTFS_DEBUG=1 means to libguestfs (see
 * guestfs(3) ENVIRONMENT VARIABLES). */
static const struct {
  int option;
  const char *const vars[3];
} verbosity[] = {
  { 'v', { "LIBGUESTFS_DEBUG", "GUESTLIFT_DEBUG", NULL } },
  { 'x', { "LIBGUESTFS_TRACE", NULL } },
};

void
gl_common_verbosity (int c)
{
  for (size_t i = 0; i < sizeof verbosity / sizeof verbosity[0]; ++i)
    if (verbosity[i].option == c)
      for (const char *const *v = verbosity[i].vars; *v; ++v)
        if (setenv (*v, "1", 1) == -1)
          gl_warning (NULL, "cannot set %s: %m", *v);
}

int
gl_print_version (void)
{
  printf ("guestlift %s\n", PACKAGE_VERSION);
  return GL_EXIT_OK;
}
