/* guestlift: the one bounded reader of whole host files (manifests,
 * states, cache entries, source configs, domain XML, /proc and cgroup
 * files).  Guest files are read through common/guestfs; kernel images and
 * initramfs, which are large, are mapped (mapfile.h).
 */
#ifndef GUESTLIFT_READ_FILE_H
#define GUESTLIFT_READ_FILE_H

#include <stddef.h>

#include "err.h"

enum {
  GL_READ_REGULAR  = 1 << 0,   /* refuse anything but a regular file (EINVAL) */
  GL_READ_NOFOLLOW = 1 << 1,   /* refuse a symlink (ELOOP) */
  GL_READ_NO_DIR   = 1 << 2,   /* refuse a folder (EISDIR); pipes, devices
                                  and /proc files are read */
};

/* The whole of PATH, at most MAX bytes, NUL-terminated (a NUL inside is
 * kept: *LEN says where the data ends).  The file's size is a hint only:
 * it is read to its end, so /proc files and pipes work, and one that
 * holds more than MAX bytes (or grows past it while read) is refused with
 * EFBIG ("PATH: larger than 16 MiB").  FLAGS: GL_READ_*.  malloc'd, or
 * NULL with ERR ("PATH: why") and errno (ENOENT for a missing file). */
char *gl_read_file (const char *path, size_t max, unsigned flags,
                    size_t *len, struct gl_err *err);

/* The same from an open descriptor (stdin, a file opened by the caller);
 * NAME is the file's name in messages. */
char *gl_read_fd (int fd, const char *name, size_t max, size_t *len,
                  struct gl_err *err);

#endif
