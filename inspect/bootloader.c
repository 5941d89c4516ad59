/* guestlift: which bootloader the guest uses, which entry boots by
 * default, and which kernel that is.  Also adds kernels the bootloader
 * names that are not in /boot. */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bootcfg.h"
#include "bounds.h"
#include "bls-load.h"
#include "cleanup.h"
#include "error.h"
#include "guest.h"
#include "guest-io.h"
#include "keyvalue.h"
#include "xenrefs.h"

typedef int (*bootcfg_parser) (const char *, size_t, struct gl_bootcfg *);

/* Where each bootloader keeps its configuration, in the order tried.
 * grub2 first: a guest upgraded from grub legacy may still carry an old
 * menu.lst, but grub.cfg is what boots. */
static const struct {
  const char *type;
  const char *path;
  bootcfg_parser parse;
} bootloaders[] = {
  { "grub2", "/boot/grub2/grub.cfg", gl_grub2_parse },
  { "grub2", "/boot/grub/grub.cfg", gl_grub2_parse },
  { "grub-legacy", "/boot/grub/menu.lst", gl_grub_legacy_parse },
  { "grub-legacy", "/boot/grub/grub.conf", gl_grub_legacy_parse },
  { "grub-legacy", "/etc/grub.conf", gl_grub_legacy_parse },
  { "extlinux", "/boot/extlinux/extlinux.conf", gl_extlinux_parse },
  { "extlinux", "/boot/extlinux.conf", gl_extlinux_parse },
  { "extlinux", "/boot/syslinux/syslinux.cfg", gl_extlinux_parse },
  { "extlinux", "/extlinux.conf", gl_extlinux_parse },
};

/* A path as the bootloader writes it is relative to the partition it
 * boots from: "/vmlinuz-V" on a separate /boot is /boot/vmlinuz-V. */
static char *
resolve_boot_path (struct gl_guest *gg, const char *path)
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

/* grubenv is one 1024-byte block; /etc/default/grub a page of shell. */
#define GRUBENV_MAX (64 * 1024)

/* grub2 "saved" default: the saved_entry in grubenv. */
static char *
saved_entry (struct gl_guest *gg, struct gl_os *os, const char *cfgpath)
{
  CLEANUP_FREE char *dir = strndup (cfgpath, (size_t) (strrchr (cfgpath, '/') - cfgpath));
  CLEANUP_FREE char *env = dir ? gl_printf ("%s/grubenv", dir) : NULL;
  size_t len;
  CLEANUP_FREE char *text = env ? gl_os_read (gg, os, env, GRUBENV_MAX, &len) : NULL;
  return text ? gl_keyvalue_get_raw (text, len, "saved_entry") : NULL;
}

static int
default_index (struct gl_guest *gg, struct gl_os *os, const char *type,
               const char *cfgpath, struct gl_bootcfg *cfg)
{
  if (strcmp (type, "grub2") != 0)
    return cfg->default_index;
  const char *spec = cfg->default_spec;
  CLEANUP_FREE char *grub_default = NULL;
  if (!spec) {
    /* grub.cfg without "set default": /etc/default/grub says. */
    size_t len;
    CLEANUP_FREE char *text = gl_os_read (gg, os, "/etc/default/grub", GRUBENV_MAX, &len);
    grub_default = text ? gl_keyvalue_get (text, len, "GRUB_DEFAULT") : NULL;
    spec = grub_default;
  }
  CLEANUP_FREE char *saved = saved_entry (gg, os, cfgpath);
  return gl_grub2_resolve_default (cfg, spec, saved);
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
  for (size_t b = 0; b < sizeof bootloaders / sizeof bootloaders[0]; ++b) {
    const char *type = bootloaders[b].type, *path = bootloaders[b].path;
    size_t len;
    uint64_t too_large;
    CLEANUP_FREE char *text = gl_guest_read_sized (gg->io, path, GL_BOOTCFG_MAX_BYTES,
                                                   &len, &too_large);
    if (!text && too_large) {
      /* It is there, and it is what boots: not "none", and not an older
       * config further down the list. */
      CLEANUP_FREE char *w = gl_too_large (path, too_large, GL_BOOTCFG_MAX_BYTES);
      if (w)
        gl_os_warn (os, "%s; the default kernel is unknown", w);
      set_bootloader (os, type, path);
      return 0;
    }
    if (!text)
      continue;
    struct gl_bootcfg cfg = { .default_index = -1 };
    int r = bootloaders[b].parse (text, len, &cfg);
    if (r == 0 && cfg.blscfg && gl_bls_load (gg->io, path, &cfg, &os->kvm.warnings) == -1)
      gl_debug ("%s: out of memory for the BLS entries", gg->image);
    if (r == 0 && cfg.too_deep)
      gl_os_warn (os, "%s: %zu menu entries or submenus nested deeper than %d "
                  "blocks (the bound): not read", path, cfg.too_deep,
                  GL_GRUB2_MAX_DEPTH);
    if (r == -1 || (cfg.entries.len == 0 && !cfg.too_deep)) {
      gl_bootcfg_free (&cfg);
      continue;
    }
    set_bootloader (os, type, path);
    int def = default_index (gg, os, type, path, &cfg);
    menu_kernels (gg, os, path, &cfg, def);
    gl_bootcfg_free (&cfg);
    return 0;
  }
  os->bootloader.type = strdup ("none");
  return 0;
}
