/* guestlift: every file qemu would open for a disk image -- the image,
 * its backing chain, external data files, vmdk extents -- found from the
 * images' own headers (image-refs.h) with bounded reads, never by letting
 * qemu open them; and the refusal of an image that names another file
 * when the user has not allowed it (--allow-backing-file).
 *
 * A hostile image names any host file as its backing file (/etc/shadow)
 * or a server ("nbd://host/x", "json:{...}"): without the opt-in nothing
 * it names is ever opened, by guestlift or by qemu.
 */
#ifndef GUESTLIFT_IMAGE_CHAIN_H
#define GUESTLIFT_IMAGE_CHAIN_H

#include <stdbool.h>

#include "err.h"
#include "image-refs.h"
#include "vector.h"

/* The most files one image may bring in (a longer chain is refused: a
 * loop, most likely). */
#define GL_IMAGE_CHAIN_MAX 64

struct gl_image_file {
  char *name;                   /* as qemu opens it: the image's path as
                                   given, or a name resolved against the
                                   folder of the file naming it */
  enum gl_image_ref_kind kind;  /* how it is named (files[0]: unused) */
  bool remote;                  /* "json:" or a protocol: not a local file */
};
DEFINE_VECTOR_TYPE (gl_image_file_vector, struct gl_image_file);

/* The files of the image at PATH (FORMAT: the user's, NULL: detected),
 * PATH first.  Without ALLOW_BACKING an image whose header names any
 * other file is refused; with it, backing files are read in turn (their
 * own backing files too), remote names are listed but not read.  A
 * differencing VHD or VHDX is refused either way: qemu does not read its
 * parent, so the image alone is not the disk.  0, or -1 with err (one
 * line that names the file, without PATH: the caller names the image),
 * e.g. "its backing file '/etc/shadow' is not opened without
 * --allow-backing-file (an image can name any host file)". */
int gl_image_files (const char *path, const char *format, bool allow_backing,
                    gl_image_file_vector *out, struct gl_err *err);
void gl_image_files_free (gl_image_file_vector *files);

/* The refusal of an image whose header names NAME (NULL: not named) as
 * its KIND, the words gl_image_files uses: "its backing file 'NAME' is
 * not opened without --allow-backing-file (...)".  NULL on ENOMEM. */
char *gl_image_refusal (enum gl_image_ref_kind kind, const char *name);

#endif
