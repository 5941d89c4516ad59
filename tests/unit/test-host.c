/* Unit tests for common/utils/host.c: the CPUs and memory this process
 * may use, read from fake cgroup v2 files, and the -j policy. */
#include <config.h>

#include <ftw.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

#include "cleanup.h"
#include "error.h"
#include "host.h"
#include "tap.h"

static char root[] = "/tmp/test-host.XXXXXX";

static void
put (const char *rel, const char *text)
{
  CLEANUP_FREE char *p = gl_printf ("%s/%s", root, rel);
  FILE *fp = fopen (p, "w");
  if (fp) {
    fputs (text, fp);
    fclose (fp);
  }
}

static void
dir (const char *rel)
{
  CLEANUP_FREE char *p = gl_printf ("%s/%s", root, rel);
  mkdir (p, 0755);
}

static unsigned
affinity (void)
{
  cpu_set_t set;
  return sched_getaffinity (0, sizeof set, &set) == 0 ? (unsigned) CPU_COUNT (&set) : 1;
}

/* Facts with our fake files: cgroup root $root/cg, /proc/self/cgroup
 * $root/self, /proc/meminfo $root/meminfo. */
static struct gl_host_res
facts (void)
{
  CLEANUP_FREE char *cg = gl_printf ("%s/cg", root);
  CLEANUP_FREE char *self = gl_printf ("%s/self", root);
  CLEANUP_FREE char *mi = gl_printf ("%s/meminfo", root);
  struct gl_host_paths paths = { .self_cgroup = self, .cgroup_root = cg, .meminfo = mi };
  struct gl_host_res r;
  gl_host_resources (&paths, &r);
  return r;
}

static void
test_cgroups (void)
{
  unsigned aff = affinity ();
  dir ("cg");
  dir ("cg/a");
  dir ("cg/a/b");
  put ("meminfo", "MemTotal:       32000000 kB\nMemFree:  1000 kB\n"
       "MemAvailable:   20480000 kB\n");
  put ("self", "12:memory:/v1/path\n0::/a/b\n");

  struct gl_host_res r = facts ();
  is_int (r.cpus, aff, "no cpu.max: the affinity's CPUs (%u)", aff);
  is_str (r.cpus_from, "affinity", "no cpu.max: said to come from the affinity");
  is_int (r.mem_mib, 20000, "no memory.max: MemAvailable");
  is_str (r.mem_from, "MemAvailable", "no memory.max: said to come from MemAvailable");

  /* Half a CPU rounds up to 1; our own group's limit. */
  put ("cg/a/b/cpu.max", "50000 100000\n");
  r = facts ();
  is_int (r.cpus, 1, "cpu.max 50000/100000: 1 CPU (rounded up)");
  is_str (r.cpus_from, "cgroup cpu.max", "said to come from cpu.max");

  /* A parent's limit counts; the lowest wins, never more than affinity. */
  put ("cg/a/b/cpu.max", "max 100000\n");
  put ("cg/a/cpu.max", "150000 100000\n");
  r = facts ();
  is_int (r.cpus, aff < 2 ? aff : 2, "a parent's 1.5 CPUs: 2, or the affinity if fewer");
  put ("cg/a/cpu.max", "6400000 100000\n");
  r = facts ();
  is_int (r.cpus, aff, "a quota above the affinity: the affinity");
  is_str (r.cpus_from, "affinity", "  and said so");
  put ("cg/a/cpu.max", "garbage\n");
  r = facts ();
  is_int (r.cpus, aff, "an unreadable cpu.max is no limit");

  /* memory.max - memory.current, the lowest level wins, and never more
   * than MemAvailable. */
  put ("cg/a/b/memory.max", "4294967296\n");           /* 4 GiB */
  put ("cg/a/b/memory.current", "1073741824\n");       /* 1 GiB used */
  r = facts ();
  is_int (r.mem_mib, 3072, "memory.max 4 GiB with 1 GiB used: 3072 MiB");
  is_str (r.mem_from, "cgroup memory.max", "said to come from memory.max");
  put ("cg/a/memory.max", "2147483648\n");
  put ("cg/a/memory.current", "1610612736\n");
  r = facts ();
  is_int (r.mem_mib, 512, "a parent's 2 GiB with 1.5 GiB used: 512 MiB");
  put ("cg/a/memory.max", "max\n");
  put ("cg/a/b/memory.max", "1099511627776\n");        /* 1 TiB */
  r = facts ();
  is_int (r.mem_mib, 20000, "a limit above MemAvailable: MemAvailable");
  put ("cg/a/b/memory.current", "2199023255552\n");   /* over its limit */
  put ("cg/a/b/memory.max", "1024\n");
  r = facts ();
  is_int (r.mem_mib, 0, "usage over the limit: no room");

  /* The root group ("0::/") is the mount itself. */
  put ("self", "0::/\n");
  put ("cg/cpu.max", "100000 100000\n");
  r = facts ();
  is_int (r.cpus, 1, "the root group's own cpu.max");
  /* No v2 line (cgroup v1 only): no cgroup limit. */
  put ("self", "4:memory:/x\n1:cpu:/x\n");
  r = facts ();
  is_int (r.cpus, aff, "cgroup v1 only: the affinity");
  is_int (r.mem_mib, 20000, "cgroup v1 only: MemAvailable");
  /* A missing meminfo: free pages. */
  CLEANUP_FREE char *mi = gl_printf ("%s/meminfo", root);
  unlink (mi);
  r = facts ();
  ok (r.mem_mib > 0 && strcmp (r.mem_from, "free pages") == 0,
      "no MemAvailable: free pages (%lld MiB)", r.mem_mib);
}

static void
test_policy (void)
{
  struct gl_host_res h = { .cpus = 8, .cpus_from = "affinity", .mem_mib = 20000,
                           .mem_from = "MemAvailable" };
  struct gl_jobs_need n = { .items = 100, .item = "image", .items_per_job = 4,
                            .mib_per_job = 700, .mib_why = "appliance" };
  char how[256];
  is_int (gl_jobs_default (&h, &n, how, sizeof how), 8, "CPUs bound it");
  is_str (how, "-j 8: 8 CPU(s) (affinity), 20000 MiB (MemAvailable) / 700 MiB a job "
          "(appliance) = 28, 100 image(s) / 4 a job = 25", "how it was chosen");
  h.mem_mib = 2100;
  is_int (gl_jobs_default (&h, &n, NULL, 0), 3, "memory bounds it");
  h.mem_mib = 100;
  is_int (gl_jobs_default (&h, &n, NULL, 0), 1, "less memory than one job: still 1");
  h.mem_mib = -1;
  is_int (gl_jobs_default (&h, &n, NULL, 0), 1, "memory unknown: 1");
  h.mem_mib = 20000;
  n.items = 9;
  is_int (gl_jobs_default (&h, &n, NULL, 0), 3, "9 images, 4 a job: 3");
  n.items = 0;
  is_int (gl_jobs_default (&h, &n, NULL, 0), 1, "nothing to do: 1");
  n.items = 5;
  n.items_per_job = 1;
  n.item = "guest";
  is_int (gl_jobs_default (&h, &n, how, sizeof how), 5, "one guest a job: the guests bound it");
  ok (strstr (how, "5 guest(s)") && !strstr (how, "a job ="), "the item's name, no per-job note: %s", how);
  h.cpus = 1;
  is_int (gl_jobs_default (&h, &n, NULL, 0), 1, "one CPU: -j 1");
}

static int
rm_one (const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
  (void) st; (void) flag; (void) ftw;
  return remove (path);
}

int
main (void)
{
  if (!mkdtemp (root)) {
    printf ("Bail out! mkdtemp\n");
    return 1;
  }
  test_cgroups ();
  test_policy ();
  /* The real host: at least one CPU, never more than the affinity. */
  struct gl_host_res r;
  gl_host_resources (NULL, &r);
  ok (r.cpus >= 1 && r.cpus <= affinity (), "this host: %u CPU(s) (%s), %lld MiB (%s)",
      r.cpus, r.cpus_from, r.mem_mib, r.mem_from);
  nftw (root, rm_one, 8, FTW_DEPTH | FTW_PHYS);
  return tap_done ();
}
