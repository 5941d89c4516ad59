/* Unit tests for common/domain/target.c: the profile table, target names and
 * guest device names. */
#include <config.h>

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "target.h"
#include "tap.h"

static void
check_name (enum gl_target t, unsigned index, unsigned part, const char *exp)
{
  char *s = gl_target_device_name (gl_target_profile (t), index, part);
  is_str (s, exp, "device name (%s, %u, %u)", gl_target_profile (t)->name,
          index, part);
  free (s);
}

int
main (void)
{
  enum gl_target t = GL_TARGET_KVM;
  const struct gl_target_profile *p;
  char *s;

  /* Names round-trip through the table. */
  for (int i = 0; i < GL_TARGET_COUNT; ++i) {
    p = gl_target_profile (i);
    ok (p != NULL && p->target == (enum gl_target) i, "profile %d exists", i);
    ok (gl_target_parse (p->name, &t) == 0 && t == (enum gl_target) i,
        "parse \"%s\"", p->name);
  }
  ok (gl_target_profile (GL_TARGET_COUNT) == NULL, "no profile past the end");
  errno = 0;
  ok (gl_target_parse ("KVM", &t) == -1 && errno == EINVAL,
      "names are case-sensitive");
  ok (gl_target_parse ("xen", &t) == -1, "\"xen\" alone is ambiguous");
  ok (gl_target_parse (NULL, &t) == -1, "NULL name");

  p = gl_target_profile (GL_TARGET_KVM);
  is_str (p->domain_type, "kvm", "kvm domain type");
  is_str (p->os_type, "hvm", "kvm os type");
  is_str (p->disk_bus, "virtio", "kvm disk bus");
  is_str (p->nic_model, "virtio", "kvm nic model");
  is_str (p->console, "ttyS0", "kvm console");
  is_str (p->machine, "pc", "kvm machine");
  ok (p->loader == NULL, "kvm: no loader");
  ok (p->needs_guest_edits && !p->accepts_pv_only_kernel, "kvm flags");

  p = gl_target_profile (GL_TARGET_XEN_HVM);
  is_str (p->domain_type, "xen", "xen-hvm domain type");
  is_str (p->os_type, "hvm", "xen-hvm os type");
  is_str (p->disk_bus, "ide", "xen-hvm disk bus");
  is_str (p->device_prefix, "hd", "xen-hvm prefix");
  is_str (p->nic_model, "e1000", "xen-hvm nic model");
  is_str (p->console, "ttyS0", "xen-hvm console");
  is_str (p->loader, "/usr/lib/xen/boot/hvmloader", "xen-hvm loader");
  ok (p->needs_guest_edits && !p->accepts_pv_only_kernel, "xen-hvm flags");

  p = gl_target_profile (GL_TARGET_XEN_PV);
  is_str (p->domain_type, "xen", "xen-pv domain type");
  is_str (p->os_type, "linux", "xen-pv os type");
  is_str (p->disk_bus, "xen", "xen-pv disk bus");
  ok (p->nic_model == NULL, "xen-pv: no nic model");
  is_str (p->console, "hvc0", "xen-pv console");
  ok (!p->needs_guest_edits && p->accepts_pv_only_kernel, "xen-pv flags");

  check_name (GL_TARGET_KVM, 0, 0, "vda");
  check_name (GL_TARGET_KVM, 1, 1, "vdb1");
  check_name (GL_TARGET_KVM, 25, 0, "vdz");
  check_name (GL_TARGET_KVM, 26, 0, "vdaa");
  check_name (GL_TARGET_KVM, 27, 2, "vdab2");
  check_name (GL_TARGET_KVM, 51, 0, "vdaz");
  check_name (GL_TARGET_KVM, 52, 0, "vdba");
  check_name (GL_TARGET_KVM, 701, 0, "vdzz");
  check_name (GL_TARGET_KVM, 702, 0, "vdaaa");
  check_name (GL_TARGET_KVM, 18277, 0, "vdzzz");
  check_name (GL_TARGET_XEN_HVM, 2, 0, "hdc");
  check_name (GL_TARGET_XEN_HVM, 0, 15, "hda15");
  check_name (GL_TARGET_XEN_PV, 26, 0, "xvdaa");
  check_name (GL_TARGET_XEN_PV, 0, 1, "xvda1");

  errno = 0;
  s = gl_target_device_name (gl_target_profile (GL_TARGET_XEN_HVM), 4, 0);
  ok (s == NULL && errno == ERANGE, "IDE has four disks");
  free (s);
  errno = 0;
  s = gl_target_device_name (gl_target_profile (GL_TARGET_KVM), 18278, 0);
  ok (s == NULL && errno == ERANGE, "names stop at zzz");
  free (s);
  s = gl_target_device_name (gl_target_profile (GL_TARGET_KVM), 0, 4294967295u);
  is_str (s, "vda4294967295", "largest partition number");
  free (s);

  return tap_done ();
}
