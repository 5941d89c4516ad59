/* Unit tests for convert/rewrite-files.c: fstab, crypttab, inittab,
 * securetty, modprobe, SUSE sysconfig/kernel. */
#include <config.h>

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "rewrite-test.h"

static const char rhel5_fstab[] =
  "/dev/VolGroup00/LogVol00 /                       ext3    defaults        1 1\n"
  "LABEL=/boot             /boot                   ext3    defaults        1 2\n"
  "tmpfs                   /dev/shm                tmpfs   defaults        0 0\n"
  "devpts                  /dev/pts                devpts  gid=5,mode=620  0 0\n"
  "sysfs                   /sys                    sysfs   defaults        0 0\n"
  "proc                    /proc                   proc    defaults        0 0\n"
  "/dev/xvdb1              swap                    swap    defaults        0 0\n"
  "# /dev/xvdc1  /data ext3 defaults 0 0\n"
  "\t/dev/xvdaa1 /big xfs defaults 0 0";

static const char rhel5_fstab_kvm[] =
  "/dev/VolGroup00/LogVol00 /                       ext3    defaults        1 1\n"
  "LABEL=/boot             /boot                   ext3    defaults        1 2\n"
  "tmpfs                   /dev/shm                tmpfs   defaults        0 0\n"
  "devpts                  /dev/pts                devpts  gid=5,mode=620  0 0\n"
  "sysfs                   /sys                    sysfs   defaults        0 0\n"
  "proc                    /proc                   proc    defaults        0 0\n"
  "/dev/vdb1              swap                    swap    defaults        0 0\n"
  "# /dev/xvdc1  /data ext3 defaults 0 0\n"
  "\t/dev/vdaa1 /big xfs defaults 0 0";

static void
test_fstab (void)
{
  CHECK (gl_rewrite_fstab (S (rhel5_fstab), &kvm), rhel5_fstab_kvm,
         "fstab: xvd devices renamed, comment lines and a missing final newline kept");
  CHECK (gl_rewrite_fstab (S ("/dev/xvda2 / ext3 defaults 1 1\r\n"), &hvm),
         "/dev/hda2 / ext3 defaults 1 1\r\n", "fstab on xen-hvm uses hd names, CRLF kept");
  UNCHANGED (gl_rewrite_fstab (S ("UUID=3e6be9de / ext4 defaults 0 1\n"), &kvm),
             "fstab with UUIDs only: NULL");
  UNCHANGED (gl_rewrite_fstab (S (rhel5_fstab), &pv), "fstab for xen-pv: NULL");
  {
    static const char nul[] = "/dev/xvda1 / ext3\0x 1 1\n";
    errno = 0;
    ok (gl_rewrite_fstab (nul, sizeof nul - 1, &kvm) == NULL && errno == EINVAL,
        "fstab holding a NUL byte is refused with EINVAL");
  }
}

static void
test_crypttab (void)
{
  CHECK (gl_rewrite_crypttab (S ("# <target> <source> <key> <options>\n"
                                 "xvda3_crypt /dev/xvda3 none luks\n"
                                 "swap /dev/xvdb1 /dev/urandom swap,header=/dev/xvdc\n"), &kvm),
         "# <target> <source> <key> <options>\n"
         "xvda3_crypt /dev/vda3 none luks\n"
         "swap /dev/vdb1 /dev/urandom swap,header=/dev/vdc\n",
         "crypttab: source and header= devices renamed, the target name kept");
}

static void
test_inittab (void)
{
  CHECK (gl_rewrite_inittab (S ("id:3:initdefault:\n"
                                "1:2345:respawn:/sbin/mingetty tty1\n"
                                "co:2345:respawn:/sbin/agetty xvc0 9600 vt100-nav\n"), &kvm),
         "id:3:initdefault:\n"
         "1:2345:respawn:/sbin/mingetty tty1\n"
         "co:2345:respawn:/sbin/agetty ttyS0 9600 vt100-nav\n",
         "inittab RHEL 5: the xvc0 getty moves to ttyS0");
  CHECK (gl_rewrite_inittab (S ("x0:12345:respawn:/sbin/agetty -L 9600 xvc0 xterm\n"), &kvm),
         "x0:12345:respawn:/sbin/agetty -L 9600 ttyS0 xterm\n",
         "inittab SLES: the tty after the options is found");
  CHECK (gl_rewrite_inittab (S ("S0:12345:respawn:/sbin/agetty -L 9600 ttyS0 vt102\n"
                                "h0:12345:respawn:/sbin/agetty -L 9600 hvc0 vt102\n"), &kvm),
         "S0:12345:respawn:/sbin/agetty -L 9600 ttyS0 vt102\n"
         "#h0:12345:respawn:/sbin/agetty -L 9600 hvc0 vt102\n",
         "inittab with a ttyS0 getty already: the Xen getty is commented out");
  CHECK (gl_rewrite_inittab (S ("h0:2345:respawn:/sbin/getty 38400 hvc0\n"
                                "x0:2345:respawn:/sbin/getty 38400 xvc0\n"), &kvm),
         "h0:2345:respawn:/sbin/getty 38400 ttyS0\n"
         "#x0:2345:respawn:/sbin/getty 38400 xvc0\n",
         "inittab with two Xen gettys: the second is commented out");
  UNCHANGED (gl_rewrite_inittab (S ("#co:2345:respawn:/sbin/agetty xvc0 9600 vt100-nav\n"
                                    "ca::ctrlaltdel:/sbin/shutdown -t3 -r now\n"), &kvm),
             "inittab: a commented Xen getty is left alone");
}

static void
test_securetty (void)
{
  CHECK (gl_rewrite_securetty (S ("console\nvc/1\ntty1\nxvc0\nhvc0"), &kvm),
         "console\nvc/1\ntty1\nhvc0\nttyS0\n",
         "securetty: xvc0 dropped, hvc0 kept, ttyS0 appended after a missing final newline");
  CHECK (gl_rewrite_securetty (S ("tty1\nxvc0\nttyS0\n"), &kvm), "tty1\nttyS0\n",
         "securetty with ttyS0 already: only xvc0 is dropped");
  CHECK (gl_rewrite_securetty ("", 0, &kvm), "ttyS0\n",
         "securetty: an empty file gets ttyS0");
  UNCHANGED (gl_rewrite_securetty (S ("tty1\nttyS0\n"), &kvm),
             "securetty with ttyS0 already: NULL");
}

static void
test_modprobe (void)
{
  static const char rhel5_modprobe[] =
    "alias eth0 xennet\n"
    "alias eth1 xen-vnif  # second NIC\n"
    "alias scsi_hostadapter xenblk\n"
    "alias scsi_hostadapter1 xen-blkfront\n"
    "# alias eth2 xennet\n"
    "alias xen:vif xen-netfront\n"
    "options xennet rx_copy=1\n";
  CHECK (gl_rewrite_modprobe (S (rhel5_modprobe), &kvm),
         "alias eth0 virtio_net\n"
         "alias eth1 virtio_net  # second NIC\n"
         "alias scsi_hostadapter virtio_blk\n"
         "alias scsi_hostadapter1 virtio_blk\n"
         "# alias eth2 xennet\n"
         "alias xen:vif xen-netfront\n"
         "options xennet rx_copy=1\n",
         "modprobe kvm: netfront -> virtio_net, blkfront -> virtio_blk, comments kept");
  CHECK (gl_rewrite_modprobe (S ("alias eth0 xen_netfront\nalias scsi_hostadapter xen-vbd\n"), &hvm),
         "alias eth0 e1000\nalias scsi_hostadapter ata_piix\n",
         "modprobe xen-hvm: e1000 and ata_piix");
  UNCHANGED (gl_rewrite_modprobe (S ("alias eth0 e1000\n"), &kvm),
             "modprobe without Xen drivers: NULL");
}

static void
test_sysconfig_kernel (void)
{
  static const char sles11_kernel[] =
    "## Type:        string\n"
    "## Command:     /sbin/mkinitrd\n"
    "#\n"
    "# This variable contains the list of modules to be added to the initial\n"
    "# ramdisk by calling the script \"mkinitrd\"\n"
    "INITRD_MODULES=\"processor thermal ata_generic xenblk xennet\"\n"
    "\n"
    "## Type:        string\n"
    "DOMU_INITRD_MODULES=\"xennet xenblk\"\n"
    "MODULES_LOADED_ON_BOOT=\"xenblk\"\n";
  CHECK (gl_rewrite_sysconfig_kernel (S (sles11_kernel), &kvm),
         "## Type:        string\n"
         "## Command:     /sbin/mkinitrd\n"
         "#\n"
         "# This variable contains the list of modules to be added to the initial\n"
         "# ramdisk by calling the script \"mkinitrd\"\n"
         "INITRD_MODULES=\"processor thermal ata_generic virtio_pci virtio_blk\"\n"
         "\n"
         "## Type:        string\n"
         "DOMU_INITRD_MODULES=\"\"\n"
         "MODULES_LOADED_ON_BOOT=\"xenblk\"\n",
         "sysconfig kernel SLES 11: Xen modules dropped, virtio added to INITRD_MODULES only");
  CHECK (gl_rewrite_sysconfig_kernel (S ("INITRD_MODULES='xen-vbd xen-platform-pci'\n"), &hvm),
         "INITRD_MODULES='ata_piix'\n",
         "sysconfig kernel xen-hvm: ata_piix, single quotes kept");
  UNCHANGED (gl_rewrite_sysconfig_kernel (S ("INITRD_MODULES=\"virtio_blk virtio_pci\"\n"), &kvm),
             "sysconfig kernel with virtio already: NULL");
}

static void
test_limits (void)
{
  errno = 0;
  ok (gl_rewrite_fstab ("x", GL_REWRITE_MAX_BYTES + 1, &kvm) == NULL &&
      errno == EFBIG, "an fstab over GL_REWRITE_MAX_BYTES is EFBIG");
  errno = 0;
  ok (gl_rewrite_securetty (NULL, 3, &kvm) == NULL && errno == EINVAL,
      "NULL text with a length is EINVAL");
}

int
main (void)
{
  rewrite_test_init ();

  test_fstab ();
  test_crypttab ();
  test_inittab ();
  test_securetty ();
  test_modprobe ();
  test_sysconfig_kernel ();
  test_limits ();
  return rewrite_test_done ();
}
