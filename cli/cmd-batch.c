/* guestlift batch: convert a fleet of guests (a manifest, or a folder of
 * Xen configs): audit them all at once, then convert (and boot-test) N at
 * a time through child guestlift processes, resumably.  The parts live in
 * convert/batch-*.c; this file is the command: options, the decisions
 * taken before anything runs, the table, the exit status. */
#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/file.h>
#include <sys/stat.h>

#include "batch-audit.h"
#include "batch-manifest.h"
#include "batch-report.h"
#include "batch-scheduler.h"
#include "batch-state.h"
#include "image-key.h"
#include "cleanup.h"
#include "error.h"
#include "gl-limits.h"
#include "image-list.h"
#include "netmap.h"
#include "output.h"
#include "shard.h"
#include "spawn.h"
#include "common-opts.h"
#include "subcommands.h"
#include "target.h"

const char gl_usage_batch[] =
  "Usage: guestlift batch [OPTIONS] MANIFEST.json\n"
  "       guestlift batch [OPTIONS] --from-xen-dir DIR\n"
  "\n"
  "Convert many guests: audit them all first (one inspection, cached), then\n"
  "run guestlift convert (and, with --boot-test, guestlift launch) for each,\n"
  "several at a time, into OUTDIR/NAME/.  Guests whose kernels are all Xen\n"
  "PV-only are not converted for kvm or xen-hvm (\"blocked\").  The state is\n"
  "kept in OUTDIR/batch-state.json: --resume skips what is done already.\n"
  "\n"
  "Options:\n"
  "  --to TARGET           kvm (default), xen-hvm or xen-pv\n"
  "  -o, --output-dir DIR  where everything goes (default: the current\n"
  "                        directory): DIR/NAME/, DIR/batch-state.json\n"
  "  -j, --jobs N          guests at a time (default: the CPUs guestlift may use\n"
  "                        (affinity, cgroup), bounded by the memory it may use\n"
  "                        / (700 MiB + 1 GiB if boot-testing))\n"
  "  --output-format FMT   qcow2 (default) or raw\n"
  "  --boot-test           boot-test every converted guest (guestlift launch,\n"
  "                        on a throw-away snapshot)\n"
  "  --wait-for REGEX      the boot test's console pattern (default: login:)\n"
  "  --timeout SECONDS     the boot test's time limit (default: 300)\n"
  "  --command-timeout SECONDS\n"
  "                        convert's time limit for each command run inside\n"
  "                        a guest (default: 1800): a guest past it fails\n"
  "  --resume              skip the guests already done with the same inputs\n"
  "  --shard K/N           only the K-th of N slices of the guests (by name)\n"
  "  --dry-run             audit, print what would be run; convert nothing\n"
  "  --report FILE         also write the outcome as JSON to FILE\n"
  "  --from-xen-dir DIR    one guest per Xen guest config in DIR (/etc/xen)\n"
  "  -b, --bridge IN:OUT   every convert maps NICs as its -b does: a NIC on\n"
  "                        the source bridge IN goes on the bridge OUT;\n"
  "                        -b OUT: every other bridge (repeatable)\n"
  "  -n, --network IN:OUT  likewise convert's -n, for libvirt networks (a\n"
  "                        guest without source config has one NIC, on\n"
  "                        the network \"default\"; repeatable)\n"
  "  --allow-backing-file  follow the backing files (data files, vmdk\n"
  "                        extents) the disks name; without it (or\n"
  "                        \"allow_backing_file\": true) such a guest fails\n"
  "  --appliance           the audit inspects with the libguestfs appliance\n"
  "                        only (by default guests the host-side reader can\n"
  "                        read are read on the host, in a contained child)\n"
  "  -q, --quiet           no notices or progress on stderr\n"
  "  -v, --verbose         libguestfs and guestlift debug messages (as\n"
  "                        LIBGUESTFS_DEBUG=1 GUESTLIFT_DEBUG=1): the audit's\n"
  "                        on stderr, each conversion's in its log\n"
  "  -x                    trace every libguestfs call (LIBGUESTFS_TRACE=1),\n"
  "                        likewise\n"
  "  -V, --version         print the version and exit\n"
  "  -h, --help            this help\n"
  "\n"
  "Manifest: {\"guests\": [{\"name\": N, \"disks\": [...], \"source_config\": F,\n"
  "\"to\": T, \"output_format\": F, \"direct_boot\": B, \"boot_test\": B,\n"
  "\"wait_for\": R, \"command_timeout\": S, \"allow_backing_file\": B,\n"
  "\"bridge\": [\"IN:OUT\"|\"OUT\", ...], \"network\": [...]}]}\n"
  "(per-guest values override the command line; a guest's bridge and network\n"
  "rules override the command line's for the same IN, or its OUT alone, and\n"
  "add to its others).\n"
  "\n"
  "Exit status: 0 every guest converted (and booted when tested); 3 some\n"
  "guest blocked by Xen PV-only kernels, none failed; 1 some guest failed;\n"
  "2 usage error; 130 interrupted (run again with --resume).\n";

#define DEFAULT_WAIT_FOR "login:"

struct batch {
  const char *to;
  const char *outdir_opt;
  unsigned jobs;
  const char *format;
  bool boot_test, resume, dry_run, allow_backing;
  const char *wait_for;
  unsigned timeout;
  unsigned command_timeout;     /* 0: convert's default */
  unsigned shard_k, shard_n;
  const char *report;
  const char *xen_dir;
  const char *manifest;
  struct gl_netmap nets;        /* -b/-n */

  gl_batch_guest_vector guests;
  struct gl_batch_job *jobs_v;
  size_t n;
  struct gl_batch_state st;
  char *outdir;
  char *state_path;
  int lock_fd;
};

static int
parse_uint (const char *opt, const char *s, unsigned lo, unsigned hi, unsigned *out)
{
  char *end;
  errno = 0;
  long v = strtol (s, &end, 10);
  if (errno || end == s || *end || v < (long) lo || v > (long) hi) {
    gl_error (NULL, "batch: %s: '%s' is not a number from %u to %u", opt, s, lo, hi);
    return -1;
  }
  *out = (unsigned) v;
  return 0;
}

/* Mark job J failed before it runs, with a malloc'd reason. */
static void
fail_now (struct gl_batch_job *j, char *why)
{
  gl_batch_entry_reset (j->entry);
  j->entry->status = GL_BATCH_FAILED;
  j->entry->error = why ? why : strdup ("out of memory");
  free (j->entry->inputs_hash);
  j->entry->inputs_hash = NULL;
  j->step = GL_BATCH_STEP_DONE;
}

/* The inputs hash of J; a disk or config that cannot be read fails J. */
static void
hash_inputs (struct gl_batch_job *j)
{
  const struct gl_batch_guest *g = j->guest;
  CLEANUP_FREE char **ids = calloc (g->disks.len + 1, sizeof *ids);
  CLEANUP_FREE char *cfg = NULL;
  CLEANUP_ERR struct gl_err err = GL_ERR_INIT;
  if (!ids) {
    fail_now (j, NULL);
    return;
  }
  for (size_t i = 0; i < g->disks.len; ++i) {
    struct stat st;
    if (stat (g->disks.ptr[i], &st) == 0 && S_ISDIR (st.st_mode)) {
      fail_now (j, gl_printf ("disk %s: is a directory, not a disk image",
                              g->disks.ptr[i]));
      goto out;
    }
    if (!(ids[i] = gl_image_key (g->disks.ptr[i], NULL, j->allow_backing,
                                 &err))) {
      fail_now (j, gl_printf ("disk %s: %s", g->disks.ptr[i],
                              gl_err_msg (&err, "cannot read it")));
      goto out;
    }
  }
  if (g->source_config
      && !(cfg = gl_image_file_key (g->source_config, "source-config", &err))) {
    fail_now (j, gl_printf ("source config %s: %s", g->source_config,
                            gl_err_msg (&err, "cannot read it")));
    goto out;
  }
  struct gl_batch_inputs in = {
    .disk_ids = (const char *const *) ids, .n_disks = g->disks.len,
    .config_id = cfg, .to = j->to, .output_format = j->output_format,
    .direct_boot = j->direct_boot, .boot_test = j->boot_test,
    .allow_backing = j->allow_backing,
    .wait_for = j->wait_for, .nets = &j->nets,
  };
  gl_batch_inputs_hash (&in, j->hash);
 out:
  for (size_t i = 0; i < g->disks.len; ++i)
    free (ids[i]);
}

/* The jobs with their effective settings, and what is decided before any
 * appliance starts: failed (bad guest), done already (--resume). */
static int
make_jobs (struct batch *b)
{
  b->n = b->guests.len;
  b->jobs_v = calloc (b->n ? b->n : 1, sizeof *b->jobs_v);
  if (!b->jobs_v)
    return -1;
  for (size_t i = 0; i < b->n; ++i) {
    struct gl_batch_job *j = &b->jobs_v[i];
    const struct gl_batch_guest *g = b->guests.ptr[i];
    j->guest = g;
    j->to = g->to ? g->to : b->to;
    j->output_format = g->output_format ? g->output_format : b->format;
    j->direct_boot = g->direct_boot == 1;
    j->boot_test = g->boot_test == -1 ? b->boot_test : g->boot_test == 1;
    j->allow_backing = g->allow_backing_file == -1 ? b->allow_backing
      : g->allow_backing_file == 1;
    j->wait_for = g->wait_for ? g->wait_for : b->wait_for;
    j->timeout = b->timeout;
    j->command_timeout = g->command_timeout > 0 ? (unsigned) g->command_timeout
      : b->command_timeout;
    j->entry = gl_batch_state_get (&b->st, g->name);
    j->dir = gl_printf ("%s/%s", b->outdir, g->name);
    j->log = gl_printf ("%s/%s/guestlift.log", b->outdir, g->name);
    if (!j->entry || !j->dir || !j->log
        || gl_netmap_merge (&j->nets, &b->nets, &g->nets) == -1)
      return -1;
    if (g->error) {
      fail_now (j, strdup (g->error));
      continue;
    }
    hash_inputs (j);
    if (j->step == GL_BATCH_STEP_DONE)
      continue;
    if (b->resume && gl_batch_entry_done (j->entry, j->hash, j->boot_test)) {
      j->resumed = true;
      j->step = GL_BATCH_STEP_DONE;
    }
  }
  return 0;
}

/* The audit of every job still to run, and the verdicts it gives. */
static int
audit (struct batch *b)
{
  CLEANUP_FREE bool *skip = calloc (b->n + 1, sizeof *skip);
  CLEANUP_FREE const char **targets = calloc (b->n + 1, sizeof *targets);
  CLEANUP_FREE struct gl_batch_guest **guests = calloc (b->n + 1, sizeof *guests);
  CLEANUP_FREE struct gl_batch_verdict *v = calloc (b->n + 1, sizeof *v);
  CLEANUP_FREE bool *allow = calloc (b->n + 1, sizeof *allow);
  if (!skip || !targets || !guests || !v || !allow)
    return -1;
  size_t todo = 0;
  for (size_t i = 0; i < b->n; ++i) {
    skip[i] = b->jobs_v[i].step != GL_BATCH_STEP_WAIT;
    targets[i] = b->jobs_v[i].to;
    guests[i] = (struct gl_batch_guest *) b->jobs_v[i].guest;
    allow[i] = b->jobs_v[i].allow_backing;
    todo += !skip[i];
  }
  if (todo == 0)
    return 0;
  struct gl_output_opts out = GL_OUTPUT_OPTS_INIT;
  out.quiet = gl_quiet ();
  struct gl_batch_audit_opts ao = { .jobs = 0, .note = gl_output_notes,
                                    .appliance_only = gl_appliance_forced };
  gl_output_start_progress (&out, &ao.progress, &ao.progress_opaque);
  int rc = gl_batch_audit (guests, b->n, targets, skip, allow, &ao, v);
  gl_output_end_progress ();
  if (rc == -1) {
    for (size_t i = 0; i < b->n; ++i)
      gl_batch_verdict_free (&v[i]);
    return -1;
  }
  for (size_t i = 0; i < b->n; ++i) {
    struct gl_batch_job *j = &b->jobs_v[i];
    if (skip[i])
      continue;
    j->verdict = v[i];
    j->audited = true;
    if (j->verdict.error) {
      fail_now (j, gl_printf ("inspection failed: %s", j->verdict.error));
      j->entry->verdict = strdup ("error");
    }
    else if (j->verdict.blocked) {
      gl_batch_entry_reset (j->entry);
      j->entry->status = GL_BATCH_BLOCKED;
      free (j->entry->inputs_hash);
      j->entry->inputs_hash = strdup (j->hash);
      j->entry->verdict = strdup (j->verdict.verdict);
      for (size_t k = 0; k < j->verdict.blockers.len; ++k)
        string_vector_add (&j->entry->blockers, j->verdict.blockers.ptr[k]);
      j->step = GL_BATCH_STEP_DONE;
    }
  }
  return 0;
}

/* --dry-run: what would be done, per guest. */
static void
print_plan (struct batch *b)
{
  printf ("Dry run: nothing is converted or written.  %zu guest(s), -j %u.\n",
          b->n, b->jobs);
  for (size_t i = 0; i < b->n; ++i) {
    struct gl_batch_job *j = &b->jobs_v[i];
    const struct gl_batch_entry *e = j->entry;
    CLEANUP_FREE char *kernel = gl_one_line (j->verdict.kernel ? j->verdict.kernel : "-");
    if (j->resumed) {
      printf ("%s: done by an earlier run (%s): skipped\n", j->guest->name,
              gl_batch_status_name (e->status));
      continue;
    }
    if (e->status == GL_BATCH_FAILED) {
      CLEANUP_FREE char *m = gl_one_line (e->error ? e->error : "?");
      printf ("%s: would fail: %s\n", j->guest->name, m ? m : "?");
      continue;
    }
    if (e->status == GL_BATCH_BLOCKED) {
      printf ("%s: blocked: not converted to %s\n", j->guest->name, j->to);
      for (size_t k = 0; k < e->blockers.len; ++k) {
        CLEANUP_FREE char *m = gl_one_line (e->blockers.ptr[k]);
        printf ("  %s\n", m ? m : "?");
      }
      continue;
    }
    printf ("%s: verdict %s, kernel %s; would run:\n", j->guest->name,
            j->verdict.verdict ? j->verdict.verdict : "unknown", kernel ? kernel : "-");
    CLEANUP_FREE char *partial = gl_printf ("%s/.partial-XXXXXX", j->dir);
    CLEANUP_FREE_STRING_LIST char **cv = partial ? gl_batch_convert_argv (j, partial) : NULL;
    CLEANUP_FREE char *cl = cv ? gl_argv_line ((const char *const *) cv, true) : NULL;
    printf ("  %s\n", cl ? cl : "?");
    printf ("  (then its outputs are moved into %s/)\n", j->dir);
    if (j->boot_test) {
      string_vector disks = empty_vector;
      if (strcmp (j->to, "kvm") == 0)   /* the XML convert writes */
        string_vector_append (&disks, gl_printf ("%s/%s.xml", j->dir, j->guest->name));
      else
        gl_batch_disk_files (j->dir, j->guest->name, j->output_format,
                             j->guest->disks.len, &disks);
      CLEANUP_FREE_STRING_LIST char **lv = gl_batch_launch_argv (j, &disks);
      CLEANUP_FREE char *ll = lv ? gl_argv_line ((const char *const *) lv, true) : NULL;
      printf ("  %s\n", ll ? ll : "?");
      string_vector_free (&disks);
    }
  }
}

/* One batch at a time per output folder: they would share the state. */
static int
lock_outdir (struct batch *b)
{
  CLEANUP_FREE char *p = gl_printf ("%s/.batch.lock", b->outdir);
  b->lock_fd = p ? open (p, O_RDWR | O_CREAT | O_CLOEXEC, 0644) : -1;
  if (b->lock_fd == -1) {
    gl_error (b->outdir, "cannot create the lock file: %m");
    return -1;
  }
  if (flock (b->lock_fd, LOCK_EX | LOCK_NB) == -1) {
    gl_error (b->outdir, "another guestlift batch is running with this output "
              "folder (shards need one output folder each)");
    return -1;
  }
  return 0;
}

static int
load_guests (struct batch *b)
{
  CLEANUP_ERR struct gl_err err = GL_ERR_INIT;
  if (b->xen_dir) {
    string_vector notes = empty_vector;
    int rc = gl_batch_from_xen_dir (b->xen_dir, &b->guests, &notes, &err);
    for (size_t i = 0; i < notes.len; ++i)
      if (!gl_quiet ()) {
        CLEANUP_FREE char *m = gl_one_line (notes.ptr[i]);
        gl_notice ("%s", m ? m : "?");
      }
    string_vector_free (&notes);
    if (rc == -1) {
      gl_error (b->xen_dir, "%s", gl_err_msg (&err, "cannot read it"));
      return -1;
    }
    if (b->guests.len == 0) {
      gl_error (b->xen_dir, "no Xen guest config found in this folder");
      return -1;
    }
    return 0;
  }
  if (gl_batch_manifest_read (b->manifest, &b->guests, &err) == -1) {
    gl_error (b->manifest, "%s", gl_err_msg (&err, "cannot read it"));
    return -1;
  }
  return 0;
}

static int
run (struct batch *b)
{
  if (load_guests (b) == -1)
    return GL_EXIT_ERROR;
  if (b->shard_n) {
    size_t before = b->guests.len;
    gl_batch_shard (&b->guests, b->shard_k, b->shard_n);
    gl_debug ("batch: shard %u/%u: %zu of %zu guest(s)", b->shard_k, b->shard_n,
              b->guests.len, before);
    if (b->guests.len == 0) {
      printf ("nothing to do: shard %u/%u of %zu guest(s) is empty\n",
              b->shard_k, b->shard_n, before);
      return GL_EXIT_OK;
    }
  }

  struct stat st;
  if (stat (b->outdir_opt, &st) == -1) {
    if (errno != ENOENT || b->dry_run || mkdir (b->outdir_opt, 0755) == -1) {
      if (!b->dry_run || errno != ENOENT) {
        gl_error (b->outdir_opt, "cannot use the output folder: %m");
        return GL_EXIT_ERROR;
      }
    }
  }
  else if (!S_ISDIR (st.st_mode)) {
    gl_error (b->outdir_opt, "the output folder is not a folder");
    return GL_EXIT_ERROR;
  }
  b->outdir = realpath (b->outdir_opt, NULL);
  if (!b->outdir && b->dry_run)
    b->outdir = strdup (b->outdir_opt);
  b->state_path = b->outdir ? gl_printf ("%s/%s", b->outdir, GL_BATCH_STATE_FILE) : NULL;
  if (!b->state_path) {
    gl_error (b->outdir_opt, "cannot resolve the output folder: %m");
    return GL_EXIT_ERROR;
  }
  if (!b->dry_run && lock_outdir (b) == -1)
    return GL_EXIT_ERROR;

  CLEANUP_ERR struct gl_err err = GL_ERR_INIT;
  if (gl_batch_state_read (b->state_path, &b->st, &err) == -1) {
    if (b->resume) {
      gl_error (b->state_path, "cannot resume: %s (remove it to start again)",
                gl_err_msg (&err, "cannot read it"));
      return GL_EXIT_ERROR;
    }
    gl_warning (b->state_path, "%s: starting with a new state",
                gl_err_msg (&err, "unreadable"));
    gl_err_clear (&err);
    gl_batch_state_free (&b->st);
  }

  if (!b->jobs) {
    bool any_boot = b->boot_test;
    for (size_t i = 0; i < b->guests.len; ++i)
      any_boot |= b->guests.ptr[i]->boot_test == 1;
    char how[256];
    b->jobs = gl_batch_default_jobs (b->guests.len, any_boot, how, sizeof how);
    gl_debug ("batch: %s", how);
  }

  if (make_jobs (b) == -1 || audit (b) == -1) {
    gl_error (NULL, "out of memory");
    return GL_EXIT_ERROR;
  }

  if (b->dry_run) {
    print_plan (b);
    return GL_EXIT_OK;
  }
  if (gl_batch_state_write (b->state_path, &b->st, &err) == -1) {
    gl_error (NULL, "%s", gl_err_msg (&err, "cannot write the state"));
    return GL_EXIT_ERROR;
  }

  size_t todo = 0;
  for (size_t i = 0; i < b->n; ++i)
    todo += b->jobs_v[i].step == GL_BATCH_STEP_WAIT;
  int rc = 0;
  if (todo > 0) {
    struct gl_batch_run_opts ro = {
      .outdir = b->outdir, .state_path = b->state_path, .jobs = b->jobs,
      .progress = !gl_quiet (), .resume = b->resume,
    };
    CLEANUP_ERR struct gl_err run_err = GL_ERR_INIT;
    rc = gl_batch_run (b->jobs_v, b->n, &b->st, &ro, &run_err);
    if (run_err.msg)
      gl_error (NULL, "%s", run_err.msg);
  }
  else {
    size_t resumed = 0;
    for (size_t i = 0; i < b->n; ++i)
      resumed += b->jobs_v[i].resumed;
    if (resumed == b->n)
      printf ("nothing to do: %zu guests already done\n", resumed);
  }

  for (size_t i = 0; i < b->n; ++i)
    if (b->jobs_v[i].log && access (b->jobs_v[i].log, F_OK) == -1) {
      free (b->jobs_v[i].log);
      b->jobs_v[i].log = NULL;
    }
  gl_batch_table_print (stdout, b->jobs_v, b->n);
  fflush (stdout);
  int status = GL_EXIT_OK;
  if (b->report && gl_batch_report_write (b->report, b->jobs_v, b->n, &err) == -1) {
    gl_error (NULL, "%s", gl_err_msg (&err, "cannot write the report"));
    status = GL_EXIT_ERROR;
  }
  if (rc == 130) {
    gl_error (NULL, "batch: interrupted: finished guests are kept; run again "
              "with --resume to do the rest");
    return 130;
  }
  struct gl_batch_totals t;
  gl_batch_totals (b->jobs_v, b->n, &t);
  if (rc == -1)
    return GL_EXIT_ERROR;
  return status != GL_EXIT_OK ? status : gl_batch_exit_status (&t);
}

static void
batch_free (struct batch *b)
{
  for (size_t i = 0; b->jobs_v && i < b->n; ++i) {
    gl_batch_verdict_free (&b->jobs_v[i].verdict);
    free (b->jobs_v[i].dir);
    free (b->jobs_v[i].partial);
    free (b->jobs_v[i].log);
    gl_netmap_free (&b->jobs_v[i].nets);
  }
  free (b->jobs_v);
  gl_netmap_free (&b->nets);
  gl_batch_guests_free (&b->guests);
  gl_batch_state_free (&b->st);
  free (b->outdir);
  free (b->state_path);
  if (b->lock_fd >= 0)
    close (b->lock_fd);
}

/* The options into B: -1 to go on, else the exit status. */
static int
parse_options (struct batch *b, int argc, char **argv)
{
  enum { OPT_TO = 256, OPT_FORMAT, OPT_BOOT, OPT_WAIT, OPT_TIMEOUT, OPT_RESUME,
         OPT_SHARD, OPT_DRY, OPT_REPORT, OPT_XEN, OPT_CMD_TIMEOUT,
         OPT_ALLOW_BACKING };
  static const struct option longopts[] = {
    { "to", required_argument, NULL, OPT_TO },
    { "output-dir", required_argument, NULL, 'o' },
    { "jobs", required_argument, NULL, 'j' },
    { "output-format", required_argument, NULL, OPT_FORMAT },
    { "boot-test", no_argument, NULL, OPT_BOOT },
    { "wait-for", required_argument, NULL, OPT_WAIT },
    { "timeout", required_argument, NULL, OPT_TIMEOUT },
    { "command-timeout", required_argument, NULL, OPT_CMD_TIMEOUT },
    { "resume", no_argument, NULL, OPT_RESUME },
    { "shard", required_argument, NULL, OPT_SHARD },
    { "dry-run", no_argument, NULL, OPT_DRY },
    { "report", required_argument, NULL, OPT_REPORT },
    { "from-xen-dir", required_argument, NULL, OPT_XEN },
    { "allow-backing-file", no_argument, NULL, OPT_ALLOW_BACKING },
    { "bridge", required_argument, NULL, 'b' },
    { "network", required_argument, NULL, 'n' },
    { "quiet", no_argument, NULL, 'q' },
    GL_APPLIANCE_LONGOPT,
    GL_COMMON_LONGOPTS,
    { "help", no_argument, NULL, 'h' },
    { NULL, 0, NULL, 0 }
  };
  CLEANUP_ERR struct gl_err err = GL_ERR_INIT;
  struct gl_common_opts co = { .cmd = "batch" };
  int opt;

  optind = 1;
  while ((opt = getopt_long (argc, argv, "o:j:b:n:qh" GL_COMMON_SHORTOPTS, longopts, NULL)) != -1) {
    switch (opt) {
    case OPT_TO:
      if (!gl_target_option ("batch", optarg))
        return GL_EXIT_USAGE;
      b->to = optarg;
      break;
    case 'o': b->outdir_opt = optarg; break;
    case 'j':
      if (parse_uint ("--jobs", optarg, 1, 256, &b->jobs) == -1)
        return GL_EXIT_USAGE;
      break;
    case OPT_FORMAT:
      if (gl_disk_format_option ("batch", optarg) == -1)
        return GL_EXIT_USAGE;
      b->format = optarg;
      break;
    case OPT_BOOT: b->boot_test = true; break;
    case OPT_WAIT:
      if (!*optarg || strlen (optarg) > GL_BATCH_MAX_PATTERN) {
        gl_error (NULL, "batch: --wait-for: give a pattern of 1 to %d bytes",
                  GL_BATCH_MAX_PATTERN);
        return GL_EXIT_USAGE;
      }
      b->wait_for = optarg;
      break;
    case OPT_TIMEOUT:
      if (parse_uint ("--timeout", optarg, 1, 86400, &b->timeout) == -1)
        return GL_EXIT_USAGE;
      break;
    case OPT_CMD_TIMEOUT:
      if (parse_uint ("--command-timeout", optarg, 1, GL_GUEST_COMMAND_TIMEOUT_MAX_S,
                      &b->command_timeout) == -1)
        return GL_EXIT_USAGE;
      break;
    case OPT_RESUME: b->resume = true; break;
    case OPT_SHARD:
      if (gl_shard_parse (optarg, &b->shard_k, &b->shard_n, &err) == -1) {
        gl_error (NULL, "--shard: %s", err.msg);
        return GL_EXIT_USAGE;
      }
      break;
    case OPT_DRY: b->dry_run = true; break;
    case OPT_REPORT: b->report = optarg; break;
    case OPT_XEN: b->xen_dir = optarg; break;
    case OPT_ALLOW_BACKING: b->allow_backing = true; break;
    case 'b': case 'n': {
      int st = gl_netmap_option ("batch", &b->nets, opt, optarg);
      if (st != GL_EXIT_OK)
        return st;
      break;
    }
    default:
      if (gl_common_option (&co, opt, optarg) == -1)
        return co.status;
    }
  }
  int rest = argc - optind;
  if ((b->xen_dir && rest != 0) || (!b->xen_dir && rest != 1)) {
    gl_error (NULL, "batch: give one MANIFEST.json or --from-xen-dir DIR "
              "(try guestlift batch --help)");
    return GL_EXIT_USAGE;
  }
  if (!b->xen_dir)
    b->manifest = argv[optind];
  return -1;
}

int
gl_cmd_batch (int argc, char **argv)
{
  struct batch b = { .to = "kvm", .outdir_opt = ".", .format = "qcow2",
                     .wait_for = DEFAULT_WAIT_FOR, .timeout = GL_BOOT_WAIT_TIMEOUT_S,
                     .lock_fd = -1 };
  int status = parse_options (&b, argc, argv);
  if (status == -1)
    status = run (&b);
  batch_free (&b);
  return status;
}
