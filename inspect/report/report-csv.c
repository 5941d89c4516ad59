/* guestlift: the CSV writer (RFC 4180) for audits fed to spreadsheets and
 * scripts.  One row per guest, like the audit table.  Guest strings are
 * made single-line valid UTF-8 (GL_CLEAN_LINE), quoted when they hold a
 * comma, quote or leading/trailing space, and a cell that a spreadsheet
 * would evaluate as a formula gets a leading ' (CSV injection). */
#include <config.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "cleanup.h"
#include "error.h"
#include "report-write.h"

#define NO_OS_MESSAGE "no operating system found in the image"

static const char *const header[] = {
  "image", "root", "distro", "version", "arch", "kernels", "pv_only_kernels",
  "verdict", "recommended_kernel", "blockers", "error",
};
#define NCOLS (sizeof header / sizeof header[0])
#define COL_VERDICT 7

struct row {
  struct gl_buf b;
  size_t cells;
};
#define ROW_INIT { GL_BUF_INIT, 0 }

/* Append one cell (NULL = empty) to the row. */
static int
cell (struct row *rw, const char *s)
{
  struct gl_buf *row = &rw->b;
  int r = 0;
  if (rw->cells++ > 0)
    r |= gl_buf_puts (row, ",");
  if (!s)
    return r;
  CLEANUP_FREE char *clean = gl_report_clean (s, GL_CLEAN_LINE);
  if (!clean)
    return -1;
  /* = + - @ start a formula in Excel, LibreOffice and Sheets; TAB and CR
   * are cleaned to U+FFFD above, so they cannot start one here. */
  bool guard = clean[0] != '\0' && strchr ("=+-@", clean[0]) != NULL;
  size_t n = strlen (clean);
  bool quote = guard || strpbrk (clean, ",\"") != NULL
    || (n > 0 && (clean[0] == ' ' || clean[n - 1] == ' '));
  if (quote)
    r |= gl_buf_puts (row, "\"");
  if (guard)
    r |= gl_buf_puts (row, "'");
  for (const char *p = clean; *p; ++p)
    r |= *p == '"' ? gl_buf_puts (row, "\"\"") : gl_buf_append (row, p, 1);
  if (quote)
    r |= gl_buf_puts (row, "\"");
  return r;
}

/* Print the row (unless building it failed) and reset it. */
static int
end_row (FILE *fp, struct row *rw, int r)
{
  if (r == 0)
    r = gl_buf_puts (&rw->b, "\r\n");
  if (r == 0)
    fputs (rw->b.data, fp);
  gl_buf_free (&rw->b);
  rw->cells = 0;
  return r;
}

static int
os_row (FILE *fp, const struct gl_image *img, const struct gl_os *os,
        enum gl_verdict verdict)
{
  struct row row = ROW_INIT;
  CLEANUP_BUF struct gl_buf blockers = GL_BUF_INIT;
  char version[32], kernels[32], pv[32];
  int r = 0;

  /* 0.0 is an unknown version: an empty cell. */
  version[0] = '\0';
  if (os->version_major || os->version_minor)
    snprintf (version, sizeof version, "%d.%d",
              os->version_major, os->version_minor);
  snprintf (kernels, sizeof kernels, "%zu", os->kernels.len);
  snprintf (pv, sizeof pv, "%zu", gl_os_pv_only_kernels (os));
  for (size_t i = 0; i < os->kvm.blockers.len; ++i)
    r |= gl_buf_printf (&blockers, "%s%s", i ? "; " : "",
                        os->kvm.blockers.ptr[i]);

  r |= cell (&row, img->path ? img->path : "");
  r |= cell (&row, os->root);
  r |= cell (&row, os->distro);
  r |= cell (&row, version);
  r |= cell (&row, os->arch);
  r |= cell (&row, kernels);
  r |= cell (&row, pv);
  r |= cell (&row, gl_verdict_name (verdict));
  r |= cell (&row, os->kvm.recommended_kernel);
  r |= cell (&row, blockers.data);
  r |= cell (&row, NULL);
  return end_row (fp, &row, r);
}

static int
error_row (FILE *fp, const struct gl_image *img)
{
  struct row row = ROW_INIT;
  int r = cell (&row, img->path ? img->path : "");
  for (size_t i = 1; i < NCOLS - 1; ++i)
    r |= cell (&row, i == COL_VERDICT ? gl_verdict_name (GL_VERDICT_ERROR) : NULL);
  r |= cell (&row, img->error ? img->error : NO_OS_MESSAGE);
  return end_row (fp, &row, r);
}

int
gl_report_write_csv (const struct gl_report *r, FILE *fp, struct gl_err *err)
{
  struct row row = ROW_INIT;
  int ret = 0;
  for (size_t i = 0; i < NCOLS; ++i)
    ret |= cell (&row, header[i]);
  ret = end_row (fp, &row, ret);
  struct gl_report_guest g = GL_REPORT_GUEST_INIT;
  while (gl_report_next_guest (r, &g))
    ret |= g.os ? os_row (fp, g.img, g.os, g.verdict) : error_row (fp, g.img);
  return gl_report_write_done (fp, ret != 0, err);
}
