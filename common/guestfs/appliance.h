/* guestlift: appliance policy -- how libguestfs handles are opened and
 * launched (the user's view: guestlift-inspect(1), THE APPLIANCE).
 *
 * Where /dev/kvm exists but cannot run guests (nested hosts: qemu hangs or
 * aborts with "failed to set MSR"), guestlift uses TCG by itself, says so
 * once on stderr and remembers the answer in $XDG_CACHE_HOME/guestlift/.
 * LIBGUESTFS_BACKEND / LIBGUESTFS_BACKEND_SETTINGS set by the user win:
 * then KVM is not probed at all.
 */
#ifndef GUESTLIFT_APPLIANCE_H
#define GUESTLIFT_APPLIANCE_H

#include <stdbool.h>
#include <guestfs.h>

/* Which accelerator qemu should use on this host: true = KVM works,
 * false = use TCG.  Probes once (a few seconds at most) and caches;
 * thread-safe.  Appliances ask only when the user did not choose. */
bool gl_host_kvm_usable (void);

/* Did the user choose libguestfs's backend or its settings
 * (LIBGUESTFS_BACKEND or LIBGUESTFS_BACKEND_SETTINGS set)?  Then the
 * appliance is left to libguestfs: no KVM probe, no TCG fallback. */
bool gl_appliance_user_chose_backend (void);

/* $XDG_CACHE_HOME/guestlift (created), or NULL if it cannot be made.
 * Static storage. */
const char *gl_cache_dir (void);

/* A new handle with guestlift's settings (quiet error handler, memory and
 * vCPUs tuned for TCG, TCG forced when KVM is unusable).  NULL with *err. */
guestfs_h *gl_appliance_open (char **err);
/* How many appliances the caller runs side by side (default 1): their
 * vCPUs are shared out so as not to outnumber the host's CPUs. */
void gl_appliance_set_concurrency (unsigned n);

/* Add a disk (format given explicitly: never probed).  Use this rather
 * than guestfs_add_drive_opts: the handle remembers its disks so that a
 * relaunch (TCG fallback, hung launch) can add them again.  0 or -1. */
int gl_appliance_add_drive (guestfs_h *g, const char *path, const char *format,
                            bool readonly);

/* Launch; if KVM fails to run the appliance, retry once with TCG and
 * remember; a launch that hangs past GUESTLIFT_LAUNCH_TIMEOUT seconds
 * (default 300) is killed and tried once more.  0, or -1 with *err (a
 * one-line reason). */
int gl_appliance_launch (guestfs_h *g, char **err);

/* The last libguestfs error as a one-line string (never NULL). */
const char *gl_guestfs_error (guestfs_h *g);

#endif
