/* guestlift: naming images to qemu (see qemu-name.h). */
#include <config.h>

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <json-c/json.h>

#include "error.h"
#include "image-refs.h"
#include "qemu-name.h"

char *
gl_qemu_file_name (const char *path)
{
  if (gl_image_name_is_protocol (path))
    return gl_printf ("./%s", path);
  return strdup (path);
}

/* json:{"driver":FORMAT,"file":{"driver":"file","filename":PATH},
 *       "backing":null} -- json-c escapes the name. */
static char *
json_name (const char *path, const char *format)
{
  struct stat st;
  bool block = stat (path, &st) == 0 && S_ISBLK (st.st_mode);
  json_object *o = json_object_new_object ();
  json_object *file = json_object_new_object ();
  json_object *s[] = {
    json_object_new_string (block ? "host_device" : "file"),
    json_object_new_string (path),
    json_object_new_string (format),
  };
  char *ret = NULL;
  bool good = o && file && s[0] && s[1] && s[2]
    && json_object_object_add (file, "driver", json_object_get (s[0])) == 0
    && json_object_object_add (file, "filename", json_object_get (s[1])) == 0
    && json_object_object_add (o, "driver", json_object_get (s[2])) == 0
    && json_object_object_add (o, "file", json_object_get (file)) == 0
    && json_object_object_add (o, "backing", NULL) == 0;
  if (good) {
    const char *text = json_object_to_json_string_ext (o, JSON_C_TO_STRING_PLAIN
                                                          | JSON_C_TO_STRING_NOSLASHESCAPE);
    ret = text ? gl_printf ("json:%s", text) : NULL;
  }
  for (size_t i = 0; i < sizeof s / sizeof s[0]; ++i)
    json_object_put (s[i]);
  json_object_put (file);
  json_object_put (o);
  return ret;
}

int
gl_qemu_name (const char *path, const char *format, bool allow_backing,
              struct gl_qemu_name *out)
{
  out->format = NULL;
  if (format && !allow_backing && gl_image_format_has_backing (format))
    out->name = json_name (path, format);
  else {
    out->name = gl_qemu_file_name (path);
    out->format = format;
  }
  if (!out->name) {
    errno = ENOMEM;
    return -1;
  }
  return 0;
}

void
gl_qemu_name_free (struct gl_qemu_name *n)
{
  free (n->name);
  n->name = NULL;
}
