/* guestlift: the report writers -- JSON, XML, text, audit table, CSV --
 * and the per-guest summary that audit prints and scripts read.
 *
 * Every writer returns 0 on success and -1 with err set on failure (out
 * of memory, or the stream's error after fflush: ENOSPC, EPIPE, ...).  They
 * never print guest strings unsanitised: invalid UTF-8 becomes U+FFFD,
 * and each format removes what it cannot carry (see gl_report_clean).
 *
 * The shapes are a public contract that scripts depend on, described in
 * guestlift-inspect(1) (THE REPORT, XML FORMAT) and checked by the schemas
 * data/guestlift-report.schema.json and data/guestlift-report.rng.
 */
#ifndef GUESTLIFT_REPORT_WRITE_H
#define GUESTLIFT_REPORT_WRITE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "err.h"
#include "report.h"

/* --- summary (report-summary.c) ----------------------------------------
 * One count per guest.  A guest is an operating system; an image with an
 * error, or with no operating system, is one guest counted as "error"
 * (its OSes, if any were found before the error, are not counted).
 *   bootable  kvm.bootable
 *   blocked   !kvm.bootable and at least one blocker
 *   unknown   !kvm.bootable and no blocker (facts were missing)
 *   not_applicable  not a Linux guest (Windows): PV-only kernels are a
 *             Linux matter, there is nothing to decide
 */
struct gl_report_summary {
  size_t bootable, blocked, unknown, error, not_applicable;
};
void gl_report_summary (const struct gl_report *r, struct gl_report_summary *s);

/* The verdict of one guest, as the summary counts it. */
enum gl_verdict { GL_VERDICT_BOOTABLE, GL_VERDICT_BLOCKED,
                  GL_VERDICT_UNKNOWN, GL_VERDICT_ERROR,
                  GL_VERDICT_NOT_APPLICABLE };

/* The guests of a report, in order, as the summary counts them: each OS
 * of an image without error, or the image itself (os NULL, verdict
 * error) when it has an error or no OS.
 *
 *   struct gl_report_guest g = GL_REPORT_GUEST_INIT;
 *   while (gl_report_next_guest (r, &g))
 *     if (g.verdict == GL_VERDICT_BLOCKED) ... g.img->path, g.os->root ...
 */
struct gl_report_guest {
  const struct gl_image *img;
  const struct gl_os *os;
  enum gl_verdict verdict;
  size_t next_image, next_os;   /* where the walk is */
};
#define GL_REPORT_GUEST_INIT { NULL, NULL, GL_VERDICT_ERROR, 0, 0 }
bool gl_report_next_guest (const struct gl_report *r, struct gl_report_guest *g);
enum gl_verdict gl_os_verdict (const struct gl_os *os);
/* "bootable", "blocked", "unknown", "error", "not_applicable" (CSV,
 * JSON consumers). */
const char *gl_verdict_name (enum gl_verdict v);
/* How many of the guest's kernels are known to be Xen PV-only. */
size_t gl_os_pv_only_kernels (const struct gl_os *os);

/* --- JSON (report-json.c): {"images": [...]} pretty printed, 2-space
 * indent, followed by a newline.  _ex's flags: GL_REPORT_JSON_SUMMARY adds
 * a top-level "summary" object {"bootable":N,"blocked":N,"unknown":N,
 * "error":N,"blocked_guests":[...]} after "images"; GL_REPORT_JSON_COMPACT
 * prints the document on one line (no indentation, no spaces). */
enum { GL_REPORT_JSON_SUMMARY = 1, GL_REPORT_JSON_COMPACT = 2 };
int gl_report_write_json (const struct gl_report *r, FILE *fp,
                          struct gl_err *err);
int gl_report_write_json_ex (const struct gl_report *r, FILE *fp,
                             unsigned flags, struct gl_err *err);
/* One image object, as the document holds it (gl_image_json), or the
 * members outside the contract, keyed by their C names, with the objects
 * below that have some (gl_image_extras_json: {"oses": [{"osinfo": ...,
 * "kernels": [{"has_ide": ...}]}]}).  The cache keeps both; report-read.h
 * reads them back.  NULL with errno ENOMEM. */
struct json_object;
struct json_object *gl_image_json (const struct gl_image *img);
struct json_object *gl_image_extras_json (const struct gl_image *img);

/* --- XML (report-xml.c): <guestlift-report>, valid against
 * data/guestlift-report.rng.  _ex adds <summary bootable= blocked=
 * unknown= error=/> as the last child of the root. */
int gl_report_write_xml (const struct gl_report *r, FILE *fp,
                         struct gl_err *err);
int gl_report_write_xml_ex (const struct gl_report *r, FILE *fp,
                            bool with_summary, struct gl_err *err);

/* --- text (report-text.c): for a person.  Per guest, the first line is
 * the verdict ("KVM: bootable — ...", "KVM: NOT BOOTABLE — <blocker>",
 * "KVM: UNKNOWN — ...", or "ERROR: <message>" for an image), then the
 * facts and a kernel table.  color adds ANSI colours. */
int gl_report_write_text (const struct gl_report *r, FILE *fp, bool color,
                          struct gl_err *err);

/* --- audit table (report-table.c): one line per guest, then a summary
 * block with the counts, the blocked guests and their blockers, and the
 * errors. */
int gl_report_write_table (const struct gl_report *r, FILE *fp, bool color,
                           struct gl_err *err);

/* --- CSV (report-csv.c): RFC 4180 (CRLF, quotes doubled), header
 *   image,root,distro,version,arch,kernels,pv_only_kernels,verdict,
 *   recommended_kernel,blockers,error
 * one row per guest like the table; blockers joined with "; "; cells that
 * a spreadsheet would run as a formula (= + - @ TAB CR first) get a
 * leading '. */
int gl_report_write_csv (const struct gl_report *r, FILE *fp,
                         struct gl_err *err);

/* --- sanitiser (report-escape.c), shared by the writers and usable by
 * anybody printing guest strings.  Always: invalid UTF-8 (bad bytes,
 * overlong forms, surrogates, > U+10FFFF) becomes U+FFFD.  Flags add: */
enum {
  GL_CLEAN_XML = 1,    /* code points XML 1.0 forbids (C0 but TAB LF CR,
                          U+FFFE, U+FFFF) become U+FFFD */
  GL_CLEAN_TERM = 2,   /* C0, DEL and C1 controls become visible escapes
                          (\n, \t, \xHH); bidi overrides become U+FFFD */
  GL_CLEAN_LINE = 4,   /* C0, DEL and C1 controls become U+FFFD (CSV cells) */
};
/* A new string; NULL for a NULL s, or when out of memory (callers keep
 * the two apart by testing s first). */
char *gl_report_clean (const char *s, unsigned flags);
/* Display width of a UTF-8 string, counted in code points (good enough
 * for aligning columns of sanitised text). */
size_t gl_report_width (const char *s);

/* The end of every writer: flush fp; 0, or -1 with err (the stream's
 * error, else out of memory when oom). */
int gl_report_write_done (FILE *fp, bool oom, struct gl_err *err);

/* --- aligned columns (report-columns.c), for the text and table writers.
 * Cells are sanitised with GL_CLEAN_TERM when added; a cell may carry an
 * ANSI colour, printed only when the table is printed with color. */
struct gl_columns {
  size_t ncols;
  string_vector cells;          /* row-major, ncols per row */
  string_vector colors;         /* parallel to cells; "" for none */
};
#define GL_COLUMNS_INIT(n) { (n), empty_vector, empty_vector }
/* Add the next cell (rows fill left to right); s NULL prints "-". */
int gl_columns_add (struct gl_columns *t, const char *s, const char *color);
/* Print every row, each prefixed by indent, columns two spaces apart. */
int gl_columns_print (const struct gl_columns *t, FILE *fp,
                      const char *indent, bool color);
void gl_columns_free (struct gl_columns *t);

#define GL_ANSI_RED    "\033[1;31m"
#define GL_ANSI_GREEN  "\033[1;32m"
#define GL_ANSI_YELLOW "\033[1;33m"
#define GL_ANSI_BOLD   "\033[1m"
#define GL_ANSI_RESET  "\033[0m"

#endif
