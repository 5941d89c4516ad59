/* Unit tests for inspect/parsers/windows-bin.c: PE machine types,
 * MountedDevices values against MBR and GPT disks, Windows osinfo ids. */
#include <config.h>

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "tap.h"
#include "windows-bin.h"

static void
put32 (unsigned char *p, uint32_t v)
{
  for (int i = 0; i < 4; ++i)
    p[i] = (unsigned char) (v >> (8 * i));
}

static void
put64 (unsigned char *p, uint64_t v)
{
  for (int i = 0; i < 8; ++i)
    p[i] = (unsigned char) (v >> (8 * i));
}

/* A PE header at 0x80 with MACHINE. */
static void
pe (unsigned char *buf, size_t len, uint16_t machine)
{
  memset (buf, 0, len);
  buf[0] = 'M'; buf[1] = 'Z';
  put32 (buf + 0x3c, 0x80);
  memcpy (buf + 0x80, "PE\0\0", 4);
  buf[0x84] = (unsigned char) machine;
  buf[0x85] = (unsigned char) (machine >> 8);
}

static void
test_pe (void)
{
  unsigned char b[512];
  pe (b, sizeof b, 0x8664);
  is_str (gl_pe_arch (b, sizeof b), "x86_64", "PE32+ AMD64 is x86_64");
  pe (b, sizeof b, 0x014c);
  is_str (gl_pe_arch (b, sizeof b), "i386", "PE32 I386 is i386");
  pe (b, sizeof b, 0xaa64);
  is_str (gl_pe_arch (b, sizeof b), "aarch64", "ARM64 is aarch64");
  pe (b, sizeof b, 0x1234);
  is_str (gl_pe_arch (b, sizeof b), NULL, "an unknown machine is NULL");
  pe (b, sizeof b, 0x8664);
  is_str (gl_pe_arch (b, 0x85), NULL, "a header cut before its Machine is NULL");
  put32 (b + 0x3c, 0xfffffff0);
  is_str (gl_pe_arch (b, sizeof b), NULL, "e_lfanew past the buffer is NULL");
  pe (b, sizeof b, 0x8664);
  b[0] = 'X';
  is_str (gl_pe_arch (b, sizeof b), NULL, "no MZ: not a PE image");
  pe (b, sizeof b, 0x8664);
  b[0x81] = 'X';
  is_str (gl_pe_arch (b, sizeof b), NULL, "no PE signature: not a PE image");
  is_str (gl_pe_arch (NULL, 0), NULL, "nothing is not a PE image");
}

/* An MBR disk with signature SIG and partition 1 of TYPE. */
static void
mbr (unsigned char *h, size_t len, uint32_t sig, unsigned char type)
{
  memset (h, 0, len);
  put32 (h + 0x1b8, sig);
  h[446 + 4] = type;
  h[510] = 0x55; h[511] = 0xAA;
}

static const unsigned char guid[16] = {
  0x10, 0x32, 0x54, 0x76, 0x98, 0xba, 0xdc, 0xfe,
  0x01, 0x23, 0x45, 0x67, 0x89, 0xab, 0xcd, 0xef,
};

/* A GPT disk: its header at LBA 1, N entries at LBA 2, entry I with
 * GUID (I == which) starting at 2048 + I * 1000. */
static void
gpt (unsigned char *h, size_t len, uint32_t n, uint32_t which)
{
  mbr (h, len, 0, 0xEE);
  memcpy (h + 512, "EFI PART", 8);
  put64 (h + 512 + 72, 2);
  put32 (h + 512 + 80, n);
  put32 (h + 512 + 84, 128);
  for (uint32_t i = 0; i < n && 1024 + (i + 1) * 128 <= len; ++i) {
    unsigned char *e = h + 1024 + i * 128;
    memset (e + 16, (int) (i + 1), 16);
    if (i == which)
      memcpy (e + 16, guid, 16);
    put64 (e + 32, 2048 + (uint64_t) i * 1000);
  }
}

static void
test_blobs (void)
{
  unsigned char *h = calloc (1, GL_DISK_HEAD_MAX);
  unsigned char blob[24];
  uint64_t off = 0;

  mbr (h, GL_DISK_HEAD_MAX, 0xdeadbeef, 0x07);
  put32 (blob, 0xdeadbeef);
  put64 (blob + 4, 105906176);
  is_int (gl_win_blob_partition (blob, 12, h, 512, &off), 1,
          "an MBR value with the disk's signature names this disk");
  ok (off == 105906176, "its byte offset is the partition's (%llu)",
      (unsigned long long) off);
  put32 (blob, 0xcafebabe);
  is_int (gl_win_blob_partition (blob, 12, h, 512, &off), 0,
          "another disk's signature does not");
  put32 (blob, 0xdeadbeef);
  is_int (gl_win_blob_partition (blob, 12, h, 511, &off), 0,
          "a disk head shorter than a sector does not");
  h[511] = 0;
  is_int (gl_win_blob_partition (blob, 12, h, 512, &off), 0,
          "a disk without the 0x55AA mark does not");
  is_int (gl_win_blob_partition (blob, 11, h, 512, &off), 0,
          "an 11-byte value is neither MBR nor GPT");

  /* GPT: the protective MBR is no MBR. */
  gpt (h, GL_DISK_HEAD_MAX, 128, 3);
  put32 (blob, 0);
  put64 (blob + 4, 2048 * 512);
  is_int (gl_win_blob_partition (blob, 12, h, GL_DISK_HEAD_MAX, &off), 0,
          "an MBR value does not match a GPT disk's protective MBR");
  memcpy (blob, "DMIO:ID:", 8);
  memcpy (blob + 8, guid, 16);
  off = 0;
  is_int (gl_win_blob_partition (blob, 24, h, GL_DISK_HEAD_MAX, &off), 1,
          "a GPT value names the partition with its GUID");
  ok (off == (2048 + 3 * 1000) * 512ULL, "at its first LBA, in bytes");
  is_int (gl_win_blob_partition (blob, 24, h, 1024 + 3 * 128, &off), 0,
          "an entry past the bytes read is not looked at");
  blob[8] ^= 1;
  is_int (gl_win_blob_partition (blob, 24, h, GL_DISK_HEAD_MAX, &off), 0,
          "another GUID is not found");
  blob[8] ^= 1;
  memcpy (h + 512, "EFI PARX", 8);
  is_int (gl_win_blob_partition (blob, 24, h, GL_DISK_HEAD_MAX, &off), 0,
          "no GPT header: no GPT partition");
  gpt (h, GL_DISK_HEAD_MAX, 0xffffffff, 3);
  put64 (h + 512 + 72, UINT64_MAX / 2);
  is_int (gl_win_blob_partition (blob, 24, h, GL_DISK_HEAD_MAX, &off), 0,
          "entries LBA past the head: nothing, no overflow");
  gpt (h, GL_DISK_HEAD_MAX, 4, 3);
  put32 (h + 512 + 84, 16);
  is_int (gl_win_blob_partition (blob, 24, h, GL_DISK_HEAD_MAX, &off), 0,
          "entries smaller than 128 bytes are refused");
  is_int (gl_win_blob_partition ("\\??\\IDE#CdRomQEMU", 18, h, GL_DISK_HEAD_MAX, &off), 0,
          "a CD-ROM value names no partition");
  free (h);
}

static void
test_osinfo (void)
{
  static const struct { int major, minor; const char *name, *variant, *id; } t[] = {
    { 6, 1, "Windows 7 Professional", NULL, "win7" },
    { 6, 1, "Windows 7 Professional", "Client", "win7" },
    { 6, 1, "Windows Server 2008 R2 Standard", "Server", "win2k8r2" },
    { 6, 0, "Windows Vista (TM) Business", "Client", "winvista" },
    { 6, 0, "Windows Server (R) 2008 Standard", "Server", "win2k8" },
    { 6, 2, "Windows 8", "Client", "win8" },
    { 6, 3, "Windows Server 2012 R2", "Server", "win2k12r2" },
    { 5, 1, "Microsoft Windows XP", NULL, "winxp" },
    { 5, 2, "Microsoft Windows XP", NULL, "winxp" },
    { 5, 2, "Microsoft Windows Server 2003 R2", NULL, "win2k3r2" },
    { 5, 2, "Microsoft Windows Server 2003", NULL, "win2k3" },
    { 10, 0, "Windows 10 Pro", "Client", "win10" },
    { 10, 0, "Windows Server 2019 Standard", "Server", "win2k19" },
    { 10, 0, "Windows Server 2022 Datacenter", "Server", "win2k22" },
    { 10, 0, "Windows Server 2016 Standard", "Server", "win2k16" },
    { 0, 0, "Windows", NULL, "unknown" },
    { 6, 9, "Windows", NULL, "unknown" },
  };
  for (size_t i = 0; i < sizeof t / sizeof t[0]; ++i)
    is_str (gl_windows_osinfo (t[i].major, t[i].minor, t[i].name, t[i].variant),
            t[i].id, "%d.%d %s (%s) is %s", t[i].major, t[i].minor, t[i].name,
            t[i].variant ? t[i].variant : "no variant", t[i].id);
}

int
main (void)
{
  test_pe ();
  test_blobs ();
  test_osinfo ();
  return tap_done ();
}
