/* guestlift: an LVM2 physical volume's label and metadata area, and a
 * linear logical volume as a range over its physical volumes (see
 * lvm-meta.h; the text itself is parsed in lvm-text.c).
 *
 * On-disk layout (LVM2's lib/label/label.h, format_text/layout.h; all
 * integers little-endian):
 *   label header, in one of sectors 0-3: "LABELONE", its own sector
 *     number (u64), a CRC (u32) of the sector from the next field on,
 *     the offset of the pv_header in the sector (u32), "LVM2 001";
 *   pv_header: the PV UUID (32 bytes), the device size (u64), a list of
 *     data areas then a list of metadata areas, each {offset, size}
 *     (u64 pairs) ended by a zero pair;
 *   metadata area: a 512-byte header -- CRC (u32) of the rest, magic
 *     (16 bytes), version 1 (u32), its own start (u64) and size (u64),
 *     raw locations {offset, size (u64), CRC (u32), flags (u32)} ended
 *     by zeros -- and a circular buffer after it holding the text; the
 *     first raw location is the current metadata, which wraps to just
 *     after the header when it runs past the area's end.
 * LVM's CRC is CRC-32 (zlib's polynomial) started from 0xf597a6cf
 * without the final inversion.
 */
#include <config.h>

#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include <zlib.h>

#include "cleanup.h"
#include "lvm-meta.h"

#define SECTOR 512u
#define LABEL_SECTORS 4
#define MDA_HEADER 512u
#define LVM_CRC_INIT 0xf597a6cfu
/* pv_header area lists: more than this many entries is damage. */
#define MAX_AREAS 16

static const char mda_magic[16] = " LVM2 x[5A%r0N*>";

static uint32_t le32 (const unsigned char *p)
{
  return (uint32_t) p[0] | ((uint32_t) p[1] << 8) | ((uint32_t) p[2] << 16) |
    ((uint32_t) p[3] << 24);
}
static uint64_t le64 (const unsigned char *p)
{
  return le32 (p) | ((uint64_t) le32 (p + 4) << 32);
}

static uint32_t
lvm_crc (uint32_t crc, const void *buf, size_t len)
{
  const unsigned char *p = buf;
  /* zlib inverts before and after; LVM does neither. */
  crc ^= 0xffffffffu;
  while (len > 0) {
    uInt n = len > (1u << 30) ? (1u << 30) : (uInt) len;
    crc = (uint32_t) crc32 (crc, p, n);
    p += n;
    len -= n;
  }
  return crc ^ 0xffffffffu;
}

/* The label's sector (0-3) into SEC: 1, 0 when there is none, -1. */
static int
find_label (const struct gl_range *dev, unsigned char sec[SECTOR], uint64_t *where,
            struct gl_err *err)
{
  for (uint64_t s = 0; s < LABEL_SECTORS; s++) {
    if ((s + 1) * SECTOR > dev->size)
      return 0;
    if (gl_range_pread (dev, sec, SECTOR, s * SECTOR, err) == -1)
      return -1;
    if (memcmp (sec, "LABELONE", 8) != 0)
      continue;
    /* LVM takes a LABELONE sector as the label only if it says where it
     * is and its CRC holds; a damaged one is an error, not "no PV". */
    if (le64 (sec + 8) != s)
      continue;
    if (lvm_crc (LVM_CRC_INIT, sec + 20, SECTOR - 20) != le32 (sec + 16))
      return gl_err_set (err, EINVAL, "LVM label in sector %u: bad checksum",
                         (unsigned) s);
    if (memcmp (sec + 24, "LVM2 001", 8) != 0)
      return gl_err_set (err, ENOTSUP, "LVM label in sector %u: not an LVM2 "
                         "label", (unsigned) s);
    *where = s;
    return 1;
  }
  return 0;
}

/* The current text of the metadata area at [START, START + SIZE) of
 * DEV: 1 with pv->text set, 0 when the area is ignored or empty, -1. */
static int
read_mda (const struct gl_range *dev, uint64_t start, uint64_t size,
          struct gl_lvm_pv *pv, struct gl_err *err)
{
  unsigned char h[MDA_HEADER];

  if (size < MDA_HEADER || start > dev->size || size > dev->size - start)
    return gl_err_set (err, EINVAL, "LVM metadata area (%llu bytes at byte %llu) "
                       "lies beyond the device", (unsigned long long) size,
                       (unsigned long long) start);
  if (gl_range_pread (dev, h, sizeof h, start, err) == -1)
    return -1;
  if (lvm_crc (LVM_CRC_INIT, h + 4, MDA_HEADER - 4) != le32 (h))
    return gl_err_set (err, EINVAL, "LVM metadata area header at byte %llu: "
                       "bad checksum", (unsigned long long) start);
  if (memcmp (h + 4, mda_magic, 16) != 0 || le32 (h + 20) != 1)
    return gl_err_set (err, EINVAL, "LVM metadata area header at byte %llu: "
                       "bad magic or version", (unsigned long long) start);
  if (le64 (h + 24) != start || le64 (h + 32) != size)
    return gl_err_set (err, EINVAL, "LVM metadata area header at byte %llu: "
                       "says it is elsewhere", (unsigned long long) start);

  const unsigned char *rl = h + 40;     /* raw_locns[0] */
  uint64_t off = le64 (rl), len = le64 (rl + 8);
  uint32_t crc = le32 (rl + 16), flags = le32 (rl + 20);
  if (off == 0 || len == 0 || (flags & 1))
    return 0;                           /* none, or ignored */
  uint64_t room = size - MDA_HEADER;
  if (off < MDA_HEADER || off >= size || len > room)
    return gl_err_set (err, EINVAL, "LVM metadata (%llu bytes at %llu) lies "
                       "outside its area", (unsigned long long) len,
                       (unsigned long long) off);
  if (len > GL_LVM_TEXT_MAX)
    return gl_err_set (err, EFBIG, "LVM metadata larger than %u bytes",
                       GL_LVM_TEXT_MAX);
  /* The part before the end of the area, then the part that wrapped. */
  uint64_t first = len < size - off ? len : size - off, wrap = len - first;
  CLEANUP_FREE char *text = malloc (len + 1);
  if (text == NULL)
    return gl_err_set (err, ENOMEM, "out of memory");
  if (gl_range_pread (dev, text, first, start + off, err) == -1 ||
      gl_range_pread (dev, text + first, wrap, start + MDA_HEADER, err) == -1)
    return -1;
  if (lvm_crc (LVM_CRC_INIT, text, len) != crc)
    return gl_err_set (err, EINVAL, "LVM metadata at byte %llu: bad checksum",
                       (unsigned long long) (start + off));
  text[len] = '\0';
  pv->text_len = strnlen (text, len);
  pv->text = GL_STEAL (text);
  return 1;
}

int
gl_lvm_read_pv (const struct gl_range *dev, struct gl_lvm_pv *pv,
                struct gl_err *err)
{
  unsigned char sec[SECTOR];
  uint64_t where;

  memset (pv, 0, sizeof *pv);
  int r = find_label (dev, sec, &where, err);
  if (r <= 0)
    return r;
  uint32_t hoff = le32 (sec + 20);
  /* The UUID, the size and at least the two list ends in the sector. */
  if (hoff < 32 || hoff > SECTOR - (32 + 8 + 32))
    return gl_err_set (err, EINVAL, "LVM label: pv_header at offset %u", hoff);
  const unsigned char *ph = sec + hoff;
  for (int i = 0; i < 32; i++)
    if (ph[i] <= ' ' || ph[i] >= 0x7f)
      return gl_err_set (err, EINVAL, "LVM label: a PV UUID that is not text");
  memcpy (pv->uuid, ph, 32);
  pv->uuid[32] = '\0';
  pv->dev_size = le64 (ph + 32);

  /* Two zero-ended lists of {offset, size}: data areas, then metadata
   * areas, all inside the sector.  The text is the first metadata
   * area's that holds one (LVM keeps the same text in each); a damaged
   * area is an error only when no other one holds the text. */
  CLEANUP_ERR struct gl_err first_err = GL_ERR_INIT;
  const unsigned char *p = ph + 40, *end = sec + SECTOR;
  for (int list = 0; list < 2; list++) {
    for (int n = 0;; n++) {
      if (p + 16 > end || n > MAX_AREAS) {
        gl_lvm_pv_free (pv);
        return gl_err_set (err, EINVAL, "LVM label: area lists run past the "
                           "label sector");
      }
      uint64_t off = le64 (p), size = le64 (p + 8);
      p += 16;
      if (off == 0 && size == 0)
        break;
      if (list == 1 && pv->text == NULL)
        (void) read_mda (dev, off, size, pv, first_err.msg ? NULL : &first_err);
    }
  }
  if (pv->text == NULL && first_err.msg)
    return gl_err_move (err, &first_err);
  return 1;
}

void
gl_lvm_pv_free (struct gl_lvm_pv *pv)
{
  if (pv == NULL)
    return;
  free (pv->text);
  pv->text = NULL;
  pv->text_len = 0;
}

/* --- a linear LV as a range ------------------------------------------- */

struct lv_range {
  struct gl_range range;    /* first: gl_lvm_lv_range_free's cast */
  uint64_t extent_size;
  size_t nseg;
  struct {
    uint64_t start, count;  /* LV extents */
    const struct gl_range *pv;
    uint64_t pv_byte;       /* byte on the PV of the segment's start */
  } seg[];
};

static int
lv_pread (void *opaque, void *buf, size_t count, uint64_t offset,
          struct gl_err *err)
{
  const struct lv_range *lr = opaque;
  char *p = buf;
  size_t lo = 0;

  while (count > 0) {
    uint64_t extent = offset / lr->extent_size;
    /* Segments are sorted by start: the last one starting at or before
     * EXTENT holds it (the range's size bounds OFFSET). */
    size_t hi = lr->nseg;
    while (hi - lo > 1) {
      size_t mid = lo + (hi - lo) / 2;
      if (lr->seg[mid].start <= extent)
        lo = mid;
      else
        hi = mid;
    }
    uint64_t in_seg = offset - lr->seg[lo].start * lr->extent_size;
    uint64_t left = lr->seg[lo].count * lr->extent_size - in_seg;
    size_t n = count < left ? count : (size_t) left;
    if (gl_range_pread (lr->seg[lo].pv, p, n, lr->seg[lo].pv_byte + in_seg, err) == -1)
      return -1;
    p += n;
    offset += n;
    count -= n;
  }
  return 0;
}

int
gl_lvm_lv_range (const struct gl_lvm_vg *vg, const struct gl_lvm_lv *lv,
                 const struct gl_range *const *pvs, struct gl_range **out,
                 struct gl_err *err)
{
  *out = NULL;
  if (!lv->linear || lv->nseg == 0)
    return gl_err_set (err, ENOTSUP, "logical volume %s is not linear (%s)",
                       lv->name, lv->why_not_linear ? lv->why_not_linear : "?");
  struct lv_range *lr = calloc (1, sizeof *lr + lv->nseg * sizeof lr->seg[0]);
  if (lr == NULL)
    return gl_err_set (err, ENOMEM, "out of memory");
  lr->extent_size = vg->extent_size;
  lr->nseg = lv->nseg;
  uint64_t extents = 0;
  for (size_t i = 0; i < lv->nseg; i++) {
    const struct gl_lvm_seg *s = &lv->seg[i];
    if (s->pv >= vg->npv || pvs[s->pv] == NULL) {
      free (lr);
      return gl_err_set (err, ENODEV, "logical volume %s: physical volume %s "
                         "is missing", lv->name,
                         s->pv < vg->npv ? vg->pv[s->pv].id : "?");
    }
    /* The parser bounds extents by 2^32 and extent_size by 2^41 bytes:
     * no product below wraps. */
    uint64_t pv_byte = vg->pv[s->pv].pe_start + s->pv_start_extent * vg->extent_size;
    uint64_t bytes = s->extent_count * vg->extent_size;
    if (s->start_extent != extents || pv_byte < vg->pv[s->pv].pe_start ||
        pv_byte > pvs[s->pv]->size || bytes > pvs[s->pv]->size - pv_byte) {
      free (lr);
      return gl_err_set (err, EINVAL, "logical volume %s: segment %zu lies "
                         "beyond its physical volume %s", lv->name, i,
                         vg->pv[s->pv].id);
    }
    lr->seg[i].start = s->start_extent;
    lr->seg[i].count = s->extent_count;
    lr->seg[i].pv = pvs[s->pv];
    lr->seg[i].pv_byte = pv_byte;
    extents += s->extent_count;
  }
  lr->range = (struct gl_range) { .pread = lv_pread, .opaque = lr,
                                  .size = extents * vg->extent_size, .fd = -1 };
  /* One segment on a PV that has a descriptor: the LV is a plain span
   * of that file, which libblkid may read directly. */
  if (lv->nseg == 1 && pvs[lv->seg[0].pv]->fd >= 0) {
    lr->range.fd = pvs[lv->seg[0].pv]->fd;
    lr->range.fd_offset = pvs[lv->seg[0].pv]->fd_offset + lr->seg[0].pv_byte;
  }
  *out = &lr->range;
  return 0;
}

void
gl_lvm_lv_range_free (struct gl_range *r)
{
  free (r);     /* the lv_range it is the first member of */
}
