/* guestlift: the rules of a guest's name (see guest-name.h). */
#include <config.h>

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "guest-name.h"

static bool
name_char (char c)
{
  return isalnum ((unsigned char) c) || c == '_' || c == '.' || c == '-';
}

bool
gl_guest_name_valid (const char *s)
{
  size_t n = s ? strlen (s) : 0;
  if (n == 0 || n > GL_GUEST_NAME_MAX || s[0] == '.')
    return false;
  for (size_t i = 0; i < n; ++i)
    if (!name_char (s[i]))
      return false;
  return true;
}

char *
gl_guest_name_sanitise (const char *s, size_t n)
{
  if (n > GL_GUEST_NAME_MAX)
    n = GL_GUEST_NAME_MAX;
  if (n == 0) {
    errno = EINVAL;
    return NULL;
  }
  char *out = strndup (s, n);
  if (!out)
    return NULL;
  for (size_t i = 0; out[i]; ++i)
    if (!name_char (out[i]) || (i == 0 && out[i] == '.'))
      out[i] = '_';
  return out;
}
