/* guestlift: kernel command line edits (see boot-cmdline.h).
 *
 * One word editor serves both the command lines and the module lists:
 * each word is kept, dropped or replaced, then words are appended after
 * the last one; what is kept is copied from the original text.
 */
#include <config.h>

#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "cleanup.h"
#include "boot-cmdline.h"
#include "error.h"

static bool
is_blank (char c)
{
  return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f' ||
    c == '\n';
}

int
gl_cmdline_split (const char *s, size_t n, gl_cmdline_word_vector *out,
                  struct gl_err *err)
{
  size_t i = 0;
  for (;;) {
    while (i < n && is_blank (s[i]))
      i++;
    if (i == n)
      return 0;
    size_t start = i;
    while (i < n && !is_blank (s[i])) {
      const char *q = NULL;
      /* An unmatched quote is an ordinary character. */
      if (s[i] == '"' || s[i] == '\'')
        q = memchr (s + i + 1, s[i], n - i - 1);
      i = q ? (size_t) (q - s) + 1 : i + 1;
    }
    struct gl_cmdline_word w = { start, i, s + start, i - start };
    if (gl_cmdline_word_vector_append (out, w) == -1)
      return gl_err_set (err, ENOMEM, "out of memory");
  }
}

int
gl_cmdline_boot_devices (const char *s, gl_cmdline_word_vector *out,
                         struct gl_err *err)
{
  static const char *const keys[] = { "root=", "resume=" };
  gl_cmdline_word_vector w = empty_vector;
  int r = gl_cmdline_split (s, strlen (s), &w, err);
  for (size_t i = 0; r == 0 && i < w.len; ++i)
    for (size_t k = 0; k < sizeof keys / sizeof keys[0]; ++k) {
      size_t kn = strlen (keys[k]);
      struct gl_cmdline_word d = w.ptr[i];
      if (d.vlen <= kn || strncmp (d.value, keys[k], kn) != 0)
        continue;
      d.value += kn;
      d.vlen -= kn;
      if (gl_cmdline_word_vector_append (out, d) == -1)
        r = gl_err_set (err, ENOMEM, "out of memory");
    }
  gl_cmdline_word_vector_reset (&w);
  return r;
}

/* What becomes of one word. */
struct action {
  bool drop;
  char *repl;                   /* malloc'd replacement, or NULL: kept */
};

/* Assemble the result: a kept word keeps the blanks before it (the first
 * kept one gets the blanks that began s); APPEND's words (may be NULL)
 * follow the last word, each after one space (the first after the leading
 * blanks when nothing is kept); the blanks after the last word end it. */
static int
assemble (const char *s, size_t n, const struct gl_cmdline_word *w, size_t nw,
          const struct action *act, const char *const *append, char **out,
          struct gl_err *err)
{
  CLEANUP_BUF struct gl_buf b = GL_BUF_INIT;
  size_t lead_end = nw ? w[0].start : n;
  bool first = true;

  if (gl_buf_append (&b, "", 0) == -1)
    goto oom;
  for (size_t k = 0; k < nw; ++k) {
    if (act[k].drop)
      continue;
    size_t ws = k ? w[k - 1].end : 0;
    if ((first ? gl_buf_append (&b, s, lead_end) :
         gl_buf_append (&b, s + ws, w[k].start - ws)) == -1 ||
        (act[k].repl ? gl_buf_puts (&b, act[k].repl) :
         gl_buf_append (&b, s + w[k].start, w[k].end - w[k].start)) == -1)
      goto oom;
    first = false;
  }
  for (size_t a = 0; append && append[a]; ++a) {
    if ((first ? gl_buf_append (&b, s, lead_end) : gl_buf_puts (&b, " ")) == -1 ||
        gl_buf_puts (&b, append[a]) == -1)
      goto oom;
    first = false;
  }
  size_t tail = nw ? w[nw - 1].end : n;
  if ((first ? gl_buf_append (&b, s, lead_end) :
       gl_buf_append (&b, s + tail, n - tail)) == -1)
    goto oom;
  *out = gl_buf_steal (&b);
  return 0;

 oom:
  return gl_err_set (err, ENOMEM, "out of memory");
}

static void
free_actions (struct action *act, size_t n)
{
  for (size_t k = 0; act && k < n; ++k)
    free (act[k].repl);
  free (act);
}

static bool
word_in (const char *w, size_t n, const char *const *table)
{
  for (size_t i = 0; table && table[i]; ++i)
    if (strlen (table[i]) == n && memcmp (w, table[i], n) == 0)
      return true;
  return false;
}

/* The Xen consoles: xvc0 (XenLinux) and hvcN (pvops). */
static bool
is_xen_console (const char *name, size_t n)
{
  if (n == 4 && memcmp (name, "xvc0", 4) == 0)
    return true;
  if (n < 4 || memcmp (name, "hvc", 3) != 0)
    return false;
  for (size_t i = 3; i < n; ++i)
    if (name[i] < '0' || name[i] > '9')
      return false;
  return true;
}

/* Arguments that only make sense under Xen PV, dropped entirely. */
static const char *const xen_only_keys[] = { "xencons", NULL };

/* Decide for one command-line word; *has_console is set when it is
 * console=CONSOLE already. */
static int
cmdline_word (const char *s, const struct gl_cmdline_word *w,
              const struct gl_devmap *devices, const char *console,
              struct action *act, bool *has_console, struct gl_err *err)
{
  const char *v = w->value, *eq = memchr (v, '=', w->vlen);
  size_t klen = eq ? (size_t) (eq - v) : w->vlen;

  if (word_in (v, klen, xen_only_keys)) {
    act->drop = true;
    return 0;
  }
  if (eq && klen == 7 && memcmp (v, "console", 7) == 0) {
    const char *name = eq + 1;
    size_t nlen = w->vlen - klen - 1;
    const char *comma = memchr (name, ',', nlen);
    if (comma)
      nlen = (size_t) (comma - name);
    if (is_xen_console (name, nlen))
      act->drop = true;
    else if (console && nlen == strlen (console) && memcmp (name, console, nlen) == 0)
      *has_console = true;
    return 0;
  }
  return gl_devmap_rename_in (devices, s + w->start, w->end - w->start,
                              &act->repl, err) == -1 ? -1 : 0;
}

int
gl_cmdline_edit_words (const char *s, size_t n,
                       const struct gl_cmdline_word *w, size_t nw,
                       const struct gl_devmap *devices, const char *console,
                       char **out, struct gl_err *err)
{
  struct action *act = calloc (nw ? nw : 1, sizeof *act);
  bool has_console = false;
  char *arg = NULL;
  int r = -1;

  if (!act)
    return gl_err_set (err, ENOMEM, "out of memory");
  for (size_t k = 0; k < nw; ++k)
    if (cmdline_word (s, &w[k], devices, console, &act[k], &has_console, err) == -1)
      goto out;
  if (console && !has_console && !(arg = gl_printf ("console=%s", console))) {
    gl_err_set (err, ENOMEM, "out of memory");
    goto out;
  }
  const char *append[2] = { arg, NULL };
  r = assemble (s, n, w, nw, act, append, out, err);
 out:
  free (arg);
  free_actions (act, nw);
  return r;
}

int
gl_cmdline_edit (const char *s, size_t n, const struct gl_devmap *devices,
                 const char *console, char **out, struct gl_err *err)
{
  gl_cmdline_word_vector w = empty_vector;
  int r = -1;
  if (gl_cmdline_split (s, n, &w, err) == 0)
    r = gl_cmdline_edit_words (s, n, w.ptr, w.len, devices, console, out, err);
  gl_cmdline_word_vector_reset (&w);
  return r;
}

int
gl_word_list_edit (const char *s, size_t n, const char *const *drop,
                   const char *const *add, char **out, struct gl_err *err)
{
  gl_cmdline_word_vector w = empty_vector;
  string_vector missing = empty_vector;   /* borrowed strings */
  struct action *act = NULL;
  int r = -1;

  if (gl_cmdline_split (s, n, &w, err) == -1)
    goto out;
  if (!(act = calloc (w.len ? w.len : 1, sizeof *act)))
    goto oom;
  for (size_t k = 0; k < w.len; ++k)
    act[k].drop = word_in (w.ptr[k].value, w.ptr[k].vlen, drop);
  for (size_t a = 0; add && add[a]; ++a) {
    bool present = false;
    for (size_t k = 0; k < w.len && !present; ++k)
      present = !act[k].drop && w.ptr[k].vlen == strlen (add[a]) &&
        memcmp (w.ptr[k].value, add[a], w.ptr[k].vlen) == 0;
    for (size_t m = 0; m < missing.len && !present; ++m)
      present = strcmp (missing.ptr[m], add[a]) == 0;
    if (!present && string_vector_append (&missing, (char *) add[a]) == -1)
      goto oom;
  }
  if (string_vector_append (&missing, NULL) == -1)
    goto oom;
  r = assemble (s, n, w.ptr, w.len, act, (const char *const *) missing.ptr, out, err);
  goto out;

 oom:
  gl_err_set (err, ENOMEM, "out of memory");
 out:
  free_actions (act, w.len);
  gl_cmdline_word_vector_reset (&w);
  string_vector_reset (&missing);
  return r;
}
