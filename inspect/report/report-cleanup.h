/* guestlift: typed cleanup (cleanup.h) for the report model.
 *
 *   CLEANUP_REPORT struct gl_report *r = gl_report_new_for_paths (...);
 *   CLEANUP_IMAGE struct gl_image *img = gl_cache_lookup (...);
 */
#ifndef GUESTLIFT_REPORT_CLEANUP_H
#define GUESTLIFT_REPORT_CLEANUP_H

#include "report.h"

static inline void gl_cleanup_report (void *p) { gl_report_free (*(struct gl_report **) p); }
static inline void gl_cleanup_image (void *p) { gl_image_free (*(struct gl_image **) p); }

#define CLEANUP_REPORT __attribute__ ((cleanup (gl_cleanup_report)))
#define CLEANUP_IMAGE __attribute__ ((cleanup (gl_cleanup_image)))

#endif
