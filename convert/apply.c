/* guestlift: apply the conversion plan to the mounted guest (see
 * apply.h).  Every step names its guest path when it fails. */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdbool.h>

#include <guestfs.h>

#include "appliance.h"
#include "apply.h"
#include "cleanup.h"
#include "error.h"

static char *
first_line (const char *msg)
{
  return strndup (msg, strcspn (msg, "\n"));
}

static int
fail (guestfs_h *g, char **err, const char *what, const char *path)
{
  CLEANUP_FREE char *why = first_line (gl_guestfs_error (g));
  *err = gl_printf ("%s %s: %s", what, path, why ? why : "?");
  return -1;
}

/* The risk, said once whatever went wrong. */
static void
warn_initrd (const struct gl_plan *plan, const char *why)
{
  gl_warning (NULL, "kernel %s: %s: the guest may not find its root disk on "
              "virtio: boot with an IDE disk or rebuild the initrd with "
              "virtio_blk in the guest", plan->kernel->version, why);
}

/* true when the guest's own tool rebuilt the initrd. */
static bool
rebuild_initrd (guestfs_h *g, const struct gl_plan *plan)
{
  if (!plan->initrd_argv) {
    warn_initrd (plan, "its initrd lacks virtio_blk and the guest has no "
                 "dracut, mkinitrd or update-initramfs to rebuild it");
    return false;
  }
  char *out = guestfs_command (g, plan->initrd_argv);
  if (out) {
    free (out);
    return true;
  }
  /* libguestfs says "command: " followed by the tool's stderr, which
   * may be empty (a tool that cannot even start). */
  CLEANUP_FREE char *why = first_line (gl_guestfs_error (g));
  const char *w = why ? why : "";
  if (strncmp (w, "command:", 8) == 0)
    w += 8;
  w += strspn (w, " ");
  CLEANUP_FREE char *msg = gl_printf ("rebuilding its initrd with %s failed (%s)",
                                      plan->initrd_argv[0],
                                      *w ? w : "it exited with an error and no message");
  warn_initrd (plan, msg ? msg : "rebuilding its initrd failed");
  return false;
}

int
gl_plan_apply (guestfs_h *g, struct gl_plan *plan, char **err)
{
  for (size_t i = 0; i < plan->edits.len; ++i) {
    const struct gl_file_edit *e = &plan->edits.ptr[i];
    /* guestfs_write truncates the existing file: its inode, owner, mode
     * and SELinux label stay. */
    if (guestfs_write (g, e->path, e->new_text, strlen (e->new_text)) == -1)
      return fail (g, err, "cannot write", e->path);
  }
  for (size_t i = 0; i < plan->links.len; ++i) {
    const struct gl_link_edit *l = &plan->links.ptr[i];
    if (guestfs_ln_sf (g, l->target, l->to) == -1)
      return fail (g, err, "cannot create the symlink", l->to);
    if (guestfs_rm (g, l->from) == -1)
      return fail (g, err, "cannot remove", l->from);
  }
  if (plan->autorelabel && guestfs_touch (g, "/.autorelabel") == -1)
    return fail (g, err, "cannot create", "/.autorelabel");
  if (plan->initrd_needed)
    plan->initrd_rebuilt = rebuild_initrd (g, plan);
  return 0;
}
