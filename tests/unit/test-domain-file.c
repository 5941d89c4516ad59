/* Unit tests for launch/domain-file.c: what launch boots from a
 * DOMAIN.xml (kernel or BIOS, disks in order, memory, refusals). */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain-file.h"
#include "error.h"
#include "tap.h"

static int
parse (const char *xml, struct gl_domain_boot *b, char **err)
{
  struct gl_err e = GL_ERR_INIT;
  int r = gl_domain_boot_parse (xml, strlen (xml), b, &e);
  *err = e.msg ? strdup (e.msg) : NULL;
  gl_err_clear (&e);
  return r;
}

#define DISK(file, fmt, bus, extra) \
  "<disk type='file' device='disk'><driver name='qemu' type='" fmt "'/>" \
  "<source file='" file "'/><target dev='x' bus='" bus "'/>" extra "</disk>"

int
main (void)
{
  gl_set_quiet (true);
  struct gl_domain_boot b;
  char *err;

  /* What convert writes for a guest without boot code. */
  const char *direct =
    "<domain type='kvm'><name>web01</name><memory unit='KiB'>1048577</memory>"
    "<vcpu placement='static'>2</vcpu><os><type arch='x86_64' machine='pc'>hvm</type>"
    "<kernel>/o/web01-vmlinuz</kernel><initrd>/o/web01-initrd</initrd>"
    "<cmdline>root=/dev/vda ro console=ttyS0</cmdline></os><devices>"
    DISK ("/o/web01-sda.qcow2", "qcow2", "virtio", "<backingStore/>")
    DISK ("/o/web01-sdb.qcow2", "qcow2", "virtio", "") "</devices></domain>";
  is_int (parse (direct, &b, &err), 0, "direct kernel boot: read (%s)", err ? err : "");
  is_str (b.name, "web01", "its name");
  ok (!b.tcg, "type kvm: not TCG-only");
  is_int ((int) b.memory_mib, 1025, "memory in KiB, rounded up to MiB");
  is_int ((int) b.vcpus, 2, "vcpus");
  is_str (b.machine, "pc", "machine");
  is_str (b.kernel, "/o/web01-vmlinuz", "kernel");
  is_str (b.initrd, "/o/web01-initrd", "initrd");
  is_str (b.cmdline, "root=/dev/vda ro console=ttyS0", "cmdline");
  is_int ((int) b.n_disks, 2, "two disks");
  is_str (b.disks[1].path, "/o/web01-sdb.qcow2", "in the XML's order");
  is_str (b.disks[0].format, "qcow2", "with their format");
  ok (!b.disks[0].boot && !b.disks[1].boot, "no boot disk with a kernel");
  gl_domain_boot_free (&b);
  free (err);

  /* BIOS: <boot dev='hd'/>, or a disk's <boot order>. */
  const char *bios =
    "<domain type='qemu'><name>b</name><memory unit='GiB'>1</memory>"
    "<os><type>hvm</type><boot dev='hd'/></os><devices>"
    DISK ("/o/a.raw", "raw", "virtio", "") DISK ("/o/b.raw", "raw", "ide", "<readonly/>")
    "</devices></domain>";
  is_int (parse (bios, &b, &err), 0, "BIOS boot: read (%s)", err ? err : "");
  ok (b.tcg, "type qemu: TCG");
  ok (b.kernel == NULL, "no kernel");
  ok (b.disks[0].boot && !b.disks[1].boot, "<boot dev='hd'/>: the first disk boots");
  is_str (b.disks[1].bus, "ide", "the bus");
  ok (b.disks[1].readonly, "<readonly/>");
  is_int ((int) b.memory_mib, 1024, "1 GiB");
  is_int ((int) b.vcpus, 1, "no <vcpu>: 1");
  gl_domain_boot_free (&b);
  free (err);
  const char *order =
    "<domain type='kvm'><name>b</name><memory>524288</memory><os><type>hvm</type></os><devices>"
    DISK ("/o/a.raw", "raw", "virtio", "<boot order='2'/>")
    DISK ("/o/b.raw", "raw", "virtio", "<boot order='1'/>") "</devices></domain>";
  is_int (parse (order, &b, &err), 0, "boot order: read (%s)", err ? err : "");
  ok (!b.disks[0].boot && b.disks[1].boot, "<boot order='1'/> on the second disk: it boots");
  is_int ((int) b.memory_mib, 512, "memory without a unit is KiB");
  gl_domain_boot_free (&b);
  free (err);

  /* Refused, with the reason. */
  static const struct { const char *xml, *why, *name; } bad[] = {
    { "<domain type='xen'><name>x</name><memory>1048576</memory><os><type>linux</type></os></domain>",
      "kvm and qemu", "a Xen domain" },
    { "<domain type='kvm'><memory>1048576</memory><os><type>hvm</type><boot dev='network'/></os>"
      "<devices>" DISK ("/a", "raw", "virtio", "") "</devices></domain>",
      "dev='network'", "network boot" },
    { "<domain type='kvm'><memory>1048576</memory><os><type>hvm</type></os><devices>"
      DISK ("/a", "raw", "scsi", "") "</devices></domain>", "scsi bus", "a scsi disk" },
    { "<domain type='kvm'><memory>1048576</memory><os><type>hvm</type></os></domain>",
      "no disk", "nothing to boot" },
    { "<domain type='kvm'><memory unit='parsecs'>1</memory><os><type>hvm</type></os></domain>",
      "<memory>", "a unit libvirt does not know" },
    { "<domain type='kvm'><memory>1048576</memory><os><type>hvm</type><loader>/x.fd</loader>"
      "<kernel>/k</kernel></os></domain>", "firmware", "a firmware loader" },
    { "<domain", "well-formed", "not XML" },
    { "<network/>", "<domain>", "not a domain" },
  };
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; ++i) {
    int r = parse (bad[i].xml, &b, &err);
    ok (r == -1 && err && strstr (err, bad[i].why), "refused: %s (%s)", bad[i].name,
        err ? err : "no error");
    free (err);
  }
  return tap_done ();
}
