/* guestlift: what is on a device, as blkid says it -- libblkid run on
 * the host over a range (its descriptor when it has one; otherwise a
 * sparse in-memory copy of the range's head and tail, where every
 * superblock libblkid looks for lies).  The answer is the one the
 * appliance's blkid gives for the same device (the same util-linux).
 */
#ifndef GUESTLIFT_FS_PROBE_H
#define GUESTLIFT_FS_PROBE_H

#include "err.h"
#include "guest-io.h"
#include "range.h"

/* 0 with *out filled (out->type NULL: no TYPE; span fields untouched),
 * -1 with err. */
int gl_fs_probe (const struct gl_range *dev, struct gl_blkid *out,
                 struct gl_err *err);

#endif
