/* guestlift: LVM of several guests in one appliance (see lvm-guests.h). */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <guestfs.h>

#include "cleanup.h"
#include "error.h"
#include "lvm-guests.h"

/* PV UUIDs compared without their dashes (blkid prints them, LVM's
 * vgpvuuids does not). */
static bool
same_uuid (const char *a, const char *b)
{
  for (;;) {
    while (*a == '-') a++;
    while (*b == '-') b++;
    if (*a != *b)
      return false;
    if (!*a)
      return true;
    a++, b++;
  }
}

static bool
has_pv (const struct gl_lvm_guest *g, const char *uuid)
{
  for (size_t i = 0; i < g->pv_uuids.len; ++i)
    if (same_uuid (g->pv_uuids.ptr[i], uuid))
      return true;
  return false;
}

static size_t
count (char *const *list, const char *s)
{
  size_t c = 0;
  for (size_t i = 0; list && list[i]; ++i)
    c += strcmp (list[i], s) == 0;
  return c;
}

/* "/dev/VG/LV" -> does it belong to VG? */
static bool
lv_in_vg (const char *lv, const char *vg)
{
  size_t n = strlen (vg);
  return strncmp (lv, "/dev/", 5) == 0 && strncmp (lv + 5, vg, n) == 0 &&
    lv[5 + n] == '/';
}

bool
gl_lvm_assign (guestfs_h *g, struct gl_lvm_guest *guests, size_t n)
{
  size_t with_pvs = 0;
  for (size_t i = 0; i < n; ++i)
    with_pvs += guests[i].pv_uuids.len > 0;
  if (with_pvs == 0)
    return false;
  CLEANUP_FREE_STRING_LIST char **lvs = guestfs_lvs (g);

  /* Even with one guest holding PVs, an LV is given only through its VG's
   * PVs: a VG whose PVs are on none of the guests' disks (LVM on an md
   * array built from other images of the batch) belongs to no guest, or
   * that guest's report would change with its neighbours (issue 14.1). */
  /* Cloned PVs (one UUID on the disks of two guests: guests made from one
   * template).  LVM shows only one of them; both guests are scoped. */
  for (size_t i = 0; i < n; ++i)
    for (size_t j = i + 1; j < n; ++j)
      for (size_t u = 0; u < guests[i].pv_uuids.len; ++u)
        if (has_pv (&guests[j], guests[i].pv_uuids.ptr[u]))
          guests[i].scoped = guests[j].scoped = true;

  /* Unique VG names: the guest that holds the VG's PVs. */
  CLEANUP_FREE_STRING_LIST char **vgs = guestfs_vgs (g);
  CLEANUP_FREE bool *claimed = calloc (n, sizeof (bool));
  if (!claimed)
    return false;
  for (size_t v = 0; vgs && vgs[v]; ++v) {
    if (count (vgs, vgs[v]) > 1)
      continue;
    CLEANUP_FREE_STRING_LIST char **uuids = guestfs_vgpvuuids (g, vgs[v]);
    long o = -1;
    for (size_t i = 0; i < n && o < 0; ++i)
      for (size_t u = 0; uuids && uuids[u] && o < 0; ++u)
        if (has_pv (&guests[i], uuids[u]))
          o = (long) i;
    if (o < 0 || guests[o].scoped)
      continue;
    claimed[o] = true;
    for (size_t k = 0; lvs && lvs[k]; ++k)
      if (lv_in_vg (lvs[k], vgs[v]))
        string_vector_add (&guests[o].lvs, lvs[k]);
  }
  /* A guest with PVs that no unique VG accounts for shares a VG name. */
  bool any_scoped = false;
  for (size_t i = 0; i < n; ++i) {
    if (guests[i].pv_uuids.len && !claimed[i])
      guests[i].scoped = true;
    if (guests[i].scoped) {
      string_vector_free (&guests[i].lvs);
      any_scoped = true;
    }
  }
  return any_scoped;
}

/* lvm-set-filter itself deactivates every VG LVM can see, narrows the
 * filter to these disks, rescans and activates what is left: one call
 * moves LVM from the previous scoped guest (or from the boot state) to
 * this one.  Measured with LVM 2.03 in the appliance: a clone's twin that
 * was active under the wide filter is switched off by it too, so no extra
 * vgchange is needed before or after. */
static int
set_filter (guestfs_h *g, struct gl_lvm_guest *guest)
{
  CLEANUP_FREE char **list = calloc (guest->ndisks + 1, sizeof (char *));
  if (!list)
    return -1;
  for (size_t i = 0; i < guest->ndisks; ++i)
    list[i] = guest->disks[i];
  return guestfs_lvm_set_filter (g, list);
}

void
gl_lvm_scope_enter (guestfs_h *g, struct gl_lvm_guest *guest)
{
  if (set_filter (g, guest) == -1) {
    /* An LVM that would not deactivate a VG under the wide filter: switch
     * everything off explicitly and try once more. */
    gl_debug ("lvm-set-filter: %s", guestfs_last_error (g));
    guestfs_vg_activate_all (g, 0);
    if (set_filter (g, guest) == -1)
      gl_debug ("lvm-set-filter: %s", guestfs_last_error (g));
  }
  string_vector_free (&guest->lvs);
  CLEANUP_FREE_STRING_LIST char **lvs = guestfs_lvs (g);
  for (size_t k = 0; lvs && lvs[k]; ++k)
    string_vector_add (&guest->lvs, lvs[k]);
}

void
gl_lvm_guest_free (struct gl_lvm_guest *guest)
{
  string_vector_free (&guest->lvs);
  string_vector_free (&guest->pv_uuids);
}
