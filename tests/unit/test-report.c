/* Unit tests for the report model and its writers: JSON and XML are parsed
 * back (json-c, libxml2) and checked field by field, including the escaping
 * of a hostile hostname; the text, table and CSV writers are checked for
 * the verdict line, sanitising, quoting and the formula guard; the exit
 * status and the summary counts are those guestlift-inspect(1) and
 * guestlift-audit(1) document. */
#include <config.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>
#include <libxml/parser.h>
#include <libxml/xpath.h>

#include "cleanup.h"
#include "error.h"
#include "report.h"
#include "report-fields.h"
#include "report-write.h"

/* The sample reports (RHEL 5 PV-only, mixed, error, unknown). */
#define GL_REPORT_SAMPLE_NO_MAIN
#include "report-sample.c"

#include "tap.h"

#define FFFD "\xef\xbf\xbd"

enum writer { W_JSON, W_JSON_SUMMARY, W_JSON_COMPACT, W_XML, W_XML_SUMMARY, W_TEXT,
              W_TEXT_COLOR, W_TABLE, W_TABLE_COLOR, W_CSV };

/* Render r with one writer into a string (caller frees). */
static char *
render (const struct gl_report *r, enum writer w)
{
  char *out = NULL;
  size_t len = 0;
  FILE *fp = open_memstream (&out, &len);
  if (!fp)
    abort ();
  int rc = -1;
  struct gl_err *err = NULL;
  switch (w) {
  case W_JSON: rc = gl_report_write_json (r, fp, err); break;
  case W_JSON_SUMMARY: rc = gl_report_write_json_ex (r, fp, GL_REPORT_JSON_SUMMARY, err); break;
  case W_JSON_COMPACT:
    rc = gl_report_write_json_ex (r, fp, GL_REPORT_JSON_SUMMARY | GL_REPORT_JSON_COMPACT,
                                  err);
    break;
  case W_XML: rc = gl_report_write_xml (r, fp, err); break;
  case W_XML_SUMMARY: rc = gl_report_write_xml_ex (r, fp, true, err); break;
  case W_TEXT: rc = gl_report_write_text (r, fp, false, err); break;
  case W_TEXT_COLOR: rc = gl_report_write_text (r, fp, true, err); break;
  case W_TABLE: rc = gl_report_write_table (r, fp, false, err); break;
  case W_TABLE_COLOR: rc = gl_report_write_table (r, fp, true, err); break;
  case W_CSV: rc = gl_report_write_csv (r, fp, err); break;
  }
  fclose (fp);
  ok (rc == 0, "writer %d returns 0", (int) w);
  return out;
}

static struct gl_report *
report_of (struct gl_image *(*const build[]) (void), size_t n)
{
  struct gl_report *r = gl_report_new ();
  for (size_t i = 0; i < n; ++i)
    if (gl_image_vector_append (&r->images, build[i] ()) == -1)
      abort ();
  return r;
}
#define REPORT(...) ({                                                  \
      struct gl_image *(*const b_[]) (void) = { __VA_ARGS__ };          \
      report_of (b_, sizeof b_ / sizeof b_[0]); })

/* --- JSON helpers ----------------------------------------------------- */

/* Follow a path of keys / array indexes ("images", 0, ...) written as a
 * string "images/0/path". */
static json_object *
jget (json_object *o, const char *path)
{
  CLEANUP_FREE char *copy = strdup (path);
  char *save = NULL;
  for (char *tok = strtok_r (copy, "/", &save); tok && o;
       tok = strtok_r (NULL, "/", &save)) {
    if (json_object_is_type (o, json_type_array))
      o = json_object_array_get_idx (o, (size_t) atoi (tok));
    else if (!json_object_object_get_ex (o, tok, &o))
      return NULL;
  }
  return o;
}

static const char *
jstr (json_object *doc, const char *path)
{
  json_object *o = jget (doc, path);
  return o && json_object_is_type (o, json_type_string)
    ? json_object_get_string (o) : NULL;
}

static bool
jhas_null (json_object *doc, const char *path)
{
  /* The key must exist and be null (not missing). */
  const char *slash = strrchr (path, '/');
  CLEANUP_FREE char *parent = strndup (path, (size_t) (slash - path));
  json_object *p = jget (doc, parent), *v = (json_object *) 1;
  return p && json_object_object_get_ex (p, slash + 1, &v) && v == NULL;
}

static int64_t
jint (json_object *doc, const char *path)
{
  json_object *o = jget (doc, path);
  return o && json_object_is_type (o, json_type_int)
    ? json_object_get_int64 (o) : INT64_MIN;
}

/* 1 true, 0 false, -1 otherwise */
static int
jbool (json_object *doc, const char *path)
{
  json_object *o = jget (doc, path);
  return o && json_object_is_type (o, json_type_boolean)
    ? json_object_get_boolean (o) : -1;
}

/* The JSON schema (data/guestlift-report.schema.json) names every key
 * of the contract in its order: "properties" lists them in order and
 * "required" says which must be there.  The schema, not this test, is
 * what a new key is added to. */
static json_object *
schema_resolve (json_object *root, json_object *s)
{
  json_object *ref, *defs, *d;
  while (s && json_object_object_get_ex (s, "$ref", &ref)) {
    const char *name = json_object_get_string (ref);
    if (strncmp (name, "#/$defs/", 8) != 0
        || !json_object_object_get_ex (root, "$defs", &defs)
        || !json_object_object_get_ex (defs, name + 8, &d))
      return NULL;
    s = d;
  }
  return s;
}

/* Whether every object in v has the keys its schema requires, each in
 * the schema's order; the first that has not is named in where. */
static bool
schema_order (json_object *root, json_object *schema, json_object *v,
              const char *path, char *where, size_t n, size_t *objects)
{
  json_object *props, *items, *req;
  schema = schema_resolve (root, schema);
  if (!schema || !v)
    return true;
  if (json_object_is_type (v, json_type_array)
      && json_object_object_get_ex (schema, "items", &items)) {
    for (size_t i = 0; i < json_object_array_length (v); ++i) {
      CLEANUP_FREE char *p = gl_printf ("%s[%zu]", path, i);
      if (!schema_order (root, items, json_object_array_get_idx (v, i), p,
                         where, n, objects))
        return false;
    }
    return true;
  }
  if (!json_object_is_type (v, json_type_object)
      || !json_object_object_get_ex (schema, "properties", &props))
    return true;
  ++*objects;
  if (json_object_object_get_ex (schema, "required", &req))
    for (size_t i = 0; i < json_object_array_length (req); ++i) {
      const char *k = json_object_get_string (json_object_array_get_idx (req, i));
      if (!json_object_object_get_ex (v, k, NULL)) {
        snprintf (where, n, "%s: no \"%s\"", path, k);
        return false;
      }
    }
  int last = -1;
  json_object_object_foreach (v, key, val) {
    int at = 0;
    bool found = false;
    json_object_object_foreach (props, pk, pv) {
      (void) pv;
      if (strcmp (pk, key) == 0) {
        found = true;
        break;
      }
      at++;
    }
    if (!found || at <= last) {
      snprintf (where, n, "%s: \"%s\" %s", path, key,
                found ? "out of the schema's order" : "not in the schema");
      return false;
    }
    last = at;
    CLEANUP_FREE char *p = gl_printf ("%s%s%s", path, *path ? "." : "", key);
    if (!schema_order (root, json_object_object_get (props, key), val, p,
                       where, n, objects))
      return false;
  }
  return true;
}

static json_object *
read_schema (void)
{
  const char *top = getenv ("top_srcdir");
  CLEANUP_FREE char *file = gl_printf ("%s/data/guestlift-report.schema.json",
                                       top ? top : ".");
  return json_object_from_file (file);
}

/* The writer's keys are the schema's, in its order, at every level. */
static void
check_schema_order (const char *text, const char *what)
{
  json_object *schema = read_schema ();
  json_object *doc = json_tokener_parse (text);
  char where[256] = "";
  size_t objects = 0;
  bool good = schema && doc
    && schema_order (schema, schema, doc, "", where, sizeof where, &objects);
  ok (good && objects > 1,
      "%s: every object's keys are the schema's, in its order (%zu objects)%s%s",
      what, objects, *where ? ": " : "", where);

  /* The check can fail: an image whose "path" came last. */
  json_object *img = doc ? json_object_array_get_idx
    (json_object_object_get (doc, "images"), 0) : NULL;
  json_object *path = img ? json_object_get (json_object_object_get (img, "path")) : NULL;
  if (img && json_object_object_get_ex (img, "path", NULL)) {
    json_object_object_del (img, "path");
    json_object_object_add (img, "path", path);
    where[0] = '\0';
    ok (!schema_order (schema, schema, doc, "", where, sizeof where, &objects),
        "%s: a key out of order is found (%s)", what, where);
  }
  json_object_put (doc);
  json_object_put (schema);
}

static void
test_json (void)
{
  struct gl_report *r = sample_report ();
  CLEANUP_FREE char *text = render (r, W_JSON);
  gl_report_free (r);

  ok (strncmp (text, "{\n  \"images\": [\n    {\n      \"path\"", 33) == 0,
      "JSON is pretty printed with a 2-space indent");
  ok (strchr (text, '\x01') == NULL && strchr (text, '\xff') == NULL,
      "no raw control byte or invalid UTF-8 byte in the JSON");
  ok (strstr (text, "\\u0001") != NULL, "control character escaped as \\u0001");
  ok (strstr (text, "\\/") == NULL, "slashes are not escaped");

  json_object *doc = json_tokener_parse (text);
  ok (doc != NULL, "JSON parses back");
  if (!doc)
    return;

  check_schema_order (text, "sample");
  {
    struct gl_report *rich = sample_rich_report ();
    CLEANUP_FREE char *rtext = render (rich, W_JSON);
    gl_report_free (rich);
    check_schema_order (rtext, "rich sample");
  }

  is_int (json_object_array_length (jget (doc, "images")), 5, "5 images");

  /* RHEL 5, PV-only. */
#define OS0 "images/0/operating_systems/0/"
  is_str (jstr (doc, "images/0/path"), "/images/rhel5.img", "path");
  is_str (jstr (doc, "images/0/format"), "raw", "format");
  is_int (jint (doc, "images/0/virtual_size"), INT64_C (8589934592), "virtual_size");
  ok (jhas_null (doc, "images/0/error"), "error is null");
  is_str (jstr (doc, OS0 "root"), "/dev/VolGroup00/LogVol00", "root");
  is_str (jstr (doc, OS0 "type"), "linux", "type");
  is_str (jstr (doc, OS0 "distro"), "rhel", "distro");
  is_str (jstr (doc, OS0 "product_name"),
          "Red Hat Enterprise Linux Server release 5.11 (Tikanga)", "product_name");
  is_int (jint (doc, OS0 "version/major"), 5, "version.major");
  is_int (jint (doc, OS0 "version/minor"), 11, "version.minor");
  is_str (jstr (doc, OS0 "arch"), "x86_64", "arch");
  is_str (jstr (doc, OS0 "hostname"), "rhel5.example.com", "hostname");
  is_str (jstr (doc, OS0 "package_format"), "rpm", "package_format");
  is_str (jstr (doc, OS0 "package_management"), "yum", "package_management");
  is_str (jstr (doc, OS0 "mountpoints//"), NULL, "(path helper skips empty keys)");
  {
    json_object *mp = jget (doc, OS0 "mountpoints"), *dev = NULL;
    ok (mp && json_object_is_type (mp, json_type_object)
        && json_object_object_get_ex (mp, "/", &dev)
        && strcmp (json_object_get_string (dev), "/dev/VolGroup00/LogVol00") == 0,
        "mountpoints is an object: \"/\" -> root device");
  }
  is_str (jstr (doc, OS0 "mountpoints/boot"), NULL, "no stray key");
  is_str (jstr (doc, OS0 "filesystems/0"), "/dev/sda1", "filesystems[0]");
  is_str (jstr (doc, OS0 "bootloader/type"), "grub-legacy", "bootloader.type");
  is_str (jstr (doc, OS0 "bootloader/config"), "/boot/grub/grub.conf", "bootloader.config");
  is_str (jstr (doc, OS0 "bootloader/default_kernel"), "2.6.18-398.el5xen",
          "bootloader.default_kernel");
  is_int (json_object_array_length (jget (doc, OS0 "kernels")), 1, "1 kernel");
  is_str (jstr (doc, OS0 "kernels/0/version"), "2.6.18-398.el5xen", "kernel version");
  is_str (jstr (doc, OS0 "kernels/0/vmlinuz"), "/boot/vmlinuz-2.6.18-398.el5xen", "vmlinuz");
  is_str (jstr (doc, OS0 "kernels/0/initrd"), "/boot/initrd-2.6.18-398.el5xen.img", "initrd");
  is_str (jstr (doc, OS0 "kernels/0/config"), "/boot/config-2.6.18-398.el5xen", "config");
  is_str (jstr (doc, OS0 "kernels/0/config_source"), "file", "config_source file");
  is_str (jstr (doc, OS0 "kernels/0/arch"), "x86_64", "kernel arch");
  is_int (jbool (doc, OS0 "kernels/0/xen_pv_only"), 1, "xen_pv_only true");
  is_str (jstr (doc, OS0 "kernels/0/xen_pv_only_evidence"), "CONFIG_X86_64_XEN=y",
          "xen_pv_only_evidence");
  is_int (jbool (doc, OS0 "kernels/0/virtio/blk"), 0, "virtio.blk false");
  is_int (jbool (doc, OS0 "kernels/0/initrd_has_virtio_blk"), 0,
          "initrd_has_virtio_blk false");
  is_int (jbool (doc, OS0 "kernels/0/default"), 1, "\"default\" true");
  is_str (jstr (doc, OS0 "xen/fstab_devices/0"), "/dev/xvda1", "xen.fstab_devices");
  is_str (jstr (doc, OS0 "xen/consoles/0"), "xvc0", "xen.consoles");
  is_str (jstr (doc, OS0 "xen/modprobe_aliases/0"), "alias eth0 xennet",
          "xen.modprobe_aliases");
  is_int (jbool (doc, OS0 "kvm/bootable"), 0, "kvm.bootable false");
  ok (jhas_null (doc, OS0 "kvm/recommended_kernel"), "recommended_kernel null");
  is_str (jstr (doc, OS0 "kvm/blockers/0"),
          "all kernels are Xen PV-only (2.6.18-398.el5xen)", "kvm.blockers");
  is_str (jstr (doc, OS0 "kvm/warnings/0"), "console xvc0 does not exist on KVM",
          "kvm.warnings");

  /* Mixed guest, hostile strings. */
#define OS1 "images/1/operating_systems/0/"
  is_str (jstr (doc, OS1 "hostname"), "web<&'\"\x01" FFFD ">01",
          "hostname round-trips; invalid UTF-8 became U+FFFD");
  is_str (jstr (doc, OS1 "product_name"), "CentOS release 5.11 (Final)\x1b[2J",
          "ESC survives JSON (escaped as \\u001b)");
  is_int (json_object_array_length (jget (doc, OS1 "kernels")), 2, "2 kernels");
  is_int (jbool (doc, OS1 "kernels/1/xen_pv_only"), 0, "xen_pv_only false");
  ok (jhas_null (doc, OS1 "kernels/1/config"), "config null");
  is_str (jstr (doc, OS1 "kernels/1/config_source"), "ikconfig", "config_source ikconfig");
  ok (jhas_null (doc, OS1 "kernels/1/xen_pv_only_evidence"), "evidence null");
  is_int (jbool (doc, OS1 "kernels/1/virtio/blk"), 1, "virtio.blk true");
  is_int (jbool (doc, OS1 "kernels/1/virtio/balloon"), 1, "virtio.balloon true");
  is_int (jbool (doc, OS1 "kernels/1/virtio/scsi"), 0, "virtio.scsi false");
  is_int (jbool (doc, OS1 "kernels/1/initrd_has_virtio_blk"), 1,
          "initrd_has_virtio_blk true");
  is_int (jbool (doc, OS1 "kernels/1/default"), 0, "\"default\" false");
  is_int (jbool (doc, OS1 "kvm/bootable"), 1, "kvm.bootable true");
  is_str (jstr (doc, OS1 "kvm/recommended_kernel"), "2.6.18-398.el5", "recommended");
  is_int (json_object_array_length (jget (doc, OS1 "kvm/blockers")), 0,
          "blockers is an empty array");

  /* Error image. */
  is_str (jstr (doc, "images/2/error"), "cannot open the image: Permission denied",
          "error message");
  ok (jhas_null (doc, "images/2/format"), "unknown format is null");
  is_int (jint (doc, "images/2/virtual_size"), -1, "unknown virtual_size is -1");
  is_int (json_object_array_length (jget (doc, "images/2/operating_systems")), 0,
          "operating_systems empty");

  /* Unknown guest: nulls. */
#define OS3 "images/3/operating_systems/0/"
  is_str (jstr (doc, "images/3/path"), FORMULA_PATH, "path with quotes round-trips");
  ok (jhas_null (doc, OS3 "kernels/0/xen_pv_only"), "xen_pv_only null (no config)");
  ok (jhas_null (doc, OS3 "kernels/0/initrd_has_virtio_blk"),
      "initrd_has_virtio_blk null");
  ok (jhas_null (doc, OS3 "kernels/0/initrd"), "initrd null");
  is_str (jstr (doc, OS3 "kernels/0/config_source"), "none", "config_source none");
  ok (jhas_null (doc, OS3 "distro"), "unknown distro is null");
  is_str (jstr (doc, OS3 "bootloader/type"), "none", "missing bootloader is \"none\"");
  ok (jhas_null (doc, OS3 "bootloader/default_kernel"), "default_kernel null");
  json_object_put (doc);

  /* With the summary. */
  r = sample_report ();
  CLEANUP_FREE char *text2 = render (r, W_JSON_SUMMARY);
  gl_report_free (r);
  doc = json_tokener_parse (text2);
  check_schema_order (text2, "sample with summary");
  is_int (jint (doc, "summary/bootable"), 1, "summary.bootable");
  is_int (jint (doc, "summary/blocked"), 1, "summary.blocked");
  is_int (jint (doc, "summary/unknown"), 1, "summary.unknown");
  is_int (jint (doc, "summary/error"), 1, "summary.error");
  {
    json_object *bl = jget (doc, "summary/blocked_guests");
    ok (bl && json_object_array_length (bl) == 1,
        "summary.blocked_guests lists the one blocked guest");
    json_object *g0 = bl ? json_object_array_get_idx (bl, 0) : NULL, *b;
    ok (g0 && json_object_object_get_ex (g0, "blockers", &b) &&
        json_object_array_length (b) > 0,
        "summary.blocked_guests[0] carries its blockers");
  }
  json_object_put (doc);

  /* An empty report is still a document. */
  r = gl_report_new ();
  CLEANUP_FREE char *text3 = render (r, W_JSON);
  gl_report_free (r);
  doc = json_tokener_parse (text3);
  ok (doc && json_object_array_length (jget (doc, "images")) == 0,
      "empty report: {\"images\": []}");
  json_object_put (doc);

  /* Compact: the same document on one line, as json-c prints it plain. */
  struct gl_report *(*const samples[]) (void) = { sample_report, sample_rich_report };
  for (size_t i = 0; i < sizeof samples / sizeof samples[0]; ++i) {
    r = samples[i] ();
    CLEANUP_FREE char *pretty = render (r, W_JSON_SUMMARY);
    CLEANUP_FREE char *compact = render (r, W_JSON_COMPACT);
    gl_report_free (r);
    doc = json_tokener_parse (pretty);
    const char *plain = doc ? json_object_to_json_string_ext
      (doc, JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE) : "";
    size_t n = strlen (plain);
    ok (strncmp (compact, plain, n) == 0 && strcmp (compact + n, "\n") == 0,
        "sample %zu: compact JSON is the pretty document on one line", i);
    json_object_put (doc);
  }
}

/* --- XML ------------------------------------------------------------- */

static char *
xpath_string (xmlDocPtr doc, const char *expr)
{
  xmlXPathContextPtr ctx = xmlXPathNewContext (doc);
  xmlXPathObjectPtr res = xmlXPathEvalExpression (BAD_CAST expr, ctx);
  char *s = NULL;
  if (res && res->type == XPATH_STRING)
    s = strdup ((const char *) res->stringval);
  else if (res && res->type == XPATH_NUMBER)
    s = gl_printf ("%g", res->floatval);
  xmlXPathFreeObject (res);
  xmlXPathFreeContext (ctx);
  return s;
}

#define is_xpath(doc, expr, expected, ...) do {                         \
    CLEANUP_FREE char *x_ = xpath_string ((doc), (expr));               \
    is_str (x_, (expected), __VA_ARGS__);                               \
  } while (0)

static void
test_xml (void)
{
  struct gl_report *r = sample_report ();
  CLEANUP_FREE char *text = render (r, W_XML_SUMMARY);
  gl_report_free (r);

  ok (strchr (text, '\x01') == NULL && strchr (text, '\xff') == NULL
      && strstr (text, "&#1;") == NULL,
      "no control character (raw or as a reference) in the XML");
  xmlDocPtr doc = xmlReadMemory (text, (int) strlen (text), "report.xml", NULL,
                                 XML_PARSE_NONET | XML_PARSE_NOERROR
                                 | XML_PARSE_NOWARNING);
  ok (doc != NULL, "XML is well-formed");
  if (!doc)
    return;
  is_xpath (doc, "count(/guestlift-report/image)", "5", "5 images");
  is_xpath (doc, "string(/guestlift-report/image[1]/@path)", "/images/rhel5.img", "path");
  is_xpath (doc, "string(/guestlift-report/image[1]/@virtual-size)", "8589934592",
            "virtual-size");
  is_xpath (doc, "string(//image[1]/operating-system/version/@minor)", "11",
            "version minor");
  is_xpath (doc, "string(//image[1]//kernel[1]/xen-pv-only)", "true", "xen-pv-only");
  is_xpath (doc, "string(//image[1]//kernel[1]/xen-pv-only/@evidence)",
            "CONFIG_X86_64_XEN=y", "evidence");
  is_xpath (doc, "string(//image[1]//kernel[1]/@default)", "true", "default");
  is_xpath (doc, "string(//image[1]//kvm/@bootable)", "false", "kvm bootable");
  is_xpath (doc, "string(//image[1]//kvm/blockers/blocker)",
            "all kernels are Xen PV-only (2.6.18-398.el5xen)", "blocker");
  is_xpath (doc, "string(//image[1]//mountpoint[@path='/boot']/@device)",
            "/dev/sda1", "mountpoint");
  is_xpath (doc, "string(//image[2]/operating-system/hostname)",
            "web<&'\"" FFFD FFFD ">01",
            "hostname round-trips (\\x01 and \\xff became U+FFFD)");
  is_xpath (doc, "string(//image[2]//kernel[2]/config-source)", "ikconfig",
            "config-source");
  is_xpath (doc, "string(//image[2]//kernel[2]/virtio/@blk)", "true", "virtio blk");
  is_xpath (doc, "string(//image[2]//kvm/recommended-kernel)", "2.6.18-398.el5",
            "recommended-kernel");
  is_xpath (doc, "string(//image[3]/error)", "cannot open the image: Permission denied",
            "error element");
  is_xpath (doc, "count(//image[3]/operating-system)", "0", "no OS in the error image");
  is_xpath (doc, "count(//image[3]/@format)", "0", "unknown format left out");
  is_xpath (doc, "string(//image[4]/@path)", FORMULA_PATH, "path with quotes");
  is_xpath (doc, "string(//image[4]//kernel/xen-pv-only)", "unknown", "tri-state unknown");
  is_xpath (doc, "string(//image[4]//kernel/initrd-has-virtio-blk)", "unknown",
            "initrd tri-state unknown");
  is_xpath (doc, "string(/guestlift-report/summary/@blocked)", "1", "summary blocked");
  is_xpath (doc, "string(/guestlift-report/summary/@error)", "1", "summary error");
  xmlFreeDoc (doc);

  r = sample_report ();
  CLEANUP_FREE char *plain = render (r, W_XML);
  gl_report_free (r);
  ok (strstr (plain, "<summary") == NULL, "no summary unless asked");
}

/* --- text, table, CSV ------------------------------------------------ */

/* No control bytes but newline (and ESC only when colours were asked). */
static bool
terminal_safe (const char *s, bool allow_esc)
{
  for (const unsigned char *p = (const unsigned char *) s; *p; ++p)
    if ((*p < 0x20 && *p != '\n' && !(allow_esc && *p == 0x1b)) || *p == 0x7f
        || *p == 0xff)
      return false;
  return true;
}

static void
test_text (void)
{
  struct gl_report *r = REPORT (sample_rhel5_image);
  CLEANUP_FREE char *one = render (r, W_TEXT);
  gl_report_free (r);
  const char *v1 = "KVM: NOT BOOTABLE — all kernels are Xen PV-only (2.6.18-398.el5xen)\n";
  ok (strncmp (one, v1, strlen (v1)) == 0, "first line is the verdict");
  ok (strstr (one, "  VERSION            PV-ONLY  EVIDENCE                   VIRTIO  "
              "INITRD-VIRTIO  DEFAULT\n") != NULL, "kernel table header");
  ok (strstr (one, "  2.6.18-398.el5xen  yes      file: CONFIG_X86_64_XEN=y  none    "
              "no             *\n") != NULL, "kernel table row");
  ok (strstr (one, "grub-legacy (/boot/grub/grub.conf), default kernel 2.6.18-398.el5xen")
      != NULL, "bootloader and default kernel");
  ok (strstr (one, "consoles:         xvc0") != NULL, "Xen references");
  ok (strstr (one, "  Blockers:\n    - all kernels") != NULL, "blockers listed");
  ok (strstr (one, " \n") == NULL, "no trailing blanks");

  r = sample_report ();
  CLEANUP_FREE char *all = render (r, W_TEXT);
  CLEANUP_FREE char *colored = render (r, W_TEXT_COLOR);
  gl_report_free (r);
  ok (strstr (all, "\nKVM: bootable — recommended kernel 2.6.18-398.el5\n") != NULL,
      "bootable verdict line");
  ok (strstr (all, "\nERROR: cannot open the image: Permission denied\n") != NULL,
      "ERROR line");
  ok (strstr (all, "\nKVM: UNKNOWN — ") != NULL, "unknown verdict line");
  ok (terminal_safe (all, false), "no control characters reach the terminal");
  ok (strstr (all, "web<&'\"\\x01" FFFD ">01") != NULL, "hostname shown escaped");
  ok (strstr (all, "(Final)\\x1b[2J") != NULL, "ESC from the guest shown as \\x1b");
  ok (strchr (all, '\x1b') == NULL, "no colour unless asked");
  ok (strstr (colored, GL_ANSI_RED "KVM: NOT BOOTABLE") != NULL, "red NOT BOOTABLE");
  ok (strstr (colored, GL_ANSI_GREEN "KVM: bootable") != NULL, "green bootable");
  ok (terminal_safe (colored, true), "colour output otherwise clean");
  ok (strstr (colored, "\x1b[2J") == NULL, "guest ESC never reaches the terminal");

  r = REPORT (sample_error_image);
  CLEANUP_FREE char *err = render (r, W_TEXT);
  gl_report_free (r);
  ok (strncmp (err, "ERROR: cannot open the image: Permission denied\n", 48) == 0,
      "an image error is the first line");

  /* No OS, no error. */
  r = gl_report_new ();
  gl_image_vector_append (&r->images, gl_image_new ("/images/blank.img"));
  CLEANUP_FREE char *blank = render (r, W_TEXT);
  gl_report_free (r);
  ok (strncmp (blank, "ERROR: no operating system found", 32) == 0,
      "an image without OS reads as an error");
}

static void
test_table (void)
{
  struct gl_report *r = sample_report ();
  CLEANUP_FREE char *t = render (r, W_TABLE);
  CLEANUP_FREE char *tc = render (r, W_TABLE_COLOR);
  gl_report_free (r);
  ok (strncmp (t, "IMAGE ", 6) == 0 && strstr (t, "  OS ") && strstr (t, "  KERNELS ")
      && strstr (t, "  VERDICT ") && strstr (t, "  RECOMMENDED\n"), "table header");
  ok (strstr (t, "/images/rhel5.img                         rhel 5.11 x86_64    "
              "1 (PV-only 1)  BLOCKED   -\n") != NULL, "blocked row");
  ok (strstr (t, "/images/centos5.qcow2                     centos 5.11 x86_64  "
              "2 (PV-only 1)  bootable  2.6.18-398.el5\n") != NULL, "bootable row");
  ok (strstr (t, "/images/broken.qcow2                      -                   "
              "-              ERROR     -\n") != NULL, "error row");
  ok (strstr (t, "unknown") != NULL, "unknown row");
  ok (strstr (t, "\nSummary: 5 guests: 1 bootable, 1 blocked, 1 unknown, 1 error, "
              "1 not applicable\n")
      != NULL, "summary counts");
  ok (strstr (t, "\nBlocked guests:\n  /images/rhel5.img (/dev/VolGroup00/LogVol00)\n"
              "    - all kernels are Xen PV-only (2.6.18-398.el5xen)\n") != NULL,
      "blocked guests with their blockers");
  ok (strstr (t, "\nErrors:\n  /images/broken.qcow2\n"
              "    - cannot open the image: Permission denied\n") != NULL,
      "errors listed");
  ok (terminal_safe (t, false) && strchr (t, '\x1b') == NULL, "table is plain");
  ok (strstr (tc, GL_ANSI_RED "BLOCKED" GL_ANSI_RESET) != NULL, "colour table");
}

static void
test_csv (void)
{
  struct gl_report *r = sample_report ();
  CLEANUP_FREE char *c = render (r, W_CSV);
  gl_report_free (r);
  const char *header = "image,root,distro,version,arch,kernels,pv_only_kernels,"
    "verdict,recommended_kernel,blockers,error\r\n";
  ok (strncmp (c, header, strlen (header)) == 0, "CSV header");
  ok (strstr (c, "\r\n/images/rhel5.img,/dev/VolGroup00/LogVol00,rhel,5.11,x86_64,1,1,"
              "blocked,,all kernels are Xen PV-only (2.6.18-398.el5xen),\r\n") != NULL,
      "blocked row");
  ok (strstr (c, "\r\n/images/centos5.qcow2,/dev/VolGroup00/LogVol00,centos,5.11,"
              "x86_64,2,1,bootable,2.6.18-398.el5,,\r\n") != NULL, "bootable row");
  ok (strstr (c, "\r\n/images/broken.qcow2,,,,,,,error,,,"
              "cannot open the image: Permission denied\r\n") != NULL, "error row");
  ok (strstr (c, "\r\n\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\"), nokernel.img\","
              "/dev/sda1,,,,1,0,unknown,,,\r\n") != NULL,
      "formula guarded, quotes doubled, comma quoted; version 0.0 (unknown) empty");

  /* Blockers joined, hostile cells. */
  r = REPORT (sample_rhel5_image);
  struct gl_os *os = r->images.ptr[0]->oses.ptr[0];
  free (os->distro);
  os->distro = xs ("x\ny");
  xadd (&os->kvm.blockers, "-1 kernels, \"really\"");
  xadd (&os->kvm.blockers, "@SUM(1)");
  free (os->kvm.recommended_kernel);
  os->kvm.recommended_kernel = xs ("+2");
  free (os->arch);
  os->arch = xs (" padded ");
  CLEANUP_FREE char *c2 = render (r, W_CSV);
  gl_report_free (r);
  ok (strstr (c2, ",x" FFFD "y,") != NULL, "newline in a cell replaced");
  ok (strstr (c2, ",\" padded \",") != NULL, "leading/trailing space quoted");
  ok (strstr (c2, ",\"'+2\",") != NULL, "+ guarded");
  ok (strstr (c2, ",\"all kernels are Xen PV-only (2.6.18-398.el5xen); "
              "-1 kernels, \"\"really\"\"; @SUM(1)\",\r\n") != NULL,
      "blockers joined with \"; \" (only the cell start is a formula risk)");
  {
    int lines = 0;
    for (const char *p = c2; (p = strstr (p, "\r\n")); p += 2)
      lines++;
    is_int (lines, 2, "one header and one row");
  }
  r = REPORT (sample_unknown_image);
  free (r->images.ptr[0]->oses.ptr[0]->root);
  r->images.ptr[0]->oses.ptr[0]->root = xs ("-/dev/sda1");
  CLEANUP_FREE char *c3 = render (r, W_CSV);
  gl_report_free (r);
  ok (strstr (c3, ",\"'-/dev/sda1\",") != NULL, "- guarded");
}

/* --- model, exit status, summary, sanitiser -------------------------- */

static void
test_model (void)
{
  struct gl_report *r;

  r = sample_report ();
  is_int (gl_report_exit_status (r), 1, "exit 1 when an image has an error");
  gl_report_free (r);
  r = REPORT (sample_rhel5_image, sample_mixed_image);
  is_int (gl_report_exit_status (r), 3, "exit 3 when a guest is blocked");
  gl_report_free (r);
  r = REPORT (sample_mixed_image);
  is_int (gl_report_exit_status (r), 0, "exit 0 when all guests are bootable");
  gl_report_free (r);
  r = REPORT (sample_mixed_image, sample_unknown_image);
  is_int (gl_report_exit_status (r), 3, "exit 3 when a guest is undecided");
  gl_report_free (r);
  r = REPORT (sample_mixed_image);
  gl_image_vector_append (&r->images, gl_image_new ("/images/blank.img"));
  is_int (gl_report_exit_status (r), 1, "exit 1 when an image has no OS");
  struct gl_report_summary s;
  gl_report_summary (r, &s);
  ok (s.bootable == 1 && s.error == 1 && s.blocked == 0 && s.unknown == 0,
      "an image without OS counts as an error");
  gl_report_free (r);
  r = gl_report_new ();
  is_int (gl_report_exit_status (r), 0, "exit 0 for an empty report");
  gl_report_summary (r, &s);
  ok (s.bootable + s.blocked + s.unknown + s.error == 0, "empty summary");
  gl_report_free (r);
  is_int (gl_report_exit_status (NULL), 1, "exit 1 for no report");

  r = sample_report ();
  gl_report_summary (r, &s);
  ok (s.bootable == 1 && s.blocked == 1 && s.unknown == 1 && s.error == 1 &&
      s.not_applicable == 1,
      "summary: 1 bootable, 1 blocked, 1 unknown, 1 error, 1 not applicable");
  /* An error on an image with OSes: the image is one "error" guest. */
  gl_image_set_error (r->images.ptr[0], "first %d", 1);
  gl_image_set_error (r->images.ptr[0], "second %s", "message");
  is_str (r->images.ptr[0]->error, "second message", "gl_image_set_error replaces");
  gl_report_summary (r, &s);
  ok (s.bootable == 1 && s.blocked == 0 && s.unknown == 1 && s.error == 2,
      "an image with an error counts once, as error");
  gl_report_free (r);

  struct gl_kernel *k = gl_kernel_new ();
  ok (k->xen_pv_only == GL_NULL && k->initrd_has_virtio_blk == GL_NULL
      && k->config_source == GL_CONFIG_NONE, "a new kernel knows nothing");
  gl_kernel_free (k);
  struct gl_image *img = gl_image_new ("x");
  is_int (img->virtual_size, -1, "a new image has an unknown size");
  gl_image_free (img);
  gl_report_free (NULL);
  gl_image_free (NULL);
  gl_os_free (NULL);
  gl_kernel_free (NULL);

  is_str (gl_config_source_name (GL_CONFIG_FILE), "file", "config source file");
  is_str (gl_config_source_name (GL_CONFIG_IKCONFIG), "ikconfig", "config source ikconfig");
  is_str (gl_config_source_name (GL_CONFIG_NONE), "none", "config source none");
  is_str (gl_config_source_name ((enum gl_config_source) 42), "none",
          "out of range config source is none");
  is_str (gl_verdict_name (GL_VERDICT_BLOCKED), "blocked", "verdict name");
}

static void
test_clean (void)
{
  static const struct { const char *in; unsigned flags; const char *out; } t[] = {
    { "plain", 0, "plain" },
    { "é€😀", GL_CLEAN_XML | GL_CLEAN_TERM, "é€😀" },
    { "a\xff" "b", 0, "a" FFFD "b" },
    { "\xc0\xaf", 0, FFFD FFFD },                    /* overlong '/' */
    { "\xed\xa0\x80", 0, FFFD FFFD FFFD },           /* surrogate */
    { "\xf4\x90\x80\x80", 0, FFFD FFFD FFFD FFFD },  /* > U+10FFFF */
    { "\xe2\x82", 0, FFFD FFFD },                    /* truncated */
    { "a\x01\tb", 0, "a\x01\tb" },
    { "a\x01\tb\n", GL_CLEAN_XML, "a" FFFD "\tb\n" },
    { "\xef\xbf\xbe", GL_CLEAN_XML, FFFD },          /* U+FFFE */
    { "\x1b[31mred\n", GL_CLEAN_TERM, "\\x1b[31mred\\n" },
    { "\xc2\x9b" "2J", GL_CLEAN_TERM, "\\x9b2J" },   /* C1 CSI */
    { "abc\xe2\x80\xae" "gpj.exe", GL_CLEAN_TERM, "abc" FFFD "gpj.exe" },
    { "x\r\ny\x7f", GL_CLEAN_LINE, "x" FFFD FFFD "y" FFFD },
  };
  for (size_t i = 0; i < sizeof t / sizeof t[0]; ++i) {
    CLEANUP_FREE char *got = gl_report_clean (t[i].in, t[i].flags);
    is_str (got, t[i].out, "gl_report_clean case %zu", i);
  }
  ok (gl_report_clean (NULL, 0) == NULL, "NULL in, NULL out");
  is_int (gl_report_width ("a—" FFFD), 3, "width counts code points");
}

/* The members of each struct of the model as report.h declares them
 * (comments dropped, "bool a, b;" split): the names, space-separated. */
static char *
declared_members (const char *header, const char *strct)
{
  CLEANUP_FREE char *open = gl_printf ("struct %s {\n", strct);
  const char *p = strstr (header, open);
  const char *end = p ? strstr (p, "\n};") : NULL;
  if (!p || !end)
    return NULL;
  p += strlen (open);
  CLEANUP_FREE char *body = strndup (p, (size_t) (end - p));
  /* Drop comments. */
  for (char *c; (c = strstr (body, "/*")) != NULL; ) {
    char *e = strstr (c, "*/");
    if (!e)
      return NULL;
    memmove (c, e + 2, strlen (e + 2) + 1);
  }
  char *names = strdup ("");
  char *save = NULL;
  for (char *decl = strtok_r (body, ";", &save); decl; decl = strtok_r (NULL, ";", &save)) {
    /* "TYPE d1, d2": the type is one word, or two after struct/enum. */
    char *q = decl + strspn (decl, " \t\n");
    if (!*q)
      continue;
    bool two = strncmp (q, "struct ", 7) == 0 || strncmp (q, "enum ", 5) == 0;
    q += strcspn (q, " \t\n");
    if (two) {
      q += strspn (q, " \t\n");
      q += strcspn (q, " \t\n");
    }
    char *save2 = NULL;
    for (char *d = strtok_r (q, ",", &save2); d; d = strtok_r (NULL, ",", &save2)) {
      d += strspn (d, " \t\n*");
      d[strcspn (d, " \t\n")] = '\0';
      char *more = gl_printf ("%s%s%s", names, *names ? " " : "", d);
      free (names);
      names = more;
    }
  }
  return names;
}

/* NAMES (space-separated) sorted, so that rows may come in another order
 * than the members (the JSON's order is the rows'). */
static int
cmp_word (const void *a, const void *b)
{
  return strcmp (*(char *const *) a, *(char *const *) b);
}

static char *
sorted (const char *names)
{
  CLEANUP_FREE char *copy = strdup (names ? names : "");
  char *words[128];
  size_t n = 0;
  char *save = NULL;
  for (char *w = strtok_r (copy, " ", &save); w && n < 128; w = strtok_r (NULL, " ", &save))
    words[n++] = w;
  qsort (words, n, sizeof words[0], cmp_word);
  char *out = strdup ("");
  for (size_t i = 0; i < n; ++i) {
    char *more = gl_printf ("%s%s%s", out, i ? " " : "", words[i]);
    free (out);
    out = more;
  }
  return out;
}

/* The row names of obj, with its groups' rows, space-separated. */
static void
row_names (const struct gl_object *obj, char **names)
{
  for (size_t i = 0; i < obj->nfields; ++i) {
    const struct gl_field *f = &obj->fields[i];
    if (f->type == GL_FT_OBJECT && f->object->size == 0)
      row_names (f->object, names);
    else {
      char *more = gl_printf ("%s%s%s", *names, **names ? " " : "", f->name);
      free (*names);
      *names = more;
    }
  }
}

/* The field tables cover the model: every member report.h declares has
 * one row, of the right size, so no writer, reader or destructor can
 * forget one. */
struct fake { char *a; char *b; bool c; int d; string_vector e; };
#define FAKE_ROW(...) GL_FIELD_ROW (struct fake, __VA_ARGS__)

static void
test_fields (void)
{
  {
    CLEANUP_ERR struct gl_err err = GL_ERR_INIT;
    ok (gl_report_fields_check (&err) == 0,
        "the field tables agree with the structs' layout (%s)", gl_err_msg (&err, "ok"));
  }

  const char *top = getenv ("top_srcdir");
  CLEANUP_FREE char *file = gl_printf ("%s/inspect/report/report.h", top ? top : ".");
  CLEANUP_FREE char *header = NULL;
  size_t hlen = 0;
  FILE *fp = fopen (file, "r");
  if (fp) {
    FILE *w = open_memstream (&header, &hlen);
    int c;
    while ((c = getc (fp)) != EOF)
      putc (c, w);
    fclose (w);
    fclose (fp);
  }
  ok (header != NULL, "report.h read from %s", file);
  static const struct { const char *strct; const struct gl_object *obj; } structs[] = {
    { "gl_report", &gl_report_object }, { "gl_image", &gl_image_object },
    { "gl_os", &gl_os_object }, { "gl_kernel", &gl_kernel_object },
    { "gl_virtio", &gl_virtio_object }, { "gl_bootloader", &gl_bootloader_object },
    { "gl_xen_refs", &gl_xen_refs_object }, { "gl_kvm_verdict", &gl_kvm_verdict_object },
  };
  for (size_t i = 0; header && i < sizeof structs / sizeof structs[0]; ++i) {
    CLEANUP_FREE char *declared = declared_members (header, structs[i].strct);
    CLEANUP_FREE char *rows = strdup ("");
    row_names (structs[i].obj, &rows);
    CLEANUP_FREE char *want = declared ? sorted (declared) : NULL;
    CLEANUP_FREE char *got = sorted (rows);
    is_str (got, want, "struct %s: a row for every member", structs[i].strct);
  }

  /* The layout check finds what it can see (a small member hidden in
   * padding is for the check above). */
  static const struct gl_field missing_ptr[] = {
    FAKE_ROW (a, STRING, "a") FAKE_ROW (c, BOOL, "c")
    FAKE_ROW (d, INT, "d") FAKE_ROW (e, STRINGS, "e", .xml = "e", .xml_item = "i")
  };
  static const struct gl_field wrong_type[] = {
    FAKE_ROW (a, STRING, "a") FAKE_ROW (b, STRING, "b") FAKE_ROW (c, BOOL, "c")
    FAKE_ROW (d, SIZE, "d") FAKE_ROW (e, STRINGS, "e", .xml = "e", .xml_item = "i")
  };
  static const struct gl_field missing_last[] = {
    FAKE_ROW (a, STRING, "a") FAKE_ROW (b, STRING, "b") FAKE_ROW (c, BOOL, "c")
    FAKE_ROW (d, INT, "d")
  };
  static const struct gl_field complete[] = {
    FAKE_ROW (a, STRING, "a") FAKE_ROW (b, STRING, "b") FAKE_ROW (c, BOOL, "c")
    FAKE_ROW (d, INT, "d") FAKE_ROW (e, STRINGS, "e", .xml = "e", .xml_item = "i")
  };
  static const struct { const struct gl_field *rows; size_t n; const char *want; } t[] = {
    { missing_ptr, 4, "before c" },
    { wrong_type, 5, "fake.d: size 4" },
    { missing_last, 4, "at the end" },
    { complete, 5, NULL },
  };
  for (size_t i = 0; i < sizeof t / sizeof t[0]; ++i) {
    const struct gl_object fake = { .name = "fake", .fields = t[i].rows,
                                    .nfields = t[i].n, .size = sizeof (struct fake) };
    CLEANUP_ERR struct gl_err err = GL_ERR_INIT;
    int r = gl_object_check (&fake, &err);
    const char *why = gl_err_msg (&err, "");
    if (t[i].want)
      ok (r == -1 && strstr (why, t[i].want), "a broken table is found: %s", why);
    else
      ok (r == 0, "a complete table passes%s%s", *why ? ": " : "", why);
  }

  /* Comparing walks the same rows and names the first difference. */
  struct gl_report *a = sample_rich_report (), *b = sample_rich_report ();
  char where[256] = "";
  ok (gl_object_same (&gl_report_object, a, b, true, where, sizeof where),
      "two rich samples are the same");
  struct gl_kernel *k = b->images.ptr[0]->oses.ptr[0]->kernels.ptr[1];
  k->has_ide = !k->has_ide;
  ok (gl_object_same (&gl_report_object, a, b, false, where, sizeof where),
      "an extra differs: same without extras");
  ok (!gl_object_same (&gl_report_object, a, b, true, where, sizeof where),
      "an extra differs: not the same with them");
  is_str (where, "images[0].oses[0].kernels[1].has_ide", "the difference is named");
  gl_report_free (a);
  gl_report_free (b);
}

/* A writer that cannot write says so, with the stream's errno value. */
static void
test_write_error (void)
{
  struct gl_report *r = sample_report ();
  for (int w = SW_JSON; w <= SW_CSV; ++w) {
    FILE *fp = fopen ("/dev/full", "w");
    if (!fp) {
      ok (1, "writer %d: no /dev/full # SKIP", w);
      continue;
    }
    CLEANUP_ERR struct gl_err err = GL_ERR_INIT;
    int rc;
    switch ((enum sample_writer) w) {
    case SW_JSON: rc = gl_report_write_json (r, fp, &err); break;
    case SW_JSON_SUMMARY: rc = gl_report_write_json_ex (r, fp, GL_REPORT_JSON_SUMMARY, &err); break;
    case SW_XML: rc = gl_report_write_xml (r, fp, &err); break;
    case SW_XML_SUMMARY: rc = gl_report_write_xml_ex (r, fp, true, &err); break;
    case SW_TEXT: case SW_TEXT_COLOR:
      rc = gl_report_write_text (r, fp, w == SW_TEXT_COLOR, &err); break;
    case SW_TABLE: case SW_TABLE_COLOR:
      rc = gl_report_write_table (r, fp, w == SW_TABLE_COLOR, &err); break;
    default: rc = gl_report_write_csv (r, fp, &err); break;
    }
    fclose (fp);
    ok (rc == -1 && err.errnum == ENOSPC && err.msg
        && strstr (err.msg, "cannot write the report"),
        "writer %d on a full disk: %s", w, gl_err_msg (&err, "(no error)"));
  }
  gl_report_free (r);
}

/* Every writer's output for the samples, byte for byte as
 * tests/unit/report.golden holds it (written by the code before the
 * writers were driven by the field table).  A deliberate change of an
 * output is regenerated with
 *   tests/unit/report-sample tests/unit/report.golden golden
 * and the diff reviewed. */
static void
test_golden (void)
{
  const char *top = getenv ("top_srcdir");
  CLEANUP_FREE char *file = gl_printf ("%s/tests/unit/report.golden", top ? top : ".");
  CLEANUP_FREE char *want = NULL;
  size_t want_len = 0;
  FILE *fp = file ? fopen (file, "r") : NULL;
  ok (fp != NULL, "golden file %s opens", file ? file : "?");
  if (!fp)
    return;
  FILE *w = open_memstream (&want, &want_len);
  char chunk[4096];
  size_t n;
  while ((n = fread (chunk, 1, sizeof chunk, fp)) > 0)
    fwrite (chunk, 1, n, w);
  fclose (fp);
  fclose (w);

  CLEANUP_FREE char *got = NULL;
  size_t got_len = 0;
  FILE *g = open_memstream (&got, &got_len);
  is_int (sample_golden (g), 0, "every writer succeeds on the samples");
  fclose (g);

  size_t i = 0;
  while (i < got_len && i < want_len && got[i] == want[i])
    ++i;
  bool same = got_len == want_len && i == got_len;
  if (!same) {
    /* Name the section and line of the first difference. */
    const char *section = "(before any section)";
    size_t line = 1, sline = 0;
    for (size_t j = 0; j < i; ++j)
      if (want[j] == '\n') {
        line++;
        if (strncmp (want + j + 1, "=== ", 4) == 0) {
          section = want + j + 1;
          sline = line;
        }
      }
    if (strncmp (want, "=== ", 4) == 0 && sline == 0)
      section = want;
    printf ("# first difference at byte %zu, line %zu of the golden file, "
            "in section %.*s\n", i, line, (int) strcspn (section, "\n"), section);
  }
  ok (same, "every writer's output is byte for byte the golden one (%zu bytes)",
      want_len);
}

/* --- a Windows guest: its facts, and a verdict that does not apply -- */

static void
test_windows (void)
{
  struct gl_report *r = REPORT (sample_windows_image);
  is_int (gl_report_exit_status (r), 0,
          "exit 0 for a Windows guest (not applicable is not blocked)");
  struct gl_report_summary s;
  gl_report_summary (r, &s);
  ok (s.not_applicable == 1 && s.bootable + s.blocked + s.unknown + s.error == 0,
      "summary: the Windows guest counts as not applicable only");
  is_str (gl_verdict_name (gl_os_verdict (r->images.ptr[0]->oses.ptr[0])),
          "not_applicable", "verdict name not_applicable");

  CLEANUP_FREE char *json = render (r, W_JSON_SUMMARY);
  json_object *doc = json_tokener_parse (json);
#define WOS "images/0/operating_systems/0/"
  is_str (jstr (doc, WOS "type"), "windows", "JSON type windows");
  is_str (jstr (doc, WOS "distro"), "windows", "JSON distro windows");
  is_str (jstr (doc, WOS "product_name"), "Windows 7 Professional", "JSON product_name");
  is_int (jint (doc, WOS "version/major"), 6, "JSON version.major 6");
  is_int (jint (doc, WOS "version/minor"), 1, "JSON version.minor 1");
  is_str (jstr (doc, WOS "hostname"), "WIN7-PARITY", "JSON hostname");
  is_str (jstr (doc, WOS "osinfo"), "win7", "JSON osinfo win7");
  is_str (jstr (doc, WOS "drive_mappings/C"), "/dev/sda2", "JSON drive_mappings C");
  is_str (jstr (doc, WOS "drive_mappings/E"), "/dev/sdb1", "JSON drive_mappings E");
  is_int (jint (doc, "summary/not_applicable"), 1, "JSON summary.not_applicable");
  is_int (json_object_array_length (jget (doc, WOS "kvm/blockers")), 0,
          "no blockers for a Windows guest");
  json_object_put (doc);

  CLEANUP_FREE char *xml = render (r, W_XML_SUMMARY);
  xmlDocPtr xd = xmlReadMemory (xml, (int) strlen (xml), "report.xml", NULL,
                                XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
  ok (xd != NULL, "Windows XML is well-formed");
  if (xd) {
    is_xpath (xd, "string(//drive-mapping[@letter='C']/@device)", "/dev/sda2",
              "XML drive-mapping C");
    is_xpath (xd, "string(//operating-system/osinfo)", "win7", "XML osinfo");
    is_xpath (xd, "string(/guestlift-report/summary/@not-applicable)", "1",
              "XML summary not-applicable");
    xmlFreeDoc (xd);
  }

  CLEANUP_FREE char *text = render (r, W_TEXT);
  ok (strstr (text, "KVM: NOT APPLICABLE") != NULL, "text: KVM: NOT APPLICABLE");
  ok (strstr (text, "UNKNOWN") == NULL, "text: not UNKNOWN");
  ok (strstr (text, "Windows 7 Professional") != NULL, "text: the product");
  ok (strstr (text, "drives:     C: /dev/sda2, E: /dev/sdb1\n") != NULL,
      "text: the drive letters");
  CLEANUP_FREE char *table = render (r, W_TABLE);
  ok (strstr (table, "windows 6.1 x86_64") != NULL, "table: windows 6.1 x86_64");
  ok (strstr (table, "n/a") != NULL, "table: verdict n/a");
  ok (strstr (table, "1 not applicable") != NULL, "table summary: 1 not applicable");
  CLEANUP_FREE char *csv = render (r, W_CSV);
  ok (strstr (csv, ",not_applicable,") != NULL, "CSV verdict not_applicable");
  gl_report_free (r);

  /* Never "windows 0.0": a Windows guest whose registry gave no version. */
  r = REPORT (sample_windows_image);
  r->images.ptr[0]->oses.ptr[0]->version_major = 0;
  r->images.ptr[0]->oses.ptr[0]->version_minor = 0;
  CLEANUP_FREE char *t0 = render (r, W_TABLE);
  ok (strstr (t0, "windows 0.0") == NULL && strstr (t0, "windows x86_64") != NULL,
      "table: no version 0.0 (windows x86_64)");
  gl_report_free (r);
}

int
main (void)
{
  test_golden ();
  test_write_error ();
  test_fields ();
  test_clean ();
  test_model ();
  test_json ();
  test_xml ();
  test_text ();
  test_table ();
  test_csv ();
  test_windows ();
  xmlCleanupParser ();
  return tap_done ();
}
