/* guestlift batch: table, report file, totals (see batch-report.h). */
#include <config.h>

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

#include "batch-json.h"
#include "batch-report.h"
#include "cleanup.h"
#include "error.h"
#include "json.h"
#include "progress.h"

void
gl_batch_totals (const struct gl_batch_job *jobs, size_t n, struct gl_batch_totals *t)
{
  memset (t, 0, sizeof *t);
  t->guests = n;
  for (size_t i = 0; i < n; ++i) {
    const struct gl_batch_entry *e = jobs[i].entry;
    if (jobs[i].resumed)
      t->resumed++;
    switch (e ? e->status : GL_BATCH_PENDING) {
    case GL_BATCH_PENDING: t->not_done++; break;
    case GL_BATCH_CONVERTED: t->converted++; break;
    case GL_BATCH_BLOCKED: t->blocked++; break;
    case GL_BATCH_FAILED: t->failed++; break;
    case GL_BATCH_BOOTED: t->converted++; t->booted++; break;
    case GL_BATCH_BOOT_FAILED: t->converted++; t->boot_failed++; break;
    }
  }
}

int
gl_batch_exit_status (const struct gl_batch_totals *t)
{
  if (t->failed || t->boot_failed || t->not_done)
    return 1;
  return t->blocked ? 3 : 0;
}

/* "passed", "failed" or "skipped" (no boot test, or none run yet). */
static const char *
boot_result (const struct gl_batch_entry *e)
{
  if (e->status == GL_BATCH_BOOTED)
    return "passed";
  if (e->status == GL_BATCH_BOOT_FAILED)
    return "failed";
  return "skipped";
}

static double
total_seconds (const struct gl_batch_entry *e)
{
  double s = 0;
  if (e->convert_seconds > 0)
    s += e->convert_seconds;
  if (e->boot_seconds > 0)
    s += e->boot_seconds;
  return s;
}

void
gl_batch_table_print (FILE *fp, const struct gl_batch_job *jobs, size_t n)
{
  /* Guest data (kernel versions) made safe for a terminal first. */
  size_t w[4] = { 4, 7, 6, 6 };   /* NAME VERDICT KERNEL RESULT */
  CLEANUP_FREE char **kernels = calloc (n + 1, sizeof *kernels);
  for (size_t i = 0; kernels && i < n; ++i) {
    const struct gl_batch_entry *e = jobs[i].entry;
    kernels[i] = gl_one_line (e->kernel ? e->kernel : "-");
    const char *result = gl_batch_status_name (e->status);
    size_t l[4] = { strlen (jobs[i].guest->name),
                    strlen (e->verdict ? e->verdict : "-"),
                    kernels[i] ? strlen (kernels[i]) : 1,
                    strlen (result) + (jobs[i].resumed ? 10 : 0) };
    for (size_t k = 0; k < 4; ++k)
      if (l[k] > w[k])
        w[k] = l[k];
  }
  fprintf (fp, "%-*s  %-*s  %-*s  %-*s  %-7s  %s\n", (int) w[0], "NAME",
           (int) w[1], "VERDICT", (int) w[2], "KERNEL", (int) w[3], "RESULT",
           "BOOT", "TIME");
  for (size_t i = 0; i < n; ++i) {
    const struct gl_batch_entry *e = jobs[i].entry;
    char t[32] = "-", result[48];
    if (total_seconds (e) > 0)
      gl_format_duration (total_seconds (e), t, sizeof t);
    snprintf (result, sizeof result, "%s%s", gl_batch_status_name (e->status),
              jobs[i].resumed ? " (resumed)" : "");
    const char *boot = boot_result (e);
    if (!jobs[i].boot_test && e->status != GL_BATCH_BOOTED
        && e->status != GL_BATCH_BOOT_FAILED)
      boot = "-";
    fprintf (fp, "%-*s  %-*s  %-*s  %-*s  %-7s  %s\n", (int) w[0], jobs[i].guest->name,
             (int) w[1], e->verdict ? e->verdict : "-",
             (int) w[2], kernels && kernels[i] ? kernels[i] : "-",
             (int) w[3], result, boot, t);
  }
  for (size_t i = 0; kernels && i < n; ++i)
    free (kernels[i]);
  /* The reasons, one line each, under the table. */
  for (size_t i = 0; i < n; ++i) {
    const struct gl_batch_entry *e = jobs[i].entry;
    if (e->status == GL_BATCH_BLOCKED) {
      for (size_t k = 0; k < e->blockers.len; ++k) {
        CLEANUP_FREE char *b = gl_one_line (e->blockers.ptr[k]);
        fprintf (fp, "%s: blocked: %s\n", jobs[i].guest->name, b ? b : "?");
      }
    }
    else if (e->error) {
      CLEANUP_FREE char *m = gl_one_line (e->error);
      if (jobs[i].log && access (jobs[i].log, F_OK) == 0)
        fprintf (fp, "%s: %s: %s (log: %s)\n", jobs[i].guest->name,
                 gl_batch_status_name (e->status), m ? m : "?", jobs[i].log);
      else
        fprintf (fp, "%s: %s: %s\n", jobs[i].guest->name,
                 gl_batch_status_name (e->status), m ? m : "?");
    }
  }
  struct gl_batch_totals tt;
  gl_batch_totals (jobs, n, &tt);
  fprintf (fp, "%zu guest(s): %zu converted, %zu blocked, %zu failed", tt.guests,
           tt.converted, tt.blocked, tt.failed);
  if (tt.booted || tt.boot_failed)
    fprintf (fp, "; boot test: %zu passed, %zu failed", tt.booted, tt.boot_failed);
  if (tt.resumed)
    fprintf (fp, "; %zu done by an earlier run", tt.resumed);
  if (tt.not_done)
    fprintf (fp, "; %zu not done", tt.not_done);
  fputc ('\n', fp);
}

/* --- JSON -------------------------------------------------------------- */

static json_object *
guest_json (const struct gl_batch_job *j)
{
  const struct gl_batch_entry *e = j->entry;
  json_object *o = json_object_new_object ();
  json_object *bt = json_object_new_object ();
  if (!o || !bt)
    goto fail;
  if (gl_json_add_string (bt, "result", boot_result (e)) == -1
      || gl_json_add_seconds (bt, "seconds", e->boot_seconds) == -1)
    goto fail;
  json_object *btv = bt;
  bt = NULL;
  if (gl_json_add_string (o, "name", j->guest->name) == -1
      || gl_json_add_strings (o, "disks", &j->guest->disks) == -1
      || gl_json_add_string (o, "status", gl_batch_status_name (e->status)) == -1
      || gl_json_add_string (o, "verdict_before",
                             e->verdict ? e->verdict : "unknown") == -1
      || gl_json_add_string (o, "kernel", e->kernel) == -1
      || gl_json_add_strings (o, "edits", &e->edits) == -1
      || gl_json_add_strings (o, "outputs", &e->outputs) == -1
      || gl_json_add_string (o, "log", j->log) == -1
      || gl_json_add (o, "boot_test", btv) == -1
      || gl_json_add_seconds (o, "convert_seconds", e->convert_seconds) == -1
      || gl_json_add_strings (o, "blockers", &e->blockers) == -1
      || gl_json_add (o, "resumed", json_object_new_boolean (j->resumed)) == -1
      || gl_json_add_string (o, "error", e->error) == -1)
    goto fail;
  return o;
 fail:
  json_object_put (bt);
  json_object_put (o);
  return NULL;
}

/* The report as a JSON document, NULL on ENOMEM. */
static json_object *
report_json (const struct gl_batch_job *jobs, size_t n)
{
  json_object *doc = json_object_new_object ();
  json_object *a = json_object_new_array ();
  json_object *t = json_object_new_object ();
  struct gl_batch_totals tt;
  gl_batch_totals (jobs, n, &tt);
  if (!doc || !a || !t) {
    json_object_put (a);
    json_object_put (t);
    goto fail;
  }
  for (size_t i = 0; i < n; ++i) {
    json_object *g = guest_json (&jobs[i]);
    if (!g || json_object_array_add (a, g) != 0) {
      json_object_put (g);
      json_object_put (a);
      json_object_put (t);
      goto fail;
    }
  }
  if (gl_json_add (doc, "guests", a) == -1) {
    json_object_put (t);
    goto fail;
  }
  static const char *const keys[] = { "guests", "converted", "blocked", "failed",
    "booted", "boot_failed", "resumed", "not_done" };
  const size_t vals[] = { tt.guests, tt.converted, tt.blocked, tt.failed, tt.booted,
    tt.boot_failed, tt.resumed, tt.not_done };
  for (size_t i = 0; i < sizeof keys / sizeof keys[0]; ++i)
    if (gl_json_add (t, keys[i], json_object_new_int64 ((int64_t) vals[i])) == -1) {
      json_object_put (t);
      goto fail;
    }
  if (gl_json_add (doc, "totals", t) == -1)
    goto fail;
  return doc;
 fail:
  json_object_put (doc);
  return NULL;
}

int
gl_batch_report_write (const char *path, const struct gl_batch_job *jobs,
                       size_t n, struct gl_err *err)
{
  CLEANUP_FREE char *text = gl_batch_json_text (report_json (jobs, n));
  return gl_batch_json_write (path, text, err);
}
