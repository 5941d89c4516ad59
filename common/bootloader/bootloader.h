/* guestlift: bootloader formats behind one table of ops.
 *
 * Each format (grub legacy, grub2, BLS entries, grubenv, extlinux) is one
 * file holding one lexer, its parser (text -> the shared model of
 * bootcfg.h) and its rewriter (text -> text with the edits of a
 * conversion), both over that lexer, so that the entries inspection
 * counts are the entries a conversion edits.  Callers (inspection,
 * conversion) go through the table and name no format.
 *
 * Adding a format: NAME.c defining gl_bootloader_NAME, a row in
 * bootloader.c's table, local.mk, a unit test, fuzz seeds, the man page
 * (HACKING.md "Adding things").
 */
#ifndef GUESTLIFT_BOOTLOADER_H
#define GUESTLIFT_BOOTLOADER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "bootcfg.h"
#include "devmap.h"
#include "err.h"
#include "vector.h"

/* What a rewrite does, in plain terms (no target profile). */
struct gl_boot_edits {
  /* Device renames in kernel command lines and device-naming lines
   * (devmap.h); NULL: none. */
  const struct gl_devmap *devices;
  /* console=CONSOLE added to each entry's command line ("ttyS0"); NULL:
   * none added.  Xen PV consoles are dropped either way (boot-cmdline.h). */
  const char *console;
  /* The kernel file ("vmlinuz-6.1.0-18-amd64") whose entry becomes the
   * default (gl_bootcfg_find_kernel); NULL: the default is left alone. */
  const char *default_kernel;
  /* grubenv: the saved_entry to write (gl_boot_menu_choose); NULL: left
   * alone. */
  const char *saved_entry;
};

/* Guest files as a format reaches them beyond its own config (grub2's
 * grubenv, BLS entry files): the guest I/O for inspection and conversion
 * (gl_boot_guest_reader), memory in the tests. */
struct gl_boot_reader {
  /* The file's text (NUL-terminated, *len without the NUL) if PATH is a
   * regular file no larger than MAX; NULL otherwise, with *too_large the
   * size of a larger file (0 in every other case). */
  char *(*read) (void *opaque, const char *path, size_t max, size_t *len,
                 uint64_t *too_large);
  /* The names in DIR matching the glob(7) PATTERN, sorted, NULL-terminated;
   * NULL when there are none or DIR cannot be listed. */
  char **(*glob) (void *opaque, const char *dir, const char *pattern);
  void *opaque;
  /* What a bound left out (bounds.h's words, each once), or NULL. */
  string_vector *warnings;
};

struct gl_bootloader_ops;
/* A format that walks its text once for both (boot-text.h). */
struct gl_boot_rewriter;

/* A file the menu comes from (the config, BLS entry files, grubenv). */
struct gl_boot_file {
  char *path;
  const struct gl_bootloader_ops *ops;
};
DEFINE_VECTOR_TYPE (gl_boot_file_vector, struct gl_boot_file);

/* A file to parse. */
struct gl_boot_input {
  const char *path;             /* guest path: a BLS entry's id is its name */
  const char *text;
  size_t len;
  const char *env;              /* grubenv, for BLS $NAME expansion; or NULL */
  size_t envlen;
};

struct gl_bootloader_ops {
  /* The report's bootloader.type: "grub2". */
  const char *name;
  /* Where inspection looks for the config, in the order tried
   * (NULL-terminated); NULL for formats reached through another one (BLS
   * entry files, grubenv). */
  const char *const *config_paths;
  /* Files over this many bytes are neither parsed nor rewritten (EFBIG). */
  size_t max_bytes;
  /* Entries that boot Linux through a hypervisor (via_hypervisor) are
   * boot entries of their Linux kernel: their command line is edited and
   * they may become the default (grub legacy: pygrub boots such an
   * entry's first module as the kernel). */
  bool hypervisor_entries;

  /* The format's one walk over its text, as parser and as rewriter (the
   * formats of menus), or NULL and the two below. */
  const struct gl_boot_rewriter *walker;
  /* Text -> the model.  0 (even with no entries), or -1 with *err.  OUT is
   * initialised by gl_bootloader_parse, the caller. */
  int (*parse) (const struct gl_boot_input *in, struct gl_bootcfg *out,
                struct gl_err *err);
  /* Text -> the edited text: 1 with *out (malloc'd) when it changes, 0
   * when nothing changes, -1 with *err.  Lines it does not edit are kept
   * byte for byte. */
  int (*rewrite) (const char *text, size_t len, const struct gl_boot_edits *e,
                  char **out, struct gl_err *err);
  /* Optional: the rest of the menu and its default from the files around
   * the config at PATH (grub2: BLS entries, grubenv, /etc/default/grub).
   * Files that belong to the menu are added to FILES.  0, or -1 with *err
   * (ENOMEM). */
  int (*complete) (const struct gl_boot_reader *r, const char *path,
                   struct gl_bootcfg *cfg, gl_boot_file_vector *files,
                   struct gl_err *err);
};

/* The formats, in the order inspection tries them (NULL-terminated). */
extern const struct gl_bootloader_ops *const gl_bootloaders[];
/* The format called NAME, or NULL. */
const struct gl_bootloader_ops *gl_bootloader_by_name (const char *name);

/* ops->parse with the common checks: OUT is initialised (default_index
 * -1) whatever the result; input over ops->max_bytes is EFBIG. */
int gl_bootloader_parse (const struct gl_bootloader_ops *ops,
                         const struct gl_boot_input *in, struct gl_bootcfg *out,
                         struct gl_err *err);
/* ops->rewrite with the common checks: over ops->max_bytes is EFBIG, a
 * text holding a NUL byte EINVAL (the result is a C string). */
int gl_bootloader_rewrite (const struct gl_bootloader_ops *ops,
                           const char *text, size_t len,
                           const struct gl_boot_edits *e, char **out,
                           struct gl_err *err);

/* A bootloader's menu as read from a guest. */
struct gl_boot_menu {
  const struct gl_bootloader_ops *ops;
  char *path;                   /* the config */
  struct gl_bootcfg cfg;        /* default_index resolved, -1 if unknown */
  gl_boot_file_vector files;    /* the files it came from, the config first */
  bool too_large;               /* the config is over ops->max_bytes: it is
                                 * what boots, but was not read (cfg empty;
                                 * a warning says so) */
};

/* Read OPS's config at PATH and what completes it.  1: read (or
 * too_large); 0: no such file, or it does not parse, or it has no entries
 * (a grub2 menu with items too deep counts as read); -1 with *err
 * (ENOMEM).  MENU is initialised whatever the result. */
int gl_boot_menu_load (const struct gl_boot_reader *r,
                       const struct gl_bootloader_ops *ops, const char *path,
                       struct gl_boot_menu *menu, struct gl_err *err);
/* The first config of the table (formats in order, each format's paths in
 * order) that loads.  1, 0 (none), or -1 with *err. */
int gl_boot_menu_find (const struct gl_boot_reader *r,
                       struct gl_boot_menu *menu, struct gl_err *err);
void gl_boot_menu_free (struct gl_boot_menu *menu);

/* The entry that boots the kernel file KNAME (-1: none), and the
 * saved_entry that makes it the default when the menu's default is saved
 * in grubenv (the entry's BLS id, else its menu path; *saved_entry NULL
 * otherwise, malloc'd).  0, or -1 with *err (ENOMEM). */
int gl_boot_menu_choose (const struct gl_boot_menu *menu, const char *kname,
                         int *index, char **saved_entry, struct gl_err *err);

#endif
