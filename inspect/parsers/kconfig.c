/* guestlift: Linux kernel .config reader (see kconfig.h).
 *
 * The text is copied once; symbol names and values are cut out of that
 * copy in place, and an array of (name, value) pairs sorted by name gives
 * O(log n) look-ups.  A config is a few thousand lines, so this is cheaper
 * and simpler than a hash table.
 *
 * Guest data is hostile, so the reader is forgiving rather than strict:
 * lines that are not "CONFIG_NAME=VALUE" or "# CONFIG_NAME is not set" are
 * ignored, CR before LF is dropped, the last line need not end in LF, and
 * when a symbol appears twice the last line wins (as in Kconfig itself,
 * where a later assignment overrides an earlier one).  A NUL byte ends the
 * text: IKCONFIG blobs and files read into fixed buffers may be padded
 * with NULs, and nothing after one is config text.
 */
#include <config.h>

#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "kconfig.h"
#include "guest-text.h"

struct gl_kconfig_sym {
  const char *name;        /* without "CONFIG_" */
  const char *value;       /* NULL when "# CONFIG_X is not set" */
  size_t line;             /* line number, so that the last line wins */
};

struct gl_kconfig {
  char *text;              /* our copy; names and values point into it */
  struct gl_kconfig_sym *syms;
  size_t n;                /* set symbols only, sorted by name */
};

static const char prefix[] = "CONFIG_";
#define PREFIX_LEN (sizeof prefix - 1)

static bool
is_sym_char (char c)
{
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
    (c >= '0' && c <= '9') || c == '_';
}

static bool
is_blank (char c)
{
  return c == ' ' || c == '\t' || c == '\r';
}

/* Parse one NUL-terminated line (modified in place).  Returns true and
 * fills *sym for "CONFIG_X=V" (value set) and "# CONFIG_X is not set"
 * (value NULL); false for anything else. */
static bool
parse_line (char *line, struct gl_kconfig_sym *sym)
{
  char *p = line, *end;
  bool unset = false;

  /* Trailing blanks (and the CR of CRLF) are not part of the value. */
  end = p + strlen (p);
  while (end > p && is_blank (end[-1]))
    *--end = '\0';
  while (is_blank (*p))
    p++;

  if (*p == '#') {
    p++;
    while (is_blank (*p))
      p++;
    unset = true;
  }
  if (strncmp (p, prefix, PREFIX_LEN) != 0)
    return false;
  p += PREFIX_LEN;

  char *name = p;
  while (is_sym_char (*p))
    p++;
  if (p == name)
    return false;

  if (unset) {
    if (strcmp (p, " is not set") != 0)
      return false;
    *p = '\0';
    sym->name = name;
    sym->value = NULL;
    return true;
  }

  if (*p != '=' || p[1] == '\0')
    return false;
  *p = '\0';
  sym->name = name;
  sym->value = p + 1;
  return true;
}

static int
cmp_sym (const void *av, const void *bv)
{
  const struct gl_kconfig_sym *a = av, *b = bv;
  int r = strcmp (a->name, b->name);
  if (r != 0)
    return r;
  return (a->line > b->line) - (a->line < b->line);
}

struct gl_kconfig *
gl_kconfig_parse (const char *text, size_t len)
{
  if (text == NULL && len > 0) {
    errno = EINVAL;
    return NULL;
  }
  if (gl_text_bound (text, &len, GL_KCONFIG_MAX_BYTES) == -1)
    return NULL;

  struct gl_kconfig *c = calloc (1, sizeof *c);
  if (!c)
    return NULL;
  c->text = malloc (len + 1);
  if (!c->text)
    goto err;
  if (len > 0)
    memcpy (c->text, text, len);
  c->text[len] = '\0';

  /* Upper bound on the number of lines, so one allocation suffices. */
  size_t nlines = 1;
  for (size_t i = 0; i < len; ++i)
    if (c->text[i] == '\n')
      nlines++;
  c->syms = calloc (nlines, sizeof *c->syms);
  if (!c->syms)
    goto err;

  size_t n = 0, lineno = 0;
  char *line = c->text;
  while (line) {
    char *nl = strchr (line, '\n');
    if (nl)
      *nl = '\0';
    struct gl_kconfig_sym sym;
    if (parse_line (line, &sym)) {
      sym.line = lineno;
      c->syms[n++] = sym;
    }
    lineno++;
    line = nl ? nl + 1 : NULL;
  }

  /* Sort by (name, line), then keep only the last line of each name and
   * drop the names whose last line says "is not set". */
  qsort (c->syms, n, sizeof *c->syms, cmp_sym);
  size_t out = 0;
  for (size_t i = 0; i < n; ++i) {
    if (i + 1 < n && strcmp (c->syms[i].name, c->syms[i + 1].name) == 0)
      continue;
    if (c->syms[i].value == NULL)
      continue;
    c->syms[out++] = c->syms[i];
  }
  c->n = out;
  return c;

 err:
  gl_kconfig_free (c);
  errno = ENOMEM;
  return NULL;
}

void
gl_kconfig_free (struct gl_kconfig *c)
{
  if (!c)
    return;
  free (c->syms);
  free (c->text);
  free (c);
}

const char *
gl_kconfig_get (const struct gl_kconfig *c, const char *sym)
{
  if (!c || !sym)
    return NULL;
  size_t lo = 0, hi = c->n;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    int r = strcmp (sym, c->syms[mid].name);
    if (r == 0)
      return c->syms[mid].value;
    if (r < 0)
      hi = mid;
    else
      lo = mid + 1;
  }
  return NULL;
}

bool
gl_kconfig_enabled (const struct gl_kconfig *c, const char *sym)
{
  const char *v = gl_kconfig_get (c, sym);
  return v && (strcmp (v, "y") == 0 || strcmp (v, "m") == 0);
}

size_t
gl_kconfig_count (const struct gl_kconfig *c)
{
  return c ? c->n : 0;
}
