/* guestlift: a grub2 guest's Boot Loader Specification entries, read from
 * the guest (the I/O half of bls.c; used by inspection and conversion). */
#ifndef GUESTLIFT_BLS_LOAD_H
#define GUESTLIFT_BLS_LOAD_H

#include <stddef.h>
#include <guestfs.h>

#include "bootcfg.h"

/* At most this many entry files are read (a guest keeps a handful). */
#define GL_BLS_MAX_ENTRIES 256

/* cfg, parsed from the grub.cfg at cfgpath, runs "blscfg": put the entries
 * of /boot/loader/entries (ID.conf files) in front of its menu (gl_bls_prepend),
 * with the variables of the grubenv next to cfgpath expanded.  Returns the
 * number of BLS entries added (entries [0, n) of cfg), or -1 on ENOMEM.
 * Unreadable or unbootable entry files are skipped. */
int gl_bls_load (guestfs_h *g, const char *cfgpath, struct gl_bootcfg *cfg);

/* The entry files, "/boot/loader/entries/ID.conf" (at most
 * GL_BLS_MAX_ENTRIES, sorted), NULL-terminated; NULL when there are none
 * or on ENOMEM. */
char **gl_bls_entry_paths (guestfs_h *g);

#endif
