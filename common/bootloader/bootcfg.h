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
  char *id;         /* grub2 --id / $menuentry_id_option value; extlinux
                     * LABEL (title is then MENU LABEL if any); or NULL */
  /* Addition (grub2 only, for "A>B" defaults): where the entry sits in the
   * menu tree.  menu_parent is 1 + the index into gl_bootcfg.submenus of the
   * enclosing submenu, 0 at top level; menu_pos is its position among the
   * items (entries and submenus) of that level.  Other readers set
   * menu_parent = 0, menu_pos = index. */
  size_t menu_parent;
  size_t menu_pos;
};
DEFINE_VECTOR_TYPE (gl_boot_entry_vector, struct gl_boot_entry);

/* Addition: a grub2 submenu (entries list only the menuentries). */
struct gl_boot_submenu {
  char *title;
  char *id;                      /* or NULL */
  size_t menu_parent;            /* as in gl_boot_entry */
  size_t menu_pos;
};
DEFINE_VECTOR_TYPE (gl_boot_submenu_vector, struct gl_boot_submenu);

struct gl_bootcfg {
  gl_boot_entry_vector entries;  /* in file order (grub2: submenus flattened) */
  int default_index;             /* index into entries, -1 if unknown */
  char *default_spec;            /* the raw default ("0", "saved", a title, "1>2", a LABEL) */
  gl_boot_submenu_vector submenus;  /* addition: grub2 submenus, else empty */
  int blscfg;                    /* addition: grub2 runs "blscfg" (outside
                                  * any menuentry): its entries live in
                                  * /boot/loader/entries (gl_bls_*) */
  size_t too_deep;               /* addition (grub2): menu entries and
                                  * submenus nested in more than
                                  * GL_GRUB2_MAX_DEPTH blocks, skipped */
};

/* grub2: blocks ({...}) nested deeper than this are skipped (and counted
 * in too_deep when they are menu items). */
#define GL_GRUB2_MAX_DEPTH 64

/* Each returns 0 (even for a file with no entries) or -1 on error (errno:
 * EFBIG for oversize input, ENOMEM).  *out is always initialised, so
 * gl_bootcfg_free may be called after either result.
 *
 * default_index, per reader:
 * - grub legacy: "default N" (N beyond the entries -> 0, as grub does); no
 *   default line -> 0; "default saved" or a non-number -> -1 (the saved
 *   value lives in /boot/grub/default, not here).  No entries -> -1.
 *   Xen entries ("kernel /xen.gz", "module /vmlinuz-V args", "module
 *   /initrd-V.img"): kernel and cmdline come from the first module, initrd
 *   from the second.
 * - grub2: the last "set default=..." (one-shot ${next_entry} ignored),
 *   resolved with gl_grub2_resolve_default; a saved default
 *   ("${saved_entry}", "saved") gives -1 here: the caller resolves it with
 *   grubenv.  No set default -> 0.  Several initrds on one line: the last
 *   one that is not a microcode image (name containing "ucode" or
 *   "microcode"), or the first when all are.  Xen entries (multiboot[2] +
 *   module[2]) as in grub legacy, the "placeholder" argv[0] dropped.
 * - extlinux: MENU DEFAULT inside a LABEL wins; else DEFAULT LABEL (first
 *   word, matched exactly, then case-insensitively); no DEFAULT -> 0;
 *   unknown label -> -1.  APPEND "initrd=a[,b]" gives initrd unless an
 *   INITRD line does. */
int gl_grub_legacy_parse (const char *text, size_t len, struct gl_bootcfg *out);
int gl_grub2_parse (const char *text, size_t len, struct gl_bootcfg *out);
int gl_extlinux_parse (const char *text, size_t len, struct gl_bootcfg *out);
void gl_bootcfg_free (struct gl_bootcfg *c);

/* Boot Loader Specification entries (bls.c), as grub2's "blscfg" reads
 * them: one file /boot/loader/entries/ID.conf per entry, "key value"
 * lines; title, version, linux, initrd (repeatable; several paths per
 * line; the last that is not microcode wins, as in grub.cfg), options
 * (repeatable, joined with a space).  In initrd and options, $NAME and
 * ${NAME} expand to NAME's value in grubenv (the text given, may be NULL:
 * RHEL 8's $kernelopts, tuned's $tuned_params), or to nothing, as grub
 * does.  Other keys are ignored. */
#define GL_BLS_ENTRY_MAX_BYTES (64 * 1024)
struct gl_bls_entry {
  struct gl_boot_entry entry;   /* id = ID; title defaults to the version,
                                 * else ID; menu fields unset */
  char *version;                /* or NULL */
};
/* 1: *out is an entry; 0: no "linux" key (nothing to boot: grub shows no
 * item); -1: error (EFBIG over GL_BLS_ENTRY_MAX_BYTES, ENOMEM).  *out
 * needs gl_bls_entry_free only after 1. */
int gl_bls_parse (const char *id, const char *text, size_t len,
                  const char *grubenv, size_t envlen, struct gl_bls_entry *out);
void gl_bls_entry_free (struct gl_bls_entry *b);
/* Sort the n entries in blscfg's menu order (newest version first, rpm
 * version order; then ID, descending) and move them in front of c's own
 * menu items (whose top-level positions and default_index shift by n).
 * The entries' strings now belong to c.  -1 on ENOMEM. */
int gl_bls_prepend (struct gl_bootcfg *c, struct gl_bls_entry *bls, size_t n);

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

/* Helpers shared by the readers (bootcfg.c). */

/* Free one entry's strings (not the entry itself). */
void gl_boot_entry_free (struct gl_boot_entry *e);

/* Copy of the path path[0..len) without a leading grub device
 * "(hd0,0)", "(hd0,msdos1)", "($root)": "(hd0,0)/vmlinuz" -> "/vmlinuz".
 * NULL on ENOMEM. */
char *gl_bootcfg_strip_device (const char *path, size_t len);

/* true if the file name (any path) looks like a CPU microcode image:
 * its last component contains "ucode" or "microcode". */
int gl_bootcfg_is_microcode (const char *path);

/* Start a parse: check len against GL_BOOTCFG_MAX_BYTES (-1, EFBIG) and
 * initialise *out (default_index -1). */
int gl_bootcfg_init (size_t len, struct gl_bootcfg *out);

/* Append an empty entry (menu_parent 0, menu_pos = its index); returns it,
 * or NULL on ENOMEM. */
struct gl_boot_entry *gl_bootcfg_add_entry (struct gl_bootcfg *c);

/* Next line of text[*pos..len): sets *line and *linelen (without the newline,
 * any trailing '\r' and surrounding blanks), advances *pos; 0 at the end. */
int gl_bootcfg_next_line (const char *text, size_t len, size_t *pos,
                          const char **line, size_t *linelen);

/* Replace *dst by a copy of s[0..n) (NULL s -> NULL); -1 on ENOMEM. */
int gl_bootcfg_set (char **dst, const char *s, size_t n);

#endif
