/* guestlift: the audit table -- one line per guest, so that a store of
 * hundreds of images reads at a glance, then a summary block: the counts,
 * and for each blocked guest the reasons, for each failed image the
 * error.  A guest is an OS; an image with an error or no OS is one line. */
#include <config.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

#include "buf.h"
#include "cleanup.h"
#include "error.h"
#include "report-write.h"

#define NO_OS_MESSAGE "no operating system found in the image"

/* Table words and colours by verdict. */
static const struct { const char *word, *color; } verdict_cell[] = {
  [GL_VERDICT_BOOTABLE] = { "bootable", GL_ANSI_GREEN },
  [GL_VERDICT_BLOCKED] = { "BLOCKED", GL_ANSI_RED },
  [GL_VERDICT_UNKNOWN] = { "unknown", GL_ANSI_YELLOW },
  [GL_VERDICT_ERROR] = { "ERROR", GL_ANSI_RED },
  [GL_VERDICT_NOT_APPLICABLE] = { "n/a", NULL },
};

/* The IMAGE cell: the path, plus the root when the image has several OSes
 * (dual boot) so the lines can be told apart. */
static int
image_cell (struct gl_columns *t, const struct gl_image *img,
            const struct gl_os *os)
{
  if (!os || img->oses.len < 2)
    return gl_columns_add (t, img->path, NULL);
  CLEANUP_FREE char *s = gl_printf ("%s [%s]", img->path ? img->path : "-",
                                    os->root ? os->root : "-");
  return s ? gl_columns_add (t, s, NULL) : -1;
}

static int
os_row (struct gl_columns *t, const struct gl_image *img,
        const struct gl_os *os, enum gl_verdict v)
{
  CLEANUP_BUF struct gl_buf desc = GL_BUF_INIT;
  /* 0.0 is an unknown version, not one to print ("windows 0.0"). */
  bool version = os->version_major || os->version_minor;
  int r = gl_buf_printf (&desc, "%s", os->distro ? os->distro
                         : os->type ? os->type : "unknown");
  if (version)
    r |= gl_buf_printf (&desc, " %d.%d", os->version_major, os->version_minor);
  r |= gl_buf_printf (&desc, "%s%s", os->arch ? " " : "", os->arch ? os->arch : "");
  CLEANUP_FREE char *kernels = gl_printf ("%zu (PV-only %zu)", os->kernels.len,
                                          gl_os_pv_only_kernels (os));
  if (r == -1 || !kernels)
    return -1;
  r |= image_cell (t, img, os);
  r |= gl_columns_add (t, desc.data, NULL);
  r |= gl_columns_add (t, kernels, NULL);
  r |= gl_columns_add (t, verdict_cell[v].word, verdict_cell[v].color);
  r |= gl_columns_add (t, os->kvm.recommended_kernel, NULL);
  return r;
}

static int
error_row (struct gl_columns *t, const struct gl_image *img)
{
  int r = image_cell (t, img, NULL);
  r |= gl_columns_add (t, NULL, NULL);
  r |= gl_columns_add (t, NULL, NULL);
  r |= gl_columns_add (t, verdict_cell[GL_VERDICT_ERROR].word,
                       verdict_cell[GL_VERDICT_ERROR].color);
  r |= gl_columns_add (t, NULL, NULL);
  return r;
}

/* Print guest data sanitised; -1 on ENOMEM. */
static int
put (FILE *fp, const char *s)
{
  CLEANUP_FREE char *clean = gl_report_clean (s ? s : "-", GL_CLEAN_TERM);
  if (!clean)
    return -1;
  fputs (clean, fp);
  return 0;
}

/* "  IMAGE (ROOT)" then each reason as "    - reason". */
static int
detail (FILE *fp, const struct gl_image *img, const struct gl_os *os,
        const string_vector *reasons, const char *reason)
{
  int r = 0;
  fputs ("  ", fp);
  r |= put (fp, img->path);
  if (os) {
    fputs (" (", fp);
    r |= put (fp, os->root);
    fputc (')', fp);
  }
  fputc ('\n', fp);
  for (size_t i = 0; reasons && i < reasons->len; ++i) {
    fputs ("    - ", fp);
    r |= put (fp, reasons->ptr[i]);
    fputc ('\n', fp);
  }
  if (reason) {
    fputs ("    - ", fp);
    r |= put (fp, reason);
    fputc ('\n', fp);
  }
  return r;
}

int
gl_report_write_table (const struct gl_report *r, FILE *fp, bool color,
                       struct gl_err *err)
{
  struct gl_columns t = GL_COLUMNS_INIT (5);
  static const char *const head[] = {
    "IMAGE", "OS", "KERNELS", "VERDICT", "RECOMMENDED",
  };
  int ret = 0;
  for (size_t i = 0; i < sizeof head / sizeof head[0]; ++i)
    ret |= gl_columns_add (&t, head[i], GL_ANSI_BOLD);
  struct gl_report_guest g = GL_REPORT_GUEST_INIT;
  while (gl_report_next_guest (r, &g))
    ret |= g.os ? os_row (&t, g.img, g.os, g.verdict) : error_row (&t, g.img);
  if (ret == 0)
    ret = gl_columns_print (&t, fp, "", color);
  gl_columns_free (&t);
  if (ret != 0)
    return gl_report_write_done (fp, true, err);

  struct gl_report_summary s;
  gl_report_summary (r, &s);
  size_t guests = s.bootable + s.blocked + s.unknown + s.error + s.not_applicable;
  fprintf (fp, "\nSummary: %zu guest%s: ", guests, guests == 1 ? "" : "s");
  const struct { size_t n; enum gl_verdict v; } counts[] = {
    { s.bootable, GL_VERDICT_BOOTABLE }, { s.blocked, GL_VERDICT_BLOCKED },
    { s.unknown, GL_VERDICT_UNKNOWN }, { s.error, GL_VERDICT_ERROR },
    { s.not_applicable, GL_VERDICT_NOT_APPLICABLE },
  };
  for (size_t i = 0; i < sizeof counts / sizeof counts[0]; ++i) {
    /* Guests the verdict does not apply to (Windows) are named only when
     * there are some. */
    if (counts[i].v == GL_VERDICT_NOT_APPLICABLE && counts[i].n == 0)
      continue;
    const char *c = verdict_cell[counts[i].v].color;
    bool paint = color && c && counts[i].n > 0;
    fprintf (fp, "%s%s%zu %s%s", i ? ", " : "", paint ? c : "", counts[i].n,
             counts[i].v == GL_VERDICT_NOT_APPLICABLE ? "not applicable"
             : gl_verdict_name (counts[i].v), paint ? GL_ANSI_RESET : "");
  }
  fputc ('\n', fp);

  /* The reasons, grouped by verdict: what to fix first. */
  static const struct { enum gl_verdict v; const char *title; } groups[] = {
    { GL_VERDICT_BLOCKED, "Blocked guests:" },
    { GL_VERDICT_UNKNOWN, "Undecided guests (facts missing):" },
    { GL_VERDICT_ERROR, "Errors:" },
  };
  for (size_t k = 0; k < sizeof groups / sizeof groups[0]; ++k) {
    bool title = false;
    g = (struct gl_report_guest) GL_REPORT_GUEST_INIT;
    while (gl_report_next_guest (r, &g)) {
      if (g.verdict != groups[k].v)
        continue;
      if (!title)
        fprintf (fp, "\n%s\n", groups[k].title);
      title = true;
      const struct gl_image *img = g.img;
      const struct gl_os *os = g.os;
      if (!os)
        ret |= detail (fp, img, NULL, NULL,
                       img->error ? img->error : NO_OS_MESSAGE);
      else if (g.verdict == GL_VERDICT_BLOCKED)
        ret |= detail (fp, img, os, &os->kvm.blockers, NULL);
      else
        ret |= detail (fp, img, os, &os->kvm.warnings,
                       os->kvm.warnings.len ? NULL : "no blocker found, "
                       "but no kernel could be shown to boot on KVM");
    }
  }
  return gl_report_write_done (fp, ret != 0, err);
}
