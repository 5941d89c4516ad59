/* guestlift: guest I/O through a libguestfs appliance (the one
 * implementation of guest-io-ops.h today; it also writes, for convert).
 *
 * Choosing this implementation is the only thing a caller does that
 * knows about libguestfs: everything after goes through guest-io.h.
 */
#ifndef GUESTLIFT_GUEST_IO_APPLIANCE_H
#define GUESTLIFT_GUEST_IO_APPLIANCE_H

#include <stdbool.h>

#include "err.h"
#include "guest-io.h"
#include "note.h"

struct gl_appliance_opts {
  /* A host folder of the caller's (run-files.h) where libguestfs keeps
   * its own files (overlays of read-only disks); NULL: libguestfs's. */
  const char *tmpdir;
  /* TMPDIR came from gl_run_tmpdir and goes with the handle: closing
   * it removes the folder (gl_run_tmpdir_remove). */
  bool remove_tmpdir;
  /* How many appliances the caller runs side by side (0 = 1): their
   * vCPUs are shared out so as not to outnumber the host's CPUs. */
  unsigned side_by_side;
  /* Notes the user must see (TCG chosen, a launch retried). */
  struct gl_note_sink note;
};

/* A new appliance, not yet launched: add the disks (gl_guest_add_drive),
 * then gl_guest_launch.  NULL with err. */
struct gl_guest_io *gl_guest_io_appliance_open (const struct gl_appliance_opts *o,
                                                struct gl_err *err);

/* DIR with a backslash before each glob(7) special character (*?[]{}\),
 * for a glob pattern that must match it literally.  NULL on ENOMEM. */
char *gl_glob_escape (const char *dir);

#endif
