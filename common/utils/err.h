/* guestlift: the one error convention of library code.
 *
 * Every room but cli/ reports a failure by returning -1 (or NULL) and
 * filling a struct gl_err: a one-line message and an errno value.  Only
 * cli/ prints (error.h).  Callers that do not care pass NULL.
 *
 *   int
 *   read_thing (const char *path, struct gl_err *err)
 *   {
 *     if (open (path, O_RDONLY) == -1)
 *       return gl_err_errno (err, "%s: open", path);   // "PATH: open: No such file..."
 *     if (too_big)
 *       return gl_err_set (err, EFBIG, "%s: larger than %d bytes", path, max);
 *     ...
 *   }
 *
 *   CLEANUP_ERR struct gl_err err = GL_ERR_INIT;
 *   if (read_thing (p, &err) == -1)
 *     gl_error (image, "%s", err.msg);          // cli/ only
 *
 * A message names what failed and why, never the image being worked on
 * (the caller that knows it adds it as the subject), and is one line:
 * control bytes from guest data or other programs are escaped.
 */
#ifndef GUESTLIFT_ERR_H
#define GUESTLIFT_ERR_H

#include <stdarg.h>

struct gl_err {
  int errnum;      /* an errno value, 0 when the cause has none */
  char *msg;       /* one line, malloc'd; NULL while no error is set */
};

#define GL_ERR_INIT { 0, NULL }

/* Set the error (replacing an earlier one) and return -1, so that
 * "return gl_err_set (...);" is the whole error path.  ERR may be NULL.
 * errno is preserved. */
int gl_err_set (struct gl_err *err, int errnum, const char *fmt, ...)
  __attribute__ ((format (printf, 3, 4)));
int gl_err_vset (struct gl_err *err, int errnum, const char *fmt, va_list ap)
  __attribute__ ((format (printf, 3, 0)));
/* The same with errno: the message ends with ": strerror (errno)". */
int gl_err_errno (struct gl_err *err, const char *fmt, ...)
  __attribute__ ((format (printf, 2, 3)));
/* Put context in front of an error already set: "CONTEXT: old message".
 * Returns -1.  An error not yet set becomes "CONTEXT". */
int gl_err_prefix (struct gl_err *err, const char *fmt, ...)
  __attribute__ ((format (printf, 2, 3)));
/* Move SRC's error into DST (SRC is cleared).  Returns -1. */
int gl_err_move (struct gl_err *dst, struct gl_err *src);
/* The message, or DFLT when none is set (never NULL if DFLT is not). */
const char *gl_err_msg (const struct gl_err *err, const char *dflt);
void gl_err_clear (struct gl_err *err);

void gl_cleanup_err (void *ptr);
#define CLEANUP_ERR __attribute__ ((cleanup (gl_cleanup_err)))

#endif
