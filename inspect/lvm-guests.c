/* guestlift: LVM of several guests in one appliance (see lvm-guests.h). */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
gl_lvm_assign (struct gl_guest_io *io, struct gl_lvm_guest *guests, size_t n)
{
  size_t with_pvs = 0;
  for (size_t i = 0; i < n; ++i)
    with_pvs += guests[i].pv_uuids.len > 0;
  if (with_pvs == 0)
    return false;
  CLEANUP_FREE_STRING_LIST char **lvs = gl_guest_lvs (io, NULL);

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
  CLEANUP_FREE_STRING_LIST char **vgs = gl_guest_vgs (io, NULL);
  CLEANUP_FREE bool *claimed = calloc (n, sizeof (bool));
  if (!claimed)
    return false;
  for (size_t v = 0; vgs && vgs[v]; ++v) {
    if (count (vgs, vgs[v]) > 1)
      continue;
    CLEANUP_FREE_STRING_LIST char **uuids = gl_guest_vg_pv_uuids (io, vgs[v], NULL);
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

/* The filter and activation are the guest I/O's business (for the
 * appliance, one lvm-set-filter call); a scope that cannot be set leaves
 * the guest with the LVs LVM shows (the debug output says why). */
void
gl_lvm_scope_enter (struct gl_guest_io *io, struct gl_lvm_guest *guest)
{
  CLEANUP_ERR struct gl_err err = GL_ERR_INIT;
  if (gl_guest_lvm_scope (io, guest->disks, guest->ndisks, &err) == -1)
    gl_debug ("LVM scope: %s", gl_err_msg (&err, "?"));
  string_vector_free (&guest->lvs);
  CLEANUP_FREE_STRING_LIST char **lvs = gl_guest_lvs (io, NULL);
  for (size_t k = 0; lvs && lvs[k]; ++k)
    string_vector_add (&guest->lvs, lvs[k]);
}

int
gl_lvm_lvs_of_pvs (struct gl_guest_io *io, const string_vector *pv_uuids,
                   string_vector *out, bool *clash)
{
  if (!pv_uuids->len)
    return 0;
  const struct gl_lvm_guest holder = { .pv_uuids = *pv_uuids };
  CLEANUP_FREE_STRING_LIST char **lvs = gl_guest_lvs (io, NULL);
  CLEANUP_FREE_STRING_LIST char **vgs = gl_guest_vgs (io, NULL);
  size_t seen = 0;             /* PVs of PV_UUIDS in the VGs LVM shows */
  for (size_t v = 0; vgs && vgs[v]; ++v) {
    CLEANUP_FREE_STRING_LIST char **uuids = gl_guest_vg_pv_uuids (io, vgs[v], NULL);
    bool ours = false;
    for (size_t u = 0; uuids && uuids[u]; ++u)
      if (has_pv (&holder, uuids[u])) {
        ours = true;
        seen++;
      }
    if (!ours)
      continue;
    if (count (vgs, vgs[v]) > 1) {
      gl_debug ("VG %s inside LUKS: its name is not unique in the appliance: "
                "not looked into", vgs[v]);
      *clash = true;
      continue;
    }
    for (size_t k = 0; lvs && lvs[k]; ++k)
      if (lv_in_vg (lvs[k], vgs[v]) && string_vector_add (out, lvs[k]) == -1)
        return -1;
  }
  /* A PV whose VG LVM does not show: LVM refused a VG name it sees
   * twice (another guest's VG, in a batch). */
  if (seen < pv_uuids->len)
    *clash = true;
  return 0;
}

void
gl_lvm_guest_free (struct gl_lvm_guest *guest)
{
  string_vector_free (&guest->lvs);
  string_vector_free (&guest->pv_uuids);
}
