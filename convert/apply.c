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
#include "watchdog.h"

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

/* Rebuild the initrd with the guest's own tool: plan->initrd_rebuilt, or
 * a warning when it cannot (no tool, the tool fails).  -1 with *err only
 * when the tool ran past the time limit: the appliance was killed. */
static int
rebuild_initrd (guestfs_h *g, struct gl_plan *plan, int seconds, char **err)
{
  if (!plan->initrd_argv) {
    warn_initrd (plan, "its initrd lacks virtio_blk and the guest has no "
                 "dracut, mkinitrd or update-initramfs to rebuild it");
    return 0;
  }
  const char *tool = plan->initrd_argv[0];
  if (!gl_quiet ())
    gl_notice ("rebuilding the initrd of kernel %s with the guest's %s "
               "(time limit %d s)", plan->kernel->version, tool, seconds);
  /* The tool runs inside the guest (guestfs_command, chrooted in its
   * root) under the watchdog: a hostile guest's tool may never end, and
   * libguestfs has no time limit of its own.  Never unguarded. */
  struct gl_watchdog *w = gl_watchdog_start (g, seconds);
  if (!w) {
    warn_initrd (plan, "its initrd was not rebuilt (no thread to bound the "
                 "guest's tool in time)");
    return 0;
  }
  char *out = guestfs_command (g, plan->initrd_argv);
  if (gl_watchdog_stop (w)) {
    free (out);
    *err = gl_printf ("the guest's %s (rebuilding the initrd of kernel %s) did "
                      "not finish within %d s; the appliance was stopped "
                      "(--command-timeout SECONDS sets the limit)",
                      tool, plan->kernel->version, seconds);
    return -1;
  }
  if (out) {
    free (out);
    plan->initrd_rebuilt = true;
    return 0;
  }
  /* libguestfs says "command: " followed by the tool's stderr, which
   * may be empty (a tool that cannot even start). */
  CLEANUP_FREE char *why = first_line (gl_guestfs_error (g));
  const char *cause = why ? why : "";
  if (strncmp (cause, "command:", 8) == 0)
    cause += 8;
  cause += strspn (cause, " ");
  CLEANUP_FREE char *msg = gl_printf ("rebuilding its initrd with %s failed (%s)", tool,
                                      *cause ? cause : "it exited with an error and no message");
  warn_initrd (plan, msg ? msg : "rebuilding its initrd failed");
  return 0;
}

int
gl_plan_apply (guestfs_h *g, struct gl_plan *plan, int command_timeout,
               char **err)
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
    return rebuild_initrd (g, plan, command_timeout > 0 ? command_timeout
                           : GL_GUEST_COMMAND_TIMEOUT_S, err);
  return 0;
}
