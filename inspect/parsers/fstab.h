/* guestlift: /etc/fstab and /etc/crypttab reader (pure). */
#ifndef GUESTLIFT_FSTAB_H
#define GUESTLIFT_FSTAB_H

#include <stddef.h>
#include "vector.h"

struct gl_fstab_entry {
  char *spec;      /* "/dev/xvda1", "UUID=...", "LABEL=...", "/dev/VolGroup00/LogVol00" */
  char *file;      /* "/boot" ("\040" octal escapes decoded) */
  char *vfstype;   /* "ext3", "swap", ... */
  char *options;
};
DEFINE_VECTOR_TYPE (gl_fstab, struct gl_fstab_entry);

/* Inputs larger than this are refused (-1, errno EFBIG). */
#define GL_FSTAB_MAX_BYTES (4 * 1024 * 1024)

/* Parse fstab text; comments and short lines skipped.  0 or -1 (ENOMEM).
 * Details (fstab.c): entries are appended to *out (which must be
 * initialised, e.g. empty_vector); fields split on spaces/tabs (CRLF
 * fine); "\NNN" octal escapes (value 1-255) decoded in every field; a
 * line needs spec and file, a missing vfstype/options is "" (never NULL);
 * a NUL byte ends the text; len > GL_FSTAB_MAX_BYTES gives -1 with errno
 * EFBIG.  On -1, entries already appended stay: free with gl_fstab_free. */
int gl_fstab_parse (const char *text, size_t len, gl_fstab *out);
/* Free every entry and the array; *f is left empty.  Accepts NULL. */
void gl_fstab_free (gl_fstab *f);

#endif
