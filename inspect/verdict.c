/* guestlift: the KVM verdict (pure: works on the report model only).
 *
 * Bootable when at least one kernel is known not to be Xen PV-only and can
 * drive a disk KVM offers (virtio_blk, or IDE/AHCI emulation).  The
 * recommended kernel is the best such one: virtio blk+net first, then the
 * newest version (rpm order), then non-debug.
 */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "cleanup.h"
#include "error.h"
#include "guest.h"
#include "report.h"
#include "version.h"

static bool
can_boot_on_kvm (const struct gl_kernel *k)
{
  return k->xen_pv_only == GL_FALSE && (k->virtio.blk || k->has_ide);
}

/* >0 when a is a better choice than b. */
static int
better (const struct gl_kernel *a, const struct gl_kernel *b)
{
  int av = a->virtio.blk && a->virtio.net, bv = b->virtio.blk && b->virtio.net;
  if (av != bv)
    return av - bv;
  int c = gl_vercmp (a->version, b->version);
  if (c)
    return c;
  return gl_kernel_version_is_debug (b->version) - gl_kernel_version_is_debug (a->version);
}

static char *
join_versions (const struct gl_os *os, gl_tristate pv_only)
{
  CLEANUP_BUF struct gl_buf b = GL_BUF_INIT;
  for (size_t i = 0; i < os->kernels.len; ++i) {
    const struct gl_kernel *k = os->kernels.ptr[i];
    if (k->xen_pv_only != pv_only)
      continue;
    gl_buf_printf (&b, "%s%s", b.len ? ", " : "", k->version);
  }
  return gl_buf_steal (&b);
}

static void
add (string_vector *v, char *s)
{
  if (s)
    string_vector_append (v, s);
}

/* What to install, by package manager. */
static const char *
install_hint (const struct gl_os *os)
{
  static const struct { const char *pm; const char *hint; } hints[] = {
    { "yum", "yum install kernel" }, { "dnf", "dnf install kernel" },
    { "zypper", "zypper in kernel-default" },
    { "apt", "apt-get install linux-image-amd64 (or linux-image-generic)" },
  };
  for (size_t i = 0; os->package_management && i < sizeof hints / sizeof hints[0]; ++i)
    if (strcmp (os->package_management, hints[i].pm) == 0)
      return hints[i].hint;
  return "install the distribution's standard kernel package";
}

int
gl_kvm_verdict (struct gl_os *os)
{
  struct gl_kvm_verdict *v = &os->kvm;
  const struct gl_kernel *best = NULL, *deflt = NULL;
  size_t pv_only = 0, unknown = 0;

  for (size_t i = 0; i < os->kernels.len; ++i) {
    const struct gl_kernel *k = os->kernels.ptr[i];
    if (k->is_default)
      deflt = k;
    if (k->xen_pv_only == GL_TRUE)
      pv_only++;
    if (k->xen_pv_only == GL_NULL) {
      unknown++;
      if (k->config_unread)
        /* A config is there but a bound kept it from being read: say
         * that, not that there is none. */
        add (&v->warnings,
             gl_printf ("kernel %s: cannot tell whether it is Xen PV-only: %s; "
                        "no other config could be read%s%s", k->version,
                        k->config_unread,
                        k->format_hint ? "; its image is a " : "",
                        k->format_hint ? k->format_hint : ""));
      else
        add (&v->warnings,
             gl_printf ("kernel %s: no config found (no config file, no IKCONFIG): "
                        "cannot tell whether it is Xen PV-only%s%s", k->version,
                        k->format_hint ? "; its image is a " : "",
                        k->format_hint ? k->format_hint : ""));
    }
    if (can_boot_on_kvm (k) && (!best || better (k, best) > 0))
      best = k;
  }

  v->bootable = best != NULL;
  free (v->recommended_kernel);
  v->recommended_kernel = best ? strdup (best->version) : NULL;

  /* Not a Linux guest (Windows): the verdict does not apply (the
   * report's verdict says "not applicable"), no blocker, no warning. */
  if (os->type && strcmp (os->type, "linux") != 0)
    return 0;
  if (os->kernels.len == 0) {
    add (&v->blockers, gl_printf ("no kernels found in /boot"));
    return 0;
  }

  if (!best) {
    if (pv_only == os->kernels.len) {
      CLEANUP_FREE char *list = join_versions (os, GL_TRUE);
      add (&v->blockers,
           gl_printf ("all kernels are Xen PV-only (%s): install a non-Xen "
                      "kernel in the guest (%s) before moving it to KVM",
                      list ? list : "", install_hint (os)));
    }
    else if (unknown == 0) {
      for (size_t i = 0; i < os->kernels.len; ++i) {
        const struct gl_kernel *k = os->kernels.ptr[i];
        if (k->xen_pv_only == GL_TRUE)
          add (&v->blockers, gl_printf ("kernel %s is Xen PV-only (%s)", k->version,
                                        k->xen_pv_only_evidence ? k->xen_pv_only_evidence : "?"));
        else
          add (&v->blockers, gl_printf ("kernel %s has no virtio_blk or IDE/AHCI "
                                        "disk driver", k->version));
      }
    }
    /* Otherwise some kernel is unknown: no blocker can be claimed, the
     * warnings say what is missing. */
    return 0;
  }

  if (deflt && deflt != best && deflt->xen_pv_only == GL_TRUE)
    add (&v->warnings,
         gl_printf ("the default boot entry is the Xen PV-only kernel %s: make %s "
                    "the default before booting on KVM (guestlift convert does)",
                    deflt->version, best->version));
  if (best->initrd_has_virtio_blk == GL_FALSE && best->virtio.blk)
    add (&v->warnings,
         gl_printf ("the initrd of kernel %s lacks virtio_blk: rebuild it with "
                    "virtio_blk (guestlift convert does) or use an IDE disk",
                    best->version));
  if (!best->virtio.blk)
    add (&v->warnings,
         gl_printf ("kernel %s has no virtio_blk: only an emulated IDE/SATA disk "
                    "will boot it", best->version));
  if (os->xen.fstab_devices.len)
    add (&v->warnings,
         gl_printf ("/etc/fstab names Xen disks (%s%s): they have other names on "
                    "KVM (guestlift convert rewrites them)",
                    os->xen.fstab_devices.ptr[0],
                    os->xen.fstab_devices.len > 1 ? ", ..." : ""));
  if (os->xen.consoles.len)
    add (&v->warnings,
         gl_printf ("the guest uses the Xen console %s: on KVM use ttyS0 "
                    "(guestlift convert switches it)", os->xen.consoles.ptr[0]));
  return 0;
}
