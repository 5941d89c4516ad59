/* guestlift: the words of bound warnings (see bounds.h). */
#include <config.h>

#include <inttypes.h>
#include <stdio.h>

#include "bounds.h"
#include "error.h"

char *
gl_size_text (uint64_t bytes, char buf[GL_SIZE_TEXT_MAX])
{
  static const char *const units[] = { "KiB", "MiB", "GiB", "TiB", "PiB", "EiB" };
  if (bytes < 1024) {
    snprintf (buf, GL_SIZE_TEXT_MAX, "%" PRIu64 " byte%s", bytes, bytes == 1 ? "" : "s");
    return buf;
  }
  size_t u = 0;
  uint64_t unit = 1024;
  while (u + 1 < sizeof units / sizeof units[0] && bytes / unit >= 1024) {
    unit *= 1024;
    u++;
  }
  if (bytes % unit == 0)
    snprintf (buf, GL_SIZE_TEXT_MAX, "%" PRIu64 " %s", bytes / unit, units[u]);
  else
    snprintf (buf, GL_SIZE_TEXT_MAX, "%.1f %s", (double) bytes / (double) unit, units[u]);
  return buf;
}

char *
gl_too_large (const char *path, uint64_t size, uint64_t bound)
{
  char s[GL_SIZE_TEXT_MAX], b[GL_SIZE_TEXT_MAX];
  return gl_printf ("%s: too large (%s; the bound is %s): not read", path,
                    gl_size_text (size, s), gl_size_text (bound, b));
}
