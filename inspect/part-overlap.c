/* guestlift: partitions that show one filesystem (see part-overlap.h). */
#include <config.h>

#include "part-overlap.h"

static uint64_t
end_of (const struct gl_part_span *s)
{
  return s->size > UINT64_MAX - s->start ? UINT64_MAX : s->start + s->size;
}

static bool
overlap (const struct gl_part_span *a, const struct gl_part_span *b)
{
  return a->disk == b->disk && a->size && b->size &&
    a->start < end_of (b) && b->start < end_of (a);
}

/* Does a come before b: disk, then start, then index? */
static bool
before (const struct gl_part_span *p, size_t a, size_t b)
{
  if (p[a].disk != p[b].disk)
    return p[a].disk < p[b].disk;
  if (p[a].start != p[b].start)
    return p[a].start < p[b].start;
  return a < b;
}

void
gl_part_overlaps (const struct gl_part_span *p, size_t n, size_t *same_as)
{
  /* Decided in order (disk, start, index): a partition is kept unless it
   * overlaps one kept before it; it then shows the first such one.
   * Quadratic, and n is small: the caller bounds the partitions per disk.
   * same_as[i] == n marks "not decided yet". */
  for (size_t i = 0; i < n; ++i)
    same_as[i] = p[i].known ? n : i;
  for (;;) {
    size_t i = n;
    for (size_t k = 0; k < n; ++k)
      if (same_as[k] == n && (i == n || before (p, k, i)))
        i = k;
    if (i == n)
      return;
    size_t shown = i;
    for (size_t j = 0; j < n; ++j)
      if (p[j].known && same_as[j] == j && overlap (&p[i], &p[j]) &&
          (shown == i || before (p, j, shown)))
        shown = j;
    same_as[i] = shown;
  }
}
