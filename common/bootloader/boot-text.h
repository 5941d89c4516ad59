/* guestlift: what the format files of common/bootloader share (internal
 * to the room): building the model, lines, and edits as splices over the
 * original text. */
#ifndef GUESTLIFT_BOOT_TEXT_H
#define GUESTLIFT_BOOT_TEXT_H

#include <stdbool.h>
#include <stddef.h>

#include "bootcfg.h"
#include "bootloader.h"
#include "boot-cmdline.h"
#include "err.h"
#include "guest-text.h"
#include "vector.h"

/* ---- building the model ---- */

/* Append an empty entry (menu_parent 0, menu_pos = its index); returns it,
 * or NULL on ENOMEM. */
struct gl_boot_entry *gl_bootcfg_add_entry (struct gl_bootcfg *c);
/* Replace *dst by a copy of s[0..n) (NULL s -> NULL); -1 on ENOMEM. */
int gl_bootcfg_set (char **dst, const char *s, size_t n);
/* Copy of path[0..len) without a leading grub device "(hd0,0)",
 * "(hd0,msdos1)", "($root)": "(hd0,0)/vmlinuz" -> "/vmlinuz".  NULL on
 * ENOMEM. */
char *gl_bootcfg_strip_device (const char *path, size_t len);
/* Replace *dst by that copy of path[0..len) (an entry's kernel or
 * initrd); -1 on ENOMEM, *dst unchanged. */
int gl_bootcfg_set_path (char **dst, const char *path, size_t len);
/* true if the file name (any path) looks like a CPU microcode image: its
 * last component contains "ucode" or "microcode". */
bool gl_bootcfg_is_microcode (const char *path);
/* The base name of path[0..n) after any grub device prefix starts with
 * PREFIX ("xen", "mboot.c32"). */
bool gl_bootcfg_basename_starts (const char *path, size_t n, const char *prefix);

/* ---- lines (blanks: guest-text.h's gl_text_is_blank) ---- */

/* Next line of text[*pos..len): *line and *linelen without the newline,
 * any trailing '\r' and surrounding blanks (so *line - text is its
 * offset); advances *pos; 0 at the end. */
int gl_bootcfg_next_line (const char *text, size_t len, size_t *pos,
                          const char **line, size_t *linelen);

/* ---- edits ---- */

/* text[start, end) becomes TEXT (owned). */
struct gl_splice {
  size_t start, end;
  char *text;
};
DEFINE_VECTOR_TYPE (gl_splice_vector, struct gl_splice);

/* Add a splice (TEXT is taken, freed on failure).  -1 with *err (ENOMEM). */
int gl_splice_add (gl_splice_vector *v, size_t start, size_t end, char *text,
                   struct gl_err *err);
/* The splices (in any order, not overlapping) applied to text,
 * after the line PREPEND (may be NULL; a newline is added): 1 with *out
 * when the result differs from the text, 0 when it does not.  The splices
 * are freed either way. */
int gl_splice_apply (const char *text, size_t len, const char *prepend,
                     gl_splice_vector *v, char **out, struct gl_err *err);
void gl_splice_free (gl_splice_vector *v);

/* The command line text[start, end) edited (boot-cmdline.h) with E's devices
 * and, when ADD_CONSOLE, its console; WORDS (absolute offsets) split by
 * the format, or NULL for the kernel's own splitting.  A splice when it
 * changes; an empty span gaining words gets a blank before them. */
int gl_splice_cmdline (gl_splice_vector *v, const char *text, size_t start,
                       size_t end, const struct gl_cmdline_word *words,
                       size_t nw, const struct gl_boot_edits *e,
                       bool add_console, struct gl_err *err);

/* ---- a format's one walk, as parser and as rewriter ---- */

/* A format's walk over its text: the model into C and, when SPANS is not
 * NULL, where the rewriter edits (the format's own struct).  0, or -1 on
 * ENOMEM. */
typedef int (*gl_boot_walk_fn) (const char *text, size_t len,
                                 struct gl_bootcfg *c, void *spans);

/* A format that walks (ops->walker). */
struct gl_boot_rewriter {
  gl_boot_walk_fn walk;
  size_t spans_size;            /* its spans struct: all zeros is empty */
  /* The edits E as splices, and a line to put first (*prepend, malloc'd,
   * or NULL); CHOSEN is the entry of e->default_kernel, -1 if none.  0,
   * or -1 with *err. */
  int (*splices) (const char *text, const struct gl_bootcfg *c, void *spans,
                  const struct gl_boot_edits *e, int chosen,
                  gl_splice_vector *v, char **prepend, struct gl_err *err);
  void (*free_spans) (void *spans);
};

/* Parse and rewrite for a format that walks (gl_bootloader_parse and
 * gl_bootloader_rewrite call them): the rewrite walks with the spans,
 * chooses the entry, splices and applies. */
int gl_boot_walk_parse (const struct gl_boot_rewriter *rw,
                        const struct gl_boot_input *in, struct gl_bootcfg *out,
                        struct gl_err *err);
int gl_boot_walk_rewrite (const struct gl_bootloader_ops *ops,
                          const char *text, size_t len,
                          const struct gl_boot_edits *e, char **out,
                          struct gl_err *err);

/* ---- grub2's companions: grubenv (grubenv.c), BLS entries (bls.c) ---- */

/* The value of grubenv variable NAME (the last assignment; grub's escapes
 * undone): 1 with *out, 0 when unset, -1 with *err (ENOMEM). */
int gl_grubenv_get (const char *text, size_t len, const char *name,
                    char **out, struct gl_err *err);
/* The BLS entries of /boot/loader/entries (at most GL_BLS_MAX_ENTRIES
 * files, by name), with ENV's variables expanded, put in front of CFG's
 * menu in blscfg's order; every entry file is added to FILES.  A bound
 * that left something out is said in r->warnings.  0, or -1 with *err. */
#define GL_BLS_MAX_ENTRIES 256
int gl_bls_load (const struct gl_boot_reader *r, const char *env, size_t envlen,
                 struct gl_bootcfg *cfg, gl_boot_file_vector *files,
                 struct gl_err *err);
/* r->read, a file over MAX said in r->warnings (bounds.h's words). */
char *gl_boot_read (const struct gl_boot_reader *r, const char *path,
                    size_t max, size_t *len);
/* Say W (malloc'd, taken; NULL: nothing) in r->warnings, once. */
void gl_boot_warn (const struct gl_boot_reader *r, char *w);
extern const struct gl_bootloader_ops gl_bootloader_bls;
extern const struct gl_bootloader_ops gl_bootloader_grubenv;
/* Add PATH (copied) with OPS to FILES.  -1 with *err (ENOMEM). */
int gl_boot_file_add (gl_boot_file_vector *files, const char *path,
                      const struct gl_bootloader_ops *ops, struct gl_err *err);

#endif
