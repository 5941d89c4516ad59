/* guestlift: which Linux distribution, from its release files (pure).
 *
 * The caller reads whichever of these files exist in the guest root (NULL
 * when absent; bounded reads) and this module decides, by a table of rules:
 * /etc/os-release, /etc/redhat-release, /etc/centos-release,
 * /etc/SuSE-release, /etc/debian_version, /etc/lsb-release.
 */
#ifndef GUESTLIFT_DISTRO_H
#define GUESTLIFT_DISTRO_H

struct gl_release_files {
  const char *os_release;
  const char *redhat_release;
  const char *centos_release;
  const char *suse_release;
  const char *debian_version;
  const char *lsb_release;
};

struct gl_distro {
  char *distro;              /* "rhel", "centos", "sles", "opensuse", "debian",
                              * "ubuntu", "fedora", ... or "unknown" */
  char *product_name;        /* "Red Hat Enterprise Linux Server release 5.11 (Tikanga)" */
  int major, minor;          /* 0 when unknown */
  char *package_format;      /* "rpm", "deb", ... or NULL */
  char *package_management;  /* "yum", "dnf", "zypper", "apt", ... or NULL */
  char *osinfo;              /* libosinfo-style short id "rhel5.11", "debian12", or NULL */
};

/* 0 on success (distro may be "unknown"), -1 on ENOMEM. */
int gl_distro_detect (const struct gl_release_files *f, struct gl_distro *out);
void gl_distro_free (struct gl_distro *d);

#endif
