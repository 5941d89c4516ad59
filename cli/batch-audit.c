/* guestlift batch: the audit before the conversions (see batch-audit.h). */
#include <config.h>

#include <stdlib.h>
#include <string.h>

#include "batch-audit.h"
#include "cleanup.h"
#include "error.h"
#include "parallel.h"
#include "plan.h"
#include "report.h"
#include "report-write.h"
#include "target.h"

/* The verdict of one guest from its inspected disks. */
static int
judge (struct gl_image *const *imgs, size_t n, const char *target,
       struct gl_batch_verdict *v)
{
  for (size_t i = 0; i < n; ++i)
    if (imgs[i]->error) {
      v->verdict = "error";
      v->error = n > 1 ? gl_printf ("%s: %s", imgs[i]->path, imgs[i]->error)
        : strdup (imgs[i]->error);
      return v->error ? 0 : -1;
    }
  const struct gl_image *img = imgs[0];
  if (img->oses.len != 1) {
    v->verdict = "error";
    v->error = img->oses.len == 0
      ? strdup ("no operating system found: nothing to convert")
      : gl_printf ("%zu operating systems on these disks: batch converts "
                   "guests with one", img->oses.len);
    return v->error ? 0 : -1;
  }
  const struct gl_os *os = img->oses.ptr[0];
  v->verdict = gl_verdict_name (gl_os_verdict (os));
  for (size_t i = 0; i < os->kvm.blockers.len; ++i)
    if (string_vector_add (&v->blockers, os->kvm.blockers.ptr[i]) == -1)
      return -1;

  const struct gl_target_profile *p = gl_target_parse (target);
  if (!p)
    return 0;
  v->blocked = !p->accepts_pv_only_kernel && os->kernels.len > 0
    && gl_os_pv_only_kernels (os) == os->kernels.len;
  /* The kernel convert will pick, by convert's own rule. */
  const struct gl_kernel *k = NULL;
  if (!v->blocked && gl_plan_choose_kernel (os, p, NULL, &k, NULL) == 0 && k->version
      && !(v->kernel = strdup (k->version)))
    return -1;
  return 0;
}

int
gl_batch_audit (struct gl_batch_guest *const *guests, size_t n,
                const char *const *targets, const bool *skip,
                const bool *allow, const struct gl_batch_audit_opts *opts,
                struct gl_batch_verdict *out)
{
  /* One image object per disk of every audited guest; first[i] is the
   * index of guest i's first disk. */
  CLEANUP_FREE size_t *first = calloc (n + 1, sizeof *first);
  CLEANUP_FREE struct gl_image **imgs = NULL;
  CLEANUP_FREE struct gl_image **singles = NULL;
  size_t nimg = 0, nsingle = 0, nstrict = 0;
  int rc = -1;
  if (!first)
    return -1;
  for (size_t i = 0; i < n; ++i)
    if (!skip || !skip[i])
      nimg += guests[i]->disks.len;
  imgs = calloc (nimg + 1, sizeof *imgs);
  singles = calloc (nimg + 1, sizeof *singles);
  if (!imgs || !singles)
    return -1;
  size_t at = 0;
  for (size_t i = 0; i < n; ++i) {
    first[i] = at;
    if (skip && skip[i])
      continue;
    for (size_t d = 0; d < guests[i]->disks.len; ++d)
      if (!(imgs[at++] = gl_image_new (guests[i]->disks.ptr[d])))
        goto out;
    if (guests[i]->disks.len == 1 && !(allow && allow[i]))
      singles[nsingle++] = imgs[first[i]];
  }
  first[n] = at;
  /* The single-disk guests allowed backing files come last: they are
   * inspected apart, with the opt-in. */
  nstrict = nsingle;
  for (size_t i = 0; i < n; ++i)
    if ((!skip || !skip[i]) && guests[i]->disks.len == 1 && allow && allow[i])
      singles[nsingle++] = imgs[first[i]];

  struct gl_many_opts many = { .use_cache = true, .jobs = opts ? opts->jobs : 0 };
  if (opts) {
    many.inspect.progress = opts->progress;
    many.inspect.progress_opaque = opts->progress_opaque;
    many.inspect.note = opts->note;
    many.inspect.appliance_only = opts->appliance_only;
  }
  /* Single-disk guests share appliances; a guest of several disks is
   * inspected as one guest (its disks in one appliance). */
  if (nstrict && gl_inspect_many (singles, nstrict, &many) == -1)
    goto out;
  if (nsingle > nstrict) {
    struct gl_many_opts allowed = many;
    allowed.inspect.allow_backing = true;
    if (gl_inspect_many (singles + nstrict, nsingle - nstrict, &allowed) == -1)
      goto out;
  }
  for (size_t i = 0; i < n; ++i) {
    if ((skip && skip[i]) || guests[i]->disks.len < 2)
      continue;
    struct gl_many_opts one = many;
    one.inspect.one_guest = true;
    one.inspect.allow_backing = allow && allow[i];
    one.jobs = 1;
    if (gl_inspect_many (imgs + first[i], guests[i]->disks.len, &one) == -1)
      goto out;
  }
  gl_debug ("batch: audited %zu disk(s)", nimg);

  for (size_t i = 0; i < n; ++i) {
    if (skip && skip[i])
      continue;
    if (judge (imgs + first[i], guests[i]->disks.len, targets[i], &out[i]) == -1)
      goto out;
  }
  rc = 0;
 out:
  for (size_t i = 0; i < nimg; ++i)
    gl_image_free (imgs[i]);
  return rc;
}
