/* Shared by test-report-read.c and test-cache.c: a rich sample image
 * (every field set, NULLs and tri-states of every kind, strings that need
 * escaping) and a deep comparison of two images that names the first
 * field that differs.  Header-only, static functions. */
#ifndef GUESTLIFT_TEST_REPORT_READ_H
#define GUESTLIFT_TEST_REPORT_READ_H

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report.h"

static char *
xs (const char *s)
{
  if (!s)
    return NULL;
  char *r = strdup (s);
  if (!r)
    abort ();
  return r;
}

static void
xadd (string_vector *v, const char *s)
{
  if (string_vector_add (v, s) == -1)
    abort ();
}

static void
xmount (struct gl_os *os, const char *mp, const char *dev)
{
  struct gl_mountpoint m = { xs (mp), xs (dev) };
  if (gl_mountpoint_vector_append (&os->mountpoints, m) == -1)
    abort ();
}

static struct gl_kernel *
xkernel (struct gl_os *os)
{
  struct gl_kernel *k = gl_kernel_new ();
  if (!k || gl_kernel_vector_append (&os->kernels, k) == -1)
    abort ();
  return k;
}

static struct gl_os *
xos (struct gl_image *img)
{
  struct gl_os *os = gl_os_new ();
  if (!os || gl_os_vector_append (&img->oses, os) == -1)
    abort ();
  return os;
}

/* A healthy image with two guests: a RHEL 5 with three kernels (PV-only
 * with a config file, pvops from ikconfig, and one nothing is known
 * about) and a sparse Debian with unusual strings. */
static struct gl_image *
sample_image (const char *path)
{
  struct gl_image *img = gl_image_new (path);
  if (!img)
    abort ();
  img->format = xs ("raw");
  img->virtual_size = INT64_C (8589934592);

  struct gl_os *os = xos (img);
  os->root = xs ("/dev/VolGroup00/LogVol00");
  os->type = xs ("linux");
  os->distro = xs ("rhel");
  os->product_name = xs ("Red Hat Enterprise Linux Server release 5.11 (Tikanga)");
  os->version_major = 5;
  os->version_minor = 11;
  os->arch = xs ("x86_64");
  os->hostname = xs ("rhel5.example.com");
  os->package_format = xs ("rpm");
  os->package_management = xs ("yum");
  os->osinfo = xs ("rhel5.11");
  os->default_cmdline = xs ("ro root=/dev/VolGroup00/LogVol00 console=xvc0");
  xmount (os, "/", "/dev/VolGroup00/LogVol00");
  xmount (os, "/boot", "/dev/sda1");
  xmount (os, "/odd \"quoted\" \\ dir", NULL);
  xadd (&os->filesystems, "/dev/sda1");
  xadd (&os->filesystems, "/dev/VolGroup00/LogVol00");
  xadd (&os->filesystems, "/dev/VolGroup00/LogVol01");
  os->bootloader.type = xs ("grub-legacy");
  os->bootloader.config = xs ("/boot/grub/grub.conf");
  os->bootloader.default_kernel = xs ("2.6.18-398.el5xen");

  struct gl_kernel *k = xkernel (os);
  k->version = xs ("2.6.18-398.el5xen");
  k->vmlinuz = xs ("/boot/vmlinuz-2.6.18-398.el5xen");
  k->initrd = xs ("/boot/initrd-2.6.18-398.el5xen.img");
  k->config = xs ("/boot/config-2.6.18-398.el5xen");
  k->config_source = GL_CONFIG_FILE;
  k->arch = xs ("x86_64");
  k->xen_pv_only = GL_TRUE;
  k->xen_pv_only_evidence = xs ("CONFIG_X86_64_XEN=y");
  k->initrd_has_virtio_blk = GL_FALSE;
  k->is_default = true;
  k->modules_dir = xs ("/lib/modules/2.6.18-398.el5xen");
  k->format_hint = xs ("XenLinux ELF image (gzip, Xen notes), not a bzImage");

  k = xkernel (os);
  k->version = xs ("2.6.18-398.el5");
  k->vmlinuz = xs ("/boot/vmlinuz-2.6.18-398.el5");
  k->initrd = xs ("/boot/initrd-2.6.18-398.el5.img");
  k->config_source = GL_CONFIG_IKCONFIG;
  k->arch = xs ("x86_64");
  k->xen_pv_only = GL_FALSE;
  k->virtio = (struct gl_virtio) { .blk = true, .net = true, .scsi = false,
                                   .rng = true, .balloon = false, .console = true };
  k->initrd_has_virtio_blk = GL_NULL;
  k->has_ide = true;
  k->virtio_blk_builtin = true;
  k->modules_dir = xs ("/lib/modules/2.6.18-398.el5");

  k = xkernel (os);                 /* nothing known */
  k->version = xs ("9.9.9-unknown");
  k->vmlinuz = xs ("/boot/vmlinuz-9.9.9-unknown");
  k->initrd_has_virtio_blk = GL_TRUE;

  xadd (&os->xen.fstab_devices, "/dev/xvda1");
  xadd (&os->xen.consoles, "xvc0");
  xadd (&os->xen.consoles, "hvc0");
  xadd (&os->xen.modprobe_aliases, "alias eth0 xennet");
  os->kvm.bootable = true;
  os->kvm.recommended_kernel = xs ("2.6.18-398.el5");
  xadd (&os->kvm.warnings, "the default kernel is PV-only");
  xadd (&os->kvm.warnings, "fstab names /dev/xvda1");

  os = xos (img);
  os->root = xs ("/dev/sdb1");
  os->type = xs ("linux");
  os->distro = xs ("debian");
  os->product_name = xs ("Debian GNU/Linux 12 \xe2\x80\x94 b\xc3\xbc" "ckeye \xf0\x9f\x90\xa7");
  os->version_major = 12;
  os->version_minor = -1;
  os->hostname = xs ("tab\there\nnewline \x01 </script> \"q\" \\");
  os->bootloader.type = xs ("none");
  xadd (&os->kvm.blockers, "no kernel found in /boot");
  return img;
}

/* An image that failed. */
static struct gl_image *
error_image (const char *path)
{
  struct gl_image *img = gl_image_new (path);
  if (!img)
    abort ();
  gl_image_set_error (img, "cannot open the image: Permission denied");
  return img;
}

/* --- comparison --------------------------------------------------------- */

static char cmp_what[256];

static bool
cmp_fail (const char *field, size_t i)
{
  snprintf (cmp_what, sizeof cmp_what, "%s (#%zu)", field, i);
  return false;
}

static bool
same_str (const char *a, const char *b)
{
  return (!a && !b) || (a && b && strcmp (a, b) == 0);
}

static bool
same_strings (const string_vector *a, const string_vector *b)
{
  if (a->len != b->len)
    return false;
  for (size_t i = 0; i < a->len; ++i)
    if (!same_str (a->ptr[i], b->ptr[i]))
      return false;
  return true;
}

#define S(f) if (!same_str (a->f, b->f)) return cmp_fail (#f, idx)
#define V(f) if (a->f != b->f) return cmp_fail (#f, idx)
#define L(f) if (!same_strings (&a->f, &b->f)) return cmp_fail (#f, idx)

static bool
same_kernel (const struct gl_kernel *a, const struct gl_kernel *b, bool extras, size_t idx)
{
  S (version); S (vmlinuz); S (initrd); S (config); V (config_source);
  S (arch); V (xen_pv_only); S (xen_pv_only_evidence);
  V (virtio.blk); V (virtio.net); V (virtio.scsi); V (virtio.rng);
  V (virtio.balloon); V (virtio.console);
  V (initrd_has_virtio_blk); V (is_default);
  if (extras) {
    V (has_ide); V (virtio_blk_builtin); S (modules_dir); S (format_hint);
  }
  return true;
}

static bool
same_os (const struct gl_os *a, const struct gl_os *b, bool extras, size_t idx)
{
  S (root); S (type); S (distro); S (product_name);
  V (version_major); V (version_minor);
  S (arch); S (hostname); S (package_format); S (package_management);
  V (mountpoints.len);
  for (size_t i = 0; i < a->mountpoints.len; ++i)
    if (!same_str (a->mountpoints.ptr[i].mountpoint, b->mountpoints.ptr[i].mountpoint)
        || !same_str (a->mountpoints.ptr[i].device, b->mountpoints.ptr[i].device))
      return cmp_fail ("mountpoint", i);
  L (filesystems);
  S (bootloader.type); S (bootloader.config); S (bootloader.default_kernel);
  V (kernels.len);
  for (size_t i = 0; i < a->kernels.len; ++i)
    if (!same_kernel (a->kernels.ptr[i], b->kernels.ptr[i], extras, i))
      return false;
  L (xen.fstab_devices); L (xen.consoles); L (xen.modprobe_aliases);
  V (kvm.bootable); S (kvm.recommended_kernel); L (kvm.blockers); L (kvm.warnings);
  if (extras) {
    S (osinfo); S (default_cmdline);
  }
  return true;
}

/* Every field; with extras, also the ones outside the JSON contract. */
static bool
same_image (const struct gl_image *a, const struct gl_image *b, bool extras)
{
  const size_t idx = 0;
  if (!a || !b)
    return cmp_fail ("NULL image", idx);
  S (path); S (format); V (virtual_size); S (error);
  V (oses.len);
  for (size_t i = 0; i < a->oses.len; ++i)
    if (!same_os (a->oses.ptr[i], b->oses.ptr[i], extras, i))
      return false;
  return true;
}

#undef S
#undef V
#undef L

#endif
