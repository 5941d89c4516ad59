/* Unit tests for common/utils/version.c: rpmvercmp semantics, kernel versions
 * from /boot file names, kdump initrds, debug kernels. */
#include <config.h>

#include <stdlib.h>
#include <string.h>

#include "cleanup.h"
#include "version.h"
#include "tap.h"

static void
test_vercmp (void)
{
  /* Cases from rpm's own test suite (tests/rpmvercmp.at), plus kernels. */
  static const struct { const char *a, *b; int r; } t[] = {
    { "1.0", "1.0", 0 },
    { "1.0", "2.0", -1 },
    { "2.0.1", "2.0", 1 },
    { "2.0", "2.0.1", -1 },
    { "2.0.1a", "2.0.1", 1 },
    { "5.5p1", "5.5p2", -1 },
    { "5.5p10", "5.5p1", 1 },
    { "10xyz", "10.1xyz", -1 },
    { "xyz10", "xyz10.1", -1 },
    { "xyz.4", "8", -1 },
    { "xyz.4", "2", -1 },
    { "5.5p2", "5.6p1", -1 },
    { "5.6p1", "6.5p1", -1 },
    { "6.0.rc1", "6.0", 1 },
    { "10b2", "10a1", 1 },
    { "1.0aa", "1.0a", 1 },
    { "10.0001", "10.1", 0 },
    { "10.0039", "10.39", 0 },
    { "4.999.9", "5.0", -1 },
    { "20101121", "20101122", -1 },
    { "2_0", "2_0", 0 },
    { "2.0", "2_0", 0 },
    { "a", "a", 0 },
    { "a+", "a+", 0 },
    { "a+", "a_", 0 },
    { "+a", "_a", 0 },
    { "+_", "_+", 0 },
    { "+", "_", 0 },
    { "1.0~rc1", "1.0~rc1", 0 },
    { "1.0~rc1", "1.0", -1 },
    { "1.0", "1.0~rc1", 1 },
    { "1.0~rc1", "1.0~rc2", -1 },
    { "1.0~rc1~git123", "1.0~rc1", -1 },
    { "1.0^", "1.0", 1 },
    { "1.0^git1", "1.0^git2", -1 },
    { "1.0^git1", "1.01", -1 },
    { "1.0~rc1^git1", "1.0~rc1", 1 },
    { "1:1.0", "2.0", 1 },
    { "0:1.0", "1.0", 0 },
    { "1:1.0", "2:0.1", -1 },
    { "0010:1", "10:1", 0 },
    { "2.6.18-398.el5xen", "2.6.18-371.el5xen", 1 },
    { "2.6.32-754.el6.x86_64", "2.6.32-71.el6.x86_64", 1 },
    { "5.10.0-28-amd64", "6.1.0-18-amd64", -1 },
    { "99999999999999999999999.1", "99999999999999999999998.9", 1 },
  };
  for (size_t i = 0; i < sizeof t / sizeof t[0]; ++i) {
    is_int (gl_vercmp (t[i].a, t[i].b), t[i].r,
            "gl_vercmp (\"%s\", \"%s\") is %d", t[i].a, t[i].b, t[i].r);
    is_int (gl_vercmp (t[i].b, t[i].a), -t[i].r,
            "gl_vercmp (\"%s\", \"%s\") is %d", t[i].b, t[i].a, -t[i].r);
  }
  is_int (gl_vercmp (NULL, "1"), -1, "NULL sorts before a version");
  is_int (gl_vercmp (NULL, NULL), 0, "NULL equals NULL");
  is_int (gl_vercmp ("", ""), 0, "empty strings are equal");
}

static void
test_from_name (void)
{
  static const struct { const char *name, *version; } t[] = {
    { "vmlinuz-2.6.18-398.el5xen", "2.6.18-398.el5xen" },
    { "vmlinux-4.19.0-27-amd64", "4.19.0-27-amd64" },
    { "kernel-5.15.0", "5.15.0" },
    { "bzImage-6.1.0", "6.1.0" },
    { "initrd-2.6.18-398.el5xen.img", "2.6.18-398.el5xen" },
    { "initramfs-3.10.0-1160.el7.x86_64.img", "3.10.0-1160.el7.x86_64" },
    { "initrd.img-6.1.0-18-amd64", "6.1.0-18-amd64" },
    { "initrd-2.6.16.60-0.21-xen", "2.6.16.60-0.21-xen" },
    { "config-2.6.18-398.el5xen", "2.6.18-398.el5xen" },
    { "System.map-2.6.18-398.el5", "2.6.18-398.el5" },
    { "initrd-2.6.18-398.el5kdump.img", "2.6.18-398.el5kdump" },
    { "initramfs-4.18.0-80.el8.x86_64kdump.img", "4.18.0-80.el8.x86_64kdump" },
    { "vmlinuz-0-rescue-0123456789abcdef", "0-rescue-0123456789abcdef" },
    { "config-2.6.32.img", "2.6.32.img" },
    { "vmlinuz", NULL },
    { "vmlinuz-", NULL },
    { "vmlinuz-linux", NULL },
    { "initramfs-linux-fallback.img", NULL },
    { "initrd-.img", NULL },
    { "grub.conf", NULL },
    { "xen-4.4.gz", NULL },
    { "", NULL },
  };
  for (size_t i = 0; i < sizeof t / sizeof t[0]; ++i) {
    CLEANUP_FREE char *v = gl_kernel_version_from_name (t[i].name);
    is_str (v, t[i].version, "version of \"%s\"", t[i].name);
  }
  ok (gl_kernel_version_from_name (NULL) == NULL, "a NULL name has no version");
}

static void
test_kdump_debug (void)
{
  ok (gl_initrd_is_kdump ("initrd-2.6.18-398.el5kdump.img"), "RHEL 5 kdump initrd is kdump");
  ok (gl_initrd_is_kdump ("initramfs-4.18.0-80.el8.x86_64kdump.img"), "RHEL 8 kdump initramfs is kdump");
  ok (gl_initrd_is_kdump ("initrd-5.3.18-kdump.img"), "initrd-V-kdump.img is kdump");
  ok (!gl_initrd_is_kdump ("initrd-2.6.18-398.el5xen.img"), "a boot initrd is not kdump");
  ok (!gl_initrd_is_kdump ("vmlinuz-2.6.18-8.el5kdump"), "a kernel image is not a kdump initrd");
  ok (!gl_initrd_is_kdump (NULL), "NULL is not kdump");

  ok (gl_kernel_version_is_debug ("2.6.18-398.el5debug"), "el5debug is debug");
  ok (gl_kernel_version_is_debug ("5.14.0-70.el9.x86_64+debug"), "+debug is debug");
  ok (gl_kernel_version_is_debug ("3.10.0-1160.el7.x86_64.debug"), ".debug is debug");
  ok (gl_kernel_version_is_debug ("4.19.0-27-amd64-dbg"), "-dbg is debug");
  ok (gl_kernel_version_is_debug ("2.6.18-8.el5kdump"), "the RHEL 5 kdump flavour is debug");
  ok (gl_kernel_version_is_debug ("0-rescue-0123456789abcdef"), "a dracut rescue image is debug");
  ok (!gl_kernel_version_is_debug ("2.6.18-398.el5xen"), "el5xen is not debug");
  ok (!gl_kernel_version_is_debug ("6.1.0-18-amd64"), "a Debian kernel is not debug");
  ok (!gl_kernel_version_is_debug (NULL), "NULL is not debug");
}

int
main (void)
{
  test_vercmp ();
  test_from_name ();
  test_kdump_debug ();
  return tap_done ();
}
