/* guestlift: notes handed to the caller's sink (see note.h). */
#include <config.h>

#include <stdarg.h>
#include <stdlib.h>

#include "error.h"
#include "note.h"

void
gl_note (const struct gl_note_sink *sink, enum gl_note_kind kind,
         const char *fmt, ...)
{
  if (!sink || !sink->fn)
    return;
  va_list ap;
  va_start (ap, fmt);
  char *msg = gl_vprintf (fmt, ap);
  va_end (ap);
  if (msg)
    sink->fn (sink->opaque, kind, msg);
  free (msg);
}
