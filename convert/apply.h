/* guestlift: apply a conversion plan (convert/plan.h) to the guest mounted
 * read-write in a writable guest I/O (the appliance): file contents, symlink renames, the SELinux
 * relabel flag and the initrd rebuild with the guest's own tool.
 */
#ifndef GUESTLIFT_CONVERT_APPLY_H
#define GUESTLIFT_CONVERT_APPLY_H

#include <stdbool.h>

#include "err.h"
#include "gl-limits.h"
#include "guest-io.h"
#include "note.h"
#include "plan.h"

/* Every command run inside the guest (the initrd rebuild) has a time
 * limit, in seconds (GL_GUEST_COMMAND_TIMEOUT_S, gl-limits.h).  The
 * default is generous because the appliance may run under TCG, where a
 * real dracut or mkinitrd run (module lookup, xz/zstd compression) is
 * 10-30 times slower than on hardware: minutes, not seconds.  The user
 * changes it with --command-timeout; there is no "no limit". */

/* The file edits, symlink renames and relabel flag: 0, or -1 with ERR
 * naming what failed (a file that cannot be written).  IO must be
 * writable (gl_guest_writable). */
int gl_plan_apply (struct gl_guest_io *io, struct gl_plan *plan,
                   struct gl_err *err);

/* Whether gl_plan_rebuild_initrd will run a tool in the guest (the wait
 * a person sees a phase line for). */
bool gl_plan_runs_initrd_tool (const struct gl_plan *plan);

/* The initrd rebuild, after gl_plan_apply (nothing when the plan needs
 * none): 0, or -1 with ERR.  The tool's run is a notice to NOTES.  An
 * initrd that cannot be rebuilt (no tool, or the tool fails) is not an
 * error: a warning to NOTES names the kernel and the risk, and the
 * conversion goes on.  A guest command that runs past COMMAND_TIMEOUT
 * seconds (<= 0: GL_GUEST_COMMAND_TIMEOUT_S of gl-limits.h) is: its
 * appliance is killed, ERR names the command, the limit and
 * --command-timeout, and IO is good for nothing but closing. */
int gl_plan_rebuild_initrd (struct gl_guest_io *io, struct gl_plan *plan,
                            int command_timeout,
                            const struct gl_note_sink *notes,
                            struct gl_err *err);

#endif
