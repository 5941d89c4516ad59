/* guestlift: extlinux / syslinux (extlinux.conf, syslinux.cfg): one lexer,
 * its parser and its rewriter (see bootloader.h).
 *
 *   DEFAULT linux
 *   LABEL linux
 *     MENU LABEL Debian
 *     MENU DEFAULT
 *     KERNEL /boot/vmlinuz-V        (or LINUX)
 *     APPEND root=/dev/xvda1 ro initrd=/boot/initrd.img-V
 *     INITRD /boot/initrd.img-V
 *
 * Keywords are case-insensitive.  An entry's id is its LABEL; its title is
 * MENU LABEL when there is one, else the LABEL.  The default: MENU DEFAULT
 * inside a LABEL wins; else DEFAULT (anywhere; the last one) names a
 * LABEL by its first word, matched exactly, then case-insensitively; no
 * DEFAULT -> 0; an unknown label -> -1.  "APPEND -" means no arguments;
 * APPEND "initrd=a[,b]" gives the initrd unless an INITRD line does.
 * "KERNEL mboot.c32" boots Xen, Linux being in its APPEND: such entries
 * are the hypervisor's and stay as they are.
 *
 * The rewriter edits what the parser reads: every APPEND of an entry that
 * is not a hypervisor's (and a global APPEND before the first LABEL,
 * which syslinux gives to the labels without one), every DEFAULT line,
 * and the MENU DEFAULT lines that would win over it.
 */
#include <config.h>

#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "boot-text.h"
#include "bootloader.h"
#include "buf.h"
#include "cleanup.h"
#include "error.h"

#define HYPERVISOR_ENTRIES false

/* ---- lexer ---------------------------------------------------------- */

enum kw { K_NONE, K_OTHER, K_DEFAULT, K_LABEL, K_MENU_LABEL, K_MENU_DEFAULT,
          K_MENU_OTHER, K_KERNEL, K_APPEND, K_INITRD };

static const struct {
  const char *name;
  enum kw kw;
} keywords[] = {
  { "default", K_DEFAULT }, { "label", K_LABEL }, { "menu", K_MENU_OTHER },
  { "kernel", K_KERNEL }, { "linux", K_KERNEL }, { "append", K_APPEND },
  { "initrd", K_INITRD },
};

struct line {
  enum kw kw;
  size_t raw, next;             /* the whole line, newline included */
  size_t kw_end;                /* after the keyword */
  size_t args, end;             /* what follows it (blanks trimmed) */
};

static bool
is_space (char c)
{
  return c == ' ' || c == '\t';
}

/* Length of the first word of s[0..n). */
static size_t
word_len (const char *s, size_t n)
{
  size_t k = 0;
  while (k < n && !is_space (s[k]))
    k++;
  return k;
}

static enum kw
keyword (const char *s, size_t k)
{
  for (size_t i = 0; i < sizeof keywords / sizeof keywords[0]; ++i)
    if (strlen (keywords[i].name) == k && strncasecmp (s, keywords[i].name, k) == 0)
      return keywords[i].kw;
  return K_OTHER;
}

/* The next line of text[*pos..len), or false at the end. */
static bool
lex (const char *text, size_t len, size_t *pos, struct line *l)
{
  const char *s;
  size_t n;
  l->raw = *pos;
  if (!gl_bootcfg_next_line (text, len, pos, &s, &n))
    return false;
  l->next = *pos;
  l->kw = n == 0 || s[0] == '#' ? K_NONE : K_OTHER;
  if (l->kw == K_NONE)
    return true;
  size_t k = word_len (s, n), a = k;
  while (a < n && is_space (s[a]))
    a++;
  l->kw = keyword (s, k);
  l->kw_end = (size_t) (s - text) + k;
  l->args = (size_t) (s - text) + a;
  l->end = (size_t) (s - text) + n;
  if (l->kw == K_MENU_OTHER) {
    /* MENU LABEL title, MENU DEFAULT, MENU TITLE ... */
    size_t k2 = word_len (s + a, n - a), b = a + k2;
    enum kw sub = keyword (s + a, k2);
    while (b < n && is_space (s[b]))
      b++;
    if (sub == K_LABEL)
      l->kw = K_MENU_LABEL, l->args = (size_t) (s - text) + b;
    else if (sub == K_DEFAULT)
      l->kw = K_MENU_DEFAULT;
  }
  return true;
}

/* ---- parser --------------------------------------------------------- */

/* Where the rewriter edits, found by the parse. */
struct edit_line {
  struct line l;
  long entry;                   /* its LABEL, -1 before the first */
};
DEFINE_VECTOR_TYPE (edit_line_vector, struct edit_line);
struct spans {
  edit_line_vector appends, defaults, menu_defaults, kernels;
  struct gl_buf own_append;     /* per entry: 1 if it has its own APPEND */
  bool global_append;           /* an APPEND before the first LABEL */
};

static int
note (edit_line_vector *v, const struct line *l, long entry)
{
  struct edit_line e = { *l, entry };
  return edit_line_vector_append (v, e);
}

/* "initrd=a,b" in an APPEND line: the last image that is not microcode
 * (or the first one) becomes the entry's initrd. */
static int
initrd_from_append (struct gl_boot_entry *e, const char *s, size_t n)
{
  while (n > 0) {
    size_t k = word_len (s, n);
    if (k > 7 && strncasecmp (s, "initrd=", 7) == 0) {
      const char *p = s + 7, *end = s + k;
      const char *first = NULL, *chosen = NULL;
      size_t firstlen = 0, chosenlen = 0;
      while (p < end) {
        const char *comma = memchr (p, ',', (size_t) (end - p));
        size_t len = comma ? (size_t) (comma - p) : (size_t) (end - p);
        if (len > 0) {
          CLEANUP_FREE char *one = strndup (p, len);
          if (!one)
            return -1;
          if (!first)
            first = p, firstlen = len;
          if (!gl_bootcfg_is_microcode (one))
            chosen = p, chosenlen = len;
        }
        p += len + (comma != NULL);
      }
      if (!chosen)
        chosen = first, chosenlen = firstlen;
      if (chosen && gl_bootcfg_set_path (&e->initrd, chosen, chosenlen) == -1)
        return -1;
    }
    while (k < n && is_space (s[k]))
      k++;
    s += k;
    n -= k;
  }
  return 0;
}

/* The entry DEFAULT D names: its first word (older files put a command
 * line there) is a LABEL, matched exactly, then case-insensitively; -1
 * when none matches. */
static int
resolve_label (const struct gl_bootcfg *c, const char *d)
{
  size_t dk = word_len (d, strlen (d));
  for (int pass = 0; pass < 2; ++pass)
    for (size_t i = 0; i < c->entries.len; ++i) {
      const char *id = c->entries.ptr[i].id;
      if (id && strlen (id) == dk &&
          (pass == 0 ? strncmp (id, d, dk) : strncasecmp (id, d, dk)) == 0)
        return (int) i;
    }
  return -1;
}

static bool
is_none (const char *args, size_t n)
{
  return n == 0 || (n == 1 && args[0] == '-');
}

/* A LABEL without its own APPEND boots with the global one (an APPEND
 * before the first LABEL), as syslinux does. */
static int
global_append (struct gl_bootcfg *out, const struct gl_buf *own,
               const char *args, size_t argslen)
{
  for (size_t i = 0; i < out->entries.len; ++i) {
    struct gl_boot_entry *e = &out->entries.ptr[i];
    if (own->data[i])
      continue;
    if (gl_bootcfg_set (&e->cmdline, is_none (args, argslen) ? NULL : args,
                        argslen) == -1 ||
        (!e->initrd && initrd_from_append (e, args, argslen) == -1))
      return -1;
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
  bool have_initrd_line = false; /* cur has an INITRD line */
  long menu_default = -1;        /* entry with MENU DEFAULT */
  struct gl_buf own = GL_BUF_INIT; /* per entry: it has its own APPEND */
  const char *global = NULL;     /* the global APPEND's arguments */
  size_t globallen = 0;
  int r = -1;

  if (gl_buf_append (&own, "", 0) == -1)
    goto out;

  while (lex (text, len, &pos, &l)) {
    const char *args = text + l.args;
    size_t argslen = l.end - l.args;
    long entry = (long) out->entries.len - 1;
    switch (l.kw) {
    case K_NONE: case K_OTHER: case K_MENU_OTHER:
      break;
    case K_DEFAULT:
      if (gl_bootcfg_set (&out->default_spec, args, argslen) == -1 ||
          (sp && note (&sp->defaults, &l, entry) == -1))
        goto out;
      break;
    case K_LABEL:
      if ((cur = gl_bootcfg_add_entry (out)) == NULL ||
          gl_buf_append (&own, "", 1) == -1 ||
          gl_bootcfg_set (&cur->id, args, argslen) == -1 ||
          gl_bootcfg_set (&cur->title, args, argslen) == -1)
        goto out;
      have_initrd_line = false;
      break;
    case K_MENU_LABEL:
      if (cur && gl_bootcfg_set (&cur->title, args, argslen) == -1)
        goto out;
      break;
    case K_MENU_DEFAULT:
      if (!cur)
        break;                  /* global MENU DEFAULT: nothing to point at */
      menu_default = entry;
      if (sp && note (&sp->menu_defaults, &l, entry) == -1)
        goto out;
      break;
    case K_KERNEL:
      if (!cur)
        break;                  /* KERNEL before any LABEL */
      if (gl_bootcfg_set_path (&cur->kernel, args, word_len (args, argslen)) == -1)
        goto out;
      cur->via_hypervisor = gl_bootcfg_basename_starts (args, word_len (args, argslen),
                                                        "mboot.c32");
      if (sp && note (&sp->kernels, &l, entry) == -1)
        goto out;
      break;
    case K_APPEND:
      if (sp && note (&sp->appends, &l, entry) == -1)
        goto out;
      if (!cur) {
        global = args, globallen = argslen;
        break;
      }
      own.data[entry] = 1;
      if (gl_bootcfg_set (&cur->cmdline, is_none (args, argslen) ? NULL : args,
                          argslen) == -1 ||
          (!have_initrd_line && initrd_from_append (cur, args, argslen) == -1))
        goto out;
      break;
    case K_INITRD: {
      size_t pk = word_len (args, argslen);
      if (!cur || pk == 0)
        break;
      if (gl_bootcfg_set_path (&cur->initrd, args, pk) == -1)
        goto out;
      have_initrd_line = true;
      break;
    }
    }
  }

  if (global && global_append (out, &own, global, globallen) == -1)
    goto out;
  if (out->entries.len > 0)
    out->default_index = menu_default >= 0 ? (int) menu_default :
      !out->default_spec ? 0 : resolve_label (out, out->default_spec);
  if (sp) {
    sp->own_append = own;
    own = (struct gl_buf) GL_BUF_INIT;
    sp->global_append = global != NULL;
  }
  r = 0;
 out:
  gl_buf_free (&own);
  return r;
}

/* ---- rewriter ------------------------------------------------------- */

/* DEFAULT can name entry CHOSEN: its LABEL, read back, is that entry
 * (not a label with blanks, nor a repeated one). */
static bool
nameable (const struct gl_bootcfg *c, int chosen)
{
  const char *label = chosen >= 0 ? c->entries.ptr[chosen].id : NULL;
  return label && *label && resolve_label (c, label) == chosen;
}

static int
splices (const char *text, const struct gl_bootcfg *c, void *spans,
         const struct gl_boot_edits *e, int chosen, gl_splice_vector *v,
         char **prepend, struct gl_err *err)
{
  const struct spans *sp = spans;
  for (size_t i = 0; i < sp->appends.len; ++i) {
    const struct edit_line *a = &sp->appends.ptr[i];
    if (a->entry >= 0 && c->entries.ptr[a->entry].via_hypervisor)
      continue;
    if (is_none (text + a->l.args, a->l.end - a->l.args) && a->l.end > a->l.args) {
      /* "APPEND -": no arguments, so what the edit adds replaces the '-'. */
      char *new = NULL;
      if (gl_cmdline_edit ("", 0, e->devices, e->console, &new, err) == -1)
        return -1;
      if (!*new)
        free (new);
      else if (gl_splice_add (v, a->l.args, a->l.end, new, err) == -1)
        return -1;
      continue;
    }
    if (gl_splice_cmdline (v, text, a->l.kw_end, a->l.end, NULL, 0, e, true, err) == -1)
      return -1;
  }
  /* A label with no APPEND at all (nor a global one) gets one after its
   * (last) KERNEL line, as indented, when the edits add something. */
  for (size_t i = sp->kernels.len; !sp->global_append && i-- > 0; ) {
    const struct edit_line *k = &sp->kernels.ptr[i];
    if (sp->own_append.data[k->entry] || c->entries.ptr[k->entry].via_hypervisor)
      continue;
    sp->own_append.data[k->entry] = 2;    /* its last KERNEL line only */
    CLEANUP_FREE char *args = NULL;
    if (gl_cmdline_edit ("", 0, e->devices, e->console, &args, err) == -1)
      return -1;
    if (!*args)
      continue;
    size_t indent = 0;
    while (k->l.raw + indent < k->l.kw_end && gl_text_is_blank (text[k->l.raw + indent]))
      indent++;
    bool lower = text[k->l.kw_end - 1] >= 'a' && text[k->l.kw_end - 1] <= 'z';
    bool nl = k->l.next > k->l.raw && text[k->l.next - 1] == '\n';
    if (gl_splice_add (v, k->l.next, k->l.next,
                       gl_printf ("%s%.*s%s %s%s", nl ? "" : "\n", (int) indent,
                                  text + k->l.raw, lower ? "append" : "APPEND", args,
                                  nl ? "\n" : ""), err) == -1)
      return -1;
  }
  if (!nameable (c, chosen))
    return 0;
  const char *label = c->entries.ptr[chosen].id;
  for (size_t i = 0; i < sp->defaults.len; ++i) {
    const struct line *l = &sp->defaults.ptr[i].l;
    if (l->end > l->args ?
        gl_splice_add (v, l->args, l->end, strdup (label), err) == -1 :
        gl_splice_add (v, l->kw_end, l->end, gl_printf (" %s", label), err) == -1)
      return -1;
  }
  /* MENU DEFAULT elsewhere would still win over DEFAULT. */
  for (size_t i = 0; i < sp->menu_defaults.len; ++i) {
    const struct edit_line *m = &sp->menu_defaults.ptr[i];
    if (m->entry != chosen &&
        gl_splice_add (v, m->l.raw, m->l.next, strdup (""), err) == -1)
      return -1;
  }
  if (sp->defaults.len == 0 && !(*prepend = gl_printf ("DEFAULT %s", label)))
    return gl_err_set (err, ENOMEM, "out of memory");
  return 0;
}

static void
free_spans (void *spans)
{
  struct spans *sp = spans;
  edit_line_vector_reset (&sp->appends);
  edit_line_vector_reset (&sp->defaults);
  edit_line_vector_reset (&sp->menu_defaults);
  edit_line_vector_reset (&sp->kernels);
  gl_buf_free (&sp->own_append);
}

static const struct gl_boot_rewriter walker = {
  walk, sizeof (struct spans), splices, free_spans
};

static const char *const paths[] = {
  "/boot/extlinux/extlinux.conf", "/boot/extlinux.conf",
  "/boot/syslinux/syslinux.cfg", "/extlinux.conf", NULL
};

const struct gl_bootloader_ops gl_bootloader_extlinux = {
  .name = "extlinux",
  .config_paths = paths,
  .max_bytes = GL_BOOTCFG_MAX_BYTES,
  .hypervisor_entries = HYPERVISOR_ENTRIES,
  .walker = &walker,
};
