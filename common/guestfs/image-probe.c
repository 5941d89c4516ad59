/* guestlift: disk image format detection via qemu-img (see image-probe.h). */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <fcntl.h>
#include <unistd.h>
#include <sys/stat.h>

#include <json-c/json.h>

#include "cleanup.h"
#include "error.h"
#include "image-probe.h"
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
check_qcow2 (const char *path, char **err)
{
  const char *argv[] = { "qemu-img", "check", "--output=json", "-U", "-f", "qcow2",
                         "--", path, NULL };
  struct gl_spawn_result r;
  if (gl_spawn (argv, 1 << 20, &r) == -1)
    return 0;   /* qemu-img info worked a moment ago; do not fail on this */
  int ret = 0;
  if (r.status == 1 || r.status == 2) {
    json_object *j = json_tokener_parse (r.out ? r.out : "");
    json_object *v;
    long long corrupt = j && json_object_object_get_ex (j, "corruptions", &v)
      ? json_object_get_int64 (v) : -1;
    json_object_put (j);
    if (corrupt > 0)
      *err = gl_printf ("corrupt qcow2 image: qemu-img check found %lld "
                        "corruptions (truncated copy?)", corrupt);
    else
      *err = gl_printf ("corrupt qcow2 image: qemu-img check failed");
    ret = -1;
  }
  gl_spawn_result_free (&r);
  return ret;
}

int
gl_image_probe (const char *path, const char *forced_format,
                struct gl_image_info *info, char **err)
{
  memset (info, 0, sizeof *info);

  struct stat st;
  if (stat (path, &st) == -1) {
    *err = gl_printf ("%s", strerror (errno));
    return -1;
  }
  if (S_ISDIR (st.st_mode)) {
    *err = strdup ("is a directory, not a disk image");
    return -1;
  }
  if (!S_ISREG (st.st_mode) && !S_ISBLK (st.st_mode)) {
    *err = strdup ("not a regular file or block device");
    return -1;
  }
  int fd = open (path, O_RDONLY | O_CLOEXEC);
  if (fd == -1) {
    *err = gl_printf ("cannot open: %s", strerror (errno));
    return -1;
  }
  close (fd);
  if (S_ISREG (st.st_mode) && st.st_size == 0) {
    *err = strdup ("the file is empty (0 bytes): not a disk image");
    return -1;
  }

  /* -U: read images that a running VM holds open, without taking locks. */
  const char *argv[12];
  size_t i = 0;
  argv[i++] = "qemu-img";
  argv[i++] = "info";
  argv[i++] = "--output=json";
  argv[i++] = "-U";
  /* Open the whole backing chain: a missing backing file fails here. */
  argv[i++] = "--backing-chain";
  if (forced_format) {
    argv[i++] = "-f";
    argv[i++] = forced_format;
  }
  argv[i++] = "--";
  argv[i++] = path;
  argv[i] = NULL;

  struct gl_spawn_result r;
  if (gl_spawn (argv, 1 << 20, &r) == -1) {
    *err = gl_printf ("cannot run qemu-img (install qemu-utils): %s",
                      strerror (errno));
    return -1;
  }
  if (r.status != 0) {
    *err = qemu_img_cause (path, r.err);
    gl_spawn_result_free (&r);
    return -1;
  }

  json_object *chain = json_tokener_parse (r.out);
  gl_spawn_result_free (&r);
  /* --backing-chain gives an array, the image itself first. */
  json_object *j = chain && json_object_is_type (chain, json_type_array)
    ? json_object_array_get_idx (chain, 0) : chain;
  json_object *v;
  if (!j || !json_object_object_get_ex (j, "format", &v)) {
    json_object_put (chain);
    *err = strdup ("qemu-img gave no format for it");
    return -1;
  }
  info->format = strdup (json_object_get_string (v));
  if (json_object_object_get_ex (j, "virtual-size", &v))
    info->virtual_size = json_object_get_int64 (v);
  if (json_object_object_get_ex (j, "backing-filename", &v))
    info->backing = strdup (json_object_get_string (v));
  json_object_put (chain);

  if (info->virtual_size <= 0) {
    gl_image_info_free (info);
    *err = strdup ("the disk is empty (virtual size 0)");
    return -1;
  }
  if (strcmp (info->format, "qcow2") == 0 && check_qcow2 (path, err) == -1) {
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
