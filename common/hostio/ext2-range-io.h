/* guestlift: a libext2fs io_manager whose every read is a read of a
 * struct gl_range (range.h) and which writes nothing, ever: the host
 * reader's only way into an ext2/3/4 filesystem.  Private to
 * common/hostio/.
 */
#ifndef GUESTLIFT_EXT2_RANGE_IO_H
#define GUESTLIFT_EXT2_RANGE_IO_H

#include <stdbool.h>

#include <ext2fs/ext2fs.h>

#include "err.h"
#include "range.h"

/* The manager to hand to ext2fs_open2, with the name
 * gl_ext2_range_name (DEV) made just before (the name carries the
 * range: valid until ext2fs_open2 returns). */
extern io_manager gl_ext2_range_io_manager;
/* The device name for DEV (writes into BUF of 64 bytes). */
const char *gl_ext2_range_name (const struct gl_range *dev, char buf[64]);

/* The cause of the last failed read on CHANNEL ("" when none): the
 * range's own message, since libext2fs only keeps an error code. */
const char *gl_ext2_range_last_error (io_channel channel);
/* Did the last failure on CHANNEL come from the range (an I/O error),
 * rather than from libext2fs's reading of what it got? */
bool gl_ext2_range_failed (io_channel channel);

#endif
