/* guestlift: the JSON reader -- the inverse of gl_report_write_json
 * (report-json.c), for tools that take a saved report (convert, launch,
 * the inspection cache).
 *
 * The input is hostile: every type is checked, every key of the contract
 * must be present (unknown keys are ignored, so a top-level "summary" from
 * gl_report_write_json_ex is fine), arrays and strings are bounded, and
 * nesting is limited.  Any failure returns NULL with *err set to a
 * one-line message naming the place, e.g.
 *   "images[0].operating_systems[1].kernels: expected an array"
 *
 * What does not round-trip, because the JSON does not carry it: the model
 * fields outside the contract (gl_kernel.has_ide, .virtio_blk_builtin,
 * .modules_dir, .format_hint; gl_os.osinfo, .default_cmdline) come back
 * false/NULL; a bootloader type NULL comes back "none"; strings come back
 * as the writer sanitised them (invalid UTF-8 replaced by U+FFFD).
 */
#ifndef GUESTLIFT_REPORT_READ_H
#define GUESTLIFT_REPORT_READ_H

#include <stddef.h>

#include <json-c/json.h>

#include "report.h"

/* Limits: more than this is refused (EFBIG-style message, NULL). */
#define GL_REPORT_READ_MAX_TEXT   (64 * 1024 * 1024)  /* whole document */
#define GL_REPORT_READ_MAX_STRING (1024 * 1024)       /* one string */
#define GL_REPORT_READ_MAX_ITEMS  4096                /* OSes, kernels, list items */
#define GL_REPORT_READ_MAX_IMAGES 65536               /* images in a report */

/* One image object, as the writer emits it inside "images".  Does not
 * take ownership of j.  NULL with *err (malloc'd) on failure; err may be
 * NULL if the caller does not want the message. */
struct gl_image *gl_image_from_json (json_object *j, char **err);

/* A whole report document, {"images": [...]}.  text need not be
 * NUL-terminated; trailing white space is allowed, anything else after
 * the document is an error.  NULL with *err on failure (errno EFBIG when
 * over a limit, EINVAL for a bad document, ENOMEM). */
struct gl_report *gl_report_read_json (const char *text, size_t len, char **err);

#endif
