/* guestlift: enum-to-string tables (see enum-names.h). */
#include <config.h>

#include <errno.h>
#include <string.h>

#include "enum-names.h"

const char *
gl_enum_name (const char *const *names, size_t n, unsigned v, const char *dflt)
{
  return v < n && names[v] ? names[v] : dflt;
}

int
gl_enum_parse (const char *const *names, size_t n, const char *name)
{
  for (size_t i = 0; name && i < n; ++i)
    if (names[i] && strcmp (names[i], name) == 0)
      return (int) i;
  errno = EINVAL;
  return -1;
}
