/* guestlift: line-by-line editing shared by the rewriters (internal to
 * convert/rewrite-*.c). */
#ifndef GUESTLIFT_REWRITE_TEXT_H
#define GUESTLIFT_REWRITE_TEXT_H

#include <stdbool.h>
#include <stddef.h>

#include "buf.h"
#include "rewrite.h"

/* Common checks of the whole-file rewriters.  Returns false (with errno
 * set, 0 for "nothing to do") when the rewriter must return NULL. */
bool gl_rw_input_ok (const char *text, size_t len, const struct gl_rewrite_ctx *ctx);
/* The result: NULL with errno 0 when it equals the input. */
char *gl_rw_finish (struct gl_buf *out, const char *text, size_t len);

/* FN gets a NUL-terminated copy of a line without its newline and returns
 * the new line, NULL with errno 0 to keep it, NULL with errno set on error. */
typedef char *(*line_fn) (const char *line, void *opaque);
/* Every line of TEXT through FN into OUT.  0 or -1. */
int gl_rw_each_line (const char *text, size_t len, struct gl_buf *out,
                     line_fn fn, void *opaque);
/* input checks + every line + finish. */
char *gl_rw_run_lines (const char *text, size_t len, const struct gl_rewrite_ctx *ctx,
                       line_fn fn, void *opaque);

bool gl_rw_blank (char c);
const char *gl_rw_skip_blanks (const char *p);
const char *gl_rw_word_end (const char *p);

#endif
