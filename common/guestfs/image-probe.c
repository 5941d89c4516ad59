/* guestlift: disk image format detection via qemu-img (see image-probe.h). */
#include <config.h>

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <fcntl.h>
#include <unistd.h>
#include <sys/stat.h>

#include "cleanup.h"
#include "error.h"
#include "image-chain.h"
#include "image-probe.h"
#include "json.h"
#include "qemu-name.h"
#include "spawn.h"

/* qemu-img's messages look like "qemu-img: Could not open 'PATH': CAUSE"
 * (nested when a backing file fails).  The caller names the image, so
 * keep the cause, and name a backing file when that is what failed. */
static char *
qemu_img_cause (const char *path, const char *stderr_text)
{
  const char *s = stderr_text ? stderr_text : "";
  size_t n = strcspn (s, "\n");
  CLEANUP_FREE char *line = strndup (s, n);
  if (!line)
    return NULL;
  char *p = line;
  if (strncmp (p, "qemu-img: ", 10) == 0)
    p += 10;
  static const char open_prefix[] = "Could not open '";
  while (strncmp (p, open_prefix, sizeof open_prefix - 1) == 0) {
    char *name = p + sizeof open_prefix - 1;
    char *end = strstr (name, "': ");
    if (!end)
      break;
    *end = '\0';
    char *rest = end + 3;
    if (strcmp (name, path) != 0) {
      /* The innermost failing file that is not the image itself. */
      while (strncmp (rest, open_prefix, sizeof open_prefix - 1) == 0) {
        char *e2 = strstr (rest, "': ");
        if (!e2)
          break;
        rest = e2 + 3;
      }
      return gl_printf ("cannot open its backing file '%s': %s", name, rest);
    }
    p = rest;
  }
  return strdup (*p ? p : "qemu-img could not read it");
}

/* qcow2 metadata pointing past the end of the file (a truncated copy)
 * opens fine but reads garbage: qemu-img check finds it by reading the
 * metadata only (fast even for large images).  Exit 2 = corruptions,
 * 1 = the check itself failed; 3 (leaked clusters) is harmless. */
static int
check_qcow2 (const char *path, bool allow_backing, struct gl_err *err)
{
  struct gl_qemu_name qn;
  if (gl_qemu_name (path, "qcow2", allow_backing, &qn) == -1)
    return 0;
  const char *argv[] = { "qemu-img", "check", "--output=json", "-U",
                         qn.format ? "-f" : "--", qn.format ? qn.format : qn.name,
                         qn.format ? "--" : NULL, qn.format ? qn.name : NULL, NULL };
  struct gl_spawn_result r;
  int spawned = gl_spawn (argv, 1 << 20, &r);
  gl_qemu_name_free (&qn);
  if (spawned == -1)
    return 0;   /* qemu-img info worked a moment ago; do not fail on this */
  int ret = 0;
  if (r.status == 1 || r.status == 2) {
    CLEANUP_JSON json_object *j = NULL;
    int64_t corrupt = -1;
    if (gl_json_parse (r.out, r.out ? strlen (r.out) : 0, &j, NULL) == 0
        && json_object_is_type (j, json_type_object))
      gl_json_get_int (j, "corruptions", 0, 0, INT64_MAX, &corrupt, NULL);
    if (corrupt > 0)
      ret = gl_err_set (err, EINVAL, "corrupt qcow2 image: qemu-img check found %" PRId64
                        " corruptions (truncated copy?)", corrupt);
    else
      ret = gl_err_set (err, EINVAL, "corrupt qcow2 image: qemu-img check failed");
  }
  gl_spawn_result_free (&r);
  return ret;
}

/* A string member of qemu-img's JSON, or NULL when it is absent or not
 * a string. */
static const char *
qemu_string (json_object *o, const char *key)
{
  const char *s = NULL;
  if (!json_object_is_type (o, json_type_object)
      || gl_json_get_string (o, key, 0, SIZE_MAX, &s, NULL) != GL_JSON_VALUE)
    return NULL;
  return s;
}

/* What qemu-img info says the image names besides itself, should the
 * header reader have missed it: a refusal (malloc'd), or NULL. */
static char *
named_by_qemu (json_object *j)
{
  const char *v;
  json_object *fs, *data, *extents;
  if ((v = qemu_string (j, "backing-filename")))
    return gl_image_refusal (GL_REF_BACKING, v);
  if (gl_json_get_object (j, "format-specific", 0, SIZE_MAX, &fs, NULL) == -1
      || gl_json_get_object (fs, "data", 0, SIZE_MAX, &data, NULL) == -1)
    return NULL;
  if ((v = qemu_string (data, "data-file")))
    return gl_image_refusal (GL_REF_DATA_FILE, v);
  const char *me = qemu_string (j, "filename");
  if (gl_json_get_array (data, "extents", 0, SIZE_MAX, &extents, NULL) == GL_JSON_VALUE)
    for (size_t i = 0; i < json_object_array_length (extents); ++i) {
      v = qemu_string (json_object_array_get_idx (extents, i), "filename");
      if (v && strcmp (v, me ? me : "") != 0)
        return gl_image_refusal (GL_REF_EXTENT, v);
    }
  return NULL;
}

int
gl_image_probe (const char *path, const char *forced_format,
                bool allow_backing, struct gl_image_info *info, struct gl_err *err)
{
  memset (info, 0, sizeof *info);

  struct stat st;
  if (stat (path, &st) == -1) {
    /* Not a local file: guestlift never hands such a name to qemu. */
    if (gl_image_name_is_protocol (path))
      return gl_err_set (err, errno, "%s (guestlift reads local image files: it "
                         "does not open qemu protocol or json: names)",
                         strerror (errno));
    return gl_err_set (err, errno, "%s", strerror (errno));
  }
  if (S_ISDIR (st.st_mode))
    return gl_err_set (err, EISDIR, "is a directory, not a disk image");
  if (!S_ISREG (st.st_mode) && !S_ISBLK (st.st_mode))
    return gl_err_set (err, ENODEV, "not a regular file or block device");
  int fd = open (path, O_RDONLY | O_CLOEXEC);
  if (fd == -1)
    return gl_err_errno (err, "cannot open");
  close (fd);
  if (S_ISREG (st.st_mode) && st.st_size == 0)
    return gl_err_set (err, EINVAL, "the file is empty (0 bytes): not a disk image");

  /* What the header names, before qemu opens anything. */
  gl_image_file_vector files;
  if (gl_image_files (path, forced_format, allow_backing, &files, err) == -1)
    return -1;
  bool has_chain = files.len > 1;
  gl_image_files_free (&files);

  CLEANUP_FREE char *name = gl_qemu_file_name (path);
  if (!name)
    return gl_err_set (err, ENOMEM, "out of memory");
  /* -U: read images that a running VM holds open, without taking locks.
   * qemu-img info opens no backing file; with --backing-chain (only when
   * the user allowed one) it opens them all, so a missing one fails here. */
  const char *argv[12];
  size_t i = 0;
  argv[i++] = "qemu-img";
  argv[i++] = "info";
  argv[i++] = "--output=json";
  argv[i++] = "-U";
  if (has_chain)
    argv[i++] = "--backing-chain";
  if (forced_format) {
    argv[i++] = "-f";
    argv[i++] = forced_format;
  }
  argv[i++] = "--";
  argv[i++] = name;
  argv[i] = NULL;

  struct gl_spawn_result r;
  if (gl_spawn (argv, 1 << 20, &r) == -1)
    return gl_err_errno (err, "cannot run qemu-img (install qemu-utils)");
  if (r.status != 0) {
    CLEANUP_FREE char *cause = qemu_img_cause (name, r.err);
    gl_spawn_result_free (&r);
    return gl_err_set (err, cause ? EINVAL : ENOMEM, "%s", cause ? cause : "out of memory");
  }

  json_object *doc = NULL;
  gl_json_parse (r.out, r.out ? strlen (r.out) : 0, &doc, NULL);
  gl_spawn_result_free (&r);
  /* --backing-chain gives an array, the image itself first. */
  json_object *j = doc && json_object_is_type (doc, json_type_array)
    ? json_object_array_get_idx (doc, 0) : doc;
  const char *format = qemu_string (j, "format");
  if (!format) {
    json_object_put (doc);
    return gl_err_set (err, EINVAL, "qemu-img gave no format for it");
  }
  info->format = strdup (format);
  gl_json_get_int (j, "virtual-size", 0, 0, INT64_MAX, &info->virtual_size, NULL);
  const char *backing = qemu_string (j, "backing-filename");
  if (backing)
    info->backing = strdup (backing);
  CLEANUP_FREE char *missed = allow_backing ? NULL : named_by_qemu (j);
  json_object_put (doc);
  if (missed) {
    gl_image_info_free (info);
    return gl_err_set (err, EPERM, "%s", missed);
  }

  /* qemu detected the format: read the header again as that format,
   * should it differ from what the header reader took it for. */
  if (!forced_format) {
    if (gl_image_files (path, info->format, allow_backing, &files, err) == -1) {
      gl_image_info_free (info);
      return -1;
    }
    gl_image_files_free (&files);
  }

  if (info->virtual_size <= 0) {
    gl_image_info_free (info);
    return gl_err_set (err, EINVAL, "the disk is empty (virtual size 0)");
  }
  if (strcmp (info->format, "qcow2") == 0 && check_qcow2 (path, allow_backing, err) == -1) {
    gl_image_info_free (info);
    return -1;
  }
  return 0;
}

void
gl_image_info_free (struct gl_image_info *info)
{
  free (info->format);
  free (info->backing);
  memset (info, 0, sizeof *info);
}
