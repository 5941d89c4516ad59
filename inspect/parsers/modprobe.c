/* guestlift: Xen PV driver aliases in modprobe.conf / modprobe.d (see
 * modprobe.h).
 *
 * A converted guest that still says "alias eth0 xennet" or "alias
 * scsi_hostadapter xenblk" loads nothing useful on KVM (and old mkinitrd
 * builds its driver list from these lines), so the report lists them for
 * convert/ to rewrite.  Only "alias" lines matter here: "install",
 * "options" and the rest never name the network or disk driver.
 *
 * Syntax as modprobe.d(5) and libkmod read it: words separated by spaces
 * or tabs, a backslash at the end of a line continues it, '#' starts a
 * comment.  Module names compare with '-' and '_' equal, as modprobe
 * does.  A NUL byte ends the text.
 */
#include <config.h>

#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <limits.h>
#include <string.h>

#include "buf.h"
#include "modprobe.h"
#include "guest-text.h"

/* Xen PV frontends, spelled with '_' (compared after mapping '-'). */
static const char *const xen_modules[] = {
  "xennet", "xenblk", "xen_netfront", "xen_blkfront", "xen_vnif", "xen_vbd",
};

static bool
is_xen_module (const char *w, size_t len)
{
  for (size_t i = 0; i < sizeof xen_modules / sizeof xen_modules[0]; ++i) {
    const char *m = xen_modules[i];
    if (strlen (m) != len)
      continue;
    size_t j;
    for (j = 0; j < len; ++j)
      if ((w[j] == '-' ? '_' : w[j]) != m[j])
        break;
    if (j == len)
      return true;
  }
  return false;
}

/* One logical line [p, end): add it to *out if it is a Xen alias, unless
 * *out is full (then count it in *left). */
static int
do_line (const char *p, const char *end, string_vector *out, size_t *left)
{
  const char *word[3];
  size_t wlen[3];
  size_t n = 0;

  while (p < end && n < 3) {
    while (p < end && gl_text_is_blank (*p))
      p++;
    if (p == end || *p == '#')
      break;
    const char *w = p;
    while (p < end && !gl_text_is_blank (*p) && *p != '#')
      p++;
    word[n] = w;
    wlen[n] = (size_t) (p - w);
    n++;
  }
  /* Words after the module name (and trailing comments) are ignored. */
  if (n < 3 || wlen[0] != 5 || memcmp (word[0], "alias", 5) != 0 ||
      !is_xen_module (word[2], wlen[2]))
    return 0;

  CLEANUP_BUF struct gl_buf b = GL_BUF_INIT;
  if (gl_buf_puts (&b, "alias ") == -1 ||
      gl_buf_append (&b, word[1], wlen[1]) == -1 ||
      gl_buf_puts (&b, " ") == -1 ||
      gl_buf_append (&b, word[2], wlen[2]) == -1)
    return -1;
  if (string_vector_contains (out, b.data))
    return 0;
  if (out->len >= GL_MODPROBE_MAX_ALIASES) {
    (*left)++;
    return 0;
  }
  return string_vector_add (out, b.data);
}

int
gl_modprobe_xen_aliases (const char *text, size_t len, string_vector *out)
{
  if (gl_text_bound (text, &len, GL_MODPROBE_MAX_BYTES) == -1)
    return -1;
  if (len == 0)
    return 0;

  /* Join continued lines into one logical line: a backslash before the
   * newline (or CRLF) becomes a space. */
  CLEANUP_BUF struct gl_buf line = GL_BUF_INIT;
  const char *p = text, *end = text + len, *ls, *le;
  size_t left = 0;
  while (gl_text_line (&p, end, &ls, &le)) {
    const char *content_end = le;
    if (content_end > ls && content_end[-1] == '\r')
      content_end--;
    bool cont = le < end && content_end > ls && content_end[-1] == '\\';
    if (cont)
      content_end--;

    if (gl_buf_append (&line, ls, (size_t) (content_end - ls)) == -1)
      return -1;
    if (cont) {
      if (gl_buf_puts (&line, " ") == -1)
        return -1;
    }
    else {
      if (line.len > 0 && do_line (line.data, line.data + line.len, out, &left) == -1)
        return -1;
      line.len = 0;
    }
  }
  if (line.len > 0 && do_line (line.data, line.data + line.len, out, &left) == -1)
    return -1;
  return left > INT_MAX ? INT_MAX : (int) left;
}
