/* guestlift: what the unit tests of common/bootloader share (header-only):
 * parsing and rewriting through the ops table, and the edits of a
 * conversion to kvm as today's convert makes them (xvdX -> vdX,
 * console=ttyS0). */
#ifndef GUESTLIFT_BOOT_TEST_H
#define GUESTLIFT_BOOT_TEST_H

#include <fnmatch.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "bootloader.h"
#include "devmap.h"
#include "err.h"

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

static inline void
boot_test_done (void)
{
  gl_devmap_free (&boot_kvm_map);
  gl_err_clear (&boot_err);
}

#endif
