/* Unit tests for inspect/verdict.c on kernels with no config: a config
 * that a bound kept from being read is said to be too large (the file and
 * the bound), never "no config found". */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "guest.h"
#include "report.h"
#include "tap.h"

static struct gl_os *
os_with_kernel (const char *version, const char *unread)
{
  struct gl_os *os = gl_os_new ();
  struct gl_kernel *k = gl_kernel_new ();
  os->type = strdup ("linux");
  k->version = strdup (version);
  k->vmlinuz = gl_printf ("/boot/vmlinuz-%s", version);
  k->xen_pv_only = GL_NULL;
  k->config_unread = unread ? strdup (unread) : NULL;
  gl_kernel_vector_append (&os->kernels, k);
  return os;
}

static const char *
warning_with (const struct gl_os *os, const char *text)
{
  for (size_t i = 0; i < os->kvm.warnings.len; ++i)
    if (strstr (os->kvm.warnings.ptr[i], text))
      return os->kvm.warnings.ptr[i];
  return NULL;
}

int
main (void)
{
  struct gl_os *os = os_with_kernel ("6.1.0", NULL);
  gl_kvm_verdict (os);
  ok (warning_with (os, "kernel 6.1.0: no config found (no config file, no IKCONFIG)") != NULL,
      "no config anywhere: \"no config found\"");
  ok (!os->kvm.bootable && os->kvm.blockers.len == 0, "unknown: not bootable, no blocker");
  gl_os_free (os);

  static const char big[] =
    "/boot/config-6.1.0: too large (2 GiB; the bound is 16 MiB): not read";
  os = os_with_kernel ("6.1.0", big);
  gl_kvm_verdict (os);
  const char *w = warning_with (os, "kernel 6.1.0: ");
  ok (w && strstr (w, big), "a config too large: the warning names it and the bound");
  ok (w && strstr (w, "cannot tell whether it is Xen PV-only"), "and says what is unknown");
  ok (!warning_with (os, "no config found") && !warning_with (os, "no config file"),
      "and never says there is no config");
  ok (os->kvm.blockers.len == 0, "still no blocker: unknown is not PV-only");
  gl_os_free (os);
  return tap_done ();
}
