/* guestlift: the guest as convert works on it -- its disks in ONE
 * guest I/O handle (the appliance: common/guestfs/guest-io-appliance.h), LVM
 * activated, root and the other filesystems mounted where the report's
 * mountpoints say, read-only (--dry-run) or read-write (the output copies,
 * or the sources with --in-place) -- and a checked shutdown.
 */
#ifndef GUESTLIFT_CONVERT_SESSION_H
#define GUESTLIFT_CONVERT_SESSION_H

#include <stdbool.h>
#include <stddef.h>

#include "guest-io.h"
#include "note.h"
#include "report.h"

/* Add paths[0..n-1] (formats[i] given explicitly, never probed), launch,
 * mount OS.  The report's device names are canonical (/dev/sda1 = the
 * first disk's first partition), which is how they are mapped onto the
 * handle's devices.  NOTE hears what the user must see (TCG chosen, a
 * launch retried).  Returns the handle, or NULL with *err. */
struct gl_guest_io *gl_session_open (const char *const *paths,
                                     const char *const *formats, size_t n,
                                     const struct gl_os *os, bool readonly,
                                     const struct gl_note_sink *note, char **err);

/* Unmount, shut the appliance down (which flushes every write to the
 * disks: its result is checked) and close.  0, or -1 with *err.  IO may
 * be NULL (0). */
int gl_session_close (struct gl_guest_io *io, char **err);

/* Copy a guest file of at most MAX bytes to the host file HOST_PATH
 * (overwritten).  0, or -1 with *err. */
int gl_session_download (struct gl_guest_io *io, const char *guest_path,
                         const char *host_path, long long max, char **err);

#endif
