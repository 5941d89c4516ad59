/* guestlift: the report model's constructors, destructors (which free
 * what the field table says each member owns) and the few questions
 * every writer and the CLI ask of it (exit status, names). */
#include <config.h>

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "enum-names.h"
#include "error.h"
#include "report.h"
#include "report-fields.h"
#include "report-write.h"

struct gl_report *
gl_report_new (void)
{
  struct gl_report *r = calloc (1, sizeof *r);
  return r;
}

struct gl_report *
gl_report_new_for_paths (char *const *paths, size_t n)
{
  struct gl_report *r = gl_report_new ();
  for (size_t i = 0; r && i < n; ++i) {
    struct gl_image *img = gl_image_new (paths[i]);
    if (!img || gl_image_vector_append (&r->images, img) == -1) {
      gl_image_free (img);
      gl_report_free (r);
      r = NULL;
    }
  }
  return r;
}

void
gl_report_free (struct gl_report *r)
{
  if (!r)
    return;
  gl_object_free_members (&gl_report_object, r);
  free (r);
}

struct gl_image *
gl_image_new (const char *path)
{
  struct gl_image *img = calloc (1, sizeof *img);
  if (!img)
    return NULL;
  img->virtual_size = -1;
  if (path && (img->path = strdup (path)) == NULL) {
    free (img);
    return NULL;
  }
  return img;
}

void
gl_image_free (struct gl_image *img)
{
  if (!img)
    return;
  gl_object_free_members (&gl_image_object, img);
  free (img);
}

struct gl_os *
gl_os_new (void)
{
  /* calloc gives empty vectors, NULL strings, bootable = false. */
  return calloc (1, sizeof (struct gl_os));
}

void
gl_os_free (struct gl_os *os)
{
  if (!os)
    return;
  gl_object_free_members (&gl_os_object, os);
  free (os);
}

struct gl_kernel *
gl_kernel_new (void)
{
  struct gl_kernel *k = calloc (1, sizeof *k);
  if (!k)
    return NULL;
  /* Nothing is known until a reader says so. */
  k->config_source = GL_CONFIG_NONE;
  k->xen_pv_only = GL_NULL;
  k->initrd_has_virtio_blk = GL_NULL;
  return k;
}

void
gl_kernel_free (struct gl_kernel *k)
{
  if (!k)
    return;
  gl_object_free_members (&gl_kernel_object, k);
  free (k);
}

void
gl_image_set_error (struct gl_image *img, const char *fmt, ...)
{
  va_list ap;
  va_start (ap, fmt);
  char *msg = gl_vprintf (fmt, ap);
  va_end (ap);
  /* Out of memory must not leave an image looking healthy: the exit
   * status and the writers key off img->error != NULL. */
  if (!msg)
    msg = strdup ("out of memory while recording an error");
  if (!msg && img->error)
    return;                     /* keep the earlier message rather than none */
  free (img->error);
  img->error = msg;
}

bool
gl_image_is_no_os (const struct gl_image *img)
{
  return img->error && img->oses.len == 0 &&
    strcmp (img->error, GL_NO_OS_ERROR) == 0;
}

int
gl_report_exit_status (const struct gl_report *r)
{
  if (!r)
    return GL_EXIT_ERROR;
  bool blocked = false;
  for (size_t i = 0; i < r->images.len; ++i) {
    const struct gl_image *img = r->images.ptr[i];
    if (img->error || (img->oses.len == 0 && !img->secondary_disk))
      return GL_EXIT_ERROR;
    for (size_t j = 0; j < img->oses.len; ++j) {
      enum gl_verdict v = gl_os_verdict (img->oses.ptr[j]);
      if (v != GL_VERDICT_BOOTABLE && v != GL_VERDICT_NOT_APPLICABLE)
        blocked = true;
    }
  }
  return blocked ? GL_EXIT_BLOCKED : GL_EXIT_OK;
}

/* Indexed by enum gl_config_source. */
const char *const gl_config_source_names[] = {
  [GL_CONFIG_NONE] = "none",
  [GL_CONFIG_FILE] = "file",
  [GL_CONFIG_IKCONFIG] = "ikconfig",
  [GL_CONFIG_IKCONFIG + 1] = NULL,
};

const char *
gl_config_source_name (enum gl_config_source s)
{
  return GL_ENUM_NAME (gl_config_source_names, s, "none");
}
