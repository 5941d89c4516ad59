/* Test driver for common/domain/domain-xml.c: writes one domain XML per target
 * variant into DIR (tests/unit/test-domain-xml.sh validates them with
 * virt-xml-validate and checks elements with xmllint), or with "invalid"
 * checks that bad specs are refused with EINVAL and nothing written.
 *
 *   domain-xml-sample DIR
 *   domain-xml-sample invalid
 */
#include <config.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain-xml.h"

#define NAME "guest <&'\"> 1"

static const struct gl_domain_disk kvm_disks[] = {
  { .path = "/var/lib/guestlift/<a&b>.qcow2", .format = "qcow2" },
  { .path = "/dev/vg/data", .format = "raw", .block = true },
  { .path = NULL, .cdrom = true, .target_dev = "sdc", .bus = "sata" },
};
/* Backing files: a --snapshot overlay (its base given, nothing more), an
 * image whose own chain the user allowed, an overlay of such a one. */
static const struct gl_domain_disk backing_disks[] = {
  { .path = "/tmp/overlay0.qcow2", .format = "qcow2",
    .backing = "/srv/base <0>.img", .backing_format = "raw" },
  { .path = "/srv/overlay.qcow2", .format = "qcow2", .backing_allowed = true },
  { .path = "/tmp/overlay2.qcow2", .format = "qcow2", .backing_allowed = true,
    .backing = "/srv/overlay.qcow2", .backing_format = "qcow2" },
};
static const struct gl_domain_nic nics[] = {
  { .mac = "00:16:3e:12:34:56", .bridge = "br0" },
  { .mac = NULL, .bridge = NULL },
  { .mac = "52:54:00:aa:bb:cc", .bridge = NULL, .network = "lan's",
    .model = "e1000" },
};

static int
write_one (const char *dir, const char *file, const struct gl_domain_spec *s)
{
  char path[4096];
  FILE *fp;

  snprintf (path, sizeof path, "%s/%s", dir, file);
  fp = fopen (path, "w");
  if (fp == NULL) {
    perror (path);
    return -1;
  }
  if (gl_domain_xml_write (s, fp) == -1) {
    fprintf (stderr, "%s: %s (%s)\n", path, strerror (errno),
             gl_domain_spec_invalid (s) ? gl_domain_spec_invalid (s) : "");
    fclose (fp);
    return -1;
  }
  return fclose (fp);
}

static int
samples (const char *dir)
{
  struct gl_domain_spec kvm = {
    .target = gl_target_parse ("kvm"), .name = NAME, .memory_mib = 1024, .vcpus = 2,
    .disks = kvm_disks, .n_disks = 3, .nics = nics, .n_nics = 3,
  };
  struct gl_domain_spec kvm_direct = kvm;
  struct gl_domain_spec hvm = {
    .target = gl_target_parse ("xen-hvm"), .name = NAME,
    .uuid = "3F2504E0-4F89-41D3-9A0C-0305E82C3301",
    .memory_mib = 512, .vcpus = 1, .arch = "i686",
    .disks = kvm_disks, .n_disks = 2, .nics = nics, .n_nics = 3,
    .graphics = GL_GRAPHICS_SPICE,
  };
  struct gl_domain_spec pv = {
    .target = gl_target_parse ("xen-pv"), .name = NAME, .memory_mib = 256,
    .disks = kvm_disks, .n_disks = 2, .nics = nics, .n_nics = 2,
    .bootloader_args = "-q --entry=<0>",
  };
  struct gl_domain_spec pv_direct = pv;
  struct gl_domain_spec kvm_log = kvm;
  struct gl_domain_spec kvm_backing = kvm;
  kvm_backing.disks = backing_disks;
  kvm_backing.n_disks = 3;

  kvm_direct.kernel = "/boot/vmlinuz-<1>";
  kvm_direct.initrd = "/boot/initrd&2";
  kvm_direct.cmdline = "root=/dev/vda1 console=ttyS0 x=\"'<>&'\"";
  kvm_direct.graphics = GL_GRAPHICS_NONE;
  kvm_direct.uuid = "0123456789abcdef0123456789abcdef";
  kvm_direct.on_reboot = "preserve";
  kvm_direct.on_crash = "coredump-restart";
  pv_direct.kernel = "/boot/vmlinuz-xen";
  pv_direct.cmdline = "root=/dev/xvda1 console=hvc0";
  pv_direct.graphics = GL_GRAPHICS_NONE;
  kvm_log.console_log = "/tmp/console <x>.log";
  kvm_log.n_disks = 1;
  kvm_log.n_nics = 0;

  if (write_one (dir, "kvm.xml", &kvm) == -1 ||
      write_one (dir, "kvm-direct.xml", &kvm_direct) == -1 ||
      write_one (dir, "kvm-log.xml", &kvm_log) == -1 ||
      write_one (dir, "kvm-backing.xml", &kvm_backing) == -1 ||
      write_one (dir, "xen-hvm.xml", &hvm) == -1 ||
      write_one (dir, "xen-pv.xml", &pv) == -1 ||
      write_one (dir, "xen-pv-direct.xml", &pv_direct) == -1)
    return 1;
  return 0;
}

/* Each spec must be refused with EINVAL, writing nothing. */
static int
invalid (void)
{
  static const struct gl_domain_disk no_path[] = { { .path = NULL } };
  static const struct gl_domain_disk bad_format[] = {
    { .path = "/x", .format = "aio" },
  };
  static const struct gl_domain_disk backing_no_format[] = {
    { .path = "/x", .format = "qcow2", .backing = "/y" },
  };
  static const struct gl_domain_disk backing_newline[] = {
    { .path = "/x", .format = "qcow2", .backing = "/y\n", .backing_format = "raw" },
  };
  static const struct gl_domain_disk five[5] = {
    { .path = "/a" }, { .path = "/b" }, { .path = "/c" }, { .path = "/d" },
    { .path = "/e" },
  };
  static const struct gl_domain_nic multicast[] = { { .mac = "01:00:5e:00:00:01" } };
  static const struct gl_domain_nic short_mac[] = { { .mac = "00:16:3e:00:00" } };
  const struct gl_domain_spec base = {
    .target = gl_target_parse ("kvm"), .name = "g", .memory_mib = 128,
  };
  struct gl_domain_spec specs[16];
  int failed = 0;
  size_t n = 0;

  for (size_t i = 0; i < sizeof specs / sizeof specs[0]; ++i)
    specs[i] = base;
  specs[n++].name = NULL;
  specs[n++].name = "";
  specs[n++].name = "a/b";
  specs[n++].name = "a\nb";
  specs[n++].memory_mib = 0;
  specs[n++].uuid = "not-a-uuid";
  specs[n].disks = no_path; specs[n++].n_disks = 1;
  specs[n].disks = bad_format; specs[n++].n_disks = 1;
  specs[n].disks = backing_no_format; specs[n++].n_disks = 1;
  specs[n].disks = backing_newline; specs[n++].n_disks = 1;
  specs[n].target = gl_target_parse ("xen-hvm"); specs[n].disks = five;
  specs[n++].n_disks = 5;
  specs[n].nics = multicast; specs[n++].n_nics = 1;
  specs[n].nics = short_mac; specs[n++].n_nics = 1;
  specs[n].target = gl_target_parse ("xen-pv"); specs[n++].graphics = GL_GRAPHICS_SPICE;
  specs[n++].arch = "armv7l";
  specs[n++].target = NULL;  /* no profile */

  for (size_t i = 0; i < n; ++i) {
    char *buf = NULL;
    size_t len = 0;
    FILE *fp = open_memstream (&buf, &len);
    int r;

    errno = 0;
    r = gl_domain_xml_write (&specs[i], fp);
    fclose (fp);
    if (r != -1 || errno != EINVAL || len != 0 ||
        gl_domain_spec_invalid (&specs[i]) == NULL) {
      fprintf (stderr, "invalid spec %zu was accepted\n", i);
      failed = 1;
    }
    else
      printf ("spec %zu refused: %s\n", i, gl_domain_spec_invalid (&specs[i]));
    free (buf);
  }
  if (gl_domain_spec_invalid (&base) != NULL) {
    fprintf (stderr, "the base spec was refused\n");
    failed = 1;
  }
  return failed;
}

int
main (int argc, char **argv)
{
  if (argc != 2) {
    fprintf (stderr, "usage: domain-xml-sample DIR | invalid\n");
    return 2;
  }
  if (strcmp (argv[1], "invalid") == 0)
    return invalid ();
  return samples (argv[1]);
}
