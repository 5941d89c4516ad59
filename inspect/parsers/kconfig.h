/* guestlift: Linux kernel .config reader (pure; no I/O).
 *
 * Input is the text of a kernel config (/boot/config-V, build/.config, or
 * the IKCONFIG blob).  Lines "CONFIG_FOO=y|m|\"str\"|123" set a symbol;
 * "# CONFIG_FOO is not set" and anything else leave it unset.
 * Input larger than GL_KCONFIG_MAX_BYTES is refused (returns NULL, EFBIG).
 *
 * Details (kconfig.c): CRLF and a missing final newline are fine; when a
 * symbol appears on several lines the last one wins (a later "is not set"
 * unsets it); other lines are ignored; a NUL byte ends the text.  Empty
 * input gives an empty config (count 0), not NULL.  NULL only on EFBIG,
 * ENOMEM, or text == NULL with len > 0 (EINVAL).
 */
#ifndef GUESTLIFT_KCONFIG_H
#define GUESTLIFT_KCONFIG_H

#include <stdbool.h>
#include <stddef.h>

#include "report.h"

#define GL_KCONFIG_MAX_BYTES (16 * 1024 * 1024)

struct gl_kconfig;

struct gl_kconfig *gl_kconfig_parse (const char *text, size_t len);
void gl_kconfig_free (struct gl_kconfig *c);

/* Value of CONFIG_<sym> ("y", "m", "\"...\"", "123"), or NULL if unset.
 * sym is given without the CONFIG_ prefix, e.g. "X86_64_XEN". */
const char *gl_kconfig_get (const struct gl_kconfig *c, const char *sym);
/* true when the symbol is =y or =m. */
bool gl_kconfig_enabled (const struct gl_kconfig *c, const char *sym);
/* Number of symbols set (for sanity checks: 0 means "not a config"). */
size_t gl_kconfig_count (const struct gl_kconfig *c);

/* --- classifiers (kernel-classify.c) --- */

/* PV-only (XenLinux) verdict: GL_TRUE with *evidence = "CONFIG_X86_64_XEN=y"
 * (or "CONFIG_X86_XEN=y"), else GL_FALSE and *evidence = NULL.
 * A NULL config gives GL_NULL. *evidence is malloc'd. */
gl_tristate gl_kconfig_pv_only (const struct gl_kconfig *c, char **evidence);

/* virtio drivers present as =y or =m; *blk_builtin is set when
 * CONFIG_VIRTIO_BLK=y.  *v is overwritten (all false for a NULL config).
 * Drivers count only when CONFIG_VIRTIO_PCI is =y or =m (KVM exposes
 * virtio on PCI); blk_builtin needs CONFIG_VIRTIO_PCI=y as well.
 * blk_builtin may be NULL. */
void gl_kconfig_virtio (const struct gl_kconfig *c, struct gl_virtio *v,
                        bool *blk_builtin);

/* A disk driver KVM can emulate besides virtio: IDE/PATA (ata_piix,
 * CONFIG_IDE/BLK_DEV_PIIX) or AHCI.  Symbols (=y or =m): ATA_PIIX,
 * SCSI_ATA_PIIX (2.6.18), BLK_DEV_PIIX, SATA_AHCI, SCSI_SATA_AHCI. */
bool gl_kconfig_has_ide (const struct gl_kconfig *c);

/* Architecture from the config: "x86_64" (CONFIG_X86_64=y), "i686"
 * (CONFIG_X86_32=y or CONFIG_X86=y without X86_64), "aarch64", ...;
 * NULL if unknown.  Static string. */
const char *gl_kconfig_arch (const struct gl_kconfig *c);

/* virtio/IDE from module file names (basenames such as "virtio_blk.ko.xz",
 * "ata_piix.ko"): ORs into *v / *ide what the files show.
 * Names must end in .ko, .ko.xz, .ko.gz or .ko.zst; '-' and '_' are equal.
 * virtio drivers count only when virtio_pci is among the names: callers
 * should pass the basenames listed in modules.builtin as well, so that a
 * built-in transport (CONFIG_VIRTIO_PCI=y, as on Fedora) is seen.
 * IDE modules: ata_piix, piix, ahci.  v or ide may be NULL. */
void gl_modules_virtio (const char *const *basenames, size_t n,
                        struct gl_virtio *v, bool *ide);

#endif
