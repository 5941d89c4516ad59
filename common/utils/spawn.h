/* guestlift: run another program from an argv array -- never through a
 * shell -- and collect its output with a size bound.
 *
 * Every program run through here has a time limit (GL_SPAWN_TIMEOUT_MS
 * unless the caller gives one): guestlift runs programs on hostile data
 * (qemu-img on guest images) and none of them may hang it.  A child also
 * dies with guestlift (PR_SET_PDEATHSIG): a guestlift killed with SIGKILL
 * leaves no qemu-img behind.
 */
#ifndef GUESTLIFT_SPAWN_H
#define GUESTLIFT_SPAWN_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

/* The default time limit: 10 minutes, far more than any metadata
 * operation (qemu-img info, check, create) takes. */
#define GL_SPAWN_TIMEOUT_MS (600 * 1000)

struct gl_spawn_result {
  int status;      /* exit status 0-255, or 128+signal, or -1 if it did not run */
  char *out;       /* captured stdout (NUL-terminated), NULL if not captured */
  char *err;       /* captured stderr (NUL-terminated), NULL if not captured;
                      when timed out, its first line says so */
  int timed_out;   /* 1 when the program was killed for running too long */
};

/* Run argv[0] (looked up in $PATH) with argv, under GL_SPAWN_TIMEOUT_MS.
 * Captures stdout and stderr up to max_bytes each (the rest is read and
 * dropped).  stdin is /dev/null.  Returns 0 when the program ran
 * (whatever its exit status), -1 with errno set when it could not be
 * started. */
int gl_spawn (const char *const *argv, size_t max_bytes,
              struct gl_spawn_result *res);
/* The same with a time limit of its own (<= 0: GL_SPAWN_TIMEOUT_MS):
 * past it the program is killed with SIGKILL, res->timed_out is set,
 * res->status is 128+9 and res->err begins with a line "ARGV0 did not
 * finish within N s". */
int gl_spawn_timeout (const char *const *argv, size_t max_bytes,
                      int timeout_ms, struct gl_spawn_result *res);

/* Everything gl_spawn_timeout does, with more say. */
struct gl_spawn_opts {
  size_t max_bytes;           /* bound on each captured stream */
  long long timeout_ms;       /* <= 0: GL_SPAWN_TIMEOUT_MS */
  bool stdout_to_stderr;      /* the program's stdout goes to our stderr
                                 (progress on a terminal), not captured */
  bool keep_end;              /* keep the last max_bytes of stderr (where
                                 the final error is), not the first */
  void (*running) (pid_t pid);/* told the pid once started, 0 once reaped
                                 (a signal handler that stops it) */
};
int gl_spawn_ex (const char *const *argv, const struct gl_spawn_opts *opts,
                 struct gl_spawn_result *res);

void gl_spawn_result_free (struct gl_spawn_result *res);

/* Is PROGRAM in $PATH?  1 yes, 0 no. */
int gl_have_program (const char *program);

#endif
