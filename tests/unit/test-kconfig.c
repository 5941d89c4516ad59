/* Unit tests for inspect/parsers/kconfig.c and inspect/parsers/kernel-classify.c: the
 * config reader, the PV-only verdict, virtio/IDE/arch classifiers. */
#include <config.h>

#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "cleanup.h"
#include "kconfig.h"
#include "tap.h"

/* RHEL 5 kernel-xen, x86_64 (config-2.6.18-398.el5xen, abridged). */
static const char rhel5_xen64[] =
  "#\n"
  "# Automatically generated make config: don't edit\n"
  "# Linux kernel version: 2.6.18-398.el5xen\n"
  "#\n"
  "CONFIG_X86_64=y\n"
  "CONFIG_64BIT=y\n"
  "CONFIG_X86=y\n"
  "CONFIG_X86_64_XEN=y\n"
  "CONFIG_X86_NO_TSS=y\n"
  "CONFIG_XEN=y\n"
  "CONFIG_XEN_INTERFACE_VERSION=0x00030205\n"
  "CONFIG_XEN_BLKDEV_FRONTEND=m\n"
  "CONFIG_XEN_NETDEV_FRONTEND=m\n"
  "CONFIG_LOCALVERSION=\"\"\n"
  "# CONFIG_IDE is not set\n"
  "CONFIG_SCSI_ATA_PIIX=m\n"
  "# CONFIG_VIRTIO_PCI is not set\n"
  "CONFIG_NR_CPUS=32\n";

/* RHEL 5 kernel-xen, i686 PAE (config-2.6.18-398.el5xen, abridged). */
static const char rhel5_xen32[] =
  "CONFIG_X86_32=y\n"
  "CONFIG_X86=y\n"
  "CONFIG_X86_XEN=y\n"
  "CONFIG_X86_PAE=y\n"
  "CONFIG_XEN=y\n"
  "CONFIG_BLK_DEV_PIIX=y\n";

/* Debian 12 amd64 (pvops), abridged. */
static const char debian_pvops[] =
  "CONFIG_X86_64=y\n"
  "CONFIG_X86=y\n"
  "CONFIG_HYPERVISOR_GUEST=y\n"
  "CONFIG_XEN=y\n"
  "CONFIG_XEN_PV=y\n"
  "CONFIG_XEN_PVHVM=y\n"
  "# CONFIG_X86_64_XEN is not set\n"
  "# CONFIG_X86_XEN is not set\n"
  "CONFIG_VIRTIO=y\n"
  "CONFIG_VIRTIO_PCI=y\n"
  "CONFIG_VIRTIO_BLK=m\n"
  "CONFIG_VIRTIO_NET=m\n"
  "CONFIG_SCSI_VIRTIO=m\n"
  "CONFIG_HW_RANDOM_VIRTIO=m\n"
  "CONFIG_VIRTIO_BALLOON=m\n"
  "CONFIG_VIRTIO_CONSOLE=m\n"
  "CONFIG_ATA_PIIX=m\n"
  "CONFIG_SATA_AHCI=m\n"
  "CONFIG_CMDLINE=\"console=ttyS0\"\n";

static struct gl_kconfig *
parse (const char *s)
{
  return gl_kconfig_parse (s, strlen (s));
}

static void
test_reader (void)
{
  struct gl_kconfig *c = parse (rhel5_xen64);
  ok (c != NULL, "a RHEL 5 config parses");
  is_str (gl_kconfig_get (c, "X86_64_XEN"), "y", "a =y symbol reads back as \"y\"");
  is_str (gl_kconfig_get (c, "XEN_BLKDEV_FRONTEND"), "m", "a =m symbol reads back as \"m\"");
  is_str (gl_kconfig_get (c, "LOCALVERSION"), "\"\"", "a string value keeps its quotes");
  is_str (gl_kconfig_get (c, "XEN_INTERFACE_VERSION"), "0x00030205", "a hex value reads back verbatim");
  is_str (gl_kconfig_get (c, "IDE"), NULL, "\"# CONFIG_IDE is not set\" leaves IDE unset");
  ok (!gl_kconfig_enabled (c, "IDE"), "an unset symbol is not enabled");
  ok (gl_kconfig_enabled (c, "SCSI_ATA_PIIX"), "a =m symbol is enabled");
  ok (!gl_kconfig_enabled (c, "NR_CPUS"), "a numeric symbol is not enabled");
  is_str (gl_kconfig_get (c, "CONFIG_X86_64"), NULL, "look-ups take the name without CONFIG_");
  is_int (gl_kconfig_count (c), 12, "count is the number of set symbols");
  gl_kconfig_free (c);

  c = parse ("CONFIG_A=y\r\nCONFIG_B=m\r\n# CONFIG_C is not set\r\nCONFIG_D=\"x y\"\r\n");
  is_str (gl_kconfig_get (c, "A"), "y", "CRLF input: the CR is not part of the value");
  is_str (gl_kconfig_get (c, "D"), "\"x y\"", "CRLF input: string value intact");
  is_str (gl_kconfig_get (c, "C"), NULL, "CRLF input: \"is not set\" still unsets");
  gl_kconfig_free (c);

  c = parse ("CONFIG_A=y\nCONFIG_LAST=m");
  is_str (gl_kconfig_get (c, "LAST"), "m", "the last line needs no newline");
  gl_kconfig_free (c);

  c = parse ("CONFIG_A=y\nCONFIG_A=m\nCONFIG_B=y\n# CONFIG_B is not set\n"
             "# CONFIG_C is not set\nCONFIG_C=y\n");
  is_str (gl_kconfig_get (c, "A"), "m", "a duplicate symbol: the last line wins");
  is_str (gl_kconfig_get (c, "B"), NULL, "a later \"is not set\" unsets an earlier =y");
  is_str (gl_kconfig_get (c, "C"), "y", "a later =y sets an earlier \"is not set\"");
  is_int (gl_kconfig_count (c), 2, "duplicates count once");
  gl_kconfig_free (c);

  c = parse ("garbage\nCONFIG_\nCONFIG_=y\nCONFIG_X\nCONFIG_Y=\n=y\n"
             "# CONFIG_Z is set\n  CONFIG_INDENTED=y\nCONFIG_OK=y\n");
  is_int (gl_kconfig_count (c), 2, "garbage lines are ignored");
  is_str (gl_kconfig_get (c, "OK"), "y", "a good line after garbage is read");
  is_str (gl_kconfig_get (c, "Z"), NULL, "\"# CONFIG_Z is set\" sets nothing");
  gl_kconfig_free (c);

  static const char with_nul[] = "CONFIG_A=y\nCONFIG_B=y\0CONFIG_C=y\n";
  c = gl_kconfig_parse (with_nul, sizeof with_nul - 1);
  ok (c && gl_kconfig_enabled (c, "B"), "text before a NUL byte is read");
  is_str (gl_kconfig_get (c, "C"), NULL, "a NUL byte ends the text");
  gl_kconfig_free (c);

  c = gl_kconfig_parse ("", 0);
  ok (c != NULL, "empty input gives a config, not NULL");
  is_int (gl_kconfig_count (c), 0, "empty input has no symbols");
  is_str (gl_kconfig_get (c, "X86"), NULL, "empty config: look-ups give NULL");
  gl_kconfig_free (c);

  c = gl_kconfig_parse (NULL, 0);
  is_int (gl_kconfig_count (c), 0, "NULL text of length 0 is an empty config");
  gl_kconfig_free (c);

  /* Oversize input is refused before it is read: the length alone
   * decides, so a small buffer stands in for a huge one. */
  errno = 0;
  c = gl_kconfig_parse ("CONFIG_A=y\n", (size_t) GL_KCONFIG_MAX_BYTES + 1);
  ok (c == NULL && errno == EFBIG, "input over GL_KCONFIG_MAX_BYTES is refused with EFBIG");

  size_t big = GL_KCONFIG_MAX_BYTES;
  CLEANUP_FREE char *buf = malloc (big);
  if (buf) {
    static const char line[] = "CONFIG_X86_64_XEN=y\n";
    memset (buf, ' ', big);
    memcpy (buf, line, sizeof line - 1);
    c = gl_kconfig_parse (buf, big);
    ok (c != NULL && gl_kconfig_count (c) == 1,
        "input of exactly GL_KCONFIG_MAX_BYTES is accepted");
    gl_kconfig_free (c);
  }

  is_str (gl_kconfig_get (NULL, "X86"), NULL, "gl_kconfig_get accepts a NULL config");
  is_int (gl_kconfig_count (NULL), 0, "gl_kconfig_count accepts a NULL config");
  gl_kconfig_free (NULL);
}

static void
test_pv_only (void)
{
  char *ev = (char *) "unchanged";
  struct gl_kconfig *c = parse (rhel5_xen64);
  is_int (gl_kconfig_pv_only (c, &ev), GL_TRUE, "RHEL 5 x86_64 kernel-xen is PV-only");
  is_str (ev, "CONFIG_X86_64_XEN=y", "its evidence is the CONFIG_X86_64_XEN=y line");
  free (ev);
  is_str (gl_kconfig_arch (c), "x86_64", "RHEL 5 x86_64 kernel-xen arch is x86_64");
  gl_kconfig_free (c);

  c = parse (rhel5_xen32);
  is_int (gl_kconfig_pv_only (c, &ev), GL_TRUE, "RHEL 5 i686 kernel-xen is PV-only");
  is_str (ev, "CONFIG_X86_XEN=y", "its evidence is the CONFIG_X86_XEN=y line");
  free (ev);
  is_str (gl_kconfig_arch (c), "i686", "CONFIG_X86_32=y gives i686");
  ok (gl_kconfig_has_ide (c), "BLK_DEV_PIIX=y counts as IDE");
  gl_kconfig_free (c);

  c = parse (debian_pvops);
  ev = (char *) "unchanged";
  is_int (gl_kconfig_pv_only (c, &ev), GL_FALSE,
          "a pvops kernel with CONFIG_XEN=y CONFIG_XEN_PV=y is not PV-only");
  is_str (ev, NULL, "no evidence when not PV-only");
  gl_kconfig_free (c);

  c = parse ("CONFIG_XEN=y\n");
  is_int (gl_kconfig_pv_only (c, &ev), GL_FALSE, "CONFIG_XEN=y alone is not PV-only");
  gl_kconfig_free (c);

  c = parse ("CONFIG_X86_64_XEN=y\n# CONFIG_X86_64_XEN is not set\n");
  is_int (gl_kconfig_pv_only (c, &ev), GL_FALSE,
          "a final \"# CONFIG_X86_64_XEN is not set\" is not PV-only");
  gl_kconfig_free (c);

  c = parse ("CONFIG_X86_64_XEN=m\nCONFIG_X86_XEN=\"y\"\n");
  is_int (gl_kconfig_pv_only (c, &ev), GL_FALSE, "only the value y counts as PV-only");
  gl_kconfig_free (c);

  c = parse ("CONFIG_X86_64_XEN=y\r\n");
  is_int (gl_kconfig_pv_only (c, NULL), GL_TRUE, "PV-only with CRLF and a NULL evidence pointer");
  gl_kconfig_free (c);

  ev = (char *) "unchanged";
  is_int (gl_kconfig_pv_only (NULL, &ev), GL_NULL, "a NULL config gives GL_NULL");
  is_str (ev, NULL, "a NULL config gives NULL evidence");
}

static void
test_virtio (void)
{
  struct gl_virtio v;
  bool builtin = true;
  struct gl_kconfig *c = parse (debian_pvops);
  gl_kconfig_virtio (c, &v, &builtin);
  ok (v.blk && v.net && v.scsi && v.rng && v.balloon && v.console,
      "Debian: all six virtio drivers as modules with VIRTIO_PCI=y");
  ok (!builtin, "VIRTIO_BLK=m is not built in");
  ok (gl_kconfig_has_ide (c), "ATA_PIIX=m counts as IDE");
  gl_kconfig_free (c);

  c = parse ("CONFIG_VIRTIO=y\nCONFIG_VIRTIO_BLK=y\nCONFIG_VIRTIO_NET=y\n"
             "CONFIG_VIRTIO_MMIO=y\n# CONFIG_VIRTIO_PCI is not set\n");
  memset (&v, 1, sizeof v);
  gl_kconfig_virtio (c, &v, &builtin);
  ok (!v.blk && !v.net, "virtio drivers without VIRTIO_PCI do not count");
  ok (!builtin, "VIRTIO_BLK=y without VIRTIO_PCI is not built in");
  gl_kconfig_free (c);

  c = parse ("CONFIG_VIRTIO_PCI=y\nCONFIG_VIRTIO_BLK=y\n");
  gl_kconfig_virtio (c, &v, &builtin);
  ok (v.blk && !v.net && builtin, "VIRTIO_BLK=y with VIRTIO_PCI=y is built in");
  gl_kconfig_free (c);

  c = parse ("CONFIG_VIRTIO_PCI=m\nCONFIG_VIRTIO_BLK=y\n");
  gl_kconfig_virtio (c, &v, &builtin);
  ok (v.blk && !builtin, "VIRTIO_BLK=y with VIRTIO_PCI=m counts but is not built in");
  gl_kconfig_virtio (c, &v, NULL);
  ok (v.blk, "blk_builtin may be NULL");
  gl_kconfig_free (c);

  c = parse (rhel5_xen64);
  gl_kconfig_virtio (c, &v, &builtin);
  ok (!v.blk && !v.net && !v.scsi && !v.rng && !v.balloon && !v.console && !builtin,
      "RHEL 5 kernel-xen has no virtio");
  ok (gl_kconfig_has_ide (c), "SCSI_ATA_PIIX=m (2.6.18 libata) counts as IDE");
  gl_kconfig_free (c);

  memset (&v, 1, sizeof v);
  gl_kconfig_virtio (NULL, &v, &builtin);
  ok (!v.blk && !v.console && !builtin, "a NULL config clears the virtio fields");
  ok (!gl_kconfig_has_ide (NULL), "a NULL config has no IDE");

  c = parse ("CONFIG_IDE=y\nCONFIG_BLK_DEV_IDE=y\n");
  ok (!gl_kconfig_has_ide (c), "CONFIG_IDE without a PIIX/AHCI driver is not IDE for KVM");
  gl_kconfig_free (c);
  c = parse ("CONFIG_SATA_AHCI=y\n");
  ok (gl_kconfig_has_ide (c), "SATA_AHCI=y counts");
  gl_kconfig_free (c);
}

static void
test_arch (void)
{
  static const struct { const char *text, *arch, *what; } t[] = {
    { "CONFIG_X86=y\nCONFIG_X86_64=y\n", "x86_64", "X86_64=y gives x86_64" },
    { "CONFIG_X86=y\n# CONFIG_X86_64 is not set\n", "i686", "X86=y without X86_64 gives i686" },
    { "CONFIG_ARM64=y\n", "aarch64", "ARM64=y gives aarch64" },
    { "CONFIG_PPC64=y\nCONFIG_CPU_LITTLE_ENDIAN=y\n", "ppc64le", "PPC64 little endian gives ppc64le" },
    { "CONFIG_PPC64=y\nCONFIG_CPU_BIG_ENDIAN=y\n", "ppc64", "PPC64 big endian gives ppc64" },
    { "CONFIG_S390=y\nCONFIG_64BIT=y\n", "s390x", "S390=y gives s390x" },
    { "CONFIG_RISCV=y\n", NULL, "an unknown arch gives NULL" },
    { "CONFIG_X86_64=m\n", NULL, "X86_64=m is not an arch" },
  };
  for (size_t i = 0; i < sizeof t / sizeof t[0]; ++i) {
    struct gl_kconfig *c = parse (t[i].text);
    is_str (gl_kconfig_arch (c), t[i].arch, "%s", t[i].what);
    gl_kconfig_free (c);
  }
  is_str (gl_kconfig_arch (NULL), NULL, "a NULL config has no arch");
}

static void
test_modules (void)
{
  static const char *const debian[] = {
    "virtio_blk.ko.xz", "virtio-rng.ko.xz", "virtio_net.ko.xz",
    "virtio_pci.ko.xz", "ata_piix.ko.xz", "ext4.ko.xz",
  };
  struct gl_virtio v = { 0 };
  bool ide = false;
  gl_modules_virtio (debian, 6, &v, &ide);
  ok (v.blk && v.net && v.rng && !v.scsi && !v.balloon && !v.console,
      "module files give blk, net and rng (virtio-rng with a dash)");
  ok (ide, "ata_piix.ko.xz gives IDE");

  static const char *const no_pci[] = { "virtio_blk.ko", "virtio_net.ko.gz" };
  memset (&v, 0, sizeof v);
  gl_modules_virtio (no_pci, 2, &v, NULL);
  ok (!v.blk && !v.net, "virtio modules without virtio_pci do not count");

  static const char *const zst[] = {
    "virtio-pci.ko.zst", "virtio_scsi.ko.zst", "virtio_console.ko.zst",
    "virtio_balloon.ko.zst",
  };
  memset (&v, 0, sizeof v);
  v.blk = true;
  gl_modules_virtio (zst, 4, &v, NULL);
  ok (v.scsi && v.console && v.balloon && v.blk,
      ".ko.zst names count, and the result is ORed into *v");

  static const char *const odd[] = {
    "virtio_pci.ko", "virtio_blk", "virtio_net.ko.bz2", "virtio_scsi.ko.xz.bak",
    "ahci.ko", NULL, "",
  };
  memset (&v, 0, sizeof v);
  ide = false;
  gl_modules_virtio (odd, 7, &v, &ide);
  ok (!v.blk && !v.net && !v.scsi, "names without a module suffix do not count");
  ok (ide, "ahci.ko gives IDE");

  static const char *const old_ide[] = { "piix.ko" };
  ide = false;
  gl_modules_virtio (old_ide, 1, NULL, &ide);
  ok (ide, "the old IDE piix.ko gives IDE (v may be NULL)");
}

int
main (void)
{
  test_reader ();
  test_pv_only ();
  test_virtio ();
  test_arch ();
  test_modules ();
  return tap_done ();
}
