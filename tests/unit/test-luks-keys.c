/* Unit tests for inspect/luks-keys.c: --key selectors (key:, file:, by
 * device, by UUID, all:), keys from a file descriptor, the order keys are
 * tried in, and messages that never repeat a key. */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "luks-keys.h"
#include "tap.h"

#define N(a) (sizeof (a) / sizeof (a)[0])

/* The keys for DEVICE/UUID joined by '|'. */
static const char *
keys_for (const struct gl_luks_keys *k, const char *dev, const char *uuid)
{
  static char out[512];
  const char *v[8];
  size_t n = gl_luks_keys_for (k, dev, uuid, v, N (v));
  out[0] = '\0';
  for (size_t i = 0; i < n; ++i) {
    strncat (out, i ? "|" : "", sizeof out - strlen (out) - 1);
    strncat (out, v[i], sizeof out - strlen (out) - 1);
  }
  return out;
}

static int
add (struct gl_luks_keys *k, const char *sel, char *msg, size_t msglen)
{
  struct gl_err err = GL_ERR_INIT;
  int r = gl_luks_keys_add (k, sel, &err);
  snprintf (msg, msglen, "%s", err.msg ? err.msg : "");
  gl_err_clear (&err);
  return r;
}

int
main (void)
{
  char msg[512];
  struct gl_luks_keys k = { empty_vector, empty_vector };
  ok (!gl_luks_keys_any (&k), "no keys: none");
  is_str (keys_for (&k, "/dev/sda2", NULL), "", "no keys: nothing to try");

  /* A key file: its first line, without the newline. */
  char path[] = "/tmp/test-luks-keys.XXXXXX";
  int fd = mkstemp (path);
  ok (fd >= 0 && write (fd, "from-file\nsecond line\n", 22) == 22, "key file written");
  close (fd);
  char sel[600];
  snprintf (sel, sizeof sel, "949ec3bb-9817-46e8-a6fc-c4968096bbec:file:%s", path);
  is_int (add (&k, sel, msg, sizeof msg), 0, "UUID:file:FILE accepted");
  is_int (add (&k, "/dev/sda2:key:pass:with:colons", msg, sizeof msg), 0,
          "DEVICE:key:PASSPHRASE accepted (colons belong to the passphrase)");
  is_int (add (&k, "all:key:for-all", msg, sizeof msg), 0, "all:key: accepted");
  is_int (add (&k, "/dev/sda2:key:second", msg, sizeof msg), 0, "a second key for one device");
  ok (gl_luks_keys_any (&k), "keys given: some");

  is_str (keys_for (&k, "/dev/sda2", NULL), "pass:with:colons|second|for-all",
          "by device: its own keys in order, then all:");
  is_str (keys_for (&k, "/dev/cs/root", "949EC3BB-9817-46E8-A6FC-C4968096BBEC"),
          "from-file|for-all", "by UUID (any case): the file's first line, then all:");
  is_str (keys_for (&k, "/dev/sdb1", "other"), "for-all", "another device: all: only");

  /* Keys from a descriptor: one a line, blank lines and CRs dropped;
   * tried after the others. */
  int p[2];
  ok (pipe (p) == 0 && write (p[1], "one\r\n\ntwo\n", 10) == 10, "stdin keys written");
  close (p[1]);
  struct gl_err err = GL_ERR_INIT;
  is_int (gl_luks_keys_read_fd (&k, p[0], "standard input", &err), 0, "stdin keys read");
  close (p[0]);
  is_str (keys_for (&k, "/dev/sdb1", NULL), "for-all|one|two", "stdin keys come last, in order");

  /* Bad selectors: refused, and the message never holds the key. */
  static const char *const bad[] = {
    "secret-without-colon", ":key:secret-no-id", "/dev/sda2:bogus:secret-method",
    "/dev/sda2:key:", "/dev/sda2:file:",
  };
  for (size_t i = 0; i < N (bad); ++i) {
    is_int (add (&k, bad[i], msg, sizeof msg), -1, "refused: %s", bad[i]);
    ok (!strstr (msg, "secret"), "its message does not repeat the key: %s", msg);
  }
  snprintf (sel, sizeof sel, "/dev/sda3:file:%s.missing", path);
  is_int (add (&k, sel, msg, sizeof msg), -1, "a missing key file is refused");
  ok (strstr (msg, ".missing") != NULL, "its message names the file: %s", msg);

  unlink (path);
  gl_luks_keys_free (&k);
  ok (!gl_luks_keys_any (&k), "freed: no keys");
  return tap_done ();
}
