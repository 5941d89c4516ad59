/* libFuzzer target for gl_extlinux_parse (common/bootloader/bootcfg.h). */
#include <config.h>

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "bootcfg.h"

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  struct gl_bootcfg c;
  if (gl_extlinux_parse ((const char *) data, size, &c) == 0) {
    if (c.default_index < -1 || (c.default_index >= 0 &&
                                 (size_t) c.default_index >= c.entries.len))
      abort ();
    for (size_t i = 0; i < c.entries.len; ++i) {
      const struct gl_boot_entry *e = &c.entries.ptr[i];
      /* Touch every string so that ASan checks them. */
      size_t n = (e->title ? strlen (e->title) : 0) +
        (e->kernel ? strlen (e->kernel) : 0) +
        (e->initrd ? strlen (e->initrd) : 0) +
        (e->cmdline ? strlen (e->cmdline) : 0) + (e->id ? strlen (e->id) : 0);
      (void) n;
    }
  }
  gl_bootcfg_free (&c);
  return 0;
}
