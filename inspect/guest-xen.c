/* guestlift: Xen references a guest carries that matter on KVM: console
 * names (inittab, securetty, systemd getty links) and Xen driver aliases
 * (modprobe).  fstab's /dev/xvd* are collected while mounting, and kernel
 * command line consoles while reading the bootloader. */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <guestfs.h>

#include "cleanup.h"
#include "error.h"
#include "guest.h"
#include "guest-io.h"
#include "modprobe.h"
#include "xenrefs.h"

#define CONF_MAX (1024 * 1024)
#define MAX_MODPROBE_FILES 256

typedef int (*text_scanner) (const char *, size_t, string_vector *);

static void
scan_file (guestfs_h *g, const char *path, text_scanner scan, string_vector *out)
{
  size_t len;
  CLEANUP_FREE char *text = gl_guest_read (g, path, CONF_MAX, &len);
  if (text)
    scan (text, len, out);
}

/* securetty lists where root may log in, not consoles in use: stock
 * Debian/Ubuntu files list hvc0-hvc7 (also KVM's virtio console names).
 * Only the Xen-only xvcN names there are evidence of a Xen guest. */
static void
securetty_consoles (guestfs_h *g, string_vector *out)
{
  string_vector found = empty_vector;
  scan_file (g, "/etc/securetty", gl_xen_consoles_in_securetty, &found);
  for (size_t i = 0; i < found.len; ++i)
    if (strncmp (found.ptr[i], "xvc", 3) == 0)
      string_vector_add_unique (out, found.ptr[i]);
  string_vector_free (&found);
}

/* systemd: getty.target.wants/serial-getty@hvc0.service */
static void
systemd_consoles (guestfs_h *g, string_vector *out)
{
  static const char *const dirs[] = {
    "/etc/systemd/system/getty.target.wants",
    "/etc/systemd/system/multi-user.target.wants", NULL
  };
  for (size_t d = 0; dirs[d]; ++d) {
    CLEANUP_FREE_STRING_LIST char **ls = gl_guest_ls (g, dirs[d], 1024);
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
  guestfs_h *g = gg->g;
  scan_file (g, "/etc/inittab", gl_xen_consoles_in_inittab, &os->xen.consoles);
  securetty_consoles (g, &os->xen.consoles);
  systemd_consoles (g, &os->xen.consoles);

  scan_file (g, "/etc/modprobe.conf", gl_modprobe_xen_aliases, &os->xen.modprobe_aliases);
  scan_file (g, "/etc/modules.conf", gl_modprobe_xen_aliases, &os->xen.modprobe_aliases);
  CLEANUP_FREE_STRING_LIST char **ls = gl_guest_ls (g, "/etc/modprobe.d", MAX_MODPROBE_FILES);
  for (size_t i = 0; ls && ls[i]; ++i) {
    CLEANUP_FREE char *p = gl_printf ("/etc/modprobe.d/%s", ls[i]);
    if (p)
      scan_file (g, p, gl_modprobe_xen_aliases, &os->xen.modprobe_aliases);
  }
  return 0;
}
