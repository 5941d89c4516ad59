/* guestlift: a converted guest's disks as the guest sees them -- each
 * disk's name on the source hypervisor (the Xen config's vdev, "xvda2"
 * for a disk that is a bare filesystem; by default xvda, xvdb, ... in
 * order) and the name it has on the target ("vda", "vdb", ...) -- and
 * the device-name map every guest edit applies (pure; no I/O).
 */
#ifndef GUESTLIFT_CONVERT_DEVICES_H
#define GUESTLIFT_CONVERT_DEVICES_H

#include <stddef.h>
#include <stdio.h>

#include "devmap.h"
#include "err.h"
#include "source-config.h"
#include "target.h"

/* The source's names of disks 0..n-1 (a NULL name: the default, "xvd" and
 * the disk's letters) as the map of TARGET: disk i, whole disk or one
 * partition-level name, becomes the target's name of disk i ("xvda2" ->
 * "vda"); a whole disk's partitions follow it ("xvda1" -> "vda1").  The
 * other Xen spellings of the same name (xvdX, hdX, sdX: Xen gives an HVM
 * guest's hda to its PV drivers as xvda) map the same way unless a disk
 * has that name itself.  With NAMES (a source config says which disks
 * the guest has) names of no disk are not renamed.  NAMES NULL (no
 * config: the default names) also renames names past the given disks by
 * prefix (xvdX, sdX, hdX -> the target's prefix and X), as the disks
 * would be named if attached in order.  A target whose names are Xen's
 * (xen-pv) gets an empty map.  0, or -1 with ERR
 * (EINVAL: a name that is not a drive name; ENOMEM). */
int gl_devices_map (const struct gl_target_profile *target,
                    const char *const *names, size_t n,
                    struct gl_devmap *map, struct gl_err *err);

/* The map as the user reads it, one disk a line:
 *   "  xvda2 -> vda   IMAGE" */
void gl_devices_print (const struct gl_target_profile *target,
                       const char *const *names, const char *const *images,
                       size_t n, FILE *fp);

/* The first /dev/ name of a root= or resume= word of CMDLINE that names
 * no disk of the converted guest (not the target's name of a disk 0..n-1
 * or one of its partitions), as a malloc'd "root=/dev/xvdz9"; NULL when
 * every one does (UUID=, LABEL=, /dev/mapper/... and other non-drive
 * names are not judged) or on ENOMEM (errno set). */
char *gl_devices_unmapped_root (const char *cmdline,
                                const struct gl_target_profile *target,
                                size_t n);

/* Which disk of the source config each IMAGE is (pure: identity is the
 * caller's SAME callback, e.g. same inode): the disk SAME says it is,
 * else the one with the same file name if only one has it, else the next
 * cfg disk no IMAGE took.  NAMES[i] (borrowed from SC) for IMAGE i.
 * Every cfg disk (CD-ROMs and empty drives aside) must be taken or named
 * in DROP (vdevs, NULL terminated), and every IMAGE must take one: else
 * -1 with ERR (EINVAL) naming the one left over.  0, or -1 with ERR. */
int gl_devices_match (const struct gl_source_config *sc,
                      const char *const *images, size_t n,
                      const char *const *drop,
                      int (*same) (const char *a, const char *b),
                      const char **names, struct gl_err *err);

/* The cfg's disks to convert when no IMAGE is given: their paths in cfg
 * order (CD-ROMs, empty drives and those named in DROP left out), NULL
 * terminated, borrowed from SC.  NULL with errno ENOMEM. */
const char **gl_devices_from_config (const struct gl_source_config *sc,
                                     const char *const *drop, size_t *n);

#endif
