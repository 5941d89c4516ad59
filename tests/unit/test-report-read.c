/* Unit tests for inspect/report/report-read.c: what gl_report_write_json prints,
 * gl_report_read_json reads back field for field; hostile documents give
 * NULL and a one-line error, never a crash. */
#include <config.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "cleanup.h"
#include "report-read.h"
#include "report-write.h"
#define GL_REPORT_SAMPLE_NO_MAIN
#include "report-sample.c"

#include "tap.h"
#include "test-report-read.h"

/* The writer's output for r (NUL-terminated). */
static char *
write_json (const struct gl_report *r, bool summary, size_t *len)
{
  char *text = NULL;
  size_t size = 0;
  FILE *fp = open_memstream (&text, &size);
  if (!fp)
    abort ();
  if (gl_report_write_json_ex (r, fp, summary ? GL_REPORT_JSON_SUMMARY : 0, NULL) == -1)
    abort ();
  fclose (fp);
  *len = size;
  return text;
}

/* Whether extras (gl_image_extras_json) hold nothing: nulls, falses,
 * zeros, and lists of such objects. */
static bool
extras_empty (json_object *v)
{
  switch (json_object_get_type (v)) {
  case json_type_null: return true;
  case json_type_boolean: return !json_object_get_boolean (v);
  case json_type_int: return json_object_get_int64 (v) == 0;
  case json_type_array:
    for (size_t i = 0; i < json_object_array_length (v); ++i)
      if (!extras_empty (json_object_array_get_idx (v, i)))
        return false;
    return true;
  case json_type_object: {
    json_object_object_foreach (v, k, val) {
      (void) k;
      if (!extras_empty (val))
        return false;
    }
    return true;
  }
  default: return false;
  }
}

static void
test_round_trip (bool summary)
{
  struct gl_report *r = sample_rich_report ();
  size_t len;
  CLEANUP_FREE char *text = write_json (r, summary, &len);
  CLEANUP_ERR struct gl_err err = GL_ERR_INIT;
  struct gl_report *back = gl_report_read_json (text, len, &err);
  ok (back != NULL, "%s: the writer's output reads back (%s)",
      summary ? "with summary" : "plain", gl_err_msg (&err, "no error"));
  if (back) {
    is_int (back->images.len, r->images.len, "same number of images");
    for (size_t i = 0; i < r->images.len && i < back->images.len; ++i) {
      bool same = same_image (r->images.ptr[i], back->images.ptr[i], false);
      ok (same, "image %zu: every contract field equal%s%s", i,
          same ? "" : ", differs at ", same ? "" : cmp_what);
    }
    /* Spot checks, so that a broken comparison cannot hide everything. */
    const struct gl_os *os = back->images.ptr[0]->oses.ptr[0];
    is_str (os->kernels.ptr[0]->xen_pv_only_evidence, "CONFIG_X86_64_XEN=y",
            "evidence string");
    is_int (os->kernels.ptr[1]->config_source, GL_CONFIG_IKCONFIG, "config_source");
    is_int (os->kernels.ptr[1]->initrd_has_virtio_blk, GL_NULL, "tri-state null");
    is_int (os->kernels.ptr[2]->xen_pv_only, GL_NULL, "xen_pv_only null");
    ok (os->kernels.ptr[1]->virtio.rng && !os->kernels.ptr[1]->virtio.scsi,
        "virtio booleans");
    is_str (os->mountpoints.ptr[2].mountpoint, "/odd \"quoted\" \\ dir",
            "escaped mountpoint key");
    ok (os->mountpoints.ptr[2].device == NULL, "null mountpoint device");
    is_int (back->images.ptr[0]->oses.ptr[1]->version_minor, -1, "negative minor");
    is_str (back->images.ptr[1]->error, "cannot open the image: Permission denied",
            "error string");
    ok (back->images.ptr[2]->path == NULL && back->images.ptr[2]->virtual_size == -1,
        "null path, unknown size");
    /* The fields outside the contract are not in the JSON: they come
     * back empty (and the sample had some set). */
    json_object *had = gl_image_extras_json (r->images.ptr[0]);
    json_object *got = gl_image_extras_json (back->images.ptr[0]);
    ok (!extras_empty (had) && extras_empty (got),
        "non-contract fields come back empty");
    json_object_put (had);
    json_object_put (got);

    /* Reading is stable: write(read(write(x))) == write(x). */
    size_t len2;
    CLEANUP_FREE char *text2 = write_json (back, summary, &len2);
    ok (len == len2 && memcmp (text, text2, len) == 0, "re-written text is identical");
  }
  /* The other sample (hostile strings, nulls) reads back stably too. */
  {
    struct gl_report *s2 = sample_report ();
    size_t l1, l2;
    CLEANUP_FREE char *t1 = write_json (s2, summary, &l1);
    CLEANUP_ERR struct gl_err e2 = GL_ERR_INIT;
    struct gl_report *b2 = gl_report_read_json (t1, l1, &e2);
    CLEANUP_FREE char *t2 = b2 ? write_json (b2, summary, &l2) : NULL;
    ok (t2 && l1 == l2 && memcmp (t1, t2, l1) == 0,
        "%s: the other sample re-written is identical (%s)",
        summary ? "with summary" : "plain", gl_err_msg (&e2, "read"));
    gl_report_free (b2);
    gl_report_free (s2);
  }
  /* The comparison itself notices a difference. */
  if (back && back->images.len) {
    struct gl_kernel *k = back->images.ptr[0]->oses.ptr[0]->kernels.ptr[1];
    k->virtio.console = !k->virtio.console;
    ok (!same_image (r->images.ptr[0], back->images.ptr[0], false),
        "comparison notices a changed boolean (%s)", cmp_what);
  }
  gl_report_free (back);
  gl_report_free (r);
}

static void
test_image_from_json (void)
{
  struct gl_report *r = sample_rich_report ();
  size_t len;
  CLEANUP_FREE char *text = write_json (r, false, &len);
  json_object *doc = json_tokener_parse (text);
  json_object *images = NULL;
  ok (doc && json_object_object_get_ex (doc, "images", &images), "parsed with json-c");
  CLEANUP_ERR struct gl_err err = GL_ERR_INIT;
  struct gl_image *img = gl_image_from_json (json_object_array_get_idx (images, 0), &err);
  ok (img && same_image (r->images.ptr[0], img, false),
      "gl_image_from_json on one image object");
  gl_image_free (img);

  CLEANUP_ERR struct gl_err err2 = GL_ERR_INIT;
  img = gl_image_from_json (NULL, &err2);
  ok (!img && err2.msg, "gl_image_from_json (NULL) fails: %s", gl_err_msg (&err2, "(none)"));
  img = gl_image_from_json (images, NULL);     /* an array; no message wanted */
  ok (!img, "gl_image_from_json on an array fails, err may be NULL");
  json_object_put (doc);
  gl_report_free (r);
}

/* Each bad document must fail with a one-line message containing want. */
static void
bad (const char *doc, const char *want, const char *what)
{
  CLEANUP_ERR struct gl_err err = GL_ERR_INIT;
  struct gl_report *r = gl_report_read_json (doc, strlen (doc), &err);
  ok (r == NULL && err.msg && !strchr (err.msg, '\n') && err.errnum != 0
      && (!want || strstr (err.msg, want)),
      "%s: %s", what, gl_err_msg (&err, "(no message)"));
  gl_report_free (r);
}

/* A minimal valid report, one OS with one kernel, as the writer prints
 * it on one line (so that it holds every key of the contract). */
static char *
minimal_document (void)
{
  struct gl_report *r = gl_report_new ();
  struct gl_image *img = new_image ("/x.img", "raw", 1);
  if (!r || gl_image_vector_append (&r->images, img) == -1)
    abort ();
  struct gl_os *os = add_os (img);
  os->root = xs ("/dev/sda1");
  os->type = xs ("linux");
  os->distro = xs ("debian");
  os->version_major = 1;
  os->version_minor = 2;
  add_mount (os, "/", "/dev/sda1");
  os->bootloader.type = xs ("none");
  struct gl_kernel *k = add_kernel (os, "6.1");
  k->virtio.blk = true;
  k->is_default = true;
  os->kvm.bootable = true;
  os->kvm.recommended_kernel = xs ("6.1");
  char *text = NULL;
  size_t len = 0;
  FILE *fp = open_memstream (&text, &len);
  if (!fp || gl_report_write_json_ex (r, fp, GL_REPORT_JSON_COMPACT, NULL) == -1)
    abort ();
  fclose (fp);
  gl_report_free (r);
  text[strcspn (text, "\n")] = '\0';
  return text;
}

/* The minimal document with one key's text replaced. */
static char *
mutate (const char *find, const char *repl)
{
  char *base = minimal_document ();
  if (!find)
    return base;
  const char *p = strstr (base, find);
  char *out;
  if (!p || asprintf (&out, "%.*s%s%s", (int) (p - base), base, repl,
                      p + strlen (find)) == -1)
    abort ();
  free (base);
  return out;
}

static void
test_hostile (void)
{
  /* The base document is valid, so each failure below is the mutation's. */
  {
    CLEANUP_FREE char *d = mutate (NULL, NULL);
    CLEANUP_ERR struct gl_err err = GL_ERR_INIT;
    struct gl_report *r = gl_report_read_json (d, strlen (d), &err);
    ok (r && r->images.len == 1 && r->images.ptr[0]->oses.ptr[0]->kernels.len == 1,
        "minimal document reads (%s)", gl_err_msg (&err, "ok"));
    gl_report_free (r);
  }
  static const struct { const char *find, *repl, *want, *what; } m[] = {
    { "\"kernels\":[{", "\"kernels\": 5, \"x\": [{", "\"kernels\" must be an array",
      "\"kernels\": 5" },
    { "\"virtual_size\":1", "\"virtual_size\": \"1\"", "virtual_size", "size as a string" },
    { "\"virtual_size\":1", "\"virtual_size\": -7", "must be an integer from -1", "negative size" },
    { "\"virtual_size\":1", "\"virtual_size\": 1.5", "virtual_size", "size as a double" },
    { "\"major\":1", "\"major\": 99999999999", "must be an integer from", "major beyond int" },
    { "\"minor\":2", "\"minor\": null", "minor", "minor null" },
    { "\"blk\":true", "\"blk\": 1", "virtio: \"blk\" must be true or false", "virtio as an integer" },
    { "\"blk\":true,", "", "virtio: \"blk\" is missing", "missing virtio key" },
    { "\"default\":true", "\"default\": null", "default", "default null" },
    { "\"xen_pv_only\":null", "\"xen_pv_only\": \"yes\"", "xen_pv_only", "tri-state string" },
    { "\"config_source\":\"none\"", "\"config_source\": \"rumour\"", "config_source",
      "unknown config source" },
    { "\"config_source\":\"none\"", "\"config_source\": null", "config_source",
      "null config source" },
    { "\"root\":\"/dev/sda1\"", "\"root\": 7", "root", "string as a number" },
    { "\"root\":\"/dev/sda1\"", "\"root\": \"a\\u0000b\"", "NUL", "embedded NUL" },
    { "\"mountpoints\":{\"/\":\"/dev/sda1\"}", "\"mountpoints\": [\"/\"]", "mountpoints",
      "mountpoints as an array" },
    { "{\"/\":\"/dev/sda1\"}", "{\"/\": 3}", "\"mountpoints\"[0]", "mountpoint device a number" },
    { "\"filesystems\":[]", "\"filesystems\": [null]", "\"filesystems\"[0]", "null in a list" },
    { "\"consoles\":[]", "\"consoles\": [[]]", "\"consoles\"[0]", "array in a list" },
    { "\"kvm\":{", "\"kvm\": 0, \"y\": {", "kvm", "kvm not an object" },
    { "\"error\":null,", "", "\"error\" is missing", "missing error key" },
    { "{\"images\":[", "{\"imagez\": [", "\"images\" is missing", "no images key" },
    { "\"operating_systems\":[{", "\"operating_systems\": [3, {", "\"operating_systems\"[0]",
      "OS not an object" },
    { "\"kernels\":[{", "\"kernels\": [\"k\", {", "\"kernels\"[0]", "kernel not an object" },
    { "{\"major\":1,\"minor\":2}", "[1, 2]", "\"version\" must be an object",
      "version as an array" },
  };
  for (size_t i = 0; i < sizeof m / sizeof m[0]; ++i) {
    CLEANUP_FREE char *d = mutate (m[i].find, m[i].repl);
    bad (d, m[i].want, m[i].what);
  }

  /* Truncated at every length: never a crash, always NULL + message. */
  {
    CLEANUP_FREE char *d = mutate (NULL, NULL);
    size_t n = strlen (d);
    int good = 1;
    for (size_t i = 0; i < n; ++i) {
      CLEANUP_ERR struct gl_err err = GL_ERR_INIT;
      struct gl_report *r = gl_report_read_json (d, i, &err);
      if (r || !err.msg) {
        good = 0;
        printf ("# truncated at %zu accepted\n", i);
      }
      gl_report_free (r);
    }
    ok (good, "every truncation (%zu) fails cleanly", n);
  }

  bad ("", "end of input", "empty input");
  bad ("[]", "a report must be a JSON object", "top-level array");
  bad ("null", NULL, "top-level null");
  bad ("{\"images\": {}}", "\"images\" must be an array", "images an object");
  bad ("{\"images\": []} x", "not valid JSON", "trailing garbage");
  bad ("{\"images\": [1]}", "\"images\"[0] must be an object", "image is a number");
  bad ("{\"images\": [{\"path\": \"\xff\"}]}", NULL, "invalid UTF-8");

  /* Deep nesting stops at the tokener's limit. */
  {
    char d[4096];
    size_t n = 0;
    n += (size_t) sprintf (d, "{\"images\": ");
    for (int i = 0; i < 1000; ++i)
      d[n++] = '[';
    d[n] = '\0';
    bad (d, NULL, "1000 nested arrays");
  }

  /* Over the limits: one list item too many, one byte too long. */
  {
    CLEANUP_FREE char *big = NULL;
    size_t bn = 0;
    FILE *fp = open_memstream (&big, &bn);
    if (!fp)
      abort ();
    fputs ("[", fp);
    for (int i = 0; i <= GL_REPORT_READ_MAX_ITEMS; ++i)
      fputs (i ? ",\"/dev/sda\"" : "\"/dev/sda\"", fp);
    fputs ("]", fp);
    fclose (fp);
    CLEANUP_FREE char *doc = mutate ("\"filesystems\":[]", "\"filesystems\": X");
    char *x = strstr (doc, "X");
    CLEANUP_FREE char *full = NULL;
    if (asprintf (&full, "%.*s%s%s", (int) (x - doc), doc, big, x + 1) == -1)
      abort ();
    bad (full, "more than 4096", "4097 filesystems");
  }
  {
    size_t n = GL_REPORT_READ_MAX_STRING + 1;
    CLEANUP_FREE char *s = malloc (n + 1);
    memset (s, 'a', n);
    s[n] = '\0';
    CLEANUP_FREE char *doc = mutate ("\"/dev/sda1\",\"type\"", "\"X\", \"type\"");
    char *x = strstr (doc, "X");
    CLEANUP_FREE char *full = NULL;
    if (asprintf (&full, "%.*s%s%s", (int) (x - doc), doc, s, x + 1) == -1)
      abort ();
    bad (full, "longer than", "a 1 MiB + 1 string");
  }
  {
    CLEANUP_ERR struct gl_err err = GL_ERR_INIT;
    struct gl_report *r = gl_report_read_json ("{}", (size_t) GL_REPORT_READ_MAX_TEXT + 1,
                                               &err);
    ok (!r && err.errnum == EFBIG && err.msg, "oversize text refused before parsing: %s",
        gl_err_msg (&err, ""));
  }
  {
    struct gl_report *r = gl_report_read_json ("{\"images\": []}", 14, NULL);
    ok (r && r->images.len == 0, "empty report reads, err may be NULL");
    gl_report_free (r);
  }
}

int
main (void)
{
  test_round_trip (false);
  test_round_trip (true);
  test_image_from_json ();
  test_hostile ();
  return tap_done ();
}
