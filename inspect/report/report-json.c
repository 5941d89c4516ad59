/* guestlift: the JSON writer (json-c).  The shape, key names and key order
 * are a public contract (guestlift-inspect(1), THE REPORT;
 * data/guestlift-report.schema.json); json-c keeps object
 * keys in insertion order, so the order below is the order printed.
 *
 * json-c escapes quotes, backslashes and control characters, but copies
 * bytes >= 0x80 as they are: every guest string goes through
 * gl_report_clean first so the document is always valid UTF-8. */
#include <config.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

#include <json-c/json.h>

#include "cleanup.h"
#include "report-write.h"

/* Building a tree means many small allocations; rather than checking each
 * at its call site, the first failure sets oom and the rest become no-ops. */
struct jctx {
  bool oom;
};

static json_object *
check (struct jctx *c, json_object *o)
{
  if (!o)
    c->oom = true;
  return o;
}

/* A string, or JSON null for NULL. */
static json_object *
jstr (struct jctx *c, const char *s)
{
  if (!s)
    return NULL;
  CLEANUP_FREE char *clean = gl_report_clean (s, 0);
  if (!clean) {
    c->oom = true;
    return NULL;
  }
  return check (c, json_object_new_string (clean));
}

static json_object *
jbool (struct jctx *c, bool b)
{
  return check (c, json_object_new_boolean (b));
}

/* true / false / null */
static json_object *
jtri (struct jctx *c, gl_tristate t)
{
  return t == GL_NULL ? NULL : jbool (c, t == GL_TRUE);
}

static json_object *
jint (struct jctx *c, int64_t n)
{
  return check (c, json_object_new_int64 (n));
}

static json_object *
jobj (struct jctx *c)
{
  return check (c, json_object_new_object ());
}

static json_object *
jarr (struct jctx *c)
{
  return check (c, json_object_new_array ());
}

/* Add key: val to obj; val NULL prints null.  Takes ownership of val. */
static void
add (struct jctx *c, json_object *obj, const char *key, json_object *val)
{
  if (!obj || json_object_object_add (obj, key, val) != 0) {
    c->oom = true;
    json_object_put (val);
  }
}

static void
push (struct jctx *c, json_object *arr, json_object *val)
{
  if (!arr || json_object_array_add (arr, val) != 0) {
    c->oom = true;
    json_object_put (val);
  }
}

static json_object *
jstrings (struct jctx *c, const string_vector *v)
{
  json_object *a = jarr (c);
  for (size_t i = 0; i < v->len; ++i)
    push (c, a, jstr (c, v->ptr[i]));
  return a;
}

static json_object *
kernel_json (struct jctx *c, const struct gl_kernel *k)
{
  json_object *o = jobj (c);
  add (c, o, "version", jstr (c, k->version));
  add (c, o, "vmlinuz", jstr (c, k->vmlinuz));
  add (c, o, "initrd", jstr (c, k->initrd));
  add (c, o, "config", jstr (c, k->config));
  add (c, o, "config_source",
       check (c, json_object_new_string (gl_config_source_name (k->config_source))));
  add (c, o, "arch", jstr (c, k->arch));
  add (c, o, "xen_pv_only", jtri (c, k->xen_pv_only));
  add (c, o, "xen_pv_only_evidence", jstr (c, k->xen_pv_only_evidence));
  json_object *v = jobj (c);
  add (c, v, "blk", jbool (c, k->virtio.blk));
  add (c, v, "net", jbool (c, k->virtio.net));
  add (c, v, "scsi", jbool (c, k->virtio.scsi));
  add (c, v, "rng", jbool (c, k->virtio.rng));
  add (c, v, "balloon", jbool (c, k->virtio.balloon));
  add (c, v, "console", jbool (c, k->virtio.console));
  add (c, o, "virtio", v);
  add (c, o, "initrd_has_virtio_blk", jtri (c, k->initrd_has_virtio_blk));
  add (c, o, "default", jbool (c, k->is_default));
  return o;
}

static json_object *
os_json (struct jctx *c, const struct gl_os *os)
{
  json_object *o = jobj (c);
  add (c, o, "root", jstr (c, os->root));
  add (c, o, "type", jstr (c, os->type));
  add (c, o, "distro", jstr (c, os->distro));
  add (c, o, "product_name", jstr (c, os->product_name));
  json_object *ver = jobj (c);
  add (c, ver, "major", jint (c, os->version_major));
  add (c, ver, "minor", jint (c, os->version_minor));
  add (c, o, "version", ver);
  add (c, o, "arch", jstr (c, os->arch));
  add (c, o, "hostname", jstr (c, os->hostname));
  add (c, o, "package_format", jstr (c, os->package_format));
  add (c, o, "package_management", jstr (c, os->package_management));

  json_object *mp = jobj (c);
  for (size_t i = 0; i < os->mountpoints.len; ++i) {
    const struct gl_mountpoint *m = &os->mountpoints.ptr[i];
    if (!m->mountpoint)
      continue;
    CLEANUP_FREE char *key = gl_report_clean (m->mountpoint, 0);
    if (!key) {
      c->oom = true;
      continue;
    }
    add (c, mp, key, jstr (c, m->device));
  }
  add (c, o, "mountpoints", mp);
  add (c, o, "filesystems", jstrings (c, &os->filesystems));

  json_object *bl = jobj (c);
  add (c, bl, "type", jstr (c, os->bootloader.type ? os->bootloader.type : "none"));
  add (c, bl, "config", jstr (c, os->bootloader.config));
  add (c, bl, "default_kernel", jstr (c, os->bootloader.default_kernel));
  add (c, o, "bootloader", bl);

  json_object *ks = jarr (c);
  for (size_t i = 0; i < os->kernels.len; ++i)
    push (c, ks, kernel_json (c, os->kernels.ptr[i]));
  add (c, o, "kernels", ks);

  json_object *xen = jobj (c);
  add (c, xen, "fstab_devices", jstrings (c, &os->xen.fstab_devices));
  add (c, xen, "consoles", jstrings (c, &os->xen.consoles));
  add (c, xen, "modprobe_aliases", jstrings (c, &os->xen.modprobe_aliases));
  add (c, o, "xen", xen);

  json_object *kvm = jobj (c);
  add (c, kvm, "bootable", jbool (c, os->kvm.bootable));
  add (c, kvm, "recommended_kernel", jstr (c, os->kvm.recommended_kernel));
  add (c, kvm, "blockers", jstrings (c, &os->kvm.blockers));
  add (c, kvm, "warnings", jstrings (c, &os->kvm.warnings));
  add (c, o, "kvm", kvm);
  return o;
}

static json_object *
image_json (struct jctx *c, const struct gl_image *img)
{
  json_object *o = jobj (c);
  add (c, o, "path", jstr (c, img->path));
  add (c, o, "format", jstr (c, img->format));
  add (c, o, "virtual_size", jint (c, img->virtual_size));
  add (c, o, "error", jstr (c, img->error));
  json_object *oses = jarr (c);
  for (size_t i = 0; i < img->oses.len; ++i)
    push (c, oses, os_json (c, img->oses.ptr[i]));
  add (c, o, "operating_systems", oses);
  return o;
}

int
gl_report_write_json_ex (const struct gl_report *r, FILE *fp, bool with_summary)
{
  struct jctx c = { .oom = false };
  json_object *doc = jobj (&c);
  json_object *images = jarr (&c);
  for (size_t i = 0; r && i < r->images.len; ++i)
    push (&c, images, image_json (&c, r->images.ptr[i]));
  add (&c, doc, "images", images);

  if (with_summary) {
    struct gl_report_summary s;
    gl_report_summary (r, &s);
    json_object *so = jobj (&c);
    add (&c, so, "bootable", jint (&c, (int64_t) s.bootable));
    add (&c, so, "blocked", jint (&c, (int64_t) s.blocked));
    add (&c, so, "unknown", jint (&c, (int64_t) s.unknown));
    add (&c, so, "error", jint (&c, (int64_t) s.error));
    /* The blocked guests and why: what a migration must fix first. */
    json_object *bl = jarr (&c);
    for (size_t i = 0; r && i < r->images.len; ++i) {
      const struct gl_image *img = r->images.ptr[i];
      for (size_t j = 0; !img->error && j < img->oses.len; ++j) {
        const struct gl_os *os = img->oses.ptr[j];
        if (gl_os_verdict (os) != GL_VERDICT_BLOCKED)
          continue;
        json_object *g = jobj (&c);
        add (&c, g, "path", jstr (&c, img->path));
        add (&c, g, "root", jstr (&c, os->root));
        add (&c, g, "blockers", jstrings (&c, &os->kvm.blockers));
        push (&c, bl, g);
      }
    }
    add (&c, so, "blocked_guests", bl);
    add (&c, doc, "summary", so);
  }

  const char *text = NULL;
  if (!c.oom)
    text = json_object_to_json_string_ext (doc,
                                           JSON_C_TO_STRING_PRETTY |
                                           JSON_C_TO_STRING_SPACED |
                                           JSON_C_TO_STRING_NOSLASHESCAPE);
  if (!text) {
    json_object_put (doc);
    errno = ENOMEM;
    return -1;
  }
  int ret = 0;
  if (fputs (text, fp) == EOF || putc ('\n', fp) == EOF || fflush (fp) == EOF
      || ferror (fp))
    ret = -1;
  json_object_put (doc);
  return ret;
}

int
gl_report_write_json (const struct gl_report *r, FILE *fp)
{
  return gl_report_write_json_ex (r, fp, false);
}
