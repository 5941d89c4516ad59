/* guestlift: the XML writer (libxml2 xmlTextWriter).  Same facts as the
 * JSON, one element per field, in the shape data/guestlift-report.rng
 * describes (keep the two in step).  Fields that are null in the JSON are
 * left out; tri-states are spelled true / false / unknown.
 *
 * The writer escapes markup characters, but XML 1.0 cannot carry most
 * control characters even as character references, and libxml2 wants
 * valid UTF-8: every guest string goes through gl_report_clean
 * (GL_CLEAN_XML) so the output is always well-formed. */
#include <config.h>

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

#include <libxml/xmlwriter.h>

#include "cleanup.h"
#include "report-write.h"

/* The first failure sets fail; later calls do nothing, so the builders
 * below read as plain sequences of elements. */
struct xctx {
  xmlTextWriterPtr w;
  bool fail;
};

#define X(expr) do { if (!c->fail && (expr) < 0) c->fail = true; } while (0)

static void
start (struct xctx *c, const char *name)
{
  X (xmlTextWriterStartElement (c->w, BAD_CAST name));
}

static void
end (struct xctx *c)
{
  X (xmlTextWriterEndElement (c->w));
}

/* Attribute from guest data; NULL leaves it out. */
static void
attr (struct xctx *c, const char *name, const char *value)
{
  if (!value || c->fail)
    return;
  CLEANUP_FREE char *clean = gl_report_clean (value, GL_CLEAN_XML);
  if (!clean) {
    c->fail = true;
    return;
  }
  X (xmlTextWriterWriteAttribute (c->w, BAD_CAST name, BAD_CAST clean));
}

/* <name>text</name> from guest data; NULL leaves the element out. */
static void
elem (struct xctx *c, const char *name, const char *text)
{
  if (!text || c->fail)
    return;
  CLEANUP_FREE char *clean = gl_report_clean (text, GL_CLEAN_XML);
  if (!clean) {
    c->fail = true;
    return;
  }
  X (xmlTextWriterWriteElement (c->w, BAD_CAST name, BAD_CAST clean));
}

static const char *
boolstr (bool b)
{
  return b ? "true" : "false";
}

static const char *
tristr (gl_tristate t)
{
  return t == GL_NULL ? "unknown" : boolstr (t == GL_TRUE);
}

static void
attr_int (struct xctx *c, const char *name, int64_t n)
{
  char s[32];
  snprintf (s, sizeof s, "%" PRId64, n);
  attr (c, name, s);
}

/* <list><item>..</item>...</list>, always present even when empty. */
static void
strings (struct xctx *c, const char *list, const char *item,
         const string_vector *v)
{
  start (c, list);
  for (size_t i = 0; i < v->len; ++i)
    elem (c, item, v->ptr[i]);
  end (c);
}

static void
kernel_xml (struct xctx *c, const struct gl_kernel *k)
{
  start (c, "kernel");
  attr (c, "default", boolstr (k->is_default));
  elem (c, "version", k->version);
  elem (c, "vmlinuz", k->vmlinuz);
  elem (c, "initrd", k->initrd);
  elem (c, "config", k->config);
  elem (c, "config-source", gl_config_source_name (k->config_source));
  elem (c, "arch", k->arch);
  start (c, "xen-pv-only");
  attr (c, "evidence", k->xen_pv_only_evidence);
  X (xmlTextWriterWriteString (c->w, BAD_CAST tristr (k->xen_pv_only)));
  end (c);
  start (c, "virtio");
  attr (c, "blk", boolstr (k->virtio.blk));
  attr (c, "net", boolstr (k->virtio.net));
  attr (c, "scsi", boolstr (k->virtio.scsi));
  attr (c, "rng", boolstr (k->virtio.rng));
  attr (c, "balloon", boolstr (k->virtio.balloon));
  attr (c, "console", boolstr (k->virtio.console));
  end (c);
  elem (c, "initrd-has-virtio-blk", tristr (k->initrd_has_virtio_blk));
  end (c);
}

static void
os_xml (struct xctx *c, const struct gl_os *os)
{
  start (c, "operating-system");
  elem (c, "root", os->root);
  elem (c, "type", os->type);
  elem (c, "distro", os->distro);
  elem (c, "product-name", os->product_name);
  start (c, "version");
  attr_int (c, "major", os->version_major);
  attr_int (c, "minor", os->version_minor);
  end (c);
  elem (c, "arch", os->arch);
  elem (c, "hostname", os->hostname);
  elem (c, "package-format", os->package_format);
  elem (c, "package-management", os->package_management);
  elem (c, "osinfo", os->osinfo);

  start (c, "mountpoints");
  for (size_t i = 0; i < os->mountpoints.len; ++i) {
    const struct gl_mountpoint *m = &os->mountpoints.ptr[i];
    if (!m->mountpoint)
      continue;
    start (c, "mountpoint");
    attr (c, "path", m->mountpoint);
    attr (c, "device", m->device);
    end (c);
  }
  end (c);
  strings (c, "filesystems", "filesystem", &os->filesystems);

  start (c, "bootloader");
  attr (c, "type", os->bootloader.type ? os->bootloader.type : "none");
  elem (c, "config", os->bootloader.config);
  elem (c, "default-kernel", os->bootloader.default_kernel);
  end (c);

  start (c, "kernels");
  for (size_t i = 0; i < os->kernels.len; ++i)
    kernel_xml (c, os->kernels.ptr[i]);
  end (c);

  start (c, "xen");
  strings (c, "fstab-devices", "device", &os->xen.fstab_devices);
  strings (c, "consoles", "console", &os->xen.consoles);
  strings (c, "modprobe-aliases", "alias", &os->xen.modprobe_aliases);
  end (c);

  start (c, "kvm");
  attr (c, "bootable", boolstr (os->kvm.bootable));
  elem (c, "recommended-kernel", os->kvm.recommended_kernel);
  strings (c, "blockers", "blocker", &os->kvm.blockers);
  strings (c, "warnings", "warning", &os->kvm.warnings);
  end (c);
  end (c);
}

static void
image_xml (struct xctx *c, const struct gl_image *img)
{
  start (c, "image");
  attr (c, "path", img->path);
  attr (c, "format", img->format);
  if (img->virtual_size >= 0)
    attr_int (c, "virtual-size", img->virtual_size);
  elem (c, "error", img->error);
  for (size_t i = 0; i < img->oses.len; ++i)
    os_xml (c, img->oses.ptr[i]);
  end (c);
}

int
gl_report_write_xml_ex (const struct gl_report *r, FILE *fp, bool with_summary)
{
  xmlOutputBufferPtr out = xmlOutputBufferCreateFile (fp, NULL);
  if (!out) {
    errno = ENOMEM;
    return -1;
  }
  /* The writer owns out from here on (and never closes fp). */
  struct xctx ctx = { .w = xmlNewTextWriter (out), .fail = false };
  struct xctx *c = &ctx;
  if (!c->w) {
    xmlOutputBufferClose (out);
    errno = ENOMEM;
    return -1;
  }
  X (xmlTextWriterSetIndent (c->w, 1));
  X (xmlTextWriterSetIndentString (c->w, BAD_CAST "  "));
  X (xmlTextWriterStartDocument (c->w, NULL, "UTF-8", NULL));
  start (c, "guestlift-report");
  for (size_t i = 0; r && i < r->images.len; ++i)
    image_xml (c, r->images.ptr[i]);
  if (with_summary) {
    struct gl_report_summary s;
    gl_report_summary (r, &s);
    start (c, "summary");
    attr_int (c, "bootable", (int64_t) s.bootable);
    attr_int (c, "blocked", (int64_t) s.blocked);
    attr_int (c, "unknown", (int64_t) s.unknown);
    attr_int (c, "error", (int64_t) s.error);
    for (size_t i = 0; r && i < r->images.len; ++i) {
      const struct gl_image *img = r->images.ptr[i];
      for (size_t j = 0; !img->error && j < img->oses.len; ++j) {
        const struct gl_os *os = img->oses.ptr[j];
        if (gl_os_verdict (os) != GL_VERDICT_BLOCKED)
          continue;
        start (c, "blocked-guest");
        attr (c, "path", img->path);
        if (os->root)
          attr (c, "root", os->root);
        for (size_t k = 0; k < os->kvm.blockers.len; ++k)
          elem (c, "blocker", os->kvm.blockers.ptr[k]);
        end (c);
      }
    }
    end (c);
  }
  end (c);
  X (xmlTextWriterEndDocument (c->w));
  xmlFreeTextWriter (c->w);

  if (fflush (fp) == EOF || ferror (fp))
    return -1;
  if (c->fail) {
    if (errno == 0)
      errno = EIO;
    return -1;
  }
  return 0;
}

int
gl_report_write_xml (const struct gl_report *r, FILE *fp)
{
  return gl_report_write_xml_ex (r, fp, false);
}
