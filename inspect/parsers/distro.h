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

/* 0 on success (distro may be "unknown"), -1 on ENOMEM.
 * Additions: -1 with errno EFBIG when any file is longer than
 * GL_DISTRO_MAX_BYTES.  *out is always initialised (gl_distro_free is safe
 * after either result).  Order: os-release when its ID (or, failing that,
 * one of its ID_LIKE words) is known; else redhat-release, centos-release,
 * SuSE-release, lsb-release (Ubuntu/Debian), debian_version.  A distro
 * recognised only through ID_LIKE gets no osinfo id (the version is the
 * derivative's).  Debian's os-release without VERSION_ID (testing/sid)
 * takes the version from debian_version.  product_name: PRETTY_NAME, the
 * first line of the release file, lsb DISTRIB_DESCRIPTION, else "NAME
 * MAJOR" ("Debian GNU/Linux 12"). */
#define GL_DISTRO_MAX_BYTES (1024 * 1024)

int gl_distro_detect (const struct gl_release_files *f, struct gl_distro *out);
void gl_distro_free (struct gl_distro *d);

#endif
