/* guestlift: what kind of disk image is this file?  Detected once with
 * qemu-img (so qemu's own block layer judges it: truncated qcow2 headers,
 * missing backing files), then the format is always passed explicitly to
 * libguestfs -- a raw image is never probed again. */
#ifndef GUESTLIFT_IMAGE_PROBE_H
#define GUESTLIFT_IMAGE_PROBE_H

#include <stdint.h>

struct gl_image_info {
  char *format;          /* "raw", "qcow2", "vmdk", ... */
  int64_t virtual_size;  /* bytes */
  char *backing;         /* backing file name or NULL */
};

/* forced_format: the user's --format-disk, or NULL to detect.  Returns 0,
 * or -1 with *err = a one-line reason that names no path (the caller adds
 * the image name). */
int gl_image_probe (const char *path, const char *forced_format,
                    struct gl_image_info *info, char **err);
void gl_image_info_free (struct gl_image_info *info);

#endif
