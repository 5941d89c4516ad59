/* guestlift: grubenv, grub2's environment block (/boot/grub2/grubenv):
 * one lexer, the reading of a variable and the rewriter that saves the
 * default entry (see bootloader.h).
 *
 * The file is a block of exactly 1024 bytes (grub writes it in place, it
 * never grows): NAME=value lines, then '#' padding to the end.  A value is
 * the rest of its line, blanks included ("saved_entry=Debian GNU/Linux,
 * with Linux 6.1.0-18"), with grub's escapes "\\" and "\n" undone.  Blanks
 * before NAME are skipped; lines that are not assignments (the "# GRUB
 * Environment Block" header) are kept as they are.
 */
#include <config.h>

#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "boot-text.h"
#include "bootloader.h"
#include "buf.h"
#include "cleanup.h"

#define BLOCK 1024
#define MAX_BYTES (64 * 1024)

/* ---- lexer ---------------------------------------------------------- */

struct line {
  size_t start, end;            /* the line, without its newline */
  size_t name, name_end;        /* NAME, when it is an assignment */
  size_t value;                 /* just after '=' */
  bool assignment;
};

static bool
name_char (char c, bool first)
{
  return c == '_' || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
    (!first && c >= '0' && c <= '9');
}

/* The next line of text[*pos..len), or false at the end. */
static bool
lex (const char *text, size_t len, size_t *pos, struct line *l)
{
  if (*pos >= len)
    return false;
  const char *nl = memchr (text + *pos, '\n', len - *pos);
  l->start = *pos;
  l->end = nl ? (size_t) (nl - text) : len;
  *pos = nl ? l->end + 1 : len;
  size_t p = l->start;
  while (p < l->end && (text[p] == ' ' || text[p] == '\t' || text[p] == '\r'))
    p++;
  l->name = p;
  while (p < l->end && name_char (text[p], p == l->name))
    p++;
  l->name_end = p;
  l->assignment = p > l->name && p < l->end && text[p] == '=';
  l->value = p + 1;
  return true;
}

static bool
names (const char *text, const struct line *l, const char *name)
{
  size_t n = l->name_end - l->name;
  return l->assignment && strlen (name) == n && memcmp (text + l->name, name, n) == 0;
}

/* ---- reading -------------------------------------------------------- */

int
gl_grubenv_get (const char *text, size_t len, const char *name, char **out,
                struct gl_err *err)
{
  size_t pos = 0;
  struct line l;
  *out = NULL;
  while (lex (text, len, &pos, &l)) {
    if (!names (text, &l, name))
      continue;
    CLEANUP_BUF struct gl_buf b = GL_BUF_INIT;
    if (gl_buf_append (&b, "", 0) == -1)
      goto oom;
    for (size_t p = l.value; p < l.end; ) {
      char c = text[p++];
      if (c == '\\' && p < l.end && (text[p] == '\\' || text[p] == 'n'))
        c = text[p++] == 'n' ? '\n' : '\\';
      if (gl_buf_append (&b, &c, 1) == -1)
        goto oom;
    }
    free (*out);
    *out = gl_buf_steal (&b);   /* the last assignment wins */
  }
  return *out != NULL;
 oom:
  free (*out);
  *out = NULL;
  return gl_err_set (err, ENOMEM, "out of memory");
}

/* grubenv is not a menu: it has no entries of its own. */
static int
parse (const struct gl_boot_input *in, struct gl_bootcfg *out, struct gl_err *err)
{
  return 0;
}

/* ---- rewriter ------------------------------------------------------- */

static int
rewrite (const char *text, size_t len, const struct gl_boot_edits *e,
         char **out, struct gl_err *err)
{
  const char *id = e->saved_entry;
  CLEANUP_BUF struct gl_buf b = GL_BUF_INIT;
  bool replaced = false;

  *out = NULL;
  if (!id || !*id)
    return 0;
  if (strpbrk (id, "\n=#\\"))
    return gl_err_set (err, EINVAL, "saved_entry \"%s\": not a value grubenv can hold", id);
  /* The lines, without the padding: the '#' run after the last newline
   * (grub-editenv writes no newline in it). */
  const char *lastnl = memrchr (text, '\n', len);
  size_t end = lastnl ? (size_t) (lastnl - text) + 1 : 0;
  for (size_t i = end; i < len && end < len; ++i)
    if (text[i] != '#')
      end = len;
  size_t pos = 0;
  struct line l;
  while (lex (text, end, &pos, &l)) {
    if (!names (text, &l, "saved_entry")) {
      if (gl_buf_append (&b, text + l.start, l.end - l.start) == -1 ||
          gl_buf_append (&b, "\n", 1) == -1)
        goto oom;
    }
    else if (!replaced) {
      if (gl_buf_printf (&b, "saved_entry=%s\n", id) == -1)
        goto oom;
      replaced = true;
    }
    /* a later saved_entry would win over ours: dropped */
  }
  if (!replaced && gl_buf_printf (&b, "saved_entry=%s\n", id) == -1)
    goto oom;
  size_t block = len > BLOCK ? len : BLOCK;
  if (b.len > block)
    return gl_err_set (err, EFBIG, "saved_entry \"%s\": the variables no longer "
                       "fit the %zu-byte block", id, block);
  while (b.len < block)
    if (gl_buf_append (&b, "#", 1) == -1)
      goto oom;
  if (b.len == len && memcmp (b.data, text, len) == 0)
    return 0;
  *out = gl_buf_steal (&b);
  return 1;
 oom:
  return gl_err_set (err, ENOMEM, "out of memory");
}

const struct gl_bootloader_ops gl_bootloader_grubenv = {
  .name = "grubenv",
  .config_paths = NULL,         /* next to grub2's grub.cfg */
  .max_bytes = MAX_BYTES,
  .hypervisor_entries = false,
  .parse = parse,
  .rewrite = rewrite,
};
