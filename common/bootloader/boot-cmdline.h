/* guestlift: kernel command lines as a bootloader config holds them, and
 * their edits for a guest that leaves Xen (pure; no I/O).
 *
 * The edit keeps what it keeps byte for byte (the blanks between two kept
 * words too), so that a conversion is a minimal, reviewable diff:
 * - Xen PV consoles go: console=xvc0, console=hvcN (with any ",options"),
 *   and xencons (bare or xencons=...), each with the blanks before it;
 * - every /dev/NAME the device map renames is renamed (devmap.h), except
 *   in console= words;
 * - console=CONSOLE is added after the last word (before trailing blanks)
 *   unless a console=CONSOLE[,...] is there already; CONSOLE NULL adds none.
 * A dropped first word leaves the blanks that began the line to the first
 * word kept.
 */
#ifndef GUESTLIFT_BOOT_CMDLINE_H
#define GUESTLIFT_BOOT_CMDLINE_H

#include <stddef.h>

#include "devmap.h"
#include "err.h"
#include "vector.h"

/* One word: its raw text s[start, end) and the value the kernel gets
 * (the raw text, unless the config language unquotes it, as grub2 does). */
struct gl_cmdline_word {
  size_t start, end;
  const char *value;
  size_t vlen;
};
DEFINE_VECTOR_TYPE (gl_cmdline_word_vector, struct gl_cmdline_word);

/* The kernel's own word splitting of s[0..n): words separated by blanks
 * (newlines included), a quoted part ('...' or "...", when closed) keeping
 * its blanks; values are the raw words.  0, or -1 with *err (ENOMEM). */
int gl_cmdline_split (const char *s, size_t n, gl_cmdline_word_vector *out,
                      struct gl_err *err);

/* The words of S (NUL-terminated) that name the boot's devices, root=
 * and resume=, in order, split as gl_cmdline_split splits: start and end
 * are the whole word's, value and vlen what follows "KEY=" (not empty),
 * so the key is s[start, value - s - 1).  0, or -1 with *err (ENOMEM). */
int gl_cmdline_boot_devices (const char *s, gl_cmdline_word_vector *out,
                             struct gl_err *err);

/* The edit of s[0..n) described above: *out (malloc'd, NUL-terminated) is
 * the new text, the same as s when nothing changes.  0, or -1 with *err
 * (ENOMEM). */
int gl_cmdline_edit (const char *s, size_t n, const struct gl_devmap *devices,
                     const char *console, char **out, struct gl_err *err);

/* The same on words the caller split (W, in order, inside s[0..n)). */
int gl_cmdline_edit_words (const char *s, size_t n,
                           const struct gl_cmdline_word *w, size_t nw,
                           const struct gl_devmap *devices, const char *console,
                           char **out, struct gl_err *err);

/* A blank-separated word list (a module list) with the words of DROP
 * removed and those of ADD appended when missing (both NULL-terminated,
 * may be NULL), spacing kept as above.  0 with *out, or -1 with *err. */
int gl_word_list_edit (const char *s, size_t n, const char *const *drop,
                       const char *const *add, char **out, struct gl_err *err);

#endif
