/* guestlift batch: the list of guests to convert, read from a JSON
 * manifest or from a folder of Xen guest configs (/etc/xen), and cut into
 * shards.
 *
 * A manifest (data/guestlift-batch-manifest.schema.json):
 *
 *   {"guests": [{"name": "web01", "disks": ["web01.img", ...],
 *                "source_config": "web01.cfg", "to": "kvm",
 *                "output_format": "qcow2", "direct_boot": false,
 *                "boot_test": true, "wait_for": "login:",
 *                "command_timeout": 1800,
 *                "allow_backing_file": false,
 *                "bridge": ["xenbr0:br0"], "network": ["lan"]}, ...]}
 *
 * Only "name" and "disks" are required; the other keys override the
 * command line for that guest.  "bridge" and "network" hold -b and -n
 * arguments (common/domain/netmap.h): they override the command line's
 * rule for the same IN (or the default) and add to its others.  Validation is strict: an unknown key, a
 * wrong type, a bad or duplicate name is an error naming the guest's index
 * (guests[2]) and the key.  Relative paths are relative to the manifest's
 * folder.  Disks are NOT checked for existence here: a missing disk fails
 * that guest only (the scheduler says so), not the whole batch.
 */
#ifndef GUESTLIFT_CONVERT_BATCH_MANIFEST_H
#define GUESTLIFT_CONVERT_BATCH_MANIFEST_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>

#include "err.h"
#include "netmap.h"
#include "vector.h"

/* Bounds: the manifest file, guests in it, disks per guest (convert takes
 * at most 61 disks), a --wait-for pattern, a path. */
#define GL_BATCH_MANIFEST_MAX_SIZE (16 * 1024 * 1024)
#define GL_BATCH_MAX_GUESTS 100000
#define GL_BATCH_MAX_DISKS 60
#define GL_BATCH_MAX_PATTERN 1024
#define GL_BATCH_MAX_PATH PATH_MAX     /* 4096 on Linux, as the schema says */
/* "bridge"/"network": rules per list, bytes per rule ("IN:OUT"). */
#define GL_BATCH_MAX_NIC_RULES 64
#define GL_BATCH_MAX_NIC_RULE 256

struct gl_batch_guest {
  char *name;             /* gl_guest_name_valid (guest-name.h) */
  string_vector disks;    /* paths (made absolute-or-as-given, see above) */
  char *source_config;    /* or NULL */
  /* Per-guest overrides; NULL / -1 = take the command line's value. */
  char *to;               /* "kvm" | "xen-hvm" | "xen-pv" */
  char *output_format;    /* "qcow2" | "raw" */
  int direct_boot;        /* -1, 0, 1 */
  int boot_test;          /* -1, 0, 1 */
  char *wait_for;
  int command_timeout;    /* seconds, 0 = the command line's */
  int allow_backing_file; /* -1, 0, 1: follow the backing files (data
                             files, vmdk extents) its disks name */
  struct gl_netmap nets;  /* "bridge" and "network" rules (none: n == 0),
                             merged over the command line's */
  /* Set when the guest cannot be converted whatever happens (from
   * --from-xen-dir: a disk on a block device, a missing disk, a name
   * already taken): the batch reports it as failed with this reason. */
  char *error;
};
DEFINE_VECTOR_TYPE (gl_batch_guest_vector, struct gl_batch_guest *);

/* Parse a manifest held in DATA (LEN bytes, need not be NUL-terminated);
 * BASEDIR is the folder relative paths are taken from (NULL: leave them
 * relative).  Appends the guests to OUT.  0, or -1 with ERR (e.g.
 * "guests[1] (web01): unknown key \"disk\"", errnum EINVAL, EFBIG or
 * ENOMEM); on failure OUT is left as it was. */
int gl_batch_manifest_parse (const char *data, size_t len, const char *basedir,
                             gl_batch_guest_vector *out, struct gl_err *err);

/* Read the manifest file PATH (at most GL_BATCH_MANIFEST_MAX_SIZE bytes).
 * ERR does not name PATH (the caller's subject). */
int gl_batch_manifest_read (const char *path, gl_batch_guest_vector *out,
                            struct gl_err *err);

/* One guest per Xen guest config in DIR (not recursive), in name order of
 * the files.  Skipped, each with a line appended to NOTES: folders,
 * hidden files, backups and samples (names ending in "~", ".bak",
 * ".orig", ".sample", ".example", ".rpmnew", ".rpmsave", ".dpkg-*",
 * ".swp"), "README*", and files that do not parse as an xl/xm config or
 * libvirt XML, or that have no name (xl.conf, xend-config.sxp...).
 * A guest's disks are its config's disk= entries that are disks (CD-ROMs
 * are left out); relative paths are taken from DIR.  A guest that cannot
 * be converted (a phy:/block-device disk, a disk file that does not
 * exist, no disk at all, a name used by an earlier file) is still listed,
 * with ->error set.  Names are made folder-safe (other characters become
 * '_').  0, or -1 with ERR (not naming DIR) when DIR cannot be read. */
int gl_batch_from_xen_dir (const char *dir, gl_batch_guest_vector *out,
                           string_vector *notes, struct gl_err *err);

/* Keep only shard K of N (1 <= K <= N) of the guests: sorted by name
 * (byte order), cut into N contiguous slices, the K-th kept in order;
 * the others are freed.  Every guest is in exactly one shard. */
void gl_batch_shard (gl_batch_guest_vector *guests, unsigned k, unsigned n);

void gl_batch_guest_free (struct gl_batch_guest *g);
void gl_batch_guests_free (gl_batch_guest_vector *v);

#endif
