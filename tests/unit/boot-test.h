/* guestlift: what the unit tests of common/bootloader share (header-only,
 * TAP through tap.h): parsing and rewriting through the ops table, the edits of
 * a conversion to kvm as today's convert makes them (xvdX -> vdX,
 * console=ttyS0), a guest's files in memory, and the check that a
 * format's rewriter edits exactly what its parser reads. */
#ifndef GUESTLIFT_BOOT_TEST_H
#define GUESTLIFT_BOOT_TEST_H

#include <errno.h>
#include <fnmatch.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "bootloader.h"
#include "boot-cmdline.h"
#include "devmap.h"
#include "err.h"
#include "tap.h"

/* The error of the last boot_parse / boot_rewrite. */
static struct gl_err boot_err = GL_ERR_INIT;

static inline const struct gl_bootloader_ops *
boot_ops (const char *name)
{
  const struct gl_bootloader_ops *ops = gl_bootloader_by_name (name);
  if (!ops)
    abort ();
  return ops;
}

/* Parse TEXT[0..LEN) as format NAME (PATH names the file: a BLS entry's
 * id); ENV is grubenv's text or NULL. */
static inline int
boot_parse_env (const char *name, const char *path, const char *text, size_t len,
                const char *env, struct gl_bootcfg *c)
{
  struct gl_boot_input in = { path, text, len, env, env ? strlen (env) : 0 };
  gl_err_clear (&boot_err);
  return gl_bootloader_parse (boot_ops (name), &in, c, &boot_err);
}

static inline int
boot_parse (const char *name, const char *text, size_t len, struct gl_bootcfg *c)
{
  return boot_parse_env (name, "/test", text, len, NULL, c);
}

/* The rewrite of TEXT as format NAME: the new text (malloc'd), or NULL
 * when unchanged (*rc 0) or on error (*rc -1, boot_err). */
static inline char *
boot_rewrite_rc (const char *name, const char *text, size_t len,
                 const struct gl_boot_edits *e, int *rc)
{
  char *out = NULL;
  gl_err_clear (&boot_err);
  *rc = gl_bootloader_rewrite (boot_ops (name), text, len, e, &out, &boot_err);
  return out;
}

static inline char *
boot_rewrite (const char *name, const char *text, const struct gl_boot_edits *e)
{
  int rc;
  return boot_rewrite_rc (name, text, strlen (text), e, &rc);
}

/* TEXT as format NAME needs none of the edits E: its rewrite is nothing
 * (rc 0).  One TAP point, WHAT. */
static inline void
boot_unchanged (const char *name, const char *text, const struct gl_boot_edits *e,
                const char *what)
{
  int rc;
  char *out = boot_rewrite_rc (name, text, strlen (text), e, &rc);
  ok (out == NULL && rc == 0, "%s", what);
  if (out)
    printf ("#   got: %s\n", out);
  free (out);
}

/* The rewrite of TEXT as format NAME holds NEEDLE.  One TAP point. */
static inline void
boot_rewrite_has (const char *name, const char *text, const struct gl_boot_edits *e,
                  const char *needle, const char *what)
{
  char *out = boot_rewrite (name, text, e);
  ok (out && strstr (out, needle), "%s", what);
  free (out);
}

/* TEXT parsed as format NAME has entry WANT as its default.  One TAP
 * point. */
static inline void
boot_default_is (const char *name, const char *text, long want, const char *what)
{
  struct gl_bootcfg c;
  boot_parse (name, text, strlen (text), &c);
  is_int (c.default_index, want, "%s", what);
  gl_bootcfg_free (&c);
}

/* Format NAME refuses a config over GL_BOOTCFG_MAX_BYTES with EFBIG.  One
 * TAP point. */
static inline void
boot_oversize_refused (const char *name)
{
  struct gl_bootcfg c;
  size_t n = GL_BOOTCFG_MAX_BYTES + 1;
  char *big = calloc (n, 1);
  ok (boot_parse (name, big, n, &c) == -1 && boot_err.errnum == EFBIG,
      "oversize input is refused with EFBIG");
  gl_bootcfg_free (&c);
  free (big);
}

/* Today's kvm map: every xvdX[N] is vdX[N]. */
static struct gl_devmap boot_kvm_map = GL_DEVMAP_INIT;

/* Edits for kvm making kernel file KNAME the default (NULL: none). */
static inline struct gl_boot_edits
boot_kvm (const char *kname)
{
  if (gl_devmap_empty (&boot_kvm_map) &&
      gl_devmap_add_prefix (&boot_kvm_map, "xvd", "vd", NULL) == -1)
    abort ();
  struct gl_boot_edits e = { &boot_kvm_map, "ttyS0", kname, NULL };
  return e;
}

/* A guest's files in memory, as a reader (bootloader.h). */
struct boot_file {
  const char *path;
  const char *text;
};

static inline char *
boot_mem_read (void *opaque, const char *path, size_t max, size_t *len,
               uint64_t *too_large)
{
  const struct boot_file *f = opaque;
  *too_large = 0;
  for (; f->path; ++f)
    if (strcmp (f->path, path) == 0) {
      *len = strlen (f->text);
      if (*len > max) {
        *too_large = *len;
        return NULL;
      }
      return strdup (f->text);
    }
  return NULL;
}

static inline char **
boot_mem_glob (void *opaque, const char *dir, const char *pattern)
{
  const struct boot_file *f = opaque;
  size_t n = 0, dl = strlen (dir);
  char **names = calloc (64, sizeof *names);
  for (; f->path && n < 63; ++f)
    if (strncmp (f->path, dir, dl) == 0 && f->path[dl] == '/' &&
        !strchr (f->path + dl + 1, '/') && fnmatch (pattern, f->path + dl + 1, 0) == 0)
      names[n++] = strdup (f->path + dl + 1);
  if (n == 0) {
    free (names);
    return NULL;
  }
  for (size_t i = 1; i < n; ++i)      /* sorted, as the appliance gives them */
    for (size_t j = i; j > 0 && strcmp (names[j - 1], names[j]) > 0; --j) {
      char *t = names[j]; names[j] = names[j - 1]; names[j - 1] = t;
    }
  return names;
}

static inline struct gl_boot_reader
boot_mem_reader (const struct boot_file *files, string_vector *warnings)
{
  struct gl_boot_reader r = { boot_mem_read, boot_mem_glob, (void *) files, warnings };
  return r;
}

/* ---- the consistency of a format's parser and rewriter ---- */

/* The words of a command line, sorted (BLS puts the console on its first
 * options line, so the order of the parsed, joined line may differ). */
static inline char *
sorted_words (const char *s)
{
  if (!s)
    return strdup ("");
  gl_cmdline_word_vector w = empty_vector;
  if (gl_cmdline_split (s, strlen (s), &w, NULL) == -1)
    abort ();
  char **v = calloc (w.len + 1, sizeof *v);
  for (size_t i = 0; i < w.len; ++i)
    v[i] = strndup (w.ptr[i].value, w.ptr[i].vlen);
  for (size_t i = 1; i < w.len; ++i)
    for (size_t j = i; j > 0 && strcmp (v[j - 1], v[j]) > 0; --j) {
      char *t = v[j]; v[j] = v[j - 1]; v[j - 1] = t;
    }
  size_t n = 1;
  for (size_t i = 0; i < w.len; ++i)
    n += strlen (v[i]) + 1;
  char *out = calloc (n, 1);
  for (size_t i = 0; i < w.len; ++i) {
    strcat (out, v[i]);
    strcat (out, " ");
    free (v[i]);
  }
  free (v);
  gl_cmdline_word_vector_reset (&w);
  return out;
}

static inline const char *
boot_base (const char *path)
{
  const char *s = strrchr (path, '/');
  return s ? s + 1 : path;
}

static inline int
same_str (const char *a, const char *b)
{
  return (!a && !b) || (a && b && strcmp (a, b) == 0);
}

/* The promise of one lexer per format, for format NAME and the config
 * TEXT (ENV: grubenv, or NULL): for each entry's kernel, the config
 * rewritten with it as the default and parsed again has the same entries
 * (titles, kernels, in order), each command line edited as inspection
 * reads it (cmdline.h; an entry booting through a hypervisor left alone
 * when the format says so), and the default on that kernel's entry (a
 * grub2 menu with blscfg aside: its default is saved in grubenv).
 * EXPECT_ENTRIES: how many entries inspection counts (-1: not checked). */
static inline void
boot_consistent (const char *name, const char *what, const char *text,
                 const char *env, long expect_entries)
{
  const struct gl_bootloader_ops *ops = boot_ops (name);
  struct gl_bootcfg c;
  ok (boot_parse_env (name, "/boot/loader/entries/t.conf", text, strlen (text), env, &c) == 0,
      "%s %s: parses", name, what);
  if (expect_entries >= 0)
    is_int (c.entries.len, expect_entries, "%s %s: %ld entries counted", name, what,
            expect_entries);

  for (size_t k = 0; k < c.entries.len; ++k) {
    const struct gl_boot_entry *ek = &c.entries.ptr[k];
    if (!ek->kernel || (ek->via_hypervisor && !ops->hypervisor_entries))
      continue;
    struct gl_boot_edits e = boot_kvm (boot_base (ek->kernel));
    int chosen = gl_bootcfg_find_kernel (&c, e.default_kernel, ops->hypervisor_entries);
    int rc;
    char *out = boot_rewrite_rc (name, text, strlen (text), &e, &rc);
    ok (rc == 1, "%s %s, default %s: rewritten", name, what, e.default_kernel);
    struct gl_bootcfg n;
    boot_parse_env (name, "/boot/loader/entries/t.conf", out ? out : text,
                    strlen (out ? out : text), env, &n);
    free (out);

    bool same = n.entries.len == c.entries.len, edited = same;
    for (size_t i = 0; same && i < c.entries.len; ++i) {
      const struct gl_boot_entry *a = &c.entries.ptr[i], *b = &n.entries.ptr[i];
      same = same_str (a->title, b->title) && same_str (a->kernel, b->kernel);
      char *want = NULL;
      if (a->via_hypervisor && !ops->hypervisor_entries)
        want = strdup (a->cmdline ? a->cmdline : "");
      else if (gl_cmdline_edit (a->cmdline ? a->cmdline : "", a->cmdline ? strlen (a->cmdline) : 0,
                                e.devices, e.console, &want, NULL) == -1)
        abort ();
      char *ws = sorted_words (want), *gs = sorted_words (b->cmdline);
      if (strcmp (ws, gs) != 0) {
        edited = false;
        printf ("# entry %zu: want \"%s\", got \"%s\"\n", i, want, b->cmdline ? b->cmdline : "");
      }
      free (want); free (ws); free (gs);
    }
    ok (same, "%s %s, default %s: the same entries read back", name, what, e.default_kernel);
    ok (edited, "%s %s, default %s: every entry's command line edited as inspection reads it",
        name, what, e.default_kernel);
    /* (With blscfg the default is grubenv's: test-bls.) */
    if (c.entries.len > 1 && !c.blscfg)
      is_int (n.default_index, chosen, "%s %s, default %s: the default is entry %d, that kernel's",
              name, what, e.default_kernel, chosen);
    gl_bootcfg_free (&n);
  }
  gl_bootcfg_free (&c);
}

/* What the helpers hold freed; the plan printed: main's exit status. */
static inline int
boot_test_done (void)
{
  gl_devmap_free (&boot_kvm_map);
  gl_err_clear (&boot_err);
  return tap_done ();
}

#endif
