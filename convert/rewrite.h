/* guestlift: guest file rewriters for conversion (pure: text in, text out).
 *
 * Each rewriter takes the current content of one guest file and returns
 * the new content, or NULL with errno 0 when nothing needs to change (or
 * NULL with errno set on error: ENOMEM, EFBIG over GL_REWRITE_MAX_BYTES,
 * EINVAL for a text holding a NUL byte, which a C string result could not
 * carry, or for a missing ctx / ctx->target).
 * Lines a rewriter does not own are kept byte for byte (comments,
 * spacing, unknown keys): a conversion must be a minimal, reviewable diff.
 */
#ifndef GUESTLIFT_REWRITE_H
#define GUESTLIFT_REWRITE_H

#include <stdbool.h>
#include <stddef.h>

#include "devmap.h"
#include "target.h"

#define GL_REWRITE_MAX_BYTES (4 * 1024 * 1024)

struct gl_rewrite_ctx {
  const struct gl_target_profile *target;   /* kvm, xen-hvm (xen-pv: no edits) */
  /* The guest's device names on the target (gl_plan_device_map); NULL:
   * none renamed.  The console added is target->console ("ttyS0"); Xen
   * consoles (xvc0, hvcN) are removed from kernel command lines. */
  const struct gl_devmap *devices;
};

/* One device string renamed by ctx->devices ("/dev/xvda1" -> "/dev/vda1");
 * other strings (UUID=, LABEL=, /dev/mapper/..., LVs) unchanged.
 * Returns malloc'd new name or NULL when unchanged. */
char *gl_rewrite_device (const char *dev, const struct gl_rewrite_ctx *ctx);

/* A kernel command line (common/bootloader/boot-cmdline.h): devices renamed,
 * console=xvc0 / console=hvcN and xencons=... dropped, console=<target
 * console> added once (console=tty0 kept).  Returns malloc'd, never NULL
 * unless ENOMEM. */
char *gl_rewrite_cmdline (const char *cmdline, const struct gl_rewrite_ctx *ctx);

/* Whole files. */
char *gl_rewrite_fstab (const char *text, size_t len, const struct gl_rewrite_ctx *ctx);
char *gl_rewrite_crypttab (const char *text, size_t len, const struct gl_rewrite_ctx *ctx);
/* /etc/default/grub and /etc/sysconfig/grub: GRUB_CMDLINE_LINUX and
 * GRUB_CMDLINE_LINUX_DEFAULT rewritten (quoting kept); GRUB_DEFAULT left
 * alone (grub.cfg, rewritten directly, carries the default). */
char *gl_rewrite_default_grub (const char *text, size_t len, const struct gl_rewrite_ctx *ctx);
/* inittab: a getty line on xvc0/hvcN is moved to ttyS0, keeping the
 * line's shape (id, runlevels, action, program, speed, term type). */
char *gl_rewrite_inittab (const char *text, size_t len, const struct gl_rewrite_ctx *ctx);
/* securetty: ttyS0 appended if missing; xvcN lines (the Xen PV console,
 * which exists nowhere else) dropped; hvcN kept (KVM's virtio console). */
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
 * context needed).  Returns malloc'd text.  Details: a NULL text is an
 * empty file; identical texts give "" (nothing to show); a last line
 * without newline is followed by "\ No newline at end of file"; control
 * characters of PATH are shown as '?' (guest lines are shown as they are);
 * NULL with errno EINVAL (no path), EFBIG (a text over
 * GL_REWRITE_MAX_BYTES), ENOMEM. */
char *gl_rewrite_diff (const char *path, const char *old_text, const char *new_text);

/* ---- Building blocks: used by the rewriters above, usable alone. ---- */

/* Every /dev/NAME token inside the string S that ctx->devices renames
 * (gl_devmap_rename_in: "resume=/dev/xvdb1" and "header=/dev/xvdc" are
 * found, "/dev/xvda1x" or "/srv/dev/xvda" are not).  Returns a malloc'd
 * string, or NULL with errno 0 when S holds no such token. */
char *gl_rewrite_devices_in (const char *s, const struct gl_rewrite_ctx *ctx);

/* gl_rewrite_cmdline with the console addition optional: /etc/default/grub
 * adds the console to GRUB_CMDLINE_LINUX only, its _DEFAULT twin gets the
 * removals and device renames alone.  Separators of the arguments kept are
 * kept as they were; a dropped argument takes its preceding blanks with
 * it; the console is appended after the last argument (before trailing
 * blanks).  Arguments may hold quoted blanks ('a="b c"').  Returns a
 * malloc'd string (NULL: ENOMEM, EINVAL for a bad ctx, EFBIG over
 * GL_REWRITE_MAX_BYTES). */
char *gl_rewrite_cmdline_opts (const char *cmdline,
                               const struct gl_rewrite_ctx *ctx,
                               bool add_console);

/* A blank-separated word list (e.g. a module list) with the words of the
 * NULL-terminated table DROP removed and those of ADD appended when
 * missing, spacing kept as in gl_rewrite_cmdline_opts.  DROP or ADD may be
 * NULL.  Returns a malloc'd string (NULL only on ENOMEM / EFBIG). */
char *gl_rewrite_word_list (const char *list, const char *const *drop,
                            const char *const *add);

/* One line of a shell-style variables file (/etc/default/grub,
 * /etc/sysconfig/...): when LINE (no newline) assigns KEY, optionally after
 * "export ", as KEY="v", KEY='v' or KEY=v, EDIT is called with the value
 * inside the quotes and returns the new value (malloc'd), or NULL with
 * errno 0 for "unchanged".  The line is rebuilt with the same quoting and
 * the rest of the line (e.g. a trailing comment) kept; a bare value that
 * gains blanks is put in double quotes.  Returns the new malloc'd line, or
 * NULL with errno 0 when the line is not such an assignment (comment,
 * other key, unterminated quote) or EDIT changed nothing; NULL with errno
 * set on error. */
char *gl_rewrite_shell_value (const char *line, const char *key,
                              char *(*edit) (const char *value, void *opaque),
                              void *opaque);

#endif
