/* guestlift: what kind of kernel image a file is (x86 bzImage, plain ELF
 * vmlinux, gzip'd ELF as XenLinux kernels ship), whether its ELF carries
 * Xen PV notes, and its embedded config (IKCONFIG) -- all on the host,
 * with libarchive doing the decompression.
 *
 * The bytes come from a guest: every offset read from them is checked
 * against the buffer before use, and decompressed output is bounded.
 */
#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <archive.h>
#include <zlib.h>

#include "cleanup.h"
#include "error.h"
#include "kimage.h"
#include "mapfile.h"

/* ---- decompression (libarchive, raw format) ------------------------- */

/* The compressions a kernel or an initramfs uses, by magic.  lz4 is the
 * legacy frame the kernel's "lz4 -l" writes; the modern frame is there
 * too since initramfs tools use it. */
static const struct {
  const char *name;
  unsigned char magic[6];
  size_t len;
} compressions[] = {
  { "gzip",  { 0x1f, 0x8b, 0x08 }, 3 },
  { "xz",    { 0xfd, '7', 'z', 'X', 'Z', 0x00 }, 6 },
  { "bzip2", { 'B', 'Z', 'h' }, 3 },
  { "lzma",  { 0x5d, 0x00, 0x00 }, 3 },
  { "zstd",  { 0x28, 0xb5, 0x2f, 0xfd }, 4 },
  { "lz4",   { 0x02, 0x21, 0x4c, 0x18 }, 4 },
  { "lz4",   { 0x04, 0x22, 0x4d, 0x18 }, 4 },
};
#define N_COMPRESSIONS (sizeof compressions / sizeof compressions[0])

const char *
gl_compression_name (const void *data, size_t len)
{
  for (size_t i = 0; i < N_COMPRESSIONS; ++i)
    if (len >= compressions[i].len &&
        memcmp (data, compressions[i].magic, compressions[i].len) == 0)
      return compressions[i].name;
  return NULL;
}

/* Only the filters we need, not archive_read_support_filter_all: "all"
 * includes filters (lrzip, lzop, grzip, ...) that run external programs,
 * which hostile bytes should never be able to start. */
static void
add_filters (struct archive *a, bool gzip_only)
{
  archive_read_support_filter_gzip (a);
  if (gzip_only)
    return;
  archive_read_support_filter_xz (a);
  archive_read_support_filter_lzma (a);
  archive_read_support_filter_bzip2 (a);
  archive_read_support_filter_lz4 (a);
  archive_read_support_filter_zstd (a);
}

static char *
archive_reason (struct archive *a)
{
  const char *s = archive_error_string (a);
  return gl_one_line (s && *s ? s : "unknown decompression error");
}

/* libarchive's reason, as the error. */
static void
archive_fail (struct archive *a, struct gl_err *err)
{
  CLEANUP_FREE char *reason = archive_reason (a);
  gl_err_set (err, reason ? EINVAL : ENOMEM, "%s", reason ? reason : "out of memory");
}

int
gl_unpack_stream (const void *data, size_t len, bool gzip_only,
                  gl_unpack_sink sink, void *opaque, size_t *consumed,
                  struct gl_err *err)
{
  struct archive *a;
  struct archive_entry *entry;
  int r = -1;
  CLEANUP_ERR struct gl_err e = GL_ERR_INIT;

  if (consumed)
    *consumed = 0;
  if (len == 0)
    return gl_err_set (err, EINVAL, "empty compressed stream");
  a = archive_read_new ();
  if (!a)
    return gl_err_set (err, ENOMEM, "out of memory");
  add_filters (a, gzip_only);
  archive_read_support_format_raw (a);
  if (archive_read_open_memory (a, data, len) != ARCHIVE_OK ||
      archive_read_next_header (a, &entry) != ARCHIVE_OK) {
    archive_fail (a, &e);
    goto out;
  }
  /* The raw format accepts anything; only a real filter means that the
   * bytes were a compressed stream. */
  if (archive_filter_code (a, 0) == ARCHIVE_FILTER_NONE) {
    gl_err_set (&e, EINVAL, "unrecognised compression format");
    goto out;
  }

  for (;;) {
    char buf[65536];
    la_ssize_t n = archive_read_data (a, buf, sizeof buf);
    if (n == 0)
      break;
    if (n < 0) {
      if (n == ARCHIVE_RETRY)
        continue;
      archive_fail (a, &e);
      goto out;
    }
    int s = sink (opaque, buf, (size_t) n, &e);
    if (s == -1)
      goto out;
    if (s == 1)
      break;
  }
  r = 0;

 out:
  if (consumed) {
    /* Filter -1 is the one reading our memory: how far it got. */
    la_int64_t c = archive_filter_bytes (a, -1);
    *consumed = c > 0 && (uint64_t) c <= len ? (size_t) c : 0;
  }
  archive_read_free (a);
  if (r == -1) {
    if (!e.msg)
      gl_err_set (&e, ENOMEM, "out of memory");
    gl_err_move (err, &e);
  }
  return r;
}

/* ---- byte readers ----------------------------------------------------- */

static uint32_t
le16 (const unsigned char *p)
{
  return p[0] | (uint32_t) p[1] << 8;
}

static uint32_t
le32 (const unsigned char *p)
{
  return p[0] | (uint32_t) p[1] << 8 | (uint32_t) p[2] << 16 |
    (uint32_t) p[3] << 24;
}

/* Where an ELF class keeps what is read here: offsets in the file
 * header, in a program header and in a section header. */
struct elf_layout {
  unsigned word;                /* size of an address or file offset */
  unsigned ehdr_size, e_phoff, e_shoff;
  /* e_phentsize, then e_phnum, e_shentsize, e_shnum, e_shstrndx: 2 bytes each */
  unsigned e_phentsize;
  unsigned phdr_size, p_offset, p_filesz;
  unsigned shdr_size, sh_offset, sh_size;
};

static const struct elf_layout elf32 = {
  .word = 4, .ehdr_size = 52, .e_phoff = 0x1c, .e_shoff = 0x20, .e_phentsize = 0x2a,
  .phdr_size = 32, .p_offset = 4, .p_filesz = 16,
  .shdr_size = 40, .sh_offset = 16, .sh_size = 20,
};
static const struct elf_layout elf64 = {
  .word = 8, .ehdr_size = 64, .e_phoff = 0x20, .e_shoff = 0x28, .e_phentsize = 0x36,
  .phdr_size = 56, .p_offset = 8, .p_filesz = 32,
  .shdr_size = 64, .sh_offset = 24, .sh_size = 32,
};

/* An ELF file in memory; fields read with its own byte order and class. */
struct elf {
  const unsigned char *p;
  size_t len;
  bool be;
  const struct elf_layout *l;   /* its class's */
};

static uint64_t
elf_get (const struct elf *e, uint64_t off, unsigned size)
{
  uint64_t v = 0;
  if (off > e->len || size > e->len - off)
    return 0;
  for (unsigned i = 0; i < size; ++i) {
    unsigned shift = e->be ? 8 * (size - 1 - i) : 8 * i;
    v |= (uint64_t) e->p[off + i] << shift;
  }
  return v;
}

static bool
in_bounds (const struct elf *e, uint64_t off, uint64_t size)
{
  return off <= e->len && size <= e->len - off;
}

static bool
elf_open (struct elf *e, const void *data, size_t len)
{
  const unsigned char *p = data;
  if (len < 52 || memcmp (p, "\177ELF", 4) != 0)
    return false;
  if ((p[4] != 1 && p[4] != 2) || (p[5] != 1 && p[5] != 2))
    return false;
  e->p = p;
  e->len = len;
  e->l = p[4] == 2 ? &elf64 : &elf32;
  e->be = p[5] == 2;
  return len >= e->l->ehdr_size;
}

struct elf_tables {
  uint64_t phoff, shoff;
  unsigned phentsize, phnum, shentsize, shnum, shstrndx;
};

static void
elf_tables (const struct elf *e, struct elf_tables *t)
{
  const struct elf_layout *l = e->l;
  t->phoff = elf_get (e, l->e_phoff, l->word);
  t->shoff = elf_get (e, l->e_shoff, l->word);
  t->phentsize = elf_get (e, l->e_phentsize, 2);
  t->phnum = elf_get (e, l->e_phentsize + 2, 2);
  t->shentsize = elf_get (e, l->e_phentsize + 4, 2);
  t->shnum = elf_get (e, l->e_phentsize + 6, 2);
  t->shstrndx = elf_get (e, l->e_phentsize + 8, 2);
  /* Entries smaller than the structures are not tables we can read. */
  if (t->phentsize < l->phdr_size)
    t->phnum = 0;
  if (t->shentsize < l->shdr_size)
    t->shnum = 0;
}

/* Program header i: type, file offset and size. */
static bool
elf_phdr (const struct elf *e, const struct elf_tables *t, unsigned i,
          uint32_t *type, uint64_t *off, uint64_t *size)
{
  uint64_t h = t->phoff + (uint64_t) i * t->phentsize;
  if (t->phoff > e->len || !in_bounds (e, h, t->phentsize))
    return false;
  *type = elf_get (e, h, 4);
  *off = elf_get (e, h + e->l->p_offset, e->l->word);
  *size = elf_get (e, h + e->l->p_filesz, e->l->word);
  return true;
}

/* Section header i: name offset, type, file offset and size. */
static bool
elf_shdr (const struct elf *e, const struct elf_tables *t, unsigned i,
          uint32_t *name, uint32_t *type, uint64_t *off, uint64_t *size)
{
  uint64_t h = t->shoff + (uint64_t) i * t->shentsize;
  if (t->shoff > e->len || !in_bounds (e, h, t->shentsize))
    return false;
  *name = elf_get (e, h, 4);
  *type = elf_get (e, h + 4, 4);
  *off = elf_get (e, h + e->l->sh_offset, e->l->word);
  *size = elf_get (e, h + e->l->sh_size, e->l->word);
  return true;
}

/* Does the note area (off, size) hold a note named "Xen"?  Notes are
 * namesz, descsz, type (4 bytes each), then name and desc, each padded
 * to 4 bytes (also in ELF64 kernels: the ELFNOTE macro aligns to 4). */
static bool
notes_have_xen (const struct elf *e, uint64_t off, uint64_t size)
{
  if (!in_bounds (e, off, size))
    return false;
  uint64_t end = off + size;
  for (unsigned n = 0; n < 4096 && end - off >= 12; ++n) {
    uint64_t namesz = elf_get (e, off, 4);
    uint64_t descsz = elf_get (e, off + 4, 4);
    uint64_t name = off + 12;
    uint64_t next = name + ((namesz + 3) & ~3ULL) + ((descsz + 3) & ~3ULL);
    if (namesz > end - name)
      return false;
    if (namesz == 4 && memcmp (e->p + name, "Xen", 4) == 0)
      return true;
    if (next > end || next <= off)
      return false;
    off = next;
  }
  return false;
}

#define SHT_NOTE_ 7
#define PT_NOTE_ 4
#define ONE_MIB (1024 * 1024)

static bool
elf_has_xen_notes (const void *data, size_t len)
{
  struct elf e;
  struct elf_tables t;

  /* Old XenLinux kernels (and __xen_guest sections) carry the guest
   * information as a plain string. */
  size_t head = len < ONE_MIB ? len : ONE_MIB;
  if (memmem (data, head, "GUEST_OS=linux", 14) &&
      memmem (data, head, "XEN_VER=", 8))
    return true;

  if (!elf_open (&e, data, len))
    return false;
  elf_tables (&e, &t);

  for (unsigned i = 0; i < t.phnum; ++i) {
    uint32_t type;
    uint64_t off, size;
    if (!elf_phdr (&e, &t, i, &type, &off, &size))
      break;
    if (type == PT_NOTE_ && notes_have_xen (&e, off, size))
      return true;
  }

  uint64_t stroff = 0, strsize = 0;
  if (t.shstrndx < t.shnum) {
    uint32_t name, type;
    if (!elf_shdr (&e, &t, t.shstrndx, &name, &type, &stroff, &strsize) ||
        !in_bounds (&e, stroff, strsize))
      stroff = strsize = 0;
  }
  for (unsigned i = 0; i < t.shnum; ++i) {
    uint32_t name, type;
    uint64_t off, size;
    if (!elf_shdr (&e, &t, i, &name, &type, &off, &size))
      break;
    if (type == SHT_NOTE_ && notes_have_xen (&e, off, size))
      return true;
    static const char xen_guest[] = "__xen_guest";
    if (name < strsize && strsize - name >= sizeof xen_guest &&
        memcmp (e.p + stroff + name, xen_guest, sizeof xen_guest) == 0)
      return true;
  }
  return false;
}

/* Where the ELF's contents end (the furthest section header table entry
 * or segment), 0 if it cannot be told.  A decompressor that complains
 * about bytes after a stream that already gave a whole ELF complains
 * about trailing bytes (the kernel appends the size), not corruption. */
static uint64_t
elf_extent (const void *data, size_t len)
{
  struct elf e;
  struct elf_tables t;
  uint64_t end = 0;

  if (!elf_open (&e, data, len))
    return 0;
  elf_tables (&e, &t);
  if (t.shnum > 0) {
    if (t.shoff > UINT64_MAX / 2)
      return 0;
    end = t.shoff + (uint64_t) t.shnum * t.shentsize;
  }
  for (unsigned i = 0; i < t.phnum; ++i) {
    uint32_t type;
    uint64_t off, size;
    if (!elf_phdr (&e, &t, i, &type, &off, &size) || size > UINT64_MAX - off)
      return 0;
    if (off + size > end)
      end = off + size;
  }
  return end;
}

/* ---- unpacking into memory -------------------------------------------- */

static size_t unpacked_limit = GL_KIMAGE_MAX_UNPACKED;

void
gl_kimage_set_unpacked_limit (size_t limit)
{
  unpacked_limit = limit ? limit : GL_KIMAGE_MAX_UNPACKED;
}

struct membuf {
  unsigned char *p;
  size_t len, cap;
  bool too_big;                 /* stopped at unpacked_limit */
};

static int
membuf_sink (void *opaque, const void *buf, size_t n, struct gl_err *err)
{
  struct membuf *m = opaque;
  if (n > unpacked_limit - m->len) {
    m->too_big = true;
    return gl_err_set (err, EFBIG, "decompressed kernel larger than %zu MiB",
                       unpacked_limit / ONE_MIB);
  }
  if (m->len + n > m->cap) {
    size_t cap = m->cap ? m->cap : 1024 * 1024;
    while (cap < m->len + n)
      cap *= 2;
    if (cap > unpacked_limit)
      cap = unpacked_limit;
    unsigned char *p = realloc (m->p, cap);
    if (!p)
      return gl_err_set (err, ENOMEM, "out of memory");
    m->p = p;
    m->cap = cap;
  }
  memcpy (m->p + m->len, buf, n);
  m->len += n;
  return 0;
}

/* Decompress (data, len) into *out.  Returns 0, or -1 with err "corrupt
 * NAME payload: reason" (EINVAL) or the size-limit message (EFBIG).  A
 * stream error after a complete ELF (or after as many bytes as the
 * kernel's appended size field says) is trailing junk, not corruption. */
static int
unpack (const void *data, size_t len, bool gzip_only, struct membuf *out,
        struct gl_err *err)
{
  CLEANUP_ERR struct gl_err reason = GL_ERR_INIT;
  const char *name = gl_compression_name (data, len);

  out->p = NULL;
  out->len = out->cap = 0;
  out->too_big = false;
  if (gl_unpack_stream (data, len, gzip_only, membuf_sink, out, NULL,
                        &reason) == 0) {
    if (out->len > 0)
      return 0;
    gl_err_set (&reason, EINVAL, "empty output");
  }
  else if (!out->too_big && out->len > 0) {
    uint64_t ext = elf_extent (out->p, out->len);
    uint32_t size_field = len >= 4 ?
      le32 ((const unsigned char *) data + len - 4) : 0;
    if ((ext > 0 && ext <= out->len) ||
        (size_field > 0 && size_field == out->len))
      return 0;
  }
  free (out->p);
  out->p = NULL;
  out->len = 0;
  if (out->too_big)
    return gl_err_set (err, EFBIG, "%s", gl_err_msg (&reason, "too large"));
  return gl_err_set (err, EINVAL, "corrupt %s payload: %s", name ? name : "compressed",
                     gl_err_msg (&reason, "unknown error"));
}

/* A gzip stream that ends exactly at data+len: do its trailer's CRC
 * (zlib's CRC-32, gzip's own) and size match what came out?  libarchive's
 * gzip reader does not check the trailer, so a damaged deflate stream
 * that still decodes would pass for a kernel without a config.  (Several
 * members, as gzip allows, end with the last member's trailer: only a
 * single member is checked.) */
static bool
gzip_trailer_ok (const void *data, size_t len, const struct membuf *out,
                 bool exact)
{
  const unsigned char *t = (const unsigned char *) data + len - 8;
  if (len < 18)
    return false;
  if (le32 (t + 4) != (uint32_t) out->len)
    /* Without a known end, bytes may follow the stream: not proof. */
    return !exact;
  return le32 (t) == (uint32_t) crc32_z (0, out->p, out->len);
}

/* ---- the image kinds --------------------------------------------------- */

const char *
gl_kimage_kind_name (enum gl_kimage_kind kind)
{
  switch (kind) {
  case GL_KIMAGE_BZIMAGE: return "bzImage";
  case GL_KIMAGE_ELF: return "ELF";
  case GL_KIMAGE_GZIP_ELF: return "gzip'd ELF";
  case GL_KIMAGE_UNKNOWN: break;
  }
  return "unknown";
}

char *
gl_kimage_format_hint (const struct gl_kimage_info *info)
{
  const char *s = NULL;
  switch (info->kind) {
  case GL_KIMAGE_BZIMAGE:
    break;                      /* the normal case: nothing to say */
  case GL_KIMAGE_ELF:
    s = info->xen_notes ?
      "plain ELF image with Xen notes (Xen PV style, not a bzImage)" :
      "plain ELF image (vmlinux, not a bzImage)";
    break;
  case GL_KIMAGE_GZIP_ELF:
    s = info->xen_notes ?
      "gzip'd ELF image with Xen notes (XenLinux style, not a bzImage)" :
      "gzip'd ELF image (not a bzImage)";
    break;
  case GL_KIMAGE_UNKNOWN:
    s = "not a recognised x86 kernel image (no bzImage header, no ELF)";
    break;
  }
  return s ? strdup (s) : NULL;
}

/* The vmlinux found: its Xen notes and config. */
static void
examine_vmlinux (const void *data, size_t len, struct gl_kimage_info *info)
{
  info->xen_notes = elf_has_xen_notes (data, len);
  info->config = gl_ikconfig_find (data, len, &info->config_note);
}

/* Kernels before boot protocol 2.08 do not say where the payload is: try
 * each compression magic after the setup code, in file order, and take
 * the first that decompresses.  Bounded number of tries. */
#define MAX_SCAN_TRIES 32

static int
scan_payload (const unsigned char *p, size_t len, size_t start,
              struct membuf *out, struct gl_err *err)
{
  unsigned tries = 0;
  for (size_t i = start; i < len && tries < MAX_SCAN_TRIES; ++i) {
    if (!gl_compression_name (p + i, len - i))
      continue;
    CLEANUP_ERR struct gl_err reason = GL_ERR_INIT;
    tries++;
    if (unpack (p + i, len - i, false, out, &reason) == 0)
      return 0;
    if (reason.errnum == EFBIG)
      return gl_err_move (err, &reason);
  }
  return gl_err_set (err, EINVAL, "bzImage: no decompressible kernel payload found "
                     "(%u candidates tried)", tries);
}

static int
read_bzimage (const unsigned char *p, size_t len, struct gl_kimage_info *info,
              struct gl_err *err)
{
  unsigned setup_sects = p[0x1f1] ? p[0x1f1] : 4;
  unsigned version = le16 (p + 0x206);
  size_t pm = (size_t) (setup_sects + 1) * 512;
  struct membuf out = { NULL, 0, 0, false };
  CLEANUP_ERR struct gl_err e = GL_ERR_INIT;
  int r;

  info->kind = GL_KIMAGE_BZIMAGE;
  if (pm >= len)
    return gl_err_set (err, EINVAL,
                       "truncated bzImage: no protected-mode code after the setup");
  if (version >= 0x208 && len >= 0x250) {
    uint32_t off = le32 (p + 0x248), plen = le32 (p + 0x24c);
    if (plen > 0 && off < len - pm && plen <= len - pm - off &&
        gl_compression_name (p + pm + off, plen)) {
      r = unpack (p + pm + off, plen, false, &out, &e);
      if (r == 0 && memcmp (p + pm + off, "\x1f\x8b", 2) == 0 &&
          !gzip_trailer_ok (p + pm + off, plen, &out, true)) {
        free (out.p);
        return gl_err_set (err, EINVAL, "corrupt gzip payload: CRC or size mismatch");
      }
      /* The kernel's build appends the vmlinux size (4 bytes) to every
       * payload but gzip; xz, zstd and lz4 call that trailing junk. */
      if (r == -1 && e.errnum != EFBIG && plen > 4 &&
          unpack (p + pm + off, plen - 4, false, &out, NULL) == 0) {
        gl_err_clear (&e);
        r = 0;
      }
      goto done;
    }
  }
  r = scan_payload (p, len, pm, &out, &e);
 done:
  if (r == 0)
    examine_vmlinux (out.p, out.len, info);
  else
    gl_err_move (err, &e);
  free (out.p);
  return r;
}

int
gl_kimage_read (const void *data, size_t len, struct gl_kimage_info *info,
                struct gl_err *err)
{
  const unsigned char *p = data;

  info->kind = GL_KIMAGE_UNKNOWN;
  info->xen_notes = false;
  info->config = NULL;
  info->config_note = NULL;

  if (len > GL_KERNEL_MAX_BYTES)
    return gl_err_set (err, EFBIG, "kernel image larger than %d MiB",
                       GL_KERNEL_MAX_BYTES / ONE_MIB);
  if (len == 0 || data == NULL)
    return gl_err_set (err, EINVAL, "empty kernel image");

  if (len >= 0x250 && memcmp (p + 0x202, "HdrS", 4) == 0)
    return read_bzimage (p, len, info, err);

  if (len >= 4 && memcmp (p, "\177ELF", 4) == 0) {
    info->kind = GL_KIMAGE_ELF;
    examine_vmlinux (data, len, info);
    return 0;
  }

  if (len >= 3 && memcmp (p, "\x1f\x8b\x08", 3) == 0) {
    struct membuf out;
    if (unpack (data, len, true, &out, err) == -1)
      return -1;
    if (!gzip_trailer_ok (data, len, &out, false)) {
      free (out.p);
      return gl_err_set (err, EINVAL, "corrupt gzip'd kernel: CRC mismatch");
    }
    if (out.len >= 4 && memcmp (out.p, "\177ELF", 4) == 0) {
      info->kind = GL_KIMAGE_GZIP_ELF;
      examine_vmlinux (out.p, out.len, info);
    }
    else                        /* e.g. an arm64 Image.gz */
      info->config = gl_ikconfig_find (out.p, out.len, &info->config_note);
    free (out.p);
    return 0;
  }

  /* Unknown layout (other architectures' raw images): an uncompressed
   * IKCONFIG may still be there. */
  info->config = gl_ikconfig_find (data, len, &info->config_note);
  return 0;
}

void
gl_kimage_info_free (struct gl_kimage_info *info)
{
  if (!info)
    return;
  free (info->config);
  info->config = NULL;
  free (info->config_note);
  info->config_note = NULL;
}

int
gl_kimage_read_file (const char *path, struct gl_kimage_info *info,
                     struct gl_err *err)
{
  void *map;
  size_t len;

  info->kind = GL_KIMAGE_UNKNOWN;
  info->xen_notes = false;
  info->config = NULL;
  info->config_note = NULL;
  if (gl_map_file (path, GL_KERNEL_MAX_BYTES, "kernel image", &map, &len, err) == -1)
    return -1;
  if (len == 0)
    return gl_kimage_read ("", 0, info, err);
  int r = gl_kimage_read (map, len, info, err);
  gl_unmap_file (map, len);
  return r;
}
