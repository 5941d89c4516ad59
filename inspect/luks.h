/* guestlift: open a guest's LUKS devices with the keys the user gave
 * (luks-keys.h), as libguestfs's tools do for inspection: each opened
 * device is /dev/mapper/luks-UUID (read-only) and joins the guest's
 * filesystems (a filesystem, swap or an LVM PV inside).  A device no key
 * opens is named in a warning that says why (no key given, or none of
 * the keys given opens it); with no operating system found, that is the
 * image's error. */
#ifndef GUESTLIFT_LUKS_H
#define GUESTLIFT_LUKS_H

#include <stdbool.h>
#include <stddef.h>

#include "guest.h"
#include "luks-keys.h"

/* The crypto_LUKS devices among gg->fs[from..]: open them.  Sets
 * *pv_inside when an opened one holds an LVM PV (the caller rescans
 * LVM).  -1 only when out of memory. */
int gl_guest_open_luks (struct gl_guest *gg, size_t from, bool *pv_inside,
                        struct gl_err *err);

#endif
