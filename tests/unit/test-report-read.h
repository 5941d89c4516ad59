/* Shared by test-report-read.c and test-cache.c: a deep comparison of two
 * images that names the first field that differs (the samples are in
 * report-sample.c).  Header-only, static functions. */
#ifndef GUESTLIFT_TEST_REPORT_READ_H
#define GUESTLIFT_TEST_REPORT_READ_H

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report.h"

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
