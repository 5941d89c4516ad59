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

#define FILES(...) (&(struct gl_release_files) { __VA_ARGS__ })
#define OSR(t) FILES (.text[GL_REL_OS_RELEASE] = (t))

int
main (void)
{
  /* os-release decides when it has a known ID, a PRETTY_NAME and a
   * version (libguestfs's rule). */
  check (OSR ("NAME=\"Red Hat Enterprise Linux\"\nVERSION_ID=\"8.6\"\nID=\"rhel\"\n"
              "PRETTY_NAME=\"Red Hat Enterprise Linux 8.6 (Ootpa)\"\n"),
         &(struct expect) { "os-release rhel 8.6 uses dnf", "rhel",
             "Red Hat Enterprise Linux 8.6 (Ootpa)", 8, 6, "rpm", "dnf", "rhel8.6" });
  check (FILES (.text[GL_REL_OS_RELEASE] = "ID=fedora\nVERSION_ID=39\nPRETTY_NAME=\"Fedora Linux 39\"\n",
                .has_dnf = true),
         &(struct expect) { "os-release fedora 39 with /usr/bin/dnf uses dnf", "fedora",
             "Fedora Linux 39", 39, 0, "rpm", "dnf", "fedora39" });
  check (OSR ("ID=fedora\nVERSION_ID=39\nPRETTY_NAME=\"Fedora Linux 39\"\n"),
         &(struct expect) { "fedora 39 without /usr/bin/dnf: yum", "fedora",
             "Fedora Linux 39", 39, 0, "rpm", "yum", "fedora39" });
  check (OSR ("ID=\"sles\"\nVERSION_ID=\"15.5\"\nPRETTY_NAME=\"SUSE Linux Enterprise Server 15 SP5\"\n"),
         &(struct expect) { "os-release sles 15.5", "sles",
             "SUSE Linux Enterprise Server 15 SP5", 15, 5, "rpm", "zypper", "sles15sp5" });
  check (OSR ("NAME=\"openSUSE Leap\"\nID=\"opensuse-leap\"\nVERSION_ID=\"15.5\"\n"
              "PRETTY_NAME=\"openSUSE Leap 15.5\"\n"),
         &(struct expect) { "os-release opensuse-leap is opensuse", "opensuse",
             "openSUSE Leap 15.5", 15, 5, "rpm", "zypper", "opensuse15.5" });
  check (OSR ("NAME=\"Ubuntu\"\nVERSION_ID=\"22.04\"\nID=ubuntu\nPRETTY_NAME=\"Ubuntu 22.04.4 LTS\"\n"),
         &(struct expect) { "os-release ubuntu 22.04", "ubuntu",
             "Ubuntu 22.04.4 LTS", 22, 4, "deb", "apt", "ubuntu22.04" });
  check (OSR ("ID=kali\nVERSION_ID=\"2024.1\"\nPRETTY_NAME=\"Kali GNU/Linux Rolling\"\n"),
         &(struct expect) { "os-release kali", "kalilinux",
             "Kali GNU/Linux Rolling", 2024, 1, "deb", "apt", "kalilinux2024.1" });
  check (OSR ("ID=\"rocky\"\nVERSION_ID=\"8.9\"\nPRETTY_NAME=\"Rocky Linux 8.9 (Green Obsidian)\"\n"),
         &(struct expect) { "os-release rocky 8.9 is rocky8", "rocky",
             "Rocky Linux 8.9 (Green Obsidian)", 8, 9, "rpm", "dnf", "rocky8" });
  check (OSR ("NAME=\"Arch Linux\"\nID=arch\nBUILD_ID=rolling\nPRETTY_NAME=\"Arch Linux\"\n"),
         &(struct expect) { "os-release arch: rolling, pacman", "archlinux",
             "Arch Linux", 0, 0, "pacman", "pacman", "archlinux" });
  check (OSR ("ID=void\nPRETTY_NAME=\"Void Linux\"\n"),
         &(struct expect) { "os-release void: rolling, xbps", "voidlinux",
             "Void Linux", 0, 0, "xbps", "xbps", "voidlinux" });
  check (OSR ("ID=alpine\nVERSION_ID=3.19.1\nPRETTY_NAME=\"Alpine Linux v3.19\"\n"),
         &(struct expect) { "os-release alpine is alpinelinux", "alpinelinux",
             "Alpine Linux v3.19", 3, 19, "apk", "apk", "alpinelinux3.19" });
  check (OSR ("ID=gentoo\nVERSION_ID=2.14\nPRETTY_NAME=\"Gentoo Linux\"\n"),
         &(struct expect) { "os-release gentoo", "gentoo",
             "Gentoo Linux", 2, 14, "ebuild", "portage", "gentoo" });
  check (OSR ("ID=altlinux\nVERSION_ID=10.1\nPRETTY_NAME=\"ALT Workstation 10.1\"\n"),
         &(struct expect) { "os-release altlinux 10.1 is alt10.1", "altlinux",
             "ALT Workstation 10.1", 10, 1, "rpm", "apt", "alt10.1" });
  check (OSR ("ID=mageia\nVERSION_ID=9\nPRETTY_NAME=\"Mageia 9\"\n"),
         &(struct expect) { "os-release mageia 9: urpmi", "mageia",
             "Mageia 9", 9, 0, "rpm", "urpmi", "mageia9" });
  check (OSR ("ID=plan9\nPRETTY_NAME=\"Plan 9\"\nVERSION_ID=4\n"),
         &(struct expect) { "os-release unknown ID is unknown", "unknown",
             "Plan 9", 4, 0, NULL, NULL, "unknown" });
  check (OSR ("ID=fedora\nVERSION_ID=38\n"),
         &(struct expect) { "os-release without PRETTY_NAME does not decide", "fedora",
             NULL, 38, 0, "rpm", "yum", "fedora38" });

  /* os-release that holds only the major version: the release files say more. */
  check (FILES (.text[GL_REL_OS_RELEASE] = "PRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\n"
                                          "VERSION_ID=\"12\"\nID=debian\n",
                .text[GL_REL_DEBIAN] = "12.15\n"),
         &(struct expect) { "debian 12: the point release from debian_version", "debian",
             "12.15", 12, 15, "deb", "apt", "debian12" });
  check (OSR ("PRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\nVERSION_ID=\"12\"\nID=debian\n"),
         &(struct expect) { "debian 12 without debian_version", "debian",
             "Debian GNU/Linux 12 (bookworm)", 12, 0, "deb", "apt", "debian12" });
  check (FILES (.text[GL_REL_OS_RELEASE] = "ID=\"centos\"\nVERSION_ID=\"7\"\n"
                                          "PRETTY_NAME=\"CentOS Linux 7 (Core)\"\n",
                .text[GL_REL_CENTOS] = "CentOS Linux release 7.9.2009 (Core)\n",
                .text[GL_REL_REDHAT] = "CentOS Linux release 7.9.2009 (Core)\n"),
         &(struct expect) { "centos 7: centos-release gives 7.9, osinfo centos7.0", "centos",
             "CentOS Linux release 7.9.2009 (Core)", 7, 9, "rpm", "yum", "centos7.0" });

  /* Unknown os-release IDs fall through to the release files. */
  check (FILES (.text[GL_REL_OS_RELEASE] = "ID=\"almalinux\"\nVERSION_ID=\"9.3\"\n"
                                          "PRETTY_NAME=\"AlmaLinux 9.3 (Shamrock Pearl)\"\n",
                .text[GL_REL_REDHAT] = "AlmaLinux release 9.3 (Shamrock Pearl)\n"),
         &(struct expect) { "almalinux is redhat-based", "redhat-based",
             "AlmaLinux release 9.3 (Shamrock Pearl)", 9, 3, "rpm", "dnf", "redhat-based9.3" });
  check (FILES (.text[GL_REL_OS_RELEASE] = "ID=\"ol\"\nVERSION_ID=\"8.9\"\n"
                                          "PRETTY_NAME=\"Oracle Linux Server 8.9\"\n",
                .text[GL_REL_ORACLE] = "Oracle Linux Server release 8.9\n",
                .text[GL_REL_REDHAT] = "Red Hat Enterprise Linux release 8.9 (Ootpa)\n"),
         &(struct expect) { "ol: oracle-release before redhat-release", "oraclelinux",
             "Oracle Linux Server release 8.9", 8, 9, "rpm", "dnf", "oraclelinux8.9" });
  check (FILES (.text[GL_REL_OS_RELEASE] = "ID=linuxmint\nVERSION_ID=\"21.3\"\n"
                                          "PRETTY_NAME=\"Linux Mint 21.3\"\n",
                .text[GL_REL_LSB] = "DISTRIB_ID=LinuxMint\nDISTRIB_RELEASE=21.3\n"
                                    "DISTRIB_CODENAME=virginia\n"
                                    "DISTRIB_DESCRIPTION=\"Linux Mint 21.3 Virginia\"\n"),
         &(struct expect) { "linuxmint through lsb-release", "linuxmint",
             "Linux Mint 21.3 Virginia", 21, 3, "deb", "apt", "linuxmint21.3" });

  /* Release files without os-release. */
  check (FILES (.text[GL_REL_REDHAT] = "Red Hat Enterprise Linux Server release 5.11 (Tikanga)\n"),
         &(struct expect) { "redhat-release rhel 5.11", "rhel",
             "Red Hat Enterprise Linux Server release 5.11 (Tikanga)",
             5, 11, "rpm", "yum", "rhel5.11" });
  check (FILES (.text[GL_REL_REDHAT] = "Red Hat Enterprise Linux AS release 4 (Nahant Update 9)\n"),
         &(struct expect) { "redhat-release rhel 4 update 9", "rhel",
             "Red Hat Enterprise Linux AS release 4 (Nahant Update 9)",
             4, 9, "rpm", "up2date", "rhel4.9" });
  check (FILES (.text[GL_REL_REDHAT] = "CentOS release 5.11 (Final)\n"),
         &(struct expect) { "redhat-release centos 5.11", "centos",
             "CentOS release 5.11 (Final)", 5, 11, "rpm", "yum", "centos5.11" });
  check (FILES (.text[GL_REL_REDHAT] = "Fedora release 20 (Heisenbug)\n"),
         &(struct expect) { "redhat-release fedora 20 uses yum", "fedora",
             "Fedora release 20 (Heisenbug)", 20, 0, "rpm", "yum", "fedora20" });
  check (FILES (.text[GL_REL_REDHAT] = "Something Else 3\n"),
         &(struct expect) { "an unknown redhat-release is redhat-based", "redhat-based",
             "Something Else 3", 3, 0, "rpm", "up2date", "redhat-based3.0" });
  check (FILES (.text[GL_REL_SUSE] = "SUSE Linux Enterprise Server 11 (x86_64)\nVERSION = 11\nPATCHLEVEL = 4\n"),
         &(struct expect) { "SuSE-release sles 11 SP4", "sles",
             "SUSE Linux Enterprise Server 11 (x86_64)", 11, 4, "rpm", "zypper", "sles11sp4" });
  check (FILES (.text[GL_REL_SUSE] = "SUSE Linux Enterprise Server 10 (x86_64)\nVERSION = 10\n"),
         &(struct expect) { "SuSE-release sles 10 without service pack", "sles",
             NULL, 10, 0, "rpm", "zypper", "sles10" });
  check (FILES (.text[GL_REL_SUSE] = "openSUSE 13.1 (x86_64)\nVERSION = 13.1\nCODENAME = Bottle\n"),
         &(struct expect) { "SuSE-release opensuse 13.1", "opensuse",
             "openSUSE 13.1 (x86_64)", 13, 1, "rpm", "zypper", "opensuse13.1" });
  check (FILES (.text[GL_REL_DEBIAN] = "5.0.1\n"),
         &(struct expect) { "debian_version 5.0.1: product 5.0.1, version 5.0", "debian",
             "5.0.1", 5, 0, "deb", "apt", "debian5" });
  check (FILES (.text[GL_REL_DEBIAN] = "squeeze/sid\n"),
         &(struct expect) { "debian_version squeeze/sid has version 0", "debian",
             "squeeze/sid", 0, 0, "deb", "apt", "unknown" });
  check (FILES (.text[GL_REL_DEBIAN] = "lenny/sid\n",
                .text[GL_REL_LSB] = "DISTRIB_ID=Ubuntu\nDISTRIB_RELEASE=8.04\nDISTRIB_CODENAME=hardy\n"
                                    "DISTRIB_DESCRIPTION=\"Ubuntu 8.04.4 LTS\"\n"),
         &(struct expect) { "lsb-release ubuntu 8.04 wins over debian_version", "ubuntu",
             "Ubuntu 8.04.4 LTS", 8, 4, "deb", "apt", "ubuntu8.04" });
  check (FILES (.text[GL_REL_ARCH] = ""),
         &(struct expect) { "an empty arch-release is Arch", "archlinux",
             NULL, 0, 0, "pacman", "pacman", "archlinux" });
  check (FILES (.text[GL_REL_ALPINE] = "3.19.1\n"),
         &(struct expect) { "alpine-release", "alpinelinux",
             "3.19.1", 3, 19, "apk", "apk", "alpinelinux3.19" });
  check (FILES (.has_dnf = true),
         &(struct expect) { "no files is unknown", "unknown",
             NULL, 0, 0, NULL, NULL, "unknown" });

  /* Hostile text: a huge version saturates, a long line is cut. */
  check (FILES (.text[GL_REL_DEBIAN] = "99999999999999999999.7\n"),
         &(struct expect) { "a huge version number saturates", "debian",
             NULL, 999999999, 7, "deb", "apt", "debian999999999" });
  {
    size_t n = GL_DISTRO_MAX_BYTES + 1;
    char *big = malloc (n + 1);
    memset (big, 'x', n);
    big[n] = '\0';
    struct gl_distro d;
    errno = 0;
    ok (gl_distro_detect (FILES (.text[GL_REL_SUSE] = big), &d) == -1
        && errno == EFBIG, "a release file over 1 MiB is refused with EFBIG");
    gl_distro_free (&d);
    memset (big, '7', 100000);
    big[100000] = '\0';
    ok (gl_distro_detect (FILES (.text[GL_REL_DEBIAN] = big), &d) == 0 &&
        d.product_name && strlen (d.product_name) == 1024,
        "a 100,000-byte first line: the product name is cut at 1 KiB");
    gl_distro_free (&d);
    free (big);
  }
  return tap_done ();
}
