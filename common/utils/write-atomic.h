/* guestlift: the one way a host file is replaced whole: a reader of PATH
 * sees either its old content or the whole new one, never a part, and a
 * writer that fails or is killed leaves no file under PATH's name.
 *
 * Not for files held by a run lock (run-files.h) nor for convert's
 * outputs, whose commit renames several files as one (output-files.h).
 */
#ifndef GUESTLIFT_WRITE_ATOMIC_H
#define GUESTLIFT_WRITE_ATOMIC_H

#include <stddef.h>
#include <sys/types.h>

#include "err.h"

/* Write LEN bytes of DATA to PATH: a temporary ".NAME.XXXXXX" in PATH's
 * folder (a dot name, which no lister of the folder takes for an output)
 * is written, fsync'ed, given MODE (exactly: no umask) and renamed over
 * PATH; then the folder is fsync'ed, so that the rename survives a crash
 * (a failure there is not reported: the content is whole either way).
 * On failure the temporary is removed and PATH is as it was.  0, or -1
 * with ERR ("PATH: what: why") and errno. */
int gl_write_atomic (const char *path, const void *data, size_t len,
                     mode_t mode, struct gl_err *err);

/* The temporary name gl_write_atomic uses for PATH, with its XXXXXX
 * (".NAME.XXXXXX" in PATH's folder): for sweepers that recognise what a
 * killed writer left.  malloc'd, NULL on ENOMEM. */
char *gl_write_atomic_template (const char *path);

#endif
