/* guestlift: shards (pure).  `--shard K/N` runs slice K of N of a sorted
 * list, so that N hosts or tasks given K = 1..N cover every item exactly
 * once without talking to each other: items from * (K-1) / N to
 * items * K / N, of the list sorted (image paths for audit, guest names
 * for batch).
 */
#ifndef GUESTLIFT_SHARD_H
#define GUESTLIFT_SHARD_H

#include <stddef.h>

#include "err.h"

#define GL_MAX_SHARDS 1000000

/* Parse "K/N" (decimal digits only, 1 <= K <= N <= GL_MAX_SHARDS).  0,
 * or -1 with ERR ("'SPEC' is not K/N with 1 <= K <= N <= 1000000 (e.g.
 * 2/8)") and errno EINVAL. */
int gl_shard_parse (const char *spec, unsigned *k, unsigned *n,
                    struct gl_err *err);

/* Sort the NMEMB elements of SIZE bytes at BASE with CMP, keep shard K of
 * N at the front and return how many that is; DROP (may be NULL) is
 * called on each element left out.  K out of 1..N keeps everything. */
size_t gl_shard_keep (void *base, size_t nmemb, size_t size,
                      int (*cmp) (const void *, const void *),
                      void (*drop) (void *elem), unsigned k, unsigned n);

#endif
