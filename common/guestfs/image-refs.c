/* guestlift: the files an image's header names (see image-refs.h).
 *
 * Every read is bounded: a header, a name of at most
 * GL_IMAGE_REF_NAME_MAX bytes, a vmdk descriptor of at most
 * GL_IMAGE_DESC_MAX, a fixed number of qcow2 header extensions and VHDX
 * table entries.  Where qemu rejects a header (a name too long, a field
 * out of range), this reader still reports what it names: refusing an
 * image qemu would reject anyway costs nothing, missing one it would
 * follow costs a host file.
 */
#include <config.h>

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cleanup.h"
#include "image-refs.h"

/* What qemu's format probes look at. */
#define PROBE_SIZE 2048
/* qemu looks for parentFileNameHint in this much of a vmdk descriptor. */
#define VMDK_HINT_AREA 10240
#define VMDK_EMBEDDED_DESC 0x200
#define QCOW2_MAX_CLUSTER (2 * 1024 * 1024)
#define QCOW2_MAX_EXTENSIONS 256
#define QCOW2_EXT_BACKING_FORMAT 0xe2792acaU
#define QCOW2_EXT_DATA_FILE 0x44415441U
#define QCOW2_INCOMPAT_DATA_FILE (1ULL << 2)
#define QCOW_NAME_MAX 1023
#define QED_F_BACKING_FILE 0x01
#define QED_F_BACKING_FORMAT_NO_PROBE 0x04
#define VHD_DIFFERENCING 4
#define VHDX_REGION_TABLE 0x30000
#define VHDX_MAX_ENTRIES 2047
#define VHDX_HAS_PARENT 0x2
#define VHDX_LOCATOR_MAX (64 * 1024)

static const unsigned char vhdx_metadata_region[16] = {
  0x06, 0xa2, 0x7c, 0x8b, 0x90, 0x47, 0x9a, 0x4b,
  0xb8, 0xfe, 0x57, 0x5f, 0x05, 0x0f, 0x88, 0x6e };
static const unsigned char vhdx_file_parameters[16] = {
  0x37, 0x67, 0xa1, 0xca, 0x36, 0xfa, 0x43, 0x4d,
  0xb3, 0xb6, 0x33, 0xf0, 0xaa, 0x44, 0xe7, 0x6b };
static const unsigned char vhdx_parent_locator[16] = {
  0x2d, 0x5f, 0xd3, 0xa8, 0x0b, 0xb3, 0x4d, 0x45,
  0xab, 0xf7, 0xd3, 0xd8, 0x48, 0x34, 0xab, 0x0c };

struct src {
  gl_image_read_fn read;
  void *opaque;
  uint64_t size;
};

static uint32_t
be32 (const unsigned char *p)
{
  return (uint32_t) p[0] << 24 | (uint32_t) p[1] << 16 | (uint32_t) p[2] << 8 | p[3];
}

static uint64_t
be64 (const unsigned char *p)
{
  return (uint64_t) be32 (p) << 32 | be32 (p + 4);
}

static uint32_t
le16 (const unsigned char *p)
{
  return (uint32_t) p[0] | (uint32_t) p[1] << 8;
}

static uint32_t
le32 (const unsigned char *p)
{
  return le16 (p) | le16 (p + 2) << 16;
}

static uint64_t
le64 (const unsigned char *p)
{
  return (uint64_t) le32 (p) | (uint64_t) le32 (p + 4) << 32;
}

/* Up to LEN bytes at OFF (fewer past the end of the image): the count,
 * or -1 with errno. */
static long
read_some (const struct src *s, uint64_t off, void *buf, size_t len)
{
  if (off >= s->size)
    return 0;
  if (len > s->size - off)
    len = (size_t) (s->size - off);
  if (len == 0)
    return 0;
  long n = s->read (s->opaque, off, buf, len);
  if (n < 0 || (size_t) n > len) {
    if (n >= 0)
      errno = EIO;
    return -1;
  }
  return n;
}

/* Exactly LEN bytes at OFF: 0, 1 when the image is shorter, -1. */
static int
read_all (const struct src *s, uint64_t off, void *buf, size_t len)
{
  long n = read_some (s, off, buf, len);
  if (n < 0)
    return -1;
  return (size_t) n == len ? 0 : 1;
}

/* A string of at most LEN bytes at OFF (cut at a NUL and at
 * GL_IMAGE_REF_NAME_MAX - 1); NULL with errno on failure. */
static char *
read_string (const struct src *s, uint64_t off, uint64_t len)
{
  size_t take = len < GL_IMAGE_REF_NAME_MAX - 1 ? (size_t) len : GL_IMAGE_REF_NAME_MAX - 1;
  char *str = calloc (1, take + 1);
  if (!str)
    return NULL;
  long n = read_some (s, off, str, take);
  if (n < 0) {
    free (str);
    return NULL;
  }
  str[n] = '\0';
  return str;
}

static int
add_ref (struct gl_image_refs *out, enum gl_image_ref_kind kind,
         const char *name, size_t namelen, const char *format)
{
  if (out->total++ >= GL_IMAGE_REFS_MAX)
    return 0;
  struct gl_image_ref *r = &out->ref[out->n];
  if (name) {
    namelen = strnlen (name, namelen);
    if (namelen > GL_IMAGE_REF_NAME_MAX - 1)
      namelen = GL_IMAGE_REF_NAME_MAX - 1;
  }
  *r = (struct gl_image_ref) {
    .kind = kind,
    .name = name ? strndup (name, namelen) : NULL,
    .format = format ? strdup (format) : NULL,
  };
  if ((name && !r->name) || (format && !r->format)) {
    free (r->name);
    free (r->format);
    errno = ENOMEM;
    return -1;
  }
  out->n++;
  return 0;
}

/* A name read with read_string: recorded unless empty (qemu opens
 * nothing for an empty backing name).  Takes NAME. */
static int
add_named (struct gl_image_refs *out, enum gl_image_ref_kind kind, char *name,
           const char *format)
{
  if (!name)
    return -1;
  int r = name[0] ? add_ref (out, kind, name, strlen (name), format) : 0;
  free (name);
  return r;
}

/* --- qcow2, qcow, qed --------------------------------------------------- */

static int
parse_qcow2 (const struct src *s, struct gl_image_refs *out)
{
  unsigned char h[104] = { 0 };
  long n = read_some (s, 0, h, sizeof h);
  if (n < 0)
    return -1;
  if (n < 72)
    return 0;                   /* not even a version 2 header */
  uint32_t version = be32 (h + 4);
  uint64_t boff = be64 (h + 8);
  uint32_t bsize = be32 (h + 16);
  uint32_t cbits = be32 (h + 20);
  uint64_t incompat = 0, hlen = 72;
  if (version >= 3 && n >= 104) {
    incompat = be64 (h + 72);
    hlen = be32 (h + 100);
  }
  uint64_t csize = cbits >= 9 && cbits <= 21 ? 1ULL << cbits : QCOW2_MAX_CLUSTER;

  /* Header extensions run from the end of the header to the backing
   * file name, or to the end of the first cluster. */
  uint64_t ext_end = boff && boff < csize ? boff : csize;
  CLEANUP_FREE char *bfmt = NULL, *data_name = NULL;
  bool data_ext = false;
  uint64_t off = hlen;
  for (int i = 0; i < QCOW2_MAX_EXTENSIONS && off <= ext_end && ext_end - off >= 8; ++i) {
    unsigned char eh[8];
    int r = read_all (s, off, eh, sizeof eh);
    if (r == -1)
      return -1;
    if (r == 1)
      break;
    uint32_t type = be32 (eh), len = be32 (eh + 4);
    uint64_t data = off + 8;
    if (type == 0 || len > ext_end - data)
      break;
    if (type == QCOW2_EXT_BACKING_FORMAT || type == QCOW2_EXT_DATA_FILE) {
      char *str = read_string (s, data, len);
      if (!str)
        return -1;
      if (type == QCOW2_EXT_BACKING_FORMAT) {
        free (bfmt);
        bfmt = str;
      }
      else {
        free (data_name);
        data_name = str;
        data_ext = true;
      }
    }
    off = data + (((uint64_t) len + 7) & ~(uint64_t) 7);
  }

  if (boff && bsize
      && add_named (out, GL_REF_BACKING,
                    read_string (s, boff, bsize < QCOW_NAME_MAX ? bsize : QCOW_NAME_MAX),
                    bfmt && bfmt[0] ? bfmt : NULL) == -1)
    return -1;
  if ((incompat & QCOW2_INCOMPAT_DATA_FILE) || data_ext)
    return add_ref (out, GL_REF_DATA_FILE, data_name && data_name[0] ? data_name : NULL,
                    data_name ? strlen (data_name) : 0, NULL);
  return 0;
}

static int
parse_qcow (const struct src *s, struct gl_image_refs *out)
{
  unsigned char h[20];
  int r = read_all (s, 0, h, sizeof h);
  if (r != 0)
    return r == 1 ? 0 : -1;
  uint64_t boff = be64 (h + 8);
  uint32_t bsize = be32 (h + 16);
  if (!boff || !bsize)
    return 0;
  return add_named (out, GL_REF_BACKING,
                    read_string (s, boff, bsize < QCOW_NAME_MAX ? bsize : QCOW_NAME_MAX),
                    NULL);
}

static int
parse_qed (const struct src *s, struct gl_image_refs *out)
{
  unsigned char h[64];
  int r = read_all (s, 0, h, sizeof h);
  if (r != 0)
    return r == 1 ? 0 : -1;
  uint64_t features = le64 (h + 16);
  uint32_t boff = le32 (h + 56), bsize = le32 (h + 60);
  if (!(features & QED_F_BACKING_FILE) || !bsize)
    return 0;
  return add_named (out, GL_REF_BACKING, read_string (s, boff, bsize),
                    features & QED_F_BACKING_FORMAT_NO_PROBE ? "raw" : NULL);
}

/* --- vmdk --------------------------------------------------------------- */

/* qemu's probe for a descriptor file, a little looser: after blank lines
 * and '#' comments, "version=" and a digit. */
static bool
vmdk_text (const unsigned char *p, size_t n)
{
  const unsigned char *end = p + n;
  while (p < end) {
    if (*p == '#') {
      while (p < end && *p != '\n')
        p++;
      p++;
      continue;
    }
    if (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n') {
      p++;
      continue;
    }
    return end - p >= 9 && memcmp (p, "version=", 8) == 0
      && p[8] >= '0' && p[8] <= '9';
  }
  return false;
}

static const unsigned char *
skip_blanks (const unsigned char *p, const unsigned char *end)
{
  while (p < end && (*p == ' ' || *p == '\t'))
    p++;
  return p;
}

static const unsigned char *
skip_word (const unsigned char *p, const unsigned char *end)
{
  while (p < end && *p != ' ' && *p != '\t' && *p != '\r' && *p != '\n')
    p++;
  return p;
}

/* An extent line, as qemu's sscanf reads it:
 *   ACCESS SECTORS TYPE "FILE" [OFFSET]
 * Any access word and type (qemu itself takes only RW ones, and ignores
 * ZERO extents, which name no file).  Sets *name, *len. */
static bool
extent_line (const unsigned char *p, const unsigned char *end,
             const unsigned char **name, size_t *len)
{
  p = skip_blanks (p, end);
  const unsigned char *w = skip_word (p, end);
  if (w == p)
    return false;
  p = skip_blanks (w, end);
  if (p < end && (*p == '+' || *p == '-'))
    p++;
  const unsigned char *digits = p;
  while (p < end && *p >= '0' && *p <= '9')
    p++;
  if (p == digits)
    return false;
  p = skip_blanks (p, end);
  w = skip_word (p, end);
  if (w == p)
    return false;
  /* The type word may run into the quote ("FLAT\"x\""): sscanf's %s takes
   * it all, and then finds no quote. */
  p = skip_blanks (w, end);
  if (p >= end || *p != '"')
    return false;
  *name = ++p;
  while (p < end && *p != '"' && *p != '\n' && *p != '\r')
    p++;
  *len = (size_t) (p - *name);
  return *len > 0;
}

/* parentFileNameHint="NAME" anywhere in TEXT. */
static int
vmdk_hint (const unsigned char *text, size_t n, struct gl_image_refs *out)
{
  static const char key[] = "parentFileNameHint";
  const unsigned char *p = memmem (text, n, key, sizeof key - 1);
  if (!p)
    return 0;
  /* qemu skips the key and two characters ('="') and takes the name up
   * to the next quote. */
  p += sizeof key + 1;
  const unsigned char *end = text + n;
  if (p >= end)
    return 0;
  const unsigned char *q = p;
  while (q < end && *q != '"' && *q != '\0')
    q++;
  if (q == p)
    return 0;
  return add_ref (out, GL_REF_BACKING, (const char *) p, (size_t) (q - p), "vmdk");
}

/* A descriptor at OFF: its extents and parent hint. */
static int
vmdk_descriptor (const struct src *s, uint64_t off, struct gl_image_refs *out)
{
  CLEANUP_FREE unsigned char *text = malloc (GL_IMAGE_DESC_MAX);
  if (!text)
    return -1;
  long n = read_some (s, off, text, GL_IMAGE_DESC_MAX);
  if (n < 0)
    return -1;
  const unsigned char *end = text + n;
  for (const unsigned char *line = text; line < end; ) {
    const unsigned char *nl = memchr (line, '\n', (size_t) (end - line));
    const unsigned char *eol = nl ? nl : end;
    const unsigned char *name;
    size_t len;
    if (extent_line (line, eol, &name, &len)
        && add_ref (out, GL_REF_EXTENT, (const char *) name, len, NULL) == -1)
      return -1;
    line = nl ? nl + 1 : end;
  }
  return vmdk_hint (text, (size_t) n, out);
}

static int
parse_vmdk (const struct src *s, struct gl_image_refs *out)
{
  unsigned char h[44] = { 0 };
  long n = read_some (s, 0, h, sizeof h);
  if (n < 0)
    return -1;
  bool vmdk4 = n >= 4 && memcmp (h, "KDMV", 4) == 0;
  bool vmdk3 = n >= 4 && memcmp (h, "COWD", 4) == 0;
  if (!vmdk4 && !vmdk3)
    return vmdk_descriptor (s, 0, out);

  /* A sparse file: a capacity of 0 makes qemu read its embedded
   * descriptor as a descriptor file, extents and all. */
  if (vmdk4 && n >= 44 && le64 (h + 12) == 0) {
    uint64_t desc = le64 (h + 28);
    if (desc && desc <= UINT64_MAX / 512 && vmdk_descriptor (s, desc * 512, out) == -1)
      return -1;
  }
  CLEANUP_FREE unsigned char *area = malloc (VMDK_HINT_AREA);
  if (!area)
    return -1;
  long m = read_some (s, VMDK_EMBEDDED_DESC, area, VMDK_HINT_AREA);
  if (m < 0)
    return -1;
  return vmdk_hint (area, (size_t) m, out);
}

/* --- vpc, vhdx ---------------------------------------------------------- */

/* A UTF-16 string (LEN bytes) as printable ASCII, others as '?'. */
static char *
utf16_ascii (const unsigned char *p, size_t len, bool big_endian)
{
  char *s = malloc (len / 2 + 1);
  if (!s)
    return NULL;
  size_t k = 0;
  for (size_t i = 0; i + 1 < len; i += 2) {
    unsigned c = big_endian ? (unsigned) p[i] << 8 | p[i + 1]
                            : (unsigned) p[i + 1] << 8 | p[i];
    if (c == 0)
      break;
    s[k++] = c >= 0x20 && c < 0x7f ? (char) c : '?';
  }
  s[k] = '\0';
  return s;
}

static int
add_parent (struct gl_image_refs *out, char *name)   /* takes name */
{
  int r = add_ref (out, GL_REF_PARENT, name && name[0] ? name : NULL,
                   name ? strlen (name) : 0, NULL);
  free (name);
  return r;
}

static int
parse_vpc (const struct src *s, bool forced, struct gl_image_refs *out)
{
  unsigned char f[512] = { 0 };
  int r = read_all (s, 0, f, sizeof f);
  if (r == -1)
    return -1;
  /* A fixed VHD has its footer at the end only (qemu looks there when
   * told the format). */
  if ((r == 1 || memcmp (f, "conectix", 8) != 0) && forced && s->size >= 512)
    r = read_all (s, s->size - 512, f, sizeof f);
  if (r != 0)
    return r == 1 ? 0 : -1;
  if (memcmp (f, "conectix", 8) != 0 || be32 (f + 60) != VHD_DIFFERENCING)
    return 0;
  unsigned char d[64 + 512];
  uint64_t dyn = be64 (f + 16);
  r = read_all (s, dyn, d, sizeof d);
  if (r == -1)
    return -1;
  char *name = NULL;
  if (r == 0 && memcmp (d, "cxsparse", 8) == 0 && !(name = utf16_ascii (d + 64, 512, true)))
    return -1;
  return add_parent (out, name);
}

/* The parent's name from a VHDX parent locator (BUF, LEN bytes): its
 * relative_path, else absolute_win32_path, else volume_path. */
static char *
vhdx_locator_path (const unsigned char *buf, size_t len)
{
  static const char *const keys[] = { "relative_path", "absolute_win32_path", "volume_path" };
  char *best = NULL;
  size_t best_rank = sizeof keys / sizeof keys[0];
  if (len < 20)
    return NULL;
  size_t count = le16 (buf + 18);
  for (size_t i = 0; i < count && 20 + (i + 1) * 12 <= len; ++i) {
    const unsigned char *e = buf + 20 + i * 12;
    uint32_t koff = le32 (e), voff = le32 (e + 4);
    uint32_t klen = le16 (e + 8), vlen = le16 (e + 10);
    if (koff > len || klen > len - koff || voff > len || vlen > len - voff)
      continue;
    CLEANUP_FREE char *key = utf16_ascii (buf + koff, klen, false);
    if (!key)
      break;
    for (size_t k = 0; k < best_rank; ++k)
      if (strcmp (key, keys[k]) == 0) {
        char *v = utf16_ascii (buf + voff, vlen, false);
        if (v) {
          free (best);
          best = v;
          best_rank = k;
        }
        break;
      }
  }
  return best;
}

/* The table of COUNT 32-byte entries at OFF (bounded), malloc'd. */
static unsigned char *
read_table (const struct src *s, uint64_t off, size_t count, size_t *got)
{
  if (count > VHDX_MAX_ENTRIES)
    count = VHDX_MAX_ENTRIES;
  unsigned char *t = malloc (count * 32 + 1);
  if (!t)
    return NULL;
  long n = read_some (s, off, t, count * 32);
  if (n < 0) {
    free (t);
    return NULL;
  }
  *got = (size_t) n / 32;
  return t;
}

static int
parse_vhdx (const struct src *s, struct gl_image_refs *out)
{
  unsigned char h[32];
  int r = read_all (s, VHDX_REGION_TABLE, h, 16);
  if (r != 0 || memcmp (h, "regi", 4) != 0)
    return r == -1 ? -1 : 0;
  size_t nreg;
  CLEANUP_FREE unsigned char *regions = read_table (s, VHDX_REGION_TABLE + 16, le32 (h + 8), &nreg);
  if (!regions)
    return -1;
  uint64_t meta = 0;
  for (size_t i = 0; i < nreg; ++i)
    if (memcmp (regions + i * 32, vhdx_metadata_region, 16) == 0)
      meta = le64 (regions + i * 32 + 16);
  if (!meta || (r = read_all (s, meta, h, 32)) != 0 || memcmp (h, "metadata", 8) != 0)
    return r == -1 ? -1 : 0;
  size_t nent;
  CLEANUP_FREE unsigned char *entries = read_table (s, meta + 32, le16 (h + 10), &nent);
  if (!entries)
    return -1;
  bool has_parent = false;
  uint64_t loc = 0;
  uint32_t loclen = 0;
  for (size_t i = 0; i < nent; ++i) {
    const unsigned char *e = entries + i * 32;
    if (memcmp (e, vhdx_file_parameters, 16) == 0) {
      unsigned char fp[8];
      if ((r = read_all (s, meta + le32 (e + 16), fp, sizeof fp)) == -1)
        return -1;
      has_parent = r == 0 && (le32 (fp + 4) & VHDX_HAS_PARENT);
    }
    else if (memcmp (e, vhdx_parent_locator, 16) == 0) {
      loc = meta + le32 (e + 16);
      loclen = le32 (e + 20);
    }
  }
  if (!has_parent)
    return 0;
  char *name = NULL;
  if (loc && loclen) {
    size_t len = loclen < VHDX_LOCATOR_MAX ? loclen : VHDX_LOCATOR_MAX;
    CLEANUP_FREE unsigned char *buf = malloc (len);
    long n = buf ? read_some (s, loc, buf, len) : -1;
    if (n < 0)
      return -1;
    name = vhdx_locator_path (buf, (size_t) n);
  }
  return add_parent (out, name);
}

/* --- detection ---------------------------------------------------------- */

static const char *
detect (const unsigned char *p, size_t n)
{
  if (n >= 8 && memcmp (p, "QFI\xfb", 4) == 0) {
    uint32_t v = be32 (p + 4);
    return v == 1 ? "qcow" : v >= 2 ? "qcow2" : NULL;
  }
  if (n >= 4 && memcmp (p, "QED\0", 4) == 0)
    return "qed";
  if (n >= 4 && (memcmp (p, "KDMV", 4) == 0 || memcmp (p, "COWD", 4) == 0))
    return "vmdk";
  if (n >= 8 && memcmp (p, "conectix", 8) == 0)
    return "vpc";
  if (n >= 8 && memcmp (p, "vhdxfile", 8) == 0)
    return "vhdx";
  if (vmdk_text (p, n))
    return "vmdk";
  return NULL;
}

/* Formats whose headers name files (the first four are those qemu opens
 * a backing file for). */
static const struct ref_format {
  const char *name;
  bool backing;
} formats[] = {
  { "qcow2", true }, { "qcow", true }, { "qed", true }, { "vmdk", true },
  { "vpc", false }, { "vhdx", false },
};

/* NAME's row of formats, or NULL (NULL too). */
static const struct ref_format *
format_row (const char *name)
{
  for (size_t i = 0; name && i < sizeof formats / sizeof formats[0]; ++i)
    if (strcmp (name, formats[i].name) == 0)
      return &formats[i];
  return NULL;
}

static const char *
known_format (const char *name)
{
  const struct ref_format *f = format_row (name);
  return f ? f->name : NULL;
}

bool
gl_image_format_has_backing (const char *format)
{
  const struct ref_format *f = format_row (format);
  return f && f->backing;
}

int
gl_image_refs_read (gl_image_read_fn read, void *opaque, uint64_t size,
                    const char *format, struct gl_image_refs *out)
{
  memset (out, 0, sizeof *out);
  const struct src s = { read, opaque, size };
  const char *fmt;
  if (format)
    fmt = known_format (format);
  else {
    unsigned char probe[PROBE_SIZE];
    long n = read_some (&s, 0, probe, sizeof probe);
    if (n < 0)
      return -1;
    fmt = detect (probe, (size_t) n);
  }
  out->format = fmt;
  int r = 0;
  if (!fmt)
    r = 0;
  else if (strcmp (fmt, "qcow2") == 0)
    r = parse_qcow2 (&s, out);
  else if (strcmp (fmt, "qcow") == 0)
    r = parse_qcow (&s, out);
  else if (strcmp (fmt, "qed") == 0)
    r = parse_qed (&s, out);
  else if (strcmp (fmt, "vmdk") == 0)
    r = parse_vmdk (&s, out);
  else if (strcmp (fmt, "vpc") == 0)
    r = parse_vpc (&s, format != NULL, out);
  else if (strcmp (fmt, "vhdx") == 0)
    r = parse_vhdx (&s, out);
  if (r == -1) {
    int e = errno ? errno : EIO;
    gl_image_refs_free (out);
    errno = e;
    return -1;
  }
  return 0;
}

void
gl_image_refs_free (struct gl_image_refs *refs)
{
  for (size_t i = 0; i < refs->n; ++i) {
    free (refs->ref[i].name);
    free (refs->ref[i].format);
  }
  memset (refs, 0, sizeof *refs);
}

const char *
gl_image_ref_kind_name (enum gl_image_ref_kind kind)
{
  switch (kind) {
  case GL_REF_BACKING: return "backing file";
  case GL_REF_DATA_FILE: return "external data file";
  case GL_REF_EXTENT: return "vmdk extent";
  case GL_REF_PARENT: return "parent disk";
  }
  return "file";
}

bool
gl_image_name_is_protocol (const char *name)
{
  /* qemu's rule: a ':' before any '/' ("json:{...}" included). */
  return name[strcspn (name, ":/")] == ':';
}

char *
gl_image_ref_resolve (const char *referrer, const char *name)
{
  if (name[0] == '/' || gl_image_name_is_protocol (name))
    return strdup (name);
  const char *slash = strrchr (referrer, '/');
  if (!slash)
    return strdup (name);
  size_t dirlen = (size_t) (slash - referrer) + 1;
  size_t n = strlen (name);
  char *p = malloc (dirlen + n + 1);
  if (!p)
    return NULL;
  memcpy (p, referrer, dirlen);
  memcpy (p + dirlen, name, n + 1);
  return p;
}
