/* guestlift: a grub2 guest's Boot Loader Specification entries, read from
 * the guest (the I/O half of bls.c; used by inspection and conversion). */
#ifndef GUESTLIFT_BLS_LOAD_H
#define GUESTLIFT_BLS_LOAD_H

#include <stddef.h>
#include "bootcfg.h"
#include "guest-io.h"
#include "vector.h"

/* At most this many entry files are read (a guest keeps a handful). */
#define GL_BLS_MAX_ENTRIES 256

/* cfg, parsed from the grub.cfg at cfgpath, runs "blscfg": put the entries
 * of /boot/loader/entries (ID.conf files) in front of its menu (gl_bls_prepend),
 * with the variables of the grubenv next to cfgpath expanded.  Returns the
 * number of BLS entries added (entries [0, n) of cfg), or -1 on ENOMEM.
 * Unreadable or unbootable entry files are skipped.  What a bound left
 * out (entry files past GL_BLS_MAX_ENTRIES, a file too large to read) is
 * said in *warnings (bounds.h's words; unique), unless it is NULL. */
int gl_bls_load (struct gl_guest_io *io, const char *cfgpath, struct gl_bootcfg *cfg,
                 string_vector *warnings);

/* The entry files, "/boot/loader/entries/ID.conf" (the first
 * GL_BLS_MAX_ENTRIES by name), NULL-terminated; NULL when there are none,
 * when the directory cannot be listed, or on ENOMEM.  *found (if not
 * NULL) gets how many entry files there are: more than
 * GL_BLS_MAX_ENTRIES means some were left out. */
char **gl_bls_entry_paths (struct gl_guest_io *io, size_t *found);

#endif
