/* guestlift: extlinux / syslinux reader (extlinux.conf, syslinux.cfg), see
 * bootcfg.h.
 *
 *   DEFAULT linux
 *   LABEL linux
 *     MENU LABEL Debian
 *     MENU DEFAULT
 *     KERNEL /boot/vmlinuz-V        (or LINUX)
 *     APPEND root=/dev/xvda1 ro initrd=/boot/initrd.img-V
 *     INITRD /boot/initrd.img-V
 *
 * Keywords are case-insensitive.  An entry's id is its LABEL; its title is
 * MENU LABEL when there is one, else the LABEL.
 */
#include <config.h>

#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "bootcfg.h"
#include "cleanup.h"

static int
is_space (char c)
{
  return c == ' ' || c == '\t';
}

/* Length of the first word of s[0..n). */
static size_t
word_len (const char *s, size_t n)
{
  size_t k = 0;
  while (k < n && !is_space (s[k]))
    k++;
  return k;
}

/* Skip the word at *s and the blanks after it. */
static void
next_word (const char **s, size_t *n)
{
  size_t k = word_len (*s, *n);
  while (k < *n && is_space ((*s)[k]))
    k++;
  *s += k;
  *n -= k;
}

static int
keyword_is (const char *s, size_t k, const char *kw)
{
  return strlen (kw) == k && strncasecmp (s, kw, k) == 0;
}

/* "initrd=a,b" in an APPEND line: the last image that is not microcode
 * (or the first one) becomes the entry's initrd. */
static int
initrd_from_append (struct gl_boot_entry *e, const char *s, size_t n)
{
  while (n > 0) {
    size_t k = word_len (s, n);
    if (k > 7 && strncasecmp (s, "initrd=", 7) == 0) {
      const char *p = s + 7, *end = s + k;
      const char *first = NULL, *chosen = NULL;
      size_t firstlen = 0, chosenlen = 0;
      while (p < end) {
        const char *comma = memchr (p, ',', (size_t) (end - p));
        size_t len = comma ? (size_t) (comma - p) : (size_t) (end - p);
        if (len > 0) {
          CLEANUP_FREE char *one = strndup (p, len);
          if (!one)
            return -1;
          if (!first)
            first = p, firstlen = len;
          if (!gl_bootcfg_is_microcode (one))
            chosen = p, chosenlen = len;
        }
        p += len + (comma != NULL);
      }
      if (!chosen)
        chosen = first, chosenlen = firstlen;
      if (chosen) {
        char *path = gl_bootcfg_strip_device (chosen, chosenlen);
        if (!path)
          return -1;
        free (e->initrd);
        e->initrd = path;
      }
    }
    next_word (&s, &n);
  }
  return 0;
}

int
gl_extlinux_parse (const char *text, size_t len, struct gl_bootcfg *out)
{
  if (gl_bootcfg_init (len, out) == -1)
    return -1;

  const char *line;
  size_t linelen, pos = 0;
  struct gl_boot_entry *cur = NULL;
  bool have_initrd_line = false; /* cur has an INITRD line */
  long menu_default = -1;        /* entry with MENU DEFAULT */

  while (gl_bootcfg_next_line (text, len, &pos, &line, &linelen)) {
    if (linelen == 0 || line[0] == '#')
      continue;
    size_t k = word_len (line, linelen);
    const char *args = line;
    size_t argslen = linelen;
    next_word (&args, &argslen);

    if (keyword_is (line, k, "default")) {
      if (gl_bootcfg_set (&out->default_spec, args, argslen) == -1)
        goto fail;
    }
    else if (keyword_is (line, k, "label")) {
      if ((cur = gl_bootcfg_add_entry (out)) == NULL ||
          gl_bootcfg_set (&cur->id, args, argslen) == -1 ||
          gl_bootcfg_set (&cur->title, args, argslen) == -1)
        goto fail;
      have_initrd_line = false;
    }
    else if (keyword_is (line, k, "menu")) {
      size_t k2 = word_len (args, argslen);
      const char *rest = args;
      size_t restlen = argslen;
      next_word (&rest, &restlen);
      if (!cur)
        continue;               /* global MENU TITLE etc. */
      if (keyword_is (args, k2, "label")) {
        if (gl_bootcfg_set (&cur->title, rest, restlen) == -1)
          goto fail;
      }
      else if (keyword_is (args, k2, "default"))
        menu_default = (long) out->entries.len - 1;
    }
    else if (!cur)
      continue;                 /* KERNEL etc. before any LABEL */
    else if (keyword_is (line, k, "kernel") || keyword_is (line, k, "linux")) {
      size_t pk = word_len (args, argslen);
      char *path = gl_bootcfg_strip_device (args, pk);
      if (!path)
        goto fail;
      free (cur->kernel);
      cur->kernel = path;
    }
    else if (keyword_is (line, k, "append")) {
      /* "APPEND -" means no arguments at all. */
      bool none = argslen == 0 || (argslen == 1 && args[0] == '-');
      if (gl_bootcfg_set (&cur->cmdline, none ? NULL : args, argslen) == -1)
        goto fail;
      if (!have_initrd_line && initrd_from_append (cur, args, argslen) == -1)
        goto fail;
    }
    else if (keyword_is (line, k, "initrd")) {
      size_t pk = word_len (args, argslen);
      if (pk > 0) {
        char *path = gl_bootcfg_strip_device (args, pk);
        if (!path)
          goto fail;
        free (cur->initrd);
        cur->initrd = path;
        have_initrd_line = true;
      }
    }
  }

  if (out->entries.len > 0) {
    if (menu_default >= 0)
      out->default_index = (int) menu_default;
    else if (!out->default_spec)
      out->default_index = 0;
    else {
      /* DEFAULT names a LABEL (its first word; older files put a
       * command line there). */
      const char *d = out->default_spec;
      size_t dk = word_len (d, strlen (d));
      for (int pass = 0; pass < 2 && out->default_index < 0; ++pass)
        for (size_t i = 0; i < out->entries.len; ++i) {
          const char *id = out->entries.ptr[i].id;
          if (id && strlen (id) == dk &&
              (pass == 0 ? strncmp (id, d, dk) : strncasecmp (id, d, dk)) == 0) {
            out->default_index = (int) i;
            break;
          }
        }
    }
  }
  return 0;

 fail:
  {
    int e = errno;
    gl_bootcfg_free (out);
    errno = e;
  }
  return -1;
}
