/* Unit tests for distribution detection (inspect/parsers/distro.c). */
#include <config.h>

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "distro.h"
#include "tap.h"

struct expect {
  const char *what;
  const char *distro, *product;
  int major, minor;
  const char *fmt, *mgmt, *osinfo;
};

static void
check (const struct gl_release_files *f, const struct expect *e)
{
  struct gl_distro d;
  int r = gl_distro_detect (f, &d);
  ok (r == 0, "%s: detected", e->what);
  is_str (d.distro, e->distro, "%s: distro", e->what);
  if (e->product)
    is_str (d.product_name, e->product, "%s: product_name", e->what);
  is_int (d.major, e->major, "%s: major %d", e->what, e->major);
  is_int (d.minor, e->minor, "%s: minor %d", e->what, e->minor);
  is_str (d.package_format, e->fmt, "%s: package_format", e->what);
  is_str (d.package_management, e->mgmt, "%s: package_management", e->what);
  is_str (d.osinfo, e->osinfo, "%s: osinfo", e->what);
  gl_distro_free (&d);
}

#define OSR(text) (&(struct gl_release_files) { .os_release = (text) })

int
main (void)
{
  /* os-release */
  check (OSR ("NAME=\"Red Hat Enterprise Linux\"\nVERSION_ID=\"8.6\"\nID=\"rhel\"\n"
              "PRETTY_NAME=\"Red Hat Enterprise Linux 8.6 (Ootpa)\"\n"),
         &(struct expect) { "os-release rhel 8.6 uses dnf", "rhel",
             "Red Hat Enterprise Linux 8.6 (Ootpa)", 8, 6, "rpm", "dnf", "rhel8.6" });
  check (OSR ("ID=\"centos\"\nID_LIKE=\"rhel fedora\"\nVERSION_ID=\"7\"\n"
              "PRETTY_NAME=\"CentOS Linux 7 (Core)\"\n"),
         &(struct expect) { "os-release centos 7 is centos7.0 with yum", "centos",
             "CentOS Linux 7 (Core)", 7, 0, "rpm", "yum", "centos7.0" });
  check (OSR ("ID=fedora\nVERSION_ID=38\n"),
         &(struct expect) { "os-release fedora 38 uses dnf", "fedora",
             "Fedora 38", 38, 0, "rpm", "dnf", "fedora38" });
  check (OSR ("ID=\"sles\"\nVERSION_ID=\"15.4\"\nPRETTY_NAME=\"SUSE Linux Enterprise Server 15 SP4\"\n"),
         &(struct expect) { "os-release sles 15.4", "sles",
             "SUSE Linux Enterprise Server 15 SP4", 15, 4, "rpm", "zypper", "sles15sp4" });
  check (OSR ("ID=sled\nVERSION_ID=\"15-SP4\"\n"),
         &(struct expect) { "os-release sled is sles, VERSION_ID 15-SP4", "sles",
             NULL, 15, 4, "rpm", "zypper", "sles15sp4" });
  check (OSR ("NAME=\"openSUSE Leap\"\nID=\"opensuse-leap\"\nID_LIKE=\"suse opensuse\"\n"
              "VERSION_ID=\"15.5\"\n"),
         &(struct expect) { "os-release opensuse-leap is opensuse", "opensuse",
             "openSUSE 15", 15, 5, "rpm", "zypper", "opensuse15.5" });
  check (OSR ("ID=\"opensuse-tumbleweed\"\nVERSION_ID=\"20240101\"\n"),
         &(struct expect) { "os-release opensuse-tumbleweed", "opensuse",
             NULL, 20240101, 0, "rpm", "zypper", "opensusetumbleweed" });
  check (OSR ("PRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\nVERSION_ID=\"12\"\nID=debian\n"),
         &(struct expect) { "os-release debian 12", "debian",
             "Debian GNU/Linux 12 (bookworm)", 12, 0, "deb", "apt", "debian12" });
  check (&(struct gl_release_files) {
           .os_release = "ID=debian\nPRETTY_NAME=\"Debian GNU/Linux trixie/sid\"\n",
           .debian_version = "trixie/sid\n" },
         &(struct expect) { "os-release debian sid without VERSION_ID", "debian",
             "Debian GNU/Linux trixie/sid", 0, 0, "deb", "apt", NULL });
  check (OSR ("NAME=\"Ubuntu\"\nVERSION_ID=\"22.04\"\nID=ubuntu\nID_LIKE=debian\n"),
         &(struct expect) { "os-release ubuntu 22.04", "ubuntu",
             "Ubuntu 22", 22, 4, "deb", "apt", "ubuntu22.04" });
  check (OSR ("ID=\"ol\"\nVERSION_ID=\"7.9\"\nPRETTY_NAME=\"Oracle Linux Server 7.9\"\n"),
         &(struct expect) { "os-release ol is oraclelinux", "oraclelinux",
             "Oracle Linux Server 7.9", 7, 9, "rpm", "yum", "ol7.9" });
  check (OSR ("ID=\"rocky\"\nID_LIKE=\"rhel centos fedora\"\nVERSION_ID=\"9.3\"\n"),
         &(struct expect) { "os-release rocky", "rocky",
             "Rocky Linux 9", 9, 3, "rpm", "dnf", NULL });
  check (OSR ("ID=\"almalinux\"\nVERSION_ID=\"8.9\"\n"),
         &(struct expect) { "os-release almalinux", "almalinux",
             NULL, 8, 9, "rpm", "dnf", NULL });
  check (OSR ("NAME=\"Arch Linux\"\nID=arch\nBUILD_ID=rolling\n"),
         &(struct expect) { "os-release arch is archlinux", "archlinux",
             "Arch Linux", 0, 0, "pkgbuild", "pacman", "archlinux" });
  check (OSR ("ID=alpine\nVERSION_ID=3.19.1\n"),
         &(struct expect) { "os-release alpine", "alpine",
             NULL, 3, 19, "apk", "apk", "alpinelinux3.19" });
  check (OSR ("ID=gentoo\nVERSION_ID=2.15\n"),
         &(struct expect) { "os-release gentoo", "gentoo",
             NULL, 2, 15, "ebuild", "portage", "gentoo" });
  check (OSR ("ID=linuxmint\nID_LIKE=\"ubuntu debian\"\nVERSION_ID=\"21.3\"\n"
              "PRETTY_NAME=\"Linux Mint 21.3\"\n"),
         &(struct expect) { "os-release ID_LIKE fallback, no osinfo", "ubuntu",
             "Linux Mint 21.3", 21, 3, "deb", "apt", NULL });
  check (OSR ("ID=plan9\nPRETTY_NAME=\"Plan 9\"\nVERSION_ID=4\n"),
         &(struct expect) { "os-release unknown ID is unknown", "unknown",
             "Plan 9", 4, 0, NULL, NULL, NULL });

  /* os-release wins over release files */
  check (&(struct gl_release_files) {
           .os_release = "ID=centos\nVERSION_ID=8\n",
           .redhat_release = "Red Hat Enterprise Linux Server release 5.11 (Tikanga)\n" },
         &(struct expect) { "os-release wins over redhat-release", "centos",
             NULL, 8, 0, "rpm", "dnf", "centos8.0" });

  /* release files without os-release */
  check (&(struct gl_release_files) {
           .redhat_release = "Red Hat Enterprise Linux Server release 5.11 (Tikanga)\n" },
         &(struct expect) { "redhat-release rhel 5.11", "rhel",
             "Red Hat Enterprise Linux Server release 5.11 (Tikanga)",
             5, 11, "rpm", "yum", "rhel5.11" });
  check (&(struct gl_release_files) {
           .redhat_release = "CentOS release 5.11 (Final)\n" },
         &(struct expect) { "redhat-release centos 5.11", "centos",
             "CentOS release 5.11 (Final)", 5, 11, "rpm", "yum", "centos5.11" });
  check (&(struct gl_release_files) {
           .redhat_release = "CentOS Linux release 7.9.2009 (Core)\n",
           .centos_release = "CentOS Linux release 7.9.2009 (Core)\n" },
         &(struct expect) { "redhat-release centos 7.9.2009", "centos",
             "CentOS Linux release 7.9.2009 (Core)", 7, 9, "rpm", "yum", "centos7.0" });
  check (&(struct gl_release_files) {
           .redhat_release = "Fedora release 20 (Heisenbug)\n" },
         &(struct expect) { "redhat-release fedora 20 uses yum", "fedora",
             "Fedora release 20 (Heisenbug)", 20, 0, "rpm", "yum", "fedora20" });
  check (&(struct gl_release_files) {
           .suse_release = "SUSE Linux Enterprise Server 11 (x86_64)\nVERSION = 11\nPATCHLEVEL = 4\n" },
         &(struct expect) { "SuSE-release sles 11.4", "sles",
             "SUSE Linux Enterprise Server 11 (x86_64)", 11, 4, "rpm", "zypper", "sles11sp4" });
  check (&(struct gl_release_files) {
           .suse_release = "SUSE Linux Enterprise Server 10 (x86_64)\nVERSION = 10\nPATCHLEVEL = 0\n" },
         &(struct expect) { "SuSE-release sles 10 without service pack", "sles",
             NULL, 10, 0, "rpm", "zypper", "sles10" });
  check (&(struct gl_release_files) {
           .suse_release = "openSUSE 13.1 (x86_64)\nVERSION = 13.1\nCODENAME = Bottle\n" },
         &(struct expect) { "SuSE-release opensuse 13.1", "opensuse",
             "openSUSE 13.1 (x86_64)", 13, 1, "rpm", "zypper", "opensuse13.1" });
  check (&(struct gl_release_files) { .debian_version = "12.5\n" },
         &(struct expect) { "debian_version 12.5", "debian",
             "Debian GNU/Linux 12", 12, 5, "deb", "apt", "debian12" });
  check (&(struct gl_release_files) { .debian_version = "6.0.10\n" },
         &(struct expect) { "debian_version 6.0.10", "debian",
             "Debian GNU/Linux 6", 6, 0, "deb", "apt", "debian6" });
  check (&(struct gl_release_files) { .debian_version = "squeeze/sid\n" },
         &(struct expect) { "debian_version squeeze/sid has version 0", "debian",
             "Debian GNU/Linux", 0, 0, "deb", "apt", NULL });
  check (&(struct gl_release_files) {
           .debian_version = "lenny/sid\n",
           .lsb_release = "DISTRIB_ID=Ubuntu\nDISTRIB_RELEASE=8.04\nDISTRIB_CODENAME=hardy\n"
                          "DISTRIB_DESCRIPTION=\"Ubuntu 8.04.4 LTS\"\n" },
         &(struct expect) { "lsb-release ubuntu 8.04 wins over debian_version", "ubuntu",
             "Ubuntu 8.04.4 LTS", 8, 4, "deb", "apt", "ubuntu8.04" });
  check (&(struct gl_release_files) { 0 },
         &(struct expect) { "no files is unknown", "unknown",
             NULL, 0, 0, NULL, NULL, NULL });

  {
    size_t n = GL_DISTRO_MAX_BYTES + 1;
    char *big = malloc (n + 1);
    memset (big, 'x', n);
    big[n] = '\0';
    struct gl_distro d;
    errno = 0;
    ok (gl_distro_detect (&(struct gl_release_files) { .suse_release = big }, &d) == -1
        && errno == EFBIG, "a release file over 1 MiB is refused with EFBIG");
    gl_distro_free (&d);
    free (big);
  }
  return tap_done ();
}
