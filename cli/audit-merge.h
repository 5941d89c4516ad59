/* guestlift audit --merge: one report out of the JSON reports of many
 * audits (the shards of --shard, or any inspect/audit --format json). */
#ifndef GUESTLIFT_AUDIT_MERGE_H
#define GUESTLIFT_AUDIT_MERGE_H

#include <stddef.h>

#include "output.h"

/* Read every FILE (a JSON report written by this guestlift's audit or
 * inspect), concatenate their images in order and write the result with
 * one summary computed over all of them, in out's format.  The exit
 * status is audit's own for those images (0, 3 or 1).  A file that cannot
 * be read, is not a report, or holds what this version's reports cannot
 * carry: a one-line error naming it, status 1, and nothing on stdout. */
int gl_audit_merge (struct gl_output_opts *out, char *const *files, size_t n);

#endif
