/* guestlift batch: the audit before any conversion -- ONE in-process
 * inspection of every guest's disks (through the result cache, so that the
 * convert and launch children find their answers there), and from it each
 * guest's verdict (batch-scheduler.h: plain data the scheduler takes):
 * can it go to its target at all, and which kernel will convert choose?
 * Here in cli/ because it uses the inspect engine and convert's plan,
 * which batch/ may not.
 */
#ifndef GUESTLIFT_CLI_BATCH_AUDIT_H
#define GUESTLIFT_CLI_BATCH_AUDIT_H

#include <stdbool.h>
#include <stddef.h>

#include "batch-manifest.h"
#include "batch-scheduler.h"
#include "note.h"

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

#endif
