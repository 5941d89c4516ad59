/* guestlift: notes the user must see that library code cannot print.
 *
 * Library code (every room but cli/) prints nothing (err.h).  A few
 * things are neither an error nor part of a report and still must reach
 * the user: "KVM cannot run guests on this host ...; using TCG", "the
 * appliance did not start within N s; trying once more".  The caller
 * that wants them hands down a sink (cli/ hands one that prints them);
 * with no sink (or fn NULL) they are dropped.  This is the one way such
 * notes travel: through the options of the call that causes them.
 */
#ifndef GUESTLIFT_NOTE_H
#define GUESTLIFT_NOTE_H

enum gl_note_kind {
  GL_NOTE_NOTICE,     /* informational ("using TCG") */
  GL_NOTE_WARNING,    /* something went wrong and was worked around */
};

struct gl_note_sink {
  /* MSG is one line; called from whichever thread hit it. */
  void (*fn) (void *opaque, enum gl_note_kind kind, const char *msg);
  void *opaque;
};

/* Format and hand a note to SINK (NULL or without fn: dropped). */
void gl_note (const struct gl_note_sink *sink, enum gl_note_kind kind,
              const char *fmt, ...)
  __attribute__ ((format (printf, 3, 4)));

#endif
