/* guestlift: what kind of disk image is this file?  First its header is
 * read for the other files it names (image-chain.h: refused unless the
 * user allowed backing files); then qemu-img detects the format, once (so
 * qemu's own block layer judges it: truncated qcow2 headers, missing
 * backing files), and the format is always passed explicitly afterwards
 * -- a raw image is never probed again. */
#ifndef GUESTLIFT_IMAGE_PROBE_H
#define GUESTLIFT_IMAGE_PROBE_H

#include <stdbool.h>
#include <stdint.h>

#include "err.h"

struct gl_image_info {
  char *format;          /* "raw", "qcow2", "vmdk", ... */
  int64_t virtual_size;  /* bytes */
  char *backing;         /* backing file name or NULL */
};

/* forced_format: the user's --format-disk, or NULL to detect.
 * allow_backing: the user's --allow-backing-file; without it an image
 * whose header names another file (backing file, data file, vmdk extent)
 * is refused before anything opens that file (image-chain.h).  Returns 0,
 * or -1 with err: a one-line reason that names no path but the files the
 * image names (the caller adds the image name). */
int gl_image_probe (const char *path, const char *forced_format,
                    bool allow_backing, struct gl_image_info *info,
                    struct gl_err *err);
void gl_image_info_free (struct gl_image_info *info);

#endif
