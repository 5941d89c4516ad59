/* guestlift tests: print what the kernel-image and initramfs readers say
 * about a file, as key=value lines, for tests/unit/test-kimage.sh.
 *
 *   kimage-probe kimage FILE [CONFIG_OUT]
 *       kind=bzImage|ELF|gzip'd ELF|unknown  xen_notes=yes|no
 *       config=yes|no  hint=TEXT|none   (CONFIG_OUT gets the config text)
 *       config_note=TEXT|none   (why an IKCONFIG there was not read)
 *   kimage-probe initrd FILE [--names]
 *       entries=N  virtio_blk=yes|no  (name=PATH lines with --names)
 *
 * On failure: error=MESSAGE and exit status 1.
 */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cleanup.h"
#include "kimage.h"

static int
probe_kimage (const char *path, const char *config_out)
{
  struct gl_kimage_info info;
  CLEANUP_ERR struct gl_err err = GL_ERR_INIT;
  CLEANUP_FREE char *hint = NULL;

  if (gl_kimage_read_file (path, &info, &err) == -1) {
    printf ("error=%s\n", gl_err_msg (&err, "(none)"));
    return 1;
  }
  hint = gl_kimage_format_hint (&info);
  printf ("kind=%s\n", gl_kimage_kind_name (info.kind));
  printf ("xen_notes=%s\n", info.xen_notes ? "yes" : "no");
  printf ("config=%s\n", info.config ? "yes" : "no");
  printf ("hint=%s\n", hint ? hint : "none");
  printf ("config_note=%s\n", info.config_note ? info.config_note : "none");
  if (config_out && info.config) {
    FILE *f = fopen (config_out, "w");
    if (!f || fputs (info.config, f) == EOF || fclose (f) != 0) {
      perror (config_out);
      gl_kimage_info_free (&info);
      return 1;
    }
  }
  gl_kimage_info_free (&info);
  return 0;
}

static int
probe_initrd (const char *path, int names_too)
{
  string_vector names = empty_vector;
  CLEANUP_ERR struct gl_err err = GL_ERR_INIT;

  if (gl_initrd_list (path, &names, &err) == -1) {
    printf ("error=%s\n", gl_err_msg (&err, "(none)"));
    string_vector_free (&names);
    return 1;
  }
  printf ("entries=%zu\n", names.len);
  printf ("virtio_blk=%s\n",
          gl_initrd_names_have_virtio_blk (&names) ? "yes" : "no");
  if (names_too)
    for (size_t i = 0; i < names.len; ++i)
      printf ("name=%s\n", names.ptr[i]);
  string_vector_free (&names);
  return 0;
}

int
main (int argc, char *argv[])
{
  if (argc >= 3 && argc <= 4 && strcmp (argv[1], "kimage") == 0)
    return probe_kimage (argv[2], argc == 4 ? argv[3] : NULL);
  if (argc >= 3 && argc <= 4 && strcmp (argv[1], "initrd") == 0)
    return probe_initrd (argv[2],
                         argc == 4 && strcmp (argv[3], "--names") == 0);
  fprintf (stderr, "usage: kimage-probe kimage FILE [CONFIG_OUT]\n"
           "       kimage-probe initrd FILE [--names]\n");
  return 2;
}
