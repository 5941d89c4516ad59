/* guestlift: an image opened for the host-side reader.
 *
 * A raw image is read with pread on a read-only descriptor.  Any other
 * format qemu reads (qcow2, vmdk, vdi...) is read through libnbd from a
 * private qemu-nbd started with systemd socket activation on a Unix
 * socket of its own: read-only, never a kernel nbd device.  Backing
 * files are opened by qemu-nbd only when ALLOW_BACKING (otherwise an
 * image naming one is refused: the caller's probe refused it already,
 * this is the second lock).
 */
#ifndef GUESTLIFT_BLOCKSRC_H
#define GUESTLIFT_BLOCKSRC_H

#include <stdbool.h>

#include "err.h"
#include "range.h"

struct gl_blocksrc;

/* FORMAT as probed ("raw", "qcow2"...), never guessed here.  NULL with
 * err. */
struct gl_blocksrc *gl_blocksrc_open (const char *path, const char *format,
                                      bool allow_backing, struct gl_err *err);
/* The whole image (virtual size) as a range; valid until close. */
const struct gl_range *gl_blocksrc_range (struct gl_blocksrc *b);
void gl_blocksrc_close (struct gl_blocksrc *b);

#endif
