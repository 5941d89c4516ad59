/* guestlift: the CPUs and memory this process may use, and the -j
 * policy (see host.h). */
#include <config.h>

#include <errno.h>
#include <limits.h>
#include <sched.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cleanup.h"
#include "error.h"
#include "host.h"
#include "read-file.h"

/* /proc and cgroup files are small; a larger one is not what we think. */
#define FACT_MAX (1024 * 1024)

static char *
slurp (const char *path)
{
  size_t len;
  return gl_read_file (path, FACT_MAX, 0, &len, NULL);
}

/* The first cgroup2 mount in /proc/self/mountinfo, and the cgroup path
 * its root stands for ("/" unless it is a bind mount of a subtree).
 * NULL when there is none. */
static char *
cgroup2_mount (char **mount_root)
{
  CLEANUP_FREE char *mi = slurp ("/proc/self/mountinfo");
  for (char *line = mi, *next; line && *line; line = next) {
    next = strchr (line, '\n');
    if (next)
      *next++ = '\0';
    /* ID PARENT MAJ:MIN ROOT MOUNTPOINT OPTIONS [TAGS...] - FSTYPE ... */
    char *sep = strstr (line, " - ");
    if (!sep || strncmp (sep + 3, "cgroup2 ", 8) != 0)
      continue;
    char root[PATH_MAX], mp[PATH_MAX];
    if (sscanf (line, "%*s %*s %*s %4095s %4095s", root, mp) != 2)
      continue;
    *mount_root = strdup (root);
    return strdup (mp);
  }
  return NULL;
}

/* Our cgroup v2 path ("/a/b") from SELF (/proc/self/cgroup's text). */
static char *
v2_path (const char *self)
{
  for (const char *line = self; line && *line; ) {
    const char *nl = strchr (line, '\n');
    size_t n = nl ? (size_t) (nl - line) : strlen (line);
    if (n > 3 && strncmp (line, "0::", 3) == 0)
      return strndup (line + 3, n - 3);
    line = nl ? nl + 1 : NULL;
  }
  return NULL;
}

/* For DIR (our cgroup's folder) and each parent up to TOP, call F with
 * the folder. */
static void
each_level (const char *top, const char *dir, void (*f) (const char *, void *),
            void *opaque)
{
  CLEANUP_FREE char *d = strdup (dir);
  size_t tl = strlen (top);
  while (d && strlen (d) >= tl) {
    f (d, opaque);
    char *slash = strrchr (d, '/');
    if (!slash || strlen (d) == tl)
      break;
    *slash = '\0';
  }
}

/* A file's first number; "max" or anything else is -1. */
static long long
read_number (const char *dir, const char *file)
{
  CLEANUP_FREE char *p = gl_printf ("%s/%s", dir, file);
  CLEANUP_FREE char *t = p ? slurp (p) : NULL;
  char *end;
  if (!t)
    return -1;
  errno = 0;
  long long v = strtoll (t, &end, 10);
  return errno || end == t || v < 0 ? -1 : v;
}

struct limits {
  long long cpus;      /* -1: none */
  long long mem;       /* bytes, -1: none */
};

static void
level_limits (const char *dir, void *opaque)
{
  struct limits *l = opaque;
  CLEANUP_FREE char *p = gl_printf ("%s/cpu.max", dir);
  CLEANUP_FREE char *t = p ? slurp (p) : NULL;
  long long quota, period;
  /* "QUOTA PERIOD", or "max PERIOD" for no limit. */
  if (t && sscanf (t, "%lld %lld", &quota, &period) == 2 && quota > 0 && period > 0) {
    long long c = (quota + period - 1) / period;
    if (l->cpus < 0 || c < l->cpus)
      l->cpus = c;
  }
  long long max = read_number (dir, "memory.max");
  if (max >= 0) {
    long long cur = read_number (dir, "memory.current");
    long long room = cur >= 0 ? (max > cur ? max - cur : 0) : max;
    if (l->mem < 0 || room < l->mem)
      l->mem = room;
  }
}

static void
cgroup_limits (const struct gl_host_paths *paths, struct limits *l)
{
  l->cpus = l->mem = -1;
  CLEANUP_FREE char *self = slurp (paths && paths->self_cgroup
                                   ? paths->self_cgroup : "/proc/self/cgroup");
  CLEANUP_FREE char *path = self ? v2_path (self) : NULL;
  if (!path || path[0] != '/')
    return;
  CLEANUP_FREE char *mount = NULL, *mount_root = NULL;
  const char *top = paths && paths->cgroup_root ? paths->cgroup_root : NULL;
  if (!top) {
    mount = cgroup2_mount (&mount_root);
    top = mount ? mount : "/sys/fs/cgroup";
  }
  /* A mount of a subtree: its root stands for that cgroup path. */
  const char *rel = path;
  if (mount_root && strcmp (mount_root, "/") != 0) {
    size_t rl = strlen (mount_root);
    if (strncmp (path, mount_root, rl) != 0 || (path[rl] && path[rl] != '/'))
      return;
    rel = path + rl;
  }
  while (*rel == '/')
    rel++;
  CLEANUP_FREE char *dir = *rel ? gl_printf ("%s/%s", top, rel) : strdup (top);
  if (dir)
    each_level (top, dir, level_limits, l);
}

static long long
mem_available_mib (const struct gl_host_paths *paths, const char **from)
{
  CLEANUP_FREE char *mi = slurp (paths && paths->meminfo ? paths->meminfo
                                 : "/proc/meminfo");
  const char *p = mi ? strstr (mi, "MemAvailable:") : NULL;
  long long kib;
  if (p && sscanf (p, "MemAvailable: %lld kB", &kib) == 1) {
    *from = "MemAvailable";
    return kib / 1024;
  }
  long pages = sysconf (_SC_AVPHYS_PAGES), psize = sysconf (_SC_PAGESIZE);
  if (pages > 0 && psize > 0) {
    *from = "free pages";
    return (long long) pages * psize / (1024 * 1024);
  }
  *from = "unknown";
  return -1;
}

void
gl_host_resources (const struct gl_host_paths *paths, struct gl_host_res *res)
{
  cpu_set_t set;
  long long cpus = -1;
  res->cpus_from = "affinity";
  if (sched_getaffinity (0, sizeof set, &set) == 0)
    cpus = CPU_COUNT (&set);
  if (cpus < 1) {
    cpus = sysconf (_SC_NPROCESSORS_ONLN);
    res->cpus_from = "online CPUs";
  }
  struct limits l;
  cgroup_limits (paths, &l);
  if (l.cpus > 0 && (cpus < 1 || l.cpus < cpus)) {
    cpus = l.cpus;
    res->cpus_from = "cgroup cpu.max";
  }
  res->cpus = cpus < 1 ? 1 : cpus > UINT_MAX ? UINT_MAX : (unsigned) cpus;

  res->mem_mib = mem_available_mib (paths, &res->mem_from);
  if (l.mem >= 0 && (res->mem_mib < 0 || l.mem / (1024 * 1024) < res->mem_mib)) {
    res->mem_mib = l.mem / (1024 * 1024);
    res->mem_from = "cgroup memory.max";
  }
}

unsigned
gl_jobs_default (const struct gl_host_res *h, const struct gl_jobs_need *n,
                 char *how, size_t howlen)
{
  long long per_job = n->items_per_job ? (long long) n->items_per_job : 1;
  long long by_mem = h->mem_mib >= 0 && n->mib_per_job > 0
    ? h->mem_mib / n->mib_per_job : 1;
  long long by_work = ((long long) n->items + per_job - 1) / per_job;
  long long j = h->cpus;
  if (by_mem < j)
    j = by_mem;
  if (by_work < j)
    j = by_work;
  if (j < 1)
    j = 1;
  if (how && howlen) {
    char work[96] = "";
    if (per_job > 1)
      snprintf (work, sizeof work, " / %lld a job = %lld", per_job, by_work);
    snprintf (how, howlen, "-j %lld: %u CPU(s) (%s), %lld MiB (%s) / %lld MiB a job "
              "(%s) = %lld, %zu %s(s)%s", j, h->cpus, h->cpus_from, h->mem_mib,
              h->mem_from, n->mib_per_job, n->mib_why ? n->mib_why : "?", by_mem,
              n->items, n->item ? n->item : "item", work);
  }
  return (unsigned) j;
}
