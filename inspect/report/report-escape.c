/* guestlift: the sanitiser every report writer passes guest strings
 * through.  Guest data is hostile: a hostname may hold invalid UTF-8 (json-c
 * and libxml2 would copy or reject it), control characters (XML 1.0 cannot
 * carry them at all), or terminal escape sequences and bidi overrides that
 * would rewrite what a person sees. */
#include <config.h>

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "report-write.h"

#define REPLACEMENT "\xef\xbf\xbd"   /* U+FFFD in UTF-8 */

/* Decode one code point at s (n bytes left).  Returns its length, or 0
 * for an invalid sequence (then the caller replaces one byte). */
static size_t
utf8_decode (const unsigned char *s, size_t n, uint32_t *cp)
{
  /* Lead byte -> sequence length and smallest code point allowed, which
   * rejects overlong forms. */
  static const struct { unsigned char mask, lead; size_t len; uint32_t min; }
  forms[] = {
    { 0x80, 0x00, 1, 0 },
    { 0xe0, 0xc0, 2, 0x80 },
    { 0xf0, 0xe0, 3, 0x800 },
    { 0xf8, 0xf0, 4, 0x10000 },
  };
  for (size_t f = 0; f < sizeof forms / sizeof forms[0]; ++f) {
    if ((s[0] & forms[f].mask) != forms[f].lead)
      continue;
    size_t len = forms[f].len;
    if (len > n)
      return 0;
    uint32_t c = s[0] & (uint32_t) ~forms[f].mask & 0x7f;
    for (size_t i = 1; i < len; ++i) {
      if ((s[i] & 0xc0) != 0x80)
        return 0;
      c = (c << 6) | (s[i] & 0x3f);
    }
    if (c < forms[f].min || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
      return 0;
    *cp = c;
    return len;
  }
  return 0;                     /* continuation byte or 0xf8..0xff */
}

static bool
is_control (uint32_t c)
{
  return c < 0x20 || c == 0x7f || (c >= 0x80 && c <= 0x9f);
}

static bool
xml_forbidden (uint32_t c)
{
  return (c < 0x20 && c != '\t' && c != '\n' && c != '\r')
    || c == 0xfffe || c == 0xffff;
}

/* Bidirectional embeddings, overrides and isolates ("Trojan Source"). */
static bool
is_bidi_control (uint32_t c)
{
  return (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069)
    || c == 0x200e || c == 0x200f || c == 0x061c;
}

char *
gl_report_clean (const char *str, unsigned flags)
{
  if (!str) {
    errno = 0;
    return NULL;
  }
  const unsigned char *s = (const unsigned char *) str;
  size_t n = strlen (str);
  CLEANUP_BUF struct gl_buf b = GL_BUF_INIT;

  if (gl_buf_append (&b, "", 0) == -1)
    return NULL;
  while (n > 0) {
    uint32_t c;
    size_t len = utf8_decode (s, n, &c);
    int r;
    if (len == 0) {
      r = gl_buf_puts (&b, REPLACEMENT);
      len = 1;
    }
    else if ((flags & GL_CLEAN_TERM) && is_control (c)) {
      static const char *const named[0x20] = {
        ['\n'] = "\\n", ['\t'] = "\\t", ['\r'] = "\\r",
      };
      if (c < 0x20 && named[c])
        r = gl_buf_puts (&b, named[c]);
      else
        r = gl_buf_printf (&b, "\\x%02x", (unsigned) c);
    }
    else if (((flags & GL_CLEAN_TERM) && is_bidi_control (c))
             || ((flags & GL_CLEAN_LINE) && is_control (c))
             || ((flags & GL_CLEAN_XML) && xml_forbidden (c)))
      r = gl_buf_puts (&b, REPLACEMENT);
    else
      r = gl_buf_append (&b, s, len);
    if (r == -1)
      return NULL;
    s += len;
    n -= len;
  }
  return gl_buf_steal (&b);
}

size_t
gl_report_width (const char *s)
{
  size_t w = 0;
  for (; s && *s; ++s)
    if (((unsigned char) *s & 0xc0) != 0x80)
      ++w;
  return w;
}

int
gl_report_write_done (FILE *fp, bool oom, struct gl_err *err)
{
  if (fflush (fp) == EOF || ferror (fp))
    return gl_err_set (err, errno ? errno : EIO, "cannot write the report: %s",
                       strerror (errno ? errno : EIO));
  if (oom)
    return gl_err_set (err, ENOMEM, "out of memory");
  return 0;
}
