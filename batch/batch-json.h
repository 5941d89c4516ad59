/* guestlift batch: how its JSON files (the state, the --report file) are
 * written -- pretty, spaced, slashes as they are, a newline at the end,
 * and the whole file at once (write-atomic.h).
 */
#ifndef GUESTLIFT_BATCH_JSON_H
#define GUESTLIFT_BATCH_JSON_H

#include "err.h"
#include "json.h"

/* DOC (consumed; may be NULL) as text, malloc'd; NULL when DOC is NULL
 * or out of memory. */
char *gl_batch_json_text (json_object *doc);

/* TEXT written to PATH whole (mode 0644); a NULL TEXT (it could not be
 * made) is "PATH: out of memory".  0, or -1 with ERR ("PATH: why"); the
 * old file is then untouched. */
int gl_batch_json_write (const char *path, const char *text, struct gl_err *err);

#endif
