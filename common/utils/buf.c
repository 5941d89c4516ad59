/* guestlift: growable byte buffer (see buf.h). */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdarg.h>

#include "buf.h"
#include "vector.h"

int
gl_buf_append (struct gl_buf *b, const void *data, size_t n)
{
  if (gl_vector_reserve ((void **) &b->data, &b->cap, b->len, n + 1, 1) == -1)
    return -1;
  memcpy (b->data + b->len, data, n);
  b->len += n;
  b->data[b->len] = '\0';
  return 0;
}

int
gl_buf_puts (struct gl_buf *b, const char *s)
{
  return gl_buf_append (b, s, strlen (s));
}

int
gl_buf_printf (struct gl_buf *b, const char *fmt, ...)
{
  va_list ap;
  char *s;
  va_start (ap, fmt);
  int r = vasprintf (&s, fmt, ap);
  va_end (ap);
  if (r == -1)
    return -1;
  r = gl_buf_append (b, s, (size_t) r);
  free (s);
  return r;
}

char *
gl_buf_steal (struct gl_buf *b)
{
  char *s = b->data ? b->data : strdup ("");
  b->data = NULL;
  b->len = b->cap = 0;
  return s;
}

void
gl_buf_free (struct gl_buf *b)
{
  free (b->data);
  b->data = NULL;
  b->len = b->cap = 0;
}

void
gl_cleanup_buf (void *ptr)
{
  gl_buf_free (ptr);
}
