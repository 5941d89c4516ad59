/* guestlift: the verdict of each guest and the counts audit prints
 * (table, JSON/XML "summary").  One definition, so that the table, the
 * CSV, the summary and the exit status never disagree. */
#include <config.h>

#include <string.h>

#include "enum-names.h"
#include "report-write.h"

enum gl_verdict
gl_os_verdict (const struct gl_os *os)
{
  /* Xen PV-only kernels are a Linux matter: other guests (Windows) are
   * neither bootable nor blocked by them. */
  if (os->type && strcmp (os->type, "linux") != 0)
    return GL_VERDICT_NOT_APPLICABLE;
  if (os->kvm.bootable)
    return GL_VERDICT_BOOTABLE;
  /* Not bootable but nothing named as the reason: the facts needed to
   * decide were missing (no config found, unreadable /boot, ...). */
  return os->kvm.blockers.len > 0 ? GL_VERDICT_BLOCKED : GL_VERDICT_UNKNOWN;
}

static const char *const verdict_names[] = {
  [GL_VERDICT_BOOTABLE] = "bootable",
  [GL_VERDICT_BLOCKED] = "blocked",
  [GL_VERDICT_UNKNOWN] = "unknown",
  [GL_VERDICT_ERROR] = "error",
  [GL_VERDICT_NOT_APPLICABLE] = "not_applicable",
};

const char *
gl_verdict_name (enum gl_verdict v)
{
  return GL_ENUM_NAME (verdict_names, v, "error");
}

bool
gl_report_next_guest (const struct gl_report *r, struct gl_report_guest *g)
{
  while (r && g->next_image < r->images.len) {
    const struct gl_image *img = r->images.ptr[g->next_image];
    g->img = img;
    if (img->error || img->oses.len == 0) {
      g->next_image++;
      g->os = NULL;
      g->verdict = GL_VERDICT_ERROR;
      return true;
    }
    if (g->next_os < img->oses.len) {
      g->os = img->oses.ptr[g->next_os++];
      g->verdict = gl_os_verdict (g->os);
      return true;
    }
    g->next_image++;
    g->next_os = 0;
  }
  return false;
}

void
gl_report_summary (const struct gl_report *r, struct gl_report_summary *s)
{
  memset (s, 0, sizeof *s);
  struct gl_report_guest g = GL_REPORT_GUEST_INIT;
  while (gl_report_next_guest (r, &g))
    switch (g.verdict) {
    case GL_VERDICT_BOOTABLE: s->bootable++; break;
    case GL_VERDICT_BLOCKED: s->blocked++; break;
    case GL_VERDICT_UNKNOWN: s->unknown++; break;
    case GL_VERDICT_ERROR: s->error++; break;
    case GL_VERDICT_NOT_APPLICABLE: s->not_applicable++; break;
    }
}

size_t
gl_os_pv_only_kernels (const struct gl_os *os)
{
  size_t n = 0;
  for (size_t i = 0; i < os->kernels.len; ++i)
    if (os->kernels.ptr[i]->xen_pv_only == GL_TRUE)
      ++n;
  return n;
}
