/* guestlift: apply the conversion plan to the mounted guest (see
 * apply.h).  Every step names its guest path when it fails. */
#include <config.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdbool.h>

#include "apply.h"
#include "cleanup.h"
#include "err.h"
#include "error.h"
#include "guest-io.h"
#include "note.h"

/* WHAT PATH failed because of E. */
static int
fail (const struct gl_err *e, struct gl_err *err, const char *what,
      const char *path)
{
  return gl_err_set (err, e->errnum, "%s %s: %s", what, path,
                     gl_err_msg (e, "?"));
}

/* The risk, said once whatever went wrong. */
static void
warn_initrd (const struct gl_plan *plan, const struct gl_note_sink *notes,
             const char *why)
{
  gl_note (notes, GL_NOTE_WARNING, "kernel %s: %s: the guest may not find "
           "its root disk on virtio: boot with an IDE disk or rebuild the "
           "initrd with virtio_blk in the guest", plan->kernel->version, why);
}

/* Rebuild the initrd with the guest's own tool: plan->initrd_rebuilt, or
 * a warning when it cannot (no tool, the tool fails).  -1 with ERR only
 * when the tool ran past the time limit: the appliance was killed. */
static int
rebuild_initrd (struct gl_guest_io *io, struct gl_plan *plan, int seconds,
                const struct gl_note_sink *notes, struct gl_err *err)
{
  if (!plan->initrd_argv) {
    warn_initrd (plan, notes, "its initrd lacks virtio_blk and the guest has "
                 "no dracut, mkinitrd or update-initramfs to rebuild it");
    return 0;
  }
  const char *tool = plan->initrd_argv[0];
  gl_note (notes, GL_NOTE_NOTICE, "rebuilding the initrd of kernel %s with "
           "the guest's %s (time limit %d s)", plan->kernel->version, tool,
           seconds);
  /* The tool runs inside the guest with a time limit: a hostile guest's
   * tool may never end.  Never unguarded (guest-io.h). */
  CLEANUP_ERR struct gl_err e = GL_ERR_INIT;
  CLEANUP_FREE char *out = NULL;
  switch (gl_guest_command (io, plan->initrd_argv, seconds, &out, &e)) {
  case GL_COMMAND_DONE:
    plan->initrd_rebuilt = true;
    return 0;
  case GL_COMMAND_NOT_RUN: {
    CLEANUP_FREE char *why = gl_printf ("its initrd was not rebuilt (%s)",
                                        gl_err_msg (&e, "?"));
    warn_initrd (plan, notes, why ? why : "its initrd was not rebuilt");
    return 0;
  }
  case GL_COMMAND_TIMED_OUT:
    return gl_err_set (err, ETIMEDOUT, "the guest's %s (rebuilding the "
                       "initrd of kernel %s) did not finish within %d s; the "
                       "appliance was stopped (--command-timeout SECONDS sets "
                       "the limit)", tool, plan->kernel->version, seconds);
  case GL_COMMAND_FAILED:
    break;
  }
  /* libguestfs says "command: " followed by the tool's stderr, which
   * may be empty (a tool that cannot even start). */
  const char *cause = gl_err_msg (&e, "");
  if (strncmp (cause, "command:", 8) == 0)
    cause += 8;
  cause += strspn (cause, " ");
  CLEANUP_FREE char *msg = gl_printf ("rebuilding its initrd with %s failed (%s)", tool,
                                      *cause ? cause : "it exited with an error and no message");
  warn_initrd (plan, notes, msg ? msg : "rebuilding its initrd failed");
  return 0;
}

int
gl_plan_apply (struct gl_guest_io *io, struct gl_plan *plan,
               struct gl_err *err)
{
  CLEANUP_ERR struct gl_err e = GL_ERR_INIT;
  for (size_t i = 0; i < plan->edits.len; ++i) {
    const struct gl_file_edit *f = &plan->edits.ptr[i];
    /* The existing file's contents are replaced: its inode, owner, mode
     * and SELinux label stay. */
    if (gl_guest_write_file (io, f->path, f->new_text, strlen (f->new_text), &e) == -1)
      return fail (&e, err, "cannot write", f->path);
  }
  for (size_t i = 0; i < plan->links.len; ++i) {
    const struct gl_link_edit *l = &plan->links.ptr[i];
    if (gl_guest_symlink (io, l->target, l->to, &e) == -1)
      return fail (&e, err, "cannot create the symlink", l->to);
    if (gl_guest_rm (io, l->from, &e) == -1)
      return fail (&e, err, "cannot remove", l->from);
  }
  if (plan->autorelabel && gl_guest_touch (io, "/.autorelabel", &e) == -1)
    return fail (&e, err, "cannot create", "/.autorelabel");
  return 0;
}

bool
gl_plan_runs_initrd_tool (const struct gl_plan *plan)
{
  return plan->initrd_needed && plan->initrd_argv;
}

int
gl_plan_rebuild_initrd (struct gl_guest_io *io, struct gl_plan *plan,
                        int command_timeout, const struct gl_note_sink *notes,
                        struct gl_err *err)
{
  if (!plan->initrd_needed)
    return 0;
  return rebuild_initrd (io, plan, command_timeout > 0 ? command_timeout
                         : GL_GUEST_COMMAND_TIMEOUT_S, notes, err);
}
