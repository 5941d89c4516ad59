/* guestlift: the error object of library code (see err.h). */
#include <config.h>

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cleanup.h"
#include "err.h"
#include "error.h"

/* Out of memory while reporting: a static message, never freed. */
static char oom_msg[] = "out of memory";

static void
replace (struct gl_err *err, int errnum, char *msg)
{
  if (err->msg != oom_msg)
    free (err->msg);
  err->errnum = errnum;
  if (msg) {
    /* One line: a hostile or multi-line cause cannot forge lines. */
    err->msg = gl_one_line (msg);
    free (msg);
  }
  else
    err->msg = NULL;
  if (!err->msg) {
    err->msg = oom_msg;
    err->errnum = ENOMEM;
  }
}

int
gl_err_vset (struct gl_err *err, int errnum, const char *fmt, va_list ap)
{
  int saved = errno;
  if (err)
    replace (err, errnum, gl_vprintf (fmt, ap));
  errno = saved;
  return -1;
}

int
gl_err_set (struct gl_err *err, int errnum, const char *fmt, ...)
{
  va_list ap;
  va_start (ap, fmt);
  gl_err_vset (err, errnum, fmt, ap);
  va_end (ap);
  return -1;
}

int
gl_err_errno (struct gl_err *err, const char *fmt, ...)
{
  int saved = errno;
  if (err) {
    va_list ap;
    va_start (ap, fmt);
    CLEANUP_FREE char *what = gl_vprintf (fmt, ap);
    va_end (ap);
    replace (err, saved,
             what ? gl_printf ("%s: %s", what, strerror (saved)) : NULL);
  }
  errno = saved;
  return -1;
}

int
gl_err_prefix (struct gl_err *err, const char *fmt, ...)
{
  int saved = errno;
  if (err) {
    va_list ap;
    va_start (ap, fmt);
    CLEANUP_FREE char *ctx = gl_vprintf (fmt, ap);
    va_end (ap);
    char *msg = NULL;
    if (ctx)
      msg = err->msg && err->msg != oom_msg
        ? gl_printf ("%s: %s", ctx, err->msg) : GL_STEAL (ctx);
    replace (err, err->errnum, msg);
  }
  errno = saved;
  return -1;
}

int
gl_err_move (struct gl_err *dst, struct gl_err *src)
{
  if (!src)
    return -1;
  if (dst) {
    if (dst->msg != oom_msg)
      free (dst->msg);
    *dst = *src;
  }
  else if (src->msg != oom_msg)
    free (src->msg);
  src->msg = NULL;
  src->errnum = 0;
  return -1;
}

const char *
gl_err_msg (const struct gl_err *err, const char *dflt)
{
  return err && err->msg ? err->msg : dflt;
}

void
gl_err_clear (struct gl_err *err)
{
  if (!err)
    return;
  if (err->msg != oom_msg)
    free (err->msg);
  err->msg = NULL;
  err->errnum = 0;
}

void
gl_cleanup_err (void *ptr)
{
  gl_err_clear (ptr);
}
