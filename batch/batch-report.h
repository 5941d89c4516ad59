/* guestlift batch: the outcome of a run -- a table on the terminal, the
 * --report JSON file, the totals and the exit status.
 *
 * Report JSON:
 *   {"guests": [{"name", "disks": [...], "status", "verdict_before":
 *     "bootable|blocked|unknown|error", "kernel": "..."|null, "edits": [],
 *     "outputs": [...], "log": "DIR/NAME/guestlift.log"|null,
 *     "boot_test": {"result": "passed|failed|skipped", "seconds": N|null},
 *     "convert_seconds": N|null, "blockers": [...], "resumed": bool,
 *     "error": null|"..."}],
 *    "totals": {"guests", "converted", "blocked", "failed", "booted",
 *               "boot_failed", "resumed", "not_done"}}
 * "edits" is always empty: convert does not (yet) say which guest files it
 * changed outside --dry-run; the guest's log has convert's output.
 */
#ifndef GUESTLIFT_CONVERT_BATCH_REPORT_H
#define GUESTLIFT_CONVERT_BATCH_REPORT_H

#include <stddef.h>
#include <stdio.h>

#include "batch-scheduler.h"

struct gl_batch_totals {
  size_t guests;
  size_t converted;     /* converted, booted or boot-failed: outputs made */
  size_t blocked;
  size_t failed;        /* conversion failed */
  size_t booted;
  size_t boot_failed;
  size_t resumed;       /* done by an earlier run, skipped now */
  size_t not_done;      /* pending: interrupted or never started */
};

void gl_batch_totals (const struct gl_batch_job *jobs, size_t n,
                      struct gl_batch_totals *t);

/* 1 when a guest failed (conversion or boot test) or was not done, else
 * 3 when one was blocked, else 0. */
int gl_batch_exit_status (const struct gl_batch_totals *t);

/* The table: NAME VERDICT KERNEL RESULT BOOT TIME, then a totals line. */
void gl_batch_table_print (FILE *fp, const struct gl_batch_job *jobs, size_t n);

/* The JSON report written to PATH (batch-json.h).  0, or -1 with ERR
 * ("PATH: why"). */
int gl_batch_report_write (const char *path, const struct gl_batch_job *jobs,
                           size_t n, struct gl_err *err);

#endif
