/* guestlift batch: writing its JSON files (see batch-json.h). */
#include <config.h>

#include <errno.h>
#include <string.h>

#include "batch-json.h"
#include "error.h"
#include "write-atomic.h"

char *
gl_batch_json_text (json_object *doc)
{
  const char *s = doc
    ? json_object_to_json_string_ext (doc, JSON_C_TO_STRING_PRETTY
                                      | JSON_C_TO_STRING_SPACED
                                      | JSON_C_TO_STRING_NOSLASHESCAPE)
    : NULL;
  char *text = s ? gl_printf ("%s\n", s) : NULL;
  json_object_put (doc);
  return text;
}

int
gl_batch_json_write (const char *path, const char *text, struct gl_err *err)
{
  if (!text)
    return gl_err_set (err, ENOMEM, "%s: out of memory", path);
  return gl_write_atomic (path, text, strlen (text), 0644, err);
}
