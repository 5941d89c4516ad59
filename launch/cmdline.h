/* guestlift launch: the kernel command line of a direct kernel boot.
 *
 * Pure (no I/O): built from what inspection and the kernel cache know.
 *
 *   root=UUID=<uuid> | root=LABEL=<label> | root=<device on the target bus>
 *   ro console=<the target's console> [--append ARGS]
 *
 * and --cmdline replaces all of it.  The device fallback maps the report's
 * canonical name (/dev/sda1 = first disk, partition 1) to the name the
 * target gives it (/dev/vda1 on kvm/qemu, /dev/xvda1 on xen-pv, /dev/hda1
 * on xen-hvm); LVM and other non-disk devices are kept as they are.
 */
#ifndef GUESTLIFT_LAUNCH_CMDLINE_H
#define GUESTLIFT_LAUNCH_CMDLINE_H

#include "err.h"
#include "target.h"

/* x86's COMMAND_LINE_SIZE is 2048 including the NUL. */
#define GL_CMDLINE_MAX 2047

struct gl_cmdline_opts {
  const struct gl_target_profile *target;
  const char *root_uuid;    /* may be NULL; used only if it is a plain UUID */
  const char *root_label;   /* may be NULL; used only without blanks/quotes */
  const char *root_device;  /* the report's root ("/dev/sda1"); may be NULL */
  const char *append;       /* --append, or NULL */
  const char *replace;      /* --cmdline, or NULL */
};

/* The command line (malloc'd), or NULL with err: no way to name the
 * root, a control character in --append/--cmdline (EINVAL), or longer
 * than GL_CMDLINE_MAX (EFBIG). */
char *gl_cmdline_build (const struct gl_cmdline_opts *o, struct gl_err *err);

/* The command line of the guest's own boot entry, ENTRY, as the guest
 * would boot it on TARGET: unchanged (its root=, its options) but for
 * the target's console, added at the end unless ENTRY's last console= is
 * that one already (the last console= is /dev/console), then APPEND (may
 * be NULL).  NULL with err: a control character (EINVAL), longer than
 * GL_CMDLINE_MAX (EFBIG). */
char *gl_cmdline_from_entry (const struct gl_target_profile *target, const char *entry,
                             const char *append, struct gl_err *err);

/* The target's name for a canonical disk device ("/dev/sdb2" -> kvm
 * "/dev/vdb2"); a non-disk device (LVM, md, /dev/mapper) is copied.
 * NULL with errno EINVAL when dev is not a /dev path, ENOMEM, ERANGE. */
char *gl_cmdline_root_device (const struct gl_target_profile *target,
                              const char *dev);

#endif
