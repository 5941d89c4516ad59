/* guestlift: modprobe.conf / modprobe.d reader (pure). */
#ifndef GUESTLIFT_MODPROBE_H
#define GUESTLIFT_MODPROBE_H

#include <stddef.h>
#include "vector.h"

/* Append to *out every "alias NAME MODULE" line of text whose MODULE is a
 * Xen PV driver (xennet, xenblk, xen-netfront, xen-blkfront, xen_netfront,
 * xen_blkfront, xen-vnif, xen-vbd), normalised to single spaces:
 * "alias eth0 xennet".  Comments ignored.  Returns 0, or -1 on ENOMEM. */
int gl_modprobe_xen_aliases (const char *text, size_t len, string_vector *out);

#endif
