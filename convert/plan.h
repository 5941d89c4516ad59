/* guestlift: the conversion plan -- which kernel boots, which guest files
 * change and how, which symlinks move, whether SELinux relabels and how
 * the initrd is rebuilt.  Built once, printed by --dry-run, applied by
 * convert/apply.c: what the user reviews is exactly what is done.
 */
#ifndef GUESTLIFT_CONVERT_PLAN_H
#define GUESTLIFT_CONVERT_PLAN_H

#include <stdbool.h>
#include <stdio.h>

#include "bootloader.h"
#include "devmap.h"
#include "err.h"
#include "guest-io.h"
#include "report.h"
#include "target.h"
#include "vector.h"

/* One guest file whose content changes. */
struct gl_file_edit {
  char *path;          /* guest path (symlinks resolved inside the guest) */
  char *old_text;
  char *new_text;
};
DEFINE_VECTOR_TYPE (gl_file_edit_vector, struct gl_file_edit);

/* A symlink renamed (systemd serial-getty@hvc0 -> @ttyS0): the link
 * `to` is created pointing at `target`, then `from` is removed. */
struct gl_link_edit {
  char *from;
  char *to;
  char *target;
};
DEFINE_VECTOR_TYPE (gl_link_edit_vector, struct gl_link_edit);

struct gl_plan {
  const struct gl_target_profile *target;
  const struct gl_kernel *kernel;     /* borrowed from the report */
  gl_file_edit_vector edits;
  gl_link_edit_vector links;
  bool autorelabel;                   /* touch /.autorelabel */
  char **initrd_argv;                 /* rebuild command (guest argv), or NULL */
  char *initrd_path;                  /* the initrd it writes, or NULL */
  /* The chosen kernel's initrd lacks the target's disk driver: rebuilt
   * with initrd_argv, or (no tool found, or the tool fails) a warning. */
  bool initrd_needed;
  bool initrd_rebuilt;                /* set by gl_plan_apply */
  /* The kernel command line for direct kernel boot (already rewritten for
   * the target), or NULL when the bootloader has no entry for the kernel. */
  char *cmdline;
  /* grub2 whose default is saved in grubenv (blscfg): the saved_entry
   * naming the chosen kernel's entry (a BLS entry's ID); NULL otherwise. */
  char *saved_entry;
  /* What a bound kept the plan from changing (a file too large to
   * rewrite, entries past a count): printed by --dry-run and warned by
   * convert, never dropped silently. */
  string_vector warnings;
  /* Sector 0 of the boot disk (the first) holds boot code that BIOS can
   * run: the 0x55AA signature and code before the partition table.  A
   * bare filesystem, a pygrub guest's disk or an empty MBR has none. */
  bool boot_code;
  char *no_boot_code_why;             /* when !boot_code: "sector 0 is zeros"... */
};

/* Pick the kernel to boot on TARGET.
 * - REQUESTED (--kernel) must be one of the report's kernels, else -1 with
 *   ERR naming the available ones.  On kvm/xen-hvm it must not be
 *   PV-only.
 * - Else kvm/xen-hvm: the verdict's recommended kernel; when there is none
 *   (every kernel PV-only, or none boots) -1 with ERR naming the kernels
 *   and what to do.
 * - Else xen-pv: the default kernel, else the recommended one, else the
 *   last (newest by the report's order) one.
 * Returns 0 with *out pointing into os->kernels. */
int gl_plan_choose_kernel (const struct gl_os *os,
                           const struct gl_target_profile *target,
                           const char *requested,
                           const struct gl_kernel **out, struct gl_err *err);

/* Build the plan for OS on TARGET with the guest mounted (read-only is
 * enough) in G: reads the guest files (bounded) and calls the rewriters,
 * which rename devices by DEVICES (convert/devices.h; NULL: the prefix
 * map of gl_plan_device_map).  Files that cannot be read are skipped
 * (missing is normal).  0, or -1 with ERR (out of memory, a rewriter
 * error). */
int gl_plan_build (struct gl_guest_io *g, const struct gl_os *os,
                   const struct gl_target_profile *target,
                   const struct gl_kernel *kernel,
                   const struct gl_devmap *devices,
                   struct gl_plan *plan, struct gl_err *err);

/* The human-readable plan (--dry-run): kernel, diffs, symlinks, relabel,
 * initrd command.  Guest text is made safe for a terminal. */
int gl_plan_print (const struct gl_plan *plan, FILE *fp);

/* The guest's device names on TARGET, as the rewriters apply them: every
 * Xen name xvdX[N] becomes the target's prefix + X[N] (vda1, hda1); none
 * for a target that keeps the xvd names.  0, or -1 on ENOMEM. */
int gl_plan_device_map (const struct gl_target_profile *target,
                        struct gl_devmap *map);

/* The edits of the guest's bootloader files on TARGET: the DEVICES map,
 * the target's console, the kernel file KNAME made the default (and
 * grubenv's SAVED_ENTRY).  false when the target takes no guest edits
 * (xen-pv: the guest boots as it did). */
bool gl_plan_boot_edits (const struct gl_target_profile *target,
                         const struct gl_devmap *devices, const char *kname,
                         const char *saved_entry, struct gl_boot_edits *edits);

/* "root=DEV ro console=C" for a guest without a bootloader entry: DEV is
 * the root filesystem's name on the target bus.  malloc'd. */
char *gl_plan_default_cmdline (const struct gl_os *os,
                               const struct gl_target_profile *target);

void gl_plan_free (struct gl_plan *plan);

#endif
