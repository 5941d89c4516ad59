/* guestlift: map a host file read-only, with a size bound (kernel images
 * and initramfs copied out of a guest are read this way). */
#ifndef GUESTLIFT_MAPFILE_H
#define GUESTLIFT_MAPFILE_H

#include <stddef.h>

#include "err.h"

/* Map regular file PATH.  WHAT names it in the "larger than" message
 * ("kernel image larger than 64 MiB").  0 with *map and *len set (NULL
 * and 0 for an empty file), or -1 with errno and ERR. */
int gl_map_file (const char *path, size_t max, const char *what,
                 void **map, size_t *len, struct gl_err *err);
void gl_unmap_file (void *map, size_t len);

#endif
