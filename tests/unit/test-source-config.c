/* Unit tests for common/domain/source-config.c: xm and xl configs (libxlutil)
 * and libvirt domain XML, including hostile and broken inputs. */
#include <config.h>

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "err.h"
#include "source-config.h"
#include "tap.h"

static char tmpdir[] = "/tmp/test-source-config.XXXXXX";
static int files;

/* Write TEXT to a new file in tmpdir; returns its (static) path. */
static const char *
write_file (const char *text, size_t len)
{
  static char path[256];
  FILE *fp;

  snprintf (path, sizeof path, "%s/cfg%d", tmpdir, files++);
  fp = fopen (path, "w");
  if (fp == NULL || fwrite (text, 1, len, fp) != len || fclose (fp) != 0) {
    perror (path);
    exit (1);
  }
  return path;
}

/* Read TEXT as a config file: 0 or -1; ERR set on failure. */
static int
read_text (const char *text, struct gl_source_config *c, struct gl_err *err)
{
  const char *path = write_file (text, strlen (text));
  int r = gl_source_config_read (path, c, err);
  unlink (path);
  return r;
}

/* Expect a failure whose message contains WANT. */
static void
check_error (const char *what, const char *text, int want_errno,
             const char *want)
{
  struct gl_source_config c;
  CLEANUP_ERR struct gl_err err = GL_ERR_INIT;
  int r;

  r = read_text (text, &c, &err);
  ok (r == -1 && err.errnum == want_errno, "%s: refused (errno %d)", what,
      err.errnum);
  ok (err.msg && strstr (err.msg, want) && !strchr (err.msg, '\n') &&
      !strstr (err.msg, "\\n"),
      "%s: message \"%s\" mentions \"%s\"", what, gl_err_msg (&err, "(null)"),
      want);
  ok (c.name == NULL && c.disks.len == 0, "%s: output left empty", what);
  gl_err_clear (&err);
}

/* xm and xl configs need libxlutil (not built --without-xen). */
#ifdef HAVE_XEN
static const char xm_cfg[] =
  "# An old xm config, RHEL 5 style\n"
  "name = \"rhel5\"\n"
  "uuid = \"3f2504e0-4f89-41d3-9a0c-0305e82c3301\"\n"
  "memory = 512   # MiB\n"
  "maxmem = 1024\n"
  "vcpus = 2\n"
  "bootloader = \"/usr/bin/pygrub\"\n"
  "kernel = \"/boot/vmlinuz-2.6.18-xen\"\n"
  "ramdisk = \"/boot/initrd-2.6.18-xen.img\"\n"
  "root = \"/dev/VolGroup00/LogVol00 ro\"\n"
  "extra = \"console=xvc0\"\n"
  "on_reboot = 'restart'\n"
  "disk = [ 'file:/var/lib/xen/images/g.img,xvda,w',\n"
  "         'phy:/dev/vg/lv,xvdb,w',\n"
  "         'tap:aio:/p.img,xvdc,r' ,\n"
  "         'tap:qcow2:/q.qcow2,xvdd,w',\n"
  "         ',hdc:cdrom,r',\n"
  "       ]\n"
  "vif = [ 'mac=00:16:3e:01:02:03, bridge=xenbr0',\n"
  "        'type=ioemu,bridge = xenbr1 ,mac=00:16:3e:0a:0b:0c,model=e1000,script=vif-bridge',\n"
  "        '' ]\n";

static void
test_xm (void)
{
  struct gl_source_config c;
  CLEANUP_ERR struct gl_err err = GL_ERR_INIT;

  ok (read_text (xm_cfg, &c, &err) == 0, "xm config read (%s)",
      gl_err_msg (&err, "no error"));
  is_int (c.syntax, GL_SOURCE_XL, "xm: syntax");
  is_str (c.name, "rhel5", "xm: name");
  is_str (c.uuid, "3f2504e0-4f89-41d3-9a0c-0305e82c3301", "xm: uuid");
  is_int (c.memory_mib, 512, "xm: memory");
  is_int (c.vcpus, 2, "xm: vcpus");
  is_int (c.type, GL_GUEST_PV, "xm: PV by default");
  is_str (gl_guest_type_name (c.type), "pv", "xm: type name");
  is_str (c.bootloader, "/usr/bin/pygrub", "xm: bootloader");
  is_str (c.kernel, "/boot/vmlinuz-2.6.18-xen", "xm: kernel");
  is_str (c.ramdisk, "/boot/initrd-2.6.18-xen.img", "xm: ramdisk");
  is_str (c.root, "/dev/VolGroup00/LogVol00 ro", "xm: root");
  is_str (c.extra, "console=xvc0", "xm: extra");
  is_str (c.cmdline, "root=/dev/VolGroup00/LogVol00 ro console=xvc0",
          "xm: cmdline as xl builds it");
  ok (c.arch == NULL, "xm: no arch");

  if (ok (c.disks.len == 5, "xm: 5 disks (%zu)", c.disks.len)) {
    struct gl_source_disk *d = c.disks.ptr;
    is_str (d[0].path, "/var/lib/xen/images/g.img", "file: path");
    is_str (d[0].target, "xvda", "file: target");
    is_str (d[0].format, "raw", "file: format");
    ok (!d[0].readonly && !d[0].is_block_device &&
        d[0].device == GL_DISK_DISK, "file: rw file disk");
    is_str (d[1].path, "/dev/vg/lv", "phy: path");
    is_str (d[1].target, "xvdb", "phy: target");
    ok (d[1].is_block_device && !d[1].readonly, "phy: block device");
    is_str (d[2].path, "/p.img", "tap:aio: path");
    is_str (d[2].format, "raw", "tap:aio: raw");
    ok (d[2].readonly && !d[2].is_block_device, "tap:aio: read-only file");
    is_str (d[3].path, "/q.qcow2", "tap:qcow2: path");
    is_str (d[3].format, "qcow2", "tap:qcow2: format");
    ok (d[4].path == NULL && d[4].format == NULL, "empty cdrom: no path");
    is_str (d[4].target, "hdc", "cdrom: target");
    ok (d[4].device == GL_DISK_CDROM && d[4].readonly, "cdrom: read-only cdrom");
    is_str (gl_disk_device_name (d[4].device), "cdrom", "cdrom: name");
  }
  if (ok (c.nics.len == 3, "xm: 3 vifs (%zu)", c.nics.len)) {
    is_str (c.nics.ptr[0].mac, "00:16:3e:01:02:03", "vif 1: mac");
    is_str (c.nics.ptr[0].bridge, "xenbr0", "vif 1: bridge");
    ok (c.nics.ptr[0].model == NULL && c.nics.ptr[0].network == NULL,
        "vif 1: no model");
    is_str (c.nics.ptr[1].mac, "00:16:3e:0a:0b:0c", "vif 2: mac");
    is_str (c.nics.ptr[1].bridge, "xenbr1", "vif 2: bridge, blanks trimmed");
    is_str (c.nics.ptr[1].model, "e1000", "vif 2: model");
    ok (c.nics.ptr[2].mac == NULL && c.nics.ptr[2].bridge == NULL,
        "vif 3: empty spec, all defaults");
  }
  gl_source_config_free (&c);
  ok (c.name == NULL && c.disks.ptr == NULL, "free resets the struct");
  gl_err_clear (&err);
}

static const char xl_cfg[] =
  "name = \"deb\"\n"
  "type = \"hvm\"\n"
  "memory = 2048\n"
  "kernel = \"/srv/vmlinuz\"\n"
  "cmdline = \"root=/dev/xvda1 console=hvc0\"\n"
  "bootloader_args = [ \"-q\", \"--entry=1\" ]\n"
  "disk = [ 'format=qcow2, vdev=xvda, access=rw, target=/p.qcow2',\n"
  "         'vdev=xvdb, access=ro, target=/dev/sdb',\n"
  "         'backendtype=phy, format=raw, vdev=xvdc, target=/srv/lv' ]\n"
  "vif = [ 'mac=00:16:3e:aa:bb:cc,bridge=br0,model=rtl8139' ]\n"
  "on_crash = 'restart'\n"
  "on_reboot = 'rename-restart'\n";

static void
test_xl (void)
{
  struct gl_source_config c;
  CLEANUP_ERR struct gl_err err = GL_ERR_INIT;

  ok (read_text (xl_cfg, &c, &err) == 0, "xl config read (%s)",
      gl_err_msg (&err, "no error"));
  is_str (c.name, "deb", "xl: name");
  is_int (c.type, GL_GUEST_HVM, "xl: type hvm");
  is_int (c.memory_mib, 2048, "xl: memory");
  is_int (c.vcpus, 0, "xl: vcpus not set");
  is_str (c.kernel, "/srv/vmlinuz", "xl: kernel kept");
  is_str (c.cmdline, "root=/dev/xvda1 console=hvc0", "xl: cmdline");
  is_str (c.on_crash, "restart", "xl: on_crash");
  is_str (c.on_reboot, "rename-restart", "xl: on_reboot");
  ok (c.on_poweroff == NULL, "xl: on_poweroff not set");
  is_str (c.root, "/dev/xvda1", "xl: root from cmdline");
  ok (c.extra == NULL, "xl: no extra");
  is_str (c.bootloader_args, "-q --entry=1", "xl: bootloader_args list");
  if (ok (c.disks.len == 3, "xl: 3 disks")) {
    is_str (c.disks.ptr[0].path, "/p.qcow2", "xl disk 1: path");
    is_str (c.disks.ptr[0].format, "qcow2", "xl disk 1: format");
    is_str (c.disks.ptr[0].target, "xvda", "xl disk 1: vdev");
    ok (!c.disks.ptr[0].readonly && !c.disks.ptr[0].is_block_device,
        "xl disk 1: rw file");
    ok (c.disks.ptr[1].readonly && c.disks.ptr[1].is_block_device,
        "xl disk 2: ro, /dev path is a block device");
    ok (c.disks.ptr[2].is_block_device, "xl disk 3: backendtype=phy");
  }
  if (ok (c.nics.len == 1, "xl: 1 vif")) {
    is_str (c.nics.ptr[0].mac, "00:16:3e:aa:bb:cc", "xl vif: mac");
    is_str (c.nics.ptr[0].bridge, "br0", "xl vif: bridge");
    is_str (c.nics.ptr[0].model, "rtl8139", "xl vif: model");
  }
  gl_source_config_free (&c);
  gl_err_clear (&err);

  /* xm HVM: builder = "hvm", and the "kernel" is the firmware. */
  gl_err_clear (&err);
  ok (read_text ("name='w'\nbuilder = 'hvm'\n"
                 "kernel = '/usr/lib/xen/boot/hvmloader'\n"
                 "disk = [ 'file:/iso.iso,hdc:cdrom,r' ]\n", &c, &err) == 0,
      "xm HVM read");
  is_int (c.type, GL_GUEST_HVM, "xm HVM: builder hvm");
  ok (c.kernel == NULL, "xm HVM: hvmloader is not a kernel");
  ok (c.memory_mib == 0, "missing memory: 0 (unset)");
  ok (c.disks.len == 1 && c.disks.ptr[0].device == GL_DISK_CDROM &&
      c.disks.ptr[0].path && strcmp (c.disks.ptr[0].path, "/iso.iso") == 0,
      "xm HVM: a CD-ROM with an image");
  gl_source_config_free (&c);
  gl_err_clear (&err);

  gl_err_clear (&err);
  ok (read_text ("name = \"p\"\ntype = \"pvh\"\nextra = \"quiet\"\n",
                 &c, &err) == 0 && c.type == GL_GUEST_PVH,
      "type pvh");
  is_str (c.cmdline, "quiet", "extra alone is the cmdline");
  ok (c.root == NULL, "no root");
  gl_source_config_free (&c);
  gl_err_clear (&err);
}

static void
test_xl_errors (void)
{
  check_error ("syntax error", "name = \"g\"\nmemory = 512\nfoo bar\n",
               EINVAL, "line 3: ");
  check_error ("memory string", "name = \"g\"\nmemory = \"lots\"\n",
               EINVAL, "memory: not a number");
  check_error ("vcpus 0", "name = \"g\"\nvcpus = 0\n", EINVAL,
               "vcpus: out of range");
  check_error ("no name", "memory = 5\n", EINVAL, "no name");
  check_error ("name is a list", "name = [ 'a' ]\n", EINVAL,
               "name: not a string");
  check_error ("unknown type", "name='g'\ntype = 'weird'\n", EINVAL,
               "type: unknown value");
  check_error ("disk not a list", "name='g'\ndisk = 'x'\n", EINVAL,
               "disk: not a list");
  check_error ("nested disk list", "name='g'\ndisk = [ [ 'x' ] ]\n", EINVAL,
               "disk 1: not a string");
  check_error ("bad disk prefix", "name='g'\ndisk = [ 'foo:/x,xvda,w' ]\n",
               EINVAL, "disk 1: ");
  check_error ("disk without vdev", "name='g'\ndisk = [ 'file:/a,,w' ]\n",
               EINVAL, "disk 1: no device name");
  check_error ("python", "name = 'g'\nimport os\n", EINVAL, "line 2: ");
}
#endif /* HAVE_XEN */

static const char libvirt_xml[] =
  "<?xml version='1.0'?>\n"
  "<!-- virsh dumpxml -->\n"
  "<domain type='xen' id='3'>\n"
  "  <name> sles11 </name>\n"
  "  <uuid>0123456789abcdef0123456789abcdef</uuid>\n"
  "  <memory unit='GiB'>2</memory>\n"
  "  <currentMemory unit='KiB'>1024</currentMemory>\n"
  "  <vcpu placement='static' current='2'>4</vcpu>\n"
  "  <bootloader>/usr/bin/pygrub</bootloader>\n"
  "  <bootloader_args>-q</bootloader_args>\n"
  "  <os>\n"
  "    <type arch='x86_64' machine='xenpv'>linux</type>\n"
  "    <cmdline>root=/dev/xvda2 console=xvc0 &amp; x</cmdline>\n"
  "  </os>\n"
  "  <devices>\n"
  "    <disk type='file' device='disk'>\n"
  "      <driver name='tap' type='aio'/>\n"
  "      <source file='/var/lib/xen/images/sles&lt;11&gt;.img'/>\n"
  "      <target dev='xvda' bus='xen'/>\n"
  "    </disk>\n"
  "    <disk type='block' device='disk'>\n"
  "      <driver name='phy'/>\n"
  "      <source dev='/dev/vg/sles-data'/>\n"
  "      <target dev='xvdb' bus='xen'/>\n"
  "      <readonly/>\n"
  "    </disk>\n"
  "    <disk type='file' device='cdrom'>\n"
  "      <target dev='hdc' bus='ide'/>\n"
  "    </disk>\n"
  "    <interface type='bridge'>\n"
  "      <mac address='00:16:3e:11:22:33'/>\n"
  "      <source bridge='xenbr0'/>\n"
  "    </interface>\n"
  "    <interface type='network'>\n"
  "      <mac address='00:16:3e:44:55:66'/>\n"
  "      <source network='default'/>\n"
  "      <model type='netfront'/>\n"
  "    </interface>\n"
  "  </devices>\n"
  "</domain>\n";

static void
test_libvirt (void)
{
  struct gl_source_config c;
  CLEANUP_ERR struct gl_err err = GL_ERR_INIT;

  ok (read_text (libvirt_xml, &c, &err) == 0, "libvirt XML read (%s)",
      gl_err_msg (&err, "no error"));
  is_int (c.syntax, GL_SOURCE_LIBVIRT, "xml: syntax");
  is_str (c.name, "sles11", "xml: name, trimmed");
  is_str (c.uuid, "0123456789abcdef0123456789abcdef", "xml: uuid");
  is_int (c.memory_mib, 2048, "xml: 2 GiB = 2048 MiB");
  is_int (c.vcpus, 2, "xml: current vcpus");
  is_int (c.type, GL_GUEST_PV, "xml: linux = PV");
  is_str (c.arch, "x86_64", "xml: arch");
  is_str (c.bootloader, "/usr/bin/pygrub", "xml: bootloader");
  is_str (c.bootloader_args, "-q", "xml: bootloader_args");
  is_str (c.cmdline, "root=/dev/xvda2 console=xvc0 & x", "xml: cmdline");
  is_str (c.root, "/dev/xvda2", "xml: root from cmdline");
  ok (c.kernel == NULL && c.ramdisk == NULL, "xml: no direct boot");
  if (ok (c.disks.len == 3, "xml: 3 disks (%zu)", c.disks.len)) {
    is_str (c.disks.ptr[0].path, "/var/lib/xen/images/sles<11>.img",
            "xml disk 1: path unescaped");
    is_str (c.disks.ptr[0].format, "raw", "xml disk 1: tap aio = raw");
    is_str (c.disks.ptr[0].target, "xvda", "xml disk 1: target");
    ok (!c.disks.ptr[0].is_block_device && !c.disks.ptr[0].readonly,
        "xml disk 1: rw file");
    is_str (c.disks.ptr[1].path, "/dev/vg/sles-data", "xml disk 2: dev");
    ok (c.disks.ptr[1].is_block_device && c.disks.ptr[1].readonly,
        "xml disk 2: read-only block device");
    ok (c.disks.ptr[1].format == NULL, "xml disk 2: no format");
    ok (c.disks.ptr[2].device == GL_DISK_CDROM && c.disks.ptr[2].path == NULL,
        "xml disk 3: empty cdrom");
  }
  if (ok (c.nics.len == 2, "xml: 2 NICs")) {
    is_str (c.nics.ptr[0].mac, "00:16:3e:11:22:33", "xml nic 1: mac");
    is_str (c.nics.ptr[0].bridge, "xenbr0", "xml nic 1: bridge");
    ok (c.nics.ptr[0].model == NULL, "xml nic 1: no model");
    ok (c.nics.ptr[1].bridge == NULL, "xml nic 2: no bridge");
    is_str (c.nics.ptr[1].network, "default", "xml nic 2: network");
    is_str (c.nics.ptr[1].model, "netfront", "xml nic 2: model");
  }
  gl_source_config_free (&c);
  gl_err_clear (&err);

  /* Memory units: KiB by default, rounded up to whole MiB. */
  static const struct { const char *xml; uint64_t mib; } mem[] = {
    { "<domain><name>m</name><memory>524288</memory></domain>", 512 },
    { "<domain><name>m</name><memory unit='KiB'>1</memory></domain>", 1 },
    { "<domain><name>m</name><memory unit='b'>1048576</memory></domain>", 1 },
    { "<domain><name>m</name><memory unit='bytes'>1048577</memory></domain>", 2 },
    { "<domain><name>m</name><memory unit='M'>300</memory></domain>", 300 },
    { "<domain><name>m</name><memory unit='MiB'>300</memory></domain>", 300 },
    { "<domain><name>m</name><memory unit='MB'>1000</memory></domain>", 954 },
    { "<domain><name>m</name><memory unit='GB'>1</memory></domain>", 954 },
    { "<domain><name>m</name><memory unit='T'>1</memory></domain>", 1048576 },
    { "<domain><name>m</name></domain>", 0 },
  };
  for (size_t i = 0; i < sizeof mem / sizeof mem[0]; ++i) {
    gl_err_clear (&err);
    ok (read_text (mem[i].xml, &c, &err) == 0 && c.memory_mib == mem[i].mib,
        "memory %zu: %" PRIu64 " MiB (got %" PRIu64 ")", i, mem[i].mib,
        c.memory_mib);
    gl_source_config_free (&c);
    gl_err_clear (&err);
  }

  gl_err_clear (&err);
  ok (read_text ("\n  <domain type='xen'><name>h</name><os>"
                 "<type>hvm</type><loader>/usr/lib/xen/boot/hvmloader</loader>"
                 "<kernel>/k</kernel><initrd>/i</initrd></os></domain>",
                 &c, &err) == 0, "HVM XML, leading blanks");
  is_int (c.type, GL_GUEST_HVM, "HVM XML: type");
  is_str (c.kernel, "/k", "HVM XML: kernel");
  is_str (c.ramdisk, "/i", "HVM XML: initrd");
  gl_source_config_free (&c);
  gl_err_clear (&err);
}

static void
test_libvirt_errors (void)
{
  const char *secret;
  char hostile[1024];

  check_error ("xml no name", "<domain><memory>5</memory></domain>", EINVAL,
               "no <name>");
  check_error ("xml empty name", "<domain><name> </name></domain>", EINVAL,
               "no <name>");
  check_error ("xml memory text",
               "<domain><name>a</name><memory>lots</memory></domain>",
               EINVAL, "memory: not a number");
  check_error ("xml memory unit",
               "<domain><name>a</name><memory unit='XiB'>1</memory></domain>",
               EINVAL, "memory: unknown unit");
  check_error ("xml memory overflow",
               "<domain><name>a</name><memory unit='EiB'>99999</memory></domain>",
               EINVAL, "memory: out of range");
  check_error ("xml not well-formed", "<domain>\n<name>a</name>\n<oops>\n",
               EINVAL, "line ");
  check_error ("xml wrong root", "<network><name>a</name></network>", EINVAL,
               "not a libvirt domain");
  check_error ("xml network disk",
               "<domain><name>a</name><devices><disk type='network'>"
               "<target dev='vda'/></disk></devices></domain>",
               EINVAL, "disk 1: type 'network' is not supported");
  check_error ("xml disk without target",
               "<domain><name>a</name><devices><disk type='file'>"
               "<source file='/x'/></disk></devices></domain>",
               EINVAL, "disk 1: no <target dev>");
  check_error ("xml unknown os type",
               "<domain><name>a</name><os><type>exe</type></os></domain>",
               EINVAL, "<os><type>: unknown value 'exe'");

  /* An external entity must never be read: the document is refused. */
  secret = write_file ("TOP-SECRET\n", 11);
  snprintf (hostile, sizeof hostile,
            "<?xml version='1.0'?>\n"
            "<!DOCTYPE domain [ <!ENTITY x SYSTEM \"file://%s\"> ]>\n"
            "<domain type='xen'><name>a&x;</name><uuid>&x;</uuid></domain>\n",
            secret);
  check_error ("external entity", hostile, EINVAL, "DOCTYPE");
  check_error ("billion laughs",
               "<!DOCTYPE d [<!ENTITY a \"aaaaaaaaaa\">"
               "<!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">"
               "<!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\">]>"
               "<domain><name>&c;</name></domain>", EINVAL, "");
  unlink (secret);
}

#ifdef HAVE_XEN
static void
test_limits (void)
{
  struct gl_source_config c;
  CLEANUP_ERR struct gl_err err = GL_ERR_INIT;
  char *big;
  const char *path;
  size_t n = GL_SOURCE_CONFIG_MAX_SIZE + 1;

  big = malloc (n);
  memset (big, '#', n);
  big[0] = 'n';                 /* not XML */
  path = write_file (big, n);
  ok (gl_source_config_read (path, &c, &err) == -1 && err.errnum == EFBIG,
      "oversize input refused with EFBIG");
  ok (err.msg != NULL, "oversize: message \"%s\"", gl_err_msg (&err, ""));
  gl_err_clear (&err);
  unlink (path);

  /* Exactly at the bound is fine (a comment). */
  big[0] = '#';
  big[n - 2] = '\n';
  memcpy (big + n - 12, "\nname='x'\n", 10);
  path = write_file (big, n - 1);
  gl_err_clear (&err);
  ok (gl_source_config_read (path, &c, &err) == 0 &&
      strcmp (c.name, "x") == 0, "1 MiB exactly is read (%s)",
      gl_err_msg (&err, "ok"));
  gl_source_config_free (&c);
  gl_err_clear (&err);
  unlink (path);
  free (big);

  gl_err_clear (&err);
  ok (gl_source_config_read ("/nonexistent/guest.cfg", &c, &err) == -1 &&
      err.errnum == ENOENT && err.msg != NULL, "missing file: ENOENT (%s)",
      gl_err_msg (&err, ""));
  gl_err_clear (&err);

  ok (gl_source_config_read_data ("name='d'", 8, &c, NULL) == 0 &&
      strcmp (c.name, "d") == 0, "read_data, no NUL, no err pointer");
  gl_source_config_free (&c);
  ok (gl_source_config_read_data ("", 0, &c, NULL) == -1, "empty input: no name");

  /* libxlutil aborts on a NUL inside a quoted string: refused before. */
  gl_err_clear (&err);
  ok (gl_source_config_read_data ("name='g'\ndisk=['a\0b']\n", 19, &c, &err)
      == -1 && err.msg && strcmp (err.msg, "line 2: NUL byte in a text file") == 0,
      "NUL byte refused (%s)", gl_err_msg (&err, ""));
  gl_err_clear (&err);
}

#endif /* HAVE_XEN */

#ifndef HAVE_XEN
/* Built --without-xen: an xl config is refused, saying why. */
static void
test_without_xen (void)
{
  struct gl_source_config c;
  CLEANUP_ERR struct gl_err err = GL_ERR_INIT;
  ok (gl_source_config_read_data ("name='d'\n", 9, &c, &err) == -1 &&
      err.errnum == ENOTSUP, "without Xen: an xl config is refused (ENOTSUP)");
  ok (err.msg && strstr (err.msg, "built without Xen") && !strchr (err.msg, '\n'),
      "without Xen: one line that says so (%s)", gl_err_msg (&err, ""));
  gl_err_clear (&err);
}
#endif

int
main (void)
{
  if (mkdtemp (tmpdir) == NULL) {
    perror ("mkdtemp");
    return 1;
  }
#ifdef HAVE_XEN
  test_xm ();
  test_xl ();
  test_xl_errors ();
  test_limits ();
#else
  test_without_xen ();
#endif
  test_libvirt ();
  test_libvirt_errors ();
  rmdir (tmpdir);
  return tap_done ();
}
