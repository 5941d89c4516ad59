/* guestlift: line-by-line editing shared by the rewriters (see
 * rewrite-text.h). */
#include <config.h>

#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "rewrite-text.h"

bool
gl_rw_input_ok (const char *text, size_t len, const struct gl_rewrite_ctx *ctx)
{
  if ((!text && len > 0) || !ctx || !ctx->target ||
      !ctx->target->device_prefix || !ctx->target->console) {
    errno = EINVAL;
    return false;
  }
  if (len > GL_REWRITE_MAX_BYTES) {
    errno = EFBIG;
    return false;
  }
  /* The result is a C string: a NUL byte could not be given back (and a
   * config file holding one is not a text file to edit). */
  if (len > 0 && memchr (text, '\0', len)) {
    errno = EINVAL;
    return false;
  }
  errno = 0;
  return ctx->target->needs_guest_edits;
}


char *
gl_rw_finish (struct gl_buf *out, const char *text, size_t len)
{
  if (out->len == len && (len == 0 || memcmp (out->data, text, len) == 0)) {
    gl_buf_free (out);
    errno = 0;
    return NULL;
  }
  return gl_buf_steal (out);
}


/* Every line of TEXT through FN (a NUL-terminated copy without the
 * newline; input_ok refuses NUL bytes, lines holding one would be copied
 * untouched): FN returns the
 * new line, or NULL with errno 0 to keep it, NULL with errno set on
 * error. */
int
gl_rw_each_line (const char *text, size_t len, struct gl_buf *out,
           line_fn fn, void *opaque)
{
  size_t pos = 0;
  if (gl_buf_append (out, "", 0) == -1)
    return -1;
  while (pos < len) {
    const char *l = text + pos, *e = memchr (l, '\n', len - pos);
    size_t n = e ? (size_t) (e - l) : len - pos;
    char *new = NULL;
    pos += n + (e != NULL);
    if (!memchr (l, '\0', n)) {
      char *copy = strndup (l, n);
      if (!copy)
        return -1;
      errno = 0;
      new = fn (copy, opaque);
      free (copy);
      if (!new && errno)
        return -1;
    }
    if ((new ? gl_buf_puts (out, new) : gl_buf_append (out, l, n)) == -1 ||
        (e && gl_buf_append (out, "\n", 1) == -1)) {
      free (new);
      return -1;
    }
    free (new);
  }
  return 0;
}


char *
gl_rw_run_lines (const char *text, size_t len, const struct gl_rewrite_ctx *ctx,
           line_fn fn, void *opaque)
{
  struct gl_buf out = GL_BUF_INIT;
  if (!gl_rw_input_ok (text, len, ctx))
    return NULL;
  if (gl_rw_each_line (text, len, &out, fn, opaque) == -1) {
    gl_buf_free (&out);
    return NULL;
  }
  return gl_rw_finish (&out, text, len);
}


bool
gl_rw_blank (char c)
{
  return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f';
}


const char *
gl_rw_skip_blanks (const char *p)
{
  while (*p && gl_rw_blank (*p))
    p++;
  return p;
}


const char *
gl_rw_word_end (const char *p)
{
  while (*p && !gl_rw_blank (*p))
    p++;
  return p;
}

