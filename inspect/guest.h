/* guestlift: per-guest inspection state, shared by the inspection steps
 * (guest-fs.c, os-facts.c, kernels.c, bootloader.c, guest-xen.c).
 *
 * One appliance may hold the disks of many guests; a gl_guest is the view
 * of one of them: its appliance devices and its filesystems only.
 */
#ifndef GUESTLIFT_GUEST_H
#define GUESTLIFT_GUEST_H

#include <stdbool.h>
#include <guestfs.h>

#include "report.h"
#include "vector.h"

struct gl_fs {
  char *mountable;     /* "/dev/sda1", "/dev/VolGroup00/LogVol00", "btrfsvol:..." */
  char *type;          /* "ext4", "swap", ... */
  char *uuid;          /* or NULL */
  char *label;         /* or NULL */
};
DEFINE_VECTOR_TYPE (gl_fs_vector, struct gl_fs);

struct gl_guest {
  guestfs_h *g;
  string_vector devices;     /* appliance whole-disk devices, in guest disk order */
  gl_fs_vector fs;           /* this guest's filesystems */
  const char *tmpdir;        /* host scratch dir for downloads */
  const char *image;         /* image path, for messages */
  char *const *partitions;   /* every partition of the appliance (listed
                              * once per appliance: it costs ~0.7 s) */
  const string_vector *lvs;  /* this guest's logical volumes ("/dev/VG/LV"),
                              * sorted out by lvm-guests.c; NULL = none */
};

/* guest-fs.c */
/* Partitions / whole disks (before the LVM sort-out), then the LVs. */
int gl_guest_scan_disks (struct gl_guest *gg);
int gl_guest_scan_lvs (struct gl_guest *gg);
void gl_guest_free_filesystems (struct gl_guest *gg);
/* Is this mountable a Linux root (has /etc, /etc/fstab, /bin or /usr/bin)?
 * The filesystem is mounted at / by the caller. */
const char *gl_guest_root_kind (struct gl_guest *gg);
/* Map an fstab spec (UUID=, LABEL=, /dev/xvda1, /dev/mapper/vg-lv, ...)
 * to one of this guest's mountables, or NULL. */
const char *gl_guest_resolve_spec (struct gl_guest *gg, const char *spec);
/* libguestfs's mountable for a btrfs subvolume, "btrfsvol:DEV/SUBVOL"
 * (SUBVOL is subvol[0..len)), or NULL when the name cannot go into it and
 * its "subvol=" mount option: empty, longer than GL_SUBVOLUME_MAX, or
 * holding a comma (another option), a backslash or a control byte. */
#define GL_SUBVOLUME_MAX 1024
char *gl_guest_btrfsvol (const char *dev, const char *subvol, size_t len);
/* With os->root already mounted read-only at /, mount the fstab filesystems that matter for
 * inspection (/boot, /usr) read-only; fill os->mountpoints and
 * os->xen.fstab_devices.  0 or -1. */
int gl_guest_mount_os (struct gl_guest *gg, struct gl_os *os);
void gl_guest_umount (struct gl_guest *gg);

/* os-facts.c: distro, product, version, hostname, packaging, arch. */
int gl_guest_os_facts (struct gl_guest *gg, struct gl_os *os);
/* kernels.c: every kernel in /boot (plus extra paths), classified. */
int gl_guest_kernels (struct gl_guest *gg, struct gl_os *os);
/* Add a kernel image found elsewhere (named by the bootloader). */
struct gl_kernel *gl_guest_add_kernel (struct gl_guest *gg, struct gl_os *os,
                                       const char *vmlinuz_path,
                                       const char *initrd_path);
/* bootloader.c: bootloader type/config/default; marks the default kernel. */
int gl_guest_bootloader (struct gl_guest *gg, struct gl_os *os);
/* guest-xen.c: consoles and modprobe aliases (fstab devices come from
 * gl_guest_mount_os). */
int gl_guest_xen_refs (struct gl_guest *gg, struct gl_os *os);

/* verdict.c (pure): os->kvm from os->kernels and os->xen. */
int gl_kvm_verdict (struct gl_os *os);

/* guest.c: all of the above for one guest whose disks were scanned
 * (gl_guest_scan_disks) and whose gg->lvs is set; appends to img->oses or
 * sets img->error. */
int gl_inspect_guest (struct gl_guest *gg, struct gl_image *img);

#endif
