/* Unit tests for common/hostio/partwalk.c: disks partitioned by sfdisk
 * read back as partx reads them (numbers, starts, sizes; the extended
 * partition's device is its first two sectors, as the kernel makes it),
 * and hand-damaged tables read as the kernel reads them. */
#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <zlib.h>

#include "blocksrc.h"
#include "cleanup.h"
#include "partwalk.h"
#include "scratch.h"
#include "spawn.h"
#include "tap.h"

#define MiB (1024 * 1024)

static bool have_sfdisk;

/* An empty (sparse) file of SIZE bytes partitioned by sfdisk with SCRIPT
 * (NULL: left blank).  false when sfdisk failed. */
static bool
make_disk (const char *path, off_t size, const char *script)
{
  if (!scratch_sparse (path, size))
    abort ();
  const char *argv[] = { "sfdisk", "-q", "--no-reread", "--no-tell-kernel", path, NULL };
  return script == NULL || scratch_run_input (argv, script);
}

static void
poke (const char *path, off_t off, const void *bytes, size_t n)
{
  int fd = open (path, O_WRONLY);
  if (fd == -1 || pwrite (fd, bytes, n, off) != (ssize_t) n)
    abort ();
  close (fd);
}

static void
peek (const char *path, off_t off, void *bytes, size_t n)
{
  int fd = open (path, O_RDONLY);
  if (fd == -1 || pread (fd, bytes, n, off) != (ssize_t) n)
    abort ();
  close (fd);
}

/* Walk PATH: the walker's return, *P filled. */
static int
walk (const char *path, struct gl_parts *p, struct gl_err *err)
{
  struct gl_blocksrc *b = gl_blocksrc_open (path, "raw", false, err);
  if (!b)
    return -2;
  int r = gl_partwalk (gl_blocksrc_range (b), p, err);
  gl_blocksrc_close (b);
  return r;
}

/* Does the walk of PATH agree with "partx -g -o NR,START,SECTORS"
 * (TABLE expected; the extended partition EXT, when not 0, a device of
 * two sectors)? */
static void
check_with_partx (const char *name, const char *path, enum gl_parttable table,
                  unsigned ext)
{
  const char *argv[] = { "partx", "-g", "-o", "NR,START,SECTORS", path, NULL };
  struct gl_spawn_result r;
  struct gl_parts p;
  CLEANUP_ERR struct gl_err err = GL_ERR_INIT;

  if (gl_spawn (argv, 65536, &r) == -1) {
    ok (0, "%s: partx runs", name);
    return;
  }
  int w = walk (path, &p, &err);
  ok (w == 0, "%s: walked (%s)", name, gl_err_msg (&err, "no error"));
  is_int (p.table, table, "%s: table type", name);
  /* partx exits 1 with nothing on stdout when there is no table. */
  size_t i = 0;
  bool same = true;
  const char *line = r.out ? r.out : "";
  unsigned nr;
  unsigned long long start, sectors;
  int used;
  while (sscanf (line, " %u %llu %llu%n", &nr, &start, &sectors, &used) == 3) {
    line += used;
    if (nr == ext)
      sectors = 2;
    if (i >= p.n || p.part[i].number != nr || p.part[i].start != start * 512 ||
        p.part[i].size != sectors * 512) {
      printf ("# partx: %u %llu %llu; walker: %s\n", nr, start, sectors,
              i < p.n ? "differs" : "nothing");
      same = false;
    }
    i++;
  }
  ok (same && i == p.n, "%s: the walker's %zu partitions are partx's %zu", name, p.n, i);
  gl_parts_free (&p);
  gl_spawn_result_free (&r);
}

static void
test_sfdisk (void)
{
  CLEANUP_FREE char *mbr = scratch_path ("mbr.img");
  CLEANUP_FREE char *gpt = scratch_path ("gpt.img");
  CLEANUP_FREE char *empty_mbr = scratch_path ("empty-mbr.img");
  CLEANUP_FREE char *empty_gpt = scratch_path ("empty-gpt.img");
  CLEANUP_FREE char *blank = scratch_path ("blank.img");

  if (!make_disk (mbr, 64 * MiB,
                  "label: dos\n"
                  "start=2048, size=4096, type=83\n"
                  "start=8192, size=40960, type=5\n"
                  "start=10240, size=2048, type=83\n"
                  "start=14336, size=2048, type=82\n"
                  "start=18432, size=4096, type=8e\n"
                  "start=53248, size=2048, type=c\n") ||
      !make_disk (gpt, 64 * MiB,
                  "label: gpt\n"
                  "1: start=2048, size=4096, type=L\n"
                  "2: start=8192, size=4096, type=S\n"
                  "5: start=16384, size=8192, type=V\n") ||
      !make_disk (empty_mbr, 8 * MiB, "label: dos\n") ||
      !make_disk (empty_gpt, 8 * MiB, "label: gpt\n") ||
      !make_disk (blank, 8 * MiB, NULL)) {
    ok (0, "sfdisk makes the test disks");
    return;
  }
  check_with_partx ("MBR with logical partitions", mbr, GL_PT_MBR, 2);
  check_with_partx ("GPT with a gap", gpt, GL_PT_GPT, 0);
  check_with_partx ("empty MBR", empty_mbr, GL_PT_MBR, 0);
  check_with_partx ("empty GPT", empty_gpt, GL_PT_GPT, 0);
  check_with_partx ("no table", blank, GL_PT_NONE, 0);

  /* Types as written. */
  struct gl_parts p;
  if (walk (mbr, &p, NULL) == 0 && p.n == 6) {
    ok (p.part[0].mbr_type == 0x83 && p.part[1].mbr_type == 0x05 &&
        p.part[2].mbr_type == 0x0c && p.part[4].mbr_type == 0x82 &&
        p.part[5].mbr_type == 0x8e && p.part[0].gpt_type[0] == '\0',
        "MBR: the type bytes");
    ok (p.part[2].number == 3 && p.part[3].number == 5 && p.part[4].number == 6 &&
        p.part[5].number == 7, "MBR: logical partitions numbered from 5");
  }
  else
    ok (0, "MBR: six partitions");
  gl_parts_free (&p);
  if (walk (gpt, &p, NULL) == 0 && p.n == 3) {
    is_str (p.part[0].gpt_type, "0fc63daf-8483-4772-8e79-3d69d8477de4", "GPT: Linux data type GUID");
    is_str (p.part[2].gpt_type, "e6d6d379-f507-44c2-a23c-238f2a3df928", "GPT: LVM type GUID");
    ok (p.part[0].mbr_type == 0, "GPT: no MBR type");
  }
  else
    ok (0, "GPT: three partitions");
  gl_parts_free (&p);
}

/* An MBR entry. */
static void
mbr_entry (unsigned char *s0, int i, unsigned boot, unsigned type,
           uint32_t start, uint32_t size)
{
  unsigned char *e = s0 + 446 + 16 * i;
  memset (e, 0, 16);
  e[0] = boot;
  e[4] = type;
  for (int k = 0; k < 4; k++) {
    e[8 + k] = (start >> (8 * k)) & 0xff;
    e[12 + k] = (size >> (8 * k)) & 0xff;
  }
  s0[510] = 0x55;
  s0[511] = 0xaa;
}

static void
test_mbr_hostile (void)
{
  CLEANUP_FREE char *d = scratch_path ("hostile.img");
  unsigned char s[512];
  struct gl_parts p;
  CLEANUP_ERR struct gl_err err = GL_ERR_INIT;

  /* A partition running past the end is cut at the end; one starting
   * past it is dropped. */
  make_disk (d, 1 * MiB, NULL);
  memset (s, 0, sizeof s);
  mbr_entry (s, 0, 0x80, 0x83, 2048 - 100, 1000);
  mbr_entry (s, 1, 0, 0x83, 5000, 10);
  mbr_entry (s, 3, 0, 0x83, 0, 1);
  poke (d, 0, s, 512);
  ok (walk (d, &p, &err) == 0 && p.n == 2 && p.part[0].number == 1 &&
      p.part[0].size == 100 * 512 && p.part[1].number == 4 && p.part[1].start == 0,
      "a partition past the end: cut; one starting past it: dropped");
  gl_parts_free (&p);

  /* An extended chain that loops on itself ends. */
  memset (s, 0, sizeof s);
  mbr_entry (s, 0, 0, 0x05, 100, 1000);
  poke (d, 0, s, 512);
  memset (s, 0, sizeof s);
  mbr_entry (s, 0, 0, 0x83, 10, 10);
  mbr_entry (s, 1, 0, 0x05, 0, 1000);    /* the next link: itself */
  poke (d, 100 * 512, s, 512);
  ok (walk (d, &p, &err) == 0 && p.n == GL_PARTWALK_MAX - 4 &&
      p.part[p.n - 1].number == GL_PARTWALK_MAX - 1,
      "a looping chain with a data partition: ends at the partition limit");
  gl_parts_free (&p);
  memset (s, 0, sizeof s);
  mbr_entry (s, 1, 0, 0x05, 0, 1000);    /* no data partition */
  poke (d, 100 * 512, s, 512);
  ok (walk (d, &p, &err) == 0 && p.n == 1 && p.part[0].size == 1024,
      "a looping chain of empty links: ends");
  gl_parts_free (&p);

  /* A link past the end of the disk ends the chain. */
  memset (s, 0, sizeof s);
  mbr_entry (s, 0, 0, 0x83, 10, 10);
  mbr_entry (s, 1, 0, 0x05, 1u << 30, 1000);
  poke (d, 100 * 512, s, 512);
  ok (walk (d, &p, &err) == 0 && p.n == 2 && p.part[1].number == 5,
      "a link past the end of the disk: the chain ends");
  gl_parts_free (&p);

  /* A bad boot flag: not an MBR (and a FAT boot sector: not one
   * either). */
  memset (s, 0, sizeof s);
  mbr_entry (s, 0, 0x12, 0x83, 10, 10);
  poke (d, 0, s, 512);
  ok (walk (d, &p, &err) == 0 && p.table == GL_PT_NONE && p.n == 0,
      "a boot flag neither 0 nor 0x80: no table");
  s[14] = 1; s[16] = 2; s[21] = 0xf8;
  poke (d, 0, s, 512);
  ok (walk (d, &p, &err) == 0 && p.table == GL_PT_NONE,
      "a FAT boot sector: no table");

  /* Type 0x82: swap, unless a Solaris VTOC is there. */
  memset (s, 0, sizeof s);
  mbr_entry (s, 0, 0, 0x82, 64, 512);
  poke (d, 0, s, 512);
  ok (walk (d, &p, &err) == 0 && p.n == 1, "type 0x82 without a VTOC: swap");
  gl_parts_free (&p);
  static const unsigned char sane[4] = { 0xee, 0xde, 0x0d, 0x60 };
  poke (d, 65 * 512 + 12, sane, 4);
  ok (walk (d, &p, &err) == -1 && err.errnum == ENOTSUP && strstr (err.msg, "Solaris"),
      "type 0x82 with a Solaris VTOC: ENOTSUP");
  printf ("# %s\n", gl_err_msg (&err, ""));

  /* A FreeBSD slice with a disklabel. */
  memset (s, 0, sizeof s);
  mbr_entry (s, 0, 0, 0xa5, 64, 512);
  poke (d, 0, s, 512);
  static const unsigned char bsd[4] = { 0x57, 0x45, 0x56, 0x82 };
  poke (d, 65 * 512, bsd, 4);
  ok (walk (d, &p, &err) == -1 && err.errnum == ENOTSUP && strstr (err.msg, "FreeBSD"),
      "a FreeBSD disklabel: ENOTSUP");

  /* Windows dynamic disk; Sun label. */
  memset (s, 0, sizeof s);
  mbr_entry (s, 0, 0, 0x42, 64, 512);
  poke (d, 0, s, 512);
  ok (walk (d, &p, &err) == -1 && err.errnum == ENOTSUP, "an LDM partition: ENOTSUP");
  memset (s, 0, sizeof s);
  s[508] = 0xda; s[509] = 0xbe;
  poke (d, 0, s, 512);
  ok (walk (d, &p, &err) == -1 && err.errnum == ENOTSUP && strstr (err.msg, "Sun"),
      "a Sun disklabel: ENOTSUP");

  /* Smaller than a sector. */
  make_disk (d, 100, NULL);
  ok (walk (d, &p, &err) == 0 && p.table == GL_PT_NONE, "a 100-byte disk: no table");
}

/* Recompute the CRC of the GPT header at OFF in PATH. */
static void
gpt_fix_header_crc (const char *path, off_t off)
{
  unsigned char h[92];
  peek (path, off, h, sizeof h);
  memset (h + 16, 0, 4);
  uint32_t c = crc32 (0, h, sizeof h);
  unsigned char cb[4] = { c & 0xff, (c >> 8) & 0xff, (c >> 16) & 0xff, c >> 24 };
  poke (path, off + 16, cb, 4);
}

/* Recompute the entry array's CRC, then the header's, of the GPT header
 * at OFF in PATH (128-byte entries). */
static void
gpt_fix_crcs (const char *path, off_t off)
{
  unsigned char h[92];
  peek (path, off, h, sizeof h);
  uint64_t lba = 0;
  for (int k = 7; k >= 0; k--)
    lba = (lba << 8) | h[72 + k];
  uint32_t n = h[80] | (h[81] << 8) | (h[82] << 16) | ((uint32_t) h[83] << 24);
  unsigned char *e = malloc ((size_t) n * 128);
  peek (path, lba * 512, e, (size_t) n * 128);
  uint32_t c = crc32 (0, e, n * 128);
  free (e);
  unsigned char cb[4] = { c & 0xff, (c >> 8) & 0xff, (c >> 16) & 0xff, c >> 24 };
  poke (path, off + 88, cb, 4);
  gpt_fix_header_crc (path, off);
}

static void
test_gpt_hostile (void)
{
  CLEANUP_FREE char *d = scratch_path ("gpt-hostile.img");
  struct gl_parts p;
  CLEANUP_ERR struct gl_err err = GL_ERR_INIT;
  const off_t size = 8 * MiB, backup = size - 512;
  const char *script = "label: gpt\nstart=2048, size=2048, type=L\n";

  /* The primary header damaged, the backup intact: the kernel reads
   * neither; ENOTSUP. */
  make_disk (d, size, script);
  poke (d, 512 + 40, "\x01", 1);
  ok (walk (d, &p, &err) == -1 && err.errnum == ENOTSUP && strstr (err.msg, "backup"),
      "GPT: primary header CRC wrong, backup intact: ENOTSUP");
  printf ("# %s\n", gl_err_msg (&err, ""));
  /* Both damaged: no table. */
  poke (d, backup + 40, "\x01", 1);
  ok (walk (d, &p, &err) == 0 && p.table == GL_PT_NONE && p.n == 0,
      "GPT: both headers damaged: no table");

  /* The entry array's CRC wrong (primary and backup): no table. */
  make_disk (d, size, script);
  poke (d, 1024 + 128 + 100, "x", 1);
  poke (d, backup - 32 * 512 + 128 + 100, "x", 1);
  ok (walk (d, &p, &err) == 0 && p.table == GL_PT_NONE, "GPT: entry array CRC wrong: no table");

  /* An absurd entry size or count, CRC fixed: not a valid header. */
  make_disk (d, size, script);
  poke (d, 512 + 84, "\x00\x01\x00\x00", 4);   /* 256-byte entries */
  gpt_fix_header_crc (d, 512);
  ok (walk (d, &p, &err) == -1 && err.errnum == ENOTSUP,
      "GPT: 256-byte entries in the primary: invalid (backup intact: ENOTSUP)");
  make_disk (d, size, script);
  poke (d, 512 + 80, "\xff\xff\xff\xff", 4);   /* 2^32-1 entries */
  gpt_fix_header_crc (d, 512);
  ok (walk (d, &p, &err) == -1 && err.errnum == ENOTSUP,
      "GPT: 4G entries in the primary: invalid, nothing allocated");

  /* A protective MBR whose 0xEE entry does not start at LBA 1: the
   * kernel reads no table at all. */
  make_disk (d, size, script);
  poke (d, 446 + 8, "\x02", 1);
  ok (walk (d, &p, &err) == 0 && p.table == GL_PT_NONE,
      "GPT: a protective entry not at LBA 1: no table");

  /* An entry past the end of the disk is skipped (the kernel's
   * is_pte_valid); one ending one sector before it starts is empty;
   * one ending further before its start is ENOTSUP.  A disk cut short
   * (last usable LBA past the end) has no table. */
  make_disk (d, size, "label: gpt\nstart=2048, size=2048, type=L\nstart=4096, size=4096, type=L\n");
  poke (d, 1024 + 128 + 40, "\x00\x40\x00\x00", 4);      /* entry 2 ends at LBA 16384 */
  gpt_fix_crcs (d, 512);
  ok (walk (d, &p, &err) == 0 && p.table == GL_PT_GPT && p.n == 1 && p.part[0].number == 1,
      "GPT: an entry ending past the end of the disk: skipped");
  gl_parts_free (&p);
  poke (d, 1024 + 128 + 40, "\xff\x0f\x00\x00", 4);      /* ends at 4095: empty */
  gpt_fix_crcs (d, 512);
  ok (walk (d, &p, &err) == 0 && p.n == 1, "GPT: an entry of size 0: skipped");
  gl_parts_free (&p);
  poke (d, 1024 + 128 + 40, "\x00\x0f\x00\x00", 4);      /* ends at 3840 */
  gpt_fix_crcs (d, 512);
  ok (walk (d, &p, &err) == -1 && err.errnum == ENOTSUP,
      "GPT: an entry ending before its start: ENOTSUP");
  make_disk (d, size, script);
  if (truncate (d, 3 * MiB) == -1)
    abort ();
  ok (walk (d, &p, &err) == 0 && p.table == GL_PT_NONE,
      "GPT: last usable LBA past the end of a disk cut short: no table");
  gl_parts_free (&p);
}

int
main (void)
{
  if (!scratch_open ("test-partwalk"))
    return 1;
  have_sfdisk = gl_have_program ("sfdisk") && gl_have_program ("partx");
  if (have_sfdisk) {
    test_sfdisk ();
    test_gpt_hostile ();
  }
  else
    printf ("# sfdisk or partx missing: their tests skipped\n");
  test_mbr_hostile ();
  scratch_close ();
  return tap_done ();
}
