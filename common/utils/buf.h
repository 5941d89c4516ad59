/* guestlift: a growable byte buffer, always NUL-terminated, for building
 * strings and collecting program output with a hard size bound. */
#ifndef GUESTLIFT_BUF_H
#define GUESTLIFT_BUF_H

#include <stddef.h>
#include <stdarg.h>

struct gl_buf {
  char *data;      /* NUL-terminated; NULL until first append */
  size_t len;
  size_t cap;
};

#define GL_BUF_INIT { NULL, 0, 0 }

int gl_buf_append (struct gl_buf *b, const void *data, size_t n);
int gl_buf_puts (struct gl_buf *b, const char *s);
int gl_buf_printf (struct gl_buf *b, const char *fmt, ...)
  __attribute__ ((format (printf, 2, 3)));
/* Hand out the string (never NULL unless out of memory); buffer is reset. */
char *gl_buf_steal (struct gl_buf *b);
void gl_buf_free (struct gl_buf *b);

void gl_cleanup_buf (void *ptr);
#define CLEANUP_BUF __attribute__ ((cleanup (gl_cleanup_buf)))

#endif
