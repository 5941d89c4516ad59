/* guestlift: a minimal TAP producer for C unit tests (header-only).
 *
 *   int main (void) {
 *     ok (1 + 1 == 2, "addition works");
 *     is_str (s, "x", "parsed value");
 *     CHECK (strdup ("x"), "x", "a malloc'd value, freed");
 *     return tap_done ();   // prints the plan, exit status 1 if any failed
 *   }
 */
#ifndef GUESTLIFT_TAP_H
#define GUESTLIFT_TAP_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdarg.h>

static int tap_count_, tap_failed_;

static inline int __attribute__ ((format (printf, 2, 3)))
ok (int cond, const char *fmt, ...)
{
  va_list ap;
  tap_count_++;
  printf ("%sok %d - ", cond ? "" : "not ", tap_count_);
  va_start (ap, fmt);
  vprintf (fmt, ap);
  va_end (ap);
  printf ("\n");
  if (!cond)
    tap_failed_++;
  fflush (stdout);
  return cond;
}

#define is_str(got, expected, ...) do {                                 \
    const char *g_ = (got), *e_ = (expected);                           \
    int c_ = (g_ == NULL && e_ == NULL) ||                              \
      (g_ != NULL && e_ != NULL && strcmp (g_, e_) == 0);               \
    if (!ok (c_, __VA_ARGS__))                                          \
      printf ("#   got:      %s%s%s\n#   expected: %s%s%s\n",           \
              g_ ? "\"" : "", g_ ? g_ : "NULL", g_ ? "\"" : "",         \
              e_ ? "\"" : "", e_ ? e_ : "NULL", e_ ? "\"" : "");        \
  } while (0)

/* is_str on EXPR, a malloc'd string (or NULL), freed after. */
#define CHECK(expr, expected, ...) do {                                 \
    char *got_ = (expr);                                                \
    is_str (got_, expected, __VA_ARGS__);                               \
    free (got_);                                                        \
  } while (0)

#define is_int(got, expected, ...) do {                                 \
    long long g_ = (got), e_ = (expected);                              \
    if (!ok (g_ == e_, __VA_ARGS__))                                    \
      printf ("#   got:      %lld\n#   expected: %lld\n", g_, e_);      \
  } while (0)

static inline int
tap_done (void)
{
  printf ("1..%d\n", tap_count_);
  if (tap_failed_)
    printf ("# %d of %d failed\n", tap_failed_, tap_count_);
  return tap_failed_ ? 1 : 0;
}

#endif
