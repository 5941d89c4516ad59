/* guestlift: answers to guest path probes, remembered while the mounts
 * stay the same.
 *
 * Inspection probes dozens of paths per guest, most of which do not exist
 * (/etc/SuSE-release on Debian, /boot/initrd-* name patterns, ...), and
 * some several times (a kernel is checked by the kernel, boot loader and
 * initrd steps).  Each probe costs a round trip to the appliance (~7 ms
 * under TCG, a forked chroot in guestfsd).  So:
 *  - a probe's answer is remembered for its path (is-file, is-dir);
 *  - a directory probed a second time is listed once, and every later
 *    probe of a name it does not hold is answered "absent" from that
 *    listing.  Listed names still go to the appliance (file? directory?
 *    symlink to what?), so the answers are exactly the appliance's.
 *
 * The memo belongs to the generic layer of guest I/O (guest-io.c), so
 * every implementation gets it; it pays where a probe is a round trip
 * (the appliance).  Off unless enabled on a handle: only a read-only
 * inspection may use it (a write would leave answers stale).  A mount
 * forgets what lies under its mount point, umount-all and a change of
 * LVM scope forget everything (guest-io.c does it).
 */
#ifndef GUESTLIFT_GUEST_MEMO_H
#define GUESTLIFT_GUEST_MEMO_H

#include <stdbool.h>

#include "guest-io.h"

int gl_guest_memo_enable (struct gl_guest_io *io);
/* Frees what was remembered; gl_guest_io_close calls it. */
void gl_guest_memo_disable (struct gl_guest_io *io);
/* Forget what lies at or below mountpoint ("/" = everything). */
void gl_guest_memo_forget (struct gl_guest_io *io, const char *mountpoint);

/* 1 or 0 when known, -1 when the implementation must be asked (then
 * tell the answer with gl_guest_memo_store). */
int gl_guest_memo_lookup (struct gl_guest_io *io, const char *path, enum gl_probe what);
void gl_guest_memo_store (struct gl_guest_io *io, const char *path, enum gl_probe what,
                          bool answer);
/* A complete listing of DIR the caller made (gl_guest_ls): kept, so the
 * memo does not list DIR again. */
void gl_guest_memo_store_listing (struct gl_guest_io *io, const char *dir, char *const *names);

#endif
