/* guestlift audit --merge (see audit-merge.h).
 *
 * Every input is read back into the report model with the report reader,
 * and the merged model is written by the ordinary writers: the output is
 * valid against the schema by construction, and its summary (counts and
 * blocked guests) is recomputed, never added up from the inputs'. */
#include <config.h>

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "audit-merge.h"
#include "cleanup.h"
#include "err.h"
#include "error.h"
#include "read-file.h"
#include "report.h"
#include "report-read.h"
#include "report-write.h"

/* The whole of FILE, NUL-terminated, at most GL_REPORT_READ_MAX_TEXT
 * bytes.  NULL with *why (malloc'd). */
static char *
read_report (const char *file, size_t *lenp, char **why)
{
  CLEANUP_ERR struct gl_err e = GL_ERR_INIT;
  char *text = gl_read_file (file, GL_REPORT_READ_MAX_TEXT, 0, lenp, &e);
  if (!text)
    *why = e.errnum == EFBIG
      ? gl_printf ("not a report: larger than %d bytes", GL_REPORT_READ_MAX_TEXT)
      : e.errnum == ENOMEM ? gl_printf ("out of memory")
      : gl_printf ("cannot read the report: %s", strerror (e.errnum));
  return text;
}

/* Reports carry no version number: a report of another version is one
 * that holds something this version's report cannot carry (a key it does
 * not know), which the reader would drop without a word.  So each input
 * must come back unchanged when this version writes it again; and the
 * only top-level keys are "images" and audit's "summary" (recomputed). */
static char *
foreign_content (const char *text, const struct gl_report *r)
{
  char *why = NULL;
  CLEANUP_FREE char *again = NULL;
  size_t again_len = 0;
  FILE *mem = open_memstream (&again, &again_len);
  if (!mem)
    return gl_printf ("out of memory");
  CLEANUP_ERR struct gl_err werr = GL_ERR_INIT;
  int w = gl_report_write_json (r, mem, &werr);
  if (fclose (mem) != 0 || w == -1)
    return gl_printf ("out of memory");
  /* Both parse: the reader took text with less nesting (16) than
   * json_tokener_parse allows (32); failing here is running out of memory. */
  json_object *in = json_tokener_parse (text);
  json_object *out = json_tokener_parse (again);
  if (!in || !out) {
    why = gl_printf ("out of memory");
    goto done;
  }

  json_object_object_foreach (in, key, val) {
    (void) val;
    if (strcmp (key, "images") != 0 && strcmp (key, "summary") != 0) {
      why = gl_printf ("\"%s\": not in this guestlift's report format "
                       "(a report of another version?)", key);
      goto done;
    }
  }
  json_object *ii = json_object_object_get (in, "images");
  json_object *oi = json_object_object_get (out, "images");
  for (size_t i = 0; i < json_object_array_length (ii); ++i)
    if (!json_object_equal (json_object_array_get_idx (ii, i),
                            json_object_array_get_idx (oi, i))) {
      why = gl_printf ("images[%zu]: holds what this guestlift's report format "
                       "cannot carry (a report of another version?)", i);
      goto done;
    }
 done:
  json_object_put (in);
  json_object_put (out);
  return why;
}

/* An image with neither an operating system nor an error is a later disk
 * of an "inspect --one-guest" report: it is a part of a guest, which an
 * audit never reports and its summary cannot count. */
static char *
partial_guest (const struct gl_report *r)
{
  for (size_t i = 0; i < r->images.len; ++i)
    if (!r->images.ptr[i]->error && r->images.ptr[i]->oses.len == 0)
      return gl_printf ("images[%zu]: a disk without an operating system or an "
                        "error (inspect --one-guest?): only reports of whole "
                        "guests can be merged", i);
  return NULL;
}

/* Append the images of FILE to merged.  -1 after printing the error. */
static int
merge_one (struct gl_report *merged, const char *file)
{
  CLEANUP_FREE char *err = NULL;
  size_t len = 0;
  CLEANUP_FREE char *text = read_report (file, &len, &err);
  struct gl_report *r = NULL;
  if (text) {
    CLEANUP_ERR struct gl_err rerr = GL_ERR_INIT;
    r = gl_report_read_json (text, len, &rerr);
    if (!r)
      err = gl_printf ("not a guestlift report: %s", gl_err_msg (&rerr, "out of memory"));
    else if ((err = foreign_content (text, r)) == NULL)
      err = partial_guest (r);
  }
  bool done = false;
  if (!err && r) {
    if (gl_image_vector_reserve (&merged->images, r->images.len) == -1)
      err = gl_printf ("out of memory");
    else {
      /* The images move to merged; r keeps none. */
      for (size_t i = 0; i < r->images.len; ++i)
        merged->images.ptr[merged->images.len++] = r->images.ptr[i];
      r->images.len = 0;
      done = true;
    }
  }
  gl_report_free (r);
  if (!done) {
    /* No reason: making its message ran out of memory. */
    gl_error (file, "%s", err ? err : "out of memory");
    return -1;
  }
  return 0;
}

int
gl_audit_merge (struct gl_output_opts *out, char *const *files, size_t n)
{
  if (n == 0) {
    gl_error (NULL, "audit --merge: no REPORT given (try guestlift audit --help)");
    return GL_EXIT_USAGE;
  }
  struct gl_report *merged = gl_report_new ();
  if (!merged) {
    gl_error (NULL, "out of memory");
    return GL_EXIT_ERROR;
  }
  int status = GL_EXIT_ERROR;
  for (size_t i = 0; i < n; ++i)
    if (merge_one (merged, files[i]) == -1)
      goto out;
  status = gl_report_exit_status (merged);
  if (gl_output_write (out, merged, true) == -1)
    status = GL_EXIT_ERROR;
 out:
  gl_report_free (merged);
  return status;
}
