/* guestlift launch: what a libvirt DOMAIN.xml says about booting the
 * guest, read so that a backend other than libvirt (qemu) can boot it
 * exactly as libvirt would: its memory and vCPUs, its domain type (kvm or
 * qemu), its machine, direct kernel boot (<kernel>/<initrd>/<cmdline>) or
 * BIOS through the boot disk's boot code (<boot dev='hd'/>, or a disk's
 * <boot order=.../>), its disks in order with their format, bus and
 * read-only flag.
 *
 * What the qemu backend cannot boot as written is refused with the
 * reason, never approximated: another domain type (xen), a Xen PV
 * <os><type>linux</type>, a firmware <loader> or UEFI, a boot device
 * other than a hard disk, a disk that is not a file or block device on
 * the virtio or IDE bus.
 */
#ifndef GUESTLIFT_LAUNCH_DOMAIN_FILE_H
#define GUESTLIFT_LAUNCH_DOMAIN_FILE_H

#include <stdbool.h>
#include <stddef.h>

#include "err.h"
#include "launch.h"

/* A DOMAIN.xml is read whole; libvirt's own limit is 10 MiB, a
 * hand-written or converted domain is a few KiB. */
#define GL_DOMAIN_XML_MAX (1024 * 1024)
/* Disks booted from one DOMAIN.xml (convert writes at most 702). */
#define GL_DOMAIN_XML_MAX_DISKS 1024

struct gl_domain_boot {
  char *name;
  bool tcg;                 /* <domain type='qemu'>: TCG, never KVM */
  char *machine;            /* <type machine=...>, or NULL */
  unsigned memory_mib;      /* <memory>, rounded up to MiB */
  unsigned vcpus;
  char *kernel, *initrd, *cmdline;   /* all NULL: BIOS boot */
  struct gl_launch_disk *disks;      /* malloc'd, with their strings */
  size_t n_disks;
};

/* The text of the DOMAIN.xml at PATH (malloc'd, *len bytes), bounded
 * by GL_DOMAIN_XML_MAX; NULL with err (without the path). */
char *gl_domain_xml_read (const char *path, size_t *len, struct gl_err *err);

/* Read PATH.  0, or -1 with err (one line, without the path). */
int gl_domain_boot_read (const char *path, struct gl_domain_boot *b,
                         struct gl_err *err);
/* The same from a document in memory (tests). */
int gl_domain_boot_parse (const char *xml, size_t len, struct gl_domain_boot *b,
                          struct gl_err *err);
void gl_domain_boot_free (struct gl_domain_boot *b);

#endif
