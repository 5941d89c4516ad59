/* guestlift: shards (see shard.h). */
#include <config.h>

#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "shard.h"

/* A decimal number from 1 to max, digits only (no sign, no spaces);
 * the end of the digits in *end. */
static bool
parse_count (const char *s, unsigned max, unsigned *v, const char **end)
{
  unsigned long x = 0;
  const char *p = s;
  while (*p >= '0' && *p <= '9') {
    x = x * 10 + (unsigned long) (*p - '0');
    if (x > max)
      return false;
    p++;
  }
  if (p == s || x == 0)
    return false;
  *v = (unsigned) x;
  *end = p;
  return true;
}

int
gl_shard_parse (const char *spec, unsigned *k, unsigned *n, struct gl_err *err)
{
  const char *p;
  unsigned kk, nn;
  if (!parse_count (spec, GL_MAX_SHARDS, &kk, &p) || *p != '/'
      || !parse_count (p + 1, GL_MAX_SHARDS, &nn, &p) || *p != '\0'
      || kk > nn) {
    gl_err_set (err, EINVAL, "'%s' is not K/N with 1 <= K <= N <= %d (e.g. 2/8)",
                spec, GL_MAX_SHARDS);
    errno = EINVAL;
    return -1;
  }
  *k = kk;
  *n = nn;
  return 0;
}

size_t
gl_shard_keep (void *base, size_t nmemb, size_t size,
               int (*cmp) (const void *, const void *),
               void (*drop) (void *elem), unsigned k, unsigned n)
{
  if (n == 0 || k == 0 || k > n)
    return nmemb;
  qsort (base, nmemb, size, cmp);
  size_t from = nmemb * (k - 1) / n, to = nmemb * k / n;
  char *b = base;
  for (size_t i = 0; drop && i < nmemb; ++i)
    if (i < from || i >= to)
      drop (b + i * size);
  memmove (b, b + from * size, (to - from) * size);
  return to - from;
}
