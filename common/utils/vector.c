/* guestlift: growable vector storage and the string vector helpers. */
#include <config.h>

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>

#include "vector.h"

int
gl_vector_reserve (void **ptr, size_t *cap, size_t len, size_t n,
                   size_t itemsize)
{
  if (len + n <= *cap)
    return 0;
  size_t newcap = *cap ? *cap : 4;
  while (newcap < len + n) {
    if (newcap > SIZE_MAX / 2 / itemsize) {
      errno = ENOMEM;
      return -1;
    }
    newcap *= 2;
  }
  void *p = realloc (*ptr, newcap * itemsize);
  if (!p)
    return -1;
  *ptr = p;
  *cap = newcap;
  return 0;
}

int
string_vector_add (string_vector *v, const char *s)
{
  char *copy = strdup (s);
  if (!copy)
    return -1;
  if (string_vector_append (v, copy) == -1) {
    free (copy);
    return -1;
  }
  return 0;
}

int
string_vector_contains (const string_vector *v, const char *s)
{
  for (size_t i = 0; i < v->len; ++i)
    if (strcmp (v->ptr[i], s) == 0)
      return 1;
  return 0;
}

int
string_vector_add_unique (string_vector *v, const char *s)
{
  if (string_vector_contains (v, s))
    return 0;
  return string_vector_add (v, s);
}

void
string_vector_free (string_vector *v)
{
  for (size_t i = 0; i < v->len; ++i)
    free (v->ptr[i]);
  string_vector_reset (v);
}
