/* guestlift: the kernel config embedded in a kernel (CONFIG_IKCONFIG).
 *
 * kernel/configs.c places "IKCFG_ST", then config_data.gz (gzip -9 of the
 * .config), then "IKCFG_ED" in the kernel's read-only data.  We look for
 * the start marker in the decompressed vmlinux and gunzip what follows
 * (with libarchive, as everywhere else), stopping at the end marker or the
 * end of the gzip stream, whichever comes first.
 */
#include <config.h>

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "cleanup.h"
#include "kimage.h"

#define IKCONFIG_MAX_TEXT (16 * 1024 * 1024)
/* A kernel holds the marker once; other hits (the bytes of a relocation
 * table, say) are tried too, but not without limit. */
#define IKCONFIG_MAX_TRIES 16

static int
text_sink (void *opaque, const void *buf, size_t n, char **err)
{
  struct gl_buf *b = opaque;
  if (n > IKCONFIG_MAX_TEXT - b->len) {
    *err = strdup ("embedded config larger than 16 MiB");
    return -1;
  }
  if (gl_buf_append (b, buf, n) == -1) {
    *err = strdup ("out of memory");
    return -1;
  }
  return 0;
}

char *
gl_ikconfig_find (const void *data, size_t len)
{
  const char *p = data, *end = p + len;
  unsigned tries = 0;

  if (!data)
    return NULL;
  while (tries < IKCONFIG_MAX_TRIES && end - p > 8) {
    const char *st = memmem (p, end - p, "IKCFG_ST", 8);
    if (!st)
      break;
    const char *gz = st + 8;
    p = gz;
    if (end - gz < 18 || memcmp (gz, "\x1f\x8b\x08", 3) != 0)
      continue;
    tries++;
    const char *ed = memmem (gz, end - gz, "IKCFG_ED", 8);
    size_t gzlen = (ed ? ed : end) - gz;

    CLEANUP_BUF struct gl_buf text = GL_BUF_INIT;
    CLEANUP_FREE char *err = NULL;
    if (gl_unpack_stream (gz, gzlen, true, text_sink, &text, NULL,
                          &err) == 0 && text.len > 0) {
      /* The report wants a C string: a NUL inside ends the text. */
      return gl_buf_steal (&text);
    }
  }
  return NULL;
}
