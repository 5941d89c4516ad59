/* guestlift launch: the qemu backend -- exec qemu-system-x86_64 with direct
 * kernel boot, KVM when it can run guests here (the appliance policy's own
 * probe) else TCG, the serial console on a pipe that the watcher reads.
 *
 * No qemu outlives guestlift: it runs in its own process group (a Ctrl-C
 * reaches guestlift, which stops it), with PR_SET_PDEATHSIG SIGKILL as the
 * guard for the case where guestlift itself dies.
 */
#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "host-kvm.h"
#include "backend.h"
#include "buf.h"
#include "cleanup.h"
#include "error.h"
#include "qemu-name.h"
#include "spawn.h"
#include "vector.h"

#define QEMU "qemu-system-x86_64"

/* qemu's option parser splits values at commas; ",," is a literal one. */
static char *
opt_escape (const char *s)
{
  CLEANUP_BUF struct gl_buf b = GL_BUF_INIT;
  if (gl_buf_puts (&b, "") == -1)
    return NULL;
  for (; *s; ++s)
    if (gl_buf_append (&b, s, 1) == -1 ||
        (*s == ',' && gl_buf_append (&b, s, 1) == -1))
      return NULL;
  return gl_buf_steal (&b);
}

static int
add (string_vector *v, const char *s)
{
  return string_vector_add (v, s);
}

static int
addf (string_vector *v, char *s)   /* takes s */
{
  if (!s || string_vector_append (v, s) == -1) {
    free (s);
    return -1;
  }
  return 0;
}

/* One -drive of a DOMAIN.xml's disk (index I, K-th on its bus): a drive
 * without a device of its own, and the device the XML's bus names, the
 * boot disk with bootindex=1 (what libvirt does for <boot dev='hd'/>). */
static int
add_domain_disk (string_vector *v, const struct gl_launch_disk *d, size_t i,
                 size_t k, const char *file, const char *fmt)
{
  bool ide = strcmp (d->bus, "ide") == 0;
  if (add (v, "-drive") ||
      addf (v, gl_printf ("file=%s%s%s,if=none,id=disk%zu%s", file,
                          fmt ? ",format=" : "", fmt ? fmt : "", i,
                          d->readonly ? ",readonly=on" : "")) ||
      add (v, "-device"))
    return -1;
  if (ide)
    return addf (v, gl_printf ("ide-hd,drive=disk%zu,bus=ide.%zu,unit=%zu%s",
                               i, k / 2, k % 2, d->boot ? ",bootindex=1" : ""));
  return addf (v, gl_printf ("virtio-blk-pci,drive=disk%zu%s", i,
                             d->boot ? ",bootindex=1" : ""));
}

/* Does qemu run with KVM for SPEC?  (Asks the host once per process.) */
static bool
use_kvm (const struct gl_launch_spec *spec)
{
  return spec->hv == GL_HV_KVM && gl_host_kvm_usable (&spec->note);
}

/* The argv (NULL-terminated) for SPEC.  -1 on ENOMEM. */
static int
build_argv (const struct gl_launch_spec *spec, string_vector *v)
{
  bool kvm = use_kvm (spec);
  CLEANUP_FREE char *name = opt_escape (spec->name);
  CLEANUP_FREE char *machine = spec->machine ? opt_escape (spec->machine) : NULL;
  if (!name || (spec->machine && !machine) ||
      add (v, QEMU) || add (v, "-name") || add (v, name) ||
      (machine && (add (v, "-machine") || add (v, machine))) ||
      add (v, "-nodefaults") || add (v, "-display") || add (v, "none") ||
      add (v, "-no-reboot") || add (v, "-nic") || add (v, "none") ||
      add (v, "-accel") || add (v, kvm ? "kvm" : "tcg") ||
      add (v, "-cpu") || add (v, kvm ? "host" : "max") ||
      add (v, "-m") || addf (v, gl_printf ("%u", spec->memory_mib)) ||
      add (v, "-smp") || addf (v, gl_printf ("%u", spec->vcpus ? spec->vcpus : 1)))
    return -1;
  /* No kernel: SeaBIOS runs the boot disk's boot code. */
  if (spec->kernel && (add (v, "-kernel") || add (v, spec->kernel)))
    return -1;
  if (spec->kernel && spec->initrd && (add (v, "-initrd") || add (v, spec->initrd)))
    return -1;
  if (spec->kernel && (add (v, "-append") || add (v, spec->cmdline ? spec->cmdline : "")))
    return -1;
  size_t ide = 0;
  for (size_t i = 0; i < spec->n_disks; ++i) {
    const struct gl_launch_disk *d = &spec->disks[i];
    /* A disk that may not have a backing file is named with a json: name
     * that says so (qemu-name.h); -snapshot still works on it. */
    struct gl_qemu_name qn;
    if (gl_qemu_name (d->path, d->format, spec->allow_backing, &qn) == -1)
      return -1;
    CLEANUP_FREE char *file = opt_escape (qn.name);
    CLEANUP_FREE char *fmt = qn.format ? opt_escape (qn.format) : NULL;
    gl_qemu_name_free (&qn);
    if (!file || (qn.format && !fmt))
      return -1;
    if (d->bus) {
      if (add_domain_disk (v, d, i, strcmp (d->bus, "ide") == 0 ? ide++ : 0,
                           file, fmt) == -1)
        return -1;
      continue;
    }
    if (add (v, "-drive") ||
        addf (v, gl_printf ("file=%s%s%s,if=virtio", file,
                            fmt ? ",format=" : "", fmt ? fmt : "")))
      return -1;
  }
  if ((spec->snapshot && add (v, "-snapshot")) ||
      add (v, "-chardev") || add (v, "stdio,id=console0,signal=off") ||
      add (v, "-serial") || add (v, "chardev:console0") ||
      add (v, "-device") || add (v, "virtio-rng-pci") ||
      string_vector_append (v, NULL) == -1)
    return -1;
  return 0;
}

static char *
qemu_describe (const struct gl_launch_spec *spec)
{
  if (use_kvm (spec))
    return strdup (QEMU " with KVM");
  return gl_printf (QEMU " under TCG (%s)",
                    spec->hv == GL_HV_KVM ? "KVM cannot run guests here"
                    : spec->domain_xml ? "the domain's type is qemu"
                    : "--hypervisor qemu");
}

static int
qemu_dry_run (const struct gl_launch_spec *spec, FILE *fp, struct gl_err *err)
{
  string_vector v = empty_vector;
  int ret = GL_EXIT_ERROR;
  if (build_argv (spec, &v) == 0) {
    CLEANUP_FREE char *line = gl_argv_line ((const char *const *) v.ptr, false);
    CLEANUP_FREE char *origin = spec->origin ? gl_one_line (spec->origin) : NULL;
    if (line && (!origin || fprintf (fp, "# %s\n", origin) >= 0) &&
        fprintf (fp, "%s\n", line) >= 0 && fflush (fp) == 0)
      ret = GL_EXIT_OK;
    else
      gl_err_set (err, errno, "cannot write the qemu command line");
  }
  else
    gl_err_set (err, ENOMEM, "out of memory");
  string_vector_free (&v);
  return ret;
}

/* --- the running qemu ----------------------------------------------------- */

struct qemu_proc {
  pid_t pid;
  int errfd;           /* qemu's stderr: an unlinked temporary file */
  int status;          /* waitpid status once reaped */
  bool reaped;
  bool stopped_by_us;
};

static int
qemu_alive (void *opaque)
{
  struct qemu_proc *q = opaque;
  if (q->reaped)
    return 0;
  pid_t r = waitpid (q->pid, &q->status, WNOHANG);
  if (r == q->pid || (r == -1 && errno == ECHILD)) {
    q->reaped = true;
    gl_watch_child = 0;
    return 0;
  }
  return 1;
}

static void
qemu_stop (void *opaque)
{
  struct qemu_proc *q = opaque;
  if (!qemu_alive (q))
    return;
  q->stopped_by_us = true;
  /* SIGTERM lets qemu clean up; it has 3 s before SIGKILL. */
  kill (q->pid, SIGTERM);
  for (int i = 0; i < 30 && qemu_alive (q); ++i) {
    struct timespec ts = { 0, 100 * 1000 * 1000 };
    nanosleep (&ts, NULL);
  }
  if (qemu_alive (q)) {
    kill (q->pid, SIGKILL);
    while (waitpid (q->pid, &q->status, 0) == -1 && errno == EINTR)
      ;
    q->reaped = true;
  }
  gl_watch_child = 0;
}

/* The end of what qemu said on stderr (bounded), one line. */
static char *
qemu_said (struct qemu_proc *q)
{
  char buf[1024];
  off_t end = q->errfd >= 0 ? lseek (q->errfd, 0, SEEK_END) : -1;
  if (end <= 0)
    return NULL;
  off_t from = end > (off_t) sizeof buf - 1 ? end - (off_t) (sizeof buf - 1) : 0;
  ssize_t n = pread (q->errfd, buf, sizeof buf - 1, from);
  if (n <= 0)
    return NULL;
  while (n > 0 && (buf[n - 1] == '\n' || buf[n - 1] == '\r'))
    n--;
  buf[n] = '\0';
  return gl_one_line (buf);
}

static char *
qemu_exit_note (void *opaque)
{
  struct qemu_proc *q = opaque;
  if (!q->reaped || q->stopped_by_us)
    return NULL;
  if (WIFEXITED (q->status) && WEXITSTATUS (q->status) != 0) {
    CLEANUP_FREE char *said = qemu_said (q);
    return gl_printf (QEMU " exited with status %d%s%s", WEXITSTATUS (q->status),
                      said ? ": " : "", said ? said : "");
  }
  if (WIFSIGNALED (q->status))
    return gl_printf (QEMU " was killed by signal %d", WTERMSIG (q->status));
  return NULL;
}

static int
qemu_run (const struct gl_launch_spec *spec, const struct gl_watch_opts *w,
          struct gl_err *err)
{
  if (!gl_have_program (QEMU)) {
    gl_err_set (err, ENOENT, QEMU " is not installed "
                "(Debian: apt-get install qemu-system-x86)");
    return GL_EXIT_ERROR;
  }
  string_vector v = empty_vector;
  if (build_argv (spec, &v) == -1) {
    string_vector_free (&v);
    gl_err_set (err, ENOMEM, "out of memory");
    return GL_EXIT_ERROR;
  }
  if (gl_debug_enabled ()) {
    CLEANUP_FREE char *line = gl_argv_line ((const char *const *) v.ptr, false);
    gl_debug ("launch: %s", line ? line : "?");
  }
  /* qemu's stderr goes to a file: it says "terminating on signal 15" when
   * guestlift stops it; its words matter only when it fails by itself.
   * Its stdout (the serial console) comes to the watcher through a pipe.
   * Its own process group: a Ctrl-C reaches guestlift, which stops it. */
  const char *t = getenv ("TMPDIR");
  CLEANUP_FREE char *tdir = strdup (t && *t ? t : "/tmp");
  int errfd = tdir ? open (tdir, O_TMPFILE | O_RDWR | O_CLOEXEC, 0600) : -1;
  struct gl_spawn_opts so = {
    .err = { GL_SPAWN_FD, .fd = errfd >= 0 ? errfd : STDERR_FILENO },
    .new_pgroup = true,
  };
  struct gl_child c;
  int r = gl_spawn_start ((const char *const *) v.ptr, &so, &c, err);
  string_vector_free (&v);
  if (r == -1) {
    if (errfd >= 0)
      close (errfd);
    return GL_EXIT_ERROR;
  }
  gl_watch_child = c.pid;

  struct qemu_proc q = { .pid = c.pid, .errfd = errfd };
  struct gl_guest_ctl ctl = {
    .fd = c.out_fd, .fd_is_file = false, .opaque = &q,
    .alive = qemu_alive, .stop = qemu_stop, .exit_note = qemu_exit_note,
  };
  int status = gl_watch_run (w, &ctl, err);
  qemu_stop (&q);
  close (c.out_fd);
  if (errfd >= 0)
    close (errfd);
  return status;
}

const struct gl_launch_backend gl_backend_qemu = {
  .name = "qemu",
  .help = "qemu (default for kvm/qemu and DOMAIN.xml)",
  .hypervisors = GL_HV_BIT (GL_HV_KVM) | GL_HV_BIT (GL_HV_QEMU),
  .is_default = true,
  .domain_xml = GL_DOMXML_BOOT,
  .domain_xml_default = true,
  .domain_xml_snapshot = true,
  .describe = qemu_describe,
  .dry_run = qemu_dry_run,
  .run = qemu_run,
};
