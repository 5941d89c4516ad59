/* guestlift launch: what one boot is made of (the launch spec), shared by
 * the command (cli/cmd-launch.c) and the backends (launch/backend-*.c).
 *
 * The spec only borrows its strings: whoever builds it owns them.
 */
#ifndef GUESTLIFT_LAUNCH_H
#define GUESTLIFT_LAUNCH_H

#include <stdbool.h>
#include <stddef.h>

#include "note.h"
#include "target.h"

/* --hypervisor.  AUTO is resolved by the command before any backend sees
 * the spec: a backend only ever gets KVM, QEMU, XEN_HVM or XEN_PV. */
enum gl_hypervisor {
  GL_HV_AUTO = 0,
  GL_HV_KVM,        /* qemu with KVM (falls back to TCG when KVM cannot run) */
  GL_HV_QEMU,       /* qemu, TCG always */
  GL_HV_XEN_HVM,
  GL_HV_XEN_PV,
};

/* "auto", "kvm", "qemu", "xen-hvm", "xen-pv": 0, else -1 (errno EINVAL). */
int gl_hypervisor_parse (const char *s, enum gl_hypervisor *hv);
const char *gl_hypervisor_name (enum gl_hypervisor hv);
/* The conversion target whose device names and console the guest sees:
 * kvm for KVM and QEMU, else the Xen profile of the same name.  Never
 * NULL (tests/unit/test-cmdline checks that each row names a profile). */
const struct gl_target_profile *gl_hypervisor_target (enum gl_hypervisor hv);

struct gl_launch_disk {
  const char *path;
  const char *format;       /* "raw", "qcow2", ...; never NULL */
  /* From a DOMAIN.xml (else zero): the bus ("virtio", "ide"; NULL is
   * virtio), read-only, and the disk BIOS boots from. */
  const char *bus;
  bool readonly;
  bool boot;
};

struct gl_launch_spec {
  enum gl_hypervisor hv;
  const char *name;         /* domain / VM name, e.g. "guestlift-bootable-xen" */
  const struct gl_launch_disk *disks;
  size_t n_disks;
  const char *kernel;       /* host paths (in the kernel cache); NULL:
                               BIOS boots the disk marked .boot */
  const char *initrd;       /* NULL: none */
  const char *cmdline;
  const char *machine;      /* qemu -machine (a DOMAIN.xml's), or NULL */
  unsigned memory_mib;
  unsigned vcpus;
  bool snapshot;            /* writes go to a throw-away overlay */
  bool allow_backing;       /* --allow-backing-file: the disks' own backing
                               chains are followed (else qemu and libvirt
                               are told the disks have none) */
  /* DOMAIN.xml given on the command line.  libvirt starts the file as it
   * is (every other field but name unused); other backends get the
   * fields above filled from it (launch/domain-file.h). */
  const char *domain_xml;
  /* For --dry-run: one line saying what is booted and where the command
   * line came from (the backend prints it as a comment of its output). */
  const char *origin;
  const char *subject;      /* what messages are about: the image path */
  struct gl_note_sink note; /* notes for the user (KVM unusable: TCG) */
};

#endif
