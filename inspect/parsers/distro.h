/* guestlift: which Linux distribution, from its release files (pure).
 *
 * The answer is libguestfs's (the reference for OS facts): the release
 * files are tried in libguestfs's order, each by its own rule, until one
 * rule decides; what a rule that did not decide had already read (a
 * product name, a version) stays unless a later rule replaces it.  The
 * caller reads the files of gl_release_file_paths that exist in the guest
 * root (bounded reads; NULL when absent, "" when empty: an empty
 * /etc/arch-release still says Arch) and says whether /usr/bin/dnf is
 * there (Fedora's package manager depends on it).
 */
#ifndef GUESTLIFT_DISTRO_H
#define GUESTLIFT_DISTRO_H

#include <stdbool.h>

/* The release files, in the order their rules are tried. */
enum gl_release_file {
  GL_REL_OS_RELEASE,            /* /etc/os-release: ID, VERSION_ID, PRETTY_NAME */
  GL_REL_LSB,                   /* /etc/lsb-release: DISTRIB_* */
  GL_REL_OPENMANDRIVA,
  GL_REL_ORACLE,
  GL_REL_CENTOS,
  GL_REL_CIRCLE,
  GL_REL_ROCKY,
  GL_REL_ALTLINUX,
  GL_REL_REDHAT,                /* Fedora, RHEL, CentOS, ...; else redhat-based */
  GL_REL_DEBIAN,                /* /etc/debian_version: "12.5", "5.0.1" */
  GL_REL_PARDUS,
  GL_REL_ARCH,                  /* empty: its presence is the answer */
  GL_REL_GENTOO,
  GL_REL_MEEGO,
  GL_REL_SLACKWARE,
  GL_REL_TTYLINUX,
  GL_REL_SUSE,                  /* /etc/SuSE-release */
  GL_REL_CIRROS,
  GL_REL_ALPINE,
  GL_REL_FRUGALWARE,
  GL_REL_PLD,
  GL_REL_COUNT
};

/* The guest path of each release file. */
extern const char *const gl_release_file_paths[GL_REL_COUNT];

struct gl_release_files {
  const char *text[GL_REL_COUNT];
  bool has_dnf;                 /* /usr/bin/dnf is a file */
};

struct gl_distro {
  char *distro;              /* "rhel", "centos", "sles", "debian", ... or "unknown" */
  char *product_name;        /* "Red Hat Enterprise Linux Server release 5.11
                              * (Tikanga)", or NULL when no file names it */
  int major, minor;          /* 0 when unknown */
  char *package_format;      /* "rpm", "deb", ... or NULL */
  char *package_management;  /* "yum", "dnf", "zypper", "apt", ... or NULL */
  char *osinfo;              /* libosinfo short id "rhel5.11", "debian12",
                              * "unknown" when none can be guessed */
};

/* 0 on success (distro may be "unknown"), -1 on ENOMEM.
 * Additions: -1 with errno EFBIG when any file is longer than
 * GL_DISTRO_MAX_BYTES.  *out is always initialised (gl_distro_free is safe
 * after either result). */
#define GL_DISTRO_MAX_BYTES (1024 * 1024)

int gl_distro_detect (const struct gl_release_files *f, struct gl_distro *out);
void gl_distro_free (struct gl_distro *d);

#endif
