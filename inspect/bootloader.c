/* guestlift: which bootloader the guest uses, which entry boots by
 * default, and which kernel that is.  Also adds kernels the bootloader
 * names that are not in /boot.  The formats are common/bootloader's:
 * this step only asks its table for the guest's menu. */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "boot-guest.h"
#include "bootloader.h"
#include "cleanup.h"
#include "err.h"
#include "error.h"
#include "guest.h"
#include "guest-io.h"
#include "xenrefs.h"

/* A symlink the menu names ("/vmlinuz" -> "boot/vmlinuz-V", as Debian
 * keeps them) is the file it points at, resolved inside the guest: one
 * kernel, not a second one called "vmlinuz".  P is taken. */
static char *
follow_link (struct gl_guest *gg, char *p)
{
  if (!p || !gl_guest_is_symlink (gg->io, p))
    return p;
  CLEANUP_ERR struct gl_err err = GL_ERR_INIT;
  char *real = gl_guest_realpath (gg->io, p, &err);
  if (!real || real[0] != '/' || !gl_guest_is_file (gg->io, real)) {
    free (real);
    return p;
  }
  free (p);
  return real;
}

/* A path as the bootloader writes it is relative to the partition it
 * boots from: "/vmlinuz-V" on a separate /boot is /boot/vmlinuz-V. */
static char *
resolve_boot_path_as_written (struct gl_guest *gg, const char *path)
{
  /* Longer than PATH_MAX: no file has that name. */
  if (!path || path[0] != '/' || strstr (path, "/../") || strlen (path) >= 4096)
    return NULL;
  if (strncmp (path, "/boot/", 6) != 0) {
    char *p = gl_printf ("/boot%s", path);
    if (p && gl_guest_is_file (gg->io, p))
      return p;
    free (p);
  }
  if (gl_guest_is_file (gg->io, path))
    return strdup (path);
  return NULL;
}

/* The file a menu path names, symlinks followed. */
static char *
resolve_boot_path (struct gl_guest *gg, const char *path)
{
  return follow_link (gg, resolve_boot_path_as_written (gg, path));
}

static void
set_bootloader (struct gl_os *os, const char *type, const char *config)
{
  os->bootloader.type = strdup (type);
  os->bootloader.config = config ? strdup (config) : NULL;
}

/* The kernels of the menu: entry def always, the others up to
 * GL_MAX_BOOT_ENTRIES entries and GL_MAX_KERNELS kernels (each lookup
 * costs round trips to the appliance); the consoles of every entry's
 * command line (no I/O).  Says what a bound left out. */
static void
menu_kernels (struct gl_guest *gg, struct gl_os *os, const char *cfgpath,
              const struct gl_bootcfg *cfg, int def)
{
  string_vector skipped = empty_vector;    /* at most GL_MAX_BOOT_ENTRIES */
  for (size_t i = 0; i < cfg->entries.len; ++i) {
    const struct gl_boot_entry *e = &cfg->entries.ptr[i];
    bool is_def = (int) i == def;
    if (e->cmdline)
      gl_xen_consoles_in_cmdline (e->cmdline, &os->xen.consoles);
    if (i >= GL_MAX_BOOT_ENTRIES && !is_def)
      continue;
    CLEANUP_FREE char *kpath = resolve_boot_path (gg, e->kernel);
    struct gl_kernel *k = kpath ? gl_guest_find_kernel (os, kpath) : NULL;
    if (kpath && !k) {
      if (os->kernels.len >= GL_MAX_KERNELS && !is_def)
        string_vector_add_unique (&skipped, kpath);
      else {
        CLEANUP_FREE char *ipath = resolve_boot_path (gg, e->initrd);
        k = gl_guest_add_kernel (gg, os, kpath, ipath);
      }
    }
    if (!is_def)
      continue;
    if (e->cmdline)
      os->default_cmdline = strdup (e->cmdline);
    if (k) {
      k->is_default = true;
      os->bootloader.default_kernel = strdup (k->version);
    }
  }
  if (cfg->entries.len > GL_MAX_BOOT_ENTRIES)
    gl_os_warn (os, "%s: %zu menu entries; only the kernels of the first %d "
                "(the bound) and of the default entry were looked at",
                cfgpath, cfg->entries.len, GL_MAX_BOOT_ENTRIES);
  if (skipped.len)
    gl_os_warn (os, "%s: its entries name %zu more kernels than the bound of "
                "%d kernels (%s%s): not inspected", cfgpath, skipped.len,
                GL_MAX_KERNELS, skipped.ptr[0], skipped.len > 1 ? ", ..." : "");
  string_vector_free (&skipped);
}

int
gl_guest_bootloader (struct gl_guest *gg, struct gl_os *os)
{
  struct gl_boot_reader r = gl_boot_guest_reader (gg->io, &os->kvm.warnings);
  struct gl_boot_menu menu;
  CLEANUP_ERR struct gl_err err = GL_ERR_INIT;
  int found = gl_boot_menu_find (&r, &menu, &err);
  if (found == -1)
    gl_debug ("%s: the bootloader: %s", gg->image, gl_err_msg (&err, "?"));
  if (found != 1) {
    os->bootloader.type = strdup ("none");
    return 0;
  }
  set_bootloader (os, menu.ops->name, menu.path);
  menu_kernels (gg, os, menu.path, &menu.cfg, menu.cfg.default_index);
  gl_boot_menu_free (&menu);
  return 0;
}
