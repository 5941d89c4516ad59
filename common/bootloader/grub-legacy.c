/* guestlift: grub legacy (menu.lst / grub.conf): one lexer, its parser and
 * its rewriter (see bootloader.h).
 *
 * A line is "COMMAND[ =]ARGS", the command case-insensitive ("Kernel",
 * "TITLE=x" are grub's too).  Only the commands that say which kernel
 * boots matter; hiddenmenu, timeout, splashimage, root, password, ... are
 * ignored.  "default" counts before the first "title" only: later it
 * belongs to an entry's commands, where grub does not take it.
 *
 * Xen entries boot a hypervisor ("kernel /xen.gz") and load Linux as the
 * first "module", its initrd as the second: kernel and cmdline come from
 * the first module.  pygrub boots that module as the guest's kernel, so
 * such entries are edited and may become the default (hypervisor_entries).
 *
 * The rewriter edits what the parser reads: the command line of each
 * entry's Linux kernel line (the last "kernel" line that is not a
 * hypervisor, or the first "module"), the default lines, and anaconda's
 * "#boot=/dev/xvda" comment (read by grub-install and grubby).
 */
#include <config.h>

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "boot-text.h"
#include "bootloader.h"
#include "cleanup.h"
#include "error.h"

/* pygrub boots a Xen entry's first module as the kernel. */
#define HYPERVISOR_ENTRIES true

/* ---- lexer ---------------------------------------------------------- */

enum cmd { C_NONE, C_COMMENT, C_OTHER, C_DEFAULT, C_TITLE, C_KERNEL, C_INITRD, C_MODULE };

static const struct {
  const char *name;
  enum cmd cmd;
} commands[] = {
  { "default", C_DEFAULT },
  { "title", C_TITLE },
  { "kernel", C_KERNEL },
  { "initrd", C_INITRD },
  { "module", C_MODULE },
};

struct line {
  enum cmd cmd;
  size_t start, end;            /* the line without blanks around it */
  size_t args, path_end;        /* ARGS, and the end of its first word */
};

static bool
is_sep (char c)
{
  return gl_text_is_blank (c) || c == '=';
}

/* The next line of text[*pos..len), or false at the end. */
static bool
lex (const char *text, size_t len, size_t *pos, struct line *l)
{
  const char *s;
  size_t n;
  if (!gl_bootcfg_next_line (text, len, pos, &s, &n))
    return false;
  l->start = (size_t) (s - text);
  l->end = l->start + n;
  l->cmd = n == 0 ? C_NONE : s[0] == '#' ? C_COMMENT : C_OTHER;
  if (l->cmd != C_OTHER)
    return true;
  size_t k = 0;
  while (k < n && !is_sep (s[k]))
    k++;
  for (size_t i = 0; i < sizeof commands / sizeof commands[0]; ++i)
    if (strlen (commands[i].name) == k && strncasecmp (s, commands[i].name, k) == 0)
      l->cmd = commands[i].cmd;
  while (k < n && is_sep (s[k]))
    k++;
  l->args = l->start + k;
  l->path_end = l->args;
  while (l->path_end < l->end && !gl_text_is_blank (text[l->path_end]))
    l->path_end++;
  return true;
}

/* ---- parser --------------------------------------------------------- */

/* Where the rewriter edits, found by the parse. */
struct span { size_t start, end; };
DEFINE_VECTOR_TYPE (span_vector, struct span);
struct spans {
  span_vector defaults;         /* the value of each default line */
  span_vector cmdlines;         /* per entry: its Linux command line (or {0,0}) */
  span_vector boot_comments;    /* "#boot=..." lines */
};

static int
add_span (span_vector *v, size_t start, size_t end)
{
  struct span s = { start, end };
  return span_vector_append (v, s);
}

/* "default N": N, or -1 for "saved" and anything else not a number. */
static int
parse_default (const char *s)
{
  long n = 0;
  if (!isdigit ((unsigned char) *s))
    return -1;
  for (; isdigit ((unsigned char) *s); ++s) {
    n = n * 10 + (*s - '0');
    if (n > INT_MAX / 10)
      return INT_MAX / 10;       /* certainly beyond the entries */
  }
  return (int) n;
}

/* PATH ARGS of a kernel/module line into the entry; the command line's
 * span is noted for the rewriter. */
static int
set_boot_line (const char *text, const struct line *l, struct gl_boot_entry *e,
               struct spans *sp)
{
  size_t a = l->path_end;
  while (a < l->end && gl_text_is_blank (text[a]))
    a++;
  if (gl_bootcfg_set_path (&e->kernel, text + l->args, l->path_end - l->args) == -1 ||
      gl_bootcfg_set (&e->cmdline, a < l->end ? text + a : NULL, l->end - a) == -1)
    return -1;
  if (sp) {
    struct span *s = &sp->cmdlines.ptr[sp->cmdlines.len - 1];
    s->start = l->path_end;
    s->end = l->end;
  }
  return 0;
}

static int
walk (const char *text, size_t len, struct gl_bootcfg *out, void *spans)
{
  struct spans *sp = spans;
  struct line l;
  size_t pos = 0;
  struct gl_boot_entry *cur = NULL;
  int modules = 0;              /* "module" lines seen in the current entry */
  bool hypervisor = false;      /* its kernel line is a hypervisor */

  while (lex (text, len, &pos, &l)) {
    const char *args = text + l.args;
    size_t argslen = l.end - l.args;
    switch (l.cmd) {
    case C_NONE: case C_OTHER:
      break;
    case C_COMMENT:
      if (sp && l.end - l.start >= 6 && memcmp (text + l.start, "#boot=", 6) == 0 &&
          add_span (&sp->boot_comments, l.start, l.end) == -1)
        return -1;
      break;
    case C_DEFAULT:
      if (cur)
        break;                  /* an entry's command, not the menu's */
      if (gl_bootcfg_set (&out->default_spec, args, argslen) == -1 ||
          (sp && add_span (&sp->defaults, l.args, l.path_end) == -1))
        return -1;
      break;
    case C_TITLE:
      if ((cur = gl_bootcfg_add_entry (out)) == NULL ||
          gl_bootcfg_set (&cur->title, args, argslen) == -1 ||
          (sp && add_span (&sp->cmdlines, 0, 0) == -1))
        return -1;
      modules = 0;
      hypervisor = false;
      break;
    case C_KERNEL:
      if (!cur || argslen == 0 || modules > 0)
        break;
      hypervisor = gl_bootcfg_basename_starts (args, l.path_end - l.args, "xen");
      cur->via_hypervisor = hypervisor;
      /* A hypervisor's own options are not a Linux command line. */
      if (set_boot_line (text, &l, cur, hypervisor ? NULL : sp) == -1)
        return -1;
      break;
    case C_INITRD:
      if (!cur || argslen == 0)
        break;
      if (gl_bootcfg_set_path (&cur->initrd, args, l.path_end - l.args) == -1)
        return -1;
      break;
    case C_MODULE:
      if (!cur)
        break;
      /* The hypervisor was the "kernel"; Linux and its initrd follow. */
      modules++;
      if (argslen == 0)
        break;
      if (modules == 1) {
        cur->via_hypervisor = true;
        if (set_boot_line (text, &l, cur, sp) == -1)
          return -1;
      }
      else if (modules == 2) {
        if (gl_bootcfg_set_path (&cur->initrd, args, l.path_end - l.args) == -1)
          return -1;
      }
      break;
    }
  }

  if (out->entries.len > 0) {
    int d = out->default_spec ? parse_default (out->default_spec) : 0;
    if (d >= 0 && (size_t) d >= out->entries.len)
      d = 0;                    /* grub falls back to the first entry */
    out->default_index = d;
  }
  return 0;
}

/* ---- rewriter ------------------------------------------------------- */

static void
free_spans (void *spans)
{
  struct spans *sp = spans;
  span_vector_reset (&sp->defaults);
  span_vector_reset (&sp->cmdlines);
  span_vector_reset (&sp->boot_comments);
}

static int
splices (const char *text, const struct gl_bootcfg *c, void *spans,
         const struct gl_boot_edits *e, int chosen, gl_splice_vector *v,
         char **prepend, struct gl_err *err)
{
  const struct spans *sp = spans;
  for (size_t i = 0; i < sp->cmdlines.len; ++i) {
    const struct span *s = &sp->cmdlines.ptr[i];
    if (s->end > 0 &&
        gl_splice_cmdline (v, text, s->start, s->end, NULL, 0, e, true, err) == -1)
      return -1;
  }
  for (size_t i = 0; i < sp->boot_comments.len; ++i) {
    const struct span *s = &sp->boot_comments.ptr[i];
    char *new;
    int r = gl_devmap_rename_in (e->devices, text + s->start, s->end - s->start,
                                 &new, err);
    if (r == -1 || (r == 1 && gl_splice_add (v, s->start, s->end, new, err) == -1))
      return -1;
  }
  for (size_t i = 0; chosen >= 0 && i < sp->defaults.len; ++i) {
    const struct span *s = &sp->defaults.ptr[i];
    /* "default" alone gets its value after a blank. */
    if (gl_splice_add (v, s->start, s->end,
                       gl_printf (s->start < s->end ? "%d" : " %d", chosen),
                       err) == -1)
      return -1;
  }
  /* No default line means entry 0: only a later entry needs one. */
  if (sp->defaults.len == 0 && chosen > 0 &&
      !(*prepend = gl_printf ("default=%d", chosen)))
    return gl_err_set (err, ENOMEM, "out of memory");
  return 0;
}

static const struct gl_boot_rewriter walker = {
  walk, sizeof (struct spans), splices, free_spans
};

static const char *const paths[] = {
  "/boot/grub/menu.lst", "/boot/grub/grub.conf", "/etc/grub.conf", NULL
};

const struct gl_bootloader_ops gl_bootloader_grub_legacy = {
  .name = "grub-legacy",
  .config_paths = paths,
  .max_bytes = GL_BOOTCFG_MAX_BYTES,
  .hypervisor_entries = HYPERVISOR_ENTRIES,
  .walker = &walker,
};
