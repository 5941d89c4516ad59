/* libFuzzer target for gl_bls_parse and gl_bls_prepend (common/bootloader/bootcfg.h):
 * the input is split at the first NUL into an entry file and a grubenv. */
#include <config.h>

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "bootcfg.h"

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  const char *text = (const char *) data;
  const char *nul = memchr (data, '\0', size);
  size_t len = nul ? (size_t) (nul - text) : size;
  const char *env = nul ? nul + 1 : NULL;
  size_t envlen = nul ? size - len - 1 : 0;

  struct gl_bls_entry b[2];
  int r0 = gl_bls_parse ("fuzz-a", text, len, env, envlen, &b[0]);
  int r1 = r0 == 1 ? gl_bls_parse ("fuzz-b", text, len, NULL, 0, &b[1]) : 0;
  if (r0 == 1) {
    if (!b[0].entry.kernel || !b[0].entry.id || !b[0].entry.title)
      abort ();
    struct gl_bootcfg c;
    static const char cfg[] = "blscfg\nmenuentry 'x' { linux /v }\n";
    if (gl_grub2_parse (cfg, sizeof cfg - 1, &c) == 0 &&
        gl_bls_prepend (&c, b, r1 == 1 ? 2 : 1) == 0) {
      for (size_t i = 0; i < c.entries.len; ++i)
        if (c.entries.ptr[i].menu_parent == 0 && c.entries.ptr[i].menu_pos != i)
          abort ();
    }
    gl_bootcfg_free (&c);
    gl_bls_entry_free (&b[0]);
    if (r1 == 1)
      gl_bls_entry_free (&b[1]);
  }
  return 0;
}
