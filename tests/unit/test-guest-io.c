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
 *  - a handle that cannot answer gives nothing, and says why;
 *  - a tree mounted (gl_mount_tree): "/" first, then by depth, equal
 *    depths in the order given; mountpoints that are no directory, or
 *    symlinks unless the tree mounts through them, left out with a
 *    warning; a failing mount a warning, or the error when vital; how
 *    many were mounted. */
#include <config.h>

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "cleanup.h"
#include "fake-guest-io.h"
#include "guest-io.h"
#include "guest-io-appliance.h"
#include "mount-session.h"
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

/* The notes a tree gives, "KIND:MSG|" each. */
static void
keep_note (void *opaque, enum gl_note_kind kind, const char *msg)
{
  gl_buf_printf (opaque, "%s:%s|", kind == GL_NOTE_WARNING ? "warning" : "notice", msg);
}

static const struct fake_entry mount_points[] = {
  { "/boot", FAKE_DIR, NULL, 0 },
  { "/boot/efi", FAKE_DIR, NULL, 0 },
  { "/usr", FAKE_DIR, NULL, 0 },
  { "/home", FAKE_SYMLINK, "/usr", 0 },
  { "/etc", FAKE_DIR, NULL, 0 },
  { "/etc/fstab", FAKE_FILE, "x", 0 },
};
#define NMOUNT_POINTS (sizeof mount_points / sizeof mount_points[0])

static void
test_mount_tree (void)
{
  static const char *const vital[] = { "/", "/boot", NULL };
  const struct gl_mount_want wants[] = {
    { "/boot/efi", "/dev/sda3" }, { "/usr", "/dev/sda4" }, { "/boot", "/dev/sda1" },
    { "swap", "/dev/sda5" }, { "/home", "/dev/sda6" }, { "/srv", "/dev/sda7" },
    { "/etc/fstab", "/dev/sda8" }, { "/usr", "/dev/bad9" },
  };
  CLEANUP_BUF struct gl_buf notes = GL_BUF_INIT;
  struct gl_mount_tree t = {
    .root = "/dev/sda2", .mounts = wants, .n_mounts = 8, .readonly = true,
    .vital = vital, .note = { keep_note, &notes },
  };
  struct gl_guest_io *io = fake_guest_io_open (mount_points, NMOUNT_POINTS, 100, 0);
  CLEANUP_ERR struct gl_err err = GL_ERR_INIT;
  is_int (gl_mount_tree (io, &t, &err), 4, "a tree: 4 of its 7 mountpoints mounted");
  is_str (fake_guest_io_calls (io)->mounted,
          "/dev/sda2@/;/dev/sda4@/usr;/dev/sda1@/boot;/dev/sda3@/boot/efi;",
          "\"/\" first, then by depth, equal depths in the order given; swap skipped");
  is_str (notes.data,
          "warning:/home: no such directory in the guest: /dev/sda6 not mounted|"
          "warning:/srv: no such directory in the guest: /dev/sda7 not mounted|"
          "warning:/usr: cannot mount /dev/bad9: fake failure|"
          "warning:/etc/fstab: no such directory in the guest: /dev/sda8 not mounted|",
          "a symlink, a missing directory, a file, a failing mount: warnings naming them");
  ok (err.msg == NULL, "and no error");
  gl_guest_io_close (io);

  /* Inspection's: "/" mounted already, symlinks to directories followed. */
  io = fake_guest_io_open (mount_points, NMOUNT_POINTS, 100, 0);
  const struct gl_mount_want below[] = { { "/home", "/dev/sdb6" } };
  t = (struct gl_mount_tree) { .mounts = below, .n_mounts = 1, .readonly = true,
                               .through_symlinks = true };
  is_int (gl_mount_tree (io, &t, NULL), 1, "through symlinks: the symlinked mountpoint mounts");
  is_str (fake_guest_io_calls (io)->mounted, "/dev/sdb6@/home;",
          "and nothing on \"/\" without a root");
  gl_guest_io_close (io);

  /* A vital mountpoint that does not mount is the error; "/" in the
   * mounts wins over the root. */
  io = fake_guest_io_open (mount_points, NMOUNT_POINTS, 100, 0);
  const struct gl_mount_want bad_boot[] = { { "/boot", "/dev/bad1" }, { "/", "/dev/sdc1" } };
  t = (struct gl_mount_tree) { .root = "/dev/sdc9", .mounts = bad_boot, .n_mounts = 2,
                               .readonly = true, .vital = vital };
  is_int (gl_mount_tree (io, &t, &err), -1, "a vital mountpoint that does not mount: -1");
  is_str (err.msg, "cannot mount /dev/bad1 on /boot: fake failure", "naming it");
  is_int (err.errnum, EIO, "with the mount's errno");
  is_str (fake_guest_io_calls (io)->mounted, "/dev/sdc1@/;",
          "\"/\" given in the mounts is mounted, not the root");
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
  test_mount_tree ();
  return tap_done ();
}
