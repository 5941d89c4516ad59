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

/* qemu-img's messages start with "qemu-img: <path>: "; the caller names
 * the image itself, so keep only the cause, first line only. */
static char *
qemu_img_cause (const char *stderr_text)
{
  const char *s = stderr_text ? stderr_text : "";
  const char *last = s;
  /* Skip "qemu-img: " and "Could not open 'path': " prefixes. */
  if (strncmp (last, "qemu-img: ", 10) == 0)
    last += 10;
  const char *p;
  while ((p = strstr (last, "': ")) != NULL && p - last < 4096)
    last = p + 3;
  size_t n = strcspn (last, "\n");
  if (n == 0)
    return strdup ("qemu-img could not read it");
  return strndup (last, n);
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
    *err = qemu_img_cause (r.err);
    gl_spawn_result_free (&r);
    return -1;
  }

  json_object *j = json_tokener_parse (r.out);
  gl_spawn_result_free (&r);
  json_object *v;
  if (!j || !json_object_object_get_ex (j, "format", &v)) {
    json_object_put (j);
    *err = strdup ("qemu-img gave no format for it");
    return -1;
  }
  info->format = strdup (json_object_get_string (v));
  if (json_object_object_get_ex (j, "virtual-size", &v))
    info->virtual_size = json_object_get_int64 (v);
  if (json_object_object_get_ex (j, "backing-filename", &v))
    info->backing = strdup (json_object_get_string (v));
  json_object_put (j);

  if (info->virtual_size <= 0) {
    gl_image_info_free (info);
    *err = strdup ("the disk is empty (virtual size 0)");
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
