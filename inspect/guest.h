/* guestlift: per-guest inspection state, shared by the inspection steps
 * (guest-fs.c, os-facts.c, kernels.c, bootloader.c, guest-xen.c).
 *
 * One guest I/O handle (an appliance) may hold the disks of many guests;
 * a gl_guest is the view of one of them: its devices and its filesystems
 * only.  The steps reach the guest through guest-io.h alone.
 */
#ifndef GUESTLIFT_GUEST_H
#define GUESTLIFT_GUEST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "guest-io.h"
#include "report.h"
#include "vector.h"

struct gl_luks_keys;

struct gl_fs {
  char *mountable;     /* "/dev/sda1", "/dev/VolGroup00/LogVol00", "btrfsvol:..." */
  char *type;          /* "ext4", "swap", ... */
  char *uuid;          /* or NULL */
  char *label;         /* or NULL */
  /* A partition: where it lies on its disk (blkid's PART_ENTRY_OFFSET and
   * PART_ENTRY_SIZE, 512-byte sectors), to tell partitions that show one
   * filesystem (part-overlap.h).  span_known false: a whole disk, an LV,
   * or blkid did not say. */
  bool span_known;
  size_t disk;         /* index into gl_guest.devices */
  uint64_t part_start, part_size;
};
DEFINE_VECTOR_TYPE (gl_fs_vector, struct gl_fs);

/* An md RAID array of the guest (md-guests.h). */
struct gl_md {
  char *device;        /* the appliance's name, "/dev/md126" */
  char *uuid;          /* array UUID, hex digits only, lower case; or NULL */
};
DEFINE_VECTOR_TYPE (gl_md_vector, struct gl_md);

struct gl_guest {
  struct gl_guest_io *io;
  string_vector devices;     /* the handle's whole-disk devices, in guest disk order */
  gl_fs_vector fs;           /* this guest's filesystems */
  const char *tmpdir;        /* host scratch dir for downloads */
  const char *image;         /* image path, for messages */
  char *const *partitions;   /* every partition of the handle (listed once
                              * per appliance: it costs ~0.7 s) */
  const string_vector *lvs;  /* this guest's logical volumes ("/dev/VG/LV"),
                              * sorted out by lvm-guests.c; NULL = none */
  gl_md_vector md;           /* its md arrays, in canonical order
                              * (md-guests.h): md.ptr[k] is reported as
                              * /dev/md(127-k) */
  const struct gl_luks_keys *keys;  /* --key, --keys-from-stdin; or NULL */
  string_vector locked;      /* its LUKS devices no key opened (guest
                              * names): each is said in a warning */
  bool encrypted;            /* it has a LUKS device (opened or not) */
  bool vg_clash;             /* a VG inside its LUKS devices was left out:
                              * another VG of the appliance has its name
                              * (in a batch, its answer is not the one it
                              * gets alone: the engine inspects it again
                              * alone) */
  string_vector warnings;    /* about the guest's disks rather than one OS
                              * (a bound hit, partitions showing one
                              * filesystem): every OS found gets them */
};

/* Bounds on what one guest may cost (each says so when it is hit). */
#define GL_MAX_PARTITIONS_PER_DISK 32   /* partitions looked at, per disk */
#define GL_MAX_LVS 64                   /* logical volumes, per guest */
#define GL_MAX_SUBVOLUMES 64            /* btrfs subvolumes tried as roots, per filesystem */
#define GL_MAX_KERNELS 64               /* kernels inspected, per OS */
#define GL_MAX_BOOT_ENTRIES 256         /* boot menu entries whose kernels are looked up */
#define GL_MAX_FSTAB_ENTRIES 1024       /* /etc/fstab entries read */

/* guest-warn.c: bound warnings.  gl_os_warn adds a warning to
 * os->kvm.warnings unless the same text is there already (printf format);
 * gl_os_read is gl_guest_read that warns (bounds.h's words) when the file
 * is there but larger than max. */
void gl_os_warn (struct gl_os *os, const char *fmt, ...)
  __attribute__ ((format (printf, 2, 3)));
char *gl_os_read (struct gl_guest *gg, struct gl_os *os, const char *path,
                  size_t max, size_t *len);
/* The same for a guest-wide warning (gg->warnings). */
void gl_guest_warn (struct gl_guest *gg, const char *fmt, ...)
  __attribute__ ((format (printf, 2, 3)));

/* guest.c: the name a device of the handle has for the guest alone
 * ("/dev/sdk2" -> "/dev/sda2" when sdk is its first disk), in place. */
void gl_guest_canonical_name (struct gl_guest *gg, char **name);

/* guest-fs.c */
/* Partitions / whole disks (before the LVM sort-out), then the LVs.
 * -1 with err (out of memory, or gg->partitions could not be listed). */
int gl_guest_scan_disks (struct gl_guest *gg, struct gl_err *err);
int gl_guest_scan_lvs (struct gl_guest *gg, struct gl_err *err);
/* Add DEVICE (an opened LUKS device) to its filesystems, as blkid sees it. */
int gl_guest_add_device (struct gl_guest *gg, const char *device, struct gl_err *err);
/* Its md arrays (gg->md, sorted out by md-guests.c). */
int gl_guest_scan_md (struct gl_guest *gg, struct gl_err *err);
void gl_guest_free_filesystems (struct gl_guest *gg);
/* Is this mountable a Linux root (has /etc, /etc/fstab, /bin or /usr/bin)?
 * The filesystem is mounted at / by the caller. */
const char *gl_guest_root_kind (struct gl_guest *gg);
/* Map an fstab spec (UUID=, LABEL=, /dev/xvda1, /dev/mapper/vg-lv, ...)
 * to one of this guest's mountables, or NULL. */
const char *gl_guest_resolve_spec (struct gl_guest *gg, const char *spec);
/* The mountable of a btrfs subvolume, "btrfsvol:DEV/SUBVOL"
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
/* Add DEVICE (an appliance name: reported under the guest's own name,
 * gl_guest_canonical_name) to os->filesystems, and MOUNTPOINT -> DEVICE
 * to os->mountpoints when MOUNTPOINT is a path ("/..."; NULL: none).
 * gl_os_add_filesystem_as_is: DEVICE is reported as it is (a name of a
 * disk the guest lacks).  0, or -1 on ENOMEM. */
int gl_os_add_filesystem (struct gl_guest *gg, struct gl_os *os,
                          const char *mountpoint, const char *device);
int gl_os_add_filesystem_as_is (struct gl_os *os, const char *mountpoint,
                                const char *device);

/* windows.c: a Windows root (mounted at /): system root, architecture,
 * registry facts (winreg.h), drive letters, mountpoints. */
int gl_guest_windows (struct gl_guest *gg, struct gl_os *os);

/* os-facts.c: distro, product, version, hostname, packaging, arch. */
int gl_guest_os_facts (struct gl_guest *gg, struct gl_os *os);
/* kernels.c: the kernels in /boot (the newest GL_MAX_KERNELS), classified. */
int gl_guest_kernels (struct gl_guest *gg, struct gl_os *os);
/* The kernel of os whose image is vmlinuz_path, or NULL. */
struct gl_kernel *gl_guest_find_kernel (struct gl_os *os, const char *vmlinuz_path);
/* Add (and classify) a kernel image found elsewhere (named by the
 * bootloader); the one already there if it is.  The caller keeps to
 * GL_MAX_KERNELS. */
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
/* verdict.c (pure): os->device_map for a guest of N_DISKS disks, and a
 * blocker for each device the guest boots with (the default entry's
 * root= and resume=, fstab's / and swap) that names no disk of the
 * guest under that map (e.g. /dev/xvdz9 with two disks): not bootable. */
int gl_kvm_device_names (struct gl_os *os, size_t n_disks);

/* guest.c: all of the above for one guest whose disks were scanned
 * (gl_guest_scan_disks) and whose gg->lvs is set; appends to img->oses or
 * sets img->error. */
int gl_inspect_guest (struct gl_guest *gg, struct gl_image *img);

#endif
