/* guestlift: the list of images a command works on: arguments, --from
 * FILE (one path a line, '#' comments, '-' = stdin), --shard K/N. */
#ifndef GUESTLIFT_IMAGE_LIST_H
#define GUESTLIFT_IMAGE_LIST_H

#include <stddef.h>
#include "vector.h"

#define GL_MAX_LIST_BYTES (64 * 1024 * 1024)

/* Append the paths listed in FILE ("-" = stdin).  0, or -1 after printing
 * an error naming the file. */
int gl_image_list_from_file (const char *file, string_vector *out);

/* Parse "K/N" (1 <= K <= N).  0, or -1 after printing a usage error. */
int gl_shard_parse (const char *spec, unsigned *k, unsigned *n);

/* Keep only shard K of N: the paths are sorted (byte order) and cut into
 * N contiguous slices; the K-th slice stays, in sorted order.  Every path
 * is in exactly one shard. */
void gl_shard_apply (string_vector *paths, unsigned k, unsigned n);

#endif
