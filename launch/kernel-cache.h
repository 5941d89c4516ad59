/* guestlift launch: which kernel to boot, and its files in the kernel cache.
 *
 * The kernel and its initrd are copied out of the image once, into
 *   $XDG_CACHE_HOME/guestlift/kernels/<sha256 of image identity + version>/
 *     vmlinuz  initrd  root
 * where "root" holds the root filesystem's UUID and label ("uuid=...",
 * "label=...", one a line).  "root" is written last: the entry is complete
 * when it exists.  The identity is gl_image_key's (common/guestfs/
 * image-key.h: device, inode, size, times, path... of the image and of
 * every file of its backing chain when the user allowed one): a changed
 * image gets a new entry, an unchanged one is served without any
 * appliance.
 */
#ifndef GUESTLIFT_KERNEL_CACHE_H
#define GUESTLIFT_KERNEL_CACHE_H

#include <stdbool.h>

#include "err.h"
#include "launch.h"
#include "luks-keys.h"
#include "note.h"
#include "report.h"

struct gl_kernel_files {
  char *dir;          /* the entry's folder */
  char *vmlinuz;      /* dir/vmlinuz */
  char *initrd;       /* dir/initrd, NULL when the kernel has no initrd */
  char *root_uuid;    /* NULL when unknown (not extracted yet, or none) */
  char *root_label;
  bool cached;        /* the entry is complete */
};

/* The kernel to boot from OS: WANT (--kernel) when given -- NULL with err
 * naming the available versions when the guest has no such kernel --,
 * else for xen-pv the default kernel, else the recommended, else the
 * newest; for the other hypervisors kvm.recommended_kernel (NULL with
 * err quoting the first blocker when there is none). */
const struct gl_kernel *gl_kernel_pick (const struct gl_os *os,
                                        const char *want,
                                        enum gl_hypervisor hv,
                                        struct gl_err *err);

/* Fill F for kernel K of the guest made of IMGS[0..n-1] (their identity
 * now; ALLOW_BACKING: --allow-backing-file): paths, and the root
 * UUID/label and f->cached when the entry is complete.  Creates nothing.
 * 0, or -1 with err. */
int gl_kernel_cache_locate (struct gl_image *const *imgs, size_t n,
                            bool allow_backing, const struct gl_kernel *k,
                            struct gl_kernel_files *f, struct gl_err *err);

/* gl_kernel_cache_locate, then, when the entry is not complete, open the
 * guest read-only in ONE appliance (common/guestfs/mount-session.h), its
 * LUKS devices with KEYS (NULL: none), mount its root and /boot as the
 * report says, copy vmlinuz and initrd (bounded by GL_KERNEL_MAX_BYTES
 * and GL_INITRD_MAX_BYTES, gl-limits.h) and record the root's UUID and
 * label.  Files appear under temporary names and are renamed into place.
 * The keys are never in the entry nor in its key.  NOTE hears what the
 * user must see (TCG chosen, a launch retried).  0, or -1 with err. */
int gl_kernel_cache_fetch (struct gl_image *const *imgs, size_t n,
                           bool allow_backing,
                           const struct gl_os *os, const struct gl_kernel *k,
                           struct gl_kernel_files *f, const struct gl_luks_keys *keys,
                           const struct gl_note_sink *note,
                           struct gl_err *err);

void gl_kernel_files_free (struct gl_kernel_files *f);

#endif
