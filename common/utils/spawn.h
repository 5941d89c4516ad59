/* guestlift: the one command runner.  Every program guestlift runs on
 * the host -- qemu-img, qemu, xl, guestlift itself for batch -- starts
 * here, from an argv array, never through a shell.
 *
 * Two ways to run one:
 *  - gl_spawn_ex (and its short forms gl_spawn, gl_spawn_timeout) runs
 *    it to its end under a time limit -- always one (GL_SPAWN_TIMEOUT_MS
 *    unless the caller gives one): guestlift runs programs on hostile
 *    data (qemu-img on guest images) and none of them may hang it -- and
 *    collects its output with a size bound;
 *  - gl_spawn_start starts it and hands it over: the caller watches it
 *    (launch's console watcher, batch's scheduler), stops it and reaps
 *    it, and holds its time limit (launch --timeout; batch's children
 *    hold their own).
 * Either way the child dies with guestlift (PR_SET_PDEATHSIG): a
 * guestlift killed with SIGKILL leaves no qemu behind.
 */
#ifndef GUESTLIFT_SPAWN_H
#define GUESTLIFT_SPAWN_H

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "err.h"

/* The default time limit: 10 minutes, far more than any metadata
 * operation (qemu-img info, check, create) takes. */
#define GL_SPAWN_TIMEOUT_MS (600 * 1000)

/* Where one of the child's standard streams goes. */
enum gl_spawn_io {
  GL_SPAWN_DEFAULT = 0,  /* stdin: /dev/null; stdout, stderr: a pipe, read
                            by gl_spawn_ex (bounded), handed to the caller
                            by gl_spawn_start */
  GL_SPAWN_NULL,         /* /dev/null */
  GL_SPAWN_FD,           /* the caller's descriptor .fd (the caller keeps
                            it open and owns it) */
  GL_SPAWN_FILE,         /* the file .path, opened here with .flags
                            (O_WRONLY|O_CREAT|O_APPEND...; mode 0644) */
};

struct gl_spawn_stream {
  enum gl_spawn_io how;
  int fd;
  const char *path;
  int flags;
};

struct gl_spawn_opts {
  /* gl_spawn_ex: the bound on each captured stream, and whether stderr
   * keeps its last max_bytes (where a final error is) or its first. */
  size_t max_bytes;
  bool keep_end;
  long long timeout_ms;        /* gl_spawn_ex: <= 0 is GL_SPAWN_TIMEOUT_MS */

  struct gl_spawn_stream in, out, err;
  const char *program;         /* the file run, when not argv[0] (found in
                                  $PATH unless it holds a '/') */
  const char *const *env;      /* "KEY=value" put in the child's environment
                                  over ours; NULL: ours as it is */
  bool new_pgroup;             /* its own process group (a terminal's Ctrl-C
                                  then reaches guestlift only) */
  int death_signal;            /* sent when guestlift dies; 0: SIGKILL */
  const sigset_t *sigmask;     /* the child's signal mask; NULL: none
                                  blocked */
  void (*running) (pid_t pid); /* told the pid once started, and with
                                  gl_spawn_ex 0 once reaped (a signal
                                  handler that stops it) */
};

struct gl_spawn_result {
  int status;      /* exit status 0-255, or 128+signal, or -1 if it did not run */
  char *out;       /* captured stdout (NUL-terminated), NULL if not captured */
  char *err;       /* captured stderr (NUL-terminated), NULL if not captured;
                      when timed out, its first line says so */
  int timed_out;   /* 1 when the program was killed for running too long */
};

/* Run ARGV as OPTS say, to its end: past the time limit it is killed
 * with SIGKILL, res->timed_out is set, res->status is 128+9 and res->err
 * begins with a line "ARGV0 did not finish within N s and was killed".
 * Returns 0 when the program ran (whatever its exit status), -1 with ERR
 * and errno when it could not be started (not found, not executable, a
 * file that cannot be opened). */
int gl_spawn_ex (const char *const *argv, const struct gl_spawn_opts *opts,
                 struct gl_spawn_result *res, struct gl_err *err);
/* The short forms: stdin /dev/null, stdout and stderr captured up to
 * MAX_BYTES each (the rest is read and dropped); TIMEOUT_MS <= 0 is
 * GL_SPAWN_TIMEOUT_MS.  -1 with errno when it could not be started. */
int gl_spawn (const char *const *argv, size_t max_bytes,
              struct gl_spawn_result *res);
int gl_spawn_timeout (const char *const *argv, size_t max_bytes,
                      int timeout_ms, struct gl_spawn_result *res);
void gl_spawn_result_free (struct gl_spawn_result *res);

/* A started child.  out_fd/err_fd: the read ends of its stdout/stderr
 * when those are GL_SPAWN_DEFAULT (the caller closes them), else -1. */
struct gl_child {
  pid_t pid;
  int out_fd, err_fd;
};

/* Start ARGV as OPTS say (max_bytes, keep_end and timeout_ms are not
 * used) and return once it runs the program: 0 with CHILD filled, or -1
 * with ERR and errno when it could not be started (nothing is left
 * running then). */
int gl_spawn_start (const char *const *argv, const struct gl_spawn_opts *opts,
                    struct gl_child *child, struct gl_err *err);

/* ARGV as a line a user could paste into a POSIX shell: words quoted
 * where needed ('it'\''s').  ONE_LINE: control bytes are first escaped
 * (gl_one_line: \n, \x1b), for plans and messages that must stay one
 * line and never reach a terminal raw; without it the line is exact (a
 * dry run's command line).  malloc'd, NULL on ENOMEM. */
char *gl_argv_line (const char *const *argv, bool one_line);

/* Is PROGRAM in $PATH (or, holding a '/', executable)?  1 yes, 0 no. */
int gl_have_program (const char *program);

#endif
