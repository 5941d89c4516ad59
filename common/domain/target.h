/* guestlift: conversion targets (kvm, xen-hvm, xen-pv) as a table of
 * profiles.  Everything that differs between targets (libvirt domain type,
 * disk bus, guest device names, NIC model, console) is looked up here, so
 * that the guest editor and the domain XML writer never test the target
 * by name.
 */
#ifndef GUESTLIFT_CONVERT_TARGET_H
#define GUESTLIFT_CONVERT_TARGET_H

#include <stdbool.h>

enum gl_target {
  GL_TARGET_KVM,
  GL_TARGET_XEN_HVM,
  GL_TARGET_XEN_PV,
};
#define GL_TARGET_COUNT 3

struct gl_target_profile {
  enum gl_target target;
  const char *name;             /* "kvm", "xen-hvm", "xen-pv" */
  const char *domain_type;      /* <domain type=...>: "kvm", "xen" */
  const char *os_type;          /* <os><type>: "hvm", or "linux" (Xen PV) */
  const char *machine;          /* <type machine=...>: "pc", "xenfv", "xenpv" */
  const char *loader;           /* <loader type='rom'>: hvmloader, else NULL */
  const char *disk_bus;         /* <target bus=...>: "virtio", "ide", "xen" */
  const char *device_prefix;    /* guest block device prefix: "vd", "hd", "xvd" */
  unsigned max_disks;           /* IDE: 4 (hda..hdd) */
  const char *nic_model;        /* "virtio", "e1000", NULL (netfront) */
  const char *console;          /* guest console device: "ttyS0", "hvc0" */
  const char *console_target;   /* <console><target type=...>: "serial", "xen" */
  const char *video_model;      /* "vga", "cirrus", NULL (PV: vfb only) */
  const char *memballoon_model; /* "virtio", else NULL (no element) */
  const char *rng_model;        /* "virtio", else NULL (no element) */
  const char *default_bootloader; /* xen-pv: pygrub, else NULL */
  bool acpi, apic, pae;         /* <features> */
  bool needs_guest_edits;       /* fstab/console/initrd edits on the copy */
  bool accepts_pv_only_kernel;  /* a XenLinux (PV-only) kernel can boot */
};

/* Never NULL for a valid enum value (NULL otherwise). */
const struct gl_target_profile *gl_target_profile (enum gl_target t);

/* "kvm", "xen-hvm", "xen-pv" (exact, case-sensitive): 0, else -1 with
 * errno EINVAL. */
int gl_target_parse (const char *name, enum gl_target *t);

/* The targets' names in the table's order, for messages: joined by SEP,
 * the last one by LAST (", " and " or ": "kvm, xen-hvm or xen-pv").
 * malloc'd; NULL on ENOMEM. */
char *gl_target_names (const char *sep, const char *last);

/* The guest's name for disk INDEX (0-based) and PARTITION (0 = the whole
 * disk): prefix + bijective base-26 letters + partition number, e.g.
 * (kvm, 0, 0) "vda", (kvm, 1, 1) "vdb1", (xen-pv, 26, 0) "xvdaa".
 * Returns a malloc'd string; NULL with errno ERANGE if INDEX is beyond the
 * profile's max_disks, ENOMEM on allocation failure. */
char *gl_target_device_name (const struct gl_target_profile *p,
                             unsigned index, unsigned partition);

#endif
