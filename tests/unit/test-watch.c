/* Unit tests for launch/watch.c: the console matcher (rolling window,
 * chunks, tail lines) and the watch loop over a pipe with a fake guest. */
#include <config.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "error.h"
#include "watch.h"
#include "tap.h"

static int
feed_s (struct gl_matcher *m, const char *s)
{
  return gl_matcher_feed (m, s, strlen (s));
}

static struct gl_matcher *
new_m (const char *re)
{
  return gl_matcher_new (re, NULL);
}

/* The error of the last watch_pipe (its why, for the caller to print). */
static struct gl_err last_err = GL_ERR_INIT;

/* A fake guest for gl_watch_run. */
struct fake { int stops; int alive; };
static int fake_alive (void *o) { return ((struct fake *) o)->alive; }
static void fake_stop (void *o) { ((struct fake *) o)->stops++; ((struct fake *) o)->alive = 0; }

static int
watch_pipe (const char *data, bool close_it, const char *re, unsigned timeout,
            struct fake *f)
{
  int p[2];
  if (pipe (p) == -1)
    return -1;
  if (write (p[1], data, strlen (data)) != (ssize_t) strlen (data))
    return -1;
  if (close_it)
    close (p[1]);
  struct gl_watch_opts o = {
    .matcher = re ? new_m (re) : NULL, .timeout_s = timeout,
    .pattern = re,
  };
  struct gl_guest_ctl g = {
    .fd = p[0], .opaque = f, .alive = fake_alive, .stop = fake_stop,
  };
  f->alive = 1;
  f->stops = 0;
  gl_err_clear (&last_err);
  int st = gl_watch_run (&o, &g, &last_err);
  gl_matcher_free (o.matcher);
  close (p[0]);
  if (!close_it)
    close (p[1]);
  return st;
}

int
main (void)
{
  gl_set_quiet (true);
  struct gl_err err = GL_ERR_INIT;

  /* Invalid regex. */
  struct gl_matcher *m = gl_matcher_new ("a(b", &err);
  ok (m == NULL && err.msg && strstr (err.msg, "offset") && err.errnum == EINVAL,
      "invalid regex: NULL, error names the offset, EINVAL (%s)",
      gl_err_msg (&err, ""));
  gl_err_clear (&err);

  /* A whole line, then a marker split over chunks. */
  m = new_m ("GUESTLIFT-BOOT-OK");
  is_int (feed_s (m, "[ 1.0] Linux version 6.1\n"), 0, "no match yet");
  is_int (feed_s (m, "GUESTLIFT-"), 0, "half the marker");
  is_int (feed_s (m, "BOOT"), 0, "more of it");
  is_int (feed_s (m, "-OK\r\n"), 1, "marker across three chunks matches");
  is_int (feed_s (m, "anything"), 1, "a match is final");
  gl_matcher_free (m);

  /* A prompt without a newline. */
  m = new_m ("login: $");
  is_int (feed_s (m, "Debian GNU/Linux 12 host ttyS0\n\nhost login: "), 1,
          "prompt without newline, $ at the end of the window");
  gl_matcher_free (m);

  /* ^ anchors at line starts (multiline). */
  m = new_m ("^ready");
  is_int (feed_s (m, "not ready\n"), 0, "^ does not match mid-line");
  is_int (feed_s (m, "ready\n"), 1, "^ matches at a line start");
  gl_matcher_free (m);

  /* NUL bytes are data. */
  m = new_m ("a\\x00b");
  is_int (gl_matcher_feed (m, "xa\0b", 4), 1, "NUL bytes in the console match");
  gl_matcher_free (m);

  /* Rolling window: output that left it is not searched. */
  m = gl_matcher_new_window ("START.*END", 64, NULL);
  ok (m != NULL, "small window matcher");
  is_int (feed_s (m, "START"), 0, "start");
  char junk[100];
  memset (junk, 'x', sizeof junk - 1);
  junk[sizeof junk - 1] = '\0';
  is_int (feed_s (m, junk), 0, "junk longer than the window");
  is_int (feed_s (m, "END"), 0, "START left the window: no match");
  is_int (feed_s (m, "\nSTART END"), 1, "a new line matches");
  gl_matcher_free (m);

  /* A chunk bigger than the window: its end counts. */
  m = gl_matcher_new_window ("TAIL", 32, NULL);
  char big[200];
  memset (big, 'y', sizeof big);
  memcpy (big + sizeof big - 4, "TAIL", 4);
  is_int (gl_matcher_feed (m, big, sizeof big), 1, "big chunk: match at its end");
  gl_matcher_free (m);
  m = gl_matcher_new_window ("HEAD", 32, NULL);
  memcpy (big, "HEAD", 4);
  memset (big + 4, 'y', sizeof big - 4);
  is_int (gl_matcher_feed (m, big, sizeof big), 0, "big chunk: its start is beyond the window");
  gl_matcher_free (m);

  /* Default window: 64 KiB lines. */
  m = new_m ("needle");
  char *huge = malloc (3 * GL_WATCH_WINDOW);
  memset (huge, 'z', 3 * GL_WATCH_WINDOW);
  int r = 0;
  for (size_t i = 0; i < 3; ++i)
    r |= gl_matcher_feed (m, huge + i * GL_WATCH_WINDOW, GL_WATCH_WINDOW);
  is_int (r, 0, "192 KiB without a newline, no match");
  is_int (feed_s (m, "needle"), 1, "then the needle at the end of a giant line");
  free (huge);
  gl_matcher_free (m);

  /* Tail lines. */
  m = new_m ("never");
  char *t = gl_matcher_tail (m, 5);
  is_str (t, "", "tail of nothing is empty");
  free (t);
  feed_s (m, "one\r\ntwo\n\n\nthree\nfour\nfive\nsix\x1b[0m\nsev");
  t = gl_matcher_tail (m, 5);
  is_str (t, "three | four | five | six\\x1b[0m | sev",
          "last 5 non-empty lines, escapes made safe, partial last line");
  free (t);
  t = gl_matcher_tail (m, 2);
  is_str (t, "six\\x1b[0m | sev", "last 2");
  free (t);
  gl_matcher_free (m);

  /* The loop, over a pipe. */
  struct fake f;
  is_int (watch_pipe ("boot...\nGUESTLIFT-BOOT-OK\n", true, "BOOT-OK", 10, &f), 0,
          "loop: match -> 0");
  ok (f.stops >= 1, "loop: guest stopped after a match");
  is_int (watch_pipe ("boot...\npanic\n", true, "BOOT-OK", 10, &f), 1,
          "loop: guest gone without a match -> 1");
  ok (f.stops >= 1, "loop: guest stopped after it went away");
  ok (last_err.msg && strncmp (last_err.msg, "the guest stopped before \"BOOT-OK\" appeared "
                               "on its console; last console lines: ", 80) == 0,
      "loop: gone -> the why in err, for the caller to print (%s)", gl_err_msg (&last_err, ""));
  is_int (watch_pipe ("booting slowly\n", false, "BOOT-OK", 1, &f), 1,
          "loop: timeout -> 1");
  ok (f.stops >= 1, "loop: guest stopped after the timeout");
  ok (last_err.msg && strstr (last_err.msg, "\"BOOT-OK\" did not appear on the console within 1 s"),
      "loop: timeout -> err says the pattern and the limit (%s)", gl_err_msg (&last_err, ""));
  is_int (watch_pipe ("bye\n", true, NULL, 0, &f), 0,
          "loop: no pattern, guest ran and exited -> 0");
  ok (last_err.msg == NULL, "loop: 0 -> no error");

  /* Boot failures: each row of the table, named, with its line. */
  static const struct { const char *console; const char *what; const char *line; } bf[] = {
    { "Begin: Running /scripts/local-block ... done.\r\nGave up waiting for root file system device.  Common problems:\r\n"
      " - Boot args (cat /proc/cmdline)\r\nALERT!  /dev/xvdz9 does not exist.  Dropp",
      NULL, NULL },
    { "ing to a shell!\r\n\r\nBusyBox v1.35.0\r\n(initramfs) ",
      "dropped to the initramfs shell: it cannot find its root device",
      "ALERT!  /dev/xvdz9 does not exist.  Dropping to a shell!" },
  };
  const char *what = NULL;
  struct gl_failure_watch *fw = gl_failure_watch_new (&err);
  ok (fw != NULL, "failure watch: made");
  is_int (gl_failure_watch_feed (fw, bf[0].console, strlen (bf[0].console), &what), 0,
          "failure watch: \"Gave up waiting\" and half an ALERT line: not yet");
  is_int (gl_failure_watch_feed (fw, bf[1].console, strlen (bf[1].console), &what), 1,
          "failure watch: the ALERT line completed: failed");
  is_str (what, bf[1].what, "failure watch: says it cannot find its root device");
  char *line = gl_failure_watch_line (fw);
  is_str (line, bf[1].line, "failure watch: quotes the ALERT line");
  free (line);
  gl_failure_watch_free (fw);
  static const struct { const char *console, *what; } rows[] = {
    { "[    1.2] VFS: Cannot open root device \"vdz9\" or unknown-block(0,0): error -6\n"
      "[    1.3] Kernel panic - not syncing: VFS: Unable to mount root fs\n",
      "cannot mount its root filesystem" },
    { "[    2.0] Kernel panic - not syncing: Attempted to kill init!\n", "had a kernel panic" },
    { "You are in emergency mode. After logging in, type \"journalctl -xb\"\n", "reached emergency mode" },
    { "Failed to mount /dev/vda as root file system.\n", "cannot mount its root filesystem" },
    { "\n(initramfs) ", "dropped to the initramfs shell" },
    { "debian login: ", NULL },
    { "Starting kernel ... panic=10 in the cmdline, emergency in a word\n", NULL },
  };
  for (size_t i = 0; i < sizeof rows / sizeof rows[0]; ++i) {
    fw = gl_failure_watch_new (&err);
    what = NULL;
    int hit = gl_failure_watch_feed (fw, rows[i].console, strlen (rows[i].console), &what);
    if (rows[i].what)
      is_str (hit == 1 ? what : "(no failure)", rows[i].what, "failure watch: row %zu", i);
    else
      is_int (hit, 0, "failure watch: row %zu is no failure", i);
    gl_failure_watch_free (fw);
  }
  /* The loop stops at a failure line before --wait-for's pattern. */
  is_int (watch_pipe ("ALERT!  /dev/sdz does not exist.  Dropping to a shell!\n(initramfs) ",
                      false, "login:", 30, &f), 1,
          "loop: initramfs shell -> 1 at once (no timeout waited)");
  ok (f.stops >= 1, "loop: guest stopped after the failure");
  ok (last_err.msg && strncmp (last_err.msg, "the boot failed: the guest dropped to the initramfs shell", 57) == 0,
      "loop: boot failure -> err names it (%s)", gl_err_msg (&last_err, ""));
  gl_err_clear (&last_err);

  return tap_done ();
}
