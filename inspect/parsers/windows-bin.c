/* guestlift: PE machine types, MountedDevices values and Windows osinfo
 * ids (pure; see windows-bin.h). */
#include <config.h>

#include <stdbool.h>
#include <string.h>

#include "windows-bin.h"

static uint16_t
le16 (const unsigned char *p)
{
  return (uint16_t) (p[0] | p[1] << 8);
}

static uint32_t
le32 (const unsigned char *p)
{
  return (uint32_t) p[0] | (uint32_t) p[1] << 8 | (uint32_t) p[2] << 16
    | (uint32_t) p[3] << 24;
}

static uint64_t
le64 (const unsigned char *p)
{
  return (uint64_t) le32 (p) | (uint64_t) le32 (p + 4) << 32;
}

/* IMAGE_FILE_MACHINE_* values. */
static const struct { uint16_t machine; const char *arch; } pe_machines[] = {
  { 0x014c, "i386" }, { 0x8664, "x86_64" }, { 0xaa64, "aarch64" },
  { 0x01c4, "arm" }, { 0x0200, "ia64" },
};

const char *
gl_pe_arch (const void *buf, size_t len)
{
  const unsigned char *p = buf;
  if (!p || len < 0x40 || p[0] != 'M' || p[1] != 'Z')
    return NULL;
  uint32_t pe = le32 (p + 0x3c);
  /* "PE\0\0", then the COFF header's Machine. */
  if (pe > len || len - pe < 6 || memcmp (p + pe, "PE\0\0", 4) != 0)
    return NULL;
  uint16_t machine = le16 (p + pe + 4);
  for (size_t i = 0; i < sizeof pe_machines / sizeof pe_machines[0]; ++i)
    if (pe_machines[i].machine == machine)
      return pe_machines[i].arch;
  return NULL;
}

#define SECTOR 512
#define GPT_PREFIX "DMIO:ID:"

/* An MBR disk (not GPT's protective MBR): the 0x55AA mark and no
 * partition of type 0xEE. */
static bool
is_mbr (const unsigned char *h, size_t hlen)
{
  if (hlen < SECTOR || h[510] != 0x55 || h[511] != 0xAA)
    return false;
  for (int i = 0; i < 4; ++i)
    if (h[446 + 16 * i + 4] == 0xEE)
      return false;
  return true;
}

int
gl_win_blob_partition (const void *blob, size_t blen, const void *head,
                       size_t hlen, uint64_t *offset)
{
  const unsigned char *b = blob, *h = head;
  if (!b || !h)
    return 0;
  /* MBR: the disk signature (at 0x1b8), then the partition's byte offset. */
  if (blen == 12) {
    if (!is_mbr (h, hlen) || memcmp (b, h + 0x1b8, 4) != 0)
      return 0;
    *offset = le64 (b + 4);
    return 1;
  }
  /* GPT: "DMIO:ID:" and the partition's unique GUID, stored as GPT
   * stores it (the same mixed-endian bytes). */
  size_t pl = sizeof GPT_PREFIX - 1;
  if (blen < pl + 16 || memcmp (b, GPT_PREFIX, pl) != 0)
    return 0;
  if (hlen < 2 * SECTOR || memcmp (h + SECTOR, "EFI PART", 8) != 0)
    return 0;
  const unsigned char *hdr = h + SECTOR;
  uint64_t lba = le64 (hdr + 72);
  uint32_t n = le32 (hdr + 80), size = le32 (hdr + 84);
  if (size < 128 || lba > hlen / SECTOR)
    return 0;
  uint64_t start = lba * SECTOR;
  for (uint64_t i = 0; i < n; ++i) {
    if (start + (i + 1) * (uint64_t) size > hlen)
      break;
    const unsigned char *e = h + start + i * size;
    if (memcmp (e + 16, b + pl, 16) == 0) {
      uint64_t first = le64 (e + 32);
      if (first > UINT64_MAX / SECTOR)
        return 0;
      *offset = first * SECTOR;
      return 1;
    }
  }
  return 0;
}

static bool
has (const char *s, const char *word)
{
  return s && strstr (s, word);
}

const char *
gl_windows_osinfo (int major, int minor, const char *name, const char *variant)
{
  bool server = has (variant, "Server");
  /* The version table of libosinfo's Windows ids. */
  static const struct { int major, minor; const char *client, *server; } ids[] = {
    { 6, 0, "winvista", "win2k8" }, { 6, 1, "win7", "win2k8r2" },
    { 6, 2, "win8", "win2k12" }, { 6, 3, "win8.1", "win2k12r2" },
  };
  if (major == 5 && minor == 1)
    return "winxp";
  if (major == 5 && minor == 2)
    return has (name, "XP") ? "winxp" : has (name, "R2") ? "win2k3r2" : "win2k3";
  for (size_t i = 0; i < sizeof ids / sizeof ids[0]; ++i)
    if (ids[i].major == major && ids[i].minor == minor)
      return server ? ids[i].server : ids[i].client;
  if (major == 10 && minor == 0) {
    if (!server)
      return "win10";
    return has (name, "2022") ? "win2k22" : has (name, "2019") ? "win2k19" : "win2k16";
  }
  return "unknown";
}
