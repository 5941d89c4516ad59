/* guestlift: Boot Loader Specification entries, as grub2's "blscfg"
 * command reads them (Fedora, RHEL 8+, Rocky/Alma, recent SUSE): one file
 * /boot/loader/entries/ID.conf per entry, "key value" lines.  One lexer,
 * its parser, its rewriter (see bootloader.h), and the loading of a
 * guest's entries in blscfg's menu order.
 *
 * Keys (case-sensitive, as grub's): title, version, linux, initrd
 * (repeatable; several paths per line; the last that is not microcode
 * wins, as in grub.cfg), options (repeatable, joined with a space).  In
 * initrd and options, $NAME and ${NAME} expand to NAME's value in grubenv
 * (RHEL 8's $kernelopts, tuned's $tuned_params), or to nothing, as grub
 * does.  Other keys, and keys without a value, are ignored.  A file
 * without "linux" boots nothing: grub shows no item for it.  The rewriter
 * edits the "options" lines the parser reads, the console going on the
 * first one only.
 */
#include <config.h>

#include <ctype.h>
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "boot-text.h"
#include "bootloader.h"
#include "bounds.h"
#include "buf.h"
#include "cleanup.h"
#include "error.h"
#include "version.h"

#define ENTRY_MAX_BYTES (64 * 1024)
#define ENTRIES_DIR "/boot/loader/entries"
#define ENTRY_SUFFIX ".conf"

/* ---- lexer ---------------------------------------------------------- */

enum key { K_OTHER, K_TITLE, K_VERSION, K_LINUX, K_INITRD, K_OPTIONS };

static const struct {
  const char *name;
  enum key key;
} keys[] = {
  { "title", K_TITLE }, { "version", K_VERSION }, { "linux", K_LINUX },
  { "initrd", K_INITRD }, { "options", K_OPTIONS },
};

struct line {
  enum key key;
  size_t value, end;            /* the value: text[value, end), not empty */
};

/* The next "key value" line of text[*pos..len) with a value, or false at
 * the end. */
static bool
lex (const char *text, size_t len, size_t *pos, struct line *l)
{
  const char *s;
  size_t n;
  while (gl_bootcfg_next_line (text, len, pos, &s, &n)) {
    if (n == 0 || s[0] == '#')
      continue;
    size_t k = 0;
    while (k < n && !isspace ((unsigned char) s[k]))
      k++;
    size_t v = k;
    while (v < n && isspace ((unsigned char) s[v]))
      v++;
    if (v == n)
      continue;                 /* a key without a value says nothing */
    l->key = K_OTHER;
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; ++i)
      if (strlen (keys[i].name) == k && memcmp (s, keys[i].name, k) == 0)
        l->key = keys[i].key;
    l->value = (size_t) (s - text) + v;
    l->end = (size_t) (s - text) + n;
    return true;
  }
  return false;
}

/* ---- parser --------------------------------------------------------- */

/* grub expands $NAME and ${NAME} in an entry's values: the variables an
 * entry uses live in grubenv; an unset one expands to nothing. */
static int
expand_vars (struct gl_buf *b, const char *s, size_t n, const char *env,
             size_t envlen, struct gl_err *err)
{
  for (size_t i = 0; i < n; ) {
    if (s[i] != '$') {
      if (gl_buf_append (b, s + i, 1) == -1)
        goto oom;
      i++;
      continue;
    }
    bool brace = i + 1 < n && s[i + 1] == '{';
    size_t start = i + 1 + brace, end = start;
    while (end < n && (isalnum ((unsigned char) s[end]) || s[end] == '_'))
      end++;
    if (end == start || (brace && (end >= n || s[end] != '}'))) {
      /* Not a variable reference: a literal '$'. */
      if (gl_buf_append (b, "$", 1) == -1)
        goto oom;
      i++;
      continue;
    }
    CLEANUP_FREE char *name = strndup (s + start, end - start);
    CLEANUP_FREE char *val = NULL;
    if (!name ||
        (env && gl_grubenv_get (env, envlen, name, &val, err) == -1) ||
        (val && gl_buf_puts (b, val) == -1))
      goto oom;
    i = end + brace;
  }
  return 0;
 oom:
  return gl_err_set (err, ENOMEM, "out of memory");
}

/* The initrd grub loads last is the initramfs; early microcode images
 * come before it.  Several "initrd" lines add up, as do several paths on
 * one line: the last that is not microcode wins, else the first. */
static int
add_initrds (char **first, char **chosen, const char *val, size_t vlen)
{
  size_t i = 0;
  for (;;) {
    while (i < vlen && isspace ((unsigned char) val[i]))
      i++;
    size_t s = i;
    while (i < vlen && !isspace ((unsigned char) val[i]))
      i++;
    if (i == s)
      return 0;
    char *p = gl_bootcfg_strip_device (val + s, i - s);
    if (!p)
      return -1;
    if (!gl_bootcfg_is_microcode (p)) {
      free (*chosen);
      *chosen = p;
    }
    else if (!*first)
      *first = p;
    else
      free (p);
  }
}

/* The entry's id: the file name without ENTRY_SUFFIX. */
static char *
entry_id (const char *path)
{
  const char *base = strrchr (path, '/');
  base = base ? base + 1 : path;
  size_t n = strlen (base), sl = sizeof ENTRY_SUFFIX - 1;
  if (n > sl && strcmp (base + n - sl, ENTRY_SUFFIX) == 0)
    n -= sl;
  return strndup (base, n);
}

static int
parse (const struct gl_boot_input *in, struct gl_bootcfg *out, struct gl_err *err)
{
  struct gl_boot_entry e = { 0 };
  CLEANUP_FREE char *micro = NULL;
  CLEANUP_BUF struct gl_buf opts = GL_BUF_INIT;
  const char *text = in->text;
  size_t pos = 0;
  struct line l;

  while (lex (text, in->len, &pos, &l)) {
    const char *val = text + l.value;
    size_t vlen = l.end - l.value;
    switch (l.key) {
    case K_OTHER:
      break;
    case K_TITLE:
      if (gl_bootcfg_set (&e.title, val, vlen) == -1)
        goto oom;
      break;
    case K_VERSION:
      if (gl_bootcfg_set (&e.version, val, vlen) == -1)
        goto oom;
      break;
    case K_LINUX:
      if (gl_bootcfg_set_path (&e.kernel, val, vlen) == -1)
        goto oom;
      break;
    case K_INITRD: {
      CLEANUP_BUF struct gl_buf v = GL_BUF_INIT;
      if (expand_vars (&v, val, vlen, in->env, in->envlen, err) == -1 ||
          (v.len && add_initrds (&micro, &e.initrd, v.data, v.len) == -1))
        goto oom;
      break;
    }
    case K_OPTIONS:
      if ((opts.len && gl_buf_append (&opts, " ", 1) == -1) ||
          expand_vars (&opts, val, vlen, in->env, in->envlen, err) == -1)
        goto oom;
      break;
    }
  }

  if (!e.kernel) {
    gl_boot_entry_free (&e);    /* nothing grub could boot: no menu item */
    return 0;
  }
  if (!e.initrd && micro)
    e.initrd = GL_STEAL (micro);
  /* Trimmed: a variable that expands to nothing leaves blanks behind. */
  size_t s = 0, t = opts.len;
  while (s < t && isspace ((unsigned char) opts.data[s])) s++;
  while (t > s && isspace ((unsigned char) opts.data[t - 1])) t--;
  if (t > s && gl_bootcfg_set (&e.cmdline, opts.data + s, t - s) == -1)
    goto oom;
  /* grub shows the version (or the id) for an entry without a title. */
  if (!(e.id = entry_id (in->path ? in->path : "")) ||
      (!e.title && !(e.title = strdup (e.version ? e.version : e.id))))
    goto oom;
  struct gl_boot_entry *slot = gl_bootcfg_add_entry (out);
  if (!slot)
    goto oom;
  e.menu_pos = slot->menu_pos;
  *slot = e;
  return 0;

 oom:
  gl_boot_entry_free (&e);
  return gl_err_set (err, ENOMEM, "out of memory");
}

/* ---- rewriter ------------------------------------------------------- */

static int
rewrite (const char *text, size_t len, const struct gl_boot_edits *e,
         char **out, struct gl_err *err)
{
  gl_splice_vector v = empty_vector;
  bool console_added = false;
  size_t pos = 0;
  struct line l;

  while (lex (text, len, &pos, &l)) {
    if (l.key != K_OPTIONS)
      continue;
    if (gl_splice_cmdline (&v, text, l.value, l.end, NULL, 0, e, !console_added,
                           err) == -1) {
      gl_splice_free (&v);
      return -1;
    }
    console_added = true;
  }
  return gl_splice_apply (text, len, NULL, &v, out, err);
}

/* ---- a guest's entries ---------------------------------------------- */

/* blscfg's menu order: newest version first (rpm version order), then
 * by id, also descending. */
static int
cmp_bls (const void *pa, const void *pb)
{
  const struct gl_boot_entry *a = pa, *b = pb;
  int c = gl_vercmp (b->version, a->version);
  return c ? c : gl_vercmp (b->id, a->id);
}

/* Sort the n entries in blscfg's menu order and move them in front of c's
 * own menu items (whose top-level positions and default_index shift by
 * n).  The entries' strings now belong to c. */
static int
prepend (struct gl_bootcfg *c, struct gl_boot_entry *bls, size_t n)
{
  if (n == 0)
    return 0;
  qsort (bls, n, sizeof *bls, cmp_bls);
  size_t old = c->entries.len;
  for (size_t i = 0; i < n; ++i)
    if (!gl_bootcfg_add_entry (c))
      return -1;
  /* grub.cfg's own items come after the BLS entries: shift them. */
  memmove (&c->entries.ptr[n], &c->entries.ptr[0], old * sizeof *c->entries.ptr);
  for (size_t i = n; i < n + old; ++i)
    if (c->entries.ptr[i].menu_parent == 0)
      c->entries.ptr[i].menu_pos += n;
  for (size_t i = 0; i < c->submenus.len; ++i)
    if (c->submenus.ptr[i].menu_parent == 0)
      c->submenus.ptr[i].menu_pos += n;
  for (size_t i = 0; i < n; ++i) {
    c->entries.ptr[i] = bls[i];
    c->entries.ptr[i].menu_parent = 0;
    c->entries.ptr[i].menu_pos = i;
    memset (&bls[i], 0, sizeof bls[i]);
  }
  if (c->default_index >= 0)
    c->default_index += (int) n;
  c->bls_entries += n;
  return 0;
}

int
gl_bls_load (const struct gl_boot_reader *r, const char *env, size_t envlen,
             struct gl_bootcfg *cfg, gl_boot_file_vector *files,
             struct gl_err *err)
{
  /* Only the entry files: whatever else the directory holds costs nothing. */
  CLEANUP_FREE_STRING_LIST char **names =
    r->glob (r->opaque, ENTRIES_DIR, "?*" ENTRY_SUFFIX);
  size_t n = gl_string_list_length (names);
  if (n > GL_BLS_MAX_ENTRIES) {
    gl_boot_warn (r, gl_printf ("%s: %zu entry files; only the first %d (the bound) "
                                "were read", ENTRIES_DIR, n, GL_BLS_MAX_ENTRIES));
    n = GL_BLS_MAX_ENTRIES;
  }
  CLEANUP_FREE struct gl_boot_entry *bls = calloc (n ? n : 1, sizeof *bls);
  size_t got = 0;
  int ret = -1;
  if (!bls)
    return gl_err_set (err, ENOMEM, "out of memory");
  for (size_t i = 0; i < n; ++i) {
    CLEANUP_FREE char *path = gl_printf ("%s/%s", ENTRIES_DIR, names[i]);
    if (!path || gl_boot_file_add (files, path, &gl_bootloader_bls, err) == -1)
      goto out;
    size_t len;
    CLEANUP_FREE char *text = gl_boot_read (r, path, ENTRY_MAX_BYTES, &len);
    if (!text)
      continue;                 /* unreadable: no menu item */
    struct gl_boot_input in = { path, text, len, env, envlen };
    struct gl_bootcfg one;
    if (gl_bootloader_parse (&gl_bootloader_bls, &in, &one, err) == -1)
      goto out;
    if (one.entries.len == 1) {
      bls[got++] = one.entries.ptr[0];
      one.entries.len = 0;
    }
    gl_bootcfg_free (&one);
  }
  if (prepend (cfg, bls, got) == -1) {
    gl_err_set (err, ENOMEM, "out of memory");
    goto out;
  }
  got = 0;
  ret = 0;
 out:
  for (size_t i = 0; i < got; ++i)
    gl_boot_entry_free (&bls[i]);
  return ret;
}

const struct gl_bootloader_ops gl_bootloader_bls = {
  .name = "bls",
  .config_paths = NULL,         /* reached through grub2's blscfg */
  .max_bytes = ENTRY_MAX_BYTES,
  .hypervisor_entries = false,
  .parse = parse,
  .rewrite = rewrite,
};
