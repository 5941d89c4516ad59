/* guestlift: message formatting (see error.h). */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdarg.h>

#include "cleanup.h"
#include "error.h"

static bool quiet;

void
gl_set_quiet (bool q)
{
  quiet = q;
}

bool
gl_quiet (void)
{
  return quiet;
}

bool
gl_debug_enabled (void)
{
  static int enabled = -1;
  if (enabled == -1) {
    const char *e = getenv ("GUESTLIFT_DEBUG");
    enabled = e && *e && strcmp (e, "0") != 0;
  }
  return enabled;
}

char *
gl_vprintf (const char *fmt, va_list ap)
{
  char *s;
  if (vasprintf (&s, fmt, ap) == -1)
    return NULL;
  return s;
}

char *
gl_printf (const char *fmt, ...)
{
  va_list ap;
  va_start (ap, fmt);
  char *s = gl_vprintf (fmt, ap);
  va_end (ap);
  return s;
}

char *
gl_one_line (const char *s)
{
  size_t n = strlen (s);
  char *out = malloc (n * 4 + 1);
  if (!out)
    return NULL;
  char *p = out;
  for (const unsigned char *q = (const unsigned char *) s; *q; ++q) {
    if (*q == '\n') { *p++ = '\\'; *p++ = 'n'; }
    else if (*q == '\t') { *p++ = '\\'; *p++ = 't'; }
    else if (*q < 0x20 || *q == 0x7f)
      p += sprintf (p, "\\x%02x", *q);
    else
      *p++ = *q;
  }
  *p = '\0';
  return out;
}

static void
emit (const char *kind, const char *subject, const char *fmt, va_list ap)
{
  CLEANUP_FREE char *msg = gl_vprintf (fmt, ap);
  CLEANUP_FREE char *line = msg ? gl_one_line (msg) : NULL;
  CLEANUP_FREE char *subj = subject ? gl_one_line (subject) : NULL;

  /* Trailing newlines in messages from other programs are not content. */
  if (line) {
    size_t n = strlen (line);
    while (n >= 2 && line[n-2] == '\\' && line[n-1] == 'n') {
      line[n-2] = '\0';
      n -= 2;
    }
  }
  fprintf (stderr, "guestlift: %s%s%s%s\n",
           kind,
           subj ? subj : "", subj ? ": " : "",
           line ? line : "(out of memory formatting the message)");
}

void
gl_error (const char *subject, const char *fmt, ...)
{
  va_list ap;
  va_start (ap, fmt);
  emit ("", subject, fmt, ap);
  va_end (ap);
}

void
gl_warning (const char *subject, const char *fmt, ...)
{
  if (quiet)
    return;
  va_list ap;
  va_start (ap, fmt);
  emit ("warning: ", subject, fmt, ap);
  va_end (ap);
}

void
gl_notice (const char *fmt, ...)
{
  if (quiet)
    return;
  va_list ap;
  va_start (ap, fmt);
  emit ("", NULL, fmt, ap);
  va_end (ap);
}

void
gl_debug (const char *fmt, ...)
{
  if (!gl_debug_enabled ())
    return;
  va_list ap;
  va_start (ap, fmt);
  emit ("debug: ", NULL, fmt, ap);
  va_end (ap);
}

/* Room enough for a cause, not for a dump. */
#define FIRST_MESSAGE_MAX 200

char *
gl_first_message (const char *text)
{
  const char *p = text;
  while (*p) {
    size_t n = strcspn (p, "\n");
    const char *line = p;
    p += n + (p[n] == '\n');
    /* "PROGRAM: " (one word, no '/', so "/dev/kvm: ..." stays whole)
     * and "error: " are not the cause. */
    size_t w = strspn (line, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
                       "0123456789_.-");
    if (w > 0 && w + 2 <= n && line[w] == ':' && line[w + 1] == ' ') {
      line += w + 2;
      n -= w + 2;
    }
    if (n >= 7 && strncmp (line, "error: ", 7) == 0) {
      line += 7;
      n -= 7;
    }
    while (n > 0 && (line[n - 1] == '\r' || line[n - 1] == ' ' || line[n - 1] == '\t'))
      n--;
    while (n > 0 && (*line == ' ' || *line == '\t')) {
      line++;
      n--;
    }
    if (n > 0)
      return strndup (line, n < FIRST_MESSAGE_MAX ? n : FIRST_MESSAGE_MAX);
  }
  return NULL;
}
