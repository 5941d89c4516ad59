/* guestlift: which logical volumes belong to which guest, when one
 * appliance holds the disks of many guests.
 *
 * Volume groups with a unique name and PVs with unique UUIDs were
 * activated when the appliance booted: their LVs are given to the guest
 * whose disks hold the PVs (vgpvuuids -> the PV UUIDs blkid saw on its
 * disks), with no further
 * LVM work.  Guests whose VG names repeat (every RHEL 5 has VolGroup00),
 * or whose PVs are clones (same UUIDs: guests cloned from one template),
 * cannot be told apart that way: they are "scoped" -- inspected one at a
 * time with LVM filtered to their own disks (gl_guest_lvm_scope).
 */
#ifndef GUESTLIFT_LVM_GUESTS_H
#define GUESTLIFT_LVM_GUESTS_H

#include <stdbool.h>
#include <stddef.h>

#include "guest-io.h"
#include "vector.h"

struct gl_lvm_guest {
  char **disks;            /* its whole-disk devices (borrowed) */
  size_t ndisks;
  string_vector pv_uuids;  /* in: UUIDs of the PVs on its disks (blkid,
                            * any dashes), empty when it has no LVM */
  bool scoped;             /* out: must be inspected with lvm_scope_enter */
  string_vector lvs;       /* out (unscoped guests): its LVs, "/dev/VG/LV" */
};

/* Sort out the guests' LVM.  Returns true when some guest is scoped: the
 * caller then inspects unscoped guests first (scoping changes what is
 * active), then each scoped guest after gl_lvm_scope_enter. */
bool gl_lvm_assign (struct gl_guest_io *io, struct gl_lvm_guest *guests, size_t n);
/* LVM sees only this guest's disks; its VGs are activated (those of the
 * guest scoped before are not); its LVs are listed into guest->lvs. */
void gl_lvm_scope_enter (struct gl_guest_io *io, struct gl_lvm_guest *guest);
/* The LVs ("/dev/VG/LV") of the VGs that have a PV among PV_UUIDS
 * (blkid's, any dashes), appended to OUT: a guest's VGs inside LUKS
 * devices it opened after the LVM sort-out (LVM inside LUKS inside LVM),
 * once the caller has rescanned.  A VG whose name another VG of the
 * appliance has too is left out (LVM cannot tell them apart), and
 * *CLASH is set then and when a PV's VG is not shown at all (LVM refuses
 * a name it sees twice).  -1 only when out of memory. */
int gl_lvm_lvs_of_pvs (struct gl_guest_io *io, const string_vector *pv_uuids,
                       string_vector *out, bool *clash);
void gl_lvm_guest_free (struct gl_lvm_guest *guest);

#endif
