/* libFuzzer target for gl_grub2_parse and gl_grub2_resolve_default
 * (common/bootloader/bootcfg.h).  The text after the first NUL byte, if any, is used
 * as a default spec and as a saved entry. */
#include <config.h>

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "bootcfg.h"

static void
check_index (const struct gl_bootcfg *c, int i)
{
  if (i < -1 || (i >= 0 && (size_t) i >= c->entries.len))
    abort ();
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  const char *text = (const char *) data;
  const char *nul = memchr (text, '\0', size);
  size_t len = nul ? (size_t) (nul - text) : size;
  char *spec = nul ? strndup (nul + 1, size - len - 1) : NULL;
  struct gl_bootcfg c;

  if (gl_grub2_parse (text, len, &c) == 0) {
    check_index (&c, c.default_index);
    for (size_t i = 0; i < c.entries.len; ++i) {
      const struct gl_boot_entry *e = &c.entries.ptr[i];
      if (e->menu_parent > c.submenus.len)
        abort ();
      size_t n = (e->title ? strlen (e->title) : 0) +
        (e->kernel ? strlen (e->kernel) : 0) +
        (e->initrd ? strlen (e->initrd) : 0) +
        (e->cmdline ? strlen (e->cmdline) : 0) + (e->id ? strlen (e->id) : 0);
      (void) n;
    }
    check_index (&c, gl_grub2_resolve_default (&c, spec, NULL));
    check_index (&c, gl_grub2_resolve_default (&c, "saved", spec));
    check_index (&c, gl_grub2_resolve_default (&c, c.default_spec, spec));
  }
  gl_bootcfg_free (&c);
  free (spec);
  return 0;
}
