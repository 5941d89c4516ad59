/* guestlift: the block devices of a guest as the host-side reader sees
 * them -- its images opened, their partitions walked, every device
 * probed, its LVM2 volume groups mapped -- and the one decision: can the
 * host read this guest whole, or is it left to the appliance?
 *
 * Names are the appliance's: "/dev/sda" for the first image, its
 * partitions "/dev/sda1" (MBR logical partitions from 5), logical
 * volumes "/dev/VG/LV".  Devices are listed disks first, then each
 * disk's partitions in number order, then the logical volumes sorted by
 * VG and LV name (the order lvs prints them).
 */
#ifndef GUESTLIFT_HOST_DISKS_H
#define GUESTLIFT_HOST_DISKS_H

#include <stdbool.h>
#include <stddef.h>

#include "err.h"
#include "guest-io.h"
#include "lvm-meta.h"
#include "range.h"

struct gl_blocksrc;
struct gl_hostfs;

enum gl_host_dev_kind { GL_HOST_DISK, GL_HOST_PART, GL_HOST_LV };

struct gl_host_dev {
  char *name;
  enum gl_host_dev_kind kind;
  size_t disk;                  /* GL_HOST_DISK, GL_HOST_PART: its image */
  const struct gl_range *range; /* its bytes: the image's, &sub.range or lv */
  struct gl_subrange sub;       /* GL_HOST_PART */
  struct gl_range *lv;          /* GL_HOST_LV (owned) */
  struct gl_blkid id;           /* what blkid says of it (span for partitions) */
  bool container;               /* an MBR extended partition: not probed */
  struct gl_hostfs *fs;         /* opened at its first mount; NULL before */
};

struct gl_host_disks {
  struct gl_blocksrc **src;     /* one per image, in order */
  size_t nsrc;
  struct gl_host_dev **dev;
  size_t ndev;
  struct gl_lvm_vg *vg;         /* the volume groups, sorted by name */
  size_t nvg;
};

/* Open PATHS[0..n-1] (FORMATS as probed) and lay out their devices.  -1
 * with err when something cannot be read, and with errnum ENOTSUP when a
 * device holds what the host reader leaves to the appliance (the message
 * names the device and what it holds).  D is filled either way; free it
 * with gl_host_disks_close. */
int gl_host_disks_open (struct gl_host_disks *d, char *const *paths,
                        char *const *formats, size_t n, bool allow_backing,
                        struct gl_err *err);
void gl_host_disks_close (struct gl_host_disks *d);
/* The device called NAME, or NULL. */
struct gl_host_dev *gl_host_disks_find (const struct gl_host_disks *d,
                                        const char *name);

#endif
