/* guestlift: reading kernel images and initramfs archives on the host
 * (files already copied out of the guest; libarchive; no appliance).
 *
 * All readers are bounded: a kernel image up to GL_KERNEL_MAX_BYTES, a
 * decompressed payload up to GL_KIMAGE_MAX_UNPACKED, an initramfs up to
 * GL_INITRD_MAX_BYTES.  Larger input is an error, not a crash.
 */
#ifndef GUESTLIFT_KIMAGE_H
#define GUESTLIFT_KIMAGE_H

#include <stdbool.h>
#include <stddef.h>

#include "err.h"
#include "gl-limits.h"
#include "vector.h"

#define GL_KIMAGE_MAX_UNPACKED (256 * 1024 * 1024)

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
  char *config_note;        /* why an IKCONFIG that is there was not read (a
                             * bound), or NULL (malloc'd) */
};

/* Examine a kernel image held in memory (data, len).  Fills *info (config
 * NULL when there is no IKCONFIG).  Returns 0, or -1 with err (corrupt
 * compressed stream: EINVAL; too large: EFBIG; ...). */
int gl_kimage_read (const void *data, size_t len, struct gl_kimage_info *info,
                    struct gl_err *err);
void gl_kimage_info_free (struct gl_kimage_info *info);

/* Find the IKCONFIG blob ("IKCFG_ST" gzip "IKCFG_ED") in decompressed
 * kernel bytes and gunzip it.  Returns malloc'd text, NULL if absent.
 * When a bound stopped it (the text is over GL_IKCONFIG_MAX_TEXT, or
 * GL_IKCONFIG_MAX_TRIES markers led to no config and more are left),
 * *why gets a malloc'd reason naming the bound; else *why is NULL. */
#define GL_IKCONFIG_MAX_TEXT (16 * 1024 * 1024)
#define GL_IKCONFIG_MAX_TRIES 16
char *gl_ikconfig_find (const void *data, size_t len, char **why);

/* List the file names (paths as in the archive, e.g.
 * "usr/lib/modules/6.1.0/kernel/drivers/block/virtio_blk.ko") of an
 * initramfs held in the host file PATH: a cpio archive, compressed or not,
 * possibly several concatenated (early microcode cpio + compressed main
 * cpio).  Returns 0, or -1 with err. */
int gl_initrd_list (const char *path, string_vector *names, struct gl_err *err);

/* Does this list of initramfs names hold the virtio_blk driver module? */
bool gl_initrd_names_have_virtio_blk (const string_vector *names);

/* --- additions (kimage.c, initrd.c) --- */

/* Decompressed initramfs bytes walked before giving up (a compression
 * bomb is an error, not an endless loop); names listed at most. */
#define GL_INITRD_MAX_UNPACKED (4ULL * 1024 * 1024 * 1024)
#define GL_INITRD_MAX_NAMES 1000000

/* "bzImage", "ELF", "gzip'd ELF", "unknown". */
const char *gl_kimage_kind_name (enum gl_kimage_kind kind);

/* A malloc'd one-line note on a format worth telling the user about, e.g.
 * "gzip'd ELF image with Xen notes (XenLinux style, not a bzImage)", or
 * NULL when there is nothing notable (every bzImage).  xen_notes alone is
 * not PV-only evidence: pvops bzImages carry Xen notes too. */
char *gl_kimage_format_hint (const struct gl_kimage_info *info);

/* gl_kimage_read on the host file PATH (read-only; mapped, not copied).
 * A file larger than GL_KERNEL_MAX_BYTES is refused: -1, err EFBIG. */
int gl_kimage_read_file (const char *path, struct gl_kimage_info *info,
                         struct gl_err *err);

/* Lower the decompressed-size bound (tests and fuzzing; 0 restores
 * GL_KIMAGE_MAX_UNPACKED).  Not thread-safe: call before any reading. */
void gl_kimage_set_unpacked_limit (size_t limit);

/* gl_initrd_list on bytes held in memory. */
int gl_initrd_list_mem (const void *data, size_t len, string_vector *names,
                        struct gl_err *err);

/* Streaming decompression shared by the readers above: libarchive, raw
 * format, the gzip filter only (gzip_only) or gzip, xz, lzma, bzip2, lz4
 * (incl. the kernel's legacy frame) and zstd.  SINK gets each decompressed
 * chunk and returns 0 to go on, 1 to stop early (not an error), -1 to fail
 * (it sets err itself).  Returns 0 at the end of the stream or when the
 * sink stopped, -1 with err (without a prefix: the libarchive reason or
 * "unrecognised compression format") otherwise.
 * *consumed (if not NULL) gets how many input bytes the decompressor
 * used, so the caller can go on after the compressed stream. */
typedef int (*gl_unpack_sink) (void *opaque, const void *buf, size_t n,
                               struct gl_err *err);
int gl_unpack_stream (const void *data, size_t len, bool gzip_only,
                      gl_unpack_sink sink, void *opaque, size_t *consumed,
                      struct gl_err *err);

/* The name of the compression whose magic starts (data, len): "gzip",
 * "xz", "lzma", "bzip2", "lz4", "zstd", or NULL. */
const char *gl_compression_name (const void *data, size_t len);

#endif
