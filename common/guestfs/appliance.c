/* guestlift: appliance policy (see appliance.h). */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <pthread.h>
#include <fcntl.h>
#include <dirent.h>
#include <unistd.h>
#include <sys/stat.h>
#include <sys/utsname.h>

#include <guestfs.h>

#include "appliance.h"
#include "cleanup.h"
#include "error.h"
#include "gl-limits.h"
#include "host.h"
#include "spawn.h"
#include "vector.h"
#include "version.h"
#include "watchdog.h"
#include "write-atomic.h"

/* A Linux kernel under working KVM reaches its "no root" panic in about a
 * second; under a broken nested KVM it spins forever.  So the probe boots
 * the host's own kernel with this limit. */
#define KVM_PROBE_TIMEOUT_MS 12000

const char *
gl_cache_dir (void)
{
  static char *dir;
  if (dir)
    return dir;
  const char *xdg = getenv ("XDG_CACHE_HOME");
  const char *home = getenv ("HOME");
  char *d;
  if (xdg && *xdg == '/')
    d = gl_printf ("%s/guestlift", xdg);
  else if (home && *home)
    d = gl_printf ("%s/.cache/guestlift", home);
  else
    return NULL;
  if (!d)
    return NULL;
  /* mkdir -p of the last two levels is enough for ~/.cache/guestlift. */
  char *slash = strrchr (d, '/');
  *slash = '\0';
  mkdir (d, 0700);
  *slash = '/';
  if (mkdir (d, 0700) == -1 && errno != EEXIST) {
    free (d);
    return NULL;
  }
  dir = d;
  return dir;
}

/* The cache file's key: host kernel release + whether /dev/kvm opens.
 * A different host (or a moved cache) probes again. */
static char *
accel_key (void)
{
  struct utsname u;
  if (uname (&u) == -1)
    return NULL;
  return gl_printf ("%s %s", u.release, u.machine);
}

static char *
accel_cache_path (void)
{
  const char *dir = gl_cache_dir ();
  return dir ? gl_printf ("%s/accel", dir) : NULL;
}

/* -1 no answer cached, 0 tcg, 1 kvm */
static int
read_cached_accel (void)
{
  CLEANUP_FREE char *path = accel_cache_path ();
  CLEANUP_FREE char *key = accel_key ();
  if (!path || !key)
    return -1;
  CLEANUP_FCLOSE FILE *fp = fopen (path, "r");
  if (!fp)
    return -1;
  char line[512];
  if (!fgets (line, sizeof line, fp))
    return -1;
  line[strcspn (line, "\n")] = '\0';
  char *sp = strchr (line, ' ');
  if (!sp)
    return -1;
  *sp = '\0';
  if (strcmp (sp + 1, key) != 0)
    return -1;
  if (strcmp (line, "kvm") == 0) return 1;
  if (strcmp (line, "tcg") == 0) return 0;
  return -1;
}

static void
write_cached_accel (bool kvm)
{
  CLEANUP_FREE char *path = accel_cache_path ();
  CLEANUP_FREE char *key = accel_key ();
  if (!path || !key)
    return;
  CLEANUP_FREE char *line = gl_printf ("%s %s\n", kvm ? "kvm" : "tcg", key);
  /* A cache: a write that fails costs a probe next time, no more. */
  if (line)
    gl_write_atomic (path, line, strlen (line), 0644, NULL);
}

/* Newest /boot/vmlinuz-* of the host, the kernel the probe boots. */
static char *
host_kernel (void)
{
  DIR *d = opendir ("/boot");
  if (!d)
    return NULL;
  char *best = NULL;
  struct dirent *e;
  while ((e = readdir (d)) != NULL) {
    if (strncmp (e->d_name, "vmlinuz-", 8) != 0)
      continue;
    if (!best || gl_vercmp (e->d_name + 8, best + 8) > 0) {
      free (best);
      best = strdup (e->d_name);
    }
  }
  closedir (d);
  if (!best)
    return NULL;
  char *p = gl_printf ("/boot/%s", best);
  free (best);
  return p;
}

/* Boot the host kernel under KVM with no root: it must reach its panic
 * (qemu exits because of -no-reboot).  Returns 1 KVM works, 0 it does not,
 * -1 cannot tell (no kernel, no qemu). */
static int
probe_kvm (char **why)
{
  if (access ("/dev/kvm", R_OK | W_OK) == -1) {
    *why = gl_printf ("/dev/kvm: %s", strerror (errno));
    return 0;
  }
  CLEANUP_FREE char *kernel = host_kernel ();
  if (!kernel || access (kernel, R_OK) == -1)
    return -1;
  const char *argv[] = {
    "qemu-system-x86_64", "-accel", "kvm", "-cpu", "max", "-machine", "pc",
    "-nodefaults", "-display", "none", "-no-user-config", "-m", "128",
    "-no-reboot", "-serial", "stdio", "-kernel", kernel,
    "-append", "console=ttyS0 panic=-1 loglevel=4", NULL
  };
  struct gl_spawn_result r;
  if (gl_spawn_timeout (argv, 1 << 20, KVM_PROBE_TIMEOUT_MS, &r) == -1)
    return -1;
  int ok = !r.timed_out && r.status == 0 && r.out && strstr (r.out, "Kernel panic");
  if (!ok) {
    if (r.timed_out)
      *why = gl_printf ("a test guest made no progress under KVM in %d s",
                        KVM_PROBE_TIMEOUT_MS / 1000);
    else {
      /* qemu says several lines (the error, then an assertion): the
       * first tells why. */
      CLEANUP_FREE char *msg = r.err ? gl_first_message (r.err) : NULL;
      *why = gl_printf ("qemu under KVM: %s", msg ? msg : "qemu failed");
    }
  }
  gl_spawn_result_free (&r);
  return ok;
}

static void
announce_tcg (const char *why)
{
  static bool said;
  if (said)
    return;
  said = true;
  gl_notice ("KVM cannot run guests on this host (%s); using TCG software "
             "emulation (slower).  This is remembered in %s/accel.",
             why ? why : "unknown reason",
             gl_cache_dir () ? gl_cache_dir () : "(no cache dir)");
}

static int
decide_kvm (void)
{
  int cached = read_cached_accel ();
  if (cached != -1)
    return cached;
  gl_debug ("probing KVM: booting the host kernel under KVM");
  CLEANUP_FREE char *why = NULL;
  int r = probe_kvm (&why);
  if (r == -1)
    /* Cannot tell: let qemu choose (accel=kvm:tcg) and do not cache. */
    return 1;
  write_cached_accel (r);
  if (!r)
    announce_tcg (why);
  return r;
}

bool
gl_host_kvm_usable (void)
{
  /* Appliances started side by side ask at once: one probe, the others
   * wait for its answer. */
  static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
  static int answer = -1;
  pthread_mutex_lock (&lock);
  if (answer == -1)
    answer = decide_kvm ();
  int a = answer;
  pthread_mutex_unlock (&lock);
  return a;
}

bool
gl_appliance_user_chose_backend (void)
{
  return getenv ("LIBGUESTFS_BACKEND_SETTINGS") != NULL
    || getenv ("LIBGUESTFS_BACKEND") != NULL;
}

/* The disks added to a handle, kept as its private data so a relaunch
 * can add them again (after guestfs_shutdown a handle has none). */
struct drive { char *path, *format; bool readonly; };
DEFINE_VECTOR_TYPE (drive_vector, struct drive);
#define DRIVES_KEY "guestlift_drives"

static void
free_drives (guestfs_h *g, void *opaque, uint64_t event, int eh, int flags,
             const char *buf, size_t buf_len, const uint64_t *array,
             size_t array_len)
{
  drive_vector *v = guestfs_get_private (g, DRIVES_KEY);
  if (!v)
    return;
  for (size_t i = 0; i < v->len; ++i) {
    free (v->ptr[i].path);
    free (v->ptr[i].format);
  }
  free (v->ptr);
  free (v);
  guestfs_set_private (g, DRIVES_KEY, NULL);
}

static int
add_drive_now (guestfs_h *g, const struct drive *d)
{
  return guestfs_add_drive_opts (g, d->path,
                                 GUESTFS_ADD_DRIVE_OPTS_READONLY, d->readonly ? 1 : 0,
                                 GUESTFS_ADD_DRIVE_OPTS_FORMAT, d->format,
                                 -1);
}

int
gl_appliance_add_drive (guestfs_h *g, const char *path, const char *format,
                        bool readonly)
{
  struct drive d = { strdup (path), strdup (format ? format : "raw"), readonly };
  if (!d.path || !d.format || add_drive_now (g, &d) == -1) {
    free (d.path);
    free (d.format);
    return -1;
  }
  drive_vector *v = guestfs_get_private (g, DRIVES_KEY);
  if (!v) {
    v = calloc (1, sizeof *v);
    if (!v || guestfs_set_event_callback (g, free_drives, GUESTFS_EVENT_CLOSE,
                                          0, NULL) == -1) {
      free (v);
      v = NULL;
    }
    else
      guestfs_set_private (g, DRIVES_KEY, v);
  }
  if (!v || drive_vector_append (v, d) == -1) {
    free (d.path);
    free (d.format);
  }
  return 0;
}

/* Shut the handle down and add its disks again, ready for a new launch. */
static int
reset_handle (guestfs_h *g)
{
  guestfs_shutdown (g);
  drive_vector *v = guestfs_get_private (g, DRIVES_KEY);
  for (size_t i = 0; v && i < v->len; ++i)
    if (add_drive_now (g, &v->ptr[i]) == -1)
      return -1;
  return 0;
}

const char *
gl_guestfs_error (guestfs_h *g)
{
  const char *e = g ? guestfs_last_error (g) : NULL;
  return e ? e : "unknown libguestfs error";
}

static int
force_tcg (guestfs_h *g)
{
  char *settings[] = { (char *) "force_tcg", NULL };
  return guestfs_set_backend_settings (g, settings);
}

static unsigned appliances_at_once = 1;

void
gl_appliance_set_concurrency (unsigned n)
{
  appliances_at_once = n ? n : 1;
}

/* vCPUs per appliance.  Alone, 2 vCPUs boot and inspect fastest under
 * TCG; but appliances running side by side must not ask for more vCPUs
 * than guestlift may use (host.h: affinity, cgroup): measured on 2
 * cores, 20 images, two appliances took 46 s with 2 vCPUs each and 32 s
 * with 1 each (TCG threads that outnumber the cores spend their time
 * waiting for each other). */
static int
appliance_vcpus (void)
{
  struct gl_host_res host;
  gl_host_resources (NULL, &host);
  unsigned per = host.cpus / appliances_at_once;
  return per >= 2 ? 2 : 1;
}

guestfs_h *
gl_appliance_open (char **err)
{
  guestfs_h *g = guestfs_create_flags (0);
  if (!g) {
    *err = gl_printf ("cannot create a libguestfs handle: %s", strerror (errno));
    return NULL;
  }
  /* Errors are reported by guestlift itself, once, with the image name. */
  guestfs_set_error_handler (g, NULL, NULL);

  /* Measured under TCG: 512 MiB boots fastest; more memory does not
   * help.  The user's LIBGUESTFS_MEMSIZE wins. */
  if (!getenv ("LIBGUESTFS_MEMSIZE"))
    guestfs_set_memsize (g, 512);
  guestfs_set_smp (g, appliance_vcpus ());

  /* The user's LIBGUESTFS_BACKEND(_SETTINGS) is their choice: then KVM
   * is not even probed. */
  if (gl_appliance_user_chose_backend ())
    gl_debug ("LIBGUESTFS_BACKEND or LIBGUESTFS_BACKEND_SETTINGS is set: "
              "the accelerator is left to libguestfs (KVM not probed)");
  else if (!gl_host_kvm_usable ())
    force_tcg (g);
  /* How the watchdog tells this appliance's qemu from the others. */
  gl_watchdog_mark (g);
  return g;
}

/* Messages qemu/libguestfs give when KVM is there but cannot run guests. */
static const char *const kvm_failure_markers[] = {
  "failed to set MSR", "kvm_init_vcpu", "KVM_CREATE_VM", "kvm run failed",
  "failed to initialize kvm", "Could not access KVM kernel module",
  NULL
};

static int
launch_timeout (void)
{
  const char *e = getenv ("GUESTLIFT_LAUNCH_TIMEOUT");
  int s = e ? atoi (e) : 0;
  return s > 0 ? s : GL_APPLIANCE_LAUNCH_TIMEOUT_S;
}

/* guestfs_launch under the watchdog; *hung set when it had to fire.  A
 * launch that hangs (seen under TCG on a loaded host: qemu spinning for
 * 20+ minutes) must not stall a whole audit. */
static int
guarded_launch (guestfs_h *g, bool *hung)
{
  struct gl_watchdog *w = gl_watchdog_start (g, launch_timeout ());
  int r = guestfs_launch (g);
  *hung = gl_watchdog_stop (w);
  return r;
}

int
gl_appliance_launch (guestfs_h *g, char **err)
{
  bool hung = false;
  if (guarded_launch (g, &hung) == 0)
    return 0;
  if (hung) {
    /* A hang is the host's, not the images': try once more. */
    gl_warning (NULL, "the appliance did not start within %d s; trying once more",
                launch_timeout ());
    if (reset_handle (g) == 0 && guarded_launch (g, &hung) == 0)
      return 0;
    if (hung) {
      *err = gl_printf ("the libguestfs appliance did not start within %d s "
                        "(twice); is the host overloaded? (GUESTLIFT_LAUNCH_TIMEOUT "
                        "sets the limit)", launch_timeout ());
      return -1;
    }
  }
  const char *e = gl_guestfs_error (g);
  bool kvm_failed = false;
  for (size_t i = 0; kvm_failure_markers[i]; ++i)
    if (strstr (e, kvm_failure_markers[i]))
      kvm_failed = true;
  if (kvm_failed && !gl_appliance_user_chose_backend ()) {
    CLEANUP_FREE char *why = gl_first_message (e);
    write_cached_accel (false);
    announce_tcg (why);
    /* The same handle, shut down, its disks added again, TCG forced. */
    if (reset_handle (g) == 0 && force_tcg (g) == 0 && guarded_launch (g, &hung) == 0)
      return 0;
    e = gl_guestfs_error (g);
  }
  *err = gl_printf ("cannot start the libguestfs appliance: %.*s",
                    (int) strcspn (e, "\n"), e);
  return -1;
}
