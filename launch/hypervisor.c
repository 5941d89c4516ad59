/* guestlift launch: the --hypervisor names and what each one means for
 * the guest (the conversion target whose device names it sees). */
#include <config.h>

#include <errno.h>
#include <string.h>

#include "launch.h"

static const struct {
  const char *name;
  enum gl_hypervisor hv;
  const char *target;            /* a profile's name (target.h) */
} table[] = {
  { "auto",    GL_HV_AUTO,    "kvm" },
  { "kvm",     GL_HV_KVM,     "kvm" },
  { "qemu",    GL_HV_QEMU,    "kvm" },
  { "xen-hvm", GL_HV_XEN_HVM, "xen-hvm" },
  { "xen-pv",  GL_HV_XEN_PV,  "xen-pv" },
};
#define N (sizeof table / sizeof table[0])

int
gl_hypervisor_parse (const char *s, enum gl_hypervisor *hv)
{
  for (size_t i = 0; i < N; ++i)
    if (strcmp (s, table[i].name) == 0) {
      *hv = table[i].hv;
      return 0;
    }
  errno = EINVAL;
  return -1;
}

const char *
gl_hypervisor_name (enum gl_hypervisor hv)
{
  for (size_t i = 0; i < N; ++i)
    if (table[i].hv == hv)
      return table[i].name;
  return "?";
}

const struct gl_target_profile *
gl_hypervisor_target (enum gl_hypervisor hv)
{
  for (size_t i = 0; i < N; ++i)
    if (table[i].hv == hv)
      return gl_target_parse (table[i].target);
  return gl_target_parse ("kvm");
}
