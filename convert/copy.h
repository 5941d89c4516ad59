/* guestlift: copy a source disk to a new image with qemu-img convert
 * (common/utils/spawn.h: an argv, never a shell, under a time limit).
 * The source is opened read-only with its probed format named explicitly
 * (never re-probed: a raw image could pretend to be qcow2), and without
 * the user's opt-in with no backing file (qemu-name.h).  The copy is
 * always self-contained: an allowed backing chain is flattened into it.
 * Progress (-p) goes to the terminal only.
 */
#ifndef GUESTLIFT_CONVERT_COPY_H
#define GUESTLIFT_CONVERT_COPY_H

#include <stdbool.h>

#include "err.h"

/* Copy SRC (format SRC_FORMAT, NULL: let qemu-img probe; ALLOW_BACKING:
 * its backing chain may be read) to DST (an existing or new file,
 * overwritten) in OUT_FORMAT ("qcow2", "raw").  0, or -1 with ERR (its
 * message qemu-img's last line when qemu-img failed). */
int gl_copy_disk (const char *src, const char *src_format, bool allow_backing,
                  const char *dst, const char *out_format, struct gl_err *err);

/* The copy's time limit in seconds for a source holding BYTES of data
 * on the host: 600 s plus the data at 2 MiB/s. */
long long gl_copy_time_limit (long long bytes);

#endif
