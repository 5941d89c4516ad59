/* Unit tests for the parts of common/guestfs/guest-io.c that need no appliance:
 * glob escaping of directory names (a guest names its directories: a
 * kernel version with '*' or '{' must match only itself), and reads on a
 * handle that cannot answer (nothing, and not "too large"). */
#include <config.h>

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include <guestfs.h>

#include "guest-io.h"
#include "tap.h"

int
main (void)
{
  static const struct { const char *in, *out; } cases[] = {
    { "/boot", "/boot" },
    { "/lib/modules/5.0*", "/lib/modules/5.0\\*" },
    { "/a?b[c]d{e,f}g\\h", "/a\\?b\\[c\\]d\\{e,f\\}g\\\\h" },
    { "", "" },
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; ++i) {
    char *e = gl_glob_escape (cases[i].in);
    is_str (e, cases[i].out, "escaped: \"%s\"", cases[i].in);
    free (e);
  }

  guestfs_h *g = guestfs_create_flags (GUESTFS_CREATE_NO_ENVIRONMENT);
  if (!g) {
    printf ("Bail out! guestfs_create failed\n");
    return 1;
  }
  guestfs_set_error_handler (g, NULL, NULL);
  size_t len = 0;
  uint64_t too_large = 1;
  ok (gl_guest_read_sized (g, "/etc/fstab", 1024, &len, &too_large) == NULL &&
      too_large == 0, "no answer: no text, and not \"too large\"");
  ok (gl_guest_glob (g, "/boot", "vmlinuz-*") == NULL, "no answer: the glob fails");
  guestfs_close (g);
  return tap_done ();
}
