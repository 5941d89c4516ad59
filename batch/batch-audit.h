/* guestlift batch: the audit before any conversion -- ONE in-process
 * inspection of every guest's disks (through the result cache, so that the
 * convert and launch children find their answers there), and from it each
 * guest's verdict: can it go to its target at all, and which kernel will
 * convert choose?
 */
#ifndef GUESTLIFT_CONVERT_BATCH_AUDIT_H
#define GUESTLIFT_CONVERT_BATCH_AUDIT_H

#include <stdbool.h>
#include <stddef.h>

#include "batch-manifest.h"
#include "note.h"
#include "vector.h"

struct gl_batch_verdict {
  const char *verdict;    /* "bootable" | "blocked" | "unknown" | "error"
                             (static; the audit verdict for KVM) */
  /* Not to be converted: every kernel is Xen PV-only and the target is
   * kvm or xen-hvm.  The reasons are in blockers. */
  bool blocked;
  char *kernel;           /* the kernel convert will choose, or NULL */
  string_vector blockers; /* the inspection's KVM blockers */
  char *error;            /* the inspection failed: why (one line), or NULL */
};

struct gl_batch_audit_opts {
  unsigned jobs;          /* appliances in parallel; 0 = default */
  bool appliance_only;    /* --appliance: never the host-side reader */
  void (*progress) (void *opaque, size_t done, size_t total, const char *current);
  void *progress_opaque;
  struct gl_note_sink note; /* notes for the user (TCG chosen...) */
};

/* Inspect the guests[i] for which skip is NULL or skip[i] is false, and
 * fill out[i] (zeroed by the caller) for each; targets[i] is the guest's
 * effective target ("kvm", "xen-hvm", "xen-pv"); allow[i] (allow may be
 * NULL: none) lets its disks' backing files be followed.  Several-disk guests are
 * inspected as one guest each; single-disk guests share appliances.
 * 0, or -1 when out of memory. */
int gl_batch_audit (struct gl_batch_guest *const *guests, size_t n,
                    const char *const *targets, const bool *skip,
                    const bool *allow,
                    const struct gl_batch_audit_opts *opts,
                    struct gl_batch_verdict *out);

void gl_batch_verdict_free (struct gl_batch_verdict *v);

#endif
