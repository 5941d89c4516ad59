/* Unit tests for KEY=value files (common/utils/keyvalue.c). */
#include <config.h>

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "keyvalue.h"
#include "tap.h"

static const char osr[] =
  "PRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\n"
  "NAME='Debian GNU/Linux'\n"
  "VERSION_ID=\"12\"\n"
  "# ID=commented\n"
  "  export ID=debian   # trailing comment\n"
  "HOME_URL=https://www.debian.org/\n"
  "ESC=\"a \\\"b\\\" \\\\ \\$x \\`y\\` \\n\"\n"
  "UNQ=a\\ b\\'c\n"
  "CAT=one'two three'\"four\"five\n"
  "MULTI=\"line1\n"
  "FAKE=inside\"\n"
  "EMPTY=\n"
  "ID_LIKE=first\n"
  "ID_LIKE=second\n"
  "IDX=not-id\n"
  "SEMI=val;other\n"
  "CRLF=win\r\n";

static void
check (const char *key, const char *expected, const char *what)
{
  char *v = gl_keyvalue_get (osr, strlen (osr), key);
  is_str (v, expected, "%s", what);
  free (v);
}

int
main (void)
{
  check ("PRETTY_NAME", "Debian GNU/Linux 12 (bookworm)", "double-quoted value");
  check ("NAME", "Debian GNU/Linux", "single-quoted value");
  check ("VERSION_ID", "12", "quoted number");
  check ("ID", "debian", "export prefix accepted, comment ignored");
  check ("HOME_URL", "https://www.debian.org/", "unquoted value");
  check ("ESC", "a \"b\" \\ $x `y` \\n",
         "double-quote escapes \\\" \\\\ \\$ \\` and other backslashes kept");
  check ("UNQ", "a b'c", "unquoted backslash escapes");
  check ("CAT", "onetwo threefourfive", "adjacent quoted parts concatenate");
  check ("MULTI", "line1\nFAKE=inside", "double quotes span lines");
  check ("FAKE", NULL, "assignment inside a quoted value is not an assignment");
  check ("EMPTY", "", "empty value is an empty string");
  check ("ID_LIKE", "second", "the last assignment wins");
  check ("SEMI", "val", "';' ends an unquoted value");
  check ("CRLF", "win", "CR before newline is not part of the value");
  errno = 42;
  {
    char *v = gl_keyvalue_get (osr, strlen (osr), "MISSING");
    ok (v == NULL && errno == 0, "absent key: NULL with errno 0");
  }
  {
    const char *s = "X=\"unterminated value";
    char *v = gl_keyvalue_get (s, strlen (s), "X");
    is_str (v, "unterminated value", "unterminated quote runs to the end");
    free (v);
  }
  {
    const char *s = "A=1\nB=2";
    char *v = gl_keyvalue_get (s, 3, "B");
    ok (v == NULL, "text beyond len is not read");
    free (v);
  }
  {
    const char *s =
      "# GRUB Environment Block\n"
      "saved_entry=Debian GNU/Linux, with Linux 6.1.0-18-amd64\n"
      "next=a\\\\b\\nc\n"
      "#######################################\n";
    char *v = gl_keyvalue_get_raw (s, strlen (s), "saved_entry");
    is_str (v, "Debian GNU/Linux, with Linux 6.1.0-18-amd64",
            "grubenv raw value keeps blanks");
    free (v);
    v = gl_keyvalue_get_raw (s, strlen (s), "next");
    is_str (v, "a\\b\nc", "grubenv escapes undone");
    free (v);
  }
  {
    size_t n = GL_KEYVALUE_MAX_BYTES + 1;
    char *big = malloc (n);
    memset (big, 'A', n);
    memcpy (big, "K=v\n", 4);
    errno = 0;
    ok (gl_keyvalue_get (big, n, "K") == NULL && errno == EFBIG,
        "input over 1 MiB is refused with EFBIG");
    free (big);
  }
  return tap_done ();
}
