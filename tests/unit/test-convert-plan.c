/* Unit tests for convert/plan.c's pure parts: the kernel choice (and its
 * refusals) and the default direct-boot command line. */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cleanup.h"
#include "err.h"
#include "plan.h"
#include "report.h"
#include "tap.h"

static struct gl_kernel *
kernel (struct gl_os *os, const char *v, gl_tristate pv, bool dflt)
{
  struct gl_kernel *k = gl_kernel_new ();
  k->version = strdup (v);
  k->xen_pv_only = pv;
  k->is_default = dflt;
  gl_kernel_vector_append (&os->kernels, k);
  return k;
}

int
main (void)
{
  const struct gl_target_profile *kvm = gl_target_parse ("kvm");
  const struct gl_target_profile *pv = gl_target_parse ("xen-pv");
  const struct gl_target_profile *hvm = gl_target_parse ("xen-hvm");
  const struct gl_kernel *k;
  CLEANUP_ERR struct gl_err err = GL_ERR_INIT;

  /* RHEL 5 mixed: el5xen default (PV-only), el5 recommended. */
  struct gl_os *os = gl_os_new ();
  struct gl_kernel *xen = kernel (os, "2.6.18-398.el5xen", GL_TRUE, true);
  struct gl_kernel *el5 = kernel (os, "2.6.18-398.el5", GL_FALSE, false);
  os->kvm.recommended_kernel = strdup ("2.6.18-398.el5");
  ok (gl_plan_choose_kernel (os, kvm, NULL, &k, &err) == 0 && k == el5,
      "kvm: the recommended kernel");
  ok (gl_plan_choose_kernel (os, pv, NULL, &k, &err) == 0 && k == xen,
      "xen-pv: the default kernel, PV-only is fine");
  ok (gl_plan_choose_kernel (os, pv, "2.6.18-398.el5", &k, &err) == 0 && k == el5,
      "xen-pv: --kernel wins");
  ok (gl_plan_choose_kernel (os, kvm, "2.6.18-398.el5xen", &k, &err) == -1 &&
      err.msg && strstr (err.msg, "PV-only") && strstr (err.msg, "--to xen-pv"),
      "kvm: --kernel naming a PV-only kernel is refused");
  gl_err_clear (&err);
  ok (gl_plan_choose_kernel (os, hvm, "9.9", &k, &err) == -1 && err.msg &&
      strstr (err.msg, "available: 2.6.18-398.el5xen, 2.6.18-398.el5"),
      "--kernel unknown: names the available kernels");
  gl_err_clear (&err);
  gl_os_free (os);

  /* RHEL 5 PV-only: refused on kvm, with what to do. */
  os = gl_os_new ();
  kernel (os, "2.6.18-398.el5xen", GL_TRUE, true);
  ok (gl_plan_choose_kernel (os, kvm, NULL, &k, &err) == -1 && k == NULL,
      "PV-only guest -> kvm: refused");
  ok (err.msg && strstr (err.msg, "(2.6.18-398.el5xen)") && strstr (err.msg, "install a non-Xen kernel") &&
      !strchr (err.msg, '\n'), "refusal names the kernel and what to do, one line");
  gl_err_clear (&err);
  gl_os_free (os);

  /* No kernels at all. */
  os = gl_os_new ();
  ok (gl_plan_choose_kernel (os, pv, NULL, &k, &err) == -1 && err.msg, "no kernel: refused");
  gl_err_clear (&err);

  /* Default command lines. */
  os->root = strdup ("/dev/sda2");
  CLEANUP_FREE char *c1 = gl_plan_default_cmdline (os, kvm);
  is_str (c1, "root=/dev/vda2 ro console=ttyS0", "kvm: /dev/sda2 -> /dev/vda2");
  CLEANUP_FREE char *c2 = gl_plan_default_cmdline (os, pv);
  ok (c2 && strncmp (c2, "root=/dev/xvda2 ro console=", 27) == 0, "xen-pv: /dev/xvda2");
  free (os->root);
  os->root = strdup ("/dev/sdab1");
  CLEANUP_FREE char *c3 = gl_plan_default_cmdline (os, kvm);
  is_str (c3, "root=/dev/vdab1 ro console=ttyS0", "disk 28 keeps its letters");
  free (os->root);
  os->root = strdup ("/dev/VolGroup00/LogVol00");
  CLEANUP_FREE char *c4 = gl_plan_default_cmdline (os, kvm);
  is_str (c4, "root=/dev/VolGroup00/LogVol00 ro console=ttyS0", "LV names stay");
  gl_os_free (os);

  /* What a bound kept from being rewritten is printed by --dry-run, its
   * guest text made safe for a terminal. */
  struct gl_kernel *pk = gl_kernel_new ();
  pk->version = strdup ("6.1.0-18-amd64");
  struct gl_plan plan = { .target = kvm, .kernel = pk };
  string_vector_append (&plan.warnings, strdup ("/boot/grub/grub.cfg: too large"));
  string_vector_append (&plan.warnings, strdup ("/etc/modprobe.d/\x1b[2J.conf: x"));
  char *text = NULL;
  size_t tlen = 0;
  FILE *fp = open_memstream (&text, &tlen);
  ok (fp && gl_plan_print (&plan, fp) == 0 && fclose (fp) == 0, "a plan with warnings prints");
  ok (text && strstr (text, "\nWarning: /boot/grub/grub.cfg: too large\n"),
      "--dry-run: each bound's warning is printed");
  ok (text && strstr (text, "Warning: /etc/modprobe.d/\\x1b[2J.conf: x\n") &&
      !strchr (text, '\x1b'), "--dry-run: a warning's guest text is escaped");
  free (text);
  gl_plan_free (&plan);
  ok (plan.warnings.len == 0 && plan.warnings.ptr == NULL, "gl_plan_free frees the warnings");
  gl_kernel_free (pk);

  return tap_done ();
}
