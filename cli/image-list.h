/* guestlift: the list of images a command works on: arguments, --from
 * FILE (one path a line, '#' comments, '-' = stdin), --shard K/N. */
#ifndef GUESTLIFT_IMAGE_LIST_H
#define GUESTLIFT_IMAGE_LIST_H

#include <limits.h>
#include <stddef.h>
#include "vector.h"

/* Bounds of a --from list: a line is at most a path (PATH_MAX, 4096 on
 * Linux), a list at most a million images; longer input is refused
 * (EFBIG). */
#define GL_MAX_LIST_LINE PATH_MAX
#define GL_MAX_LIST_LINES 1000000

/* Append the paths listed in FILE ("-" = stdin): one path a line, as
 * written (relative paths are relative to the current folder, not to the
 * list); leading and trailing white space is dropped; empty lines and
 * lines whose first non-blank character is '#' are skipped ('#' later in
 * a line is part of the path).  0, or -1 after printing an error naming
 * the file (unreadable, a line longer than GL_MAX_LIST_LINE or holding a
 * NUL byte, more than GL_MAX_LIST_LINES paths). */
int gl_image_list_from_file (const char *file, string_vector *out);

/* Keep only shard K of N (shard.h) of the paths, sorted in byte order. */
void gl_shard_apply (string_vector *paths, unsigned k, unsigned n);

#endif
