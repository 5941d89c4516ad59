/* guestlift: the partitions of a disk, as Linux numbers them.
 *
 * MBR (primary partitions 1-4, logical partitions from 5 along the
 * extended partitions' chain) and GPT (entries in table order, numbered
 * by their index), read the way the kernel's partition code reads them
 * (block/partitions/msdos.c, efi.c), so that "/dev/sda5" here is the
 * appliance's "/dev/sda5".  Hostile input: every count and offset is
 * bounded, a chain that loops or leaves the disk ends the walk.
 *
 * Pure: reads only through the range (fuzzed: tests/fuzz/fuzz-partwalk).
 */
#ifndef GUESTLIFT_PARTWALK_H
#define GUESTLIFT_PARTWALK_H

#include <stddef.h>
#include <stdint.h>

#include "err.h"
#include "range.h"

/* The most partitions one disk may yield (more is an error). */
#define GL_PARTWALK_MAX 256

enum gl_parttable { GL_PT_NONE, GL_PT_MBR, GL_PT_GPT };

struct gl_part {
  unsigned number;          /* Linux's: 1.., logical from 5 */
  uint64_t start, size;     /* bytes from the disk's start */
  unsigned mbr_type;        /* MBR type byte (0 for GPT) */
  char gpt_type[37];        /* GPT type GUID, lower case; "" for MBR */
};

struct gl_parts {
  enum gl_parttable table;
  struct gl_part *part;     /* malloc'd; number order */
  size_t n;
};

/* Walk DISK's partition table.  0 with *out filled (table GL_PT_NONE and
 * n == 0 when the disk has none the kernel would read: the whole disk is
 * then the device; an MBR or a GPT without partitions is that table with
 * n == 0, and the whole disk is the device there too); -1 with err on a
 * read error, and with errnum ENOTSUP
 * when the disk holds a table the kernel reads but this walker does not
 * (BSD/Solaris disklabels inside MBR partitions, ...): the caller then
 * leaves the image to the appliance. */
int gl_partwalk (const struct gl_range *disk, struct gl_parts *out,
                 struct gl_err *err);
void gl_parts_free (struct gl_parts *p);

#endif
