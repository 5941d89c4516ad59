/* guestlift: terminal progress line (see progress.h). */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "clock.h"
#include "error.h"
#include "progress.h"

struct gl_progress {
  char *what;
  double start;         /* gl_now () */
  size_t last_len;
};

void
gl_format_duration (double s, char *buf, size_t n)
{
  long t = (long) (s + 0.5);
  if (t >= 3600)
    snprintf (buf, n, "%ldh%02ldm", t / 3600, (t / 60) % 60);
  else if (t >= 60)
    snprintf (buf, n, "%ldm%02lds", t / 60, t % 60);
  else
    snprintf (buf, n, "%lds", t);
}

struct gl_progress *
gl_progress_new (const char *what, bool enabled)
{
  if (!enabled || !isatty (STDERR_FILENO))
    return NULL;
  struct gl_progress *p = calloc (1, sizeof *p);
  if (!p)
    return NULL;
  p->what = strdup (what ? what : "");
  p->start = gl_now ();
  return p;
}

void
gl_progress_update (struct gl_progress *p, size_t done, size_t total,
                    const char *current)
{
  if (!p)
    return;
  char eta[32] = "", took[24];
  double t = gl_now () - p->start;
  /* The time so far, so that a line waiting on one slow step (an
   * appliance starting) still moves. */
  gl_format_duration (t, took, sizeof took);
  if (done > 0 && total > done) {
    char d[24];
    gl_format_duration (t / (double) done * (double) (total - done), d, sizeof d);
    snprintf (eta, sizeof eta, " ETA %s", d);
  }
  /* Keep the line short enough for an 80-column terminal. */
  char line[81];
  int n = snprintf (line, sizeof line, "%s [%zu/%zu] %s%s %s", p->what, done, total,
                    took, eta, current ? current : "");
  if (n >= 0)
    gl_progress_show (p, line);
}

void
gl_progress_show (struct gl_progress *p, const char *text)
{
  if (!p)
    return;
  /* One line, no raw control characters: TEXT may hold guest data. */
  char *one = gl_one_line (text ? text : "");
  char line[81];
  snprintf (line, sizeof line, "%s", one ? one : "");
  free (one);
  size_t len = strlen (line);
  fprintf (stderr, "\r%s%*s", line,
           p->last_len > len ? (int) (p->last_len - len) : 0, "");
  p->last_len = len;
  fflush (stderr);
}

double
gl_progress_elapsed (const struct gl_progress *p)
{
  return p ? gl_now () - p->start : 0;
}

void
gl_progress_free (struct gl_progress *p)
{
  if (!p)
    return;
  fprintf (stderr, "\r%*s\r", (int) p->last_len, "");
  fflush (stderr);
  free (p->what);
  free (p);
}
