/* guestlift: cached, parallel inspection of many images (see parallel.h). */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdbool.h>
#include <pthread.h>
#include <unistd.h>

#include "cache.h"
#include "cleanup.h"
#include "error.h"
#include "gl-limits.h"
#include "host.h"
#include "parallel.h"

unsigned
gl_default_jobs (size_t nimages)
{
  struct gl_host_res host;
  gl_host_resources (NULL, &host);
  /* An appliance boot costs as much as inspecting several guests: below
   * about 4 images per appliance another appliance does not pay. */
  struct gl_jobs_need need = {
    .items = nimages, .item = "image", .items_per_job = 4,
    .mib_per_job = GL_APPLIANCE_MIB, .mib_why = "appliance",
  };
  char how[256];
  unsigned j = gl_jobs_default (&host, &need, how, sizeof how);
  gl_debug ("inspect: %s", how);
  return j;
}

/* One run of gl_inspect_many: its progress, summed over its appliances.
 * On the caller's stack: runs side by side share nothing. */
struct run {
  pthread_mutex_t lock;
  size_t done, total;
  void (*progress) (void *, size_t, size_t, const char *);
  void *opaque;
};

struct job {
  struct gl_image **imgs;
  size_t n;
  const struct gl_inspect_opts *inspect;
  struct run *run;
  size_t last;                  /* its engine's count last reported */
};

/* Each appliance counts its own guests; the user sees the sum. */
static void
locked_progress (void *opaque, size_t done, size_t total, const char *current)
{
  (void) total;
  struct job *j = opaque;
  struct run *r = j->run;
  pthread_mutex_lock (&r->lock);
  r->done += done - j->last;
  j->last = done;
  if (r->progress)
    r->progress (r->opaque, r->done, r->total, current);
  pthread_mutex_unlock (&r->lock);
}

static void *
run_job (void *arg)
{
  struct job *j = arg;
  struct gl_inspect_opts io = *j->inspect;
  io.progress = locked_progress;
  io.progress_opaque = j;
  gl_inspect_fill (j->imgs, j->n, &io);
  /* The engine counts the guests it starts, not the images it rejected
   * on the host nor the last one it finished: now all n are done. */
  locked_progress (j, j->n, j->n, NULL);
  return NULL;
}

int
gl_inspect_many (struct gl_image **imgs, size_t n, struct gl_many_opts *o)
{
  const char *fmt = o->inspect.disk_format;
  CLEANUP_FREE struct gl_image **todo = calloc (n ? n : 1, sizeof *todo);
  if (!todo)
    return -1;
  size_t ntodo = 0;
  /* Keys may open what an earlier run could not: with keys, the cache
   * is neither read nor written. */
  bool use_cache = o->use_cache && !gl_luks_keys_any (o->inspect.keys);

  /* One guest over several disks is a unit: one appliance, and one
   * cache entry per disk keyed by all of them. */
  if (o->inspect.one_guest) {
    if (use_cache && gl_cache_lookup_group (imgs, n, fmt, o->inspect.allow_backing)) {
      o->cache_hits = n;
      return 0;
    }
    struct gl_inspect_counts counts = { 0 };
    struct gl_inspect_opts one = o->inspect;
    one.counts = &counts;
    int r = gl_inspect_fill (imgs, n, &one);
    o->appliances = counts.appliances;
    o->host_guests = counts.host_guests;
    if (r == 0 && use_cache)
      gl_cache_store_group (imgs, n, fmt, o->inspect.allow_backing);
    return r;
  }

  for (size_t i = 0; i < n; ++i) {
    struct gl_image *hit = use_cache
      ? gl_cache_lookup (imgs[i]->path, fmt, o->inspect.allow_backing) : NULL;
    if (hit) {
      /* Swap the cached content into the caller's image. */
      struct gl_image tmp = *imgs[i];
      *imgs[i] = *hit;
      *hit = tmp;
      gl_image_free (hit);
      o->cache_hits++;
    }
    else
      todo[ntodo++] = imgs[i];
  }
  if (ntodo == 0)
    return 0;

  unsigned jobs = o->jobs ? o->jobs : gl_default_jobs (ntodo);
  if (jobs > ntodo)
    jobs = (unsigned) ntodo;
  /* Counted: the images to inspect (cache hits are instant and would
   * spoil the ETA).  The first line shows before the appliances boot,
   * the longest wait. */
  struct run run = {
    .lock = PTHREAD_MUTEX_INITIALIZER, .done = 0, .total = ntodo,
    .progress = o->inspect.progress, .opaque = o->inspect.progress_opaque,
  };
  if (run.progress)
    run.progress (run.opaque, run.done, run.total, NULL);
  /* The appliances run side by side share the CPUs. */
  struct gl_inspect_opts shared = o->inspect;
  shared.side_by_side = jobs;
  struct gl_inspect_counts counts = { 0 };
  shared.counts = &counts;

  CLEANUP_FREE struct job *js = calloc (jobs, sizeof *js);
  CLEANUP_FREE pthread_t *th = calloc (jobs, sizeof *th);
  if (!js || !th)
    return -1;
  /* Contiguous slices: neighbouring images (often the same store) share
   * an appliance. */
  size_t start = 0;
  for (unsigned j = 0; j < jobs; ++j) {
    size_t end = ntodo * (j + 1) / jobs;
    js[j] = (struct job) { &todo[start], end - start, &shared, &run, 0 };
    start = end;
  }
  CLEANUP_FREE bool *created = calloc (jobs, sizeof *created);
  if (!created)
    return -1;
  /* Job 0 runs on this thread; the others on their own. */
  for (unsigned j = 1; j < jobs; ++j)
    created[j] = pthread_create (&th[j], NULL, run_job, &js[j]) == 0;
  run_job (&js[0]);
  for (unsigned j = 1; j < jobs; ++j) {
    if (created[j])
      pthread_join (th[j], NULL);
    else
      run_job (&js[j]);       /* no thread could be made: do it here */
  }
  pthread_mutex_destroy (&run.lock);
  o->appliances = counts.appliances;
  o->host_guests = counts.host_guests;

  if (use_cache)
    for (size_t i = 0; i < ntodo; ++i)
      gl_cache_store (todo[i], fmt, o->inspect.allow_backing);
  return 0;
}
