/* Unit tests for common/guestfs/image-refs.c: the files an image header names,
 * for every format that can name one (qcow2 backing file and data file,
 * qcow, qed, vmdk descriptors, sparse vmdk parent hints and embedded
 * descriptors, differencing VHD and VHDX), the format detection, damaged
 * and oversize headers, and the name rules (protocols, resolution). */
#include <config.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "image-refs.h"
#include "qemu-name.h"
#include "tap.h"

/* An image in memory. */
struct mem {
  unsigned char *p;
  size_t len;
  int fail_at;          /* the read number that fails (EIO), or 0 */
  int reads;
};

static long
mem_read (void *opaque, uint64_t off, void *buf, size_t len)
{
  struct mem *m = opaque;
  if (m->fail_at && ++m->reads == m->fail_at) {
    errno = EIO;
    return -1;
  }
  if (off >= m->len)
    return 0;
  if (len > m->len - off)
    len = m->len - off;
  memcpy (buf, m->p + off, len);
  return (long) len;
}

static struct mem
image (size_t len)
{
  struct mem m = { calloc (1, len), len, 0, 0 };
  if (!m.p)
    abort ();
  return m;
}

static void
put_be32 (unsigned char *p, uint32_t v)
{
  p[0] = v >> 24; p[1] = v >> 16; p[2] = v >> 8; p[3] = v;
}

static void
put_be64 (unsigned char *p, uint64_t v)
{
  put_be32 (p, v >> 32);
  put_be32 (p + 4, (uint32_t) v);
}

static void
put_le16 (unsigned char *p, uint32_t v)
{
  p[0] = v; p[1] = v >> 8;
}

static void
put_le32 (unsigned char *p, uint32_t v)
{
  put_le16 (p, v);
  put_le16 (p + 2, v >> 16);
}

static void
put_le64 (unsigned char *p, uint64_t v)
{
  put_le32 (p, (uint32_t) v);
  put_le32 (p + 4, v >> 32);
}

static void
put_utf16 (unsigned char *p, const char *s, bool big_endian)
{
  for (size_t i = 0; s[i]; ++i) {
    p[2 * i + !big_endian] = 0;
    p[2 * i + big_endian] = (unsigned char) s[i];
  }
}

static int
refs_of (struct mem *m, const char *format, struct gl_image_refs *r)
{
  return gl_image_refs_read (mem_read, m, m->len, format, r);
}

/* A qcow2 header: version, backing name at 512, header extensions. */
static struct mem
qcow2 (uint32_t version, const char *backing, const char *bfmt,
       uint64_t incompat, const char *data_file)
{
  struct mem m = image (4096);
  memcpy (m.p, "QFI\xfb", 4);
  put_be32 (m.p + 4, version);
  if (backing) {
    put_be64 (m.p + 8, 512);
    put_be32 (m.p + 16, (uint32_t) strlen (backing));
    memcpy (m.p + 512, backing, strlen (backing));
  }
  put_be32 (m.p + 20, 16);                /* 64 KiB clusters */
  put_be64 (m.p + 24, 1 << 20);
  size_t off = 72;
  if (version >= 3) {
    put_be64 (m.p + 72, incompat);
    put_be32 (m.p + 100, 104);
    off = 104;
  }
  const char *ext[2] = { bfmt, data_file };
  const uint32_t type[2] = { 0xe2792aca, 0x44415441 };
  for (int i = 0; i < 2; ++i)
    if (ext[i]) {
      size_t n = strlen (ext[i]);
      put_be32 (m.p + off, type[i]);
      put_be32 (m.p + off + 4, (uint32_t) n);
      memcpy (m.p + off + 8, ext[i], n);
      off += 8 + ((n + 7) & ~(size_t) 7);
    }
  return m;
}

static void
test_qcow2 (void)
{
  struct gl_image_refs r;
  struct mem m = qcow2 (3, "/srv/canary", "raw", 0, NULL);
  is_int (refs_of (&m, NULL, &r), 0, "qcow2 overlay: read");
  is_str (r.format, "qcow2", "qcow2 detected");
  is_int ((int) r.total, 1, "one reference");
  ok (r.ref[0].kind == GL_REF_BACKING, "a backing file");
  is_str (r.ref[0].name, "/srv/canary", "its name");
  is_str (r.ref[0].format, "raw", "its format, from the header extension");
  gl_image_refs_free (&r);
  is_int (refs_of (&m, "raw", &r), 0, "told raw: read");
  ok (r.format == NULL && r.total == 0, "told raw, qemu reads it as raw: nothing named");
  gl_image_refs_free (&r);
  free (m.p);

  m = qcow2 (2, "json:{\"driver\":\"raw\",\"file\":{\"filename\":\"/etc/shadow\"}}",
             NULL, 0, NULL);
  is_int (refs_of (&m, "qcow2", &r), 0, "version 2 with a json: name: read");
  ok (r.total == 1 && r.ref[0].format == NULL && strncmp (r.ref[0].name, "json:", 5) == 0,
      "the json: name as written, no format");
  gl_image_refs_free (&r);
  free (m.p);

  m = qcow2 (3, NULL, NULL, 1 << 2, "/srv/data.raw");
  is_int (refs_of (&m, NULL, &r), 0, "qcow2 with a data file: read");
  ok (r.total == 1 && r.ref[0].kind == GL_REF_DATA_FILE, "an external data file");
  is_str (r.ref[0].name, "/srv/data.raw", "its name");
  gl_image_refs_free (&r);
  free (m.p);

  m = qcow2 (3, NULL, NULL, 1 << 2, NULL);
  is_int (refs_of (&m, NULL, &r), 0, "data-file bit, no name: read");
  ok (r.total == 1 && r.ref[0].kind == GL_REF_DATA_FILE && r.ref[0].name == NULL,
      "an external data file, not named");
  gl_image_refs_free (&r);
  free (m.p);

  m = qcow2 (3, NULL, NULL, 0, NULL);
  is_int (refs_of (&m, NULL, &r), 0, "plain qcow2: read");
  ok (r.total == 0 && strcmp (r.format, "qcow2") == 0, "names nothing");
  gl_image_refs_free (&r);

  /* A name with a NUL inside ends there, as in qemu. */
  memcpy (m.p + 512, "abc\0def", 7);
  put_be64 (m.p + 8, 512);
  put_be32 (m.p + 16, 7);
  is_int (refs_of (&m, NULL, &r), 0, "name with a NUL: read");
  ok (r.total == 1 && strcmp (r.ref[0].name, "abc") == 0, "cut at the NUL");
  gl_image_refs_free (&r);

  /* A huge name is cut at qemu's 1023 bytes; an extension running past
   * the first cluster is not read. */
  put_be32 (m.p + 16, 0xffffffff);
  put_be32 (m.p + 104, 0x44415441);
  put_be32 (m.p + 108, 0x7fffffff);
  is_int (refs_of (&m, NULL, &r), 0, "oversize fields: read");
  ok (r.total == 1 && strlen (r.ref[0].name) == 3, "backing name still read, bounded");
  gl_image_refs_free (&r);
  free (m.p);

  /* Truncated: the magic alone. */
  m = image (6);
  memcpy (m.p, "QFI\xfb\0\0", 6);
  is_int (refs_of (&m, "qcow2", &r), 0, "a 6-byte qcow2: read");
  ok (r.total == 0, "names nothing");
  gl_image_refs_free (&r);
  free (m.p);

  /* A read error is an error. */
  m = qcow2 (3, "/x", NULL, 0, NULL);
  m.fail_at = 2;
  errno = 0;
  ok (refs_of (&m, NULL, &r) == -1 && errno == EIO && r.total == 0,
      "a failing read: -1, EIO, nothing kept");
  free (m.p);
}

static void
test_qcow_qed (void)
{
  struct gl_image_refs r;
  struct mem m = image (1024);
  memcpy (m.p, "QFI\xfb", 4);
  put_be32 (m.p + 4, 1);
  put_be64 (m.p + 8, 100);
  put_be32 (m.p + 16, 8);
  memcpy (m.p + 100, "base.img", 8);
  is_int (refs_of (&m, NULL, &r), 0, "qcow version 1: read");
  is_str (r.format, "qcow", "qcow detected");
  ok (r.total == 1 && strcmp (r.ref[0].name, "base.img") == 0, "its backing file");
  gl_image_refs_free (&r);
  free (m.p);

  m = image (1024);
  memcpy (m.p, "QED\0", 4);
  put_le64 (m.p + 16, 0x01 | 0x04);       /* backing file, no probe */
  put_le32 (m.p + 56, 64);
  put_le32 (m.p + 60, 9);
  memcpy (m.p + 64, "nbd:x:123", 9);
  is_int (refs_of (&m, NULL, &r), 0, "qed: read");
  is_str (r.format, "qed", "qed detected");
  ok (r.total == 1 && strcmp (r.ref[0].name, "nbd:x:123") == 0
      && strcmp (r.ref[0].format, "raw") == 0, "its backing file, raw (no probe)");
  gl_image_refs_free (&r);
  put_le64 (m.p + 16, 0);
  is_int (refs_of (&m, NULL, &r), 0, "qed without the feature bit: read");
  ok (r.total == 0, "the name is not used");
  gl_image_refs_free (&r);
  free (m.p);
}

static struct mem
text (const char *s)
{
  struct mem m = image (strlen (s) + 1);
  memcpy (m.p, s, strlen (s));
  m.len = strlen (s);
  return m;
}

static void
test_vmdk (void)
{
  struct gl_image_refs r;
  struct mem m = text ("# Disk DescriptorFile\n"
                       "version=1\n"
                       "CID=fffffffe\n"
                       "createType=\"twoGbMaxExtentFlat\"\n"
                       "parentFileNameHint=\"../parent.vmdk\"\n"
                       "RW 2048 FLAT \"disk-f001.vmdk\" 0\n"
                       "RDONLY 2048 SPARSE \"/srv/canary\"\r\n"
                       "RW 2048 ZERO\n"
                       "RW 2048 FLAT\"glued\" 0\n"
                       "ddb.virtualHWVersion = \"4\"\n");
  is_int (refs_of (&m, NULL, &r), 0, "vmdk descriptor: read");
  is_str (r.format, "vmdk", "a descriptor is vmdk");
  is_int ((int) r.total, 3, "two extents and a parent");
  ok (r.ref[0].kind == GL_REF_EXTENT && strcmp (r.ref[0].name, "disk-f001.vmdk") == 0,
      "first extent");
  ok (r.ref[1].kind == GL_REF_EXTENT && strcmp (r.ref[1].name, "/srv/canary") == 0,
      "second extent (any access word, CRLF)");
  ok (r.ref[2].kind == GL_REF_BACKING && strcmp (r.ref[2].name, "../parent.vmdk") == 0
      && strcmp (r.ref[2].format, "vmdk") == 0, "parentFileNameHint: a vmdk backing file");
  gl_image_refs_free (&r);
  free (m.p);

  m = text ("\n  \t\n# comment\nversion=3\r\nRW 1 VMFS \"x\"\n");
  is_int (refs_of (&m, NULL, &r), 0, "blank lines before version=: read");
  ok (r.format && r.total == 1, "still a descriptor (a little looser than qemu)");
  gl_image_refs_free (&r);
  free (m.p);

  m = text ("hello\nversion=1\nRW 1 FLAT \"x\" 0\n");
  is_int (refs_of (&m, NULL, &r), 0, "text not starting with version=: read");
  ok (r.format == NULL && r.total == 0, "not vmdk (qemu reads it raw)");
  gl_image_refs_free (&r);
  is_int (refs_of (&m, "vmdk", &r), 0, "told vmdk: read");
  ok (r.total == 1, "told vmdk, the extent counts");
  gl_image_refs_free (&r);
  free (m.p);

  /* Sparse: the embedded descriptor's extent is the file itself and
   * qemu does not read it; its parent hint it does. */
  m = image (0x200 + 1024);
  memcpy (m.p, "KDMV", 4);
  put_le64 (m.p + 12, 2048);               /* capacity */
  put_le64 (m.p + 28, 1);                  /* descriptor at sector 1 */
  const char *embedded = "# Disk DescriptorFile\nversion=1\n"
    "parentFileNameHint=\"/srv/base.vmdk\"\nRW 2048 SPARSE \"self.vmdk\"\n";
  memcpy (m.p + 0x200, embedded, strlen (embedded));
  is_int (refs_of (&m, NULL, &r), 0, "sparse vmdk: read");
  ok (r.total == 1 && r.ref[0].kind == GL_REF_BACKING
      && strcmp (r.ref[0].name, "/srv/base.vmdk") == 0, "its parent, not its extent");
  gl_image_refs_free (&r);
  /* Capacity 0: qemu reads the embedded descriptor as a descriptor file. */
  put_le64 (m.p + 12, 0);
  is_int (refs_of (&m, NULL, &r), 0, "sparse vmdk, capacity 0: read");
  ok (r.total == 3 && r.ref[0].kind == GL_REF_EXTENT
      && strcmp (r.ref[0].name, "self.vmdk") == 0, "then its extents count");
  gl_image_refs_free (&r);
  free (m.p);

  /* More extents than are kept. */
  char big[4096] = "version=1\n";
  for (int i = 0; i < 20; ++i)
    snprintf (big + strlen (big), sizeof big - strlen (big), "RW 1 FLAT \"e%d\" 0\n", i);
  m = text (big);
  is_int (refs_of (&m, NULL, &r), 0, "20 extents: read");
  ok (r.n == GL_IMAGE_REFS_MAX && r.total == 20, "16 kept, 20 counted");
  gl_image_refs_free (&r);
  free (m.p);
}

static void
test_vhd (void)
{
  struct gl_image_refs r;
  struct mem m = image (512 + 1024 + 512);
  memcpy (m.p, "conectix", 8);
  put_be64 (m.p + 16, 512);
  put_be32 (m.p + 60, 4);                  /* differencing */
  memcpy (m.p + 512, "cxsparse", 8);
  put_utf16 (m.p + 512 + 64, "parent.vhd", true);
  is_int (refs_of (&m, NULL, &r), 0, "differencing VHD: read");
  is_str (r.format, "vpc", "vpc detected");
  ok (r.total == 1 && r.ref[0].kind == GL_REF_PARENT
      && strcmp (r.ref[0].name, "parent.vhd") == 0, "its parent");
  gl_image_refs_free (&r);
  put_be32 (m.p + 60, 3);                  /* dynamic */
  is_int (refs_of (&m, NULL, &r), 0, "dynamic VHD: read");
  ok (r.total == 0, "names nothing");
  gl_image_refs_free (&r);
  free (m.p);

  /* VHDX: region table -> metadata table -> file parameters (has
   * parent) and parent locator (relative_path). */
  static const unsigned char meta_guid[16] = {
    0x06, 0xa2, 0x7c, 0x8b, 0x90, 0x47, 0x9a, 0x4b,
    0xb8, 0xfe, 0x57, 0x5f, 0x05, 0x0f, 0x88, 0x6e };
  static const unsigned char params_guid[16] = {
    0x37, 0x67, 0xa1, 0xca, 0x36, 0xfa, 0x43, 0x4d,
    0xb3, 0xb6, 0x33, 0xf0, 0xaa, 0x44, 0xe7, 0x6b };
  static const unsigned char locator_guid[16] = {
    0x2d, 0x5f, 0xd3, 0xa8, 0x0b, 0xb3, 0x4d, 0x45,
    0xab, 0xf7, 0xd3, 0xd8, 0x48, 0x34, 0xab, 0x0c };
  const size_t meta = 0x100000;
  m = image (meta + 0x20000);
  memcpy (m.p, "vhdxfile", 8);
  memcpy (m.p + 0x30000, "regi", 4);
  put_le32 (m.p + 0x30008, 1);
  memcpy (m.p + 0x30010, meta_guid, 16);
  put_le64 (m.p + 0x30020, meta);
  memcpy (m.p + meta, "metadata", 8);
  put_le16 (m.p + meta + 10, 2);
  memcpy (m.p + meta + 32, params_guid, 16);
  put_le32 (m.p + meta + 48, 0x10000);
  put_le32 (m.p + meta + 52, 8);
  put_le32 (m.p + meta + 0x10000 + 4, 0x2);     /* has parent */
  memcpy (m.p + meta + 64, locator_guid, 16);
  put_le32 (m.p + meta + 80, 0x10100);
  put_le32 (m.p + meta + 84, 512);
  unsigned char *loc = m.p + meta + 0x10100;
  put_le16 (loc + 18, 2);
  /* entry 0: parent_linkage (ignored), entry 1: relative_path */
  put_le32 (loc + 20, 100);  put_le32 (loc + 24, 200);
  put_le16 (loc + 28, 28);   put_le16 (loc + 30, 8);
  put_utf16 (loc + 100, "parent_linkage", false);
  put_utf16 (loc + 200, "{ab}", false);
  put_le32 (loc + 32, 300);  put_le32 (loc + 36, 400);
  put_le16 (loc + 40, 26);   put_le16 (loc + 42, 30);
  put_utf16 (loc + 300, "relative_path", false);
  put_utf16 (loc + 400, "..\\base.vhdx\xe9", false);
  is_int (refs_of (&m, NULL, &r), 0, "differencing VHDX: read");
  is_str (r.format, "vhdx", "vhdx detected");
  ok (r.total == 1 && r.ref[0].kind == GL_REF_PARENT, "a parent");
  is_str (r.ref[0].name, "..\\base.vhdx?", "its relative_path (non-ASCII as '?')");
  gl_image_refs_free (&r);
  put_le32 (m.p + meta + 0x10000 + 4, 0);
  is_int (refs_of (&m, NULL, &r), 0, "dynamic VHDX: read");
  ok (r.total == 0, "names nothing");
  gl_image_refs_free (&r);
  /* A locator whose entries point outside it. */
  put_le32 (m.p + meta + 0x10000 + 4, 0x2);
  put_le32 (loc + 36, 0xfffffff0);
  is_int (refs_of (&m, NULL, &r), 0, "bad locator offsets: read");
  ok (r.total == 1 && r.ref[0].name == NULL, "a parent, not named");
  gl_image_refs_free (&r);
  free (m.p);
}

static void
test_names (void)
{
  ok (gl_image_name_is_protocol ("json:{\"a\":1}"), "json: is not a file");
  ok (gl_image_name_is_protocol ("nbd://host/x"), "nbd:// is not a file");
  ok (gl_image_name_is_protocol ("nbd:unix:/run/s"), "nbd:unix: is not a file");
  ok (gl_image_name_is_protocol ("file:/etc/shadow"), "file: is qemu's too");
  ok (!gl_image_name_is_protocol ("/srv/a:b.img"), "an absolute path is a file");
  ok (!gl_image_name_is_protocol ("./nbd:x"), "./nbd:x is a file");
  ok (!gl_image_name_is_protocol ("dir/x:y"), "a '/' before the ':': a file");
  ok (!gl_image_name_is_protocol ("disk.img"), "disk.img is a file");

  struct { const char *referrer, *name, *want; } t[] = {
    { "/srv/vm/over.qcow2", "base.img", "/srv/vm/base.img" },
    { "/srv/vm/over.qcow2", "../b/base.img", "/srv/vm/../b/base.img" },
    { "/srv/vm/over.qcow2", "/abs/base.img", "/abs/base.img" },
    { "/srv/vm/over.qcow2", "nbd://h/x", "nbd://h/x" },
    { "over.qcow2", "base.img", "base.img" },
    { "./nbd:x", "base.img", "./base.img" },
  };
  for (size_t i = 0; i < sizeof t / sizeof t[0]; ++i) {
    char *got = gl_image_ref_resolve (t[i].referrer, t[i].name);
    is_str (got, t[i].want, "%s from %s", t[i].name, t[i].referrer);
    free (got);
  }
  ok (gl_image_format_has_backing ("qcow2") && gl_image_format_has_backing ("vmdk")
      && !gl_image_format_has_backing ("raw") && !gl_image_format_has_backing ("vpc")
      && !gl_image_format_has_backing (NULL), "formats with backing files");
  is_str (gl_image_ref_kind_name (GL_REF_DATA_FILE), "external data file", "kind names");
}

/* How images are named to qemu (qemu-name.c, not pure: it stats). */
static void
test_qemu_name (void)
{
  struct gl_qemu_name n;
  ok (gl_qemu_name ("/srv/a,b \"c\".qcow2", "qcow2", false, &n) == 0 && n.format == NULL,
      "qcow2 without the opt-in: the format is in the name");
  is_str (n.name, "json:{\"driver\":\"qcow2\",\"file\":{\"driver\":\"file\","
          "\"filename\":\"/srv/a,b \\\"c\\\".qcow2\"},\"backing\":null}",
          "a json: name, escaped, with no backing file");
  gl_qemu_name_free (&n);
  ok (gl_qemu_name ("/srv/a.qcow2", "qcow2", true, &n) == 0
      && strcmp (n.name, "/srv/a.qcow2") == 0 && strcmp (n.format, "qcow2") == 0,
      "with the opt-in: the file and its format");
  gl_qemu_name_free (&n);
  ok (gl_qemu_name ("nbd:x.img", "raw", false, &n) == 0
      && strcmp (n.name, "./nbd:x.img") == 0 && strcmp (n.format, "raw") == 0,
      "raw: a plain file name, made local");
  gl_qemu_name_free (&n);
  ok (gl_qemu_name ("disk.img", NULL, false, &n) == 0
      && strcmp (n.name, "disk.img") == 0 && n.format == NULL,
      "no format: qemu detects it");
  gl_qemu_name_free (&n);
  char *f = gl_qemu_file_name ("json:{}");
  is_str (f, "./json:{}", "a local file named json:{} stays a file");
  free (f);
}

int
main (void)
{
  test_qcow2 ();
  test_qcow_qed ();
  test_vmdk ();
  test_vhd ();
  test_names ();
  test_qemu_name ();
  return tap_done ();
}
