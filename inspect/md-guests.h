/* guestlift: Linux software RAID (md) arrays, when one appliance holds
 * the disks of many guests.
 *
 * The appliance assembles the arrays it finds at boot, whatever images
 * their members came from; one with members missing it may run degraded
 * or leave inactive (libguestfs 1.48's does the latter: its udev rules
 * take the members first), and an inactive array is not listed.  An
 * array belongs to the one guest whose disks hold its members (found by
 * the array UUID blkid shows on each): whether they are all there is the
 * appliance's call, as it is in libguestfs's inspection.  An array whose
 * members lie on the disks of several guests (a RAID1 pair given as two
 * images without --one-guest) belongs to none of them in this appliance:
 * they are "split", and the caller inspects each of them again in an
 * appliance of its own, with its own members only, so that a guest is
 * never made of other images of the batch and its report is the one it
 * gets alone.  Members of no listed array are named in a warning.
 *
 * The appliance numbers arrays in the order it assembled them (md127,
 * md126, ...), which depends on the other images of the batch; reports
 * name a guest's arrays as if it were alone, in a fixed order: md127 is
 * the array whose first member comes first in the guest's disk order,
 * md126 the next, and so on.
 */
#ifndef GUESTLIFT_MD_GUESTS_H
#define GUESTLIFT_MD_GUESTS_H

#include <stdbool.h>
#include <stddef.h>

#include "guest.h"

/* Fill guests[i].md (guests without devices are skipped), and split[i]
 * (n of them): true when guest i holds members of an array whose other
 * members are on other guests' disks (see above).  -1 with err only when
 * out of memory; an appliance that cannot list arrays gives none. */
int gl_md_assign (struct gl_guest_io *io, struct gl_guest *guests, size_t n,
                  bool *split, struct gl_err *err);

/* The guest's array that mdadm.conf (CONF, its text) names SPEC
 * ("/dev/md0", "/dev/md/root"), matched by the array UUID; NULL if none. */
const char *gl_md_from_conf (const struct gl_guest *gg, const char *conf,
                             const char *spec);

/* "/dev/md127"-style name of the guest's array number K (canonical). */
#define GL_MD_FIRST_MINOR 127

void gl_md_vector_free (gl_md_vector *v);

#endif
