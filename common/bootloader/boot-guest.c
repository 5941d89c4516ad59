/* guestlift: a guest's bootloader files read through the guest I/O (see
 * boot-guest.h). */
#include <config.h>

#include "boot-guest.h"
#include "guest-io.h"

static char *
guest_read (void *io, const char *path, size_t max, size_t *len,
            uint64_t *too_large)
{
  return gl_guest_read_sized (io, path, max, len, too_large);
}

static char **
guest_glob (void *io, const char *dir, const char *pattern)
{
  return gl_guest_glob (io, dir, pattern, NULL);
}

struct gl_boot_reader
gl_boot_guest_reader (struct gl_guest_io *io, string_vector *warnings)
{
  struct gl_boot_reader r = { guest_read, guest_glob, io, warnings };
  return r;
}
