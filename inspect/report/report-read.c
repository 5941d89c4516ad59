/* guestlift: the JSON reader, the inverse of report-json.c.
 *
 * Walks the fixed shape of the report (data/guestlift-report.schema.json) with a
 * function per object, checking every type.  The document is hostile, so:
 * the text, every string and every array are bounded (report-read.h),
 * json-c's tokener limits nesting and validates UTF-8, and the reader
 * itself never recurses on the input.  The first failure is kept as a
 * one-line message prefixed with where it happened ("images[0].kernels");
 * the path is built only from our own key names and indexes, never from
 * guest text.  Pure: json-c and the model only (it is fuzzed).
 */
#include <config.h>

#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "cleanup.h"
#include "report-read.h"

/* Our documents are at most 8 levels deep (the cache file 7); json-c's
 * default is 32.  Anything deeper is not ours. */
#define READ_MAX_DEPTH 16

struct rd {
  char where[256];          /* "images[0].operating_systems[1]" */
  size_t wlen;
  char *msg;                /* first failure, or NULL */
  int errnum;
};

/* Record the first failure as "WHERE: message". */
static void __attribute__ ((format (printf, 3, 4)))
fail (struct rd *r, int errnum, const char *fmt, ...)
{
  if (r->msg || r->errnum)
    return;
  r->errnum = errnum;
  char what[160];
  va_list ap;
  va_start (ap, fmt);
  vsnprintf (what, sizeof what, fmt, ap);
  va_end (ap);
  if (asprintf (&r->msg, "%s%s%s", r->where, r->wlen ? ": " : "", what) == -1)
    r->msg = NULL;
}

static bool
failed (const struct rd *r)
{
  return r->errnum != 0;
}

/* Descend into KEY (or [INDEX] when key is NULL); returns the length to
 * restore with up().  Truncation of a very deep path only shortens the
 * message. */
static size_t
down (struct rd *r, const char *key, size_t index)
{
  size_t old = r->wlen;
  int n;
  if (key)
    n = snprintf (r->where + r->wlen, sizeof r->where - r->wlen, "%s%s",
                  r->wlen ? "." : "", key);
  else
    n = snprintf (r->where + r->wlen, sizeof r->where - r->wlen, "[%zu]", index);
  if (n > 0)
    r->wlen += (size_t) n < sizeof r->where - r->wlen ? (size_t) n
                                                      : sizeof r->where - 1 - r->wlen;
  return old;
}

static void
up (struct rd *r, size_t old)
{
  r->wlen = old;
  r->where[old] = '\0';
}

static const char *
type_name (json_object *v)
{
  switch (json_object_get_type (v)) {
  case json_type_null: return "null";
  case json_type_boolean: return "a boolean";
  case json_type_double: return "a number";
  case json_type_int: return "an integer";
  case json_type_object: return "an object";
  case json_type_array: return "an array";
  case json_type_string: return "a string";
  }
  return "something else";
}

/* The value of a required key (which may be JSON null, returned as NULL
 * with *present true). */
static json_object *
member (struct rd *r, json_object *obj, const char *key, bool *present)
{
  json_object *v = NULL;
  *present = false;
  if (failed (r))
    return NULL;
  if (!json_object_object_get_ex (obj, key, &v)) {
    size_t o = down (r, key, 0);
    fail (r, EINVAL, "missing");
    up (r, o);
    return NULL;
  }
  *present = true;
  return v;
}

/* A required key holding an object (or array, for want == json_type_array). */
static json_object *
container (struct rd *r, json_object *obj, const char *key, json_type want)
{
  bool present;
  json_object *v = member (r, obj, key, &present);
  if (!present)
    return NULL;
  if (!json_object_is_type (v, want)) {
    size_t o = down (r, key, 0);
    fail (r, EINVAL, "expected %s, got %s",
          want == json_type_array ? "an array" : "an object", type_name (v));
    up (r, o);
    return NULL;
  }
  if (want == json_type_array
      && json_object_array_length (v) > GL_REPORT_READ_MAX_ITEMS) {
    size_t o = down (r, key, 0);
    fail (r, EFBIG, "more than %d items", GL_REPORT_READ_MAX_ITEMS);
    up (r, o);
    return NULL;
  }
  return v;
}

/* A copy of string value v, or NULL for JSON null.  Strings with an
 * embedded NUL (\u0000) are refused: C would silently cut them. */
static int
string_value (struct rd *r, json_object *v, char **out)
{
  *out = NULL;
  if (v == NULL)
    return 0;
  if (!json_object_is_type (v, json_type_string)) {
    fail (r, EINVAL, "expected a string or null, got %s", type_name (v));
    return -1;
  }
  int len = json_object_get_string_len (v);
  const char *s = json_object_get_string (v);
  if (len < 0 || len > GL_REPORT_READ_MAX_STRING) {
    fail (r, EFBIG, "string longer than %d bytes", GL_REPORT_READ_MAX_STRING);
    return -1;
  }
  if (strlen (s) != (size_t) len) {
    fail (r, EINVAL, "string contains a NUL character");
    return -1;
  }
  if ((*out = strndup (s, (size_t) len)) == NULL) {
    fail (r, ENOMEM, "out of memory");
    return -1;
  }
  return 0;
}

/* Read KEY (string or null) into *out, freeing what *out held. */
static void
get_string (struct rd *r, json_object *obj, const char *key, char **out)
{
  bool present;
  json_object *v = member (r, obj, key, &present);
  if (!present)
    return;
  size_t o = down (r, key, 0);
  char *s;
  if (string_value (r, v, &s) == 0) {
    free (*out);
    *out = s;
  }
  up (r, o);
}

static void
get_bool (struct rd *r, json_object *obj, const char *key, bool *out)
{
  bool present;
  json_object *v = member (r, obj, key, &present);
  if (!present)
    return;
  if (!json_object_is_type (v, json_type_boolean)) {
    size_t o = down (r, key, 0);
    fail (r, EINVAL, "expected a boolean, got %s", type_name (v));
    up (r, o);
    return;
  }
  *out = json_object_get_boolean (v);
}

static void
get_tristate (struct rd *r, json_object *obj, const char *key, gl_tristate *out)
{
  bool present;
  json_object *v = member (r, obj, key, &present);
  if (!present)
    return;
  if (v == NULL) {
    *out = GL_NULL;
    return;
  }
  if (!json_object_is_type (v, json_type_boolean)) {
    size_t o = down (r, key, 0);
    fail (r, EINVAL, "expected true, false or null, got %s", type_name (v));
    up (r, o);
    return;
  }
  *out = json_object_get_boolean (v) ? GL_TRUE : GL_FALSE;
}

static void
get_int64 (struct rd *r, json_object *obj, const char *key,
           int64_t min, int64_t max, int64_t *out)
{
  bool present;
  json_object *v = member (r, obj, key, &present);
  if (!present)
    return;
  size_t o = down (r, key, 0);
  if (!json_object_is_type (v, json_type_int))
    fail (r, EINVAL, "expected an integer, got %s", type_name (v));
  else {
    /* json-c clamps values beyond int64 to INT64_MIN/MAX; the range
     * check below then refuses them where it matters. */
    int64_t n = json_object_get_int64 (v);
    if (n < min || n > max)
      fail (r, EINVAL, "integer out of range");
    else
      *out = n;
  }
  up (r, o);
}

static void
get_int (struct rd *r, json_object *obj, const char *key, int *out)
{
  int64_t n = 0;
  get_int64 (r, obj, key, INT_MIN, INT_MAX, &n);
  if (!failed (r))
    *out = (int) n;
}

/* An array of strings (no nulls: the model's lists never hold NULL). */
static void
get_strings (struct rd *r, json_object *obj, const char *key, string_vector *out)
{
  json_object *a = container (r, obj, key, json_type_array);
  if (!a)
    return;
  size_t o = down (r, key, 0);
  size_t n = json_object_array_length (a);
  for (size_t i = 0; i < n && !failed (r); ++i) {
    json_object *v = json_object_array_get_idx (a, i);
    size_t oi = down (r, NULL, i);
    char *s = NULL;
    if (v == NULL)
      fail (r, EINVAL, "expected a string, got null");
    else if (string_value (r, v, &s) == 0
             && string_vector_append (out, s) == -1) {
      free (s);
      fail (r, ENOMEM, "out of memory");
    }
    up (r, oi);
  }
  up (r, o);
}

/* --- the objects ------------------------------------------------------ */

/* Indexed like enum gl_config_source; gl_config_source_name gives the
 * same names, but a table keeps the reader independent of its order. */
static const struct { const char *name; enum gl_config_source src; } config_sources[] = {
  { "none", GL_CONFIG_NONE },
  { "file", GL_CONFIG_FILE },
  { "ikconfig", GL_CONFIG_IKCONFIG },
};

static void
get_config_source (struct rd *r, json_object *obj, enum gl_config_source *out)
{
  CLEANUP_FREE char *s = NULL;
  get_string (r, obj, "config_source", &s);
  if (failed (r))
    return;
  for (size_t i = 0; s && i < sizeof config_sources / sizeof config_sources[0]; ++i)
    if (strcmp (s, config_sources[i].name) == 0) {
      *out = config_sources[i].src;
      return;
    }
  size_t o = down (r, "config_source", 0);
  fail (r, EINVAL, "expected \"none\", \"file\" or \"ikconfig\"");
  up (r, o);
}

static void
read_virtio (struct rd *r, json_object *obj, struct gl_virtio *v)
{
  json_object *o = container (r, obj, "virtio", json_type_object);
  if (!o)
    return;
  size_t w = down (r, "virtio", 0);
  static const struct { const char *key; size_t off; } fields[] = {
    { "blk", offsetof (struct gl_virtio, blk) },
    { "net", offsetof (struct gl_virtio, net) },
    { "scsi", offsetof (struct gl_virtio, scsi) },
    { "rng", offsetof (struct gl_virtio, rng) },
    { "balloon", offsetof (struct gl_virtio, balloon) },
    { "console", offsetof (struct gl_virtio, console) },
  };
  for (size_t i = 0; i < sizeof fields / sizeof fields[0]; ++i)
    get_bool (r, o, fields[i].key, (bool *) ((char *) v + fields[i].off));
  up (r, w);
}

static struct gl_kernel *
read_kernel (struct rd *r, json_object *o)
{
  if (!json_object_is_type (o, json_type_object)) {
    fail (r, EINVAL, "expected an object, got %s", type_name (o));
    return NULL;
  }
  struct gl_kernel *k = gl_kernel_new ();
  if (!k) {
    fail (r, ENOMEM, "out of memory");
    return NULL;
  }
  get_string (r, o, "version", &k->version);
  get_string (r, o, "vmlinuz", &k->vmlinuz);
  get_string (r, o, "initrd", &k->initrd);
  get_string (r, o, "config", &k->config);
  get_config_source (r, o, &k->config_source);
  get_string (r, o, "arch", &k->arch);
  get_tristate (r, o, "xen_pv_only", &k->xen_pv_only);
  get_string (r, o, "xen_pv_only_evidence", &k->xen_pv_only_evidence);
  read_virtio (r, o, &k->virtio);
  get_tristate (r, o, "initrd_has_virtio_blk", &k->initrd_has_virtio_blk);
  get_bool (r, o, "default", &k->is_default);
  if (failed (r)) {
    gl_kernel_free (k);
    return NULL;
  }
  return k;
}

static void
read_mountpoints (struct rd *r, json_object *obj, gl_mountpoint_vector *out)
{
  json_object *mp = container (r, obj, "mountpoints", json_type_object);
  if (!mp)
    return;
  size_t w = down (r, "mountpoints", 0);
  if (json_object_object_length (mp) > GL_REPORT_READ_MAX_ITEMS) {
    fail (r, EFBIG, "more than %d mountpoints", GL_REPORT_READ_MAX_ITEMS);
    up (r, w);
    return;
  }
  /* json-c keeps keys in document order, so the model's order survives. */
  size_t i = 0;
  json_object_object_foreach (mp, key, val) {
    if (failed (r))
      break;
    size_t o = down (r, NULL, i++);
    struct gl_mountpoint m = { NULL, NULL };
    if (strlen (key) > GL_REPORT_READ_MAX_STRING)
      fail (r, EFBIG, "mountpoint longer than %d bytes", GL_REPORT_READ_MAX_STRING);
    else if ((m.mountpoint = strdup (key)) == NULL)
      fail (r, ENOMEM, "out of memory");
    else if (string_value (r, val, &m.device) == 0
             && gl_mountpoint_vector_append (out, m) == 0)
      m.mountpoint = m.device = NULL;     /* owned by the vector now */
    else
      fail (r, ENOMEM, "out of memory");  /* no-op if string_value failed */
    free (m.mountpoint);
    free (m.device);
    up (r, o);
  }
  up (r, w);
}

static void
read_bootloader (struct rd *r, json_object *obj, struct gl_bootloader *bl)
{
  json_object *o = container (r, obj, "bootloader", json_type_object);
  if (!o)
    return;
  size_t w = down (r, "bootloader", 0);
  get_string (r, o, "type", &bl->type);
  get_string (r, o, "config", &bl->config);
  get_string (r, o, "default_kernel", &bl->default_kernel);
  up (r, w);
}

static void
read_kernels (struct rd *r, json_object *obj, gl_kernel_vector *out)
{
  json_object *a = container (r, obj, "kernels", json_type_array);
  if (!a)
    return;
  size_t w = down (r, "kernels", 0);
  size_t n = json_object_array_length (a);
  for (size_t i = 0; i < n && !failed (r); ++i) {
    size_t o = down (r, NULL, i);
    struct gl_kernel *k = read_kernel (r, json_object_array_get_idx (a, i));
    if (k && gl_kernel_vector_append (out, k) == -1) {
      gl_kernel_free (k);
      fail (r, ENOMEM, "out of memory");
    }
    up (r, o);
  }
  up (r, w);
}

static void
read_xen (struct rd *r, json_object *obj, struct gl_xen_refs *x)
{
  json_object *o = container (r, obj, "xen", json_type_object);
  if (!o)
    return;
  size_t w = down (r, "xen", 0);
  get_strings (r, o, "fstab_devices", &x->fstab_devices);
  get_strings (r, o, "consoles", &x->consoles);
  get_strings (r, o, "modprobe_aliases", &x->modprobe_aliases);
  up (r, w);
}

static void
read_kvm (struct rd *r, json_object *obj, struct gl_kvm_verdict *k)
{
  json_object *o = container (r, obj, "kvm", json_type_object);
  if (!o)
    return;
  size_t w = down (r, "kvm", 0);
  get_bool (r, o, "bootable", &k->bootable);
  get_string (r, o, "recommended_kernel", &k->recommended_kernel);
  get_strings (r, o, "blockers", &k->blockers);
  get_strings (r, o, "warnings", &k->warnings);
  up (r, w);
}

static struct gl_os *
read_os (struct rd *r, json_object *o)
{
  if (!json_object_is_type (o, json_type_object)) {
    fail (r, EINVAL, "expected an object, got %s", type_name (o));
    return NULL;
  }
  struct gl_os *os = gl_os_new ();
  if (!os) {
    fail (r, ENOMEM, "out of memory");
    return NULL;
  }
  get_string (r, o, "root", &os->root);
  get_string (r, o, "type", &os->type);
  get_string (r, o, "distro", &os->distro);
  get_string (r, o, "product_name", &os->product_name);
  json_object *ver = container (r, o, "version", json_type_object);
  if (ver) {
    size_t w = down (r, "version", 0);
    get_int (r, ver, "major", &os->version_major);
    get_int (r, ver, "minor", &os->version_minor);
    up (r, w);
  }
  get_string (r, o, "arch", &os->arch);
  get_string (r, o, "hostname", &os->hostname);
  get_string (r, o, "package_format", &os->package_format);
  get_string (r, o, "package_management", &os->package_management);
  read_mountpoints (r, o, &os->mountpoints);
  get_strings (r, o, "filesystems", &os->filesystems);
  read_bootloader (r, o, &os->bootloader);
  read_kernels (r, o, &os->kernels);
  read_xen (r, o, &os->xen);
  read_kvm (r, o, &os->kvm);
  if (failed (r)) {
    gl_os_free (os);
    return NULL;
  }
  return os;
}

static struct gl_image *
read_image (struct rd *r, json_object *o)
{
  if (!json_object_is_type (o, json_type_object)) {
    fail (r, EINVAL, "expected an object, got %s", type_name (o));
    return NULL;
  }
  struct gl_image *img = gl_image_new (NULL);
  if (!img) {
    fail (r, ENOMEM, "out of memory");
    return NULL;
  }
  get_string (r, o, "path", &img->path);
  get_string (r, o, "format", &img->format);
  /* -1 is "unknown"; nothing else below zero is a size. */
  get_int64 (r, o, "virtual_size", -1, INT64_MAX, &img->virtual_size);
  get_string (r, o, "error", &img->error);
  json_object *a = container (r, o, "operating_systems", json_type_array);
  if (a) {
    size_t w = down (r, "operating_systems", 0);
    size_t n = json_object_array_length (a);
    for (size_t i = 0; i < n && !failed (r); ++i) {
      size_t oi = down (r, NULL, i);
      struct gl_os *os = read_os (r, json_object_array_get_idx (a, i));
      if (os && gl_os_vector_append (&img->oses, os) == -1) {
        gl_os_free (os);
        fail (r, ENOMEM, "out of memory");
      }
      up (r, oi);
    }
    up (r, w);
  }
  if (failed (r)) {
    gl_image_free (img);
    return NULL;
  }
  return img;
}

/* Hand the message out (or drop it), set errno. */
static void
finish (struct rd *r, char **err)
{
  if (err)
    *err = GL_STEAL (r->msg);
  free (r->msg);
  r->msg = NULL;
  errno = r->errnum;
}

struct gl_image *
gl_image_from_json (json_object *j, char **err)
{
  struct rd r = { .wlen = 0 };
  if (err)
    *err = NULL;
  struct gl_image *img = read_image (&r, j);
  if (!img)
    finish (&r, err);
  return img;
}

struct gl_report *
gl_report_read_json (const char *text, size_t len, char **err)
{
  struct rd r = { .wlen = 0 };
  struct gl_report *rep = NULL;
  json_tokener *tok = NULL;
  json_object *doc = NULL;
  if (err)
    *err = NULL;

  if (len > GL_REPORT_READ_MAX_TEXT) {
    fail (&r, EFBIG, "report larger than %d bytes", GL_REPORT_READ_MAX_TEXT);
    goto out;
  }
  if ((tok = json_tokener_new_ex (READ_MAX_DEPTH)) == NULL) {
    fail (&r, ENOMEM, "out of memory");
    goto out;
  }
  json_tokener_set_flags (tok, JSON_TOKENER_VALIDATE_UTF8);
  doc = json_tokener_parse_ex (tok, text ? text : "", (int) len);
  enum json_tokener_error jerr = json_tokener_get_error (tok);
  if (jerr == json_tokener_continue) {
    fail (&r, EINVAL, "not a JSON document: unexpected end of input");
    goto out;
  }
  if (jerr != json_tokener_success) {
    fail (&r, jerr == json_tokener_error_depth ? EFBIG : EINVAL,
          "not a JSON document: %s at byte %zu",
          json_tokener_error_desc (jerr), json_tokener_get_parse_end (tok));
    goto out;
  }
  for (size_t i = json_tokener_get_parse_end (tok); i < len; ++i)
    if (!strchr (" \t\r\n", text[i]) || text[i] == '\0') {
      fail (&r, EINVAL, "not a JSON document: trailing data at byte %zu", i);
      goto out;
    }
  if (!json_object_is_type (doc, json_type_object)) {
    fail (&r, EINVAL, "expected a report object, got %s", type_name (doc));
    goto out;
  }

  bool present;
  json_object *images = member (&r, doc, "images", &present);
  if (!present)
    goto out;
  if (!json_object_is_type (images, json_type_array)) {
    fail (&r, EINVAL, "images: expected an array, got %s", type_name (images));
    goto out;
  }
  size_t n = json_object_array_length (images);
  if (n > GL_REPORT_READ_MAX_IMAGES) {
    fail (&r, EFBIG, "images: more than %d images", GL_REPORT_READ_MAX_IMAGES);
    goto out;
  }
  if ((rep = gl_report_new ()) == NULL) {
    fail (&r, ENOMEM, "out of memory");
    goto out;
  }
  size_t w = down (&r, "images", 0);
  for (size_t i = 0; i < n && !failed (&r); ++i) {
    size_t o = down (&r, NULL, i);
    struct gl_image *img = read_image (&r, json_object_array_get_idx (images, i));
    if (img && gl_image_vector_append (&rep->images, img) == -1) {
      gl_image_free (img);
      fail (&r, ENOMEM, "out of memory");
    }
    up (&r, o);
  }
  up (&r, w);

 out:
  json_object_put (doc);
  if (tok)
    json_tokener_free (tok);
  if (failed (&r)) {
    gl_report_free (rep);
    rep = NULL;
    finish (&r, err);
  }
  return rep;
}
