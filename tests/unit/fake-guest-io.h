/* guestlift tests: an in-memory guest I/O -- a second implementation of
 * common/guestfs/guest-io-ops.h, read-only, over a table of paths, so the
 * generic layer (bounded reads, downloads, listings, the probe memo) is
 * tested without an appliance.  It counts the calls it gets, and can be
 * told to fail (an implementation that cannot answer).
 */
#ifndef GUESTLIFT_FAKE_GUEST_IO_H
#define GUESTLIFT_FAKE_GUEST_IO_H

#include <stddef.h>
#include <stdint.h>

#include "guest-io.h"

enum fake_kind { FAKE_FILE, FAKE_DIR, FAKE_SYMLINK };

struct fake_entry {
  const char *path;          /* absolute, clean */
  enum fake_kind kind;
  const char *data;          /* file: contents; symlink: its target (absolute) */
  size_t len;                /* file: size (0: strlen (data)) */
};

struct fake_calls {
  size_t probes, globs, preads;
  uint64_t read_end;         /* furthest byte any pread asked for */
  /* The mounts made, in order: "MOUNTABLE@MOUNTPOINT;" each (cut at
   * its size).  A mountable named "/dev/bad..." does not mount. */
  char mounted[256];
};

/* A handle over ENTRIES (n of them; the table is borrowed).  PREAD_MAX
 * and DOWNLOAD_ABOVE set the ops table's read strategy.  Close with
 * gl_guest_io_close. */
struct gl_guest_io *fake_guest_io_open (const struct fake_entry *entries, size_t n,
                                        size_t pread_max, uint64_t download_above);
/* From now on every probe, read and listing fails (-1, "fake failure"). */
void fake_guest_io_fail (struct gl_guest_io *io);
struct fake_calls *fake_guest_io_calls (struct gl_guest_io *io);

#endif
