/* guestlift: a guest's LUKS devices (see luks.h). */
#include <config.h>

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cleanup.h"
#include "error.h"
#include "luks.h"

/* Keys tried on one device: each wrong one costs a key derivation
 * (seconds with argon2). */
#define KEYS_TRIED_MAX 16

/* The mapper name libguestfs gives an opened device: "luks-UUID"; a
 * device without a UUID gets its own name ("luks-sda2", "luks-VG-LV").
 * Only characters device-mapper takes. */
static char *
mapname_for (const char *uuid, const char *guest_name)
{
  const char *base = uuid ? uuid : guest_name + (strncmp (guest_name, "/dev/", 5) ? 0 : 5);
  char *m = gl_printf ("luks-%s", base);
  for (char *p = m; p && *p; ++p)
    if (!(isalnum ((unsigned char) *p) || *p == '-' || *p == '_' || *p == '.'))
      *p = '_';
  return m;
}

static int
open_one (struct gl_guest *gg, size_t i, bool *pv_inside, struct gl_err *err)
{
  /* Copies: gg->fs may move when the opened device is appended. */
  CLEANUP_FREE char *dev = strdup (gg->fs.ptr[i].mountable);
  CLEANUP_FREE char *uuid = gg->fs.ptr[i].uuid ? strdup (gg->fs.ptr[i].uuid) : NULL;
  CLEANUP_FREE char *name = dev ? strdup (dev) : NULL;
  if (!dev || !name || (gg->fs.ptr[i].uuid && !uuid))
    return gl_err_set (err, ENOMEM, "out of memory");
  gl_guest_canonical_name (gg, &name);
  gg->encrypted = true;

  const char *keys[KEYS_TRIED_MAX];
  size_t nkeys = gl_luks_keys_for (gg->keys, name, uuid, keys, KEYS_TRIED_MAX);
  CLEANUP_FREE char *map = mapname_for (uuid, name);
  if (!map)
    return gl_err_set (err, ENOMEM, "out of memory");
  for (size_t k = 0; k < nkeys; ++k) {
    CLEANUP_ERR struct gl_err e = GL_ERR_INIT;
    if (gl_guest_luks_open (gg->io, dev, keys[k], map, &e) == 0) {
      CLEANUP_FREE char *mapped = gl_printf ("/dev/mapper/%s", map);
      if (!mapped)
        return gl_err_set (err, ENOMEM, "out of memory");
      size_t before = gg->fs.len;
      if (gl_guest_add_device (gg, mapped, err) == -1)
        return -1;
      if (gg->fs.len > before &&
          strcmp (gg->fs.ptr[before].type, "LVM2_member") == 0)
        *pv_inside = true;
      return 0;
    }
    /* libguestfs's message is cryptsetup's ("No key available with this
     * passphrase"): it never holds the key. */
    gl_debug ("%s: %s: key %zu of %zu does not open it: %s", gg->image, name,
              k + 1, nkeys, gl_err_msg (&e, "?"));
  }
  CLEANUP_FREE char *why = nkeys
    ? gl_printf ("%s: encrypted (LUKS): none of the %zu key%s given for it "
                 "opens it: not inspected", name, nkeys, nkeys > 1 ? "s" : "")
    : gl_printf ("%s: encrypted (LUKS) and no key was given for it (--key, "
                 "--keys-from-stdin): not inspected", name);
  if (!why || string_vector_add_unique (&gg->locked, why) == -1)
    return gl_err_set (err, ENOMEM, "out of memory");
  return 0;
}

int
gl_guest_open_luks (struct gl_guest *gg, size_t from, bool *pv_inside,
                    struct gl_err *err)
{
  /* Devices appended here (opened ones) are not LUKS again (LUKS in
   * LUKS is not looked into). */
  size_t end = gg->fs.len;
  for (size_t i = from; i < end; ++i)
    if (strcmp (gg->fs.ptr[i].type, "crypto_LUKS") == 0 &&
        open_one (gg, i, pv_inside, err) == -1)
      return -1;
  return 0;
}
