/* guestlift: apply a conversion plan (convert/plan.h) to the guest mounted
 * read-write in an appliance: file contents, symlink renames, the SELinux
 * relabel flag and the initrd rebuild with the guest's own tool.
 */
#ifndef GUESTLIFT_CONVERT_APPLY_H
#define GUESTLIFT_CONVERT_APPLY_H

#include <guestfs.h>

#include "plan.h"

/* 0, or -1 with *err naming what failed (a file that cannot be written).
 * An initrd that cannot be rebuilt (no tool, or the tool fails) is not an
 * error: a warning names the kernel and the risk, and the conversion goes
 * on. */
int gl_plan_apply (guestfs_h *g, struct gl_plan *plan, char **err);

#endif
