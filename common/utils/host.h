/* guestlift: what this process may use of the host -- CPUs and memory --
 * and the one policy that turns it into a default -j.
 *
 * Not the host's totals: a process under `taskset -c 0`, in a container
 * limited to 2 CPUs by cgroup v2's cpu.max or to 4 GiB by memory.max, or
 * in a Kubernetes pod or Slurm job, may use only its share, and running
 * more appliances than that share makes every one of them slower.
 */
#ifndef GUESTLIFT_HOST_H
#define GUESTLIFT_HOST_H

#include <stddef.h>

/* Where the facts are read.  NULL members (or a NULL struct): the real
 * files.  Tests point them at fake ones. */
struct gl_host_paths {
  const char *self_cgroup;   /* /proc/self/cgroup ("0::/PATH" is v2's) */
  const char *cgroup_root;   /* the cgroup2 mount: found in
                                /proc/self/mountinfo, else /sys/fs/cgroup */
  const char *meminfo;       /* /proc/meminfo */
};

struct gl_host_res {
  unsigned cpus;             /* >= 1 */
  const char *cpus_from;     /* what bounded it: "affinity", "cgroup cpu.max",
                                "online CPUs" */
  long long mem_mib;         /* -1 when unknown */
  const char *mem_from;      /* "cgroup memory.max", "MemAvailable", "free
                                pages", "unknown" */
};

/* The CPUs this process may use: its affinity mask (sched_getaffinity),
 * then bounded by the cgroup v2 cpu.max quota/period of its cgroup and
 * every parent (rounded up: 1.5 CPUs is 2), at least 1.  The memory it
 * may use: MemAvailable, bounded by memory.max - memory.current of its
 * cgroup and every parent.  cgroup v1 is not looked at. */
void gl_host_resources (const struct gl_host_paths *paths, struct gl_host_res *res);

/* What a command's jobs need. */
struct gl_jobs_need {
  size_t items;              /* images or guests to do */
  const char *item;          /* their name in HOW: "image", "guest" */
  size_t items_per_job;      /* a job worth starting has at least this
                                many (>= 1): an appliance boot costs as
                                much as inspecting several images */
  long long mib_per_job;     /* host memory one job holds */
  const char *mib_why;       /* what that is made of, for HOW */
};

/* The default -j: min (CPUs, memory / mib_per_job, items rounded up to
 * items_per_job), at least 1; memory unknown counts as room for one job.
 * HOW (may be NULL) receives one line saying how it was chosen:
 * "-j 2: 2 CPU(s) (affinity), 20960 MiB (MemAvailable) / 700 MiB a job
 * (appliance) = 29, 8 image(s) / 4 a job = 2". */
unsigned gl_jobs_default (const struct gl_host_res *host,
                          const struct gl_jobs_need *need,
                          char *how, size_t howlen);

#endif
