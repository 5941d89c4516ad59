/* guestlift: version strings (pure). */
#ifndef GUESTLIFT_VERSION_H
#define GUESTLIFT_VERSION_H

/* rpm-style comparison (rpmvercmp): <0, 0, >0.  Handles epochs "1:2.3",
 * alphanumeric segments, "~" (sorts before everything, as in rpm/dpkg).
 * Also rpm's "^" (after the end of the string, before anything else).
 * A missing epoch is 0; the rest (version-release) goes through
 * rpmvercmp as one string.  NULL sorts before any string.  Returns -1, 0
 * or 1 exactly. */
int gl_vercmp (const char *a, const char *b);

/* Kernel version from a /boot file name: "vmlinuz-2.6.18-398.el5xen" ->
 * "2.6.18-398.el5xen"; also vmlinux-, kernel-, bzImage-, initrd*-, config-.
 * Returns malloc'd string, or NULL if the name has no version part.
 * Prefixes: vmlinuz- vmlinux- kernel- bzImage- initrd.img- initrd-
 * initramfs- config- System.map-; ".img" is stripped after initrd- and
 * initramfs-.  The version must start with a digit ("vmlinuz-linux" ->
 * NULL).  A kdump initrd keeps its suffix: "initramfs-5.14.0-70.el9.x86_64kdump.img"
 * -> "5.14.0-70.el9.x86_64kdump", which matches no kernel V, so it is
 * never taken for V's boot initrd by version matching (but it does match
 * RHEL 5's kernel-kdump flavour "2.6.18-8.el5kdump", whose initrd it is). */
char *gl_kernel_version_from_name (const char *basename);

/* true (1) for an initrd/initramfs file name ending in "kdump.img"
 * ("initrd-2.6.18-398.el5kdump.img", "initramfs-4.18.0-80.el8.x86_64kdump.img",
 * "initrd-V-kdump.img"): kexec-tools' crash-capture initrd, not a boot
 * initrd.  Callers listing /boot skip these unless a kernel has exactly
 * that version. */
int gl_initrd_is_kdump (const char *basename);

/* true for debug kernels ("...debug", "-dbg"), kdump images etc.:
 * versions ending in "debug", "-dbg" or "kdump", and dracut rescue
 * images ("0-rescue-MACHINEID").  Such kernels are not recommended. */
int gl_kernel_version_is_debug (const char *version);

#endif
