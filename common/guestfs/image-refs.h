/* guestlift: the other files a disk image's own header names -- what qemu
 * would open besides the image itself:
 *
 *   qcow2   backing file (+ its format), external data file (data_file)
 *   qcow    backing file
 *   qed     backing file
 *   vmdk    extents in other files (a descriptor file, or a sparse file
 *           whose embedded descriptor qemu parses), parentFileNameHint
 *   vpc     the parent of a differencing VHD (qemu ignores it and reads
 *           the child alone)
 *   vhdx    the parent of a differencing VHDX (qemu refuses the image)
 *
 * Read from the header alone, through bounded reads at offsets, never by
 * opening a file the header names: a hostile image names any host file
 * (its own "backing file" /etc/shadow) or a network server ("nbd://...",
 * "json:{...}").  The format is qemu's: forced by the user, or detected
 * by magic the way qemu probes (so a header qemu would follow is never
 * missed; a detection slightly looser than qemu's only refuses more).
 *
 * Pure: the caller supplies the reads (a file, or a buffer in tests and
 * fuzzing).
 */
#ifndef GUESTLIFT_IMAGE_REFS_H
#define GUESTLIFT_IMAGE_REFS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Names longer than this (bytes, with the NUL) are cut: qemu's own limits
 * are 1023 (qcow, qcow2 backing), 511 (vmdk extents), 4095 (qed, vmdk
 * parentFileNameHint). */
#define GL_IMAGE_REF_NAME_MAX 4096
/* References recorded per image (more are counted, not kept). */
#define GL_IMAGE_REFS_MAX 16
/* The most a vmdk descriptor is read (qemu reads at most 1 MiB). */
#define GL_IMAGE_DESC_MAX (1024 * 1024)

enum gl_image_ref_kind {
  GL_REF_BACKING = 0,     /* backing file: qemu reads through to it */
  GL_REF_DATA_FILE,       /* qcow2 external data file: holds the data */
  GL_REF_EXTENT,          /* vmdk extent in another file */
  GL_REF_PARENT,          /* differencing VHD/VHDX parent: qemu never
                             follows it */
};

struct gl_image_ref {
  enum gl_image_ref_kind kind;
  char *name;             /* as the header writes it (relative, "json:",
                             a protocol...); NULL: not named (a qcow2
                             data-file bit without the name extension) */
  char *format;           /* the format the header gives it, or NULL */
};

struct gl_image_refs {
  const char *format;     /* static: the format read ("qcow2", "qcow",
                             "qed", "vmdk", "vpc", "vhdx"), or NULL: one
                             that names no other file (raw, vdi, ...) */
  struct gl_image_ref ref[GL_IMAGE_REFS_MAX];
  size_t n;               /* recorded in ref[] */
  size_t total;           /* found (more than n: the rest were dropped) */
};

/* Read LEN bytes at OFFSET into BUF: the number of bytes read (fewer at
 * the end of the image), or -1 with errno. */
typedef long (*gl_image_read_fn) (void *opaque, uint64_t offset, void *buf,
                                  size_t len);

/* The references of an image of SIZE bytes read through READ.  FORMAT is
 * the format qemu will be told (the user's), or NULL to detect it as
 * qemu does.  A damaged header yields what could be read (qemu rejects
 * such images itself; the caller then reports qemu's words).  0, or -1
 * with errno (ENOMEM, or READ's error); OUT is then empty. */
int gl_image_refs_read (gl_image_read_fn read, void *opaque, uint64_t size,
                        const char *format, struct gl_image_refs *out);
void gl_image_refs_free (struct gl_image_refs *refs);

/* "backing file", "external data file", "vmdk extent", "parent disk". */
const char *gl_image_ref_kind_name (enum gl_image_ref_kind kind);

/* Can an image of FORMAT name another file (qcow2, qcow, qed, vmdk)?
 * These are the formats qemu opens backing files for. */
bool gl_image_format_has_backing (const char *format);

/* Would qemu take NAME for something other than a local file: "json:..."
 * or a protocol ("nbd:", "http:", "ssh:", ... : a ':' before any '/')? */
bool gl_image_name_is_protocol (const char *name);

/* NAME as qemu resolves it from the file REFERRER that names it: a
 * protocol or absolute name as it is, a relative one against REFERRER's
 * folder.  NULL on ENOMEM. */
char *gl_image_ref_resolve (const char *referrer, const char *name);

#endif
