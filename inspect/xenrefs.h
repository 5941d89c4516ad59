/* guestlift: find Xen-specific references in guest config text (pure). */
#ifndef GUESTLIFT_XENREFS_H
#define GUESTLIFT_XENREFS_H

#include <stddef.h>
#include "vector.h"

/* Is this an fstab device spec for a Xen PV disk ("/dev/xvda1", "/dev/xvdb")? */
int gl_is_xen_disk_device (const char *spec);

/* Add (unique) Xen console names ("xvc0", "hvc0") referenced by
 * non-comment lines of an inittab, a securetty, or a kernel command line
 * (console=hvc0).  0 or -1 on ENOMEM. */
int gl_xen_consoles_in_inittab (const char *text, size_t len, string_vector *out);
int gl_xen_consoles_in_securetty (const char *text, size_t len, string_vector *out);
int gl_xen_consoles_in_cmdline (const char *cmdline, string_vector *out);

#endif
