/* Unit tests for guest I/O's generic layer (common/guestfs/guest-io.c)
 * over the in-memory implementation (fake-guest-io.h), and the parts of
 * the appliance implementation that need no appliance:
 *  - glob escaping of directory names (a guest names its directories: a
 *    kernel version with '*' or '{' must match only itself);
 *  - bounded reads: whole small files, chunked reads, never more than
 *    max + 1 bytes of a file over the bound, which is "too large" with
 *    its size; large files through a host copy; symlinks followed; a
 *    directory or a missing file is nothing (and not "too large");
 *  - downloads bounded, named, copied by pread when the implementation
 *    has no download of its own;
 *  - listings: glob patterns with alternatives, ls's bound;
 *  - a read-only implementation refuses writes and read-write mounts;
 *  - a handle that cannot answer gives nothing, and says why. */
#include <config.h>

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cleanup.h"
#include "fake-guest-io.h"
#include "guest-io.h"
#include "guest-io-appliance.h"
#include "run-files.h"
#include "tap.h"

static char big[5000];

static const struct fake_entry tree[] = {
  { "/etc", FAKE_DIR, NULL, 0 },
  { "/etc/fstab", FAKE_FILE, "/dev/sda1 / ext4 defaults 0 1\n", 0 },
  { "/etc/fstab.link", FAKE_SYMLINK, "/etc/fstab", 0 },
  { "/etc/.hidden", FAKE_FILE, "x", 0 },
  { "/bin", FAKE_DIR, NULL, 0 },
  { "/bin/sh", FAKE_FILE, "\177ELF\2\1\1\0\0\0\0\0\0\0\0\0\2\0\76\0rest", 26 },
  { "/boot", FAKE_DIR, NULL, 0 },
  { "/boot/big", FAKE_FILE, big, sizeof big },
  { "/boot/vmlinuz-5.0", FAKE_FILE, "k5", 0 },
  { "/boot/vmlinux-4.0", FAKE_FILE, "k4", 0 },
  { "/boot/config-5.0", FAKE_FILE, "c", 0 },
  { "/boot/vmlinuz-5.0.hmac", FAKE_FILE, "h", 0 },
};
#define NTREE (sizeof tree / sizeof tree[0])

static void
test_escape (void)
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
}

static void
test_reads (void)
{
  /* A pread of at most 7 bytes: every read takes several. */
  struct gl_guest_io *io = fake_guest_io_open (tree, NTREE, 7, 0);
  struct fake_calls *c = fake_guest_io_calls (io);
  size_t len = 0;
  uint64_t too_large = 1;
  CLEANUP_FREE char *fstab = gl_guest_read_sized (io, "/etc/fstab", 1024, &len, &too_large);
  is_str (fstab, tree[1].data, "a small file, read in chunks");
  is_int ((int) len, (int) strlen (tree[1].data), "its length");
  is_int ((int) too_large, 0, "not too large");
  CLEANUP_FREE char *link = gl_guest_read (io, "/etc/fstab.link", 1024, &len);
  is_str (link, tree[1].data, "a symlink is followed");

  c->read_end = 0;
  CLEANUP_FREE char *over = gl_guest_read_sized (io, "/boot/big", 100, &len, &too_large);
  ok (over == NULL, "a file over the bound: not read");
  is_int ((int) too_large, (int) sizeof big, "and too large, with its size");
  ok (c->read_end <= 101, "no more than the bound + 1 byte asked (%llu)",
      (unsigned long long) c->read_end);
  CLEANUP_FREE char *exact = gl_guest_read_sized (io, "/boot/big", sizeof big, &len, &too_large);
  ok (exact && len == sizeof big && too_large == 0, "a file at the bound: read");

  ok (gl_guest_read_sized (io, "/boot", 1024, &len, &too_large) == NULL &&
      too_large == 0, "a directory: nothing, not too large");
  ok (gl_guest_read_sized (io, "/etc/missing", 1024, &len, &too_large) == NULL &&
      too_large == 0, "a missing file: nothing, not too large");

  char head[20];
  size_t got = 0;
  ok (gl_guest_read_head (io, "/bin/sh", head, sizeof head, &got) == 0 && got == 7 &&
      memcmp (head, "\177ELF", 4) == 0, "a header: at most one pread");
  ok (gl_guest_read_head (io, "/boot", head, sizeof head, &got) == -1,
      "no header of a directory");
  gl_guest_io_close (io);

  /* Files larger than download_above go through a host copy. */
  io = fake_guest_io_open (tree, NTREE, 1024, 1000);
  CLEANUP_FREE char *copied = gl_guest_read_sized (io, "/boot/big", 10000, &len, &too_large);
  ok (copied && len == sizeof big && memcmp (copied, big, sizeof big) == 0,
      "a large file through a host copy");
  ok (gl_guest_read_sized (io, "/boot/big", 2000, &len, &too_large) == NULL &&
      too_large == sizeof big, "a large file over the bound: its size, nothing read");
  gl_guest_io_close (io);
}

static void
test_downloads (void)
{
  struct gl_guest_io *io = fake_guest_io_open (tree, NTREE, 100, 0);
  CLEANUP_FREE char *tmp = gl_run_tmpdir ();
  if (!tmp) {
    printf ("Bail out! no temporary folder\n");
    exit (1);
  }
  CLEANUP_ERR struct gl_err err = GL_ERR_INIT;
  CLEANUP_FREE char *host = gl_guest_download (io, "/boot/big", 10000, tmp, &err);
  ok (host && strncmp (host, tmp, strlen (tmp)) == 0, "downloaded into the folder");
  CLEANUP_FCLOSE FILE *fp = host ? fopen (host, "rb") : NULL;
  char back[sizeof big + 1];
  ok (fp && fread (back, 1, sizeof back, fp) == sizeof big && memcmp (back, big, sizeof big) == 0,
      "the copy holds the file (copied by pread)");
  CLEANUP_FREE char *host2 = gl_guest_download (io, "/etc/fstab", 10000, tmp, &err);
  ok (host2 && host && strcmp (host, host2) != 0, "each download has a name of its own");
  ok (gl_guest_download (io, "/boot/big", 100, tmp, &err) == NULL &&
      err.errnum == EFBIG && strstr (err.msg, "/boot/big: too large") == err.msg,
      "over the bound: refused, the path said (%s)", gl_err_msg (&err, "?"));
  gl_err_clear (&err);
  ok (gl_guest_download (io, "/etc/missing", 100, tmp, &err) == NULL &&
      strncmp (gl_err_msg (&err, ""), "/etc/missing: ", 14) == 0,
      "a missing file: the path said (%s)", gl_err_msg (&err, "?"));
  gl_run_tmpdir_remove (tmp);
  gl_guest_io_close (io);
}

static void
test_listings (void)
{
  struct gl_guest_io *io = fake_guest_io_open (tree, NTREE, 100, 0);
  CLEANUP_FREE_STRING_LIST char **k = gl_guest_glob (io, "/boot", "{vmlinuz,vmlinux}-*", NULL);
  ok (k && gl_string_list_length (k) == 3 && strcmp (k[0], "vmlinux-4.0") == 0 &&
      strcmp (k[1], "vmlinuz-5.0") == 0 && strcmp (k[2], "vmlinuz-5.0.hmac") == 0,
      "glob: alternatives, names only, sorted");
  CLEANUP_FREE_STRING_LIST char **none = gl_guest_glob (io, "/nowhere", "*", NULL);
  ok (none && !none[0], "glob of a missing directory: empty");
  CLEANUP_FREE_STRING_LIST char **all = gl_guest_list_all (io, "/etc", NULL);
  is_int ((int) gl_string_list_length (all), 3, "list_all: dot files too");
  CLEANUP_FREE_STRING_LIST char **two = gl_guest_ls (io, "/boot", 2);
  is_int ((int) gl_string_list_length (two), 2, "ls: at most max_entries");
  ok (gl_guest_ls (io, "/etc/fstab", 10) == NULL, "ls of a file: nothing");
  CLEANUP_FREE char *to = gl_guest_readlink (io, "/etc/fstab.link");
  is_str (to, "/etc/fstab", "readlink");
  ok (gl_guest_readlink (io, "/etc/fstab") == NULL, "readlink of a file: nothing");
  gl_guest_io_close (io);
}

static void
test_read_only (void)
{
  struct gl_guest_io *io = fake_guest_io_open (tree, NTREE, 100, 0);
  CLEANUP_ERR struct gl_err err = GL_ERR_INIT;
  ok (!gl_guest_writable (io), "the fake is read-only");
  ok (gl_guest_write_file (io, "/etc/fstab", "x", 1, &err) == -1 && err.errnum == ENOTSUP,
      "a write is refused (%s)", gl_err_msg (&err, "?"));
  ok (gl_guest_mount_rw (io, "/dev/sda1", "/", &err) == -1 && err.errnum == ENOTSUP,
      "a read-write mount is refused");
  CLEANUP_FREE char *out = NULL;
  ok (gl_guest_command (io, (char *const[]) { (char *) "true", NULL }, 10, &out, &err)
      == GL_COMMAND_NOT_RUN, "a command is not run");
  ok (gl_guest_lvs (io, &err) == NULL && err.errnum == ENOTSUP,
      "an op it lacks: refused, not a crash");
  gl_guest_io_close (io);
}

static void
test_failing (void)
{
  struct gl_guest_io *io = fake_guest_io_open (tree, NTREE, 100, 0);
  fake_guest_io_fail (io);
  size_t len = 0;
  uint64_t too_large = 1;
  ok (gl_guest_read_sized (io, "/etc/fstab", 1024, &len, &too_large) == NULL &&
      too_large == 0, "no answer: no text, and not \"too large\"");
  CLEANUP_ERR struct gl_err err = GL_ERR_INIT;
  ok (gl_guest_glob (io, "/boot", "vmlinuz-*", &err) == NULL, "no answer: the glob fails");
  is_str (err.msg, "fake failure", "and says why");
  ok (!gl_guest_is_dir (io, "/boot"), "no answer: a probe says no");
  gl_guest_io_close (io);
}

int
main (void)
{
  for (size_t i = 0; i < sizeof big; ++i)
    big[i] = (char) ('a' + i % 26);
  test_escape ();
  test_reads ();
  test_downloads ();
  test_listings ();
  test_read_only ();
  test_failing ();
  return tap_done ();
}
