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

/* Parse fstab text; comments and short lines skipped.  0 or -1 (ENOMEM). */
int gl_fstab_parse (const char *text, size_t len, gl_fstab *out);
void gl_fstab_free (gl_fstab *f);

#endif
