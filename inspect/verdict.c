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
#include "boot-cmdline.h"
#include "cleanup.h"
#include "devmap.h"
#include "drive-name.h"
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

/* --- device names on KVM ------------------------------------------------ */

/* The KVM disk prefix (the kvm target's: virtio). */
#define KVM_PREFIX "vd"

/* A blocker when DEV ("/dev/xvdz9"), which the guest names in WHERE,
 * names no disk of the N it has once MAP renames it.  Names that are not
 * drive names (UUID=, /dev/mapper/..., md) are not judged. */
static void
judge_device (struct gl_os *os, const struct gl_devmap *map, size_t n,
              const char *dev, const char *where, string_vector *judged)
{
  if (strncmp (dev, "/dev/", 5) != 0 || !dev[5] ||
      string_vector_contains (judged, dev) || string_vector_add (judged, dev) == -1)
    return;
  const char *name = dev + 5;
  CLEANUP_ERR struct gl_err e = GL_ERR_INIT;
  CLEANUP_FREE char *to = NULL;
  int r = gl_devmap_lookup (map, name, strlen (name), &to, &e);
  if (r == -1)
    return;
  const char *kvm = r == 1 ? to : name;
  unsigned idx, part;
  if (gl_drive_parse (kvm, KVM_PREFIX, &idx, &part) == -1 || idx < n)
    return;
  CLEANUP_FREE char *last = gl_drive_name (KVM_PREFIX, (unsigned) (n ? n - 1 : 0), 0);
  add (&os->kvm.blockers,
       gl_printf ("%s (%s) names no disk of the guest: on KVM it would be "
                  "/dev/%s, and the guest has %zu disk%s (/dev/%s%s%s): it will "
                  "not boot there; name the device by UUID= or LABEL=, or convert "
                  "with the guest's source config (which says what its disks "
                  "are called)", dev, where, kvm, n, n == 1 ? "" : "s",
                  KVM_PREFIX "a", n > 1 ? " to /dev/" : "", n > 1 && last ? last : ""));
}

int
gl_kvm_device_names (struct gl_os *os, size_t n)
{
  struct gl_devmap map = GL_DEVMAP_INIT;
  CLEANUP_ERR struct gl_err e = GL_ERR_INIT;
  string_vector judged = empty_vector;
  gl_cmdline_word_vector words = empty_vector;
  int ret = -1;
  if (gl_devmap_disks (&map, KVM_PREFIX, NULL, n, &e) == -1)
    goto out;
  /* The map as the report shows it: each disk's default name. */
  for (size_t i = 0; i < n; ++i) {
    CLEANUP_FREE char *from = gl_devmap_disk_source_name (NULL, i);
    CLEANUP_FREE char *to = gl_drive_name (KVM_PREFIX, (unsigned) i, 0);
    struct gl_string_pair p = {
      .key = from ? gl_printf ("/dev/%s", from) : NULL,
      .value = to ? gl_printf ("/dev/%s", to) : NULL,
    };
    if (!p.key || !p.value || gl_string_map_append (&os->device_map, p) == -1) {
      free (p.key);
      free (p.value);
      goto out;
    }
  }
  size_t before = os->kvm.blockers.len;
  /* The default entry's root= and resume=, then fstab's devices. */
  const char *cmd = os->default_cmdline;
  if (cmd && gl_cmdline_boot_devices (cmd, &words, &e) == -1)
    goto out;
  for (size_t i = 0; i < words.len; ++i) {
    const struct gl_cmdline_word *d = &words.ptr[i];
    CLEANUP_FREE char *dev = strndup (d->value, d->vlen);
    CLEANUP_FREE char *where = gl_printf ("the default boot entry's %.*s",
                                          (int) (d->value - cmd - d->start - 1),
                                          cmd + d->start);
    if (dev && where)
      judge_device (os, &map, n, dev, where, &judged);
  }
  for (size_t i = 0; i < os->fstab_boot_devices.len; ++i)
    judge_device (os, &map, n, os->fstab_boot_devices.ptr[i],
                  "/ or swap in /etc/fstab", &judged);
  if (os->kvm.blockers.len > before)
    os->kvm.bootable = false;
  ret = 0;
 out:
  gl_devmap_free (&map);
  string_vector_free (&judged);
  gl_cmdline_word_vector_reset (&words);
  return ret;
}
