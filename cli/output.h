/* guestlift: how the CLI writes reports: format choice (text on a
 * terminal, json otherwise), all-or-nothing output, progress on stderr. */
#ifndef GUESTLIFT_OUTPUT_H
#define GUESTLIFT_OUTPUT_H

#include <stdbool.h>
#include <stddef.h>

#include "note.h"
#include "report.h"

enum gl_output_format {
  GL_OUT_DEFAULT = 0, GL_OUT_TEXT, GL_OUT_JSON, GL_OUT_XML, GL_OUT_TABLE, GL_OUT_CSV,
};
enum gl_output_user { GL_OUTPUT_INSPECT, GL_OUTPUT_AUDIT };

struct gl_output_opts {
  enum gl_output_format format;
  int color;          /* -1 auto (terminal), 0 no, 1 yes */
  bool compact;
  bool quiet;
};
#define GL_OUTPUT_OPTS_INIT { GL_OUT_DEFAULT, -1, false, false }

/* Parse --format for inspect (text|json|xml) or audit (table|json|xml|csv).
 * -1 with a usage message on a bad value. */
int gl_output_set_format (struct gl_output_opts *o, const char *name,
                          enum gl_output_user who);
int gl_output_set_option (struct gl_output_opts *o, const char *opt);

/* Write the report to stdout in the chosen format, all at once (it is
 * rendered in memory first: an error leaves no partial output). */
int gl_output_write (struct gl_output_opts *o, const struct gl_report *r,
                     bool audit);

/* A progress callback for the engine (silent off a terminal). */
void gl_output_start_progress (struct gl_output_opts *o,
                               void (**cb) (void *, size_t, size_t, const char *),
                               void **opaque);
void gl_output_end_progress (void);

/* Where library code's notes for the user go (note.h): stderr, as
 * notices and warnings (silent with --quiet). */
extern const struct gl_note_sink gl_output_notes;

#endif
