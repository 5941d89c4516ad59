/* guestlift: the shape every bootloader format parses into (pure; no I/O):
 * a menu of entries, each booting a kernel with an initrd and a command
 * line, and which entry boots by default.  The formats themselves are
 * behind the ops table of bootloader.h.
 */
#ifndef GUESTLIFT_BOOTCFG_H
#define GUESTLIFT_BOOTCFG_H

#include <stdbool.h>
#include <stddef.h>

#include "vector.h"

/* The largest configuration file a format reads or rewrites (a BLS entry
 * file and grubenv have smaller bounds: see their ops). */
#define GL_BOOTCFG_MAX_BYTES (4 * 1024 * 1024)

struct gl_boot_entry {
  char *title;      /* grub "title" / menuentry title / extlinux LABEL (or MENU LABEL) */
  char *kernel;     /* path as written, with any grub device prefix "(hd0,0)"
                     * removed: "/vmlinuz-2.6.18-398.el5xen" or "/boot/vmlinuz-..." */
  char *initrd;     /* same, or NULL */
  char *cmdline;    /* kernel arguments after the path, or NULL */
  char *id;         /* grub2 --id / $menuentry_id_option value; extlinux
                     * LABEL (title is then MENU LABEL if any); BLS: the
                     * entry file's name without ".conf"; or NULL */
  char *version;    /* BLS "version", else NULL */
  /* Linux is loaded as a module of a hypervisor (grub "kernel /xen.gz" or
   * "multiboot" with "module" lines, extlinux "KERNEL mboot.c32"): kernel
   * and cmdline are then the Linux module's (extlinux: mboot.c32 and the
   * whole APPEND). */
  bool via_hypervisor;
  /* Where the entry sits in the menu tree (grub2 submenus, for "A>B"
   * defaults): menu_parent is 1 + the index into gl_bootcfg.submenus of the
   * enclosing submenu, 0 at top level; menu_pos is its position among the
   * items (entries and submenus) of that level.  Without submenus:
   * menu_parent 0, menu_pos = index. */
  size_t menu_parent;
  size_t menu_pos;
};
DEFINE_VECTOR_TYPE (gl_boot_entry_vector, struct gl_boot_entry);

/* A grub2 submenu (entries list only the menuentries). */
struct gl_boot_submenu {
  char *title;
  char *id;                      /* or NULL */
  size_t menu_parent;            /* as in gl_boot_entry */
  size_t menu_pos;
};
DEFINE_VECTOR_TYPE (gl_boot_submenu_vector, struct gl_boot_submenu);

struct gl_bootcfg {
  gl_boot_entry_vector entries;  /* in menu order (grub2: submenus flattened) */
  int default_index;             /* index into entries, -1 if unknown */
  char *default_spec;            /* the raw default ("0", "saved", a title, "1>2", a LABEL) */
  gl_boot_submenu_vector submenus;  /* grub2 submenus, else empty */
  bool blscfg;                   /* grub2 runs "blscfg" (outside any
                                  * menuentry): its menu starts with the
                                  * entries of /boot/loader/entries, and
                                  * its default is grubenv's saved_entry */
  size_t bls_entries;            /* entries [0, bls_entries) come from BLS
                                  * entry files (once loaded) */
  size_t too_deep;               /* grub2: menu entries and submenus nested
                                  * in more than GL_GRUB2_MAX_DEPTH blocks,
                                  * skipped */
};

/* grub2: blocks ({...}) nested deeper than this are skipped (and counted
 * in too_deep when they are menu items). */
#define GL_GRUB2_MAX_DEPTH 64

void gl_bootcfg_free (struct gl_bootcfg *c);
/* Free one entry's strings (not the entry itself). */
void gl_boot_entry_free (struct gl_boot_entry *e);

/* The entry that boots the kernel file KNAME ("vmlinuz-6.1.0-18-amd64"):
 * the first whose kernel path has that base name ("(hd0,0)" prefixes
 * ignored); entries booting through a hypervisor only when no other entry
 * matches and HYPERVISOR_ENTRIES (the format boots their Linux module as
 * the kernel).  -1 when none, or KNAME is NULL or empty. */
int gl_bootcfg_find_kernel (const struct gl_bootcfg *c, const char *kname,
                            bool hypervisor_entries);

/* grub2's name for entry I by position: "N", or "A>B" inside submenus
 * ("1>0": the first item of the submenu at top-level position 1).
 * malloc'd, NULL on ENOMEM. */
char *gl_bootcfg_menu_path (const struct gl_bootcfg *c, size_t i);

/* Resolve a grub2 default spec ("2", "Title", "id", "1>0", "saved") against
 * the entries; -1 if it cannot be resolved.  For "saved" the caller passes
 * the saved_entry value from grubenv (or NULL).
 * Details: NULL or empty spec -> 0 (when there are entries).  "saved",
 * "$saved_entry" and "${saved_entry}" resolve saved_entry the same way
 * (NULL/empty -> 0).  A number counts top-level items, a submenu counting as
 * one; a lone number beyond the items -> 0, as grub does.  "A>B": item B of
 * submenu A, each part a number, a title or an id.  A spec naming a submenu
 * rather than an entry, or naming nothing -> -1. */
int gl_grub2_resolve_default (const struct gl_bootcfg *c, const char *spec,
                              const char *saved_entry);

#endif
