/* guestlift: appliance policy (see appliance.h). */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <unistd.h>

#include <guestfs.h>

#include "appliance.h"
#include "cleanup.h"
#include "error.h"
#include "gl-limits.h"
#include "host.h"
#include "host-kvm.h"
#include "vector.h"
#include "watchdog.h"

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

/* vCPUs per appliance.  Alone, 2 vCPUs boot and inspect fastest under
 * TCG; but appliances running side by side must not ask for more vCPUs
 * than guestlift may use (host.h: affinity, cgroup): measured on 2
 * cores, 20 images, two appliances took 46 s with 2 vCPUs each and 32 s
 * with 1 each (TCG threads that outnumber the cores spend their time
 * waiting for each other). */
static int
appliance_vcpus (unsigned side_by_side)
{
  struct gl_host_res host;
  gl_host_resources (NULL, &host);
  unsigned per = host.cpus / (side_by_side ? side_by_side : 1);
  return per >= 2 ? 2 : 1;
}

guestfs_h *
gl_appliance_open (const struct gl_appliance_opts *o, struct gl_err *err)
{
  guestfs_h *g = guestfs_create_flags (0);
  if (!g) {
    gl_err_errno (err, "cannot create a libguestfs handle");
    return NULL;
  }
  /* Errors are reported by guestlift itself, once, with the image name. */
  guestfs_set_error_handler (g, NULL, NULL);

  /* Measured under TCG: 512 MiB boots fastest; more memory does not
   * help.  The user's LIBGUESTFS_MEMSIZE wins. */
  if (!getenv ("LIBGUESTFS_MEMSIZE"))
    guestfs_set_memsize (g, 512);
  guestfs_set_smp (g, appliance_vcpus (o->side_by_side));
  /* libguestfs keeps its overlays in a directory of its own under this
   * (a run killed with SIGKILL leaves them: the next run removes them). */
  if (o->tmpdir && guestfs_set_tmpdir (g, o->tmpdir) == -1) {
    gl_err_set (err, guestfs_last_errno (g), "%s: %s", o->tmpdir,
                gl_guestfs_error (g));
    guestfs_close (g);
    return NULL;
  }

  /* The user's LIBGUESTFS_BACKEND(_SETTINGS) is their choice: then KVM
   * is not even probed. */
  if (gl_appliance_user_chose_backend ())
    gl_debug ("LIBGUESTFS_BACKEND or LIBGUESTFS_BACKEND_SETTINGS is set: "
              "the accelerator is left to libguestfs (KVM not probed)");
  else if (!gl_host_kvm_usable (&o->note))
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
gl_appliance_launch (guestfs_h *g, const struct gl_note_sink *note,
                     struct gl_err *err)
{
  bool hung = false;
  if (guarded_launch (g, &hung) == 0)
    return 0;
  if (hung) {
    /* A hang is the host's, not the images': try once more. */
    gl_note (note, GL_NOTE_WARNING,
             "the appliance did not start within %d s; trying once more",
             launch_timeout ());
    if (reset_handle (g) == 0 && guarded_launch (g, &hung) == 0)
      return 0;
    if (hung)
      return gl_err_set (err, ETIMEDOUT,
                         "the libguestfs appliance did not start within %d s "
                         "(twice); is the host overloaded? (GUESTLIFT_LAUNCH_TIMEOUT "
                         "sets the limit)", launch_timeout ());
  }
  const char *e = gl_guestfs_error (g);
  bool kvm_failed = false;
  for (size_t i = 0; kvm_failure_markers[i]; ++i)
    if (strstr (e, kvm_failure_markers[i]))
      kvm_failed = true;
  if (kvm_failed && !gl_appliance_user_chose_backend ()) {
    CLEANUP_FREE char *why = gl_first_message (e);
    gl_host_kvm_failed (why, note);
    /* The same handle, shut down, its disks added again, TCG forced. */
    if (reset_handle (g) == 0 && force_tcg (g) == 0 && guarded_launch (g, &hung) == 0)
      return 0;
    e = gl_guestfs_error (g);
  }
  return gl_err_set (err, guestfs_last_errno (g),
                     "cannot start the libguestfs appliance: %.*s",
                     (int) strcspn (e, "\n"), e);
}
