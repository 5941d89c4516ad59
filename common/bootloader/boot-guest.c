/* guestlift: the appliance as a reader of a guest's bootloader files (see
 * boot-guest.h). */
#include <config.h>

#include <guestfs.h>

#include "boot-guest.h"
#include "guest-io.h"

static char *
guest_read (void *g, const char *path, size_t max, size_t *len,
            uint64_t *too_large)
{
  return gl_guest_read_sized (g, path, max, len, too_large);
}

static char **
guest_glob (void *g, const char *dir, const char *pattern)
{
  return gl_guest_glob (g, dir, pattern);
}

struct gl_boot_reader
gl_boot_guest_reader (guestfs_h *g, string_vector *warnings)
{
  struct gl_boot_reader r = { guest_read, guest_glob, g, warnings };
  return r;
}
