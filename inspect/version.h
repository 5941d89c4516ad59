/* guestlift: version strings (pure). */
#ifndef GUESTLIFT_VERSION_H
#define GUESTLIFT_VERSION_H

/* rpm-style comparison (rpmvercmp): <0, 0, >0.  Handles epochs "1:2.3",
 * alphanumeric segments, "~" (sorts before everything, as in rpm/dpkg). */
int gl_vercmp (const char *a, const char *b);

/* Kernel version from a /boot file name: "vmlinuz-2.6.18-398.el5xen" ->
 * "2.6.18-398.el5xen"; also vmlinux-, kernel-, bzImage-, initrd*-, config-.
 * Returns malloc'd string, or NULL if the name has no version part. */
char *gl_kernel_version_from_name (const char *basename);

/* true for debug kernels ("...debug", "-dbg"), kdump images etc. */
int gl_kernel_version_is_debug (const char *version);

#endif
