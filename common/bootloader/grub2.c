/* guestlift: grub2 (grub.cfg): one lexer, its parser, its rewriter, and
 * the files that complete its menu (BLS entries, grubenv,
 * /etc/default/grub); see bootloader.h.
 *
 * grub.cfg is a small shell language.  A lexer turns it into words (quotes
 * and backslashes removed, variables left unexpanded; each word's raw
 * span kept for the rewriter), command separators and braces; commands
 * are then looked at one by one.  Braces open blocks: menuentry and
 * submenu bodies, functions.  if/then/fi and loops do not use braces, so
 * their commands are seen like any other (a menuentry inside an "if" still
 * counts, as grub would usually run it); a menuentry inside a function
 * body is not a menu item (it is one only if the function is called).
 * Blocks are kept on a fixed-size stack: nesting is guest-controlled, so
 * no recursion, and anything nested deeper than GL_GRUB2_MAX_DEPTH is
 * skipped (menu items there are counted in too_deep, for the report to say
 * so).
 *
 * The rewriter edits what the parser reads: the default ("set default=",
 * top level, grub-reboot's ${next_entry} left alone) by menu position,
 * and the arguments of every linux command (Xen entries' "module" lines
 * are the hypervisor's business and stay).  A grub.cfg that runs blscfg
 * keeps its default, which is grubenv's saved_entry.
 */
#include <config.h>

#include <ctype.h>
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "boot-text.h"
#include "bootloader.h"
#include "buf.h"
#include "cleanup.h"
#include "error.h"
#include "keyvalue.h"
#include "vector.h"

#define MAX_DEPTH GL_GRUB2_MAX_DEPTH
/* A Xen entry's Linux module is the hypervisor's: it is neither edited
 * nor made the default. */
#define HYPERVISOR_ENTRIES false
/* "A>B>C": as many levels as the menu can have, so that every item the
 * parse keeps can be named. */
#define MAX_SPEC_LEVELS MAX_DEPTH

/* ---- lexer ---------------------------------------------------------- */

enum tok { T_EOF, T_WORD, T_SEP, T_LBRACE, T_RBRACE };

struct lexer {
  const char *s;
  size_t len, pos;
  struct gl_buf word;           /* the last T_WORD */
  size_t start;                 /* its raw span: s[start, pos) */
};

static int
is_blank (char c)
{
  return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v';
}

/* Characters that end an unquoted word (as in grub's yylex.l). */
static int
ends_word (char c)
{
  return is_blank (c) || c == '\n' || c == ';' || c == '{' || c == '}';
}

static int
lex_word (struct lexer *lx)
{
  const char *s = lx->s;
  size_t len = lx->len;

  lx->word.len = 0;
  if (gl_buf_append (&lx->word, "", 0) == -1)   /* never leave data NULL */
    return -1;
  while (lx->pos < len && !ends_word (s[lx->pos])) {
    char c = s[lx->pos++];
    if (c == '\\') {
      if (lx->pos >= len)
        return gl_buf_append (&lx->word, "\\", 1);
      c = s[lx->pos++];
      if (c == '\n')
        continue;               /* line continuation */
      if (gl_buf_append (&lx->word, &c, 1) == -1)
        return -1;
    }
    else if (c == '\'') {
      const char *q = memchr (s + lx->pos, '\'', len - lx->pos);
      size_t n = q ? (size_t) (q - (s + lx->pos)) : len - lx->pos;
      if (gl_buf_append (&lx->word, s + lx->pos, n) == -1)
        return -1;
      lx->pos += n + (q != NULL);
    }
    else if (c == '"') {
      while (lx->pos < len && s[lx->pos] != '"') {
        c = s[lx->pos++];
        if (c == '\\' && lx->pos < len &&
            strchr ("$\"\\\n", s[lx->pos]) != NULL) {
          c = s[lx->pos++];
          if (c == '\n')
            continue;
        }
        if (gl_buf_append (&lx->word, &c, 1) == -1)
          return -1;
      }
      if (lx->pos < len)
        lx->pos++;              /* closing quote */
    }
    else if (c == '$' && lx->pos < len && s[lx->pos] == '{') {
      /* ${name}: kept as written, the braces are not blocks. */
      const char *q = memchr (s + lx->pos, '}', len - lx->pos);
      size_t n = q ? (size_t) (q - (s + lx->pos)) + 1 : len - lx->pos;
      if (gl_buf_append (&lx->word, "$", 1) == -1 ||
          gl_buf_append (&lx->word, s + lx->pos, n) == -1)
        return -1;
      lx->pos += n;
    }
    else if (gl_buf_append (&lx->word, &c, 1) == -1)
      return -1;
  }
  return 0;
}

static int
lex (struct lexer *lx, enum tok *t)
{
  for (;;) {
    while (lx->pos < lx->len && is_blank (lx->s[lx->pos]))
      lx->pos++;
    if (lx->pos + 1 < lx->len && lx->s[lx->pos] == '\\' &&
        lx->s[lx->pos + 1] == '\n') {
      lx->pos += 2;
      continue;
    }
    if (lx->pos >= lx->len) {
      *t = T_EOF;
      return 0;
    }
    char c = lx->s[lx->pos];
    if (c == '#') {             /* comment to the end of the line */
      const char *nl = memchr (lx->s + lx->pos, '\n', lx->len - lx->pos);
      lx->pos = nl ? (size_t) (nl - lx->s) : lx->len;
      continue;
    }
    if (c == '\n' || c == ';' || c == '{' || c == '}') {
      lx->pos++;
      *t = c == '{' ? T_LBRACE : c == '}' ? T_RBRACE : T_SEP;
      return 0;
    }
    *t = T_WORD;
    lx->start = lx->pos;
    return lex_word (lx);
  }
}

/* ---- parser --------------------------------------------------------- */

enum frame_kind { F_OTHER, F_ENTRY, F_SUBMENU };

struct frame {
  enum frame_kind kind;
  size_t idx;                   /* entry or submenu index */
  bool has_linux;               /* F_ENTRY: a linux command was seen */
  int modules;                  /* F_ENTRY: module commands seen */
};

DEFINE_VECTOR_TYPE (size_vector, size_t);

/* A word of the current command: its value and raw span. */
struct word {
  char *value;
  size_t start, end;
};
DEFINE_VECTOR_TYPE (word_vector, struct word);

/* Where the rewriter edits, found by the parse. */
struct linux_args {
  size_t start, end;            /* after the path word .. after the last word */
  size_t first, n;              /* its words in spans.words */
};
DEFINE_VECTOR_TYPE (linux_args_vector, struct linux_args);
struct default_word {
  size_t start, end;            /* the raw word "default=VALUE" */
};
DEFINE_VECTOR_TYPE (default_word_vector, struct default_word);
struct spans {
  linux_args_vector args;       /* every linux command with a path */
  gl_cmdline_word_vector words; /* their argument words (values in owned) */
  string_vector owned;
  default_word_vector defaults; /* top-level "default=" words read */
};

struct parser {
  struct gl_bootcfg *c;
  struct spans *sp;             /* NULL when only parsing */
  struct frame stack[MAX_DEPTH];
  size_t depth;
  size_t overflow;              /* blocks open beyond MAX_DEPTH */
  size_vector counts;           /* items per level: [0] top, [i+1] submenu i */
  bool have_default;
};

static int
streq (const char *a, const char *b)
{
  return strcmp (a, b) == 0;
}

static int
is_one_of (const char *w, const char *const *list)
{
  for (size_t i = 0; list[i]; ++i)
    if (streq (w, list[i]))
      return 1;
  return 0;
}

static const char *const linux_cmds[] =
  { "linux", "linux16", "linuxefi", NULL };
static const char *const initrd_cmds[] =
  { "initrd", "initrd16", "initrdefi", NULL };
static const char *const module_cmds[] =
  { "module", "module2", "xen_module", NULL };
/* Words that may precede a command on the same line. */
static const char *const lead_keywords[] =
  { "then", "else", "do", "!", NULL };
/* menuentry/submenu options that take an argument. */
static const char *const opts_with_arg[] =
  { "--class", "--users", "--hotkey", "--source", NULL };
static const char *const id_opts[] =
  { "--id", "$menuentry_id_option", "${menuentry_id_option}", NULL };

/* The innermost open menuentry, or NULL. */
static struct frame *
enclosing_entry (struct parser *p)
{
  if (p->overflow)
    return NULL;
  for (size_t i = p->depth; i-- > 0; )
    if (p->stack[i].kind == F_ENTRY)
      return &p->stack[i];
  return NULL;
}

/* A new menuentry or submenu is a menu item: only submenus enclose it
 * (not a menuentry body, not a function). */
static bool
in_menu (struct parser *p)
{
  if (p->overflow)
    return false;
  for (size_t i = 0; i < p->depth; ++i)
    if (p->stack[i].kind != F_SUBMENU)
      return false;
  return true;
}

/* Level (0 top, i+1 submenu i) of a new menu item (in_menu). */
static size_t
current_level (struct parser *p)
{
  return p->depth ? p->stack[p->depth - 1].idx + 1 : 0;
}

/* Join the values of w[from..n) with spaces, or NULL when there are none. */
static int
set_joined (char **dst, const struct word *w, size_t from, size_t n)
{
  CLEANUP_BUF struct gl_buf b = GL_BUF_INIT;
  for (size_t i = from; i < n; ++i)
    if ((i > from && gl_buf_append (&b, " ", 1) == -1) ||
        gl_buf_puts (&b, w[i].value) == -1)
      return -1;
  free (*dst);
  *dst = from < n ? gl_buf_steal (&b) : NULL;
  return from < n && *dst == NULL ? -1 : 0;
}

static int
set_path (char **dst, const char *path)
{
  return gl_bootcfg_set_path (dst, path, strlen (path));
}

static int
set_initrd (struct gl_boot_entry *e, const struct word *w, size_t n)
{
  /* Early microcode comes first; the real initramfs is the last one. */
  const char *first = NULL, *chosen = NULL;
  for (size_t i = 0; i < n; ++i) {
    if (strncmp (w[i].value, "--", 2) == 0)
      continue;
    if (!first)
      first = w[i].value;
    if (!gl_bootcfg_is_microcode (w[i].value))
      chosen = w[i].value;
  }
  if (!chosen)
    chosen = first;
  return chosen ? set_path (&e->initrd, chosen) : 0;
}

/* One "default=VALUE" word at top level. */
static int
set_default (struct parser *p, const struct word *w, const char *value)
{
  /* ${next_entry} is a one-shot override, not the default. */
  if (strstr (value, "next_entry"))
    return 0;
  p->have_default = true;
  struct default_word d = { w->start, w->end };
  if (p->sp && default_word_vector_append (&p->sp->defaults, d) == -1)
    return -1;
  return gl_bootcfg_set (&p->c->default_spec, value, strlen (value));
}

/* A linux command's arguments, for the rewriter. */
static int
note_linux (struct parser *p, const struct word *w, size_t n)
{
  struct spans *sp = p->sp;
  if (!sp)
    return 0;
  struct linux_args a = { w[1].end, w[n - 1].end, sp->words.len, n - 2 };
  for (size_t i = 2; i < n; ++i) {
    char *v = strdup (w[i].value);
    if (!v || string_vector_append (&sp->owned, v) == -1) {
      free (v);
      return -1;
    }
    struct gl_cmdline_word cw = { w[i].start, w[i].end, v, strlen (v) };
    if (gl_cmdline_word_vector_append (&sp->words, cw) == -1)
      return -1;
  }
  return linux_args_vector_append (&sp->args, a);
}

static int
run_command (struct parser *p, const struct word *w, size_t n)
{
  while (n > 0 && is_one_of (w[0].value, lead_keywords))
    w++, n--;
  if (n == 0)
    return 0;

  const char *cmd = w[0].value;
  if (streq (cmd, "blscfg") && enclosing_entry (p) == NULL) {
    p->c->blscfg = true;
    return 0;
  }
  if (p->depth == 0 && !p->overflow) {
    /* "set default=X" or "default=X" at top level. */
    if (streq (cmd, "set")) {
      for (size_t i = 1; i < n; ++i)
        if (strncmp (w[i].value, "default=", 8) == 0 &&
            set_default (p, &w[i], w[i].value + 8) == -1)
          return -1;
    }
    else if (strncmp (cmd, "default=", 8) == 0)
      return set_default (p, &w[0], cmd + 8);
  }

  /* Every linux command is edited, in a menu item or not (a function
   * may make one). */
  if (is_one_of (cmd, linux_cmds) && n >= 2 && note_linux (p, w, n) == -1)
    return -1;

  struct frame *f = enclosing_entry (p);
  if (!f)
    return 0;
  struct gl_boot_entry *e = &p->c->entries.ptr[f->idx];

  if (is_one_of (cmd, linux_cmds) && n >= 2) {
    f->has_linux = true;
    e->via_hypervisor = false;
    if (set_path (&e->kernel, w[1].value) == -1 ||
        set_joined (&e->cmdline, w, 2, n) == -1)
      return -1;
  }
  else if (is_one_of (cmd, initrd_cmds))
    return set_initrd (e, w + 1, n - 1);
  else if (is_one_of (cmd, module_cmds) && !f->has_linux) {
    /* Xen: multiboot loads the hypervisor, Linux is module 1, its
     * initrd module 2. */
    size_t i = 1;
    while (i < n && strncmp (w[i].value, "--", 2) == 0)
      i++;
    if (i >= n)
      return 0;
    f->modules++;
    if (f->modules == 1) {
      size_t a = i + 1;
      if (a < n && streq (w[a].value, "placeholder"))
        a++;                    /* Debian's stand-in for argv[0] */
      e->via_hypervisor = true;
      if (set_path (&e->kernel, w[i].value) == -1 ||
          set_joined (&e->cmdline, w, a, n) == -1)
        return -1;
    }
    else if (f->modules == 2)
      return set_path (&e->initrd, w[i].value);
  }
  return 0;
}

/* Title and id from "menuentry|submenu ARGS". */
static void
parse_item_args (const struct word *w, size_t n, const char **title, const char **id)
{
  *title = *id = NULL;
  for (size_t i = 1; i < n; ++i) {
    const char *v = w[i].value;
    if (is_one_of (v, opts_with_arg))
      i++;
    else if (is_one_of (v, id_opts)) {
      if (i + 1 < n)
        *id = w[++i].value;
    }
    else if (strncmp (v, "--id=", 5) == 0)
      *id = v + 5;
    else if (strncmp (v, "--", 2) == 0)
      ;                         /* --unrestricted and the like */
    else if (!*title)
      *title = v;
  }
}

static int
open_block (struct parser *p, const struct word *w, size_t n)
{
  while (n > 0 && is_one_of (w[0].value, lead_keywords))
    w++, n--;

  bool is_entry = n > 0 && streq (w[0].value, "menuentry");
  bool is_sub = n > 0 && streq (w[0].value, "submenu");
  if (p->overflow || p->depth >= MAX_DEPTH) {
    p->overflow++;
    if (is_entry || is_sub)
      p->c->too_deep++;
    return 0;
  }

  struct frame f = { .kind = F_OTHER };
  if ((is_entry || is_sub) && in_menu (p)) {
    const char *title, *id;
    parse_item_args (w, n, &title, &id);
    size_t level = current_level (p);
    if (level >= p->counts.len)
      return -1;                /* cannot happen */
    size_t pos = p->counts.ptr[level]++;
    CLEANUP_FREE char *t = strdup (title ? title : "");
    CLEANUP_FREE char *i = id ? strdup (id) : NULL;
    if (!t || (id && !i))
      return -1;
    if (is_entry) {
      struct gl_boot_entry *e = gl_bootcfg_add_entry (p->c);
      if (!e)
        return -1;
      e->title = GL_STEAL (t);
      e->id = GL_STEAL (i);
      e->menu_parent = level;
      e->menu_pos = pos;
      f.kind = F_ENTRY;
      f.idx = p->c->entries.len - 1;
    }
    else {
      struct gl_boot_submenu s = { t, i, level, pos };
      if (gl_boot_submenu_vector_append (&p->c->submenus, s) == -1)
        return -1;
      t = i = NULL;
      if (size_vector_append (&p->counts, 0) == -1)
        return -1;
      f.kind = F_SUBMENU;
      f.idx = p->c->submenus.len - 1;
    }
  }
  p->stack[p->depth++] = f;
  return 0;
}

static void
close_block (struct parser *p)
{
  if (p->overflow)
    p->overflow--;
  else if (p->depth > 0)
    p->depth--;
  /* else: a stray '}', ignored */
}

static int
is_saved_spec (const char *spec)
{
  return streq (spec, "saved") || streq (spec, "$saved_entry") ||
    streq (spec, "${saved_entry}");
}

static void
free_words (word_vector *w)
{
  for (size_t i = 0; i < w->len; ++i)
    free (w->ptr[i].value);
  w->len = 0;
}

static int
walk (const char *text, size_t len, struct gl_bootcfg *out, void *sp)
{
  struct parser p = { .c = out, .sp = sp };
  struct lexer lx = { .s = text, .len = len };
  word_vector words = empty_vector;
  enum tok t;
  int r = -1;

  if (size_vector_append (&p.counts, 0) == -1)
    goto out;
  do {
    if (lex (&lx, &t) == -1)
      goto out;
    switch (t) {
    case T_WORD: {
      struct word w = { strdup (lx.word.data), lx.start, lx.pos };
      if (!w.value || word_vector_append (&words, w) == -1) {
        free (w.value);
        goto out;
      }
      continue;
    }
    case T_LBRACE:
      if (open_block (&p, words.ptr, words.len) == -1)
        goto out;
      break;
    case T_RBRACE:
      if (run_command (&p, words.ptr, words.len) == -1)
        goto out;
      close_block (&p);
      break;
    case T_SEP:
    case T_EOF:
      if (run_command (&p, words.ptr, words.len) == -1)
        goto out;
      break;
    }
    free_words (&words);
  } while (t != T_EOF);

  if (out->entries.len > 0) {
    if (!p.have_default)
      out->default_index = 0;
    else if (!is_saved_spec (out->default_spec))
      out->default_index =
        gl_grub2_resolve_default (out, out->default_spec, NULL);
    /* else: saved; complete() resolves it with grubenv */
  }
  r = 0;

 out:
  free_words (&words);
  word_vector_reset (&words);
  size_vector_reset (&p.counts);
  gl_buf_free (&lx.word);
  return r;
}

/* ---- default resolution -------------------------------------------- */

static int
matches (const char *s, const char *part, size_t n)
{
  return s && strlen (s) == n && memcmp (s, part, n) == 0;
}

int
gl_grub2_resolve_default (const struct gl_bootcfg *c, const char *spec,
                          const char *saved_entry)
{
  if (!c || c->entries.len == 0)
    return -1;
  if (spec && is_saved_spec (spec)) {
    spec = saved_entry;
    if (spec && is_saved_spec (spec))
      return -1;
  }
  if (!spec || !*spec)
    return 0;

  size_t level = 0;             /* 0 top, i+1 submenu i */
  const char *part = spec;
  for (int depth = 0; depth < MAX_SPEC_LEVELS; ++depth) {
    const char *gt = strchr (part, '>');
    size_t n = gt ? (size_t) (gt - part) : strlen (part);
    bool last = gt == NULL;

    bool numeric = n > 0 && n <= 9;
    size_t num = 0;
    for (size_t i = 0; numeric && i < n; ++i) {
      if (!isdigit ((unsigned char) part[i]))
        numeric = false;
      else
        num = num * 10 + (size_t) (part[i] - '0');
    }

    /* The first item of this level, in menu order, that matches. */
    long found_entry = -1, found_sub = -1;
    size_t best_pos = (size_t) -1;
    for (size_t i = 0; i < c->entries.len; ++i) {
      const struct gl_boot_entry *e = &c->entries.ptr[i];
      if (e->menu_parent != level || e->menu_pos >= best_pos)
        continue;
      if (numeric ? e->menu_pos == num
          : matches (e->title, part, n) || matches (e->id, part, n)) {
        found_entry = (long) i;
        best_pos = e->menu_pos;
      }
    }
    for (size_t i = 0; i < c->submenus.len; ++i) {
      const struct gl_boot_submenu *s = &c->submenus.ptr[i];
      if (s->menu_parent != level || s->menu_pos >= best_pos)
        continue;
      if (numeric ? s->menu_pos == num
          : matches (s->title, part, n) || matches (s->id, part, n)) {
        found_sub = (long) i;
        found_entry = -1;
        best_pos = s->menu_pos;
      }
    }

    if (found_entry >= 0)
      return last ? (int) found_entry : -1;
    if (found_sub < 0)
      /* grub boots the first entry when a plain number is out of range */
      return numeric && last && level == 0 && depth == 0 ? 0 : -1;
    if (last)
      return -1;                /* a submenu, not an entry */
    level = (size_t) found_sub + 1;
    part = gt + 1;
  }
  return -1;
}

/* ---- rewriter ------------------------------------------------------- */

static void
free_spans (void *spans)
{
  struct spans *sp = spans;
  linux_args_vector_reset (&sp->args);
  gl_cmdline_word_vector_reset (&sp->words);
  string_vector_free (&sp->owned);
  default_word_vector_reset (&sp->defaults);
}

/* The default word made to say SPEC, keeping its quoting: "default=VALUE"
 * with VALUE bare, '...' or "..." (a bare value naming a submenu item is
 * double-quoted: '>' is a redirection to grub's shell). */
static int
splice_default (gl_splice_vector *v, const char *text,
                const struct default_word *d, const char *spec,
                struct gl_err *err)
{
  size_t vs = d->start + 8;
  if (d->end - d->start < 8 || memcmp (text + d->start, "default=", 8) != 0)
    return gl_splice_add (v, d->start, d->end,
                          gl_printf ("default=\"%s\"", spec), err);
  char q = vs < d->end && (text[vs] == '"' || text[vs] == '\'') ? text[vs] : 0;
  if (!q && strchr (spec, '>'))
    q = '"';
  return gl_splice_add (v, vs, d->end, q ? gl_printf ("%c%s%c", q, spec, q) :
                        strdup (spec), err);
}

static int
splices (const char *text, const struct gl_bootcfg *c, void *spans,
         const struct gl_boot_edits *e, int chosen, gl_splice_vector *v,
         char **prepend, struct gl_err *err)
{
  const struct spans *sp = spans;
  for (size_t i = 0; i < sp->args.len; ++i) {
    const struct linux_args *a = &sp->args.ptr[i];
    /* No words: the span is empty, nothing to split either way. */
    if (gl_splice_cmdline (v, text, a->start, a->end,
                           a->n ? &sp->words.ptr[a->first] : NULL, a->n, e, true,
                           err) == -1)
      return -1;
  }
  /* blscfg: the default is grubenv's saved_entry (gl_boot_menu_choose),
   * and positions here would not count the BLS entries. */
  if (chosen < 0 || c->blscfg)
    return 0;
  CLEANUP_FREE char *spec = gl_bootcfg_menu_path (c, (size_t) chosen);
  if (!spec)
    return gl_err_set (err, ENOMEM, "out of memory");
  for (size_t i = 0; i < sp->defaults.len; ++i)
    if (splice_default (v, text, &sp->defaults.ptr[i], spec, err) == -1)
      return -1;
  if (sp->defaults.len == 0 && !(*prepend = gl_printf ("set default=\"%s\"", spec)))
    return gl_err_set (err, ENOMEM, "out of memory");
  return 0;
}

static const struct gl_boot_rewriter walker = {
  walk, sizeof (struct spans), splices, free_spans
};

/* ---- the files around grub.cfg -------------------------------------- */

/* grubenv is one 1024-byte block; /etc/default/grub a page of shell. */
#define DEFAULT_GRUB_MAX (64 * 1024)

struct env {
  const struct gl_boot_reader *r;
  char *path;                   /* DIR/grubenv, next to grub.cfg */
  char *text;                   /* read once, when first needed */
  size_t len;
  bool read;
};

static void
env_read (struct env *env)
{
  if (!env->read && env->path)
    env->text = gl_boot_read (env->r, env->path,
                              gl_bootloader_grubenv.max_bytes, &env->len);
  env->read = true;
}

static int
complete (const struct gl_boot_reader *r, const char *path,
          struct gl_bootcfg *cfg, gl_boot_file_vector *files, struct gl_err *err)
{
  const char *slash = strrchr (path, '/');
  struct env env = { .r = r, .path = slash ?
    gl_printf ("%.*s/grubenv", (int) (slash - path), path) : NULL };
  CLEANUP_FREE char *grub_default = NULL, *saved = NULL;
  int ret = -1;

  if (slash && !env.path)
    goto oom;
  /* The BLS entries (their $variables live in grubenv), whose default
   * grubenv's saved_entry names. */
  if (cfg->blscfg) {
    env_read (&env);
    if (gl_bls_load (r, env.text, env.len, cfg, files, err) == -1 ||
        (env.path && gl_boot_file_add (files, env.path, &gl_bootloader_grubenv, err) == -1))
      goto out;
  }
  if (cfg->too_deep)
    gl_boot_warn (r, gl_printf ("%s: %zu menu entries or submenus nested deeper "
                                "than %d blocks (the bound): not read", path,
                                cfg->too_deep, GL_GRUB2_MAX_DEPTH));
  if (cfg->entries.len == 0 && !cfg->too_deep) {
    ret = 0;
    goto out;
  }
  const char *spec = cfg->default_spec;
  if (!spec) {
    /* grub.cfg without "set default": /etc/default/grub says. */
    size_t len;
    CLEANUP_FREE char *text = gl_boot_read (r, "/etc/default/grub",
                                            DEFAULT_GRUB_MAX, &len);
    if (text && !(grub_default = gl_keyvalue_get (text, len, "GRUB_DEFAULT")) &&
        errno == ENOMEM)
      goto oom;
    spec = grub_default;
  }
  env_read (&env);
  if (env.text && gl_grubenv_get (env.text, env.len, "saved_entry", &saved, err) == -1)
    goto out;
  cfg->default_index = gl_grub2_resolve_default (cfg, spec, saved);
  ret = 0;
  goto out;

 oom:
  gl_err_set (err, ENOMEM, "out of memory");
 out:
  free (env.path);
  free (env.text);
  return ret;
}

static const char *const paths[] = {
  "/boot/grub2/grub.cfg", "/boot/grub/grub.cfg", NULL
};

const struct gl_bootloader_ops gl_bootloader_grub2 = {
  .name = "grub2",
  .config_paths = paths,
  .max_bytes = GL_BOOTCFG_MAX_BYTES,
  .hypervisor_entries = HYPERVISOR_ENTRIES,
  .walker = &walker,
  .complete = complete,
};
