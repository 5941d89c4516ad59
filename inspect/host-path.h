/* guestlift: one guest inspected by the host-side reader, in a contained
 * child (contained.h), its images sent back serialised exactly as the
 * cache keeps them (report-write.h's gl_image_json and extras).
 *
 * The child runs the engine's own inspection on a host guest I/O handle
 * (common/hostio/guest-io-host.h).  Whatever goes wrong -- the host
 * reader refuses the guest (md, LUKS, XFS, ...), an op failed the way
 * the appliance might not have, an image that would not come back
 * exactly, an error other than "no operating system found", a crash, a
 * limit, the deadline -- the guest is left to the appliance, with the
 * reason.
 */
#ifndef GUESTLIFT_HOST_PATH_H
#define GUESTLIFT_HOST_PATH_H

#include <stdbool.h>
#include <stddef.h>

#include "contained.h"
#include "err.h"
#include "report.h"

struct gl_host_opts;

/* Inspect IMGS[0..n-1] (one guest) with the host guest I/O of HO, in the
 * child: 0 with the images filled, -1 with err. */
typedef int gl_host_inspect_fn (struct gl_image **imgs, size_t n, void *opaque,
                                struct gl_host_opts *ho, struct gl_err *err);

/* Limits of the child: wall clock, CPU, memory beyond the parent's. */
#define GL_HOST_SECONDS 120
#define GL_HOST_CPU_SECONDS 60
#define GL_HOST_MEM_MARGIN (1024ULL * 1024 * 1024)

/* 1: the host reader answered (IMGS filled, as the appliance would have);
 * 0: left to the appliance, *why (malloc'd) says why.  USAGE (may be
 * NULL) is what the child cost. */
int gl_host_path_try (struct gl_image **imgs, size_t n, bool allow_backing,
                      gl_host_inspect_fn *run, void *opaque, char **why,
                      struct gl_contained_usage *usage);

#endif
