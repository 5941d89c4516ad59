/* guestlift batch: runs the guests' steps as child processes of guestlift
 * itself (/proc/self/exe, argv arrays, never a shell), N guests at a time:
 *
 *   convert  guestlift convert --to T -o DIR/NAME/.partial-XXXXXX --name NAME
 *            [--output-format F] [--source-config CFG] [--direct-boot]
 *            [--command-timeout S] [-b IN:OUT|OUT]... [-n IN:OUT|OUT]...
 *            -- DISK...
 *   commit   the partial folder's files renamed into DIR/NAME/ (domain XML
 *            paths fixed first): a guest is there whole or not at all
 *   boot     guestlift launch --snapshot --wait-for RE --timeout S
 *            [--hypervisor xen-hvm|xen-pv] DIR/NAME/NAME-sda.F ...
 *
 * Each child's stdout and stderr are appended to DIR/NAME/guestlift.log.
 * Each child runs in its own process group, so a Ctrl-C on the terminal
 * reaches batch only; batch forwards SIGINT/SIGTERM/SIGHUP to the running
 * children, waits for them (they remove their own temporary files; a
 * second signal kills their process groups), removes the partial folders,
 * writes the state and returns 130.  The state file is rewritten after
 * every step of every guest.
 */
#ifndef GUESTLIFT_CONVERT_BATCH_SCHEDULER_H
#define GUESTLIFT_CONVERT_BATCH_SCHEDULER_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "batch-manifest.h"
#include "batch-state.h"
#include "err.h"
#include "netmap.h"
#include "sha256.h"

/* What the audit before the conversions (cli/: it inspects) decided for
 * one guest. */
struct gl_batch_verdict {
  const char *verdict;    /* "bootable" | "blocked" | "unknown" | "error"
                             (static; the audit verdict for KVM) */
  /* Not to be converted: every kernel is Xen PV-only and the target is
   * kvm or xen-hvm.  The reasons are in blockers. */
  bool blocked;
  char *kernel;           /* the kernel convert will choose, or NULL */
  string_vector blockers; /* the inspection's KVM blockers */
  char *error;            /* the inspection failed: why (one line), or NULL */
};

void gl_batch_verdict_free (struct gl_batch_verdict *v);

enum gl_batch_step {
  GL_BATCH_STEP_WAIT = 0,   /* not started */
  GL_BATCH_STEP_CONVERT,
  GL_BATCH_STEP_BOOT,
  GL_BATCH_STEP_DONE,
};

/* One guest of the run, with its effective settings (manifest values
 * over the command line). */
struct gl_batch_job {
  const struct gl_batch_guest *guest;
  const char *to;                  /* "kvm" | "xen-hvm" | "xen-pv" */
  const char *output_format;       /* "qcow2" | "raw" */
  bool direct_boot;
  bool boot_test;
  bool allow_backing;              /* --allow-backing-file for its disks */
  const char *wait_for;            /* with boot_test */
  unsigned timeout;                /* boot test seconds */
  unsigned command_timeout;        /* convert's --command-timeout, 0: its default */
  struct gl_netmap nets;           /* convert's -b/-n: the guest's rules over
                                      the command line's (owned) */
  char hash[GL_SHA256_HEX_SIZE];   /* inputs hash; "" when an input is unreadable */
  struct gl_batch_verdict verdict; /* from the audit */
  bool audited;
  bool resumed;                    /* done by an earlier run: skipped */
  struct gl_batch_entry *entry;    /* in the state (owned by the state) */

  /* While running. */
  enum gl_batch_step step;
  pid_t pid;
  char *dir;                       /* DIR/NAME */
  char *partial;                   /* DIR/NAME/.partial-XXXXXX or NULL */
  char *log;                       /* DIR/NAME/guestlift.log */
  long log_offset;                 /* where the running child's output starts */
  double step_started;
};

struct gl_batch_run_opts {
  const char *outdir;              /* absolute */
  const char *state_path;
  unsigned jobs;                   /* >= 1 */
  bool progress;                   /* progress line on a terminal */
  bool resume;                     /* a guest converted with the same inputs
                                      whose boot test did not finish is only
                                      boot-tested (else: done again whole) */
};

/* The default -j (gl_jobs_default, host.h): min (the CPUs and memory this
 * process may use / (an appliance + a booted guest when some guest is
 * boot-tested), NGUESTS), at least 1.  HOW (may be NULL) receives one
 * line saying how it was chosen. */
unsigned gl_batch_default_jobs (size_t nguests, bool boot_test,
                                char *how, size_t howlen);

/* The argv of a guest's children (NULL-terminated, malloc'd strings;
 * free with gl_free_string_list).  argv[0] is "guestlift".  PARTIAL is
 * convert's output folder; DISKS what launch boots: for a kvm guest
 * the domain XML convert wrote (the boot test boots what was written),
 * else the converted disks. */
char **gl_batch_convert_argv (const struct gl_batch_job *j, const char *partial);
char **gl_batch_launch_argv (const struct gl_batch_job *j,
                             const string_vector *disks);


/* Run every job whose step is WAIT (jobs already done are left alone):
 * start with the step the job's entry allows (a guest converted but not
 * yet boot-tested with the same inputs starts at the boot test), update
 * the jobs' entries in ST and write ST to opts->state_path after each
 * step.  Returns 0 when every job ran to its end, 130 when interrupted
 * (the state is written), -1 when the state cannot be written (the runs
 * go on).  The first failure to write the state is in err (with 130
 * too). */
int gl_batch_run (struct gl_batch_job *jobs, size_t n, struct gl_batch_state *st,
                  const struct gl_batch_run_opts *opts, struct gl_err *err);

/* --- outputs (batch-outputs.c) --- */

/* Move the files convert left in PARTIAL into FINAL_DIR: regular files
 * not starting with '.', the domain XML files (*.xml) first rewritten so
 * that paths under PARTIAL point under FINAL_DIR.  Existing files of the
 * same names are replaced (a guest is redone whole).  On failure the
 * files already moved are moved back.  OUTPUTS receives the final paths,
 * sorted.  0, or -1 with ERR. */
int gl_batch_outputs_commit (const char *partial, const char *final_dir,
                             string_vector *outputs, struct gl_err *err);

/* Remove a partial folder and the files in it (not recursive: convert
 * writes files only).  0, or -1 with errno. */
int gl_batch_partial_remove (const char *partial);

/* Remove every stale ".partial-*" folder in DIR (a run killed with
 * SIGKILL leaves them). */
void gl_batch_partials_clean (const char *dir);

/* The libvirt domain XML among OUTPUTS for a guest NAME (NAME.xml), or
 * NULL. */
const char *gl_batch_output_xml (const string_vector *outputs, const char *name);

/* The converted disks among OUTPUTS for a guest NAME in format FMT
 * (NAME-sda.FMT, NAME-sdb.FMT, ... in disk order). */
int gl_batch_output_disks (const string_vector *outputs, const char *name,
                           const char *fmt, string_vector *disks);

/* The disks convert writes for a guest NAME of N disks in folder DIR
 * (DIR/NAME-sda.FMT ... DIR/NAME-sdaa.FMT for the 27th), appended to
 * DISKS.  0, or -1 (ENOMEM). */
int gl_batch_disk_files (const char *dir, const char *name, const char *fmt,
                         size_t n, string_vector *disks);

#endif
