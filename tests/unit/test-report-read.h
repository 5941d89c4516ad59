/* Shared by test-report-read.c and test-cache.c: a deep comparison of two
 * images, member by member as the field table lists them, that names the
 * first one that differs (the samples are in report-sample.c).
 * Header-only, static functions. */
#ifndef GUESTLIFT_TEST_REPORT_READ_H
#define GUESTLIFT_TEST_REPORT_READ_H

#include <stdbool.h>

#include "report.h"
#include "report-fields.h"

static char cmp_what[256];

/* Every member of the contract; with extras, also those outside it. */
static bool
same_image (const struct gl_image *a, const struct gl_image *b, bool extras)
{
  cmp_what[0] = '\0';
  return gl_object_same (&gl_image_object, a, b, extras, cmp_what, sizeof cmp_what);
}

#endif
