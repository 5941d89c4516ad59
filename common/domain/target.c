/* guestlift: the conversion target profiles (see target.h).
 *
 * Why these choices:
 *  - kvm: virtio everywhere (disk, NIC, balloon, RNG); a serial console on
 *    ttyS0 because that is what a converted PV guest (which used hvc0/xvc0)
 *    is re-pointed to.
 *  - xen-hvm: emulated IDE disks (hd*) and an e1000 NIC, so that a kernel
 *    without Xen PV drivers still finds its root disk and network; Xen's
 *    hvmloader firmware.  IDE allows four disks only.
 *  - xen-pv: the guest keeps its xvd* names, netfront (no model), the Xen
 *    console hvc0, and pygrub when the kernel is not given directly.  It is
 *    the only target where a PV-only (XenLinux) kernel is acceptable, and
 *    the guest needs no edits.
 */
#include <config.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "drive-name.h"
#include "target.h"

/* Device names are generated up to "zzz" (18278 disks): far beyond what any
 * bus takes, and it keeps the name short. */
#define MAX_NAMED_DISKS (26u + 26u * 26u + 26u * 26u * 26u)

static const struct gl_target_profile profiles[] = {
  {
    .name = "kvm",
    .domain_type = "kvm", .os_type = "hvm", .machine = "pc", .loader = NULL,
    .disk_bus = "virtio", .device_prefix = "vd", .max_disks = MAX_NAMED_DISKS,
    .nic_model = "virtio", .console = "ttyS0", .console_target = "serial",
    .video_model = "vga", .memballoon_model = "virtio", .rng_model = "virtio",
    .default_bootloader = NULL,
    .acpi = true, .apic = true, .pae = false,
    .needs_guest_edits = true, .accepts_pv_only_kernel = false,
    .paravirt = false,
  },
  {
    .name = "xen-hvm",
    .domain_type = "xen", .os_type = "hvm", .machine = "xenfv",
    .loader = "/usr/lib/xen/boot/hvmloader",
    .disk_bus = "ide", .device_prefix = "hd", .max_disks = 4,
    .nic_model = "e1000", .console = "ttyS0", .console_target = "serial",
    .video_model = "cirrus", .memballoon_model = NULL, .rng_model = NULL,
    .default_bootloader = NULL,
    .acpi = true, .apic = true, .pae = true,
    .needs_guest_edits = true, .accepts_pv_only_kernel = false,
    .paravirt = false,
  },
  {
    .name = "xen-pv",
    .domain_type = "xen", .os_type = "linux", .machine = "xenpv",
    .loader = NULL,
    .disk_bus = "xen", .device_prefix = "xvd", .max_disks = MAX_NAMED_DISKS,
    .nic_model = NULL, .console = "hvc0", .console_target = "xen",
    .video_model = NULL, .memballoon_model = NULL, .rng_model = NULL,
    .default_bootloader = "/usr/lib/xen/bin/pygrub",
    .acpi = false, .apic = false, .pae = false,
    .needs_guest_edits = false, .accepts_pv_only_kernel = true,
    .paravirt = true,
  },
};

#define N_PROFILES (sizeof profiles / sizeof profiles[0])

const struct gl_target_profile *
gl_target_nth (size_t i)
{
  return i < N_PROFILES ? &profiles[i] : NULL;
}

const struct gl_target_profile *
gl_target_parse (const char *name)
{
  for (size_t i = 0; name && i < N_PROFILES; ++i)
    if (strcmp (name, profiles[i].name) == 0)
      return &profiles[i];
  errno = EINVAL;
  return NULL;
}

char *
gl_target_names (const char *sep, const char *last)
{
  struct gl_buf b = GL_BUF_INIT;
  for (size_t i = 0; i < N_PROFILES; ++i)
    if (gl_buf_printf (&b, "%s%s", i == 0 ? "" : i + 1 < N_PROFILES
                       ? sep : last, profiles[i].name) == -1) {
      gl_buf_free (&b);
      return NULL;
    }
  return gl_buf_steal (&b);
}

char *
gl_target_device_name (const struct gl_target_profile *p,
                       unsigned index, unsigned partition)
{
  if (p == NULL || index >= p->max_disks || index >= MAX_NAMED_DISKS) {
    errno = ERANGE;
    return NULL;
  }
  return gl_drive_name (p->device_prefix, index, partition);
}
