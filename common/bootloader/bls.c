/* guestlift: Boot Loader Specification entries, as grub2's "blscfg"
 * command reads them (Fedora, RHEL 8+, Rocky/Alma, recent SUSE): one file
 * per entry in /boot/loader/entries/ (see bootcfg.h).  Pure: no I/O. */
#include <config.h>

#include <ctype.h>
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "bootcfg.h"
#include "buf.h"
#include "cleanup.h"
#include "keyvalue.h"
#include "version.h"

/* "key value": key is the first word, value the rest (blanks trimmed by
 * gl_bootcfg_next_line at the ends). */
static bool
split (const char *line, size_t n, const char **key, size_t *klen,
       const char **val, size_t *vlen)
{
  size_t k = 0;
  while (k < n && !isspace ((unsigned char) line[k]))
    k++;
  size_t v = k;
  while (v < n && isspace ((unsigned char) line[v]))
    v++;
  *key = line;
  *klen = k;
  *val = line + v;
  *vlen = n - v;
  return k > 0;
}

static bool
key_is (const char *key, size_t klen, const char *name)
{
  return strlen (name) == klen && memcmp (key, name, klen) == 0;
}

/* grub expands $NAME and ${NAME} in an entry's values: the variables an
 * entry uses live in grubenv (RHEL 8's $kernelopts, tuned's $tuned_params
 * and $tuned_initrd); an unset one expands to nothing, as in grub. */
static int
expand_vars (struct gl_buf *b, const char *s, size_t n, const char *env, size_t envlen)
{
  for (size_t i = 0; i < n; ) {
    if (s[i] != '$') {
      if (gl_buf_append (b, s + i, 1) == -1)
        return -1;
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
        return -1;
      i++;
      continue;
    }
    CLEANUP_FREE char *name = strndup (s + start, end - start);
    if (!name)
      return -1;
    CLEANUP_FREE char *val = env ? gl_keyvalue_get_raw (env, envlen, name) : NULL;
    if (val && gl_buf_puts (b, val) == -1)
      return -1;
    i = end + brace;
  }
  return 0;
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

void
gl_bls_entry_free (struct gl_bls_entry *b)
{
  gl_boot_entry_free (&b->entry);
  free (b->version);
  b->version = NULL;
}

int
gl_bls_parse (const char *id, const char *text, size_t len,
              const char *grubenv, size_t envlen, struct gl_bls_entry *out)
{
  memset (out, 0, sizeof *out);
  if (len > GL_BLS_ENTRY_MAX_BYTES) {
    errno = EFBIG;
    return -1;
  }
  struct gl_boot_entry *e = &out->entry;
  CLEANUP_FREE char *micro = NULL;
  struct gl_buf opts = { 0 };
  size_t pos = 0;
  const char *line;
  size_t n;
  int r = -1;

  while (gl_bootcfg_next_line (text, len, &pos, &line, &n)) {
    const char *key, *val;
    size_t klen, vlen;
    /* A key without a value says nothing ("linux" alone boots nothing). */
    if (n == 0 || line[0] == '#' || !split (line, n, &key, &klen, &val, &vlen) ||
        vlen == 0)
      continue;
    if (key_is (key, klen, "title")) {
      if (gl_bootcfg_set (&e->title, val, vlen) == -1)
        goto out;
    }
    else if (key_is (key, klen, "version")) {
      if (gl_bootcfg_set (&out->version, val, vlen) == -1)
        goto out;
    }
    else if (key_is (key, klen, "linux")) {
      free (e->kernel);
      if (!(e->kernel = gl_bootcfg_strip_device (val, vlen)))
        goto out;
    }
    else if (key_is (key, klen, "initrd")) {
      struct gl_buf v = GL_BUF_INIT;
      int ir = expand_vars (&v, val, vlen, grubenv, envlen);
      if (ir == 0 && v.len)
        ir = add_initrds (&micro, &e->initrd, v.data, v.len);
      gl_buf_free (&v);
      if (ir == -1)
        goto out;
    }
    else if (key_is (key, klen, "options")) {
      if ((opts.len && gl_buf_append (&opts, " ", 1) == -1) ||
          expand_vars (&opts, val, vlen, grubenv, envlen) == -1)
        goto out;
    }
  }

  if (!e->kernel) {
    r = 0;                      /* nothing grub could boot: no menu item */
    goto out;
  }
  if (!e->initrd && micro)
    e->initrd = GL_STEAL (micro);
  /* Trimmed: a variable that expands to nothing leaves blanks behind. */
  size_t s = 0, t = opts.len;
  while (s < t && isspace ((unsigned char) opts.data[s])) s++;
  while (t > s && isspace ((unsigned char) opts.data[t - 1])) t--;
  if (t > s && gl_bootcfg_set (&e->cmdline, opts.data + s, t - s) == -1)
    goto out;
  /* grub shows the version (or the id) for an entry without a title. */
  const char *title = out->version ? out->version : id;
  if ((!e->title && gl_bootcfg_set (&e->title, title, strlen (title)) == -1) ||
      gl_bootcfg_set (&e->id, id, strlen (id)) == -1)
    goto out;
  r = 1;

 out:
  {
    int saved = errno;
    gl_buf_free (&opts);
    if (r != 1)
      gl_bls_entry_free (out);
    errno = saved;
  }
  return r;
}

/* blscfg's menu order: newest version first (rpm version order), then
 * by id, also descending. */
static int
cmp_bls (const void *pa, const void *pb)
{
  const struct gl_bls_entry *a = pa, *b = pb;
  int c = gl_vercmp (b->version, a->version);
  return c ? c : gl_vercmp (b->entry.id, a->entry.id);
}

int
gl_bls_prepend (struct gl_bootcfg *c, struct gl_bls_entry *bls, size_t n)
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
    c->entries.ptr[i] = bls[i].entry;
    c->entries.ptr[i].menu_parent = 0;
    c->entries.ptr[i].menu_pos = i;
    memset (&bls[i].entry, 0, sizeof bls[i].entry);
  }
  if (c->default_index >= 0)
    c->default_index += (int) n;
  return 0;
}
