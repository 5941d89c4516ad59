/* guestlift: the identity of a disk image, as a string, for the caches
 * that must miss when an image changes: the inspection cache (one entry
 * per image), launch's kernel cache (one per image and kernel) and
 * batch's inputs hash.
 *
 * A file's identity is its device, inode, size, mtime and ctime (ns),
 * its real path, the guestlift version and a label (the forced disk
 * format, "auto", or the kind of file).  Touching, growing, replacing or
 * moving the file, or upgrading guestlift, changes it.  An image's
 * identity adds that of every other file qemu opens for it
 * (image-chain.h): an overlay used with --allow-backing-file changes
 * when any file of its backing chain does.
 */
#ifndef GUESTLIFT_IMAGE_KEY_H
#define GUESTLIFT_IMAGE_KEY_H

#include <stdbool.h>

#include "err.h"

/* The identity of the file at PATH (stat follows symlinks); LABEL NULL
 * means "auto".  NULL with err when it cannot be stat'ed or resolved. */
char *gl_image_file_key (const char *path, const char *label,
                         struct gl_err *err);

/* The identity of the disk image at PATH: gl_image_file_key of the image
 * (labelled DISK_FORMAT) and of every other file it names (backing
 * chain, data files, vmdk extents), in the order gl_image_files lists
 * them.  NULL with err when the image names other files and
 * ALLOW_BACKING is false (the refusal), names a remote one, or a file
 * cannot be read. */
char *gl_image_key (const char *path, const char *disk_format,
                    bool allow_backing, struct gl_err *err);

#endif
