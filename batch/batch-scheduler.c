/* guestlift batch: the child processes of a batch run (see
 * batch-scheduler.h). */
#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include "batch-scheduler.h"
#include "buf.h"
#include "cleanup.h"
#include "clock.h"
#include "error.h"
#include "gl-limits.h"
#include "host.h"
#include "progress.h"
#include "spawn.h"

/* The program itself, whatever it was called as. */
#define SELF "/proc/self/exe"
/* How much of the end of a step's log is searched for its error. */
#define LOG_TAIL (64 * 1024)

void
gl_batch_verdict_free (struct gl_batch_verdict *v)
{
  free (v->kernel);
  free (v->error);
  string_vector_free (&v->blockers);
  memset (v, 0, sizeof *v);
}

/* --- -j ---------------------------------------------------------------- */

unsigned
gl_batch_default_jobs (size_t nguests, bool boot_test, char *how, size_t howlen)
{
  struct gl_host_res host;
  gl_host_resources (NULL, &host);
  struct gl_jobs_need need = {
    .items = nguests, .item = "guest", .items_per_job = 1,
    .mib_per_job = GL_APPLIANCE_MIB + (boot_test ? GL_GUEST_MEMORY_MIB : 0),
    .mib_why = boot_test ? "appliance + boot test" : "appliance",
  };
  return gl_jobs_default (&host, &need, how, howlen);
}

/* --- command lines ----------------------------------------------------- */

static char **
argv_of (string_vector *v)
{
  if (string_vector_append (v, NULL) == -1) {
    string_vector_free (v);
    return NULL;
  }
  return v->ptr;
}

char **
gl_batch_convert_argv (const struct gl_batch_job *j, const char *partial)
{
  string_vector v = empty_vector;
  const struct gl_batch_guest *g = j->guest;
  int r = 0;
  r |= string_vector_add (&v, "guestlift");
  r |= string_vector_add (&v, "convert");
  r |= string_vector_add (&v, "--to");
  r |= string_vector_add (&v, j->to);
  r |= string_vector_add (&v, "-o");
  r |= string_vector_add (&v, partial);
  r |= string_vector_add (&v, "--name");
  r |= string_vector_add (&v, g->name);
  r |= string_vector_add (&v, "--output-format");
  r |= string_vector_add (&v, j->output_format);
  if (g->source_config) {
    r |= string_vector_add (&v, "--source-config");
    r |= string_vector_add (&v, g->source_config);
  }
  if (j->direct_boot)
    r |= string_vector_add (&v, "--direct-boot");
  if (j->command_timeout) {
    char t[32];
    snprintf (t, sizeof t, "%u", j->command_timeout);
    r |= string_vector_add (&v, "--command-timeout");
    r |= string_vector_add (&v, t);
  }
  if (j->allow_backing)
    r |= string_vector_add (&v, "--allow-backing-file");
  for (size_t i = 0; i < j->nets.n; ++i) {
    const struct gl_netmap_rule *rule = &j->nets.rules[i];
    CLEANUP_FREE char *arg = gl_netmap_rule_arg (rule);
    r |= string_vector_add (&v, rule->bridge ? "-b" : "-n");
    r |= arg ? string_vector_add (&v, arg) : -1;
  }
  /* Disks after "--": a path starting with '-' stays a path. */
  r |= string_vector_add (&v, "--");
  for (size_t i = 0; i < g->disks.len; ++i)
    r |= string_vector_add (&v, g->disks.ptr[i]);
  if (r) {
    string_vector_free (&v);
    return NULL;
  }
  return argv_of (&v);
}

char **
gl_batch_launch_argv (const struct gl_batch_job *j, const string_vector *disks)
{
  string_vector v = empty_vector;
  char t[32];
  snprintf (t, sizeof t, "%u", j->timeout);
  int r = 0;
  r |= string_vector_add (&v, "guestlift");
  r |= string_vector_add (&v, "launch");
  r |= string_vector_add (&v, "--snapshot");
  r |= string_vector_add (&v, "--wait-for");
  r |= string_vector_add (&v, j->wait_for);
  r |= string_vector_add (&v, "--timeout");
  r |= string_vector_add (&v, t);
  /* The converted guest boots where it was converted for: a Xen PV copy
   * keeps its PV-only kernel, which KVM cannot boot. */
  if (strcmp (j->to, "kvm") != 0) {
    r |= string_vector_add (&v, "--hypervisor");
    r |= string_vector_add (&v, j->to);
  }
  r |= string_vector_add (&v, "--");
  for (size_t i = 0; i < disks->len; ++i)
    r |= string_vector_add (&v, disks->ptr[i]);
  if (r) {
    string_vector_free (&v);
    return NULL;
  }
  return argv_of (&v);
}

/* --- signals ----------------------------------------------------------- */

static volatile sig_atomic_t signals_seen, first_signal, child_exited;

static void
on_signal (int sig)
{
  if (!first_signal)
    first_signal = sig;
  signals_seen++;
}

static void
on_child (int sig)
{
  (void) sig;
  child_exited = 1;
}

static const int stop_signals[] = { SIGINT, SIGTERM, SIGHUP };

/* --- one child --------------------------------------------------------- */

/* Start ARGV with its output appended to the job's log.  0, or -1 with
 * ERR. */
static int
spawn (struct gl_batch_job *j, char **argv, const sigset_t *orig,
       struct gl_err *err)
{
  int fd = open (j->log, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
  if (fd == -1)
    return gl_err_errno (err, "%s: cannot write the log", j->log);
  CLEANUP_FREE char *line = gl_argv_line ((const char *const *) argv, true);
  time_t t = time (NULL);
  char when[64] = "";
  strftime (when, sizeof when, "%Y-%m-%d %H:%M:%S", localtime (&t));
  dprintf (fd, "=== %s guestlift batch: %s\n", when, line ? line : argv[1]);
  off_t off = lseek (fd, 0, SEEK_END);
  j->log_offset = off > 0 ? (long) off : 0;

  /* Own process group: a terminal's Ctrl-C reaches batch, which
   * forwards it; the child's own children (qemu) follow the child.  A
   * batch that dies without forwarding (SIGKILL) stops its children all
   * the same, as an interrupt would: they clean up after themselves. */
  struct gl_spawn_opts so = {
    .program = SELF,
    .out = { GL_SPAWN_FD, .fd = fd }, .err = { GL_SPAWN_FD, .fd = fd },
    .new_pgroup = true, .death_signal = SIGTERM, .sigmask = orig,
  };
  struct gl_child c;
  int r = gl_spawn_start ((const char *const *) argv, &so, &c, err);
  close (fd);
  if (r == -1)
    return gl_err_prefix (err, "cannot start guestlift %s", argv[1]);
  pid_t pid = c.pid;
  j->pid = pid;
  j->step_started = gl_now ();
  return 0;
}

/* What the step wrote to the guest's log (since log_offset, at most the
 * last LOG_TAIL bytes), NUL-terminated; NULL when nothing or unreadable. */
static char *
log_tail (const struct gl_batch_job *j)
{
  int fd = open (j->log, O_RDONLY | O_CLOEXEC);
  if (fd == -1)
    return NULL;
  off_t end = lseek (fd, 0, SEEK_END);
  off_t from = j->log_offset;
  if (end - from > LOG_TAIL)
    from = end - LOG_TAIL;
  char *buf = end > from ? malloc ((size_t) (end - from) + 1) : NULL;
  ssize_t n = buf ? pread (fd, buf, (size_t) (end - from), from) : -1;
  close (fd);
  if (n <= 0) {
    free (buf);
    return NULL;
  }
  buf[n] = '\0';
  return buf;
}

/* The last "guestlift: ..." line the step wrote to the log (without the
 * prefix), or NULL. */
static char *
last_error (const struct gl_batch_job *j)
{
  CLEANUP_FREE char *buf = log_tail (j);
  if (!buf)
    return NULL;
  char *best = NULL;
  for (char *line = buf; line && *line; ) {
    char *nl = strchr (line, '\n');
    if (nl)
      *nl = '\0';
    if (strncmp (line, "guestlift: ", 11) == 0
        && strncmp (line + 11, "warning: ", 9) != 0)
      best = line + 11;
    line = nl ? nl + 1 : NULL;
  }
  return best ? gl_one_line (best) : NULL;
}

/* What convert changed, from its "guestlift: edited WHAT" lines in the
 * guest's log (written since this step began). */
static void
collect_edits (const struct gl_batch_job *j, string_vector *edits)
{
  CLEANUP_FREE char *buf = log_tail (j);
  if (!buf)
    return;
  static const char mark[] = "guestlift: edited ";
  for (char *line = buf; line && *line; ) {
    char *nl = strchr (line, '\n');
    if (nl)
      *nl = '\0';
    if (strncmp (line, mark, sizeof mark - 1) == 0) {
      CLEANUP_FREE char *what = gl_one_line (line + sizeof mark - 1);
      if (what)
        string_vector_add (edits, what);
    }
    line = nl ? nl + 1 : NULL;
  }
}

static int
exit_code (int status)
{
  if (WIFEXITED (status))
    return WEXITSTATUS (status);
  if (WIFSIGNALED (status))
    return 128 + WTERMSIG (status);
  return 1;
}

/* --- the run ----------------------------------------------------------- */

struct run {
  struct gl_batch_job *jobs;
  size_t n;
  struct gl_batch_state *st;
  const struct gl_batch_run_opts *o;
  sigset_t orig;
  struct gl_progress *progress;
  size_t done, total;
  bool state_failed;
  struct gl_err *err;      /* the first failure to write the state */
};

static void
save (struct run *r)
{
  CLEANUP_ERR struct gl_err e = GL_ERR_INIT;
  if (gl_batch_state_write (r->o->state_path, r->st, &e) == -1 && !r->state_failed) {
    gl_err_move (r->err, &e);
    r->state_failed = true;
  }
}

static void
show (struct run *r, const struct gl_batch_job *j, const char *what)
{
  CLEANUP_FREE char *cur = j ? gl_printf ("%s: %s", j->guest->name, what) : NULL;
  gl_progress_update (r->progress, r->done, r->total, cur);
}

static void
finish (struct run *r, struct gl_batch_job *j)
{
  j->step = GL_BATCH_STEP_DONE;
  j->pid = 0;
  r->done++;
  show (r, j, gl_batch_status_name (j->entry->status));
}

/* J failed because of WHY, a malloc'd reason (NULL: out of memory). */
static void
fail (struct run *r, struct gl_batch_job *j, char *why)
{
  j->entry->status = GL_BATCH_FAILED;
  free (j->entry->error);
  j->entry->error = why ? why : strdup ("out of memory");
  if (j->partial) {
    gl_batch_partial_remove (j->partial);
    free (j->partial);
    j->partial = NULL;
  }
  save (r);
  finish (r, j);
}

/* Is the guest converted already with these inputs (an earlier run was
 * stopped during its boot test)? */
static bool
converted_before (const struct run *r, const struct gl_batch_job *j)
{
  const struct gl_batch_entry *e = j->entry;
  if (!r->o->resume || !j->boot_test || e->status != GL_BATCH_CONVERTED || !e->inputs_hash
      || !j->hash[0] || strcmp (e->inputs_hash, j->hash) != 0 || e->outputs.len == 0)
    return false;
  for (size_t i = 0; i < e->outputs.len; ++i)
    if (access (e->outputs.ptr[i], F_OK) == -1)
      return false;
  return true;
}

/* The reason in ERR as a malloc'd string (NULL when out of memory). */
static char *
reason (const struct gl_err *err)
{
  return strdup (gl_err_msg (err, "out of memory"));
}

static void
start_boot (struct run *r, struct gl_batch_job *j)
{
  string_vector disks = empty_vector;
  CLEANUP_ERR struct gl_err err = GL_ERR_INIT;
  /* A kvm guest boots as the XML convert wrote says (its kernel and
   * command line, or BIOS through its boot disk); a Xen copy (whose XML
   * is for Xen) boots its disks on the Xen target. */
  const char *xml = strcmp (j->to, "kvm") == 0
    ? gl_batch_output_xml (&j->entry->outputs, j->guest->name) : NULL;
  if ((xml ? string_vector_add (&disks, xml)
       : gl_batch_output_disks (&j->entry->outputs, j->guest->name,
                                j->output_format, &disks)) == -1 || disks.len == 0) {
    string_vector_free (&disks);
    j->entry->status = GL_BATCH_BOOT_FAILED;
    j->entry->error = gl_printf ("no converted disk to boot among the outputs");
    save (r);
    finish (r, j);
    return;
  }
  CLEANUP_FREE_STRING_LIST char **argv = gl_batch_launch_argv (j, &disks);
  string_vector_free (&disks);
  if (!argv || spawn (j, argv, &r->orig, &err) == -1) {
    j->entry->status = GL_BATCH_BOOT_FAILED;
    j->entry->error = reason (&err);
    save (r);
    finish (r, j);
    return;
  }
  j->step = GL_BATCH_STEP_BOOT;
  show (r, j, "boot test");
}

static void
start (struct run *r, struct gl_batch_job *j)
{
  CLEANUP_ERR struct gl_err err = GL_ERR_INIT;
  free (j->entry->inputs_hash);
  j->entry->inputs_hash = j->hash[0] ? strdup (j->hash) : NULL;
  if (mkdir (j->dir, 0755) == -1 && errno != EEXIST) {
    fail (r, j, gl_printf ("%s: cannot create the folder: %m", j->dir));
    return;
  }
  gl_batch_partials_clean (j->dir);
  if (converted_before (r, j)) {
    start_boot (r, j);
    return;
  }
  gl_batch_entry_reset (j->entry);
  j->entry->verdict = j->verdict.verdict ? strdup (j->verdict.verdict) : NULL;
  j->entry->kernel = j->verdict.kernel ? strdup (j->verdict.kernel) : NULL;
  for (size_t i = 0; i < j->verdict.blockers.len; ++i)
    string_vector_add (&j->entry->blockers, j->verdict.blockers.ptr[i]);
  save (r);       /* the guest is now "pending": interrupted = redone */

  j->partial = gl_printf ("%s/.partial-XXXXXX", j->dir);
  if (!j->partial || !mkdtemp (j->partial)) {
    fail (r, j, gl_printf ("%s: cannot create a temporary folder: %m", j->dir));
    return;
  }
  CLEANUP_FREE_STRING_LIST char **argv = gl_batch_convert_argv (j, j->partial);
  if (!argv || spawn (j, argv, &r->orig, &err) == -1) {
    fail (r, j, reason (&err));
    return;
  }
  j->step = GL_BATCH_STEP_CONVERT;
  show (r, j, "converting");
}

static void
convert_exited (struct run *r, struct gl_batch_job *j, int code)
{
  j->pid = 0;
  j->entry->convert_seconds = gl_now () - j->step_started;
  if (code != 0 && signals_seen) {
    /* Stopped by us: nothing is kept, the guest is redone next time. */
    gl_batch_partial_remove (j->partial);
    free (j->partial);
    j->partial = NULL;
    j->entry->status = GL_BATCH_PENDING;
    j->entry->convert_seconds = -1;
    save (r);
    finish (r, j);
    return;
  }
  if (code != 0) {
    char *why = last_error (j);
    fail (r, j, why ? why : gl_printf ("guestlift convert exited with status %d", code));
    return;
  }
  CLEANUP_ERR struct gl_err err = GL_ERR_INIT;
  string_vector_free (&j->entry->outputs);
  if (gl_batch_outputs_commit (j->partial, j->dir, &j->entry->outputs, &err) == -1) {
    fail (r, j, reason (&err));
    return;
  }
  string_vector_free (&j->entry->edits);
  collect_edits (j, &j->entry->edits);
  gl_batch_partial_remove (j->partial);
  free (j->partial);
  j->partial = NULL;
  j->entry->status = GL_BATCH_CONVERTED;
  save (r);
  if (j->boot_test && !signals_seen)
    start_boot (r, j);
  else
    finish (r, j);
}

static void
boot_exited (struct run *r, struct gl_batch_job *j, int code)
{
  j->pid = 0;
  if (code != 0 && signals_seen) {
    /* Interrupted: the conversion stands; the boot test is redone. */
    save (r);
    finish (r, j);
    return;
  }
  j->entry->boot_seconds = gl_now () - j->step_started;
  if (code == 0)
    j->entry->status = GL_BATCH_BOOTED;
  else {
    char *why = last_error (j);
    j->entry->status = GL_BATCH_BOOT_FAILED;
    free (j->entry->error);
    j->entry->error = why ? why
      : gl_printf ("guestlift launch exited with status %d", code);
  }
  save (r);
  finish (r, j);
}

/* Reap every child that has exited; true when one was. */
static bool
reap (struct run *r, size_t *running)
{
  bool any = false;
  for (;;) {
    int status;
    pid_t pid = waitpid (-1, &status, WNOHANG);
    if (pid <= 0)
      return any;
    any = true;
    for (size_t i = 0; i < r->n; ++i) {
      struct gl_batch_job *j = &r->jobs[i];
      if (j->pid != pid)
        continue;
      enum gl_batch_step was = j->step;
      if (was == GL_BATCH_STEP_CONVERT)
        convert_exited (r, j, exit_code (status));
      else
        boot_exited (r, j, exit_code (status));
      if (j->step == GL_BATCH_STEP_DONE)
        --*running;
      break;
    }
  }
}

int
gl_batch_run (struct gl_batch_job *jobs, size_t n, struct gl_batch_state *st,
              const struct gl_batch_run_opts *o, struct gl_err *err)
{
  struct run r = { .jobs = jobs, .n = n, .st = st, .o = o, .err = err };
  for (size_t i = 0; i < n; ++i)
    if (jobs[i].step == GL_BATCH_STEP_WAIT)
      r.total++;
  if (r.total == 0)
    return 0;

  /* Signals are blocked but while waiting (sigsuspend), so that none is
   * lost between looking at the flags and going to sleep. */
  sigset_t block;
  sigemptyset (&block);
  for (size_t i = 0; i < sizeof stop_signals / sizeof stop_signals[0]; ++i)
    sigaddset (&block, stop_signals[i]);
  sigaddset (&block, SIGCHLD);
  sigprocmask (SIG_BLOCK, &block, &r.orig);
  struct sigaction sa = { .sa_handler = on_signal }, old[3], sc = { .sa_handler = on_child },
    oldc;
  sigemptyset (&sa.sa_mask);
  sigemptyset (&sc.sa_mask);
  for (size_t i = 0; i < 3; ++i)
    sigaction (stop_signals[i], &sa, &old[i]);
  sigaction (SIGCHLD, &sc, &oldc);
  signals_seen = first_signal = child_exited = 0;

  r.progress = gl_progress_new ("batch", o->progress);
  show (&r, NULL, NULL);
  size_t next = 0, running = 0;
  int forwarded = 0;
  for (;;) {
    while (!signals_seen && running < o->jobs && next < n) {
      struct gl_batch_job *j = &jobs[next++];
      if (j->step != GL_BATCH_STEP_WAIT)
        continue;
      start (&r, j);
      if (j->step != GL_BATCH_STEP_DONE)
        running++;
    }
    if (running == 0)
      break;
    if (!reap (&r, &running)) {
      child_exited = 0;
      sigsuspend (&r.orig);
    }
    if (signals_seen > forwarded) {
      /* First signal: passed on, the children clean up and exit.  Any
       * later one: their whole process groups are killed. */
      for (size_t i = 0; i < n; ++i)
        if (jobs[i].pid > 0) {
          if (forwarded == 0)
            kill (jobs[i].pid, first_signal);
          else
            kill (-jobs[i].pid, SIGKILL);
        }
      forwarded = signals_seen;
    }
  }
  gl_progress_free (r.progress);

  /* Whatever was not started is not touched (its entry says what an
   * earlier run did, or nothing). */
  for (size_t i = 0; i < 3; ++i)
    sigaction (stop_signals[i], &old[i], NULL);
  sigaction (SIGCHLD, &oldc, NULL);
  sigprocmask (SIG_SETMASK, &r.orig, NULL);
  if (signals_seen) {
    save (&r);
    return 130;
  }
  return r.state_failed ? -1 : 0;
}
