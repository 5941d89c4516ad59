/* guestlift: reading kernel images and initramfs archives on the host
 * (files already copied out of the guest; libarchive; no appliance).
 *
 * All readers are bounded: a kernel image up to GL_KIMAGE_MAX_BYTES, a
 * decompressed payload up to GL_KIMAGE_MAX_UNPACKED, an initramfs up to
 * GL_INITRD_MAX_BYTES.  Larger input is an error, not a crash.
 */
#ifndef GUESTLIFT_KIMAGE_H
#define GUESTLIFT_KIMAGE_H

#include <stdbool.h>
#include <stddef.h>

#include "vector.h"

#define GL_KIMAGE_MAX_BYTES (64 * 1024 * 1024)
#define GL_KIMAGE_MAX_UNPACKED (256 * 1024 * 1024)
#define GL_INITRD_MAX_BYTES (512 * 1024 * 1024)

enum gl_kimage_kind {
  GL_KIMAGE_UNKNOWN = 0,
  GL_KIMAGE_BZIMAGE,        /* x86 boot protocol: "HdrS" at 0x202 */
  GL_KIMAGE_ELF,            /* plain vmlinux ELF */
  GL_KIMAGE_GZIP_ELF,       /* gzip'd ELF: how XenLinux kernels ship */
};

struct gl_kimage_info {
  enum gl_kimage_kind kind;
  bool xen_notes;           /* ELF has Xen notes / "__xen_guest" section:
                             * the image is built to boot as a Xen PV guest */
  char *config;             /* IKCONFIG text (malloc'd) or NULL if none */
};

/* Examine a kernel image held in memory (data, len).  Fills *info (config
 * NULL when there is no IKCONFIG).  Returns 0, or -1 with *err set to a
 * malloc'd one-line reason (corrupt compressed stream, too large, ...). */
int gl_kimage_read (const void *data, size_t len, struct gl_kimage_info *info,
                    char **err);
void gl_kimage_info_free (struct gl_kimage_info *info);

/* Find the IKCONFIG blob ("IKCFG_ST" gzip "IKCFG_ED") in decompressed
 * kernel bytes and gunzip it.  Returns malloc'd text, NULL if absent. */
char *gl_ikconfig_find (const void *data, size_t len);

/* List the file names (paths as in the archive, e.g.
 * "usr/lib/modules/6.1.0/kernel/drivers/block/virtio_blk.ko") of an
 * initramfs held in the host file PATH: a cpio archive, compressed or not,
 * possibly several concatenated (early microcode cpio + compressed main
 * cpio).  Returns 0, or -1 with *err set. */
int gl_initrd_list (const char *path, string_vector *names, char **err);

/* Does this list of initramfs names hold the virtio_blk driver module? */
bool gl_initrd_names_have_virtio_blk (const string_vector *names);

#endif
