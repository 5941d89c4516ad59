/* guestlift: the inspection engine's entry point: images in, report out.
 *
 * Images are probed on the host (qemu-img).  Each guest is first tried
 * with the host-side reader (common/hostio/: no appliance), in a
 * contained child (host-path.h), unless appliance_only; the guests it
 * leaves are inspected many per appliance: each appliance takes up to
 * max_drives disks, guests whose LVM volume groups share a name are told
 * apart with LVM device filters, and a batch whose appliance will not
 * start is retried one guest at a time so one bad image cannot spoil the
 * others.
 */
#ifndef GUESTLIFT_ENGINE_H
#define GUESTLIFT_ENGINE_H

#include <stdbool.h>
#include <stddef.h>

#include "luks-keys.h"
#include "note.h"
#include "report.h"

#define GL_DEFAULT_MAX_DRIVES 24

struct gl_host_opts;

struct gl_inspect_counts {
  size_t host_guests;        /* guests the host-side reader answered */
  size_t appliances;         /* appliances launched (or tried) */
};

struct gl_inspect_opts {
  const char *disk_format;   /* --format-disk, or NULL to detect */
  bool one_guest;            /* all images are the disks of one guest */
  bool allow_backing;        /* --allow-backing-file: follow the backing
                                files, data files and vmdk extents images
                                name (refused otherwise) */
  const struct gl_luks_keys *keys;  /* --key, --keys-from-stdin (luks-keys.h);
                                      NULL: none */
  size_t max_drives;         /* per appliance; 0 = GL_DEFAULT_MAX_DRIVES */
  unsigned side_by_side;     /* engines the caller runs at once (0 = 1):
                                each appliance gets its share of the CPUs */
  struct gl_note_sink note;  /* notes for the user (TCG chosen, a launch
                                retried); no sink: dropped */
  bool appliance_only;       /* --appliance: never the host-side reader */
  /* Counted (may be NULL; atomically: runs side by side share it):
   * guests the host-side reader answered, appliances launched. */
  struct gl_inspect_counts *counts;
  /* Set by the engine only, inside the host reader's child: the guest
   * I/O is the host's (common/hostio/guest-io-host.h), with these
   * options. */
  struct gl_host_opts *host_io;
  /* Called after each guest (may be NULL). */
  void (*progress) (void *opaque, size_t done, size_t total, const char *current);
  void *progress_opaque;
};

/* Inspect paths[0..n-1]; appends one gl_image per path to r, in order.
 * Per-image failures are recorded in the image's error; returns 0, or -1
 * only when out of memory. */
int gl_inspect_images (const char *const *paths, size_t n,
                       const struct gl_inspect_opts *opts, struct gl_report *r);

/* Inspect already-created images (img->path set, nothing else) in place:
 * what gl_inspect_images does after creating them.  Used by audit, which
 * runs several of these in parallel on disjoint sets of images. */
int gl_inspect_fill (struct gl_image **imgs, size_t n,
                     const struct gl_inspect_opts *opts);

#endif
