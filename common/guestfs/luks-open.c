/* guestlift: open a LUKS device with the user's keys (see luks-open.h). */
#include <config.h>

#include <ctype.h>
#include <errno.h>
#include <string.h>

#include "cleanup.h"
#include "error.h"
#include "luks-open.h"

char *
gl_luks_mapname (const char *uuid, const char *guest_name)
{
  const char *base = uuid ? uuid : guest_name + (strncmp (guest_name, "/dev/", 5) ? 0 : 5);
  char *m = gl_printf ("luks-%s", base);
  for (char *p = m; p && *p; ++p)
    if (!(isalnum ((unsigned char) *p) || *p == '-' || *p == '_' || *p == '.'))
      *p = '_';
  return m;
}

int
gl_luks_open_keyed (struct gl_guest_io *io, const char *dev, const char *name,
                    const char *uuid, const struct gl_luks_keys *keys,
                    char **opened, size_t *tried, struct gl_err *err)
{
  *opened = NULL;
  const char *k[GL_LUKS_KEYS_TRIED];
  *tried = keys ? gl_luks_keys_for (keys, name, uuid, k, GL_LUKS_KEYS_TRIED) : 0;
  CLEANUP_FREE char *map = gl_luks_mapname (uuid, name);
  if (!map)
    return gl_err_set (err, ENOMEM, "out of memory");
  for (size_t i = 0; i < *tried; ++i) {
    CLEANUP_ERR struct gl_err e = GL_ERR_INIT;
    if (gl_guest_luks_open (io, dev, k[i], map, &e) == 0) {
      *opened = gl_printf ("/dev/mapper/%s", map);
      return *opened ? 0 : gl_err_set (err, ENOMEM, "out of memory");
    }
    /* libguestfs's message is cryptsetup's ("No key available with this
     * passphrase"): it never holds the key. */
    gl_debug ("%s: key %zu of %zu does not open it: %s", name, i + 1, *tried,
              gl_err_msg (&e, "?"));
  }
  return 0;
}
