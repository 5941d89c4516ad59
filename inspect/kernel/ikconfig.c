/* guestlift: the kernel config embedded in a kernel (CONFIG_IKCONFIG).
 *
 * kernel/configs.c places "IKCFG_ST", then config_data.gz (gzip -9 of the
 * .config), then "IKCFG_ED" in the kernel's read-only data.  We look for
 * the start marker in the decompressed vmlinux and gunzip what follows
 * (with libarchive, as everywhere else), stopping at the end marker or the
 * end of the gzip stream, whichever comes first.
 */
#include <config.h>

#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "cleanup.h"
#include "error.h"
#include "kimage.h"

/* Bounds (kimage.h): the text, and the markers tried.  A kernel holds
 * the marker once; other hits (the bytes of a relocation table, say) are
 * tried too, but not without limit. */

struct text {
  struct gl_buf b;
  bool too_large;               /* stopped at GL_IKCONFIG_MAX_TEXT */
};

static int
text_sink (void *opaque, const void *buf, size_t n, struct gl_err *err)
{
  struct text *t = opaque;
  if (n > GL_IKCONFIG_MAX_TEXT - t->b.len) {
    t->too_large = true;
    return gl_err_set (err, EFBIG, "too large");
  }
  if (gl_buf_append (&t->b, buf, n) == -1)
    return gl_err_set (err, ENOMEM, "out of memory");
  return 0;
}

char *
gl_ikconfig_find (const void *data, size_t len, char **why)
{
  const char *p = data, *end = p + len;
  unsigned tries = 0;

  *why = NULL;
  if (!data)
    return NULL;
  while (end - p > 8) {
    const char *st = memmem (p, end - p, "IKCFG_ST", 8);
    if (!st)
      break;
    const char *gz = st + 8;
    p = gz;
    if (end - gz < 18 || memcmp (gz, "\x1f\x8b\x08", 3) != 0)
      continue;
    if (tries == GL_IKCONFIG_MAX_TRIES) {
      *why = gl_printf ("more than %d IKCONFIG markers (IKCFG_ST) hold no config "
                        "(the bound): the rest were not tried", GL_IKCONFIG_MAX_TRIES);
      break;
    }
    tries++;
    const char *ed = memmem (gz, end - gz, "IKCFG_ED", 8);
    size_t gzlen = (ed ? ed : end) - gz;

    struct text text = { GL_BUF_INIT, false };
    /* Why this marker led nowhere does not matter: the next is tried. */
    int r = gl_unpack_stream (gz, gzlen, true, text_sink, &text, NULL, NULL);
    if (r == 0 && text.b.len > 0) {
      /* The report wants a C string: a NUL inside ends the text. */
      return gl_buf_steal (&text.b);
    }
    gl_buf_free (&text.b);
    if (text.too_large) {
      *why = gl_printf ("its embedded config (IKCONFIG) is larger than %d MiB "
                        "(the bound): not read", GL_IKCONFIG_MAX_TEXT / (1024 * 1024));
      break;
    }
  }
  return NULL;
}
