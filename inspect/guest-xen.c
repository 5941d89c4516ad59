/* guestlift: Xen references a guest carries that matter on KVM: console
 * names (inittab, securetty, systemd getty links) and Xen driver aliases
 * (modprobe).  fstab's /dev/xvd* are collected while mounting, and kernel
 * command line consoles while reading the bootloader. */
#include <config.h>

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cleanup.h"
#include "error.h"
#include "guest.h"
#include "guest-io.h"
#include "modprobe.h"
#include "xenrefs.h"

#define CONF_MAX (1024 * 1024)
/* Files of /etc/modprobe.d read (two round trips each); getty links
 * looked at. */
#define MAX_MODPROBE_FILES 256
#define MAX_GETTY_LINKS 256

typedef int (*text_scanner) (const char *, size_t, string_vector *);

/* Read PATH (saying so when it is too large) and scan it; the scanner's
 * result (-1, or what it left out), 0 when the file is not read. */
static int
scan_file (struct gl_guest *gg, struct gl_os *os, const char *path,
           text_scanner scan, string_vector *out)
{
  size_t len;
  CLEANUP_FREE char *text = gl_os_read (gg, os, path, CONF_MAX, &len);
  return text ? scan (text, len, out) : 0;
}

/* Has the guest a XenLinux (PV-only) kernel, the only kind that names
 * its Xen console xvc0?  A pvops kernel's Xen PV console is hvc0. */
static bool
has_xenlinux_kernel (const struct gl_os *os)
{
  for (size_t i = 0; i < os->kernels.len; ++i)
    if (os->kernels.ptr[i]->xen_pv_only == GL_TRUE)
      return true;
  return false;
}

/* Are all the guest's kernels known, and none XenLinux? */
static bool
pvops_kernels_only (const struct gl_os *os)
{
  for (size_t i = 0; i < os->kernels.len; ++i)
    if (os->kernels.ptr[i]->xen_pv_only != GL_FALSE)
      return false;
  return os->kernels.len > 0;
}

/* securetty lists where root may log in, not consoles in use: stock
 * Debian/Ubuntu files list hvc0-hvc7 (also KVM's virtio console names)
 * and xvc0 alike.  Only the Xen-only xvcN names there are evidence of a
 * Xen guest, and the console that guest really has is its kernels':
 * xvcN under a XenLinux kernel, hvc0 when every kernel is pvops (which
 * names the Xen PV console hvc0 whatever securetty lists). */
static void
securetty_consoles (struct gl_guest *gg, struct gl_os *os, string_vector *out)
{
  string_vector found = empty_vector;
  scan_file (gg, os, "/etc/securetty", gl_xen_consoles_in_securetty, &found);
  bool pvops = pvops_kernels_only (os) && !has_xenlinux_kernel (os);
  for (size_t i = 0; i < found.len; ++i)
    if (strncmp (found.ptr[i], "xvc", 3) == 0)
      string_vector_add_unique (out, pvops ? "hvc0" : found.ptr[i]);
  string_vector_free (&found);
}

/* The names of DIR that match PATTERN, the first max of them; says when
 * there are more, or when DIR cannot be listed. */
static char **
glob_bounded (struct gl_guest *gg, struct gl_os *os, const char *dir,
              const char *pattern, size_t max, const char *what)
{
  CLEANUP_ERR struct gl_err err = GL_ERR_INIT;
  char **names = gl_guest_glob (gg->io, dir, pattern, &err);
  if (!names) {
    gl_os_warn (os, "%s: cannot list its %s: %s", dir, what, gl_err_msg (&err, "?"));
    return NULL;
  }
  size_t n = gl_string_list_length (names);
  if (n > max) {
    gl_os_warn (os, "%s: %zu %s; only the first %zu (the bound) were read",
                dir, n, what, max);
    for (size_t i = max; i < n; ++i)
      free (names[i]);
    names[max] = NULL;
  }
  return names;
}

/* systemd: getty.target.wants/serial-getty@hvc0.service */
static void
systemd_consoles (struct gl_guest *gg, struct gl_os *os, string_vector *out)
{
  static const char *const dirs[] = {
    "/etc/systemd/system/getty.target.wants",
    "/etc/systemd/system/multi-user.target.wants", NULL
  };
  for (size_t d = 0; dirs[d]; ++d) {
    CLEANUP_FREE_STRING_LIST char **ls =
      glob_bounded (gg, os, dirs[d], "{serial-getty,getty}@*", MAX_GETTY_LINKS,
                    "getty links");
    for (size_t i = 0; ls && ls[i]; ++i) {
      const char *p = ls[i];
      if (strncmp (p, "serial-getty@", 13) && strncmp (p, "getty@", 6))
        continue;
      p = strchr (p, '@') + 1;
      size_t n = strcspn (p, ".");
      CLEANUP_FREE char *name = strndup (p, n);
      CLEANUP_FREE char *arg = name ? gl_printf ("console=%s", name) : NULL;
      /* Same rule as a kernel command line: only xvcN / hvcN count. */
      if (arg)
        gl_xen_consoles_in_cmdline (arg, out);
    }
  }
}

int
gl_guest_xen_refs (struct gl_guest *gg, struct gl_os *os)
{
  scan_file (gg, os, "/etc/inittab", gl_xen_consoles_in_inittab, &os->xen.consoles);
  securetty_consoles (gg, os, &os->xen.consoles);
  systemd_consoles (gg, os, &os->xen.consoles);

  string_vector files = empty_vector;
  string_vector_add (&files, "/etc/modprobe.conf");
  string_vector_add (&files, "/etc/modules.conf");
  CLEANUP_FREE_STRING_LIST char **ls =
    glob_bounded (gg, os, "/etc/modprobe.d", "*", MAX_MODPROBE_FILES, "files");
  for (size_t i = 0; ls && ls[i]; ++i) {
    CLEANUP_FREE char *p = gl_printf ("/etc/modprobe.d/%s", ls[i]);
    if (p)
      string_vector_add (&files, p);
  }
  size_t left = 0;
  for (size_t i = 0; i < files.len; ++i) {
    int r = scan_file (gg, os, files.ptr[i], gl_modprobe_xen_aliases,
                       &os->xen.modprobe_aliases);
    if (r > 0)
      left += (size_t) r;
  }
  string_vector_free (&files);
  if (left)
    gl_os_warn (os, "%zu more Xen driver aliases in the modprobe files than "
                "the bound of %d: not listed", left, GL_MODPROBE_MAX_ALIASES);
  return 0;
}
