/* guestlift launch: watch a guest's serial console.
 *
 * The matcher (pure, unit-tested) takes the console output as it comes, in
 * chunks of any size, and tells when the --wait-for regex (pcre2) matched.
 * It keeps a bounded rolling window of the last GL_WATCH_WINDOW bytes: a
 * match is looked for from the start of the line where new output begins
 * (so a prompt without a newline, "login: ", matches at once, and a line
 * that arrives in pieces matches when its last piece comes), never in
 * output that has left the window.
 *
 * The watcher runs the loop around a started guest: read its console from
 * a pipe (EOF = the guest is gone) or a growing log file, copy it to the
 * serial log and/or stdout, stop at a match, at the timeout, when the guest
 * exits, or on SIGINT/SIGTERM/SIGHUP -- and in every case the guest is
 * stopped before it returns.
 */
#ifndef GUESTLIFT_WATCH_H
#define GUESTLIFT_WATCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <sys/types.h>

#include "err.h"

#define GL_WATCH_WINDOW (64 * 1024)
/* How many console lines a failure message quotes. */
#define GL_WATCH_TAIL_LINES 5

struct gl_matcher;

/* Compile REGEX (pcre2, UTF-8 not assumed, multiline: ^ and $ match at
 * line ends).  NULL with err (pcre2's words and the offset, EINVAL) when
 * the regex is invalid or memory runs out (ENOMEM). */
struct gl_matcher *gl_matcher_new (const char *regex, struct gl_err *err);
/* Same with a smaller window (tests); window >= 16. */
struct gl_matcher *gl_matcher_new_window (const char *regex, size_t window,
                                          struct gl_err *err);
void gl_matcher_free (struct gl_matcher *m);

/* Feed console bytes (any bytes, NULs included).  1 when the regex has
 * matched (now or before: a match is final), 0 not yet, -1 on a pcre2
 * error other than "no match" (e.g. match limit) with errno EINVAL. */
int gl_matcher_feed (struct gl_matcher *m, const char *buf, size_t n);

/* The line (made safe with gl_one_line) holding the start of the match,
 * once gl_matcher_feed said 1; NULL before, or when out of memory. */
char *gl_matcher_line (const struct gl_matcher *m);

/* The last NLINES non-empty lines of the window (carriage returns and a
 * partial last line included), each made safe with gl_one_line, joined by
 * " | ".  "" when nothing came.  NULL only when out of memory. */
char *gl_matcher_tail (const struct gl_matcher *m, size_t nlines);

/* The console lines that say a boot has failed, as a table: the guest
 * dropped to its initramfs shell, its kernel panicked, it cannot mount
 * its root filesystem, or it reached emergency mode.  With --wait-for the
 * watcher stops at the first of them (exit 1) and names it. */
struct gl_boot_failure {
  const char *regex;        /* pcre2, multiline */
  const char *what;         /* "dropped to the initramfs shell", ... */
};
extern const struct gl_boot_failure gl_boot_failures[];

/* One matcher per row of gl_boot_failures, fed together. */
struct gl_failure_watch;
struct gl_failure_watch *gl_failure_watch_new (struct gl_err *err);
void gl_failure_watch_free (struct gl_failure_watch *fw);
/* Feed console bytes.  1 once a failure line came (then *what is the
 * row's words and gl_failure_watch_line the line), else 0. */
int gl_failure_watch_feed (struct gl_failure_watch *fw, const char *buf,
                           size_t n, const char **what);
/* The failure line (malloc'd, made safe), or NULL. */
char *gl_failure_watch_line (const struct gl_failure_watch *fw);

/* A running guest, as the watcher sees it. */
struct gl_guest_ctl {
  int fd;                   /* console output: a pipe, or a log file */
  bool fd_is_file;          /* a regular file: EOF means "no more yet" */
  void *opaque;
  /* 1 while the guest runs, 0 once it is gone. */
  int (*alive) (void *opaque);
  /* Stop the guest and wait until it is gone (idempotent). */
  void (*stop) (void *opaque);
  /* After it is gone: a one-line note when it ended badly (e.g. "qemu
   * exited with status 1"), else NULL.  May be NULL. */
  char *(*exit_note) (void *opaque);
};

struct gl_watch_opts {
  struct gl_matcher *matcher;  /* NULL: no --wait-for, run until it exits */
  unsigned timeout_s;          /* 0: none */
  FILE *serial_log;            /* NULL: none */
  bool echo;                   /* copy the console to stdout */
  const char *pattern;         /* the regex as given, for messages */
  bool no_failures;            /* with a matcher: do not stop at the lines
                                  of gl_boot_failures (tests) */
  bool progress;               /* with a matcher, on a terminal (stderr):
                                  a line with the time waited */
};

/* Run the loop; the guest is stopped when this returns.  Exit status:
 * 0 matched (or, without a matcher, the guest ended by itself and well);
 * 1 timeout, guest gone without a match, a boot failure line (with a
 * matcher: gl_boot_failures), or a failure; 130 interrupted by a signal.
 * Every status but 0 comes with err saying why (printed by the caller,
 * "launch: " before it). */
int gl_watch_run (const struct gl_watch_opts *o, struct gl_guest_ctl *g,
                  struct gl_err *err);

/* Install SIGINT/SIGTERM/SIGHUP handlers that record the signal (and
 * SIGKILL the process gl_watch_child when it is set: a guard for the
 * moments outside the loop).  SIGPIPE is ignored. */
void gl_watch_signals (void);
extern volatile pid_t gl_watch_child;
/* Non-zero once one of those signals came. */
int gl_watch_interrupted (void);

#endif
