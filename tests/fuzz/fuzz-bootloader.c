/* libFuzzer target for one bootloader format of common/bootloader, named
 * below (common/bootloader/local.mk makes fuzz-boot-FORMAT.c from this
 * file).
 *
 * The input is split at its first NUL byte: the text before it is the
 * file, the text after it the grubenv its $variables come from (BLS) and,
 * up to its first newline, the saved_entry to write (grubenv).  The file
 * is parsed, rewritten with a device map, a console and each entry's
 * kernel as the default in turn (the first few), and the rewrite parsed
 * again: the same entries, and the default on the entry the rewriter
 * chose.  That is the promise of one lexer per format: the entries
 * inspection counts are the entries a conversion edits. */
#include <config.h>

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "bootloader.h"
#include "devmap.h"

#define FORMAT "@FORMAT@"
/* Rewrites per input: each costs a parse and a rewrite. */
#define MAX_CHOICES 4

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

static void
check (const struct gl_bootcfg *c)
{
  if (c->default_index < -1 ||
      (c->default_index >= 0 && (size_t) c->default_index >= c->entries.len) ||
      c->bls_entries > c->entries.len)
    abort ();
  for (size_t i = 0; i < c->entries.len; ++i)
    if (c->entries.ptr[i].menu_parent > c->submenus.len)
      abort ();
  if (gl_grub2_resolve_default (c, c->default_spec, NULL) >= (int) c->entries.len ||
      gl_grub2_resolve_default (c, "saved", c->default_spec) >= (int) c->entries.len)
    abort ();
}

static const char *
base (const char *path)
{
  const char *s = strrchr (path, '/');
  return s ? s + 1 : path;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  const struct gl_bootloader_ops *ops = gl_bootloader_by_name (FORMAT);
  const char *text = (const char *) data;
  const char *nul = memchr (text, '\0', size);
  size_t len = nul ? (size_t) (nul - text) : size;
  const char *env = nul ? nul + 1 : NULL;
  size_t envlen = nul ? size - len - 1 : 0;
  char *saved = env ? strndup (env, envlen) : NULL;
  struct gl_devmap map = GL_DEVMAP_INIT;
  struct gl_bootcfg c;

  if (saved)
    saved[strcspn (saved, "\n")] = '\0';
  if (!ops ||
      gl_devmap_add (&map, "xvda2", "vda", NULL) == -1 ||
      gl_devmap_add (&map, "xvda1", "vdb", NULL) == -1 ||
      gl_devmap_add_prefix (&map, "xvd", "vd", NULL) == -1)
    abort ();
  struct gl_boot_input in = { "/boot/loader/entries/fuzz.conf", text, len, env, envlen };
  if (gl_bootloader_parse (ops, &in, &c, NULL) == 0) {
    check (&c);
    size_t tries = 0;
    for (size_t i = 0; i <= c.entries.len && tries < MAX_CHOICES; ++i) {
      const char *k = i < c.entries.len ? c.entries.ptr[i].kernel : NULL;
      if (i < c.entries.len && !k)
        continue;
      tries++;
      struct gl_boot_edits e = { &map, "ttyS0", k ? base (k) : NULL, saved };
      char *out = NULL;
      int r = gl_bootloader_rewrite (ops, text, len, &e, &out, NULL);
      if (r == 1) {
        struct gl_bootcfg again;
        struct gl_boot_input in2 = { in.path, out, strlen (out), env, envlen };
        int chosen = gl_bootcfg_find_kernel (&c, e.default_kernel, ops->hypervisor_entries);
        if (gl_bootloader_parse (ops, &in2, &again, NULL) == 0) {
          check (&again);
          if (again.entries.len != c.entries.len)
            abort ();
          /* A default the rewrite moved is on the chosen entry (one it
           * cannot name, or saved in grubenv, stays where it was). */
          if (again.default_index != c.default_index && again.default_index != chosen)
            abort ();
        }
        gl_bootcfg_free (&again);
      }
      else if (r == 0 && out)
        abort ();
      free (out);
    }
  }
  gl_bootcfg_free (&c);
  gl_devmap_free (&map);
  free (saved);
  return 0;
}
