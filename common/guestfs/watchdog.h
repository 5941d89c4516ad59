/* guestlift: a watchdog over one libguestfs appliance.  libguestfs has no
 * time limit of its own, neither on a launch nor on a call: a launch that
 * hangs (TCG on a loaded host) or a guest command that never ends (a
 * hostile guest's update-initramfs) would block guestlift forever.  The
 * watchdog is a thread that, past its limit, kills the appliance's qemu
 * with SIGKILL; the blocked libguestfs call then returns an error and the
 * handle is good for nothing but guestfs_close.
 *
 * The qemu is found by its pid (guestfs_get_pid, once launched) or by its
 * command line, which holds a mark of the handle's own (gl_watchdog_mark:
 * a word on the appliance kernel's command line), so that the watchdog of
 * one appliance never kills another's.  The mark also finds a qemu that
 * is not our child (LIBGUESTFS_BACKEND=libvirt), when we may signal it.
 */
#ifndef GUESTLIFT_WATCHDOG_H
#define GUESTLIFT_WATCHDOG_H

#include <stdbool.h>
#include <guestfs.h>

struct gl_watchdog;

/* Give G's appliance a mark of its own ("guestlift.appliance=PID.N",
 * added to the appliance kernel's command line, which qemu's command line
 * carries).  Before the launch.  0, or -1 (the watchdog then looks for
 * the handle's temporary directory instead). */
int gl_watchdog_mark (guestfs_h *g);

/* Start watching G's appliance for SECONDS.  NULL when no watchdog can
 * run (no thread, out of memory): the caller decides whether to go on
 * unguarded. */
struct gl_watchdog *gl_watchdog_start (guestfs_h *g, int seconds);

/* Stop watching and free W (NULL: false).  true when the limit was
 * reached and the appliance was killed. */
bool gl_watchdog_stop (struct gl_watchdog *w);

#endif
