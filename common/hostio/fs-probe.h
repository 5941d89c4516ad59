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
 * -1 with err.  Without a descriptor (the memfd copy of the ends), a
 * TYPE whose UUID or LABEL libblkid may read outside the copied ends
 * (vfat, NTFS, exFAT, UDF...: anything but ext2/3/4, swap, LVM2, xfs,
 * btrfs, LUKS, md and the firmware RAIDs) is -1 with errnum ENOTSUP:
 * leave it to the appliance. */
int gl_fs_probe (const struct gl_range *dev, struct gl_blkid *out,
                 struct gl_err *err);
/* The same for a partition of a disk: the firmware RAID formats libblkid
 * looks for only on whole disks are not looked for (the appliance's
 * blkid on /dev/sdXN skips them; through an image file's descriptor
 * libblkid would not).  A whole disk or a logical volume (a
 * device-mapper device: a whole disk to libblkid) takes gl_fs_probe. */
int gl_fs_probe_partition (const struct gl_range *dev, struct gl_blkid *out,
                           struct gl_err *err);

#endif
