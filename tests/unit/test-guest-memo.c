/* Unit tests for common/guestfs/guest-memo.c over the in-memory guest I/O
 * (fake-guest-io.h).  First on a handle that cannot answer (every listing
 * the memo asks for fails, so only remembered answers count): off until
 * enabled, answers per path and probe kind, a mount forgets what lies
 * below its mount point only, unclean paths are never remembered, the
 * memory is bounded.  Then on one that answers: a directory probed twice
 * is listed once, and later misses in it cost no probe; the answers are
 * the implementation's; a mount forgets. */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>

#include "fake-guest-io.h"
#include "guest-io.h"
#include "guest-memo.h"
#include "tap.h"

static const struct fake_entry tree[] = {
  { "/etc", FAKE_DIR, NULL, 0 },
  { "/etc/fstab", FAKE_FILE, "/dev/sda1 / ext4 defaults 0 1\n", 0 },
  { "/etc/hostname", FAKE_FILE, "guest\n", 0 },
  { "/etc/motd", FAKE_SYMLINK, "/etc/hostname", 0 },
  { "/boot", FAKE_DIR, NULL, 0 },
  { "/boot/vmlinuz-5.0", FAKE_FILE, "kernel", 0 },
};

/* Listings: a directory probed twice is listed, then answers misses. */
static void
test_listings (void)
{
  struct gl_guest_io *io = fake_guest_io_open (tree, sizeof tree / sizeof tree[0],
                                               4096, 0);
  struct fake_calls *c = fake_guest_io_calls (io);
  ok (gl_guest_memo_enable (io) == 0, "listings: enable");
  ok (!gl_guest_is_file (io, "/etc/SuSE-release"), "a missing file: no");
  is_int ((int) c->globs, 0, "one probe below /etc: not listed yet");
  ok (!gl_guest_is_file (io, "/etc/redhat-release"), "another missing file: no");
  is_int ((int) c->globs, 1, "the second probe below /etc lists it");
  size_t probes = c->probes;
  ok (!gl_guest_is_file (io, "/etc/debian_version") &&
      !gl_guest_exists (io, "/etc/lsb-release"),
      "more missing files: no");
  is_int ((int) (c->probes - probes), 0, "answered from the listing: no probe");
  is_int ((int) c->globs, 1, "and no new listing");
  ok (gl_guest_is_file (io, "/etc/fstab"), "a listed file: yes");
  ok (gl_guest_is_file (io, "/etc/motd"), "a listed symlink to a file: a file");
  ok (!gl_guest_is_dir (io, "/etc/hostname"), "a listed file is not a directory");
  is_int ((int) (c->probes - probes), 3, "listed names are asked");
  probes = c->probes;
  ok (gl_guest_is_file (io, "/etc/fstab"), "asked again: yes");
  is_int ((int) (c->probes - probes), 0, "from the memo");

  ok (gl_guest_mount_ro (io, "/dev/sda2", "/etc", NULL) == 0, "a mount on /etc");
  ok (gl_guest_is_file (io, "/etc/fstab"), "then /etc/fstab");
  is_int ((int) (c->probes - probes), 1, "is asked again");
  gl_guest_io_close (io);
}

int
main (void)
{
  struct gl_guest_io *g = fake_guest_io_open (tree, 0, 4096, 0);
  if (!g) {
    printf ("Bail out! out of memory\n");
    return 1;
  }
  fake_guest_io_fail (g);

  gl_guest_memo_store (g, "/etc/fstab", GL_PROBE_FILE, true);
  is_int (gl_guest_memo_lookup (g, "/etc/fstab", GL_PROBE_FILE), -1,
          "off by default: nothing is remembered");

  ok (gl_guest_memo_enable (g) == 0, "enable");
  ok (gl_guest_memo_enable (g) == 0, "enable twice is harmless");
  is_int (gl_guest_memo_lookup (g, "/etc/fstab", GL_PROBE_FILE), -1,
          "unknown path: ask the implementation");
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
  gl_guest_io_close (g);

  test_listings ();
  return tap_done ();
}
