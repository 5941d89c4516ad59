/* guestlift: report output for the CLI (see output.h). */
#include <config.h>

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cleanup.h"
#include "err.h"
#include "error.h"
#include "output.h"
#include "progress.h"
#include "report-write.h"

static const struct {
  const char *name;
  enum gl_output_format format;
  bool inspect, audit;
} formats[] = {
  { "text", GL_OUT_TEXT, true, false },
  { "table", GL_OUT_TABLE, false, true },
  { "json", GL_OUT_JSON, true, true },
  { "xml", GL_OUT_XML, true, true },
  { "csv", GL_OUT_CSV, false, true },
};

int
gl_output_set_format (struct gl_output_opts *o, const char *name,
                      enum gl_output_user who)
{
  for (size_t i = 0; i < sizeof formats / sizeof formats[0]; ++i)
    if (strcmp (formats[i].name, name) == 0 &&
        (who == GL_OUTPUT_INSPECT ? formats[i].inspect : formats[i].audit)) {
      o->format = formats[i].format;
      return 0;
    }
  gl_error (NULL, "--format: unknown format '%s' (use %s)", name,
            who == GL_OUTPUT_INSPECT ? "text, json or xml" : "table, json, xml or csv");
  return -1;
}

int
gl_output_set_option (struct gl_output_opts *o, const char *opt)
{
  if (strcmp (opt, "color") == 0) o->color = 1;
  else if (strcmp (opt, "no-color") == 0) o->color = 0;
  else if (strcmp (opt, "compact") == 0) o->compact = true;
  else {
    gl_error (NULL, "--format-opt: unknown option '%s' (use color, no-color or compact)", opt);
    return -1;
  }
  return 0;
}

int
gl_output_write (struct gl_output_opts *o, const struct gl_report *r, bool audit)
{
  bool tty = isatty (STDOUT_FILENO);
  enum gl_output_format f = o->format;
  if (f == GL_OUT_DEFAULT)
    f = tty ? (audit ? GL_OUT_TABLE : GL_OUT_TEXT) : GL_OUT_JSON;
  bool color = o->color == -1 ? tty && !getenv ("NO_COLOR") : o->color;

  CLEANUP_FREE char *buf = NULL;
  size_t len = 0;
  FILE *mem = open_memstream (&buf, &len);
  if (!mem) {
    gl_error (NULL, "cannot render the report: %m");
    return -1;
  }
  CLEANUP_ERR struct gl_err err = GL_ERR_INIT;
  int r_;
  switch (f) {
  case GL_OUT_TEXT: r_ = gl_report_write_text (r, mem, color, &err); break;
  case GL_OUT_TABLE: r_ = gl_report_write_table (r, mem, color, &err); break;
  case GL_OUT_XML: r_ = gl_report_write_xml_ex (r, mem, audit, &err); break;
  case GL_OUT_CSV: r_ = gl_report_write_csv (r, mem, &err); break;
  default:
    r_ = gl_report_write_json_ex (r, mem, (audit ? GL_REPORT_JSON_SUMMARY : 0)
                                  | (o->compact ? GL_REPORT_JSON_COMPACT : 0), &err);
    break;
  }
  if (fclose (mem) != 0 || r_ == -1) {
    gl_error (NULL, "cannot render the report: %s", gl_err_msg (&err, "out of memory"));
    return -1;
  }
  if (fwrite (buf, 1, len, stdout) != len || fflush (stdout) != 0) {
    gl_error (NULL, "cannot write the report to standard output: %m");
    return -1;
  }
  return 0;
}

/* The inspection's progress line.  The engine reports when an image
 * starts and ends; between the two (an appliance starting, ~15-40 s
 * under TCG) a ticker redraws the line every second so that its time
 * moves, and before the first image it says what is being waited on. */
static struct {
  struct gl_progress *line;
  pthread_mutex_t lock;
  pthread_cond_t stop_cond;
  pthread_t ticker;
  bool ticking, stop;
  size_t done, total;
  char *current;
} progress = { .lock = PTHREAD_MUTEX_INITIALIZER,
               .stop_cond = PTHREAD_COND_INITIALIZER };

/* Under the lock. */
static void
progress_draw (void)
{
  const char *cur = progress.current;
  if (!cur && progress.done < progress.total)
    cur = progress.done == 0 ? "starting the appliance" : "";
  gl_progress_update (progress.line, progress.done, progress.total, cur);
}

static void
progress_cb (void *opaque, size_t done, size_t total, const char *current)
{
  (void) opaque;
  pthread_mutex_lock (&progress.lock);
  progress.done = done;
  progress.total = total;
  free (progress.current);
  progress.current = current ? strdup (current) : NULL;
  progress_draw ();
  pthread_mutex_unlock (&progress.lock);
}

static void *
progress_tick (void *arg)
{
  (void) arg;
  pthread_mutex_lock (&progress.lock);
  while (!progress.stop) {
    struct timespec t;
    clock_gettime (CLOCK_REALTIME, &t);
    t.tv_sec += 1;
    if (pthread_cond_timedwait (&progress.stop_cond, &progress.lock, &t) != 0 &&
        !progress.stop && progress.total)
      progress_draw ();
  }
  pthread_mutex_unlock (&progress.lock);
  return NULL;
}

void
gl_output_start_progress (struct gl_output_opts *o,
                          void (**cb) (void *, size_t, size_t, const char *),
                          void **opaque)
{
  progress.line = gl_progress_new ("inspecting", !o->quiet);
  progress.stop = false;
  progress.done = progress.total = 0;
  /* Without a ticker the line is still right, only still between updates. */
  progress.ticking = progress.line &&
    pthread_create (&progress.ticker, NULL, progress_tick, NULL) == 0;
  *cb = progress.line ? progress_cb : NULL;
  *opaque = NULL;
}

void
gl_output_end_progress (void)
{
  if (progress.ticking) {
    pthread_mutex_lock (&progress.lock);
    progress.stop = true;
    pthread_cond_signal (&progress.stop_cond);
    pthread_mutex_unlock (&progress.lock);
    pthread_join (progress.ticker, NULL);
    progress.ticking = false;
  }
  gl_progress_free (progress.line);
  progress.line = NULL;
  free (progress.current);
  progress.current = NULL;
}

static void
print_note (void *opaque, enum gl_note_kind kind, const char *msg)
{
  (void) opaque;
  /* A note while the progress line is drawn: on a line of its own, the
   * progress line drawn again below it. */
  pthread_mutex_lock (&progress.lock);
  if (progress.line)
    fprintf (stderr, "\r%80s\r", "");
  if (kind == GL_NOTE_WARNING)
    gl_warning (NULL, "%s", msg);
  else
    gl_notice ("%s", msg);
  if (progress.line && progress.total)
    progress_draw ();
  pthread_mutex_unlock (&progress.lock);
}

const struct gl_note_sink gl_output_notes = { print_note, NULL };
