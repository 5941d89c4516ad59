/* guestlift: the one place that formats user-facing messages.
 *
 *   guestlift: IMAGE: what failed: why
 *
 * Messages are always one line: control characters coming from guest data
 * or from other programs are escaped, so a hostile string cannot forge extra
 * lines or terminal escape sequences.
 */
#ifndef GUESTLIFT_ERROR_H
#define GUESTLIFT_ERROR_H

#include <stdarg.h>
#include <stdbool.h>

/* Exit statuses shared by every subcommand (guestlift(1), EXIT STATUS). */
enum {
  GL_EXIT_OK = 0,
  GL_EXIT_ERROR = 1,
  GL_EXIT_USAGE = 2,
  GL_EXIT_BLOCKED = 3,
};

/* "guestlift: SUBJECT: MESSAGE" on stderr; SUBJECT may be NULL. */
void gl_error (const char *subject, const char *fmt, ...)
  __attribute__ ((format (printf, 2, 3)));
void gl_warning (const char *subject, const char *fmt, ...)
  __attribute__ ((format (printf, 2, 3)));
/* Informational note (e.g. "KVM cannot run guests here; using TCG"). */
void gl_notice (const char *fmt, ...) __attribute__ ((format (printf, 1, 2)));
/* Debug output when GUESTLIFT_DEBUG is set in the environment. */
void gl_debug (const char *fmt, ...) __attribute__ ((format (printf, 1, 2)));
bool gl_debug_enabled (void);

/* Quiet mode suppresses warnings and notices (not errors). */
void gl_set_quiet (bool quiet);
bool gl_quiet (void);

/* asprintf that returns NULL on failure instead of leaving garbage. */
char *gl_printf (const char *fmt, ...) __attribute__ ((format (printf, 1, 2)));
char *gl_vprintf (const char *fmt, va_list ap);

/* A copy of s fit for one line of terminal output: control bytes and
 * newlines become \n, \t, \xHH.  Never returns NULL for non-NULL input
 * unless out of memory. */
char *gl_one_line (const char *s);

/* What another program's messages (TEXT, several lines) come down to:
 * their first non-blank line, without a leading "PROGRAM: " and
 * "error: ", cut at 200 bytes ("qemu-system-x86_64: error: failed to
 * set MSR 0x10a\n...assertion failed" gives "failed to set MSR 0x10a").
 * NULL when TEXT holds nothing but white space, or on ENOMEM. */
char *gl_first_message (const char *text);

#endif
