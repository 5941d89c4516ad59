/* guestlift: a guest's files as the bootloader formats read them, through
 * the appliance (the I/O half of the room; the formats are pure). */
#ifndef GUESTLIFT_BOOT_GUEST_H
#define GUESTLIFT_BOOT_GUEST_H

#include <guestfs.h>

#include "bootloader.h"
#include "vector.h"

/* G as a reader (guest-io.h: bounded reads, glob listings); a file over
 * its bound is said in WARNINGS (may be NULL). */
struct gl_boot_reader gl_boot_guest_reader (guestfs_h *g, string_vector *warnings);

#endif
