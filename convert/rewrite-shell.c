/* guestlift: one KEY=value line of a shell-style variables file, its value
 * edited and its quoting kept (see gl_rewrite_shell_value in rewrite.h).
 *
 * These files (/etc/default/grub, /etc/sysconfig/...) are sourced by shell
 * scripts, so the rebuilt line must stay valid shell: the quote character
 * is kept, a bare value that gains blanks is double-quoted, and a value we
 * cannot delimit for sure (an unterminated quote, i.e. a multi-line value)
 * is left alone.
 */
#include <config.h>

#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "rewrite.h"

static bool
blank (char c)
{
  return c == ' ' || c == '\t';
}

char *
gl_rewrite_shell_value (const char *line, const char *key,
                        char *(*edit) (const char *value, void *opaque),
                        void *opaque)
{
  struct gl_buf b = GL_BUF_INIT;
  size_t n, i = 0, klen, vstart, vend, rest;
  char quote = 0, *value, *nv;
  bool needs_quotes = false;

  if (!line || !key || !edit) {
    errno = EINVAL;
    return NULL;
  }
  n = strnlen (line, GL_REWRITE_MAX_BYTES + 1);
  if (n > GL_REWRITE_MAX_BYTES) {
    errno = EFBIG;
    return NULL;
  }
  klen = strlen (key);
  while (i < n && blank (line[i]))
    i++;
  if (n - i > 7 && memcmp (line + i, "export", 6) == 0 && blank (line[i + 6])) {
    i += 6;
    while (i < n && blank (line[i]))
      i++;
  }
  if (n - i < klen + 1 || memcmp (line + i, key, klen) != 0 ||
      line[i + klen] != '=')
    goto unchanged;
  i += klen + 1;

  if (i < n && (line[i] == '"' || line[i] == '\'')) {
    quote = line[i++];
    vstart = i;
    while (i < n && line[i] != quote) {
      /* Inside double quotes a backslash escapes the next character. */
      if (quote == '"' && line[i] == '\\' && i + 1 < n)
        i++;
      i++;
    }
    if (i >= n)
      goto unchanged;
    vend = i;
    rest = i + 1;
  }
  else {
    vstart = i;
    while (i < n && !blank (line[i]) && line[i] != ';' && line[i] != '\r') {
      /* Quotes or escapes inside a bare word: too clever to edit. */
      if (line[i] == '"' || line[i] == '\'' || line[i] == '\\')
        goto unchanged;
      i++;
    }
    vend = rest = i;
  }

  value = strndup (line + vstart, vend - vstart);
  if (!value)
    return NULL;
  errno = 0;
  nv = edit (value, opaque);
  if (!nv) {
    int e = errno;
    free (value);
    errno = e;
    return NULL;
  }
  if (strcmp (nv, value) == 0) {
    free (value);
    free (nv);
    goto unchanged;
  }
  free (value);
  if (!quote)
    for (const char *p = nv; *p && !needs_quotes; ++p)
      needs_quotes = blank (*p);

  if (gl_buf_append (&b, line, quote ? vstart - 1 : vstart) == -1 ||
      (quote && gl_buf_append (&b, &quote, 1) == -1) ||
      (needs_quotes && gl_buf_puts (&b, "\"") == -1) ||
      gl_buf_puts (&b, nv) == -1 ||
      (needs_quotes && gl_buf_puts (&b, "\"") == -1) ||
      (quote && gl_buf_append (&b, &quote, 1) == -1) ||
      gl_buf_append (&b, line + rest, n - rest) == -1) {
    free (nv);
    gl_buf_free (&b);
    return NULL;
  }
  free (nv);
  return gl_buf_steal (&b);

 unchanged:
  errno = 0;
  return NULL;
}
