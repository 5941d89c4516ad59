/* guestlift: inspect many images: cache first, then the misses spread over
 * up to `jobs` appliances running in parallel (threads, one libguestfs
 * handle each). */
#ifndef GUESTLIFT_PARALLEL_H
#define GUESTLIFT_PARALLEL_H

#include <stdbool.h>
#include <stddef.h>

#include "engine.h"
#include "report.h"

struct gl_many_opts {
  struct gl_inspect_opts inspect;   /* progress callback is called under a lock */
  unsigned jobs;                    /* 0 = as many as CPUs and memory allow */
  bool use_cache;
  /* Filled in: how the work was done (for progress notes and tests). */
  size_t cache_hits;
  size_t appliances;                /* appliances started */
  size_t host_guests;               /* guests the host-side reader answered */
};

/* Fill imgs[0..n-1] (img->path set) in place.  0, or -1 when out of memory. */
int gl_inspect_many (struct gl_image **imgs, size_t n, struct gl_many_opts *o);

/* The default number of parallel appliances (gl_jobs_default, host.h):
 * the CPUs and memory this process may use (an appliance holds
 * GL_APPLIANCE_MIB), at most one appliance per 4 images; said in a debug
 * line ("inspect: -j N: ..."). */
unsigned gl_default_jobs (size_t nimages);

#endif
