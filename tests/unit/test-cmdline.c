/* Unit tests for launch/cmdline.c: the direct-boot kernel command line. */
#include <config.h>

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cmdline.h"
#include "launch.h"
#include "tap.h"

static char *
build (const char *t, const char *uuid, const char *label, const char *dev,
       const char *append, const char *replace)
{
  struct gl_cmdline_opts o = {
    .target = gl_target_parse (t), .root_uuid = uuid, .root_label = label, .root_device = dev,
    .append = append, .replace = replace,
  };
  struct gl_err err = GL_ERR_INIT;
  char *s = gl_cmdline_build (&o, &err);
  if (!s) {
    /* Return the error, marked, so that tests can compare it. */
    char *m = malloc (strlen (err.msg) + 7);
    strcpy (m, "ERROR ");
    strcat (m, err.msg);
    gl_err_clear (&err);
    return m;
  }
  return s;
}

#define IS(got, exp, msg) do { char *got_s = (got); is_str (got_s, exp, "%s", msg); free (got_s); } while (0)

static void
root_device_case (const char *t, const char *in, const char *exp)
{
  char *s = gl_cmdline_root_device (gl_target_parse (t), in);
  is_str (s, exp, "root device %s on %s", in, t);
  free (s);
}

int
main (void)
{
  const char *U = "b0073e1a-6c2d-4f3e-9a1b-2c3d4e5f6a70";

  /* The UUID wins; console per target. */
  IS (build ("kvm", U, "root", "/dev/sda1", NULL, NULL),
      "root=UUID=b0073e1a-6c2d-4f3e-9a1b-2c3d4e5f6a70 ro console=ttyS0",
      "kvm: UUID, ro, ttyS0");
  IS (build ("xen-pv", U, NULL, "/dev/sda1", NULL, NULL),
      "root=UUID=b0073e1a-6c2d-4f3e-9a1b-2c3d4e5f6a70 ro console=hvc0",
      "xen-pv: console hvc0");
  IS (build ("kvm", "ABCD-1234", NULL, NULL, NULL, NULL),
      "root=UUID=ABCD-1234 ro console=ttyS0", "vfat-style UUID");
  /* A root on a btrfs subvolume: rootflags=subvol= (the kernel would
   * mount the default subvolume). */
  IS (build ("kvm", U, NULL, "btrfsvol:/dev/sda1/@", NULL, NULL),
      "root=UUID=b0073e1a-6c2d-4f3e-9a1b-2c3d4e5f6a70 ro console=ttyS0 rootflags=subvol=@",
      "btrfs subvolume root: rootflags=subvol=@");
  IS (build ("kvm", U, NULL, "btrfsvol:/dev/sda2/root/sub vol", NULL, NULL),
      "root=UUID=b0073e1a-6c2d-4f3e-9a1b-2c3d4e5f6a70 ro console=ttyS0",
      "a subvolume with a blank cannot go on the command line: none");
  IS (build ("kvm", U, NULL, "btrfsvol:/dev/sda1/", NULL, NULL),
      "root=UUID=b0073e1a-6c2d-4f3e-9a1b-2c3d4e5f6a70 ro console=ttyS0",
      "btrfsvol with no subvolume: none");
  /* Then the label. */
  IS (build ("kvm", NULL, "/", "/dev/sda1", NULL, NULL),
      "root=LABEL=/ ro console=ttyS0", "label");
  /* A UUID or label that is not plain is not used. */
  IS (build ("kvm", "zz zz", "my root", "/dev/sda1", NULL, NULL),
      "root=/dev/vda1 ro console=ttyS0", "odd UUID and label: device");
  IS (build ("kvm", "", "", "/dev/sda1", NULL, NULL),
      "root=/dev/vda1 ro console=ttyS0", "empty UUID and label: device");
  IS (build ("kvm", NULL, "a\"b", "/dev/sda1", NULL, NULL),
      "root=/dev/vda1 ro console=ttyS0", "quoted label: device");
  /* Device on the target bus. */
  IS (build ("xen-pv", NULL, NULL, "/dev/sda1", NULL, NULL),
      "root=/dev/xvda1 ro console=hvc0", "xen-pv: xvda1");
  IS (build ("xen-hvm", NULL, NULL, "/dev/sdb2", NULL, NULL),
      "root=/dev/hdb2 ro console=ttyS0", "xen-hvm: hdb2");
  IS (build ("kvm", NULL, NULL, "/dev/VolGroup00/LogVol00", NULL, NULL),
      "root=/dev/VolGroup00/LogVol00 ro console=ttyS0", "LVM root kept");
  IS (build ("kvm", NULL, NULL, NULL, NULL, NULL),
      "ERROR cannot name the root filesystem on the kernel command line (no UUID, no label, device unknown): use --cmdline",
      "no way to name the root");
  IS (build ("kvm", NULL, NULL, "sda1", NULL, NULL),
      "ERROR cannot name the root filesystem on the kernel command line (no UUID, no label, device sda1): use --cmdline",
      "not a /dev path");
  /* --append, --cmdline. */
  IS (build ("kvm", U, NULL, NULL, "quiet init=/bin/sh", NULL),
      "root=UUID=b0073e1a-6c2d-4f3e-9a1b-2c3d4e5f6a70 ro console=ttyS0 quiet init=/bin/sh",
      "--append is added");
  IS (build ("kvm", U, NULL, NULL, "", NULL),
      "root=UUID=b0073e1a-6c2d-4f3e-9a1b-2c3d4e5f6a70 ro console=ttyS0",
      "empty --append adds nothing");
  IS (build ("kvm", U, NULL, NULL, NULL, "root=/dev/sdz9 single"),
      "root=/dev/sdz9 single", "--cmdline replaces everything");
  IS (build ("kvm", NULL, NULL, NULL, NULL, ""),
      "", "--cmdline '' is an empty command line");
  IS (build ("kvm", U, NULL, NULL, "a\nb", NULL),
      "ERROR --append contains a control character", "newline in --append");
  IS (build ("kvm", U, NULL, NULL, NULL, "a\033b"),
      "ERROR --cmdline contains a control character", "escape in --cmdline");

  /* Length bound. */
  char *big = malloc (GL_CMDLINE_MAX + 2);
  memset (big, 'x', GL_CMDLINE_MAX + 1);
  big[GL_CMDLINE_MAX + 1] = '\0';
  struct gl_cmdline_opts o = { .target = gl_target_parse ("kvm"), .replace = big };
  struct gl_err err = GL_ERR_INIT;
  char *s = gl_cmdline_build (&o, &err);
  ok (s == NULL && err.errnum == EFBIG && err.msg,
      "a command line over %d bytes is refused (EFBIG)", GL_CMDLINE_MAX);
  free (s); gl_err_clear (&err);
  big[GL_CMDLINE_MAX] = '\0';
  s = gl_cmdline_build (&o, &err);
  ok (s && strlen (s) == GL_CMDLINE_MAX, "exactly %d bytes is fine", GL_CMDLINE_MAX);
  free (s); gl_err_clear (&err); free (big);

  /* Device mapping. */
  root_device_case ("kvm", "/dev/sda", "/dev/vda");
  root_device_case ("kvm", "/dev/sdc3", "/dev/vdc3");
  root_device_case ("kvm", "/dev/sdaa1", "/dev/vdaa1");
  root_device_case ("kvm", "/dev/xvda1", "/dev/vda1");
  root_device_case ("xen-pv", "/dev/vdb", "/dev/xvdb");
  root_device_case ("xen-hvm", "/dev/sda1", "/dev/hda1");
  root_device_case ("kvm", "/dev/md0", "/dev/md0");
  root_device_case ("kvm", "/dev/mapper/vg-root", "/dev/mapper/vg-root");
  root_device_case ("kvm", "/dev/sda1x", "/dev/sda1x");
  root_device_case ("kvm", "/dev/sdA1", "/dev/sdA1");
  root_device_case ("kvm", "/dev/sda0", "/dev/sda0");
  errno = 0;
  s = gl_cmdline_root_device (gl_target_parse ("xen-hvm"), "/dev/sde1");
  ok (s == NULL && errno == ERANGE, "xen-hvm has 4 IDE disks: sde is out of range");
  free (s);
  errno = 0;
  s = gl_cmdline_root_device (gl_target_parse ("kvm"), "/dev/");
  ok (s == NULL && errno == EINVAL, "bare /dev/ is refused");
  free (s);
  s = gl_cmdline_root_device (gl_target_parse ("kvm"), NULL);
  ok (s == NULL && errno == EINVAL, "NULL is refused");

  /* The guest's own entry: kept, the target's console added. */
  static const struct { const char *t; const char *entry, *append, *want, *name; } fe[] = {
    { "kvm", "root=/dev/xvda2 ro", NULL, "root=/dev/xvda2 ro console=ttyS0",
      "entry kept, console=ttyS0 added" },
    { "kvm", "root=/dev/xvda1 ro console=hvc0", "root=/dev/vda1",
      "root=/dev/xvda1 ro console=hvc0 console=ttyS0 root=/dev/vda1",
      "a Xen console: ttyS0 added after it, --append last" },
    { "kvm", " root=UUID=1-2 console=ttyS0,115200n8 quiet ", NULL,
      "root=UUID=1-2 console=ttyS0,115200n8 quiet", "ttyS0 with options already: nothing added" },
    { "kvm", "console=ttyS0 console=tty0 root=/dev/vda1", NULL,
      "console=ttyS0 console=tty0 root=/dev/vda1 console=ttyS0",
      "ttyS0 not the last console: added again (the last is /dev/console)" },
    { "xen-pv", "root=/dev/xvda1 ro console=hvc0", NULL,
      "root=/dev/xvda1 ro console=hvc0", "xen-pv: hvc0 already last" },
    { "kvm", "", NULL, "console=ttyS0", "an empty entry: the console only" },
  };
  for (size_t i = 0; i < sizeof fe / sizeof fe[0]; ++i) {
    s = gl_cmdline_from_entry (gl_target_parse (fe[i].t), fe[i].entry, fe[i].append, &err);
    is_str (s, fe[i].want, "from the entry: %s", fe[i].name);
    free (s); gl_err_clear (&err);
  }
  s = gl_cmdline_from_entry (gl_target_parse ("kvm"), "root=/dev/vda1\x1b[2J", NULL, &err);
  ok (s == NULL && err.msg && strstr (err.msg, "control character"),
      "from the entry: a control byte is refused");
  free (s); gl_err_clear (&err);

  /* Each --hypervisor's guest sees a row of the profile table, by name. */
  static const struct { enum gl_hypervisor hv; const char *target; } hvs[] = {
    { GL_HV_AUTO, "kvm" }, { GL_HV_KVM, "kvm" }, { GL_HV_QEMU, "kvm" },
    { GL_HV_XEN_HVM, "xen-hvm" }, { GL_HV_XEN_PV, "xen-pv" },
  };
  for (size_t i = 0; i < sizeof hvs / sizeof hvs[0]; ++i)
    ok (gl_hypervisor_target (hvs[i].hv) != NULL &&
        gl_hypervisor_target (hvs[i].hv) == gl_target_parse (hvs[i].target),
        "--hypervisor %s: the %s profile", gl_hypervisor_name (hvs[i].hv),
        hvs[i].target);

  return tap_done ();
}
