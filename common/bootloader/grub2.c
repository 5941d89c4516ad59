/* guestlift: grub2 reader (grub.cfg), see bootcfg.h.
 *
 * grub.cfg is a small shell language.  A lexer turns it into words (quotes
 * and backslashes removed, variables left unexpanded), command separators
 * and braces; commands are then looked at one by one.  Braces open blocks:
 * menuentry and submenu bodies, functions.  if/then/fi and loops do not use
 * braces, so their commands are seen like any other (a menuentry inside an
 * "if" still counts, as grub would usually run it).  Blocks are kept on a
 * fixed-size stack: nesting is guest-controlled, so no recursion, and
 * anything nested deeper than GL_GRUB2_MAX_DEPTH is skipped (menu items
 * there are counted in too_deep, for the report to say so).
 */
#include <config.h>

#include <ctype.h>
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "bootcfg.h"
#include "buf.h"
#include "cleanup.h"
#include "vector.h"

#define MAX_DEPTH GL_GRUB2_MAX_DEPTH
/* "A>B>C": as many levels as the menu can have, so that every item the
 * parse keeps can be named. */
#define MAX_SPEC_LEVELS MAX_DEPTH

/* ---- lexer ---------------------------------------------------------- */

enum tok { T_EOF, T_WORD, T_SEP, T_LBRACE, T_RBRACE };

struct lexer {
  const char *s;
  size_t len, pos;
  struct gl_buf word;           /* the last T_WORD */
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

struct parser {
  struct gl_bootcfg *c;
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

/* Level (0 top, i+1 submenu i) a new menu item would belong to. */
static size_t
current_level (struct parser *p)
{
  for (size_t i = p->depth; i-- > 0; )
    if (p->stack[i].kind == F_SUBMENU)
      return p->stack[i].idx + 1;
  return 0;
}

/* Join words[from..n) with spaces, or NULL when there are none. */
static int
set_joined (char **dst, char **words, size_t from, size_t n)
{
  CLEANUP_BUF struct gl_buf b = GL_BUF_INIT;
  for (size_t i = from; i < n; ++i)
    if ((i > from && gl_buf_append (&b, " ", 1) == -1) ||
        gl_buf_puts (&b, words[i]) == -1)
      return -1;
  free (*dst);
  *dst = from < n ? gl_buf_steal (&b) : NULL;
  return from < n && *dst == NULL ? -1 : 0;
}

static int
set_path (char **dst, const char *path)
{
  char *s = gl_bootcfg_strip_device (path, strlen (path));
  if (!s)
    return -1;
  free (*dst);
  *dst = s;
  return 0;
}

static int
set_initrd (struct gl_boot_entry *e, char **words, size_t n)
{
  /* Early microcode comes first; the real initramfs is the last one. */
  const char *first = NULL, *chosen = NULL;
  for (size_t i = 0; i < n; ++i) {
    if (strncmp (words[i], "--", 2) == 0)
      continue;
    if (!first)
      first = words[i];
    if (!gl_bootcfg_is_microcode (words[i]))
      chosen = words[i];
  }
  if (!chosen)
    chosen = first;
  return chosen ? set_path (&e->initrd, chosen) : 0;
}

static int
set_default (struct parser *p, const char *value)
{
  /* ${next_entry} is a one-shot override, not the default. */
  if (strstr (value, "next_entry"))
    return 0;
  p->have_default = true;
  return gl_bootcfg_set (&p->c->default_spec, value, strlen (value));
}

static int
run_command (struct parser *p, char **words, size_t n)
{
  while (n > 0 && is_one_of (words[0], lead_keywords))
    words++, n--;
  if (n == 0)
    return 0;

  const char *cmd = words[0];
  if (streq (cmd, "blscfg") && enclosing_entry (p) == NULL) {
    p->c->blscfg = 1;
    return 0;
  }
  if (p->depth == 0 && !p->overflow) {
    /* "set default=X" or "default=X" at top level. */
    if (streq (cmd, "set")) {
      for (size_t i = 1; i < n; ++i)
        if (strncmp (words[i], "default=", 8) == 0 &&
            set_default (p, words[i] + 8) == -1)
          return -1;
    }
    else if (strncmp (cmd, "default=", 8) == 0)
      return set_default (p, cmd + 8);
    return 0;
  }

  struct frame *f = enclosing_entry (p);
  if (!f)
    return 0;
  struct gl_boot_entry *e = &p->c->entries.ptr[f->idx];

  if (is_one_of (cmd, linux_cmds) && n >= 2) {
    f->has_linux = true;
    if (set_path (&e->kernel, words[1]) == -1 ||
        set_joined (&e->cmdline, words, 2, n) == -1)
      return -1;
  }
  else if (is_one_of (cmd, initrd_cmds))
    return set_initrd (e, words + 1, n - 1);
  else if (is_one_of (cmd, module_cmds) && !f->has_linux) {
    /* Xen: multiboot loads the hypervisor, Linux is module 1, its
     * initrd module 2. */
    size_t i = 1;
    while (i < n && strncmp (words[i], "--", 2) == 0)
      i++;
    if (i >= n)
      return 0;
    f->modules++;
    if (f->modules == 1) {
      size_t a = i + 1;
      if (a < n && streq (words[a], "placeholder"))
        a++;                    /* Debian's stand-in for argv[0] */
      if (set_path (&e->kernel, words[i]) == -1 ||
          set_joined (&e->cmdline, words, a, n) == -1)
        return -1;
    }
    else if (f->modules == 2)
      return set_path (&e->initrd, words[i]);
  }
  return 0;
}

/* Title and id from "menuentry|submenu ARGS". */
static void
parse_item_args (char **words, size_t n, const char **title, const char **id)
{
  *title = *id = NULL;
  for (size_t i = 1; i < n; ++i) {
    const char *w = words[i];
    if (is_one_of (w, opts_with_arg))
      i++;
    else if (is_one_of (w, id_opts)) {
      if (i + 1 < n)
        *id = words[++i];
    }
    else if (strncmp (w, "--id=", 5) == 0)
      *id = w + 5;
    else if (strncmp (w, "--", 2) == 0)
      ;                         /* --unrestricted and the like */
    else if (!*title)
      *title = w;
  }
}

static int
open_block (struct parser *p, char **words, size_t n)
{
  while (n > 0 && is_one_of (words[0], lead_keywords))
    words++, n--;

  if (p->overflow || p->depth >= MAX_DEPTH) {
    p->overflow++;
    if (n > 0 && (streq (words[0], "menuentry") || streq (words[0], "submenu")))
      p->c->too_deep++;
    return 0;
  }

  struct frame f = { .kind = F_OTHER };
  bool is_entry = n > 0 && streq (words[0], "menuentry");
  bool is_sub = n > 0 && streq (words[0], "submenu");
  /* A menuentry inside a menuentry body is not a menu item of ours. */
  if ((is_entry || is_sub) && enclosing_entry (p) == NULL) {
    const char *title, *id;
    parse_item_args (words, n, &title, &id);
    size_t level = current_level (p);
    if (level >= p->counts.len)
      return -1;                /* cannot happen */
    size_t pos = p->counts.ptr[level]++;
    char *t = strdup (title ? title : "");
    char *i = id ? strdup (id) : NULL;
    if (!t || (id && !i)) {
      free (t);
      free (i);
      return -1;
    }
    if (is_entry) {
      struct gl_boot_entry *e = gl_bootcfg_add_entry (p->c);
      if (!e) {
        free (t);
        free (i);
        return -1;
      }
      e->title = t;
      e->id = i;
      e->menu_parent = level;
      e->menu_pos = pos;
      f.kind = F_ENTRY;
      f.idx = p->c->entries.len - 1;
    }
    else {
      struct gl_boot_submenu s = { t, i, level, pos };
      if (gl_boot_submenu_vector_append (&p->c->submenus, s) == -1) {
        free (t);
        free (i);
        return -1;
      }
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

int
gl_grub2_parse (const char *text, size_t len, struct gl_bootcfg *out)
{
  if (gl_bootcfg_init (len, out) == -1)
    return -1;

  struct parser p = { .c = out };
  struct lexer lx = { .s = text, .len = len };
  string_vector words = empty_vector;
  enum tok t;
  int r = -1;

  if (size_vector_append (&p.counts, 0) == -1)
    goto out;
  do {
    if (lex (&lx, &t) == -1)
      goto out;
    switch (t) {
    case T_WORD:
      if (string_vector_add (&words, lx.word.data) == -1)
        goto out;
      continue;
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
    string_vector_free (&words);
  } while (t != T_EOF);

  if (out->entries.len > 0) {
    if (!p.have_default)
      out->default_index = 0;
    else if (!is_saved_spec (out->default_spec))
      out->default_index =
        gl_grub2_resolve_default (out, out->default_spec, NULL);
    /* else: saved; the caller resolves it with grubenv */
  }
  r = 0;

 out:
  {
    int e = errno;
    string_vector_free (&words);
    size_vector_reset (&p.counts);
    gl_buf_free (&lx.word);
    if (r == -1)
      gl_bootcfg_free (out);
    errno = e;
  }
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
