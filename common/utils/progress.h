/* guestlift: progress on a terminal (stderr):
 * "inspecting [3/20] 1m05s ETA 1m20s image".
 * Silent when stderr is not a terminal, so logs and pipes stay clean. */
#ifndef GUESTLIFT_PROGRESS_H
#define GUESTLIFT_PROGRESS_H

#include <stdbool.h>
#include <stddef.h>

struct gl_progress;

/* NULL (a valid, silent progress) when stderr is not a terminal or
 * enabled is false. */
struct gl_progress *gl_progress_new (const char *what, bool enabled);
void gl_progress_update (struct gl_progress *p, size_t done, size_t total,
                         const char *current);
/* Any other line in its place ("waiting for 'login:' on the console:
 * 42s of 5m00s"), made one line and cut to 80 columns. */
void gl_progress_show (struct gl_progress *p, const char *text);
/* The seconds since gl_progress_new (0 for NULL). */
double gl_progress_elapsed (const struct gl_progress *p);
/* Clear the line. */
void gl_progress_free (struct gl_progress *p);

/* "1m20s" style, into buf. */
void gl_format_duration (double seconds, char *buf, size_t n);

#endif
