/* guestlift launch: the --hypervisor names and what each one means for
 * the guest (the conversion target whose device names it sees). */
#include <config.h>

#include <errno.h>
#include <string.h>

#include "launch.h"

static const struct {
  const char *name;
  enum gl_hypervisor hv;
  enum gl_target target;
} table[] = {
  { "auto",    GL_HV_AUTO,    GL_TARGET_KVM },
  { "kvm",     GL_HV_KVM,     GL_TARGET_KVM },
  { "qemu",    GL_HV_QEMU,    GL_TARGET_KVM },
  { "xen-hvm", GL_HV_XEN_HVM, GL_TARGET_XEN_HVM },
  { "xen-pv",  GL_HV_XEN_PV,  GL_TARGET_XEN_PV },
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

enum gl_target
gl_hypervisor_target (enum gl_hypervisor hv)
{
  for (size_t i = 0; i < N; ++i)
    if (table[i].hv == hv)
      return table[i].target;
  return GL_TARGET_KVM;
}
