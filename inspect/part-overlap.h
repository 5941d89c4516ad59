/* guestlift: partitions that show one filesystem (pure).
 *
 * A partition table is guest data: nothing stops a GPT from pointing all
 * its 128 entries at the same sectors, and each would then be inspected
 * as an OS of its own (128 mounts of one filesystem, minutes, gigabytes).
 * Partitions of one disk whose sectors overlap show one filesystem, or a
 * view into another partition's: the one that starts first (then the
 * lowest index) is inspected, the others are its views.  Partitions of
 * different disks never count as one: a RAID1 pair or cloned guests hold
 * the same filesystem (same UUID) on two disks, and both are real.
 */
#ifndef GUESTLIFT_PART_OVERLAP_H
#define GUESTLIFT_PART_OVERLAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct gl_part_span {
  bool known;          /* false: not a partition, or where it lies is unknown */
  size_t disk;         /* which disk */
  uint64_t start;      /* first sector */
  uint64_t size;       /* sectors; 0 overlaps nothing */
};

/* same_as[i] = the index of the partition whose filesystem partition i
 * shows: i itself when it overlaps no partition kept before it (in order
 * of disk, start, index).  Spans that are not known are their own.
 * Sectors past 2^64 are taken as the end of the disk. */
void gl_part_overlaps (const struct gl_part_span *p, size_t n, size_t *same_as);

#endif
