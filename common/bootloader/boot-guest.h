/* guestlift: a guest's files as the bootloader formats read them, through
 * the guest I/O (the I/O half of the room; the formats are pure). */
#ifndef GUESTLIFT_BOOT_GUEST_H
#define GUESTLIFT_BOOT_GUEST_H

#include "bootloader.h"
#include "guest-io.h"
#include "vector.h"

/* IO as a reader (guest-io.h: bounded reads, glob listings); a file over
 * its bound is said in WARNINGS (may be NULL). */
struct gl_boot_reader gl_boot_guest_reader (struct gl_guest_io *io,
                                            string_vector *warnings);

#endif
