/* guestlift: conversion targets (kvm, xen-hvm, xen-pv) as a table of
 * profiles.  Everything that differs between targets (libvirt domain type,
 * disk bus, guest device names, NIC model, console) is looked up here, so
 * that the guest editor and the domain XML writer never test the target
 * by name.
 */
#ifndef GUESTLIFT_CONVERT_TARGET_H
#define GUESTLIFT_CONVERT_TARGET_H

#include <stdbool.h>

#include <stddef.h>

/* One row per target; a new target is a new row in target.c (and its
 * docs): nothing names the targets but the table and the docs. */
struct gl_target_profile {
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
  bool paravirt;                /* Xen PV: no firmware, the host boots the
                                   kernel (pygrub or direct); no SPICE */
};

/* The profile named NAME ("kvm", "xen-hvm", "xen-pv": exact,
 * case-sensitive), from the table; NULL with errno EINVAL for any other
 * name or NULL. */
const struct gl_target_profile *gl_target_parse (const char *name);

/* The table's Ith row (0-based, in the table's order); NULL past the
 * end. */
const struct gl_target_profile *gl_target_nth (size_t i);

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
