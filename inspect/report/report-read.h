/* guestlift: the JSON reader -- the inverse of gl_report_write_json
 * (report-json.c), for tools that take a saved report and for the
 * inspection cache.
 *
 * The input is hostile: every type is checked, every key of the contract
 * must be present (unknown keys are ignored, so a top-level "summary" from
 * GL_REPORT_JSON_SUMMARY is fine), arrays and strings are bounded, and
 * nesting is limited (common/utils/json.h).  Any failure returns NULL (or
 * -1) with err set to one line naming the place, e.g.
 *   images[0].operating_systems[1]: "kernels" must be an array, not an integer
 *
 * What does not round-trip, because the JSON does not carry it: the model
 * fields outside the contract come back false/NULL (the cache carries
 * them beside the image: gl_image_extras_json, gl_image_extras_from_json);
 * a bootloader type NULL comes back "none"; strings come back as the
 * writer sanitised them (invalid UTF-8 replaced by U+FFFD).
 */
#ifndef GUESTLIFT_REPORT_READ_H
#define GUESTLIFT_REPORT_READ_H

#include <stdbool.h>
#include <stddef.h>

#include <json-c/json.h>

#include "err.h"
#include "json.h"
#include "report.h"

/* Limits: more than this is refused (errno value EFBIG). */
#define GL_REPORT_READ_MAX_TEXT   GL_JSON_MAX_SIZE    /* whole document */
#define GL_REPORT_READ_MAX_STRING (1024 * 1024)       /* one string */
#define GL_REPORT_READ_MAX_ITEMS  4096                /* OSes, kernels, list items */
#define GL_REPORT_READ_MAX_IMAGES GL_REPORT_MAX_IMAGES /* images in a report */

/* One image object, as the writer emits it inside "images".  Does not
 * take ownership of j.  NULL with err on failure (err may be NULL). */
struct gl_image *gl_image_from_json (json_object *j, struct gl_err *err);

/* Fill in img's members outside the contract from what
 * gl_image_extras_json wrote for it (its OSes and kernels must be the
 * ones read from the same image object).  0, or -1 with err. */
int gl_image_extras_from_json (struct gl_image *img, json_object *extras,
                               struct gl_err *err);

/* Whether the image object and its extras give back exactly img: no
 * string the writer would change (invalid UTF-8) or the reader refuse
 * (over a bound), no list over a bound, no NULL or repeated map key, no
 * value out of its type's range.  The cache stores only such images. */
bool gl_image_json_exact (const struct gl_image *img);

/* A whole report document, {"images": [...]}.  text need not be
 * NUL-terminated; trailing white space is allowed, anything else after
 * the document is an error.  NULL with err on failure (errno value
 * EFBIG when over a limit, EINVAL for a bad document, ENOMEM). */
struct gl_report *gl_report_read_json (const char *text, size_t len,
                                       struct gl_err *err);

#endif
