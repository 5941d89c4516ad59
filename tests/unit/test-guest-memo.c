/* Unit tests for common/guestfs/guest-memo.c on a handle that is never launched
 * (every listing the memo asks for fails, so only remembered answers
 * count): off until enabled, answers per path and probe kind, a mount
 * forgets what lies below its mount point only, unclean paths are never
 * remembered, the memory is bounded.  Listings themselves need an
 * appliance: tests/integration/audit.sh and inspect.sh cover them. */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>

#include <guestfs.h>

#include "guest-memo.h"
#include "tap.h"

int
main (void)
{
  guestfs_h *g = guestfs_create_flags (GUESTFS_CREATE_NO_ENVIRONMENT);
  if (!g) {
    printf ("Bail out! guestfs_create failed\n");
    return 1;
  }
  guestfs_set_error_handler (g, NULL, NULL);

  gl_guest_memo_store (g, "/etc/fstab", GL_PROBE_FILE, true);
  is_int (gl_guest_memo_lookup (g, "/etc/fstab", GL_PROBE_FILE), -1,
          "off by default: nothing is remembered");

  ok (gl_guest_memo_enable (g) == 0, "enable");
  ok (gl_guest_memo_enable (g) == 0, "enable twice is harmless");
  is_int (gl_guest_memo_lookup (g, "/etc/fstab", GL_PROBE_FILE), -1,
          "unknown path: ask the appliance");
  gl_guest_memo_store (g, "/etc/fstab", GL_PROBE_FILE, true);
  gl_guest_memo_store (g, "/etc/SuSE-release", GL_PROBE_FILE, false);
  gl_guest_memo_store (g, "/boot", GL_PROBE_DIR, true);
  gl_guest_memo_store (g, "/boot/vmlinuz-2.6.18", GL_PROBE_FILE, true);
  is_int (gl_guest_memo_lookup (g, "/etc/fstab", GL_PROBE_FILE), 1, "a yes is remembered");
  is_int (gl_guest_memo_lookup (g, "/etc/SuSE-release", GL_PROBE_FILE), 0, "a no is remembered");
  is_int (gl_guest_memo_lookup (g, "/etc/fstab", GL_PROBE_DIR), -1,
          "per probe kind: is-file does not answer is-dir");
  is_int (gl_guest_memo_lookup (g, "/etc/fstab", GL_PROBE_FILE), 1,
          "a failed listing of the parent changes nothing");

  gl_guest_memo_forget (g, "/bo");
  is_int (gl_guest_memo_lookup (g, "/boot/vmlinuz-2.6.18", GL_PROBE_FILE), 1,
          "a mount on /bo leaves /boot alone");
  gl_guest_memo_forget (g, "/boot");
  is_int (gl_guest_memo_lookup (g, "/boot/vmlinuz-2.6.18", GL_PROBE_FILE), -1,
          "a mount on /boot forgets what is below it");
  is_int (gl_guest_memo_lookup (g, "/boot", GL_PROBE_DIR), -1,
          "and the mount point itself");
  is_int (gl_guest_memo_lookup (g, "/etc/fstab", GL_PROBE_FILE), 1,
          "but not /etc");

  static const char *const unclean[] = {
    "/etc/../etc/fstab", "etc/fstab", "/etc//fstab", "/etc/fstab/", "/",
    "/./etc", "", NULL
  };
  for (size_t i = 0; unclean[i]; ++i) {
    gl_guest_memo_store (g, unclean[i], GL_PROBE_FILE, true);
    is_int (gl_guest_memo_lookup (g, unclean[i], GL_PROBE_FILE), -1,
            "never remembered: \"%s\"", unclean[i]);
  }
  gl_guest_memo_store (g, NULL, GL_PROBE_FILE, true);
  is_int (gl_guest_memo_lookup (g, NULL, GL_PROBE_FILE), -1, "NULL path: unknown");
  is_int (gl_guest_memo_lookup (g, "/a/b/c/d/e/f/g/h/i/j/k/l/m/n/o/p/q", GL_PROBE_FILE), -1,
          "too deep: unknown");

  /* Bounded: old answers make room for new ones. */
  char path[64];
  for (int i = 0; i < 1000; ++i) {
    snprintf (path, sizeof path, "/many/p%d", i);
    gl_guest_memo_store (g, path, GL_PROBE_EXISTS, true);
  }
  is_int (gl_guest_memo_lookup (g, "/many/p999", GL_PROBE_EXISTS), 1, "the newest answer is kept");
  is_int (gl_guest_memo_lookup (g, "/many/p0", GL_PROBE_EXISTS), -1, "the oldest made room");

  /* A listing the caller made (gl_guest_ls) answers misses below it. */
  char *etc[] = { (char *) "hostname", (char *) "fstab", NULL };
  gl_guest_memo_store_listing (g, "/etc", etc);
  is_int (gl_guest_memo_lookup (g, "/etc/SuSE-release", GL_PROBE_FILE), 0,
          "a stored listing without the name: absent");
  is_int (gl_guest_memo_lookup (g, "/etc/hostname", GL_PROBE_FILE), -1,
          "a listed name is still asked (file? directory?)");
  char *root[] = { (char *) "etc", NULL };
  gl_guest_memo_store_listing (g, "/", root);
  is_int (gl_guest_memo_lookup (g, "/boot", GL_PROBE_DIR), 0, "a listing of / works too");
  gl_guest_memo_forget (g, "/etc");
  is_int (gl_guest_memo_lookup (g, "/etc/passwd", GL_PROBE_FILE), -1,
          "a mount on /etc forgets its listing");

  gl_guest_memo_forget (g, "/");
  is_int (gl_guest_memo_lookup (g, "/many/p999", GL_PROBE_EXISTS), -1, "umount-all forgets everything");

  gl_guest_memo_store (g, "/etc/fstab", GL_PROBE_FILE, true);
  gl_guest_memo_disable (g);
  is_int (gl_guest_memo_lookup (g, "/etc/fstab", GL_PROBE_FILE), -1, "disabled: nothing is remembered");
  gl_guest_memo_disable (g);
  ok (gl_guest_memo_enable (g) == 0 &&
      gl_guest_memo_lookup (g, "/etc/fstab", GL_PROBE_FILE) == -1,
      "disable twice, enable again: a fresh, empty memo");
  gl_guest_memo_disable (g);

  guestfs_close (g);
  return tap_done ();
}
