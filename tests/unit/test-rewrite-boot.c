/* Unit tests for convert/rewrite-grub-defaults.c (/etc/default/grub,
 * /etc/sysconfig/grub) and for what convert asks of the bootloader
 * configs (their rewriters are common/bootloader's, tested there). */
#include <config.h>

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "rewrite-test.h"

static void
test_default_grub (void)
{
  CHECK (gl_rewrite_default_grub (S ("# If you change this file, run 'update-grub'\n"
                                     "GRUB_DEFAULT=0\n"
                                     "GRUB_TIMEOUT=5\n"
                                     "GRUB_CMDLINE_LINUX_DEFAULT=\"quiet console=hvc0\"\n"
                                     "GRUB_CMDLINE_LINUX=\"root=/dev/xvda1\"\n"
                                     "#GRUB_TERMINAL=console\n"), &kvm),
         "# If you change this file, run 'update-grub'\n"
         "GRUB_DEFAULT=0\n"
         "GRUB_TIMEOUT=5\n"
         "GRUB_CMDLINE_LINUX_DEFAULT=\"quiet\"\n"
         "GRUB_CMDLINE_LINUX=\"root=/dev/vda1 console=ttyS0\"\n"
         "#GRUB_TERMINAL=console\n",
         "default grub: console added to GRUB_CMDLINE_LINUX only, hvc0 dropped from _DEFAULT");
  CHECK (gl_rewrite_default_grub (S ("GRUB_CMDLINE_LINUX=''\n"), &kvm),
         "GRUB_CMDLINE_LINUX='console=ttyS0'\n",
         "default grub: single quotes kept");
  CHECK (gl_rewrite_default_grub (S ("GRUB_CMDLINE_LINUX=quiet\n"), &kvm),
         "GRUB_CMDLINE_LINUX=\"quiet console=ttyS0\"\n",
         "default grub: an unquoted value gaining a blank is double-quoted");
  CHECK (gl_rewrite_default_grub (S ("GRUB_CMDLINE_LINUX_DEFAULT=\"quiet\"\n"), &kvm),
         "GRUB_CMDLINE_LINUX_DEFAULT=\"quiet\"\nGRUB_CMDLINE_LINUX=\"console=ttyS0\"\n",
         "default grub without GRUB_CMDLINE_LINUX gets one for the console");
  CHECK (gl_rewrite_default_grub (S ("boot=/dev/xvda\nforcelba=0\n"), &kvm),
         "boot=/dev/vda\nforcelba=0\n",
         "RHEL 5 /etc/sysconfig/grub: boot=/dev/xvda renamed");
  UNCHANGED (gl_rewrite_default_grub (S ("GRUB_CMDLINE_LINUX=\"ro console=ttyS0\"\n"), &kvm),
             "default grub already converted: NULL");
}

static void
test_errors (void)
{
  errno = 0;
  ok (gl_rewrite_default_grub ("x", GL_REWRITE_MAX_BYTES + 1, &kvm) == NULL &&
      errno == EFBIG, "a file over GL_REWRITE_MAX_BYTES is EFBIG");
  errno = 0;
  ok (gl_rewrite_default_grub ("x", 1, NULL) == NULL && errno == EINVAL,
      "no context is EINVAL");
  UNCHANGED (gl_rewrite_default_grub ("", 0, &kvm), "an empty /etc/default/grub: NULL");
  UNCHANGED (gl_rewrite_default_grub (S ("GRUB_CMDLINE_LINUX=\"root=/dev/xvda1 console=hvc0\"\n"), &pv),
             "/etc/default/grub for xen-pv: no edits");
}

/* The bootloader configs themselves are common/bootloader's (its own
 * tests): here, what convert asks of them. */
static void
test_boot_edits (void)
{
  struct gl_boot_edits e;
  struct gl_devmap map = GL_DEVMAP_INIT;
  ok (!gl_plan_boot_edits (pv.target, NULL, "vmlinuz-1", NULL, &e),
      "bootloader files for xen-pv: no edits");
  ok (gl_plan_boot_edits (kvm.target, kvm.devices, "vmlinuz-1", "id", &e) &&
      e.devices == kvm.devices && strcmp (e.console, "ttyS0") == 0 &&
      strcmp (e.default_kernel, "vmlinuz-1") == 0 && strcmp (e.saved_entry, "id") == 0,
      "bootloader files for kvm: the device map, ttyS0, the kernel made default");
  ok (gl_plan_device_map (pv.target, &map) == 0 && gl_devmap_empty (&map),
      "xen-pv keeps the xvd names: an empty map");
  gl_devmap_free (&map);
}

int
main (void)
{
  rewrite_test_init ();

  test_default_grub ();
  test_errors ();
  test_boot_edits ();
  return rewrite_test_done ();
}
