/* guestlift: what a kernel config (or a modules directory) says about
 * booting on KVM: PV-only (XenLinux), virtio drivers, IDE/AHCI, arch.
 *
 * (The user's view: guestlift-inspect(1), HOW PV-ONLY IS DECIDED.)  The
 * only evidence of a PV-only kernel is CONFIG_X86_XEN=y or CONFIG_X86_64_XEN=y: those
 * symbols exist only in the forked XenLinux trees.  Upstream pvops kernels
 * have CONFIG_XEN=y / CONFIG_XEN_PV=y and still boot on bare metal and KVM,
 * so "mentions Xen" proves nothing.
 */
#include <config.h>

#include <stdbool.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "kconfig.h"

/* The symbols that exist only in XenLinux kernels, 64-bit first. */
static const char *const pv_only_syms[] = { "X86_64_XEN", "X86_XEN" };

/* virtio drivers: report field, config symbol, module name (with '_';
 * module names compare with '-' and '_' equal, as modprobe does, so this
 * also matches virtio-rng.ko). */
struct virtio_driver {
  size_t field;            /* offsetof (struct gl_virtio, ...) */
  const char *sym;
  const char *module;
};
static const struct virtio_driver virtio_drivers[] = {
  { offsetof (struct gl_virtio, blk),     "VIRTIO_BLK",       "virtio_blk" },
  { offsetof (struct gl_virtio, net),     "VIRTIO_NET",       "virtio_net" },
  { offsetof (struct gl_virtio, scsi),    "SCSI_VIRTIO",      "virtio_scsi" },
  { offsetof (struct gl_virtio, rng),     "HW_RANDOM_VIRTIO", "virtio_rng" },
  { offsetof (struct gl_virtio, balloon), "VIRTIO_BALLOON",   "virtio_balloon" },
  { offsetof (struct gl_virtio, console), "VIRTIO_CONSOLE",   "virtio_console" },
};

/* KVM (QEMU's "pc"/"q35"/"virt" machines as libvirt sets them up) exposes
 * virtio devices on PCI, so a virtio driver without the virtio PCI
 * transport never sees a device: count the drivers only when
 * CONFIG_VIRTIO_PCI is =y/=m or virtio_pci.ko is there.  (virtio-mmio or
 * virtio-ccw alone would not do for the machines guestlift generates.) */
static const char virtio_pci_sym[] = "VIRTIO_PCI";
static const char virtio_pci_module[] = "virtio_pci";

/* Disk controllers QEMU emulates besides virtio, and the drivers for
 * them: PIIX IDE (libata ata_piix; the 2.6.18 libata name SCSI_ATA_PIIX;
 * the old IDE layer's piix) and AHCI (q35's SATA controller). */
static const char *const ide_syms[] = {
  "ATA_PIIX", "SCSI_ATA_PIIX", "BLK_DEV_PIIX", "SATA_AHCI", "SCSI_SATA_AHCI",
};
static const char *const ide_modules[] = { "ata_piix", "piix", "ahci" };

static bool
is_y (const struct gl_kconfig *c, const char *sym)
{
  const char *v = gl_kconfig_get (c, sym);
  return v && strcmp (v, "y") == 0;
}

gl_tristate
gl_kconfig_pv_only (const struct gl_kconfig *c, char **evidence)
{
  if (evidence)
    *evidence = NULL;
  if (!c)
    return GL_NULL;
  for (size_t i = 0; i < sizeof pv_only_syms / sizeof pv_only_syms[0]; ++i) {
    if (is_y (c, pv_only_syms[i])) {
      if (evidence) {
        size_t n = strlen ("CONFIG_") + strlen (pv_only_syms[i]) + strlen ("=y") + 1;
        char *e = malloc (n);
        if (e) {
          strcpy (e, "CONFIG_");
          strcat (e, pv_only_syms[i]);
          strcat (e, "=y");
        }
        /* On ENOMEM the verdict still stands; the evidence is NULL. */
        *evidence = e;
      }
      return GL_TRUE;
    }
  }
  return GL_FALSE;
}

void
gl_kconfig_virtio (const struct gl_kconfig *c, struct gl_virtio *v,
                   bool *blk_builtin)
{
  if (v)
    memset (v, 0, sizeof *v);
  if (blk_builtin)
    *blk_builtin = false;
  if (!c || !gl_kconfig_enabled (c, virtio_pci_sym))
    return;

  if (v)
    for (size_t i = 0; i < sizeof virtio_drivers / sizeof virtio_drivers[0]; ++i)
      if (gl_kconfig_enabled (c, virtio_drivers[i].sym))
        *(bool *) ((char *) v + virtio_drivers[i].field) = true;

  /* Built in means usable without an initramfs: the transport must be
   * built in too. */
  if (blk_builtin)
    *blk_builtin = is_y (c, "VIRTIO_BLK") && is_y (c, virtio_pci_sym);
}

bool
gl_kconfig_has_ide (const struct gl_kconfig *c)
{
  if (!c)
    return false;
  for (size_t i = 0; i < sizeof ide_syms / sizeof ide_syms[0]; ++i)
    if (gl_kconfig_enabled (c, ide_syms[i]))
      return true;
  return false;
}

const char *
gl_kconfig_arch (const struct gl_kconfig *c)
{
  if (!c)
    return NULL;
  /* X86_64 before X86: 64-bit x86 configs have CONFIG_X86=y too. */
  if (is_y (c, "X86_64"))
    return "x86_64";
  if (is_y (c, "X86_32") || is_y (c, "X86"))
    return "i686";
  if (is_y (c, "ARM64"))
    return "aarch64";
  if (is_y (c, "PPC64"))
    return is_y (c, "CPU_LITTLE_ENDIAN") ? "ppc64le" : "ppc64";
  if (is_y (c, "S390"))
    return "s390x";
  return NULL;
}

/* Module name from a file name: strip ".ko" and a compression suffix,
 * map '-' to '_'.  false if the name is not a kernel module file or is
 * longer than any module name we look for. */
static bool
module_name (const char *basename, char *out, size_t outsz)
{
  static const char *const suffixes[] = { ".ko", ".ko.xz", ".ko.gz", ".ko.zst" };
  size_t len = strlen (basename);

  for (size_t i = 0; i < sizeof suffixes / sizeof suffixes[0]; ++i) {
    size_t sl = strlen (suffixes[i]);
    if (len > sl && strcmp (basename + len - sl, suffixes[i]) == 0) {
      size_t n = len - sl;
      if (n >= outsz)
        return false;
      for (size_t j = 0; j < n; ++j)
        out[j] = basename[j] == '-' ? '_' : basename[j];
      out[n] = '\0';
      return true;
    }
  }
  return false;
}

void
gl_modules_virtio (const char *const *basenames, size_t n,
                   struct gl_virtio *v, bool *ide)
{
  struct gl_virtio found = { 0 };
  bool have_pci = false;
  char name[64];

  if (!basenames)
    return;
  for (size_t i = 0; i < n; ++i) {
    if (!basenames[i] || !module_name (basenames[i], name, sizeof name))
      continue;
    if (strcmp (name, virtio_pci_module) == 0)
      have_pci = true;
    for (size_t j = 0; j < sizeof virtio_drivers / sizeof virtio_drivers[0]; ++j)
      if (strcmp (name, virtio_drivers[j].module) == 0)
        *(bool *) ((char *) &found + virtio_drivers[j].field) = true;
    if (ide)
      for (size_t j = 0; j < sizeof ide_modules / sizeof ide_modules[0]; ++j)
        if (strcmp (name, ide_modules[j]) == 0)
          *ide = true;
  }

  if (!have_pci || !v)
    return;
  v->blk |= found.blk;
  v->net |= found.net;
  v->scsi |= found.scsi;
  v->rng |= found.rng;
  v->balloon |= found.balloon;
  v->console |= found.console;
}
