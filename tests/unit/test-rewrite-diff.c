/* Unit tests for convert/rewrite-diff.c: the dry-run diff. */
#include <config.h>

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "rewrite.h"
#include "tap.h"

static void
test_diff (void)
{
  CHECK (gl_rewrite_diff ("/etc/fstab",
                          "LABEL=/ / ext3 defaults 1 1\n/dev/xvdb1 swap swap defaults 0 0\n",
                          "LABEL=/ / ext3 defaults 1 1\n/dev/vdb1 swap swap defaults 0 0\n"),
         "--- /etc/fstab\n+++ /etc/fstab\n"
         "-/dev/xvdb1 swap swap defaults 0 0\n"
         "+/dev/vdb1 swap swap defaults 0 0\n",
         "diff shows only the changed line");
  CHECK (gl_rewrite_diff ("/boot/grub/grub.conf",
                          "default=0\ntimeout=5\ntitle a\n\tkernel /vmlinuz-1 console=xvc0\n"
                          "title b\n\tkernel /vmlinuz-2 ro\n",
                          "default=1\ntimeout=5\ntitle a\n\tkernel /vmlinuz-1 console=ttyS0\n"
                          "title b\n\tkernel /vmlinuz-2 ro console=ttyS0\n"),
         "--- /boot/grub/grub.conf\n+++ /boot/grub/grub.conf\n"
         "-default=0\n+default=1\n"
         "-\tkernel /vmlinuz-1 console=xvc0\n+\tkernel /vmlinuz-1 console=ttyS0\n"
         "-\tkernel /vmlinuz-2 ro\n+\tkernel /vmlinuz-2 ro console=ttyS0\n",
         "diff of a grub.conf: three separate changed lines, in file order");
  CHECK (gl_rewrite_diff ("/etc/securetty", "tty1\nxvc0", "tty1\nxvc0\nttyS0\n"),
         "--- /etc/securetty\n+++ /etc/securetty\n"
         "-xvc0\n\\ No newline at end of file\n+xvc0\n+ttyS0\n",
         "diff marks a last line without newline");
  CHECK (gl_rewrite_diff ("/boot/grub/grub.cfg", "a\nb\n", "set default=\"1\"\na\nb\n"),
         "--- /boot/grub/grub.cfg\n+++ /boot/grub/grub.cfg\n+set default=\"1\"\n",
         "diff of an inserted first line shows one added line");
  CHECK (gl_rewrite_diff ("/etc/inittab", "a\nx\nb\ny\nc\n", "a\nb\nc\n"),
         "--- /etc/inittab\n+++ /etc/inittab\n-x\n-y\n",
         "diff of removed lines");
  CHECK (gl_rewrite_diff ("/etc/x", "same\n", "same\n"), "",
         "diff of identical texts is empty");
  CHECK (gl_rewrite_diff ("/etc/new", NULL, "a\n"),
         "--- /etc/new\n+++ /etc/new\n+a\n", "diff from a NULL (missing) file");
  CHECK (gl_rewrite_diff ("/etc/\x1b[31mx\n", "a\n", "b\n"),
         "--- /etc/?[31mx?\n+++ /etc/?[31mx?\n-a\n+b\n",
         "diff shows control characters of the path as '?'");
  errno = 0;
  ok (gl_rewrite_diff (NULL, "a", "b") == NULL && errno == EINVAL,
      "diff without a path is EINVAL");
}

/* Too many changed lines for the LCS table: whole middle removed then
 * added, which is still a correct diff. */
static void
test_diff_large (void)
{
  size_t n = 3000;
  char *a = malloc (n * 8 + 1), *b = malloc (n * 8 + 1), *pa = a, *pb = b;
  char *r;
  size_t minus = 0, plus = 0;
  for (size_t i = 0; i < n; ++i) {
    pa += sprintf (pa, "a%05zu\n", i);
    pb += sprintf (pb, "b%05zu\n", i);
  }
  r = gl_rewrite_diff ("/big", a, b);
  for (const char *p = r; p && *p; p = strchr (p, '\n') + 1) {
    minus += *p == '-' && p[1] != '-';
    plus += *p == '+' && p[1] != '+';
  }
  is_int (minus, n, "large diff: every old line removed");
  is_int (plus, n, "large diff: every new line added");
  free (r);
  free (a);
  free (b);
}

int
main (void)
{
  test_diff ();
  test_diff_large ();
  return tap_done ();
}
