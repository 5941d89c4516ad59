/* guestlift: guest text as the parsers of inspection and the bootloader
 * formats take it -- a size bound, the text ending at its first NUL byte,
 * lines, blanks.  Pure (no I/O).
 */
#ifndef GUESTLIFT_GUEST_TEXT_H
#define GUESTLIFT_GUEST_TEXT_H

#include <stdbool.h>
#include <stddef.h>

/* Blanks between words: space, tab, CR (of CRLF), VT, FF; never '\n'. */
bool gl_text_is_blank (char c);

/* TEXT (LEN bytes; NULL: none) as a parser reads it: -1 with errno EFBIG
 * when LEN is over MAX; else 0 with *len the bytes before its first NUL
 * byte (0 for NULL). */
int gl_text_bound (const char *text, size_t *len, size_t max);

/* The line that starts at *p in [*p, end), without its '\n': [*ls, *le)
 * (*le < end exactly when a '\n' ended it), and *p moved past it.
 * false when *p is at END. */
bool gl_text_line (const char **p, const char *end, const char **ls,
                   const char **le);

/* [*s, *e) without its blanks (gl_text_is_blank) at both ends. */
void gl_text_trim (const char **s, const char **e);

#endif
