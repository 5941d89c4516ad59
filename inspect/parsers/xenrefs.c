/* guestlift: Xen references in guest configuration text (see xenrefs.h):
 * PV disk names in fstab, PV consoles in inittab / securetty / the kernel
 * command line.
 *
 * Xen PV guests see their disks as /dev/xvdX and their console as xvc0
 * (XenLinux) or hvc0 (pvops).  On KVM the disks are /dev/vdX or /dev/sdX
 * and there is no xvc0, so each of these lines is something convert/ has
 * to rewrite or the guest will not find its root or its login prompt.
 * Note that "xvc" is the console, not a disk: /dev/xvc0 is not a disk.
 */
#include <config.h>

#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "guest-text.h"
#include "xenrefs.h"

/* Console names: prefix + 1..MAX_CONSOLE_DIGITS digits. */
static const char *const console_prefixes[] = { "xvc", "hvc" };
#define MAX_CONSOLE_DIGITS 4

static bool
is_digit (char c)
{
  return c >= '0' && c <= '9';
}

static bool
is_lower (char c)
{
  return c >= 'a' && c <= 'z';
}

static bool
is_word_char (char c)
{
  return is_digit (c) || is_lower (c) || (c >= 'A' && c <= 'Z') || c == '_';
}

int
gl_is_xen_disk_device (const char *spec)
{
  static const char prefix[] = "/dev/xvd";
  if (!spec || strncmp (spec, prefix, sizeof prefix - 1) != 0)
    return 0;
  const char *p = spec + sizeof prefix - 1;
  if (!is_lower (*p))
    return 0;
  while (is_lower (*p))
    p++;
  while (is_digit (*p))
    p++;
  return *p == '\0';
}

/* Length of the console name at p..end ("xvc0", "hvc12"), or 0.  Only
 * the name itself is checked, not what surrounds it. */
static size_t
console_at (const char *p, const char *end)
{
  for (size_t i = 0; i < sizeof console_prefixes / sizeof console_prefixes[0]; ++i) {
    if (end - p < 4 || memcmp (p, console_prefixes[i], 3) != 0)
      continue;
    size_t n = 3;
    while (p + n < end && is_digit (p[n]))
      n++;
    if (n > 3 && n - 3 <= MAX_CONSOLE_DIGITS)
      return n;
  }
  return 0;
}

static int
add_console (const char *p, size_t n, string_vector *out)
{
  char name[3 + MAX_CONSOLE_DIGITS + 1];
  memcpy (name, p, n);
  name[n] = '\0';
  return string_vector_add_unique (out, name);
}

/* Each line of TEXT (LEN bytes, bounded), blanks trimmed, through
 * CONSOLES_IN (which adds the console names it finds to *out). */
static int
each_line (const char *text, size_t len, string_vector *out,
           int (*consoles_in) (const char *ls, const char *le, string_vector *out))
{
  if (gl_text_bound (text, &len, GL_XENREFS_MAX_BYTES) == -1)
    return -1;
  const char *p = text, *end = text + len, *ls, *le;
  while (gl_text_line (&p, end, &ls, &le)) {
    gl_text_trim (&ls, &le);
    if (consoles_in (ls, le, out) == -1)
      return -1;
  }
  return 0;
}

/* An inittab line: console names as whole words ("agetty xvc0 9600",
 * "/dev/hvc0"); '#' lines are comments. */
static int
inittab_consoles (const char *ls, const char *le, string_vector *out)
{
  if (ls == le || *ls == '#')
    return 0;
  for (const char *q = ls; q < le; ++q) {
    if (q > ls && is_word_char (q[-1]))
      continue;
    size_t n = console_at (q, le);
    if (n > 0 && (q + n == le || !is_word_char (q[n]))) {
      if (add_console (q, n, out) == -1)
        return -1;
      q += n - 1;
    }
  }
  return 0;
}

/* A securetty line: a console name alone. */
static int
securetty_consoles (const char *ls, const char *le, string_vector *out)
{
  size_t n = console_at (ls, le);
  return n > 0 && ls + n == le ? add_console (ls, n, out) : 0;
}

int
gl_xen_consoles_in_inittab (const char *text, size_t len, string_vector *out)
{
  return each_line (text, len, out, inittab_consoles);
}

int
gl_xen_consoles_in_securetty (const char *text, size_t len, string_vector *out)
{
  return each_line (text, len, out, securetty_consoles);
}

int
gl_xen_consoles_in_cmdline (const char *cmdline, string_vector *out)
{
  static const char key[] = "console=";
  if (!cmdline)
    return 0;
  size_t len = strnlen (cmdline, GL_XENREFS_MAX_BYTES + 1);
  if (gl_text_bound (cmdline, &len, GL_XENREFS_MAX_BYTES) == -1)
    return -1;

  const char *p = cmdline, *end = cmdline + len;
  while (p < end) {
    while (p < end && gl_text_is_blank (*p))
      p++;
    const char *w = p;
    while (p < end && !gl_text_is_blank (*p) && *p != '\n')
      p++;
    if (p < end && *p == '\n')
      p++;
    /* "console=hvc0" or "console=xvc0,115200"; "console=ttyS0" and
     * the like are not Xen's. */
    if ((size_t) (p - w) > sizeof key - 1 &&
        memcmp (w, key, sizeof key - 1) == 0) {
      const char *v = w + sizeof key - 1, *ve = v;
      while (ve < p && *ve != ',' && !gl_text_is_blank (*ve) && *ve != '\n')
        ve++;
      size_t n = console_at (v, ve);
      if (n > 0 && v + n == ve && add_console (v, n, out) == -1)
        return -1;
    }
  }
  return 0;
}
