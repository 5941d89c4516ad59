/* guestlift: how a disk image is named to qemu and qemu-img, so that
 * they open that file and nothing else.
 *
 * qemu reads a name with a ':' before any '/' as a protocol ("nbd:...",
 * "json:{...}"): a local file of such a name is passed as "./NAME".
 * Unless the user allowed backing files, an image whose format can have
 * one is named with a json: name that opens the file itself with the
 * format given and "backing": null, so that qemu opens no backing file
 * even if the image changed since guestlift read its header.
 */
#ifndef GUESTLIFT_QEMU_NAME_H
#define GUESTLIFT_QEMU_NAME_H

#include <stdbool.h>

/* PATH as qemu must see it to take it for a local file.  NULL on ENOMEM. */
char *gl_qemu_file_name (const char *path);

struct gl_qemu_name {
  char *name;          /* the file name or json: name to give qemu */
  const char *format;  /* to give with it (-f, format=), or NULL when the
                          name carries it (json:) or qemu is to detect it */
};

/* How to name PATH, of FORMAT (NULL: let qemu detect it), to qemu.
 * 0, or -1 on ENOMEM.  gl_qemu_name_free frees it. */
int gl_qemu_name (const char *path, const char *format, bool allow_backing,
                  struct gl_qemu_name *out);
void gl_qemu_name_free (struct gl_qemu_name *n);

#endif
