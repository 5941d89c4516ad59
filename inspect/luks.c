/* guestlift: a guest's LUKS devices (see luks.h). */
#include <config.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cleanup.h"
#include "error.h"
#include "luks.h"
#include "luks-open.h"

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

  CLEANUP_FREE char *mapped = NULL;
  size_t nkeys;
  if (gl_luks_open_keyed (gg->io, dev, name, uuid, gg->keys, &mapped, &nkeys, err) == -1)
    return -1;
  if (mapped) {
    size_t before = gg->fs.len;
    if (gl_guest_add_device (gg, mapped, err) == -1)
      return -1;
    if (gg->fs.len > before &&
        strcmp (gg->fs.ptr[before].type, "LVM2_member") == 0)
      *pv_inside = true;
    return 0;
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
