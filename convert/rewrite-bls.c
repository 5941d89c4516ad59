/* guestlift: rewriters for grub2 + Boot Loader Specification guests
 * (Fedora, RHEL 8+): the entry files' "options" lines and grubenv's
 * saved_entry (see rewrite.h).  Pure: text in, text out. */
#include <config.h>

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cleanup.h"
#include "rewrite-text.h"

/* ---- /boot/loader/entries/ID.conf ---- */

struct bls_state {
  const struct gl_rewrite_ctx *ctx;
  bool console_added;   /* the console goes on the first options line only */
};

static char *
bls_line (const char *line, void *opaque)
{
  struct bls_state *st = opaque;
  const char *p = gl_rw_skip_blanks (line);
  const char *k = gl_rw_word_end (p);
  errno = 0;
  if (!gl_rw_word_is (p, k, "options"))
    return NULL;
  const char *v = gl_rw_skip_blanks (k);
  CLEANUP_FREE char *nv = gl_rewrite_cmdline_opts (v, st->ctx, !st->console_added);
  st->console_added = true;
  if (!nv)
    return NULL;
  if (strcmp (nv, v) == 0) {
    errno = 0;
    return NULL;
  }
  char *out;
  if (asprintf (&out, "%.*s%s", (int) (v - line), line, nv) == -1)
    return NULL;
  return out;
}

char *
gl_rewrite_bls_entry (const char *text, size_t len, const struct gl_rewrite_ctx *ctx)
{
  struct bls_state st = { .ctx = ctx };
  return gl_rw_run_lines (text, len, ctx, bls_line, &st);
}

/* ---- grubenv ---- */

/* grubenv is a block of exactly 1024 bytes (grub writes it in place):
 * NAME=value lines, then '#' padding to the end. */
#define GRUBENV_BLOCK 1024

char *
gl_rewrite_grubenv (const char *text, size_t len, const struct gl_rewrite_ctx *ctx)
{
  if (!gl_rw_input_ok (text, len, ctx))
    return NULL;
  const char *id = ctx->saved_entry;
  errno = 0;
  if (!id || !*id)
    return NULL;
  if (strpbrk (id, "\n=#\\")) {
    errno = EINVAL;             /* not a value grubenv can hold */
    return NULL;
  }
  /* The lines, without the padding: the '#' run after the last newline
   * (grub-editenv writes no newline in it). */
  size_t end = len;
  const char *lastnl = memrchr (text, '\n', len);
  size_t t = lastnl ? (size_t) (lastnl - text) + 1 : 0;
  bool padding = true;
  for (size_t i = t; i < len && padding; ++i)
    padding = text[i] == '#';
  if (padding)
    end = t;
  struct gl_buf out = GL_BUF_INIT;
  bool replaced = false;
  for (size_t pos = 0; pos < end; ) {
    const char *nl = memchr (text + pos, '\n', end - pos);
    size_t ll = nl ? (size_t) (nl - (text + pos)) : end - pos;
    const char *line = text + pos;
    if (ll >= 12 && memcmp (line, "saved_entry=", 12) == 0) {
      if (!replaced &&
          (gl_buf_puts (&out, "saved_entry=") == -1 || gl_buf_puts (&out, id) == -1 ||
           gl_buf_append (&out, "\n", 1) == -1))
        goto oom;
      replaced = true;
    }
    else if (gl_buf_append (&out, line, ll) == -1 || gl_buf_append (&out, "\n", 1) == -1)
      goto oom;
    pos += ll + 1;
  }
  if (!replaced &&
      (gl_buf_puts (&out, "saved_entry=") == -1 || gl_buf_puts (&out, id) == -1 ||
       gl_buf_append (&out, "\n", 1) == -1))
    goto oom;
  size_t block = len > GRUBENV_BLOCK ? len : GRUBENV_BLOCK;
  if (out.len > block) {
    gl_buf_free (&out);
    errno = EFBIG;              /* the variables no longer fit the block */
    return NULL;
  }
  while (out.len < block)
    if (gl_buf_append (&out, "#", 1) == -1)
      goto oom;
  return gl_rw_finish (&out, text, len);

 oom:
  gl_buf_free (&out);
  errno = ENOMEM;
  return NULL;
}
