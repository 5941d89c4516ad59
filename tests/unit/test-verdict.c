/* Unit tests for inspect/verdict.c on kernels with no config: a config
 * that a bound kept from being read is said to be too large (the file and
 * the bound), never "no config found". */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "guest.h"
#include "report.h"
#include "tap.h"

static struct gl_os *
os_with_kernel (const char *version, const char *unread)
{
  struct gl_os *os = gl_os_new ();
  struct gl_kernel *k = gl_kernel_new ();
  os->type = strdup ("linux");
  k->version = strdup (version);
  k->vmlinuz = gl_printf ("/boot/vmlinuz-%s", version);
  k->xen_pv_only = GL_NULL;
  k->config_unread = unread ? strdup (unread) : NULL;
  gl_kernel_vector_append (&os->kernels, k);
  return os;
}

static const char *
warning_with (const struct gl_os *os, const char *text)
{
  for (size_t i = 0; i < os->kvm.warnings.len; ++i)
    if (strstr (os->kvm.warnings.ptr[i], text))
      return os->kvm.warnings.ptr[i];
  return NULL;
}

int
main (void)
{
  struct gl_os *os = os_with_kernel ("6.1.0", NULL);
  gl_kvm_verdict (os);
  ok (warning_with (os, "kernel 6.1.0: no config found (no config file, no IKCONFIG)") != NULL,
      "no config anywhere: \"no config found\"");
  ok (!os->kvm.bootable && os->kvm.blockers.len == 0, "unknown: not bootable, no blocker");
  gl_os_free (os);

  static const char big[] =
    "/boot/config-6.1.0: too large (2 GiB; the bound is 16 MiB): not read";
  os = os_with_kernel ("6.1.0", big);
  gl_kvm_verdict (os);
  const char *w = warning_with (os, "kernel 6.1.0: ");
  ok (w && strstr (w, big), "a config too large: the warning names it and the bound");
  ok (w && strstr (w, "cannot tell whether it is Xen PV-only"), "and says what is unknown");
  ok (!warning_with (os, "no config found") && !warning_with (os, "no config file"),
      "and never says there is no config");
  ok (os->kvm.blockers.len == 0, "still no blocker: unknown is not PV-only");
  gl_os_free (os);

  /* Device names on KVM: the map, and a blocker for a device of no disk. */
  static const struct {
    const char *cmdline, *fstab; size_t disks; const char *blocker, *name;
  } dn[] = {
    { "root=/dev/xvda2 ro", "/dev/xvda1", 2, NULL,
      "xen-tools layout: xvda2 and xvda1 are on disk 1" },
    { "root=/dev/xvdz9 ro", NULL, 2,
      "/dev/xvdz9 (the default boot entry's root) names no disk of the guest: on KVM "
      "it would be /dev/vdz9, and the guest has 2 disks (/dev/vda to /dev/vdb)",
      "root=/dev/xvdz9 with 2 disks: blocker naming it" },
    { "root=UUID=0123 resume=/dev/xvdb1", NULL, 1,
      "/dev/xvdb1 (the default boot entry's resume) names no disk of the guest: on KVM "
      "it would be /dev/vdb1, and the guest has 1 disk (/dev/vda)",
      "resume= on a second disk the guest does not have" },
    { "root=/dev/sda1", "/dev/xvdc1", 2,
      "/dev/xvdc1 (/ or swap in /etc/fstab) names no disk",
      "fstab's swap on a third disk" },
    { "root=/dev/mapper/vg-root root=LABEL=x", NULL, 1, NULL, "mapper and LABEL= are not judged" },
    { "root=/dev/vdb1", NULL, 2, NULL, "a KVM name of an existing disk" },
  };
  for (size_t i = 0; i < sizeof dn / sizeof dn[0]; ++i) {
    os = os_with_kernel ("6.1.0", NULL);
    os->kernels.ptr[0]->xen_pv_only = GL_FALSE;
    os->kernels.ptr[0]->virtio.blk = true;
    os->default_cmdline = strdup (dn[i].cmdline);
    if (dn[i].fstab)
      string_vector_add (&os->fstab_boot_devices, dn[i].fstab);
    gl_kvm_verdict (os);
    is_int (gl_kvm_device_names (os, dn[i].disks), 0, "device names: %s: ran", dn[i].name);
    if (dn[i].blocker) {
      ok (os->kvm.blockers.len == 1 && strstr (os->kvm.blockers.ptr[0], dn[i].blocker),
          "device names: %s (%s)", dn[i].name,
          os->kvm.blockers.len ? os->kvm.blockers.ptr[0] : "no blocker");
      ok (!os->kvm.bootable, "device names: %s: not bootable", dn[i].name);
    }
    else
      ok (os->kvm.blockers.len == 0 && os->kvm.bootable, "device names: %s: no blocker (%s)",
          dn[i].name, os->kvm.blockers.len ? os->kvm.blockers.ptr[0] : "");
    is_int ((int) os->device_map.len, (int) dn[i].disks, "device names: the map has a row a disk");
    if (dn[i].disks == 2) {
      is_str (os->device_map.ptr[1].key, "/dev/xvdb", "... /dev/xvdb");
      is_str (os->device_map.ptr[1].value, "/dev/vdb", "... -> /dev/vdb");
    }
    gl_os_free (os);
  }
  return tap_done ();
}
