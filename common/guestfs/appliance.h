/* guestlift: appliance policy -- how libguestfs handles are opened and
 * launched (the user's view: guestlift-inspect(1), THE APPLIANCE).  Used
 * by the appliance implementation of guest I/O (guest-io-appliance.c)
 * only: everything else goes through guest-io.h.
 *
 * KVM or TCG is the host's answer (host-kvm.h): where KVM cannot run
 * guests the appliance is told to use TCG.  LIBGUESTFS_BACKEND /
 * LIBGUESTFS_BACKEND_SETTINGS set by the user win: then KVM is not
 * probed at all.
 */
#ifndef GUESTLIFT_APPLIANCE_H
#define GUESTLIFT_APPLIANCE_H

#include <stdbool.h>
#include <guestfs.h>

#include "err.h"
#include "guest-io-appliance.h"
#include "note.h"

/* Did the user choose libguestfs's backend or its settings
 * (LIBGUESTFS_BACKEND or LIBGUESTFS_BACKEND_SETTINGS set)?  Then the
 * appliance is left to libguestfs: no KVM probe, no TCG fallback. */
bool gl_appliance_user_chose_backend (void);

/* A new handle with guestlift's settings (quiet error handler, memory and
 * vCPUs tuned for TCG and for O->side_by_side appliances, TCG forced when
 * KVM is unusable, O->tmpdir for libguestfs's files).  NULL with err. */
guestfs_h *gl_appliance_open (const struct gl_appliance_opts *o, struct gl_err *err);

/* Add a disk (format given explicitly: never probed).  Use this rather
 * than guestfs_add_drive_opts: the handle remembers its disks so that a
 * relaunch (TCG fallback, hung launch) can add them again.  0 or -1
 * (the cause in libguestfs's last error). */
int gl_appliance_add_drive (guestfs_h *g, const char *path, const char *format,
                            bool readonly);

/* Launch; if KVM fails to run the appliance, retry once with TCG and
 * remember (NOTE hears it); a launch that hangs past
 * GUESTLIFT_LAUNCH_TIMEOUT seconds (default 300) is killed and tried once
 * more (NOTE hears that too).  0, or -1 with err (a one-line reason). */
int gl_appliance_launch (guestfs_h *g, const struct gl_note_sink *note,
                         struct gl_err *err);

/* The last libguestfs error as a one-line string (never NULL). */
const char *gl_guestfs_error (guestfs_h *g);

#endif
