/* guestlift: which Linux distribution (see distro.h).  Everything that
 * differs between distributions is in the tables below: the rules (which
 * release file, read how, saying which distribution), the distributions
 * (packaging, libosinfo id) and the os-release IDs. */
#include <config.h>

#include <errno.h>
#include <regex.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "cleanup.h"
#include "distro.h"
#include "error.h"
#include "keyvalue.h"

#define ARRAY_SIZE(a) (sizeof (a) / sizeof ((a)[0]))

const char *const gl_release_file_paths[GL_REL_COUNT] = {
  [GL_REL_OS_RELEASE] = "/etc/os-release",
  [GL_REL_LSB] = "/etc/lsb-release",
  [GL_REL_OPENMANDRIVA] = "/etc/openmandriva-release",
  [GL_REL_ORACLE] = "/etc/oracle-release",
  [GL_REL_CENTOS] = "/etc/centos-release",
  [GL_REL_CIRCLE] = "/etc/circle-release",
  [GL_REL_ROCKY] = "/etc/rocky-release",
  [GL_REL_ALTLINUX] = "/etc/altlinux-release",
  [GL_REL_REDHAT] = "/etc/redhat-release",
  [GL_REL_DEBIAN] = "/etc/debian_version",
  [GL_REL_PARDUS] = "/etc/pardus-release",
  [GL_REL_ARCH] = "/etc/arch-release",
  [GL_REL_GENTOO] = "/etc/gentoo-release",
  [GL_REL_MEEGO] = "/etc/meego-release",
  [GL_REL_SLACKWARE] = "/etc/slackware-version",
  [GL_REL_TTYLINUX] = "/etc/ttylinux-target",
  [GL_REL_SUSE] = "/etc/SuSE-release",
  [GL_REL_CIRROS] = "/etc/cirros/version",
  [GL_REL_ALPINE] = "/etc/alpine-release",
  [GL_REL_FRUGALWARE] = "/etc/frugalware-release",
  [GL_REL_PLD] = "/etc/pld-release",
};

/* ---- the distributions ----------------------------------------------- */

/* Which package manager, by family. */
enum pkg_family {
  PM_NONE,
  PM_FEDORA,                    /* dnf from 22 when /usr/bin/dnf is there, else yum */
  PM_EL,                        /* dnf from 8, yum from 5, up2date from 2 */
  PM_FIXED,                     /* always pkg_mgmt */
};

/* How the libosinfo short id is spelt (libguestfs 1.48's rules). */
enum osinfo_style {
  OSI_GENERIC,                  /* "NAME5.11" when a version is known */
  OSI_MAJOR,                    /* "fedora39" */
  OSI_MAJOR_FROM_4,             /* Debian: "debian12" from 4 on */
  OSI_CENTOS,                   /* "centos8", "centos7.0", "centos6.10" */
  OSI_MAJOR_FROM_8,             /* Rocky, Circle: "rocky8" */
  OSI_SLES,                     /* "sles15", "sles15sp5" */
  OSI_UBUNTU,                   /* "ubuntu22.04" */
  OSI_NAME,                     /* rolling: the name alone */
  OSI_ALT,                      /* "alt10.1" from 8, else "altlinux7.0" */
};

struct distro_info {
  const char *name;
  const char *package_format;
  enum pkg_family family;
  const char *pkg_mgmt;         /* PM_FIXED's manager */
  enum osinfo_style osinfo;
};

static const struct distro_info distros[] = {
  { "alpinelinux", "apk", PM_FIXED, "apk", OSI_GENERIC },
  { "altlinux", "rpm", PM_FIXED, "apt", OSI_ALT },
  { "archlinux", "pacman", PM_FIXED, "pacman", OSI_NAME },
  { "centos", "rpm", PM_EL, NULL, OSI_CENTOS },
  { "circle", "rpm", PM_EL, NULL, OSI_MAJOR_FROM_8 },
  { "cirros", NULL, PM_NONE, NULL, OSI_GENERIC },
  { "coreos", NULL, PM_NONE, NULL, OSI_GENERIC },
  { "debian", "deb", PM_FIXED, "apt", OSI_MAJOR_FROM_4 },
  { "fedora", "rpm", PM_FEDORA, NULL, OSI_MAJOR },
  { "frugalware", NULL, PM_NONE, NULL, OSI_GENERIC },
  { "gentoo", "ebuild", PM_FIXED, "portage", OSI_NAME },
  { "kalilinux", "deb", PM_FIXED, "apt", OSI_GENERIC },
  { "kylin", "rpm", PM_EL, NULL, OSI_GENERIC },
  { "linuxmint", "deb", PM_FIXED, "apt", OSI_GENERIC },
  { "mageia", "rpm", PM_FIXED, "urpmi", OSI_MAJOR },
  { "meego", "rpm", PM_FIXED, "yum", OSI_GENERIC },
  { "neokylin", "rpm", PM_FIXED, "dnf", OSI_GENERIC },
  { "openmandriva", "rpm", PM_FIXED, "dnf", OSI_GENERIC },
  { "opensuse", "rpm", PM_FIXED, "zypper", OSI_GENERIC },
  { "oraclelinux", "rpm", PM_EL, NULL, OSI_GENERIC },
  { "pardus", "pisi", PM_FIXED, "pisi", OSI_GENERIC },
  { "pldlinux", NULL, PM_NONE, NULL, OSI_GENERIC },
  { "redhat-based", "rpm", PM_EL, NULL, OSI_GENERIC },
  { "rhel", "rpm", PM_EL, NULL, OSI_GENERIC },
  { "rocky", "rpm", PM_EL, NULL, OSI_MAJOR_FROM_8 },
  { "scientificlinux", "rpm", PM_EL, NULL, OSI_GENERIC },
  { "slackware", NULL, PM_NONE, NULL, OSI_GENERIC },
  { "sles", "rpm", PM_FIXED, "zypper", OSI_SLES },
  { "suse-based", "rpm", PM_FIXED, "zypper", OSI_GENERIC },
  { "ttylinux", NULL, PM_NONE, NULL, OSI_GENERIC },
  { "ubuntu", "deb", PM_FIXED, "apt", OSI_UBUNTU },
  { "voidlinux", "xbps", PM_FIXED, "xbps", OSI_NAME },
};

/* os-release ID -> distribution ("opensuse-..." by prefix). */
static const struct { const char *id, *distro; } os_release_ids[] = {
  { "alpine", "alpinelinux" }, { "altlinux", "altlinux" },
  { "arch", "archlinux" }, { "centos", "centos" }, { "circle", "circle" },
  { "coreos", "coreos" }, { "debian", "debian" }, { "fedora", "fedora" },
  { "frugalware", "frugalware" }, { "gentoo", "gentoo" },
  { "kali", "kalilinux" }, { "kylin", "kylin" }, { "mageia", "mageia" },
  { "neokylin", "neokylin" }, { "openmandriva", "openmandriva" },
  { "opensuse", "opensuse" }, { "pardus", "pardus" }, { "pld", "pldlinux" },
  { "rhel", "rhel" }, { "rocky", "rocky" }, { "sles", "sles" },
  { "sled", "sles" }, { "ubuntu", "ubuntu" }, { "void", "voidlinux" },
};

/* lsb-release DISTRIB_ID -> distribution. */
static const struct { const char *id, *distro; } lsb_ids[] = {
  { "CoreOS", "coreos" }, { "LinuxMint", "linuxmint" },
  { "Mageia", "mageia" }, { "Ubuntu", "ubuntu" },
};

/* os-release's VERSION_ID holds only the major version for these: the
 * release files say more. */
static const char *const major_only_os_release[] = {
  "debian", "centos", "circle", "rocky",
};
/* Rolling distributions: no VERSION_ID is version 0.0. */
static const char *const rolling[] = { "archlinux", "gentoo", "voidlinux" };

/* ---- the rules --------------------------------------------------------- */

enum rule_kind {
  R_OS_RELEASE,                 /* ID, VERSION_ID, PRETTY_NAME */
  R_LSB,                        /* DISTRIB_ID, DISTRIB_RELEASE, DISTRIB_DESCRIPTION */
  R_FIRST_LINE,                 /* product = first line; version by pattern */
  R_SUSE,                       /* SuSE-release's three lines */
  R_PRESENT,                    /* the file's presence decides */
};

struct rule {
  enum gl_release_file file;
  enum rule_kind kind;
  const char *distro;
  /* R_FIRST_LINE: an extended regex whose groups 1 and 2 are the major
   * and minor versions, and that must match; NULL: any version found. */
  const char *pattern;
};

#define REL_N(d) d ".*release ([0-9]+)"
#define REL_NM(d) d ".*release ([0-9]+)\\.([0-9]+)"
#define REL_UPDATE(d) d ".*release ([0-9]+).*Update ([0-9]+)"

/* Tried in this order until one decides (libguestfs's order). */
static const struct rule rules[] = {
  { GL_REL_OS_RELEASE, R_OS_RELEASE, NULL, NULL },
  { GL_REL_LSB, R_LSB, NULL, NULL },
  { GL_REL_OPENMANDRIVA, R_FIRST_LINE, "openmandriva",
    "OpenMandriva.*release ([0-9]+)\\.([0-9]+)\\.?([0-9]+)? .*" },
  { GL_REL_ORACLE, R_FIRST_LINE, "oraclelinux", REL_UPDATE ("Oracle Linux") },
  { GL_REL_ORACLE, R_FIRST_LINE, "oraclelinux", REL_NM ("Oracle Linux") },
  { GL_REL_ORACLE, R_FIRST_LINE, "oraclelinux", REL_N ("Oracle Linux") },
  { GL_REL_CENTOS, R_FIRST_LINE, "centos", REL_UPDATE ("CentOS") },
  { GL_REL_CENTOS, R_FIRST_LINE, "centos", REL_NM ("CentOS") },
  { GL_REL_CENTOS, R_FIRST_LINE, "centos", REL_N ("CentOS") },
  { GL_REL_CIRCLE, R_FIRST_LINE, "circle", REL_NM ("Circle Linux") },
  { GL_REL_CIRCLE, R_FIRST_LINE, "circle", REL_N ("Circle Linux") },
  { GL_REL_ROCKY, R_FIRST_LINE, "rocky", REL_NM ("Rocky Linux") },
  { GL_REL_ROCKY, R_FIRST_LINE, "rocky", REL_N ("Rocky Linux") },
  { GL_REL_ALTLINUX, R_FIRST_LINE, "altlinux", NULL },
  { GL_REL_REDHAT, R_FIRST_LINE, "fedora", "Fedora release ([0-9]+)" },
  { GL_REL_REDHAT, R_FIRST_LINE, "rhel", REL_UPDATE ("Red Hat") },
  { GL_REL_REDHAT, R_FIRST_LINE, "rhel", REL_NM ("Red Hat") },
  { GL_REL_REDHAT, R_FIRST_LINE, "rhel", REL_N ("Red Hat") },
  { GL_REL_REDHAT, R_FIRST_LINE, "centos", REL_UPDATE ("CentOS") },
  { GL_REL_REDHAT, R_FIRST_LINE, "centos", REL_NM ("CentOS") },
  { GL_REL_REDHAT, R_FIRST_LINE, "centos", REL_N ("CentOS") },
  { GL_REL_REDHAT, R_FIRST_LINE, "circle", REL_NM ("Circle Linux") },
  { GL_REL_REDHAT, R_FIRST_LINE, "circle", REL_N ("Circle Linux") },
  { GL_REL_REDHAT, R_FIRST_LINE, "rocky", REL_NM ("Rocky Linux") },
  { GL_REL_REDHAT, R_FIRST_LINE, "rocky", REL_N ("Rocky Linux") },
  { GL_REL_REDHAT, R_FIRST_LINE, "scientificlinux", REL_UPDATE ("Scientific Linux") },
  { GL_REL_REDHAT, R_FIRST_LINE, "scientificlinux", REL_NM ("Scientific Linux") },
  { GL_REL_REDHAT, R_FIRST_LINE, "scientificlinux", REL_N ("Scientific Linux") },
  /* A redhat-release nothing above recognises: a Red Hat derivative. */
  { GL_REL_REDHAT, R_FIRST_LINE, "redhat-based", NULL },
  { GL_REL_REDHAT, R_PRESENT, "redhat-based", NULL },
  { GL_REL_DEBIAN, R_FIRST_LINE, "debian", NULL },
  { GL_REL_PARDUS, R_FIRST_LINE, "pardus", NULL },
  { GL_REL_ARCH, R_PRESENT, "archlinux", NULL },
  { GL_REL_GENTOO, R_FIRST_LINE, "gentoo", NULL },
  { GL_REL_MEEGO, R_FIRST_LINE, "meego", NULL },
  { GL_REL_SLACKWARE, R_FIRST_LINE, "slackware", NULL },
  { GL_REL_TTYLINUX, R_FIRST_LINE, "ttylinux", NULL },
  { GL_REL_SUSE, R_SUSE, NULL, NULL },
  { GL_REL_SUSE, R_PRESENT, "suse-based", NULL },
  { GL_REL_CIRROS, R_FIRST_LINE, "cirros", NULL },
  { GL_REL_ALPINE, R_FIRST_LINE, "alpinelinux", NULL },
  { GL_REL_FRUGALWARE, R_FIRST_LINE, "frugalware", "Frugalware ([0-9]+)\\.([0-9]+)" },
  { GL_REL_PLD, R_FIRST_LINE, "pldlinux", "([0-9]+)\\.([0-9]+) PLD Linux" },
};

/* What the rules have read so far. */
struct facts {
  const char *distro;           /* a name from the tables, or NULL */
  char *product;
  bool have_version;
  int major, minor;
};

/* Patterns run on one line of guest text at most this long (a release
 * file's first line is short; a hostile one is cut, not searched whole). */
#define LINE_MAX_BYTES 1024

/* ---- helpers ------------------------------------------------------------ */

/* Digits [s, s+n) as a number, saturating (a hostile version cannot
 * overflow). */
static int
number (const char *s, size_t n)
{
  int v = 0;
  for (size_t i = 0; i < n; ++i)
    v = v < 100000000 ? v * 10 + (s[i] - '0') : v;
  return v;
}

/* Search S for the extended regex PATTERN; groups 1 and 2 (when they
 * took part) into MAJOR and MINOR (-1 when not).  1 match, 0 none, -1
 * ENOMEM. */
static int
search (const char *pattern, const char *s, int *major, int *minor)
{
  regex_t re;
  int r = regcomp (&re, pattern, REG_EXTENDED);
  if (r != 0)
    return r == REG_ESPACE ? (errno = ENOMEM, -1) : 0;
  regmatch_t m[3];
  r = regexec (&re, s, 3, m, 0);
  regfree (&re);
  if (r == REG_ESPACE) {
    errno = ENOMEM;
    return -1;
  }
  if (r != 0)
    return 0;
  *major = m[1].rm_so >= 0 ? number (s + m[1].rm_so, m[1].rm_eo - m[1].rm_so) : -1;
  *minor = m[2].rm_so >= 0 ? number (s + m[2].rm_so, m[2].rm_eo - m[2].rm_so) : -1;
  return 1;
}

/* The first "N.M" in S, else the first "N" (minor 0): libguestfs's
 * best effort.  -1 ENOMEM, else 0 (the version set when one is found). */
static int
any_version (const char *s, struct facts *f)
{
  int major, minor, r = search ("([0-9]+)\\.([0-9]+)", s, &major, &minor);
  if (r == 0)
    r = search ("([0-9]+)", s, &major, &minor);
  if (r == 1) {
    f->have_version = true;
    f->major = major;
    f->minor = minor >= 0 ? minor : 0;
  }
  return r == -1 ? -1 : 0;
}

/* Line N (from 0) of TEXT, cut at LINE_MAX_BYTES; NULL when there is no
 * such line (or ENOMEM, errno set). */
static char *
nth_line (const char *text, unsigned n)
{
  for (; n > 0; --n) {
    const char *nl = strchr (text, '\n');
    if (!nl) {
      errno = 0;
      return NULL;
    }
    text = nl + 1;
  }
  size_t len = strcspn (text, "\n");
  if (len > LINE_MAX_BYTES)
    len = LINE_MAX_BYTES;
  return strndup (text, len);
}

static int
set_product (struct facts *f, char *s)
{
  if (!s)
    return -1;
  free (f->product);
  f->product = s;
  return 0;
}

/* KEY of a KEY=value file, or NULL (errno 0 when absent). */
static char *
value_of (const char *text, const char *key)
{
  return gl_keyvalue_get (text, strlen (text), key);
}

static bool
in_list (const char *const *list, size_t n, const char *s)
{
  for (size_t i = 0; s && i < n; ++i)
    if (strcmp (list[i], s) == 0)
      return true;
  return false;
}

/* ---- the rules' readers: 1 decided, 0 not, -1 ENOMEM ------------------ */

static int
os_release (const char *text, struct facts *f)
{
  CLEANUP_FREE char *id = value_of (text, "ID");
  if (!id && errno) return -1;
  CLEANUP_FREE char *pretty = value_of (text, "PRETTY_NAME");
  if (!pretty && errno) return -1;
  CLEANUP_FREE char *version = value_of (text, "VERSION_ID");
  if (!version && errno) return -1;

  for (size_t i = 0; id && i < ARRAY_SIZE (os_release_ids); ++i)
    if (strcmp (id, os_release_ids[i].id) == 0)
      f->distro = os_release_ids[i].distro;
  if (id && strncmp (id, "opensuse-", 9) == 0)
    f->distro = "opensuse";
  if (pretty && set_product (f, GL_STEAL (pretty)) == -1)
    return -1;
  if (version && any_version (version, f) == -1)
    return -1;

  if (!f->distro || !f->product)
    return 0;
  if (f->have_version && f->minor == 0 &&
      in_list (major_only_os_release, ARRAY_SIZE (major_only_os_release), f->distro))
    return 0;
  if (!f->have_version && in_list (rolling, ARRAY_SIZE (rolling), f->distro)) {
    f->have_version = true;
    f->major = f->minor = 0;
  }
  return f->have_version;
}

static int
lsb_release (const char *text, struct facts *f)
{
  CLEANUP_FREE char *id = value_of (text, "DISTRIB_ID");
  if (!id && errno) return -1;
  CLEANUP_FREE char *release = value_of (text, "DISTRIB_RELEASE");
  if (!release && errno) return -1;
  CLEANUP_FREE char *desc = value_of (text, "DISTRIB_DESCRIPTION");
  if (!desc && errno) return -1;

  bool decided = false;
  for (size_t i = 0; id && i < ARRAY_SIZE (lsb_ids); ++i)
    if (strcmp (id, lsb_ids[i].id) == 0) {
      f->distro = lsb_ids[i].distro;
      decided = true;
    }
  if (release && any_version (release, f) == -1)
    return -1;
  /* A description alone decides too (a bare LSB_VERSION file does not). */
  if (desc) {
    decided = true;
    if (set_product (f, GL_STEAL (desc)) == -1)
      return -1;
  }
  return decided;
}

static int
first_line (const char *text, const struct rule *r, struct facts *f)
{
  char *line = nth_line (text, 0);
  if (!line)
    return -1;
  if (!*line) {
    free (line);
    return 0;
  }
  set_product (f, line);
  f->distro = r->distro;
  if (!r->pattern)
    return any_version (line, f) == -1 ? -1 : 1;
  int major, minor, m = search (r->pattern, line, &major, &minor);
  if (m == 1 && major >= 0) {
    f->have_version = true;
    f->major = major;
    f->minor = minor >= 0 ? minor : 0;
  }
  return m;
}

static int
suse_release (const char *text, struct facts *f)
{
  char *line = nth_line (text, 0);
  if (!line)
    return -1;
  if (!*line && !strchr (text, '\n')) {
    free (line);
    return 0;
  }
  set_product (f, line);
  int major, minor, m;
  if ((m = search ("^SUSE (Linux|LINUX) Enterprise ", line, &major, &minor)) == 0)
    m = search ("^Novell Linux Desktop ", line, &major, &minor);
  if (m == -1)
    return -1;
  if (m == 1) {
    CLEANUP_FREE char *l2 = nth_line (text, 1), *l3 = nth_line (text, 2);
    int vmajor = -1, vminor = -1, x;
    if ((l2 && search ("^VERSION = ([0-9]+)", l2, &vmajor, &x) == -1) ||
        (l3 && search ("^PATCHLEVEL = ([0-9]+)", l3, &vminor, &x) == -1))
      return -1;
    f->distro = "sles";
    f->have_version = vmajor >= 0;
    f->major = vmajor >= 0 ? vmajor : 0;
    f->minor = vmajor >= 0 && vminor >= 0 ? vminor : 0;
    return 1;
  }
  m = search ("^(openSUSE|SuSE Linux|SUSE LINUX) ", line, &major, &minor);
  if (m == -1)
    return -1;
  if (m == 1) {
    CLEANUP_FREE char *l2 = nth_line (text, 1);
    if (l2 && any_version (l2, f) == -1)
      return -1;
    f->distro = "opensuse";
  }
  return 1;
}

static int
apply_rule (const struct rule *r, const char *text, struct facts *f)
{
  switch (r->kind) {
  case R_OS_RELEASE: return os_release (text, f);
  case R_LSB: return lsb_release (text, f);
  case R_FIRST_LINE: return first_line (text, r, f);
  case R_SUSE: return suse_release (text, f);
  case R_PRESENT:
    f->distro = r->distro;
    return 1;
  }
  return 0;
}

/* ---- the derived facts ---------------------------------------------- */

static const struct distro_info *
find_distro (const char *name)
{
  for (size_t i = 0; name && i < ARRAY_SIZE (distros); ++i)
    if (strcmp (distros[i].name, name) == 0)
      return &distros[i];
  return NULL;
}

static const char *
package_management (const struct distro_info *di, int major, bool has_dnf)
{
  switch (di->family) {
  case PM_NONE: return NULL;
  case PM_FIXED: return di->pkg_mgmt;
  case PM_FEDORA:
    return major >= 22 && has_dnf ? "dnf" : major >= 1 ? "yum" : NULL;
  case PM_EL:
    return major >= 8 ? "dnf" : major >= 5 ? "yum" : major >= 2 ? "up2date" : NULL;
  }
  return NULL;
}

/* NULL only on ENOMEM. */
static char *
make_osinfo (const struct distro_info *di, int major, int minor)
{
  const char *n = di ? di->name : "unknown";
  switch (di ? di->osinfo : OSI_GENERIC) {
  case OSI_NAME:
    return strdup (n);
  case OSI_MAJOR:
    return gl_printf ("%s%d", n, major);
  case OSI_MAJOR_FROM_4:
    if (major >= 4)
      return gl_printf ("%s%d", n, major);
    break;
  case OSI_MAJOR_FROM_8:
    if (major >= 8)
      return gl_printf ("%s%d", n, major);
    break;
  case OSI_CENTOS:
    if (major >= 8)
      return gl_printf ("%s%d", n, major);
    if (major == 7)
      return gl_printf ("%s7.0", n);
    if (major == 6)
      return gl_printf ("%s6.%d", n, minor);
    break;
  case OSI_SLES:
    return minor == 0 ? gl_printf ("%s%d", n, major)
      : gl_printf ("%s%dsp%d", n, major, minor);
  case OSI_UBUNTU:
    return gl_printf ("%s%d.%02d", n, major, minor);
  case OSI_ALT:
    return major >= 8 ? gl_printf ("alt%d.%d", major, minor)
      : gl_printf ("%s%d.%d", n, major, minor);
  case OSI_GENERIC:
    break;
  }
  if (di && (major > 0 || minor > 0))
    return gl_printf ("%s%d.%d", n, major, minor);
  return strdup ("unknown");
}

int
gl_distro_detect (const struct gl_release_files *in, struct gl_distro *out)
{
  memset (out, 0, sizeof *out);
  for (size_t i = 0; i < GL_REL_COUNT; ++i)
    if (in->text[i] && strnlen (in->text[i], GL_DISTRO_MAX_BYTES + 1) > GL_DISTRO_MAX_BYTES) {
      errno = EFBIG;
      return -1;
    }

  struct facts f = { 0 };
  int r = 0;
  for (size_t i = 0; r == 0 && i < ARRAY_SIZE (rules); ++i)
    if (in->text[rules[i].file])
      r = apply_rule (&rules[i], in->text[rules[i].file], &f);
  if (r == -1)
    goto nomem;

  const struct distro_info *di = find_distro (f.distro);
  out->major = f.have_version ? f.major : 0;
  out->minor = f.have_version ? f.minor : 0;
  out->product_name = GL_STEAL (f.product);
  if (!(out->distro = strdup (di ? di->name : "unknown")) ||
      !(out->osinfo = make_osinfo (di, out->major, out->minor)))
    goto nomem;
  if (di) {
    const char *mgmt = package_management (di, out->major, in->has_dnf);
    if ((di->package_format && !(out->package_format = strdup (di->package_format))) ||
        (mgmt && !(out->package_management = strdup (mgmt))))
      goto nomem;
  }
  return 0;

 nomem:
  free (f.product);
  gl_distro_free (out);
  errno = ENOMEM;
  return -1;
}

void
gl_distro_free (struct gl_distro *d)
{
  if (!d)
    return;
  free (d->distro);
  free (d->product_name);
  free (d->package_format);
  free (d->package_management);
  free (d->osinfo);
  memset (d, 0, sizeof *d);
}
