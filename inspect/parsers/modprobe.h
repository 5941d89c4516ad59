/* guestlift: modprobe.conf / modprobe.d reader (pure). */
#ifndef GUESTLIFT_MODPROBE_H
#define GUESTLIFT_MODPROBE_H

#include <stddef.h>
#include "vector.h"

/* Inputs larger than this are refused (-1, errno EFBIG). */
#define GL_MODPROBE_MAX_BYTES (4 * 1024 * 1024)

/* *out holds at most this many aliases (each costs report space, and a
 * guest writes as many as it likes). */
#define GL_MODPROBE_MAX_ALIASES 256

/* Append to *out every "alias NAME MODULE" line of text whose MODULE is a
 * Xen PV driver (xennet, xenblk, xen-netfront, xen-blkfront, xen_netfront,
 * xen_blkfront, xen-vnif, xen-vbd), normalised to single spaces:
 * "alias eth0 xennet".  Comments ignored.  Returns the number of new
 * aliases left out because *out already held GL_MODPROBE_MAX_ALIASES (0
 * when none were), or -1 on ENOMEM.
 * Details (modprobe.c): only "alias" lines; words split on spaces/tabs;
 * '#' starts a comment anywhere; a trailing backslash continues a line;
 * CRLF is fine; module names match with '-' == '_' and are printed as
 * written; a line already in *out is not added again; a NUL byte ends
 * the text; len > GL_MODPROBE_MAX_BYTES gives -1 with errno EFBIG. */
int gl_modprobe_xen_aliases (const char *text, size_t len, string_vector *out);

#endif
