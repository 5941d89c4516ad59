/* guestlift: guest file rewriters for conversion (pure: text in, text out).
 *
 * Each rewriter takes the current content of one guest file and returns
 * the new content, or NULL with errno 0 when nothing needs to change (or
 * NULL with errno set on error: ENOMEM, EFBIG over GL_REWRITE_MAX_BYTES).
 * Lines a rewriter does not own are kept byte for byte (comments,
 * spacing, unknown keys): a conversion must be a minimal, reviewable diff.
 */
#ifndef GUESTLIFT_REWRITE_H
#define GUESTLIFT_REWRITE_H

#include <stdbool.h>
#include <stddef.h>

#include "target.h"

#define GL_REWRITE_MAX_BYTES (4 * 1024 * 1024)

struct gl_rewrite_ctx {
  const struct gl_target_profile *target;   /* kvm, xen-hvm (xen-pv: no edits) */
  /* The kernel chosen to boot by default, and where the bootloader finds
   * it (path as the bootloader config writes it, e.g. "/vmlinuz-V" or
   * "/boot/vmlinuz-V"); the rewriter matches entries by version. */
  const char *kernel_version;
  /* The console added is target->console ("ttyS0"); Xen consoles (xvc0,
   * hvcN) are removed from kernel command lines. */
};

/* /dev/xvdXN -> /dev/<prefix>XN (vda1, hda1, sda1 ...) in one device
 * string; other strings (UUID=, LABEL=, /dev/mapper/..., LVs) unchanged.
 * Returns malloc'd new name or NULL when unchanged. */
char *gl_rewrite_device (const char *dev, const struct gl_rewrite_ctx *ctx);

/* A kernel command line: root=/dev/xvdX -> target device, console=xvc0 /
 * console=hvcN dropped, console=<target console> added once (console=tty0
 * kept), xencons=... dropped.  Returns malloc'd, never NULL unless ENOMEM. */
char *gl_rewrite_cmdline (const char *cmdline, const struct gl_rewrite_ctx *ctx);

/* Whole files. */
char *gl_rewrite_fstab (const char *text, size_t len, const struct gl_rewrite_ctx *ctx);
char *gl_rewrite_crypttab (const char *text, size_t len, const struct gl_rewrite_ctx *ctx);
/* grub legacy: default=N pointing at the entry of ctx->kernel_version
 * (non-Xen "kernel" line, not a xen.gz multiboot entry), each entry's
 * kernel line rewritten with gl_rewrite_cmdline. */
char *gl_rewrite_grub_legacy (const char *text, size_t len, const struct gl_rewrite_ctx *ctx);
/* grub2 grub.cfg: `set default="N"` (or inserted) pointing at the entry
 * whose linux line boots ctx->kernel_version; linux lines rewritten. */
char *gl_rewrite_grub2_cfg (const char *text, size_t len, const struct gl_rewrite_ctx *ctx);
/* /etc/default/grub and /etc/sysconfig/grub: GRUB_CMDLINE_LINUX and
 * GRUB_CMDLINE_LINUX_DEFAULT rewritten (quoting kept); GRUB_DEFAULT left
 * alone (grub.cfg, rewritten directly, carries the default). */
char *gl_rewrite_default_grub (const char *text, size_t len, const struct gl_rewrite_ctx *ctx);
/* extlinux.conf: DEFAULT <label of the chosen kernel>, APPEND rewritten. */
char *gl_rewrite_extlinux (const char *text, size_t len, const struct gl_rewrite_ctx *ctx);
/* inittab: a getty line on xvc0/hvcN is moved to ttyS0, keeping the
 * line's shape (id, runlevels, action, program, speed, term type). */
char *gl_rewrite_inittab (const char *text, size_t len, const struct gl_rewrite_ctx *ctx);
/* securetty: ttyS0 appended if missing (Xen entries kept: harmless). */
char *gl_rewrite_securetty (const char *text, size_t len, const struct gl_rewrite_ctx *ctx);
/* modprobe.conf / modprobe.d: alias ethN xennet|xen-netfront|xen_netfront|
 * xen-vnif -> virtio_net; alias scsi_hostadapter* xenblk|xen-blkfront|
 * xen-vbd -> virtio_blk (for kvm; for xen-hvm: e1000 / ata_piix). */
char *gl_rewrite_modprobe (const char *text, size_t len, const struct gl_rewrite_ctx *ctx);
/* SUSE /etc/sysconfig/kernel: INITRD_MODULES and DOMU_INITRD_MODULES drop
 * xen modules (xenblk, xennet, xen-vbd, xen-vnif, xen-blkfront,
 * xen-netfront, xen-platform-pci...) and INITRD_MODULES gains virtio_pci
 * virtio_blk (kvm) or ata_piix (xen-hvm), quoting kept. */
char *gl_rewrite_sysconfig_kernel (const char *text, size_t len, const struct gl_rewrite_ctx *ctx);

/* A unified-diff-like rendering of old -> new for --dry-run: "--- PATH",
 * "+++ PATH", "-old line" / "+new line" for changed lines only (no hunk
 * context needed).  Returns malloc'd text. */
char *gl_rewrite_diff (const char *path, const char *old_text, const char *new_text);

#endif
