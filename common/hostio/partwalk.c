/* guestlift: the partitions of a disk, as Linux numbers them (see
 * partwalk.h).
 *
 * The walk is the kernel's (block/partitions/core.c, efi.c, msdos.c, as
 * in Linux 6.x with Debian's configuration, the appliance's kernel):
 *  - the parsers run in the kernel's order and the first that claims
 *    the disk wins: ICS (Acorn), GPT, SGI, LDM, MBR, then OSF, Sun,
 *    Amiga, Atari, Mac, Ultrix, Karma when the MBR parser declines;
 *  - the ones read here are GPT and MBR; a disk another parser would
 *    claim, or an MBR with a BSD/Solaris/Minix/UnixWare label inside a
 *    primary partition (which the kernel turns into more partitions),
 *    is ENOTSUP: the appliance reads it;
 *  - partitions are collected by number as the kernel's parsers collect
 *    them, then kept as the kernel adds them: empty ones dropped, ones
 *    starting past the end of the disk dropped, ones running past it cut
 *    at the end.
 * Sectors are 512 bytes (the appliance's disks' logical block size).
 */
#include <config.h>

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <zlib.h>

#include "cleanup.h"
#include "partwalk.h"

#define SECTOR 512u

/* Partition numbers are below this (the kernel's DISK_MAX_PARTS, its
 * state->limit for a disk that may have that many). */
#define LIMIT GL_PARTWALK_MAX

/* What one parser found, by partition number (the kernel's
 * state->parts[]). */
struct slot {
  bool set;
  uint64_t from, size;       /* sectors */
  unsigned mbr_type;
  char gpt_type[37];
};

struct walk {
  const struct gl_range *disk;
  uint64_t cap;              /* whole sectors on the disk */
  struct slot slot[LIMIT];
  unsigned next;             /* the next logical partition's number */
  struct gl_err *err;
};

static uint16_t le16 (const unsigned char *p) { return p[0] | (p[1] << 8); }
static uint32_t le32 (const unsigned char *p)
{
  return (uint32_t) p[0] | ((uint32_t) p[1] << 8) | ((uint32_t) p[2] << 16) |
    ((uint32_t) p[3] << 24);
}
static uint64_t le64 (const unsigned char *p)
{
  return le32 (p) | ((uint64_t) le32 (p + 4) << 32);
}
static uint32_t be32 (const unsigned char *p)
{
  return ((uint32_t) p[0] << 24) | ((uint32_t) p[1] << 16) |
    ((uint32_t) p[2] << 8) | p[3];
}
static uint16_t be16 (const unsigned char *p) { return (p[0] << 8) | p[1]; }
static bool isalnum_ascii (unsigned c)
{
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* Sector LBA into BUF: 1, or 0 when it lies past the end of the disk
 * (the kernel's read_part_sector gives nothing then), or -1 with err on
 * a read error. */
static int
read_sector (struct walk *w, uint64_t lba, unsigned char buf[SECTOR])
{
  if (lba >= w->cap)
    return 0;
  if (gl_range_pread (w->disk, buf, SECTOR, lba * SECTOR, w->err) == -1)
    return -1;
  return 1;
}

static void
put (struct walk *w, unsigned n, uint64_t from, uint64_t size, unsigned mbr_type)
{
  if (n < LIMIT)
    w->slot[n] = (struct slot) { .set = true, .from = from, .size = size,
                                 .mbr_type = mbr_type };
}

static int
unsupported (struct walk *w, const char *what)
{
  return gl_err_set (w->err, ENOTSUP, "the disk holds %s, which only the "
                     "appliance reads", what);
}

/* --- GPT (efi.c) ------------------------------------------------------ */

#define GPT_HEADER_MIN 92u
/* The kernel kmallocs the entry array: at most 4 MiB (KMALLOC_MAX_SIZE
 * on x86_64). */
#define GPT_ENTRIES_MAX (4u << 20)
#define GPT_ENTRY_SIZE 128u

static bool
protective_mbr (const unsigned char *s0)
{
  if (le16 (s0 + 510) != 0xaa55)
    return false;
  for (int i = 0; i < 4; i++) {
    const unsigned char *e = s0 + 446 + 16 * i;
    if (e[4] == 0xee && le32 (e + 8) == 1)
      return true;        /* protective, or hybrid: both are GPT disks */
  }
  return false;
}

/* The header at LBA and its entry array, when both are valid as the
 * kernel's is_gpt_valid judges them: 1 with *entries (malloc'd) and
 * HDR filled, 0 when invalid, -1 on a read error. */
static int
gpt_read (struct walk *w, uint64_t lba, unsigned char hdr[SECTOR],
          unsigned char **entries)
{
  int r = read_sector (w, lba, hdr);
  if (r <= 0)
    return r;
  if (memcmp (hdr, "EFI PART", 8) != 0)
    return 0;
  uint32_t hsize = le32 (hdr + 12);
  if (hsize < GPT_HEADER_MIN || hsize > SECTOR)
    return 0;
  unsigned char copy[SECTOR];
  memcpy (copy, hdr, hsize);
  memset (copy + 16, 0, 4);
  if (crc32 (0, copy, hsize) != le32 (hdr + 16))
    return 0;
  uint64_t last = w->cap - 1;
  uint64_t first_usable = le64 (hdr + 40), last_usable = le64 (hdr + 48);
  if (le64 (hdr + 24) != lba || first_usable > last || last_usable > last ||
      last_usable < first_usable)
    return 0;
  if (le32 (hdr + 84) != GPT_ENTRY_SIZE)
    return 0;
  uint64_t pt_size = (uint64_t) le32 (hdr + 80) * GPT_ENTRY_SIZE;
  if (pt_size == 0 || pt_size > GPT_ENTRIES_MAX)
    return 0;
  /* Every sector of the array on the disk (the kernel reads them one by
   * one and calls a short read invalid). */
  uint64_t elba = le64 (hdr + 72), nsec = (pt_size + SECTOR - 1) / SECTOR;
  if (elba > last || nsec > w->cap - elba)
    return 0;
  CLEANUP_FREE unsigned char *buf = malloc (pt_size);
  if (buf == NULL)
    return gl_err_set (w->err, ENOMEM, "out of memory");
  if (gl_range_pread (w->disk, buf, pt_size, elba * SECTOR, w->err) == -1)
    return -1;
  if (crc32 (0, buf, (uInt) pt_size) != le32 (hdr + 88))
    return 0;
  *entries = GL_STEAL (buf);
  return 1;
}

static void
guid_string (const unsigned char *g, char out[37])
{
  snprintf (out, 37, "%08x-%04x-%04x-%02x%02x-%02x%02x%02x%02x%02x%02x",
            le32 (g), le16 (g + 4), le16 (g + 6), g[8], g[9],
            g[10], g[11], g[12], g[13], g[14], g[15]);
}

/* 1: a GPT disk, slots filled; 0: not one; -1 with err (ENOTSUP too). */
static int
gpt_walk (struct walk *w, const unsigned char *s0)
{
  unsigned char hdr[SECTOR];
  CLEANUP_FREE unsigned char *ent = NULL;
  static const unsigned char zero[16];

  if (!protective_mbr (s0))
    return 0;
  int r = gpt_read (w, 1, hdr, &ent);
  if (r == -1)
    return -1;
  if (r == 0) {
    /* The kernel does not look at the backup header when the primary is
     * bad (unless booted with "gpt"): it finds no partitions.  A valid
     * backup means a damaged disk on which tools disagree; leave it to
     * the appliance, whose answer is the kernel's by construction. */
    r = gpt_read (w, w->cap - 1, hdr, &ent);
    if (r == -1)
      return -1;
    if (r == 1)
      return unsupported (w, "a GPT whose primary header is damaged and "
                          "whose backup is intact");
    return 0;
  }

  uint32_t n = le32 (hdr + 80);
  for (uint32_t i = 0; i < n && i < LIMIT - 1; i++) {
    const unsigned char *e = ent + (size_t) i * GPT_ENTRY_SIZE;
    uint64_t start = le64 (e + 32), end = le64 (e + 40);
    if (memcmp (e, zero, 16) == 0 || start > w->cap - 1 || end > w->cap - 1)
      continue;
    if (end < start) {
      /* end + 1 - start wraps: the kernel would make a device of an
       * absurd size.  Not something to imitate. */
      if (end + 1 == start)
        continue;       /* size 0: dropped, as the kernel drops it */
      return unsupported (w, "a GPT entry that ends before it starts");
    }
    put (w, i + 1, start, end - start + 1, 0);
    guid_string (e, w->slot[i + 1].gpt_type);
  }
  return 1;
}

/* --- MBR (msdos.c) ---------------------------------------------------- */

static bool
is_extended (unsigned type)
{
  return type == 0x05 || type == 0x0f || type == 0x85;
}

/* The kernel's parse_extended: the chain of extended boot records from
 * FIRST (FIRST_SIZE sectors), logical partitions numbered from w->next.
 * A chain that loops ends after 100 links with no data partition, or at
 * the partition limit. */
static int
parse_extended (struct walk *w, uint64_t first, uint64_t first_size)
{
  uint64_t this_sector = first, this_size = first_size;
  int loops = 0;
  unsigned char s[SECTOR];

  for (;;) {
    if (++loops > 100 || w->next >= LIMIT)
      return 0;
    int r = read_sector (w, this_sector, s);
    if (r <= 0)
      return r;
    if (le16 (s + 510) != 0xaa55)
      return 0;
    for (int i = 0; i < 4; i++) {
      const unsigned char *p = s + 446 + 16 * i;
      uint64_t offs = le32 (p + 8), size = le32 (p + 12);
      if (size == 0 || is_extended (p[4]))
        continue;
      uint64_t next = this_sector + offs;
      /* The 3rd and 4th entries sometimes hold garbage: they count only
       * inside this link and inside the extended partition. */
      if (i >= 2 && (offs + size > this_size || next < first ||
                     next + size > first + first_size))
        continue;
      put (w, w->next, next, size, p[4]);
      loops = 0;
      if (++w->next >= LIMIT)
        return 0;
    }
    int i;
    for (i = 0; i < 4; i++) {
      const unsigned char *p = s + 446 + 16 * i;
      if (le32 (p + 12) != 0 && is_extended (p[4])) {
        this_sector = first + le32 (p + 8);
        this_size = le32 (p + 12);
        break;
      }
    }
    if (i == 4)
      return 0;
  }
}

/* AIX's disks (EBCDIC "IBMA", an "_LVM" record at sector 7): the kernel
 * built without AIX support (Debian's) finds no MBR on them. */
static int
aix_disk (struct walk *w, const unsigned char *s0)
{
  static const unsigned char ibma[4] = { 0xc9, 0xc2, 0xd4, 0xc1 };
  unsigned char s7[SECTOR];

  if (memcmp (s0, ibma, 4) != 0)
    return 0;
  for (int i = 0; i < 4; i++) {
    unsigned t = s0[446 + 16 * i + 4];
    if (t == 0x82 || t == 0xfd || t == 0x83 || t == 0x8e || is_extended (t))
      return 0;
  }
  int r = read_sector (w, 7, s7);
  if (r <= 0)
    return r;
  return memcmp (s7, "_LVM", 4) == 0;
}

/* The labels the kernel reads inside a primary partition (msdos.c's
 * second pass), by type: where the label is (sectors from the
 * partition's start) and how it is recognized. */
struct sublabel {
  unsigned type;
  const char *name;
  unsigned sector;
  bool (*present) (const unsigned char *s);
};

static bool bsd_label (const unsigned char *s) { return le32 (s) == 0x82564557; }
static bool solaris_vtoc (const unsigned char *s) { return le32 (s + 12) == 0x600ddeee; }
static bool unixware_label (const unsigned char *s) { return le32 (s + 4) == 0xca5e600d; }
static bool minix_table (const unsigned char *s)
{
  return le16 (s + 510) == 0xaa55 && s[446 + 4] == 0x81;
}

static const struct sublabel sublabels[] = {
  { 0xa5, "a FreeBSD disklabel", 1, bsd_label },
  { 0xa9, "a NetBSD disklabel", 1, bsd_label },
  { 0xa6, "an OpenBSD disklabel", 1, bsd_label },
  { 0x81, "Minix subpartitions", 0, minix_table },
  { 0x63, "a UnixWare disklabel", 29, unixware_label },
  /* 0x82 is Linux swap too: only a sane VTOC makes it Solaris. */
  { 0x82, "a Solaris x86 VTOC", 1, solaris_vtoc },
  { 0xbf, "a Solaris x86 VTOC", 1, solaris_vtoc },
};

static int
subpartitions (struct walk *w, const unsigned char *s0)
{
  unsigned char s[SECTOR];

  for (int i = 0; i < 4; i++) {
    const unsigned char *p = s0 + 446 + 16 * i;
    if (le32 (p + 12) == 0)
      continue;
    for (size_t k = 0; k < sizeof sublabels / sizeof sublabels[0]; k++) {
      if (sublabels[k].type != p[4])
        continue;
      int r = read_sector (w, (uint64_t) le32 (p + 8) + sublabels[k].sector, s);
      if (r == -1)
        return -1;
      if (r == 1 && sublabels[k].present (s))
        return unsupported (w, sublabels[k].name);
    }
  }
  return 0;
}

/* A FAT boot sector (the kernel's check when a boot flag is neither 0
 * nor 0x80). */
static bool
fat_boot_sector (const unsigned char *s0)
{
  unsigned media = s0[21];
  return le16 (s0 + 14) != 0 && s0[16] != 0 && (media >= 0xf8 || media == 0xf0);
}

/* 1: an MBR disk (slots filled); 2: a FAT filesystem on the whole disk
 * (the kernel stops there, with no partitions); 0: not one; -1 with
 * err. */
static int
mbr_walk (struct walk *w, const unsigned char *s0)
{
  int r = aix_disk (w, s0);
  if (r != 0)
    return r == 1 ? 0 : -1;
  if (le16 (s0 + 510) != 0xaa55)
    return 0;
  for (int i = 0; i < 4; i++) {
    unsigned boot = s0[446 + 16 * i];
    if (boot != 0 && boot != 0x80)
      return i == 0 && fat_boot_sector (s0) ? 2 : 0;
  }
  for (int i = 0; i < 4; i++)
    if (s0[446 + 16 * i + 4] == 0xee)
      return 0;           /* a GPT disk the GPT parser refused */

  w->next = 5;
  for (unsigned slot = 1; slot <= 4; slot++) {
    const unsigned char *p = s0 + 446 + 16 * (slot - 1);
    uint64_t start = le32 (p + 8), size = le32 (p + 12);
    if (size == 0)
      continue;
    if (is_extended (p[4])) {
      /* The kernel's device for an extended partition is its first
       * sectors only (room for a boot loader, none for a filesystem). */
      put (w, slot, start, size < 2 ? size : 2, p[4]);
      if (parse_extended (w, start, size) == -1)
        return -1;
      continue;
    }
    put (w, slot, start, size, p[4]);
  }
  if (subpartitions (w, s0) == -1)
    return -1;
  return 1;
}

/* --- the other parsers: recognized, never read ---------------------- */

static bool
ics_table (const unsigned char *s0)
{
  uint64_t sum = 0x50617274;
  for (int i = 0; i < 508; i++)
    sum += s0[i];
  return sum == le32 (s0 + 508);
}

static bool sgi_label (const unsigned char *s0) { return be32 (s0) == 0x0be5a941; }
static bool osf_label (const unsigned char *s0) { return le32 (s0 + 64) == 0x82564557; }
static bool sun_label (const unsigned char *s0) { return be16 (s0 + 508) == 0xdabe; }
static bool karma_label (const unsigned char *s0) { return le16 (s0 + 510) == 0xab56; }

static bool
ldm_disk (const unsigned char *s0)
{
  if (le16 (s0 + 510) != 0xaa55)
    return false;
  for (int i = 0; i < 4; i++)
    if (s0[446 + 16 * i + 4] == 0x42)
      return true;
  return false;
}

/* Atari's root sector: any of its four entries valid as atari.c's
 * VALID_PARTITION says. */
static bool
atari_table (struct walk *w, const unsigned char *s0)
{
  for (int i = 0; i < 4; i++) {
    const unsigned char *p = s0 + 0x1c6 + 12 * i;
    uint64_t st = be32 (p + 4), siz = be32 (p + 8);
    if ((p[0] & 1) && isalnum_ascii (p[1]) && isalnum_ascii (p[2]) &&
        isalnum_ascii (p[3]) && st <= w->cap && st + siz <= w->cap)
      return true;
  }
  return false;
}

/* What the parsers after the MBR's would claim: the name, or NULL; -1
 * in *R on a read error. */
static const char *
late_label (struct walk *w, const unsigned char *s0, int *r)
{
  unsigned char s[SECTOR];

  *r = 0;
  if (osf_label (s0))
    return "an OSF/Alpha disklabel";
  if (sun_label (s0))
    return "a Sun disklabel";
  for (uint64_t lba = 0; lba < 16; lba++) {
    *r = read_sector (w, lba, s);
    if (*r == -1)
      return NULL;
    if (*r == 1 && memcmp (s, "RDSK", 4) == 0)
      return "an Amiga rigid disk block";
  }
  *r = 0;
  if (atari_table (w, s0))
    return "an Atari root sector";
  if (be16 (s0) == 0x4552) {
    *r = read_sector (w, 1, s);
    if (*r == -1)
      return NULL;
    if (*r == 1 && be16 (s) == 0x504d)
      return "an Apple partition map";
  }
  /* Ultrix: 72 bytes ending 16 KiB into the disk. */
  *r = read_sector (w, 31, s);
  if (*r == -1)
    return NULL;
  if (*r == 1 && le32 (s + 440) == 0x032957 && le32 (s + 444) == 1)
    return "an Ultrix disklabel";
  *r = 0;
  if (karma_label (s0))
    return "a Rio Karma partition table";
  return NULL;
}

/* --- the walk --------------------------------------------------------- */

/* The kernel's blk_add_partition, over every slot: the partitions in
 * number order. */
static int
collect (struct walk *w, struct gl_parts *out)
{
  size_t n = 0;
  out->part = calloc (LIMIT, sizeof *out->part);
  if (out->part == NULL)
    return gl_err_set (w->err, ENOMEM, "out of memory");
  for (unsigned i = 1; i < LIMIT; i++) {
    const struct slot *s = &w->slot[i];
    if (!s->set || s->size == 0 || s->from >= w->cap)
      continue;
    uint64_t size = s->size > w->cap - s->from ? w->cap - s->from : s->size;
    struct gl_part *p = &out->part[n++];
    p->number = i;
    p->start = s->from * SECTOR;
    p->size = size * SECTOR;
    p->mbr_type = s->mbr_type;
    memcpy (p->gpt_type, s->gpt_type, sizeof p->gpt_type);
  }
  out->n = n;
  return 0;
}

int
gl_partwalk (const struct gl_range *disk, struct gl_parts *out,
             struct gl_err *err)
{
  CLEANUP_FREE struct walk *w = calloc (1, sizeof *w);
  unsigned char s0[SECTOR];
  int r;

  *out = (struct gl_parts) { .table = GL_PT_NONE };
  if (w == NULL)
    return gl_err_set (err, ENOMEM, "out of memory");
  w->disk = disk;
  w->cap = disk->size / SECTOR;
  w->err = err;

  r = read_sector (w, 0, s0);
  if (r <= 0)
    return r;       /* smaller than a sector: no table */

  if (ics_table (s0))
    return unsupported (w, "an Acorn ICS partition table");
  r = gpt_walk (w, s0);
  if (r == -1)
    return -1;
  if (r == 1) {
    out->table = GL_PT_GPT;
    return collect (w, out);
  }
  if (sgi_label (s0))
    return unsupported (w, "an SGI disklabel");
  if (ldm_disk (s0))
    return unsupported (w, "a Windows dynamic disk (LDM)");
  r = mbr_walk (w, s0);
  if (r == -1)
    return -1;
  if (r == 2)
    return 0;
  if (r == 1) {
    out->table = GL_PT_MBR;
    return collect (w, out);
  }
  const char *late = late_label (w, s0, &r);
  if (r == -1)
    return -1;
  if (late)
    return unsupported (w, late);
  return 0;
}

void
gl_parts_free (struct gl_parts *p)
{
  if (p == NULL)
    return;
  free (p->part);
  p->part = NULL;
  p->n = 0;
}
