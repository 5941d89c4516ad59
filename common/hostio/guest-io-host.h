/* guestlift: guest I/O read on the host, without an appliance (the
 * second implementation of guest-io-ops.h; read-only).
 *
 * It answers for the images it can read whole: raw or qemu formats;
 * MBR/GPT partitions; ext2/3/4, swap; LVM2 linear volumes.  Anything
 * else (md, LUKS, XFS, btrfs, vfat, NTFS, non-linear LVs, ...) makes
 * launch fail with errnum ENOTSUP and the reason: the caller inspects
 * that image with the appliance instead, and the report is the same.
 */
#ifndef GUESTLIFT_GUEST_IO_HOST_H
#define GUESTLIFT_GUEST_IO_HOST_H

#include <stdbool.h>

#include "err.h"
#include "guest-io.h"

struct gl_host_opts {
  bool allow_backing;       /* qemu-nbd may open backing files */
  /* When not NULL: the first op after launch that failed the way the
   * appliance's kernel might not have (a read error, a filesystem
   * libext2fs would not open, no memory) is recorded here.  The
   * inspection's answer may then differ from the appliance's: the caller
   * leaves the image to the appliance.  (A missing path is an answer,
   * never trouble.) */
  struct gl_err *trouble;
};

struct gl_guest_io *gl_guest_io_host_open (const struct gl_host_opts *o,
                                           struct gl_err *err);

#endif
