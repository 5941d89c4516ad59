/* guestlift: run another program from an argv array -- never through a
 * shell -- and collect its output with a size bound. */
#ifndef GUESTLIFT_SPAWN_H
#define GUESTLIFT_SPAWN_H

#include <stddef.h>

struct gl_spawn_result {
  int status;      /* exit status 0-255, or 128+signal, or -1 if it did not run */
  char *out;       /* captured stdout (NUL-terminated), NULL if not captured */
  char *err;       /* captured stderr (NUL-terminated), NULL if not captured */
  int timed_out;   /* 1 when the program was killed for running too long */
};

/* Run argv[0] (looked up in $PATH) with argv.  Captures stdout and stderr
 * up to max_bytes each (the rest is read and dropped).  stdin is /dev/null.
 * Returns 0 when the program ran (whatever its exit status), -1 with errno
 * set when it could not be started. */
int gl_spawn (const char *const *argv, size_t max_bytes,
              struct gl_spawn_result *res);
/* The same with a time limit: after timeout_ms (0 = none) the program is
 * killed with SIGKILL, res->timed_out is set and res->status is 128+9. */
int gl_spawn_timeout (const char *const *argv, size_t max_bytes,
                      int timeout_ms, struct gl_spawn_result *res);
void gl_spawn_result_free (struct gl_spawn_result *res);

/* Is PROGRAM in $PATH?  1 yes, 0 no. */
int gl_have_program (const char *program);

#endif
