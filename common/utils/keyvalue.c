/* guestlift: shell-style KEY=value files (see keyvalue.h).
 *
 * Every assignment is parsed, not just the wanted one, so that a quoted
 * value spanning lines cannot be mistaken for further assignments.
 */
#include <config.h>

#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "keyvalue.h"

static int
is_blank (char c)
{
  return c == ' ' || c == '\t' || c == '\r';
}

static int
is_name_char (char c, bool first)
{
  return c == '_' || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
    (!first && c >= '0' && c <= '9');
}

static int
add (struct gl_buf *b, char c)
{
  return gl_buf_append (b, &c, 1);
}

/* Parse a shell word at s[*pos..len) into b (reset first). */
static int
parse_value (const char *s, size_t len, size_t *pos, struct gl_buf *b)
{
  size_t p = *pos;
  b->len = 0;
  if (gl_buf_append (b, "", 0) == -1)
    return -1;
  while (p < len) {
    char c = s[p];
    if (is_blank (c) || c == '\n' || c == ';')
      break;
    p++;
    if (c == '\\') {
      if (p >= len) {
        if (add (b, '\\') == -1)
          return -1;
      }
      else if (s[p] == '\n')
        p++;                    /* continuation */
      else if (add (b, s[p++]) == -1)
        return -1;
    }
    else if (c == '\'') {
      const char *q = memchr (s + p, '\'', len - p);
      size_t n = q ? (size_t) (q - (s + p)) : len - p;
      if (gl_buf_append (b, s + p, n) == -1)
        return -1;
      p += n + (q != NULL);
    }
    else if (c == '"') {
      while (p < len && s[p] != '"') {
        c = s[p++];
        if (c == '\\' && p < len && strchr ("\"\\$`\n", s[p]) != NULL) {
          c = s[p++];
          if (c == '\n')
            continue;
        }
        if (add (b, c) == -1)
          return -1;
      }
      if (p < len)
        p++;
    }
    else if (add (b, c) == -1)
      return -1;
  }
  *pos = p;
  return 0;
}

/* grubenv: the rest of the line, escapes undone. */
static int
parse_raw (const char *s, size_t len, size_t *pos, struct gl_buf *b)
{
  size_t p = *pos;
  b->len = 0;
  if (gl_buf_append (b, "", 0) == -1)
    return -1;
  while (p < len && s[p] != '\n') {
    char c = s[p++];
    if (c == '\\' && p < len && (s[p] == '\\' || s[p] == 'n'))
      c = s[p++] == 'n' ? '\n' : '\\';
    if (add (b, c) == -1)
      return -1;
  }
  *pos = p;
  return 0;
}

static char *
get (const char *text, size_t len, const char *key, bool raw)
{
  if (len > GL_KEYVALUE_MAX_BYTES) {
    errno = EFBIG;
    return NULL;
  }
  size_t keylen = strlen (key);
  struct gl_buf b = GL_BUF_INIT;
  char *found = NULL;
  size_t p = 0;

  while (p < len) {
    /* At the start of a line. */
    while (p < len && is_blank (text[p]))
      p++;
    if (!raw && len - p > 7 && memcmp (text + p, "export", 6) == 0 &&
        is_blank (text[p + 6])) {
      p += 6;
      while (p < len && is_blank (text[p]))
        p++;
    }
    size_t name = p;
    while (p < len && is_name_char (text[p], p == name))
      p++;
    if (p > name && p < len && text[p] == '=') {
      bool wanted = p - name == keylen && memcmp (text + name, key, keylen) == 0;
      p++;
      if ((raw ? parse_raw : parse_value) (text, len, &p, &b) == -1)
        goto nomem;
      if (wanted) {
        free (found);
        if ((found = strdup (b.data)) == NULL)
          goto nomem;
      }
    }
    /* Skip the rest of the line (comments, other commands). */
    const char *nl = memchr (text + p, '\n', len - p);
    p = nl ? (size_t) (nl - text) + 1 : len;
  }
  gl_buf_free (&b);
  errno = 0;
  return found;

 nomem:
  gl_buf_free (&b);
  free (found);
  errno = ENOMEM;
  return NULL;
}

char *
gl_keyvalue_get (const char *text, size_t len, const char *key)
{
  return get (text, len, key, false);
}

char *
gl_keyvalue_get_raw (const char *text, size_t len, const char *key)
{
  return get (text, len, key, true);
}
