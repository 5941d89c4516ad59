/* guestlift: one guest inspected on the host, in a contained child (see
 * host-path.h). */
#include <config.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <json-c/json.h>

#include "cleanup.h"
#include "error.h"
#include "guest-io-host.h"
#include "host-path.h"
#include "json.h"
#include "report-read.h"
#include "report-write.h"

/* The answer: every image of a guest (a guest may hold many OSes and
 * kernels, but not this much). */
#define REPLY_MAX (64 * 1024 * 1024)
/* Files the child may write (the kernels and initrds it looks into, in
 * its own temporary folder). */
#define FILE_MAX (1024ULL * 1024 * 1024)

struct child_arg {
  struct gl_image **imgs;
  size_t n;
  bool allow_backing;
  gl_host_inspect_fn *run;
  void *opaque;
};

/* --- the child ------------------------------------------------------- */

static int
write_all (int fd, const char *s, size_t len)
{
  for (size_t off = 0; off < len; ) {
    ssize_t w = write (fd, s + off, len - off);
    if (w < 0 && errno == EINTR)
      continue;
    if (w <= 0)
      return -1;
    off += (size_t) w;
  }
  return 0;
}

/* Why the child's answer cannot stand for the appliance's (malloc'd), or
 * NULL when it can. */
static char *
why_not (struct child_arg *a, int ran, struct gl_err *err, struct gl_err *trouble)
{
  if (ran == -1)
    return strdup (gl_err_msg (err, "it failed"));
  if (trouble->msg)
    return gl_printf ("%s", trouble->msg);
  for (size_t i = 0; i < a->n; ++i) {
    const struct gl_image *img = a->imgs[i];
    if (img->error && !gl_image_is_no_os (img))
      return gl_printf ("its answer was an error (%s)", img->error);
    if (!gl_image_json_exact (img))
      return strdup ("its report would not be carried back exactly");
  }
  return NULL;
}

static json_object *
answer (struct child_arg *a, const char *why)
{
  json_object *doc = json_object_new_object ();
  if (!doc)
    return NULL;
  if (why)
    return gl_json_add_string (doc, "fallback", why) == 0 ? doc : (json_object_put (doc), NULL);
  json_object *list = json_object_new_array ();
  bool good = list != NULL;
  for (size_t i = 0; good && i < a->n; ++i) {
    json_object *one = json_object_new_object ();
    good = one
      && gl_json_add (one, "image", gl_image_json (a->imgs[i])) == 0
      && gl_json_add (one, "extra", gl_image_extras_json (a->imgs[i])) == 0
      && json_object_array_add (list, one) == 0;
    if (!good)
      json_object_put (one);
  }
  if (!good || gl_json_add (doc, "images", list) == -1) {
    if (!good)
      json_object_put (list);
    json_object_put (doc);
    return NULL;
  }
  return doc;
}

static int
child_main (void *arg, int fd)
{
  struct child_arg *a = arg;
  CLEANUP_ERR struct gl_err err = GL_ERR_INIT;
  CLEANUP_ERR struct gl_err trouble = GL_ERR_INIT;
  struct gl_host_opts ho = { .allow_backing = a->allow_backing, .trouble = &trouble };
  int ran = a->run (a->imgs, a->n, a->opaque, &ho, &err);
  CLEANUP_FREE char *why = why_not (a, ran, &err, &trouble);
  CLEANUP_JSON json_object *doc = answer (a, why);
  const char *text = doc ? json_object_to_json_string_ext (doc, JSON_C_TO_STRING_PLAIN
                                                           | JSON_C_TO_STRING_NOSLASHESCAPE)
    : NULL;
  if (!text || write_all (fd, text, strlen (text)) == -1)
    return -1;
  return 0;
}

/* --- the parent ------------------------------------------------------ */

/* The images of the answer DOC into OUT[0..n-1] (all or none). */
static int
read_images (json_object *doc, size_t n, struct gl_image **out, struct gl_err *err)
{
  json_object *list;
  if (gl_json_get_array (doc, "images", 0, n, &list, err) == -1)
    return -1;
  if (json_object_array_length (list) != n)
    return gl_err_set (err, EINVAL, "%zu images for %zu disks",
                       json_object_array_length (list), n);
  for (size_t i = 0; i < n; ++i) {
    json_object *one = json_object_array_get_idx (list, i), *image, *extra;
    if (gl_json_object (one, "images[]", 0, SIZE_MAX, &one, err) == -1 ||
        gl_json_get_object (one, "image", 0, SIZE_MAX, &image, err) == -1 ||
        gl_json_get_object (one, "extra", 0, SIZE_MAX, &extra, err) == -1 ||
        !(out[i] = gl_image_from_json (image, err)) ||
        gl_image_extras_from_json (out[i], extra, err) == -1) {
      for (size_t k = 0; k <= i && k < n; ++k) {
        gl_image_free (out[k]);
        out[k] = NULL;
      }
      return -1;
    }
  }
  return 0;
}

int
gl_host_path_try (struct gl_image **imgs, size_t n, bool allow_backing,
                  gl_host_inspect_fn *run, void *opaque, char **why,
                  struct gl_contained_usage *usage)
{
  *why = NULL;
  struct child_arg a = { imgs, n, allow_backing, run, opaque };
  const struct gl_contained_limits lim = {
    .seconds = GL_HOST_SECONDS, .cpu_seconds = GL_HOST_CPU_SECONDS,
    .mem_margin = GL_HOST_MEM_MARGIN, .file_max = FILE_MAX, .max_reply = REPLY_MAX,
  };
  CLEANUP_ERR struct gl_err err = GL_ERR_INIT;
  CLEANUP_FREE char *reply = NULL;
  size_t len = 0;
  if (gl_contained_run (child_main, &a, &lim, &reply, &len, usage, &err) == -1) {
    *why = gl_printf ("%s", gl_err_msg (&err, "it failed"));
    return 0;
  }
  CLEANUP_JSON json_object *doc = NULL;
  const char *fallback = NULL;
  if (gl_json_parse (reply, len, &doc, &err) == -1 ||
      gl_json_object (doc, "answer", 0, 2, &doc, &err) == -1 ||
      gl_json_get_string (doc, "fallback", GL_JSON_OPTIONAL, 64 * 1024, &fallback, &err) == -1) {
    *why = gl_printf ("its answer could not be read: %s", gl_err_msg (&err, "?"));
    return 0;
  }
  if (fallback) {
    *why = strdup (fallback);
    return 0;
  }
  CLEANUP_FREE struct gl_image **got = calloc (n ? n : 1, sizeof *got);
  if (!got || read_images (doc, n, got, &err) == -1) {
    *why = gl_printf ("its answer could not be read: %s", gl_err_msg (&err, "out of memory"));
    return 0;
  }
  /* Swap each answer into the caller's image (what is not carried --
   * the disk's place in its guest -- stays the caller's). */
  for (size_t i = 0; i < n; ++i) {
    struct gl_image tmp = *imgs[i];
    *imgs[i] = *got[i];
    *got[i] = tmp;
    imgs[i]->secondary_disk = got[i]->secondary_disk;
    gl_image_free (got[i]);
  }
  return 1;
}
