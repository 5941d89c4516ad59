/* guestlift: what the unit tests of convert's guest-file rewriters share
 * (header-only, TAP through tap.h): a rewrite context for each target,
 * with the device names convert gives them (gl_plan_device_map), and the
 * check that a rewriter leaves a text unchanged.
 *
 *   int main (void) {
 *     rewrite_test_init ();
 *     CHECK (gl_rewrite_device ("/dev/xvda1", &kvm), "/dev/vda1", "...");
 *     return rewrite_test_done ();
 *   }
 */
#ifndef GUESTLIFT_REWRITE_TEST_H
#define GUESTLIFT_REWRITE_TEST_H

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "devmap.h"
#include "plan.h"
#include "rewrite.h"
#include "tap.h"

static struct gl_rewrite_ctx kvm, hvm, pv;
static struct gl_devmap rewrite_kvm_map = GL_DEVMAP_INIT, rewrite_hvm_map = GL_DEVMAP_INIT;

/* A rewriter's "unchanged" answer: NULL with errno 0 (errno is set
 * first, so that a rewriter that leaves it alone fails). */
#define UNCHANGED(expr, ...) do {                                       \
    errno = 1234;                                                       \
    char *got_ = (expr);                                                \
    int e_ = errno;                                                     \
    ok (got_ == NULL && e_ == 0, __VA_ARGS__);                          \
    if (got_) printf ("#   got: %s\n", got_);                           \
    free (got_);                                                        \
  } while (0)

#define S(text) text, strlen (text)

static inline void
rewrite_test_init (void)
{
  kvm.target = gl_target_parse ("kvm");
  hvm.target = gl_target_parse ("xen-hvm");
  pv.target = gl_target_parse ("xen-pv");
  if (gl_plan_device_map (kvm.target, &rewrite_kvm_map) == -1 ||
      gl_plan_device_map (hvm.target, &rewrite_hvm_map) == -1)
    abort ();
  kvm.devices = &rewrite_kvm_map;
  hvm.devices = &rewrite_hvm_map;
}

/* The maps freed; the plan printed: main's exit status. */
static inline int
rewrite_test_done (void)
{
  gl_devmap_free (&rewrite_kvm_map);
  gl_devmap_free (&rewrite_hvm_map);
  return tap_done ();
}

#endif
