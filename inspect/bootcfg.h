/* guestlift: bootloader configuration readers (pure; no I/O).
 *
 * grub legacy (menu.lst / grub.conf), grub2 (grub.cfg), extlinux/syslinux
 * (extlinux.conf, syslinux.cfg) all parse into the same shape: a list of
 * entries and which one boots by default.  Inputs larger than
 * GL_BOOTCFG_MAX_BYTES are refused (-1, EFBIG).
 */
#ifndef GUESTLIFT_BOOTCFG_H
#define GUESTLIFT_BOOTCFG_H

#include <stddef.h>
#include "vector.h"

#define GL_BOOTCFG_MAX_BYTES (4 * 1024 * 1024)

struct gl_boot_entry {
  char *title;      /* grub "title" / menuentry title / extlinux LABEL (or MENU LABEL) */
  char *kernel;     /* path as written, with any grub device prefix "(hd0,0)"
                     * removed: "/vmlinuz-2.6.18-398.el5xen" or "/boot/vmlinuz-..." */
  char *initrd;     /* same, or NULL */
  char *cmdline;    /* kernel arguments after the path, or NULL */
  char *id;         /* grub2 --id / $menuentry_id_option value, or NULL */
};
DEFINE_VECTOR_TYPE (gl_boot_entry_vector, struct gl_boot_entry);

struct gl_bootcfg {
  gl_boot_entry_vector entries;  /* in file order (grub2: submenus flattened) */
  int default_index;             /* index into entries, -1 if unknown */
  char *default_spec;            /* the raw default ("0", "saved", a title, "1>2", a LABEL) */
};

/* Each returns 0 (even for a file with no entries) or -1 on error (errno). */
int gl_grub_legacy_parse (const char *text, size_t len, struct gl_bootcfg *out);
int gl_grub2_parse (const char *text, size_t len, struct gl_bootcfg *out);
int gl_extlinux_parse (const char *text, size_t len, struct gl_bootcfg *out);
void gl_bootcfg_free (struct gl_bootcfg *c);

/* Resolve a grub2 default spec ("2", "Title", "id", "1>0", "saved") against
 * the entries; -1 if it cannot be resolved.  For "saved" the caller passes
 * the saved_entry value from grubenv (or NULL). */
int gl_grub2_resolve_default (const struct gl_bootcfg *c, const char *spec,
                              const char *saved_entry);

#endif
