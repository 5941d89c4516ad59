/* guestlift: a rewrite as splices over the original text (see
 * boot-text.h): a format's rewriter runs its own lexer once, notes what
 * changes where, and everything else is copied byte for byte. */
#include <config.h>

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "boot-text.h"
#include "buf.h"
#include "cleanup.h"
#include "boot-cmdline.h"
#include "error.h"

int
gl_splice_add (gl_splice_vector *v, size_t start, size_t end, char *text,
               struct gl_err *err)
{
  struct gl_splice s = { start, end, text };
  if (!text || gl_splice_vector_append (v, s) == -1) {
    free (text);
    return gl_err_set (err, ENOMEM, "out of memory");
  }
  return 0;
}

void
gl_splice_free (gl_splice_vector *v)
{
  for (size_t i = 0; i < v->len; ++i)
    free (v->ptr[i].text);
  gl_splice_vector_reset (v);
}

static int
by_start (const void *a, const void *b)
{
  const struct gl_splice *x = a, *y = b;
  return x->start < y->start ? -1 : x->start > y->start;
}

int
gl_splice_apply (const char *text, size_t len, const char *prepend,
                 gl_splice_vector *v, char **out, struct gl_err *err)
{
  CLEANUP_BUF struct gl_buf b = GL_BUF_INIT;
  size_t done = 0;
  int r = -1;

  *out = NULL;
  if (v->len > 1)
    qsort (v->ptr, v->len, sizeof *v->ptr, by_start);
  if (gl_buf_append (&b, "", 0) == -1 ||
      (prepend && (gl_buf_puts (&b, prepend) == -1 ||
                   gl_buf_append (&b, "\n", 1) == -1)))
    goto oom;
  for (size_t i = 0; i < v->len; ++i) {
    const struct gl_splice *s = &v->ptr[i];
    if (s->start < done || s->end < s->start || s->end > len) {
      r = gl_err_set (err, EINVAL, "overlapping edits (a bug)");
      goto out;
    }
    if (gl_buf_append (&b, text + done, s->start - done) == -1 ||
        gl_buf_puts (&b, s->text) == -1)
      goto oom;
    done = s->end;
  }
  if (gl_buf_append (&b, text + done, len - done) == -1)
    goto oom;
  if (b.len == len && memcmp (b.data, text, len) == 0)
    r = 0;
  else {
    *out = gl_buf_steal (&b);
    r = 1;
  }
  goto out;

 oom:
  r = gl_err_set (err, ENOMEM, "out of memory");
 out:
  gl_splice_free (v);
  return r;
}

int
gl_splice_cmdline (gl_splice_vector *v, const char *text, size_t start,
                   size_t end, const struct gl_cmdline_word *words, size_t nw,
                   const struct gl_boot_edits *e, bool add_console,
                   struct gl_err *err)
{
  const char *console = add_console ? e->console : NULL;
  CLEANUP_FREE char *new = NULL;
  const char *s = text + start;
  size_t n = end - start;
  int r;

  if (words) {
    /* The caller's words, relative to the span. */
    CLEANUP_FREE struct gl_cmdline_word *w = calloc (nw ? nw : 1, sizeof *w);
    if (!w)
      return gl_err_set (err, ENOMEM, "out of memory");
    for (size_t k = 0; k < nw; ++k) {
      w[k] = words[k];
      w[k].start -= start;
      w[k].end -= start;
    }
    r = gl_cmdline_edit_words (s, n, w, nw, e->devices, console, &new, err);
  }
  else
    r = gl_cmdline_edit (s, n, e->devices, console, &new, err);
  if (r == -1)
    return -1;
  if (strlen (new) == n && memcmp (new, s, n) == 0)
    return 0;
  if (n == 0 && *new) {
    char *spaced = gl_printf (" %s", new);
    return gl_splice_add (v, start, end, spaced, err);
  }
  return gl_splice_add (v, start, end, GL_STEAL (new), err);
}

int
gl_boot_walk_parse (const struct gl_boot_rewriter *rw,
                    const struct gl_boot_input *in, struct gl_bootcfg *out,
                    struct gl_err *err)
{
  if (rw->walk (in->text, in->len, out, NULL) == -1)
    return gl_err_set (err, ENOMEM, "out of memory");
  return 0;
}

int
gl_boot_walk_rewrite (const struct gl_bootloader_ops *ops,
                      const char *text, size_t len,
                      const struct gl_boot_edits *e, char **out,
                      struct gl_err *err)
{
  const struct gl_boot_rewriter *rw = ops->walker;
  struct gl_bootcfg c = { .default_index = -1 };
  gl_splice_vector v = empty_vector;
  char *prepend = NULL;
  void *spans = calloc (1, rw->spans_size);
  int r = -1;

  if (!spans || rw->walk (text, len, &c, spans) == -1)
    gl_err_set (err, ENOMEM, "out of memory");
  else {
    int chosen = gl_bootcfg_find_kernel (&c, e->default_kernel, ops->hypervisor_entries);
    if (rw->splices (text, &c, spans, e, chosen, &v, &prepend, err) == 0)
      r = gl_splice_apply (text, len, prepend, &v, out, err);
  }
  free (prepend);
  gl_splice_free (&v);
  if (spans)
    rw->free_spans (spans);
  free (spans);
  gl_bootcfg_free (&c);
  return r;
}
