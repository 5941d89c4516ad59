/* guestlift: /etc/fstab and /etc/crypttab reader (see fstab.h).
 *
 * fstab(5): one entry a line, fields separated by spaces or tabs, '#'
 * lines are comments, and blanks inside a field are written as octal
 * escapes ("\040" for a space, "\011" for a tab), which we decode as
 * getmntent(3) does.  We keep the first four fields and ignore dump/pass;
 * a line needs at least two (spec and mount point), and a missing type or
 * options field becomes "" so that callers never meet NULL.  Augeas is
 * not used: starting it costs seconds per guest under TCG (libguestfs's
 * own inspection spends most of its ~8-10 s per root there).  A NUL byte
 * ends the text.
 */
#include <config.h>

#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "fstab.h"
#include "guest-text.h"

static bool
is_octal (char c)
{
  return c >= '0' && c <= '7';
}

/* Copy a field, decoding "\NNN" (three octal digits, value 1-255); any
 * other backslash is kept as it is. */
static char *
decode_field (const char *p, size_t len)
{
  char *s = malloc (len + 1), *o = s;
  if (!s)
    return NULL;
  for (size_t i = 0; i < len; ++i) {
    if (p[i] == '\\' && len - i > 3 &&
        is_octal (p[i + 1]) && is_octal (p[i + 2]) && is_octal (p[i + 3])) {
      int v = (p[i + 1] - '0') * 64 + (p[i + 2] - '0') * 8 + (p[i + 3] - '0');
      if (v > 0 && v < 256) {
        *o++ = (char) v;
        i += 3;
        continue;
      }
    }
    *o++ = p[i];
  }
  *o = '\0';
  return s;
}

static void
free_entry (struct gl_fstab_entry *e)
{
  free (e->spec);
  free (e->file);
  free (e->vfstype);
  free (e->options);
}

/* One line [p, end).  0 (added or skipped) or -1 (ENOMEM). */
static int
do_line (const char *p, const char *end, gl_fstab *out)
{
  const char *field[4];
  size_t flen[4];
  size_t n = 0;

  while (p < end && n < 4) {
    while (p < end && gl_text_is_blank (*p))
      p++;
    if (p == end)
      break;
    if (n == 0 && *p == '#')
      return 0;
    field[n] = p;
    while (p < end && !gl_text_is_blank (*p))
      p++;
    flen[n] = (size_t) (p - field[n]);
    n++;
  }
  if (n < 2)
    return 0;

  struct gl_fstab_entry e = {
    .spec = decode_field (field[0], flen[0]),
    .file = decode_field (field[1], flen[1]),
    .vfstype = n > 2 ? decode_field (field[2], flen[2]) : strdup (""),
    .options = n > 3 ? decode_field (field[3], flen[3]) : strdup (""),
  };
  if (!e.spec || !e.file || !e.vfstype || !e.options ||
      gl_fstab_append (out, e) == -1) {
    free_entry (&e);
    errno = ENOMEM;
    return -1;
  }
  return 0;
}

int
gl_fstab_parse (const char *text, size_t len, gl_fstab *out)
{
  if (gl_text_bound (text, &len, GL_FSTAB_MAX_BYTES) == -1)
    return -1;
  if (len == 0)
    return 0;
  const char *p = text, *end = text + len, *ls, *le;
  while (gl_text_line (&p, end, &ls, &le))
    if (do_line (ls, le, out) == -1)
      return -1;
  return 0;
}

void
gl_fstab_free (gl_fstab *f)
{
  if (!f)
    return;
  for (size_t i = 0; i < f->len; ++i)
    free_entry (&f->ptr[i]);
  gl_fstab_reset (f);
}
