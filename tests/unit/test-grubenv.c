/* Unit tests for grubenv (common/bootloader/grubenv.c): reading a
 * variable (inspection's saved_entry, BLS entries' $variables) and saving
 * the default entry (a conversion), over the one lexer. */
#include <config.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "boot-test.h"
#include "boot-text.h"
#include "tap.h"

/* A grubenv block of exactly 1024 bytes: LINES then '#' padding. */
static char *
grubenv (const char *lines)
{
  char *b = malloc (1025);
  size_t n = strlen (lines);
  memcpy (b, lines, n);
  memset (b + n, '#', 1024 - n);
  b[1024] = '\0';
  return b;
}

static char *
get (const char *text, const char *name)
{
  char *v = NULL;
  if (gl_grubenv_get (text, strlen (text), name, &v, NULL) == -1)
    abort ();
  return v;
}

static void
test_get (void)
{
  char *env = grubenv ("# GRUB Environment Block\n"
                       "saved_entry=Debian GNU/Linux, with Linux 6.1.0-18-amd64\n"
                       "next=a\\\\b\\nc\n"
                       "  kernelopts=ro root=/dev/xvda1\n"
                       "kernelopts=ro root=/dev/xvda2\n");
  CHECK (get (env, "saved_entry"), "Debian GNU/Linux, with Linux 6.1.0-18-amd64",
         "a value keeps its blanks");
  CHECK (get (env, "next"), "a\\b\nc", "grub's escapes undone");
  CHECK (get (env, "kernelopts"), "ro root=/dev/xvda2", "the last assignment wins");
  CHECK (get (env, "missing"), NULL, "an unset variable: none");
  CHECK (get (env, "GRUB"), NULL, "the header is not an assignment");
  free (env);
}

static void
test_rewrite (void)
{
  struct gl_boot_edits c = boot_kvm (NULL);
  int rc;

  c.saved_entry = "abc-5.14.0-362.el9.x86_64";
  char *in = grubenv ("# GRUB Environment Block\nsaved_entry=abc-5.14.0-284.el9.x86_64\nboot_success=0\n");
  char *exp = grubenv ("# GRUB Environment Block\nsaved_entry=abc-5.14.0-362.el9.x86_64\nboot_success=0\n");
  char *got = boot_rewrite ("grubenv", in, &c);
  is_str (got, exp, "grubenv: saved_entry replaced, other variables kept");
  is_int (got ? strlen (got) : 0, 1024, "grubenv: still a 1024-byte block");
  CHECK (got ? get (got, "saved_entry") : NULL, "abc-5.14.0-362.el9.x86_64",
         "grubenv: what is written is what is read");
  free (got); free (in); free (exp);

  in = grubenv ("# GRUB Environment Block\nkernelopts=ro\n");
  exp = grubenv ("# GRUB Environment Block\nkernelopts=ro\nsaved_entry=abc-5.14.0-362.el9.x86_64\n");
  CHECK (boot_rewrite ("grubenv", in, &c), exp, "grubenv without saved_entry: added");
  got = boot_rewrite_rc ("grubenv", exp, 1024, &c, &rc);
  ok (got == NULL && rc == 0, "grubenv already saying it: unchanged");
  free (got); free (in); free (exp);

  in = grubenv (" saved_entry=a\nx=1\nsaved_entry=b\n");
  got = boot_rewrite ("grubenv", in, &c);
  CHECK (got ? get (got, "saved_entry") : NULL, "abc-5.14.0-362.el9.x86_64",
         "grubenv: every saved_entry the reader sees is replaced (indented, repeated)");
  ok (got && !strstr (got, "saved_entry=b"), "the later one is gone");
  free (got); free (in);

  c.saved_entry = "bad\nid";
  in = grubenv ("saved_entry=x\n");
  got = boot_rewrite_rc ("grubenv", in, 1024, &c, &rc);
  ok (got == NULL && rc == -1 && boot_err.errnum == EINVAL, "grubenv: an id with a newline is EINVAL");
  free (got); free (in);

  c.saved_entry = NULL;
  got = boot_rewrite_rc ("grubenv", "saved_entry=x\n", 14, &c, &rc);
  ok (got == NULL && rc == 0, "grubenv: no default to save: unchanged");
  free (got);

  char big[1100];
  memset (big, 'v', sizeof big);
  memcpy (big, "k=", 2);
  big[1020] = '\n';
  big[1021] = '\0';
  c.saved_entry = "abc";
  got = boot_rewrite_rc ("grubenv", big, 1021, &c, &rc);
  ok (got == NULL && rc == -1 && boot_err.errnum == EFBIG,
      "grubenv: variables that no longer fit the block are EFBIG");
  free (got);
}

int
main (void)
{
  test_get ();
  test_rewrite ();
  return boot_test_done ();
}
