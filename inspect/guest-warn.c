/* guestlift: warnings about what a bound kept the inspection from
 * reading (see guest.h; the words come from bounds.h). */
#include <config.h>

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "bounds.h"
#include "cleanup.h"
#include "error.h"
#include "guest.h"
#include "guest-io.h"

static void
add_unique (string_vector *v, const char *fmt, va_list ap)
{
  CLEANUP_FREE char *w = gl_vprintf (fmt, ap);
  if (w)
    string_vector_add_unique (v, w);
}

void
gl_os_warn (struct gl_os *os, const char *fmt, ...)
{
  va_list ap;
  va_start (ap, fmt);
  add_unique (&os->kvm.warnings, fmt, ap);
  va_end (ap);
}

void
gl_guest_warn (struct gl_guest *gg, const char *fmt, ...)
{
  va_list ap;
  va_start (ap, fmt);
  add_unique (&gg->warnings, fmt, ap);
  va_end (ap);
}

char *
gl_os_read (struct gl_guest *gg, struct gl_os *os, const char *path,
            size_t max, size_t *len)
{
  uint64_t too_large;
  char *text = gl_guest_read_sized (gg->io, path, max, len, &too_large);
  if (!text && too_large) {
    CLEANUP_FREE char *w = gl_too_large (path, too_large, max);
    if (w)
      gl_os_warn (os, "%s", w);
  }
  return text;
}
