/* guestlift: the host's KVM answer (see host-kvm.h). */
#include <config.h>

#include <dirent.h>
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/utsname.h>

#include "cache-dir.h"
#include "cleanup.h"
#include "error.h"
#include "host-kvm.h"
#include "spawn.h"
#include "version.h"
#include "write-atomic.h"

/* A Linux kernel under working KVM reaches its "no root" panic in about a
 * second; under a broken nested KVM it spins forever.  So the probe boots
 * the host's own kernel with this limit. */
#define KVM_PROBE_TIMEOUT_MS 12000

/* The process's answer and whether the user was told about TCG: one
 * lock, so that appliances started side by side probe once. */
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static int answer = -1;         /* -1 not decided, 0 tcg, 1 kvm */
static bool told;

/* The cache file's key: host kernel release and machine. */
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

/* Under the lock. */
static void
tell_tcg (const char *why, const struct gl_note_sink *note)
{
  if (told)
    return;
  told = true;
  const char *dir = gl_cache_dir ();
  gl_note (note, GL_NOTE_NOTICE,
           "KVM cannot run guests on this host (%s); using TCG software "
           "emulation (slower).  This is remembered in %s/accel.",
           why ? why : "unknown reason", dir ? dir : "(no cache dir)");
}

/* Under the lock. */
static int
decide_kvm (const struct gl_note_sink *note)
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
    tell_tcg (why, note);
  return r;
}

bool
gl_host_kvm_usable (const struct gl_note_sink *note)
{
  pthread_mutex_lock (&lock);
  if (answer == -1)
    answer = decide_kvm (note);
  int a = answer;
  pthread_mutex_unlock (&lock);
  return a;
}

void
gl_host_kvm_failed (const char *why, const struct gl_note_sink *note)
{
  pthread_mutex_lock (&lock);
  answer = 0;
  write_cached_accel (false);
  tell_tcg (why, note);
  pthread_mutex_unlock (&lock);
}
