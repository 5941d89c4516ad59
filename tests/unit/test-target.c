/* Unit tests for common/domain/target.c: the profile table, target names and
 * guest device names. */
#include <config.h>

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "target.h"
#include "tap.h"

static void
check_name (const char *t, unsigned index, unsigned part, const char *exp)
{
  char *s = gl_target_device_name (gl_target_parse (t), index, part);
  is_str (s, exp, "device name (%s, %u, %u)", t, index, part);
  free (s);
}

int
main (void)
{
  const struct gl_target_profile *p;
  char *s;
  size_t n = 0;

  /* Names round-trip through the table (so no two rows share a name),
   * and every row names its device names and console. */
  for (; (p = gl_target_nth (n)) != NULL; ++n) {
    ok (gl_target_parse (p->name) == p, "parse \"%s\": row %zu", p->name, n);
    ok (p->domain_type && p->os_type && p->machine && p->disk_bus &&
        p->device_prefix && p->max_disks > 0 && p->console &&
        p->console_target, "%s: the facts every row has", p->name);
  }
  ok (n >= 3, "the table has kvm, xen-hvm and xen-pv at least (%zu rows)", n);
  s = gl_target_names (", ", " or ");
  {
    /* Each row's name, in the table's order, the last after " or ". */
    const char *at = s;
    for (size_t i = 0; at && i < n; ++i) {
      const char *name = gl_target_nth (i)->name;
      const char *sep = i == 0 ? "" : i + 1 < n ? ", " : " or ";
      at = strncmp (at, sep, strlen (sep)) == 0
        && strncmp (at + strlen (sep), name, strlen (name)) == 0
        ? at + strlen (sep) + strlen (name) : NULL;
    }
    ok (at && *at == '\0', "names in the table's order: %s", s ? s : "NULL");
  }
  free (s);
  errno = 0;
  ok (gl_target_parse ("KVM") == NULL && errno == EINVAL,
      "names are case-sensitive");
  ok (gl_target_parse ("xen") == NULL, "\"xen\" alone is ambiguous");
  ok (gl_target_parse (NULL) == NULL, "NULL name");

  p = gl_target_parse ("kvm");
  is_str (p->domain_type, "kvm", "kvm domain type");
  is_str (p->os_type, "hvm", "kvm os type");
  is_str (p->disk_bus, "virtio", "kvm disk bus");
  is_str (p->nic_model, "virtio", "kvm nic model");
  is_str (p->console, "ttyS0", "kvm console");
  is_str (p->machine, "pc", "kvm machine");
  ok (p->loader == NULL, "kvm: no loader");
  ok (p->needs_guest_edits && !p->accepts_pv_only_kernel && !p->paravirt,
      "kvm flags");

  p = gl_target_parse ("xen-hvm");
  is_str (p->domain_type, "xen", "xen-hvm domain type");
  is_str (p->os_type, "hvm", "xen-hvm os type");
  is_str (p->disk_bus, "ide", "xen-hvm disk bus");
  is_str (p->device_prefix, "hd", "xen-hvm prefix");
  is_str (p->nic_model, "e1000", "xen-hvm nic model");
  is_str (p->console, "ttyS0", "xen-hvm console");
  is_str (p->loader, "/usr/lib/xen/boot/hvmloader", "xen-hvm loader");
  ok (p->needs_guest_edits && !p->accepts_pv_only_kernel && !p->paravirt,
      "xen-hvm flags");

  p = gl_target_parse ("xen-pv");
  is_str (p->domain_type, "xen", "xen-pv domain type");
  is_str (p->os_type, "linux", "xen-pv os type");
  is_str (p->disk_bus, "xen", "xen-pv disk bus");
  ok (p->nic_model == NULL, "xen-pv: no nic model");
  is_str (p->console, "hvc0", "xen-pv console");
  ok (!p->needs_guest_edits && p->accepts_pv_only_kernel && p->paravirt,
      "xen-pv flags");

  check_name ("kvm", 0, 0, "vda");
  check_name ("kvm", 1, 1, "vdb1");
  check_name ("kvm", 25, 0, "vdz");
  check_name ("kvm", 26, 0, "vdaa");
  check_name ("kvm", 27, 2, "vdab2");
  check_name ("kvm", 51, 0, "vdaz");
  check_name ("kvm", 52, 0, "vdba");
  check_name ("kvm", 701, 0, "vdzz");
  check_name ("kvm", 702, 0, "vdaaa");
  check_name ("kvm", 18277, 0, "vdzzz");
  check_name ("xen-hvm", 2, 0, "hdc");
  check_name ("xen-hvm", 0, 15, "hda15");
  check_name ("xen-pv", 26, 0, "xvdaa");
  check_name ("xen-pv", 0, 1, "xvda1");

  errno = 0;
  s = gl_target_device_name (gl_target_parse ("xen-hvm"), 4, 0);
  ok (s == NULL && errno == ERANGE, "IDE has four disks");
  free (s);
  errno = 0;
  s = gl_target_device_name (gl_target_parse ("kvm"), 18278, 0);
  ok (s == NULL && errno == ERANGE, "names stop at zzz");
  free (s);
  s = gl_target_device_name (gl_target_parse ("kvm"), 0, 4294967295u);
  is_str (s, "vda4294967295", "largest partition number");
  free (s);

  return tap_done ();
}
