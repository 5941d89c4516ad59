/* guestlift: run a function that parses hostile data in a contained
 * child process, and take back what it wrote.
 *
 * The child is a fork of this process (it runs the same code on the same
 * memory; nothing is exec'd).  Before the function runs it:
 *  - dies with its parent (PR_SET_PDEATHSIG) and has every signal at its
 *    default, none blocked;
 *  - is bounded: address space (RLIMIT_AS) and data (RLIMIT_DATA) to
 *    what this process already uses plus the limits' margins, CPU time
 *    (RLIMIT_CPU), files it writes (RLIMIT_FSIZE), no core dump;
 *  - has /dev/null, read-only, as its standard input, output and error,
 *    and no other descriptor of ours but the answer pipe (what it opens
 *    itself -- images read-only, its own temporary folder -- is its own).
 * The parent reads the pipe (at most max_reply bytes) and kills the child
 * with SIGKILL at the deadline.
 */
#ifndef GUESTLIFT_CONTAINED_H
#define GUESTLIFT_CONTAINED_H

#include <stddef.h>
#include <stdint.h>

#include "err.h"

struct gl_contained_limits {
  unsigned seconds;          /* wall-clock deadline */
  unsigned cpu_seconds;      /* RLIMIT_CPU */
  uint64_t mem_margin;       /* bytes of address space and data beyond
                                what the parent uses at the fork */
  uint64_t file_max;         /* RLIMIT_FSIZE */
  size_t max_reply;          /* bytes of answer kept */
};

/* What the child cost (for -v and the benchmark). */
struct gl_contained_usage {
  long max_rss_kib;          /* peak resident set (getrusage's ru_maxrss) */
  double cpu_seconds;        /* user + system */
};

/* Run FN (ARG, FD) in the child; FD is the write end of the answer pipe,
 * FN's return value its exit status (0: success).  0 with *reply (NUL
 * ended, malloc'd) and *len when the child exited with status 0; -1 with
 * err when it could not be started, was killed (at the deadline, by a
 * limit, by a crash) or exited with another status.  USAGE may be
 * NULL. */
int gl_contained_run (int (*fn) (void *arg, int fd), void *arg,
                      const struct gl_contained_limits *lim, char **reply,
                      size_t *len, struct gl_contained_usage *usage,
                      struct gl_err *err);

#endif
