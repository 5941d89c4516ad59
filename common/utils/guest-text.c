/* guestlift: guest text as the parsers take it (see guest-text.h). */
#include <config.h>

#include <errno.h>
#include <string.h>

#include "guest-text.h"

bool
gl_text_is_blank (char c)
{
  return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f';
}

int
gl_text_bound (const char *text, size_t *len, size_t max)
{
  if (*len > max) {
    errno = EFBIG;
    return -1;
  }
  if (!text) {
    *len = 0;
    return 0;
  }
  const char *nul = memchr (text, '\0', *len);
  if (nul)
    *len = (size_t) (nul - text);
  return 0;
}

bool
gl_text_line (const char **p, const char *end, const char **ls, const char **le)
{
  if (*p >= end)
    return false;
  const char *nl = memchr (*p, '\n', (size_t) (end - *p));
  *ls = *p;
  *le = nl ? nl : end;
  *p = nl ? nl + 1 : end;
  return true;
}

void
gl_text_trim (const char **s, const char **e)
{
  while (*s < *e && gl_text_is_blank (**s))
    (*s)++;
  while (*e > *s && gl_text_is_blank ((*e)[-1]))
    (*e)--;
}
