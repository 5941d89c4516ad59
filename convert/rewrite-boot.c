/* guestlift: bootloader configuration rewriters for a conversion (see
 * rewrite.h): grub legacy (grub.conf / menu.lst), grub2 (grub.cfg),
 * /etc/default/grub and /etc/sysconfig/grub, extlinux.conf.
 *
 * Each makes the chosen kernel (ctx->kernel_version) the default entry and
 * rewrites every kernel command line with gl_rewrite_cmdline_opts.  An
 * entry is recognised by the basename of its kernel path,
 * "vmlinuz-VERSION", so "/vmlinuz-V" (separate /boot), "/boot/vmlinuz-V"
 * and "(hd0,0)/vmlinuz-V" all match.  When no entry boots the version the
 * default is left as it is (the caller has checked the kernel exists; a
 * config it cannot match is the guest's business, not a reason to fail).
 *
 * Two passes over the lines: the first finds the entry, the second writes
 * the new text; lines not touched are copied byte for byte.
 */
#include <config.h>

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "buf.h"
#include "rewrite.h"
#include "rewrite-text.h"

/* grub2 block nesting (menuentry, submenu, function) tracked this deep;
 * deeper blocks are still balanced but their entries are not counted. */
#define MAX_DEPTH 64

/* ---- lines ---- */


/* ---- helpers on NUL-terminated lines ---- */

static bool
word_is_nocase (const char *w, const char *end, const char *s)
{
  return (size_t) (end - w) == strlen (s) && strncasecmp (w, s, end - w) == 0;
}

/* The path P[0..n) (maybe "(hd0,0)/vmlinuz-V") boots VERSION. */
static bool
path_boots (const char *p, size_t n, const char *version)
{
  const char *slash;
  size_t vlen;
  if (!version || !*version)
    return false;
  slash = memrchr (p, '/', n);
  if (slash) {
    n -= (size_t) (slash + 1 - p);
    p = slash + 1;
  }
  vlen = strlen (version);
  return n == 8 + vlen && memcmp (p, "vmlinuz-", 8) == 0 &&
    memcmp (p + 8, version, vlen) == 0;
}

/* The basename of P[0..n) starts with PREFIX. */
static bool
basename_starts (const char *p, size_t n, const char *prefix)
{
  const char *slash = memrchr (p, '/', n);
  size_t plen = strlen (prefix);
  if (slash) {
    n -= (size_t) (slash + 1 - p);
    p = slash + 1;
  }
  if (n > 0 && *p == '(') {     /* "(hd0,0)xen.gz" */
    const char *c = memchr (p, ')', n);
    if (c) {
      n -= (size_t) (c + 1 - p);
      p = c + 1;
    }
  }
  return n >= plen && memcmp (p, prefix, plen) == 0;
}

/* LINE with its kernel arguments, starting at ARGS (just after the kernel
 * path), rewritten.  NULL with errno 0 if unchanged. */
static char *
rewrite_args (const char *line, const char *args,
              const struct gl_rewrite_ctx *ctx, bool add_console)
{
  char *r, *s;
  r = gl_rewrite_cmdline_opts (args, ctx, add_console);
  if (!r)
    return NULL;
  if (strcmp (r, args) == 0) {
    free (r);
    errno = 0;
    return NULL;
  }
  if (asprintf (&s, "%.*s%s%s", (int) (args - line), line,
                *args == '\0' && *r != '\0' ? " " : "", r) == -1)
    s = NULL;
  free (r);
  return s;
}

/* LINE with [vs, ve) replaced by NEW. */
static char *
replace_span (const char *line, const char *vs, const char *ve,
              const char *new)
{
  char *s;
  if (asprintf (&s, "%.*s%s%s", (int) (vs - line), line, new, ve) == -1)
    return NULL;
  if (strcmp (s, line) == 0) {
    free (s);
    errno = 0;
    return NULL;
  }
  return s;
}


/* Put LINE + "\n" at the start of OUT's text... by building it first. */
static int
prepend_line (struct gl_buf *out, const char *line)
{
  struct gl_buf b = GL_BUF_INIT;
  if (gl_buf_puts (&b, line) == -1 || gl_buf_puts (&b, "\n") == -1 ||
      (out->len && gl_buf_append (&b, out->data, out->len) == -1)) {
    gl_buf_free (&b);
    return -1;
  }
  gl_buf_free (out);
  *out = b;
  return 0;
}

/* ---- grub legacy ---- */

/* A grub legacy line: keyword [blanks or '=' ...] value. */
struct legacy_line {
  const char *kw, *kw_end, *value;
};

static bool
legacy_parse (const char *line, struct legacy_line *ll)
{
  const char *p = gl_rw_skip_blanks (line);
  if (*p == '\0' || *p == '#')
    return false;
  ll->kw = p;
  while (*p && !gl_rw_blank (*p) && *p != '=')
    p++;
  ll->kw_end = p;
  while (*p && (gl_rw_blank (*p) || *p == '='))
    p++;
  ll->value = p;
  return true;
}

struct legacy_state {
  const struct gl_rewrite_ctx *ctx;
  int entry;                    /* index of the current title, -1 before */
  bool kernel_seen, multiboot, module_seen;
  /* pass 1 */
  int best, best_multiboot;
  bool has_default;
  /* pass 2 */
  int chosen;
};

static void
legacy_title (struct legacy_state *st)
{
  st->entry++;
  st->kernel_seen = st->multiboot = st->module_seen = false;
}

static char *
legacy_scan (const char *line, void *opaque)
{
  struct legacy_state *st = opaque;
  struct legacy_line ll;
  const char *pe;

  if (!legacy_parse (line, &ll))
    return NULL;
  pe = gl_rw_word_end (ll.value);
  if (gl_rw_word_is (ll.kw, ll.kw_end, "title"))
    legacy_title (st);
  else if (gl_rw_word_is (ll.kw, ll.kw_end, "default") && st->entry < 0)
    st->has_default = true;
  else if (gl_rw_word_is (ll.kw, ll.kw_end, "kernel") && st->entry >= 0 &&
           !st->kernel_seen) {
    st->kernel_seen = true;
    st->multiboot = basename_starts (ll.value, pe - ll.value, "xen");
    if (!st->multiboot && st->best < 0 &&
        path_boots (ll.value, pe - ll.value, st->ctx->kernel_version))
      st->best = st->entry;
  }
  else if (gl_rw_word_is (ll.kw, ll.kw_end, "module") && st->multiboot &&
           !st->module_seen) {
    st->module_seen = true;
    if (st->best_multiboot < 0 &&
        path_boots (ll.value, pe - ll.value, st->ctx->kernel_version))
      st->best_multiboot = st->entry;
  }
  errno = 0;
  return NULL;
}

static char *
legacy_write (const char *line, void *opaque)
{
  struct legacy_state *st = opaque;
  struct legacy_line ll;
  const char *p = gl_rw_skip_blanks (line);

  /* Anaconda's "#boot=/dev/xvda" is read by grub-install and grubby:
   * the one comment that names a device to be renamed. */
  if (strncmp (p, "#boot=", 6) == 0)
    return gl_rewrite_devices_in (line, st->ctx);
  if (!legacy_parse (line, &ll))
    goto keep;
  if (gl_rw_word_is (ll.kw, ll.kw_end, "title"))
    legacy_title (st);
  else if (gl_rw_word_is (ll.kw, ll.kw_end, "default") && st->entry < 0 &&
           st->chosen >= 0) {
    char n[16];
    snprintf (n, sizeof n, "%d", st->chosen);
    return replace_span (line, ll.value, gl_rw_word_end (ll.value), n);
  }
  else if (gl_rw_word_is (ll.kw, ll.kw_end, "kernel") && st->entry >= 0 &&
           !st->kernel_seen) {
    const char *pe = gl_rw_word_end (ll.value);
    st->kernel_seen = true;
    st->multiboot = basename_starts (ll.value, pe - ll.value, "xen");
    /* A multiboot kernel line carries the hypervisor's own options. */
    if (!st->multiboot && pe > ll.value)
      return rewrite_args (line, pe, st->ctx, true);
  }
  else if (gl_rw_word_is (ll.kw, ll.kw_end, "module") && st->multiboot &&
           !st->module_seen) {
    const char *pe = gl_rw_word_end (ll.value);
    st->module_seen = true;     /* the first module is the Linux kernel */
    if (pe > ll.value)
      return rewrite_args (line, pe, st->ctx, true);
  }
 keep:
  errno = 0;
  return NULL;
}

char *
gl_rewrite_grub_legacy (const char *text, size_t len,
                        const struct gl_rewrite_ctx *ctx)
{
  struct gl_buf out = GL_BUF_INIT;
  struct legacy_state st = { .ctx = ctx, .entry = -1, .best = -1,
                             .best_multiboot = -1, .chosen = -1 };

  if (!gl_rw_input_ok (text, len, ctx))
    return NULL;
  if (gl_rw_each_line (text, len, &out, legacy_scan, &st) == -1)
    goto err;
  gl_buf_free (&out);
  st.chosen = st.best >= 0 ? st.best : st.best_multiboot;
  st.entry = -1;
  if (gl_buf_append (&out, "", 0) == -1 ||
      gl_rw_each_line (text, len, &out, legacy_write, &st) == -1)
    goto err;
  /* No default line means entry 0: only a later entry needs one. */
  if (!st.has_default && st.chosen > 0) {
    char d[32];
    snprintf (d, sizeof d, "default=%d", st.chosen);
    if (prepend_line (&out, d) == -1)
      goto err;
  }
  return gl_rw_finish (&out, text, len);

 err:
  gl_buf_free (&out);
  return NULL;
}

/* ---- grub2 ---- */

enum block { BLOCK_SUBMENU, BLOCK_ENTRY, BLOCK_OTHER };

struct grub2_state {
  const struct gl_rewrite_ctx *ctx;
  enum block kinds[MAX_DEPTH];
  int pos[MAX_DEPTH];           /* index of the open item at each level */
  int next[MAX_DEPTH + 1];      /* next item index at each menu level */
  size_t sp, overflow;
  /* pass 1 */
  struct gl_buf spec;           /* "N" or "S>M": the chosen entry */
  bool found;
  /* pass 2 */
  bool has_set_default;
};

static bool
all_submenus (const struct grub2_state *st, size_t upto)
{
  if (st->overflow)
    return false;
  for (size_t i = 0; i < upto; ++i)
    if (st->kinds[i] != BLOCK_SUBMENU)
      return false;
  return true;
}

/* Track the block structure; returns the first word's bounds. */
static void
grub2_track (struct grub2_state *st, const char *line,
             const char **w, const char **we)
{
  const char *p = gl_rw_skip_blanks (line), *last = NULL;
  *w = p;
  *we = gl_rw_word_end (p);
  for (const char *q = p; *q; ++q)
    if (!gl_rw_blank (*q))
      last = q;
  if (last && *last == '{' && *p != '#') {
    bool sub = gl_rw_word_is (*w, *we, "submenu");
    bool item = sub || gl_rw_word_is (*w, *we, "menuentry");
    if (st->sp >= MAX_DEPTH) {
      st->overflow++;
      return;
    }
    if (item && all_submenus (st, st->sp)) {
      st->pos[st->sp] = st->next[st->sp]++;
      if (sub)
        st->next[st->sp + 1] = 0;
    }
    st->kinds[st->sp++] = sub ? BLOCK_SUBMENU :
      item ? BLOCK_ENTRY : BLOCK_OTHER;
  }
  else if (*p == '}') {
    if (st->overflow)
      st->overflow--;
    else if (st->sp > 0)
      st->sp--;
  }
}

static bool
is_linux_cmd (const char *w, const char *we)
{
  return gl_rw_word_is (w, we, "linux") || gl_rw_word_is (w, we, "linux16") ||
    gl_rw_word_is (w, we, "linuxefi");
}

static char *
grub2_scan (const char *line, void *opaque)
{
  struct grub2_state *st = opaque;
  const char *w, *we, *path, *pe;

  grub2_track (st, line, &w, &we);
  errno = 0;
  if (st->found || !is_linux_cmd (w, we) || st->sp == 0 ||
      st->kinds[st->sp - 1] != BLOCK_ENTRY || !all_submenus (st, st->sp - 1))
    return NULL;
  path = gl_rw_skip_blanks (we);
  pe = gl_rw_word_end (path);
  if (!path_boots (path, pe - path, st->ctx->kernel_version))
    return NULL;
  st->found = true;
  for (size_t i = 0; i < st->sp; ++i)
    if (gl_buf_printf (&st->spec, "%s%d", i ? ">" : "", st->pos[i]) == -1)
      return NULL;              /* errno set: the driver stops */
  errno = 0;
  return NULL;
}

/* "set default=VALUE": the bounds of VALUE, or false. */
static bool
grub2_set_default (const char *line, const char **vs, const char **ve)
{
  const char *p = gl_rw_skip_blanks (line), *q;
  if (strncmp (p, "set", 3) != 0 || !gl_rw_blank (p[3]))
    return false;
  p = gl_rw_skip_blanks (p + 3);
  if (strncmp (p, "default=", 8) != 0)
    return false;
  p += 8;
  *vs = p;
  if (*p == '"' || *p == '\'') {
    q = strchr (p + 1, *p);
    *ve = q ? q + 1 : p + strlen (p);
  }
  else {
    while (*p && !gl_rw_blank (*p) && *p != ';')
      p++;
    *ve = p;
  }
  return true;
}

static char *
grub2_write (const char *line, void *opaque)
{
  struct grub2_state *st = opaque;
  const char *w, *we, *vs, *ve;

  grub2_track (st, line, &w, &we);
  /* `set default="${next_entry}"` is grub-reboot's one-shot choice: it
   * must keep working, so that line is left alone. */
  if (st->found && grub2_set_default (line, &vs, &ve) &&
      !memmem (vs, (size_t) (ve - vs), "next_entry", 10)) {
    char *v, *r;
    char q = (*vs == '"' || *vs == '\'') ? *vs : 0;
    st->has_set_default = true;
    /* Keep the quoting; a bare value stays bare if it is a number. */
    if (!q && strchr (st->spec.data, '>'))
      q = '"';
    if (asprintf (&v, "%s%s%s", q == '\'' ? "'" : q ? "\"" : "",
                  st->spec.data, q == '\'' ? "'" : q ? "\"" : "") == -1)
      return NULL;
    r = replace_span (line, vs, ve, v);
    free (v);
    return r;
  }
  if (is_linux_cmd (w, we)) {
    const char *path = gl_rw_skip_blanks (we), *pe = gl_rw_word_end (path);
    if (pe > path)
      return rewrite_args (line, pe, st->ctx, true);
  }
  errno = 0;
  return NULL;
}

char *
gl_rewrite_grub2_cfg (const char *text, size_t len,
                      const struct gl_rewrite_ctx *ctx)
{
  struct gl_buf out = GL_BUF_INIT;
  struct grub2_state st = { .ctx = ctx, .spec = GL_BUF_INIT };
  char *r = NULL;

  if (!gl_rw_input_ok (text, len, ctx))
    return NULL;
  if (gl_rw_each_line (text, len, &out, grub2_scan, &st) == -1)
    goto out;
  gl_buf_free (&out);
  st.sp = st.overflow = 0;
  memset (st.next, 0, sizeof st.next);
  if (gl_buf_append (&out, "", 0) == -1 ||
      gl_rw_each_line (text, len, &out, grub2_write, &st) == -1)
    goto out;
  if (st.found && !st.has_set_default) {
    char *d;
    if (asprintf (&d, "set default=\"%s\"", st.spec.data) == -1)
      goto out;
    if (prepend_line (&out, d) == -1) {
      free (d);
      goto out;
    }
    free (d);
  }
  r = gl_rw_finish (&out, text, len);
  gl_buf_free (&st.spec);
  return r;

 out:
  gl_buf_free (&out);
  gl_buf_free (&st.spec);
  return NULL;
}

/* ---- /etc/default/grub, /etc/sysconfig/grub ---- */

static char *
edit_cmdline_console (const char *value, void *opaque)
{
  return gl_rewrite_cmdline_opts (value, opaque, true);
}

static char *
edit_cmdline_plain (const char *value, void *opaque)
{
  return gl_rewrite_cmdline_opts (value, opaque, false);
}

/* Capture the value of KEY, for the checks after the rewrite. */
static char *
capture_value (const char *value, void *opaque)
{
  char **dst = opaque;
  free (*dst);
  *dst = strdup (value);
  errno = 0;
  return NULL;
}

struct default_grub_state {
  const struct gl_rewrite_ctx *ctx;
  bool has_linux, has_default;
  char *default_value;          /* GRUB_CMDLINE_LINUX_DEFAULT's, rewritten */
};

/* The line assigns KEY (whatever its value). */
static bool
assigns (const char *line, const char *key)
{
  const char *p = gl_rw_skip_blanks (line);
  size_t k = strlen (key);
  if (strncmp (p, "export", 6) == 0 && gl_rw_blank (p[6]))
    p = gl_rw_skip_blanks (p + 6);
  return strncmp (p, key, k) == 0 && p[k] == '=';
}

static char *
default_grub_line (const char *line, void *opaque)
{
  struct default_grub_state *st = opaque;
  const char *p = gl_rw_skip_blanks (line);
  char *r;

  if (*p == '#' || *p == '\0')
    goto keep;
  if (assigns (line, "GRUB_CMDLINE_LINUX")) {
    st->has_linux = true;
    return gl_rewrite_shell_value (line, "GRUB_CMDLINE_LINUX",
                                   edit_cmdline_console, (void *) st->ctx);
  }
  if (assigns (line, "GRUB_CMDLINE_LINUX_DEFAULT")) {
    st->has_default = true;
    r = gl_rewrite_shell_value (line, "GRUB_CMDLINE_LINUX_DEFAULT",
                                edit_cmdline_plain, (void *) st->ctx);
    if (!r && errno)
      return NULL;
    (void) gl_rewrite_shell_value (r ? r : line, "GRUB_CMDLINE_LINUX_DEFAULT",
                                   capture_value, &st->default_value);
    errno = 0;
    return r;
  }
  /* Other settings may name the boot disk (RHEL 5: boot=/dev/xvda). */
  return gl_rewrite_devices_in (line, st->ctx);
 keep:
  errno = 0;
  return NULL;
}

char *
gl_rewrite_default_grub (const char *text, size_t len,
                         const struct gl_rewrite_ctx *ctx)
{
  struct gl_buf out = GL_BUF_INIT;
  struct default_grub_state st = { .ctx = ctx };
  char *r = NULL, *console = NULL;

  if (!gl_rw_input_ok (text, len, ctx))
    return NULL;
  if (gl_buf_append (&out, "", 0) == -1 ||
      gl_rw_each_line (text, len, &out, default_grub_line, &st) == -1)
    goto err;
  /* A grub defaults file without GRUB_CMDLINE_LINUX: the console goes in
   * a new one, unless the _DEFAULT line has it already. */
  if (st.has_default && !st.has_linux) {
    if (asprintf (&console, "console=%s", ctx->target->console) == -1)
      goto err;
    if (!st.default_value || !strstr (st.default_value, console)) {
      if ((out.len > 0 && out.data[out.len - 1] != '\n' &&
           gl_buf_puts (&out, "\n") == -1) ||
          gl_buf_printf (&out, "GRUB_CMDLINE_LINUX=\"%s\"\n", console) == -1)
        goto err;
    }
  }
  r = gl_rw_finish (&out, text, len);
  free (console);
  free (st.default_value);
  return r;

 err:
  free (console);
  free (st.default_value);
  gl_buf_free (&out);
  return NULL;
}

/* ---- extlinux ---- */

struct extlinux_state {
  const struct gl_rewrite_ctx *ctx;
  int label;                    /* index of the current LABEL, -1 before */
  /* pass 1 */
  char *chosen;                 /* label name of the chosen kernel */
  bool chosen_done;
  bool has_default;
  struct gl_buf mboot;          /* one byte per label: 1 = mboot.c32 */
};

static char *
extlinux_line (const char *line, struct extlinux_state *st, bool write)
{
  const char *w = gl_rw_skip_blanks (line), *we = gl_rw_word_end (w);
  const char *v = gl_rw_skip_blanks (we), *ve = v + strlen (v);

  while (ve > v && gl_rw_blank (ve[-1]))
    ve--;
  errno = 0;
  if (*w == '#' || *w == '\0')
    return NULL;
  if (word_is_nocase (w, we, "label")) {
    st->label++;
    if (!write) {
      char z = 0;
      if (gl_buf_append (&st->mboot, &z, 1) == -1)
        return NULL;
      if (!st->chosen_done) {
        free (st->chosen);
        st->chosen = strndup (v, ve - v);
        if (!st->chosen)
          return NULL;
      }
    }
    errno = 0;
    return NULL;
  }
  if (word_is_nocase (w, we, "default") && st->label < 0) {
    st->has_default = true;
    if (write && st->chosen_done && ve > v)
      return replace_span (line, v, ve, st->chosen);
    errno = 0;
    return NULL;
  }
  if ((word_is_nocase (w, we, "kernel") || word_is_nocase (w, we, "linux")) &&
      st->label >= 0 && !write) {
    const char *pe = gl_rw_word_end (v);
    if (basename_starts (v, pe - v, "mboot.c32"))
      st->mboot.data[st->label] = 1;
    else if (!st->chosen_done &&
             path_boots (v, pe - v, st->ctx->kernel_version))
      st->chosen_done = true;
    errno = 0;
    return NULL;
  }
  if (word_is_nocase (w, we, "append") && write &&
      (st->label < 0 || !st->mboot.data[st->label]))
    return rewrite_args (line, we, st->ctx, true);
  errno = 0;
  return NULL;
}

static char *
extlinux_scan (const char *line, void *opaque)
{
  return extlinux_line (line, opaque, false);
}

static char *
extlinux_write (const char *line, void *opaque)
{
  return extlinux_line (line, opaque, true);
}

char *
gl_rewrite_extlinux (const char *text, size_t len,
                     const struct gl_rewrite_ctx *ctx)
{
  struct gl_buf out = GL_BUF_INIT;
  struct extlinux_state st = { .ctx = ctx, .label = -1,
                               .mboot = GL_BUF_INIT };
  char *r = NULL;

  if (!gl_rw_input_ok (text, len, ctx))
    return NULL;
  if (gl_rw_each_line (text, len, &out, extlinux_scan, &st) == -1)
    goto out;
  gl_buf_free (&out);
  st.label = -1;
  st.has_default = false;
  if (gl_buf_append (&out, "", 0) == -1 ||
      gl_rw_each_line (text, len, &out, extlinux_write, &st) == -1)
    goto out;
  if (st.chosen_done && !st.has_default && *st.chosen) {
    char *d;
    if (asprintf (&d, "DEFAULT %s", st.chosen) == -1)
      goto out;
    if (prepend_line (&out, d) == -1) {
      free (d);
      goto out;
    }
    free (d);
  }
  r = gl_rw_finish (&out, text, len);
  free (st.chosen);
  gl_buf_free (&st.mboot);
  return r;

 out:
  gl_buf_free (&out);
  free (st.chosen);
  gl_buf_free (&st.mboot);
  return NULL;
}
