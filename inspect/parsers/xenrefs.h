/* guestlift: find Xen-specific references in guest config text (pure). */
#ifndef GUESTLIFT_XENREFS_H
#define GUESTLIFT_XENREFS_H

#include <stddef.h>
#include "vector.h"

/* Inputs larger than this are refused (-1, errno EFBIG). */
#define GL_XENREFS_MAX_BYTES (4 * 1024 * 1024)

/* Is this an fstab device spec for a Xen PV disk ("/dev/xvda1", "/dev/xvdb")?
 * Exactly /dev/xvd[a-z]+[0-9]*; "/dev/xvc0" (the console) is not.  1 or 0;
 * NULL gives 0. */
int gl_is_xen_disk_device (const char *spec);

/* Add (unique) Xen console names ("xvc0", "hvc0") referenced by
 * non-comment lines of an inittab, a securetty, or a kernel command line
 * (console=hvc0).  0 or -1 on ENOMEM.
 * A console name is "xvc" or "hvc" and 1-4 digits.  inittab: lines not
 * starting with '#', the name as a whole word ("agetty xvc0 9600",
 * "/dev/hvc0").  securetty: a line that is exactly the name (blanks and
 * CR around it allowed).  cmdline: words "console=NAME" or
 * "console=NAME,OPTIONS"; other console= values are ignored.  A NUL byte
 * ends the text; inputs over GL_XENREFS_MAX_BYTES give -1, errno EFBIG. */
int gl_xen_consoles_in_inittab (const char *text, size_t len, string_vector *out);
int gl_xen_consoles_in_securetty (const char *text, size_t len, string_vector *out);
int gl_xen_consoles_in_cmdline (const char *cmdline, string_vector *out);

#endif
