/* Unit tests for inspect/part-overlap.c: which partitions show one
 * filesystem (same start, overlapping sectors), on one disk only. */
#include <config.h>

#include <stdint.h>
#include <stdlib.h>

#include "part-overlap.h"
#include "tap.h"

#define N(a) (sizeof (a) / sizeof (a)[0])

/* same_as as a string of indexes, "0 0 2": easy to compare. */
static const char *
run (const struct gl_part_span *p, size_t n)
{
  static char out[256];
  size_t same_as[16];
  size_t pos = 0;
  gl_part_overlaps (p, n, same_as);
  out[0] = '\0';
  for (size_t i = 0; i < n; ++i)
    pos += (size_t) snprintf (out + pos, sizeof out - pos, "%s%zu", i ? " " : "", same_as[i]);
  return out;
}

int
main (void)
{
  /* A GPT whose entries all point at one filesystem. */
  struct gl_part_span same[5];
  for (size_t i = 0; i < N (same); ++i)
    same[i] = (struct gl_part_span) { true, 0, 2048, 260096 - 8 * i };
  is_str (run (same, N (same)), "0 0 0 0 0", "same start: all show the first");

  /* An ordinary table: nothing shared. */
  static const struct gl_part_span plain[] = {
    { true, 0, 2048, 204800 }, { true, 0, 206848, 1000000 }, { true, 0, 1206848, 2048 },
  };
  is_str (run (plain, N (plain)), "0 1 2", "adjacent partitions are their own");

  /* Overlapping ranges: the one that starts first is kept, whatever the
   * entry order; a partition overlapping only a dropped one is its own. */
  static const struct gl_part_span over[] = {
    { true, 0, 5000, 3000 },   /* 5000..7999: overlaps 1 */
    { true, 0, 2048, 4000 },   /* 2048..6047: starts first */
    { true, 0, 7000, 2000 },   /* 7000..8999: overlaps only 0, which is dropped */
    { true, 0, 3000, 10 },     /* inside 1 */
  };
  is_str (run (over, N (over)), "1 1 2 1", "overlapping sectors show the earliest partition");

  /* Same sectors on two disks: a RAID1 pair or clones, both real. */
  static const struct gl_part_span disks[] = {
    { true, 0, 2048, 100000 }, { true, 1, 2048, 100000 }, { true, 1, 2048, 100000 },
  };
  is_str (run (disks, N (disks)), "0 1 1", "other disks never count");

  /* Unknown spans (whole disks, LVs) and empty ones are their own. */
  static const struct gl_part_span unknown[] = {
    { true, 0, 2048, 100000 }, { false, 0, 0, 0 }, { true, 0, 4096, 0 }, { false, 0, 2048, 100000 },
  };
  is_str (run (unknown, N (unknown)), "0 1 2 3", "unknown or empty spans are their own");

  /* Sectors near 2^64 do not wrap around. */
  static const struct gl_part_span huge[] = {
    { true, 0, UINT64_MAX - 10, UINT64_MAX }, { true, 0, 0, 100 }, { true, 0, UINT64_MAX - 5, 1 },
  };
  is_str (run (huge, N (huge)), "0 1 0", "no overflow at the end of the sector space");

  gl_part_overlaps (NULL, 0, NULL);
  ok (1, "no partitions: nothing to do");
  return tap_done ();
}
