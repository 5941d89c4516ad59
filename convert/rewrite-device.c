/* guestlift: the smallest rewrites of a conversion (see rewrite.h): one
 * Xen block device name, Xen device names inside a string, a kernel
 * command line, a blank-separated word list.
 *
 * Command lines and word lists are edited word by word on a copy of the
 * original spans, so that what is kept is kept byte for byte (the blanks
 * between two kept words too): the dry-run diff then shows only what the
 * conversion means to change.
 */
#include <config.h>

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "rewrite.h"

#define XEN_DEV "/dev/xvd"
#define XEN_DEV_LEN (sizeof XEN_DEV - 1)

static bool
ctx_valid (const struct gl_rewrite_ctx *ctx)
{
  return ctx && ctx->target && ctx->target->device_prefix &&
    ctx->target->console;
}

/* xen-pv keeps its names and consoles: nothing to edit. */
static bool
ctx_edits (const struct gl_rewrite_ctx *ctx)
{
  return ctx->target->needs_guest_edits;
}

/* Length of the "/dev/xvdX[N]" at S (letters then digits), 0 if none;
 * the token may be followed by anything (the callers check the end). */
static size_t
xen_dev_len (const char *s, size_t n)
{
  size_t i = XEN_DEV_LEN, letters;
  if (n < XEN_DEV_LEN + 1 || memcmp (s, XEN_DEV, XEN_DEV_LEN) != 0)
    return 0;
  while (i < n && s[i] >= 'a' && s[i] <= 'z')
    i++;
  letters = i - XEN_DEV_LEN;
  if (letters == 0)
    return 0;
  while (i < n && s[i] >= '0' && s[i] <= '9')
    i++;
  return i;
}

/* Append the target's name for the Xen device S[0..n) (known to be
 * /dev/xvd...): "/dev/" + prefix + the letters and partition number. */
static int
put_target_dev (struct gl_buf *b, const char *s, size_t n,
                const struct gl_rewrite_ctx *ctx)
{
  if (gl_buf_puts (b, "/dev/") == -1 ||
      gl_buf_puts (b, ctx->target->device_prefix) == -1 ||
      gl_buf_append (b, s + XEN_DEV_LEN, n - XEN_DEV_LEN) == -1)
    return -1;
  return 0;
}

char *
gl_rewrite_device (const char *dev, const struct gl_rewrite_ctx *ctx)
{
  struct gl_buf b = GL_BUF_INIT;
  size_t n;

  if (!dev || !ctx_valid (ctx)) {
    errno = EINVAL;
    return NULL;
  }
  n = strnlen (dev, GL_REWRITE_MAX_BYTES + 1);
  if (n > GL_REWRITE_MAX_BYTES) {
    errno = EFBIG;
    return NULL;
  }
  if (!ctx_edits (ctx) || n == 0 || xen_dev_len (dev, n) != n) {
    errno = 0;
    return NULL;
  }
  if (put_target_dev (&b, dev, n, ctx) == -1) {
    gl_buf_free (&b);
    return NULL;
  }
  return gl_buf_steal (&b);
}

static bool
dev_starts_after (char c)
{
  return strchr (" \t\r\n=\"',:(", c) != NULL;
}

static bool
dev_ends_before (char c)
{
  return strchr (" \t\r\n\"',:;)", c) != NULL;
}

char *
gl_rewrite_devices_in (const char *s, const struct gl_rewrite_ctx *ctx)
{
  struct gl_buf b = GL_BUF_INIT;
  size_t n, i, done = 0;
  bool changed = false;

  if (!s || !ctx_valid (ctx)) {
    errno = EINVAL;
    return NULL;
  }
  n = strnlen (s, GL_REWRITE_MAX_BYTES + 1);
  if (n > GL_REWRITE_MAX_BYTES) {
    errno = EFBIG;
    return NULL;
  }
  if (!ctx_edits (ctx)) {
    errno = 0;
    return NULL;
  }
  for (i = 0; i < n; ) {
    const char *p = memchr (s + i, '/', n - i);
    size_t k;
    if (!p)
      break;
    i = (size_t) (p - s);
    k = xen_dev_len (s + i, n - i);
    if (k > 0 && (i == 0 || dev_starts_after (s[i - 1])) &&
        (i + k == n || dev_ends_before (s[i + k]))) {
      if (gl_buf_append (&b, s + done, i - done) == -1 ||
          put_target_dev (&b, s + i, k, ctx) == -1)
        goto err;
      changed = true;
      i += k;
      done = i;
    }
    else
      i++;
  }
  if (!changed) {
    errno = 0;
    return NULL;
  }
  if (gl_buf_append (&b, s + done, n - done) == -1)
    goto err;
  return gl_buf_steal (&b);

 err:
  gl_buf_free (&b);
  return NULL;
}

/* ---- word lists ---- */

static bool
is_blank (char c)
{
  return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f' ||
    c == '\n';
}

/* What the editor does with one word. */
enum word_action { WORD_KEEP, WORD_DROP, WORD_REPLACE };

/* Decides for the word W[0..n); for WORD_REPLACE sets *repl (malloc'd).
 * Returns -1 on error. */
typedef int (*word_fn) (const char *w, size_t n, void *opaque,
                        enum word_action *act, char **repl);

/* The word editor: S is split into words (blank-separated; a quoted part
 * keeps its blanks), each word is kept, dropped or replaced by FN, then
 * the words of APPEND (NULL-terminated, may be NULL) are added after the
 * last word, each after one space.  A kept word keeps the blanks before
 * it; the first word kept gets the blanks that began S; the blanks after
 * the last word stay at the end. */
static char *
edit_words (const char *s, word_fn fn, void *opaque,
            const char *const *append)
{
  struct gl_buf b = GL_BUF_INIT;
  size_t n = strnlen (s, GL_REWRITE_MAX_BYTES + 1), i = 0, lead_end;
  bool first = true;

  if (n > GL_REWRITE_MAX_BYTES) {
    errno = EFBIG;
    return NULL;
  }
  while (i < n && is_blank (s[i]))
    i++;
  lead_end = i;
  /* An empty string has an empty (not NULL) buffer. */
  if (gl_buf_append (&b, "", 0) == -1)
    return NULL;

  for (;;) {
    size_t ws = i, start, end;
    enum word_action act = WORD_KEEP;
    char *repl = NULL;

    while (i < n && is_blank (s[i]))
      i++;
    if (i == n) {
      /* Trailing blanks: after the appended words. */
      for (size_t a = 0; append && append[a]; ++a) {
        if ((first ? gl_buf_append (&b, s, lead_end) :
             gl_buf_puts (&b, " ")) == -1 ||
            gl_buf_puts (&b, append[a]) == -1)
          goto err;
        first = false;
      }
      /* Nothing left at all: keep the leading blanks only. */
      if ((first ? gl_buf_append (&b, s, lead_end) :
           gl_buf_append (&b, s + ws, n - ws)) == -1)
        goto err;
      break;
    }
    start = i;
    while (i < n && !is_blank (s[i])) {
      const char *q = NULL;
      /* An unmatched quote is an ordinary character. */
      if (s[i] == '"' || s[i] == '\'')
        q = memchr (s + i + 1, s[i], n - i - 1);
      if (q)
        i = (size_t) (q - s) + 1;
      else
        i++;
    }
    end = i;
    if (fn (s + start, end - start, opaque, &act, &repl) == -1)
      goto err;
    if (act == WORD_DROP)
      continue;
    if ((first ? gl_buf_append (&b, s, lead_end) :
         gl_buf_append (&b, s + ws, start - ws)) == -1 ||
        (act == WORD_REPLACE ? gl_buf_puts (&b, repl) :
         gl_buf_append (&b, s + start, end - start)) == -1) {
      free (repl);
      goto err;
    }
    free (repl);
    first = false;
  }
  return gl_buf_steal (&b);

 err:
  gl_buf_free (&b);
  return NULL;
}

static bool
word_in (const char *w, size_t n, const char *const *table)
{
  for (size_t i = 0; table && table[i]; ++i)
    if (strlen (table[i]) == n && memcmp (w, table[i], n) == 0)
      return true;
  return false;
}

struct list_state {
  const char *const *drop;
  const char *const *add;
  bool *present;                /* one per ADD word */
};

static int
list_word (const char *w, size_t n, void *opaque,
           enum word_action *act, char **repl)
{
  struct list_state *st = opaque;
  (void) repl;
  if (word_in (w, n, st->drop)) {
    *act = WORD_DROP;
    return 0;
  }
  for (size_t a = 0; st->add && st->add[a]; ++a)
    if (strlen (st->add[a]) == n && memcmp (w, st->add[a], n) == 0)
      st->present[a] = true;
  *act = WORD_KEEP;
  return 0;
}

char *
gl_rewrite_word_list (const char *list, const char *const *drop,
                      const char *const *add)
{
  struct list_state st = { drop, add, NULL };
  const char **missing = NULL;
  size_t nadd = 0, m = 0;
  char *r = NULL;

  if (!list) {
    errno = EINVAL;
    return NULL;
  }
  while (add && add[nadd])
    nadd++;
  st.present = calloc (nadd + 1, sizeof *st.present);
  missing = calloc (nadd + 1, sizeof *missing);
  if (!st.present || !missing)
    goto out;
  /* First pass finds which ADD words are there already. */
  r = edit_words (list, list_word, &st, NULL);
  if (!r)
    goto out;
  free (r);
  for (size_t a = 0; a < nadd; ++a)
    if (!st.present[a] && !word_in (add[a], strlen (add[a]), missing))
      missing[m++] = add[a];
  r = edit_words (list, list_word, &st, missing);
 out:
  free (st.present);
  free (missing);
  return r;
}

/* ---- kernel command lines ---- */

struct cmdline_state {
  const struct gl_rewrite_ctx *ctx;
  bool has_console;             /* console=<target console> seen */
};

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

static int
cmdline_word (const char *w, size_t n, void *opaque,
              enum word_action *act, char **repl)
{
  struct cmdline_state *st = opaque;
  const char *eq = memchr (w, '=', n);
  size_t klen = eq ? (size_t) (eq - w) : n;
  char *word, *r;

  *act = WORD_KEEP;
  if (word_in (w, klen, xen_only_keys)) {
    *act = WORD_DROP;
    return 0;
  }
  if (eq && klen == 7 && memcmp (w, "console", 7) == 0) {
    const char *v = eq + 1, *comma;
    size_t vlen = n - klen - 1;
    comma = memchr (v, ',', vlen);
    if (comma)
      vlen = (size_t) (comma - v);
    if (is_xen_console (v, vlen)) {
      *act = WORD_DROP;
      return 0;
    }
    if (vlen == strlen (st->ctx->target->console) &&
        memcmp (v, st->ctx->target->console, vlen) == 0)
      st->has_console = true;
    return 0;
  }
  if (!memmem (w, n, XEN_DEV, XEN_DEV_LEN))
    return 0;
  word = strndup (w, n);
  if (!word)
    return -1;
  r = gl_rewrite_devices_in (word, st->ctx);
  free (word);
  if (!r)
    return errno ? -1 : 0;
  *act = WORD_REPLACE;
  *repl = r;
  return 0;
}

char *
gl_rewrite_cmdline_opts (const char *cmdline,
                         const struct gl_rewrite_ctx *ctx, bool add_console)
{
  struct cmdline_state st = { ctx, false };
  char *r, *console_arg;
  const char *append[2] = { NULL, NULL };

  if (!cmdline || !ctx_valid (ctx)) {
    errno = EINVAL;
    return NULL;
  }
  if (strnlen (cmdline, GL_REWRITE_MAX_BYTES + 1) > GL_REWRITE_MAX_BYTES) {
    errno = EFBIG;
    return NULL;
  }
  if (!ctx_edits (ctx))
    return strdup (cmdline);
  /* The first pass learns whether the target console is there already. */
  r = edit_words (cmdline, cmdline_word, &st, NULL);
  if (!r || !add_console || st.has_console)
    return r;
  free (r);
  if (asprintf (&console_arg, "console=%s", ctx->target->console) == -1)
    return NULL;
  append[0] = console_arg;
  r = edit_words (cmdline, cmdline_word, &st, append);
  free (console_arg);
  return r;
}

char *
gl_rewrite_cmdline (const char *cmdline, const struct gl_rewrite_ctx *ctx)
{
  return gl_rewrite_cmdline_opts (cmdline, ctx, true);
}
