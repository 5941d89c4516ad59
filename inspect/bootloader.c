/* guestlift: which bootloader the guest uses, which entry boots by
 * default, and which kernel that is.  Also adds kernels the bootloader
 * names that are not in /boot. */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <guestfs.h>

#include "bootcfg.h"
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
  if (!path || path[0] != '/' || strstr (path, "/../") || strlen (path) > 1024)
    return NULL;
  if (strncmp (path, "/boot/", 6) != 0) {
    char *p = gl_printf ("/boot%s", path);
    if (p && gl_guest_is_file (gg->g, p))
      return p;
    free (p);
  }
  if (gl_guest_is_file (gg->g, path))
    return strdup (path);
  return NULL;
}

/* grub2 "saved" default: the saved_entry in grubenv. */
static char *
saved_entry (struct gl_guest *gg, const char *cfgpath)
{
  CLEANUP_FREE char *dir = strndup (cfgpath, (size_t) (strrchr (cfgpath, '/') - cfgpath));
  CLEANUP_FREE char *env = dir ? gl_printf ("%s/grubenv", dir) : NULL;
  size_t len;
  CLEANUP_FREE char *text = env ? gl_guest_read (gg->g, env, 64 * 1024, &len) : NULL;
  return text ? gl_keyvalue_get_raw (text, len, "saved_entry") : NULL;
}

static int
default_index (struct gl_guest *gg, const char *type, const char *cfgpath,
               struct gl_bootcfg *cfg)
{
  if (strcmp (type, "grub2") != 0)
    return cfg->default_index;
  const char *spec = cfg->default_spec;
  CLEANUP_FREE char *grub_default = NULL;
  if (!spec) {
    /* grub.cfg without "set default": /etc/default/grub says. */
    size_t len;
    CLEANUP_FREE char *text = gl_guest_read (gg->g, "/etc/default/grub", 64 * 1024, &len);
    grub_default = text ? gl_keyvalue_get (text, len, "GRUB_DEFAULT") : NULL;
    spec = grub_default;
  }
  CLEANUP_FREE char *saved = saved_entry (gg, cfgpath);
  return gl_grub2_resolve_default (cfg, spec, saved);
}

int
gl_guest_bootloader (struct gl_guest *gg, struct gl_os *os)
{
  for (size_t b = 0; b < sizeof bootloaders / sizeof bootloaders[0]; ++b) {
    size_t len;
    CLEANUP_FREE char *text = gl_guest_read (gg->g, bootloaders[b].path,
                                             GL_BOOTCFG_MAX_BYTES, &len);
    if (!text)
      continue;
    struct gl_bootcfg cfg = { .default_index = -1 };
    int r = bootloaders[b].parse (text, len, &cfg);
    if (r == 0 && cfg.blscfg && gl_bls_load (gg->g, bootloaders[b].path, &cfg) == -1)
      gl_debug ("%s: out of memory for the BLS entries", gg->image);
    if (r == -1 || cfg.entries.len == 0) {
      gl_bootcfg_free (&cfg);
      continue;
    }
    os->bootloader.type = strdup (bootloaders[b].type);
    os->bootloader.config = strdup (bootloaders[b].path);

    int def = default_index (gg, bootloaders[b].type, bootloaders[b].path, &cfg);
    for (size_t i = 0; i < cfg.entries.len; ++i) {
      const struct gl_boot_entry *e = &cfg.entries.ptr[i];
      CLEANUP_FREE char *kpath = resolve_boot_path (gg, e->kernel);
      CLEANUP_FREE char *ipath = resolve_boot_path (gg, e->initrd);
      if (e->cmdline)
        gl_xen_consoles_in_cmdline (e->cmdline, &os->xen.consoles);
      struct gl_kernel *k = kpath ? gl_guest_add_kernel (gg, os, kpath, ipath) : NULL;
      if ((int) i != def)
        continue;
      if (e->cmdline)
        os->default_cmdline = strdup (e->cmdline);
      if (k) {
        k->is_default = true;
        os->bootloader.default_kernel = strdup (k->version);
      }
    }
    gl_bootcfg_free (&cfg);
    return 0;
  }
  os->bootloader.type = strdup ("none");
  return 0;
}
