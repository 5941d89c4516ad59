/* guestlift: write the libvirt domain XML of a converted guest for a
 * target profile (kvm, xen-hvm, xen-pv), with libxml2's xmlTextWriter so
 * that every string is escaped.
 */
#ifndef GUESTLIFT_CONVERT_DOMAIN_XML_H
#define GUESTLIFT_CONVERT_DOMAIN_XML_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "target.h"

/* All strings are borrowed: the spec owns nothing. */
struct gl_domain_disk {
  const char *path;       /* NULL only for an empty CD-ROM */
  const char *format;     /* "raw", "qcow2"...; NULL: no <driver> type
                             (libvirt then assumes raw) */
  const char *target_dev; /* NULL: the profile's name for its index ("vda") */
  const char *bus;        /* NULL: the profile's disk bus */
  bool cdrom;             /* device='cdrom' (always read-only) */
  /* Backing files.  By default a disk is declared to have none
   * (<backingStore/>): libvirt then opens no file the image names. */
  bool backing_allowed;   /* the image's own backing chain is followed
                             (the user's --allow-backing-file) */
  const char *backing;    /* a backing file guestlift made the disk with
                             (a --snapshot overlay's base), written as the
                             one-level chain <backingStore> */
  const char *backing_format;  /* its format (required with backing) */
  bool readonly;
  bool block;             /* <disk type='block'><source dev=.../> */
};

struct gl_domain_nic {
  const char *mac;        /* "52:54:00:..."; NULL: libvirt picks one */
  const char *bridge;     /* NULL: <interface type='network'> */
  const char *network;    /* with bridge NULL: network name; NULL: "default" */
  const char *model;      /* NULL: the profile's NIC model (may be none) */
};

enum gl_graphics {
  GL_GRAPHICS_VNC = 0,    /* the default */
  GL_GRAPHICS_SPICE,      /* not for xen-pv */
  GL_GRAPHICS_NONE,
};

struct gl_domain_spec {
  const struct gl_target_profile *target; /* required: a row of target.h */
  const char *name;       /* required; no '/', no control characters */
  const char *uuid;       /* NULL: a random RFC 4122 version 4 UUID */
  uint64_t memory_mib;    /* required, > 0 */
  unsigned vcpus;         /* 0: 1 */
  const char *arch;       /* NULL: "x86_64"; or "i686" */
  const struct gl_domain_disk *disks;
  size_t n_disks;
  const struct gl_domain_nic *nics;
  size_t n_nics;
  /* Direct kernel boot when kernel is not NULL (paths on the host). */
  const char *kernel;
  const char *initrd;
  const char *cmdline;
  /* xen-pv without kernel: NULL means the profile's pygrub. Ignored by the
   * other targets and when kernel is set. */
  const char *bootloader;
  const char *bootloader_args;
  /* <on_poweroff>, <on_reboot>, <on_crash>: libvirt's action names
   * (gl_domain_action_valid); NULL: destroy, restart, destroy. */
  const char *on_poweroff, *on_reboot, *on_crash;
  enum gl_graphics graphics;
  bool no_console;        /* true: no serial port / console at all */
  const char *console_log; /* console to this file (type='file'), not a pty */
};

/* Why SPEC cannot be written (a static one-line reason), or NULL if it is
 * fine.  Checked: target, name, uuid syntax, memory, vcpus (<= 4096), arch
 * (x86_64|i686), disk paths/formats, MACs, spice on xen-pv, disk count
 * against the bus (IDE: 4). */
const char *gl_domain_spec_invalid (const struct gl_domain_spec *spec);

/* Whether libvirt takes ACTION in <on_EVENT> (EVENT "poweroff",
 * "reboot" or "crash"): destroy, restart, preserve, rename-restart; for
 * crash also coredump-destroy, coredump-restart. */
bool gl_domain_action_valid (const char *event, const char *action);

/* Write the whole document to FP (built in memory first, so nothing is
 * written on failure).  0, or -1 with errno: EINVAL (spec invalid, see
 * gl_domain_spec_invalid), EIO (write failed), ENOMEM. */
int gl_domain_xml_write (const struct gl_domain_spec *spec, FILE *fp);

/* A fresh random UUID (RFC 4122 v4) from /dev/urandom into BUF (37 bytes):
 * 0, or -1 with errno. */
int gl_uuid_generate (char buf[37]);

#endif
