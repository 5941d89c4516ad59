/* guestlift: a device-name map (old name -> new name) and its use on text
 * (pure; no I/O).
 *
 * A guest moving between hypervisors sees its disks under other names:
 * "xvda" becomes "vda", or (a Xen guest whose disk is a bare filesystem
 * called "xvda2") "xvda2" becomes "vda".  The map says so, name by name,
 * and the rewriters (kernel command lines, fstab, crypttab, ...) apply it
 * to every "/dev/NAME" they meet.  Names are given without "/dev/".
 *
 * A name is looked up:
 *  1. as written ("xvda2" -> "vda", whole disks and partitions alike);
 *  2. as a partition of a mapped disk: DISK + N, or DISK + "p" + N when
 *     DISK ends in a digit ("nvme0n1p2"), follows DISK's new name the same
 *     way ("xvdb" -> "vdc" gives "xvdb1" -> "vdc1");
 *  3. by a prefix rule: FROM + letters + digits -> TO + the same letters
 *     and digits ("xvd" -> "vd": "xvdaa12" -> "vdaa12").
 * The first that answers wins.
 */
#ifndef GUESTLIFT_DEVMAP_H
#define GUESTLIFT_DEVMAP_H

#include <stdbool.h>
#include <stddef.h>

#include "err.h"
#include "vector.h"

struct gl_devmap_pair {
  char *from;
  char *to;
};
DEFINE_VECTOR_TYPE (gl_devmap_pair_vector, struct gl_devmap_pair);

struct gl_devmap {
  gl_devmap_pair_vector names;      /* rules 1 and 2 */
  gl_devmap_pair_vector prefixes;   /* rule 3 */
};

#define GL_DEVMAP_INIT { empty_vector, empty_vector }

/* Add a name (rules 1-2) or a prefix rule (3).  Names are 1-32 characters
 * of [a-z0-9_-], prefixes 1-32 letters; a name or prefix given twice keeps
 * its first mapping.  0, or -1 with *err (EINVAL for a bad name, ENOMEM). */
int gl_devmap_add (struct gl_devmap *m, const char *from, const char *to,
                   struct gl_err *err);
int gl_devmap_add_prefix (struct gl_devmap *m, const char *from,
                          const char *to, struct gl_err *err);
void gl_devmap_free (struct gl_devmap *m);
/* true when the map renames nothing (NULL or empty). */
bool gl_devmap_empty (const struct gl_devmap *m);

/* The map of a guest's disks 0..n-1 moving to a hypervisor whose disks
 * are TARGET_PREFIX + letters ("vd"): disk i, by its source name NAMES[i]
 * (whole disk or one partition-level name: "xvda2" -> "vda"; NULL, or
 * NAMES NULL: the default "xvd" + its letters) becomes TARGET_PREFIX and
 * disk i's letters; a whole disk's partitions follow it ("xvda1" ->
 * "vda1").  The other Xen spellings of the same name (xvdX, hdX, sdX)
 * map the same way unless a disk has that name itself.  NAMES NULL (no
 * source config) also renames names past the given disks by prefix
 * (xvdX, sdX, hdX -> TARGET_PREFIX and X), as the disks would be named
 * if attached in order.  TARGET_PREFIX "xvd" (Xen PV) gives an empty
 * map.  0, or -1 with *err (EINVAL: a name that is not a Xen drive name;
 * ENOMEM). */
int gl_devmap_disks (struct gl_devmap *map, const char *target_prefix,
                     const char *const *names, size_t n, struct gl_err *err);

/* The disk index and partition of a Xen drive name (xvdX, hdX, sdX with a
 * partition or not) and its prefix's row (0 xvd, 1 hd, 2 sd): 0, or -1
 * when it is none. */
int gl_devmap_xen_name (const char *name, size_t *row, unsigned *idx, unsigned *part);
/* Disk I's source name: NAMES[I], or (NAMES or NAMES[I] NULL) the default
 * "xvd" + its letters.  malloc'd; NULL on ENOMEM. */
char *gl_devmap_disk_source_name (const char *const *names, size_t i);

/* The new name of device NAME[0..n) (no "/dev/"): 1 with *out (malloc'd)
 * when the map renames it, 0 when it does not (M may be NULL), -1 with
 * *err (ENOMEM). */
int gl_devmap_lookup (const struct gl_devmap *m, const char *name, size_t n,
                      char **out, struct gl_err *err);

/* Every "/dev/NAME" token of S[0..n) that the map renames.  A token
 * starts at the beginning of S or after one of  blank = " ' , : (  and
 * ends at the end of S or before one of  blank " ' , : ; )  (so
 * "resume=/dev/xvdb1" and "header=/dev/xvdc" are found, "/dev/xvda1x" and
 * "/srv/dev/xvda" are not).  1 with *out (malloc'd, NUL-terminated) when
 * something was renamed, 0 when nothing was, -1 with *err (ENOMEM). */
int gl_devmap_rename_in (const struct gl_devmap *m, const char *s, size_t n,
                         char **out, struct gl_err *err);

#endif
