/* guestlift: which Linux distribution (see distro.h).  Everything that
 * differs between distributions is in the tables below. */
#include <config.h>

#include <ctype.h>
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "cleanup.h"
#include "distro.h"
#include "error.h"
#include "keyvalue.h"

/* How the libosinfo short id is spelt. */
enum osinfo_style {
  OSI_NONE,                     /* not known to us */
  OSI_FIXED,                    /* rolling: "archlinux" */
  OSI_MAJOR,                    /* "debian12", "fedora20" */
  OSI_MAJOR_MINOR,              /* "rhel5.11", "opensuse13.1" */
  OSI_CENTOS,                   /* "centos5.11", but "centos7.0" from 7 on */
  OSI_SLES,                     /* "sles11", "sles11sp4" */
  OSI_UBUNTU,                   /* "ubuntu8.04" */
};

struct distro_info {
  const char *name;
  const char *display;          /* product name when nothing better */
  const char *package_format;
  const char *pkg_mgmt;         /* package manager ... */
  const char *pkg_mgmt_new;     /* ... replaced by this one ... */
  int new_from;                 /* ... from this major version on (0: never) */
  enum osinfo_style osinfo_style;
  const char *osinfo;           /* osinfo prefix (or the whole id) */
};

static const struct distro_info distros[] = {
  { "rhel", "Red Hat Enterprise Linux", "rpm", "yum", "dnf", 8,
    OSI_MAJOR_MINOR, "rhel" },
  { "centos", "CentOS Linux", "rpm", "yum", "dnf", 8, OSI_CENTOS, "centos" },
  { "oraclelinux", "Oracle Linux", "rpm", "yum", "dnf", 8,
    OSI_MAJOR_MINOR, "ol" },
  { "rocky", "Rocky Linux", "rpm", "dnf", NULL, 0, OSI_NONE, NULL },
  { "almalinux", "AlmaLinux", "rpm", "dnf", NULL, 0, OSI_NONE, NULL },
  { "scientificlinux", "Scientific Linux", "rpm", "yum", "dnf", 8,
    OSI_NONE, NULL },
  { "fedora", "Fedora", "rpm", "yum", "dnf", 22, OSI_MAJOR, "fedora" },
  { "sles", "SUSE Linux Enterprise Server", "rpm", "zypper", NULL, 0,
    OSI_SLES, "sles" },
  { "opensuse", "openSUSE", "rpm", "zypper", NULL, 0,
    OSI_MAJOR_MINOR, "opensuse" },
  { "debian", "Debian GNU/Linux", "deb", "apt", NULL, 0, OSI_MAJOR, "debian" },
  { "ubuntu", "Ubuntu", "deb", "apt", NULL, 0, OSI_UBUNTU, "ubuntu" },
  { "archlinux", "Arch Linux", "pkgbuild", "pacman", NULL, 0,
    OSI_FIXED, "archlinux" },
  { "alpine", "Alpine Linux", "apk", "apk", NULL, 0,
    OSI_MAJOR_MINOR, "alpinelinux" },
  { "gentoo", "Gentoo", "ebuild", "portage", NULL, 0, OSI_FIXED, "gentoo" },
};

/* os-release ID (or ID_LIKE word) -> distro. */
struct id_rule {
  const char *id;
  bool prefix;                  /* id is a prefix ("opensuse-leap") */
  const char *distro;
  const char *osinfo;           /* fixed osinfo id overriding the style */
};

static const struct id_rule id_rules[] = {
  { "rhel", false, "rhel", NULL },
  { "centos", false, "centos", NULL },
  { "ol", false, "oraclelinux", NULL },
  { "rocky", false, "rocky", NULL },
  { "almalinux", false, "almalinux", NULL },
  { "scientific", false, "scientificlinux", NULL },
  { "fedora", false, "fedora", NULL },
  { "sles", false, "sles", NULL },
  { "sled", false, "sles", NULL },
  { "sles_sap", false, "sles", NULL },
  { "opensuse-tumbleweed", false, "opensuse", "opensusetumbleweed" },
  { "opensuse", true, "opensuse", NULL },
  { "debian", false, "debian", NULL },
  { "ubuntu", false, "ubuntu", NULL },
  { "arch", false, "archlinux", NULL },
  { "archlinux", false, "archlinux", NULL },
  { "alpine", false, "alpine", NULL },
  { "gentoo", false, "gentoo", NULL },
};

/* First line of /etc/redhat-release (or centos-release) -> distro. */
struct text_rule {
  const char *contains;         /* case-insensitive */
  const char *distro;
};

static const struct text_rule redhat_rules[] = {
  { "Red Hat Enterprise Linux", "rhel" },
  { "CentOS", "centos" },
  { "Fedora", "fedora" },
  { "Oracle Linux", "oraclelinux" },
  { "Enterprise Linux Enterprise Linux", "oraclelinux" },
  { "Rocky Linux", "rocky" },
  { "AlmaLinux", "almalinux" },
  { "Scientific Linux", "scientificlinux" },
};

static const struct text_rule suse_rules[] = {
  { "openSUSE", "opensuse" },
  { "SUSE Linux Enterprise", "sles" },
  { "SUSE LINUX Enterprise", "sles" },
};

/* lsb-release DISTRIB_ID (exact, case-insensitive) -> distro. */
static const struct text_rule lsb_rules[] = {
  { "Ubuntu", "ubuntu" },
  { "Debian", "debian" },
};

#define ARRAY_SIZE(a) (sizeof (a) / sizeof ((a)[0]))

static const struct distro_info *
find_distro (const char *name)
{
  for (size_t i = 0; i < ARRAY_SIZE (distros); ++i)
    if (strcmp (distros[i].name, name) == 0)
      return &distros[i];
  return NULL;
}

static const struct id_rule *
find_id_rule (const char *id, size_t n)
{
  for (size_t i = 0; i < ARRAY_SIZE (id_rules); ++i) {
    size_t l = strlen (id_rules[i].id);
    if (id_rules[i].prefix ? n >= l && memcmp (id, id_rules[i].id, l) == 0
        : n == l && memcmp (id, id_rules[i].id, l) == 0)
      return &id_rules[i];
  }
  return NULL;
}

static const char *
match_text (const struct text_rule *rules, size_t n, const char *s)
{
  for (size_t i = 0; i < n; ++i)
    if (strcasestr (s, rules[i].contains))
      return rules[i].distro;
  return NULL;
}

/* Digits at *s (bounded so that it never overflows); advances *s. */
static int
parse_number (const char **s)
{
  int n = 0;
  for (; isdigit ((unsigned char) **s); ++*s)
    if (n < 100000000)
      n = n * 10 + (**s - '0');
  return n;
}

/* "12", "5.11", "7.9.2009", "15-SP4", "15 SP4" -> major, minor. */
static void
parse_version (const char *s, int *major, int *minor)
{
  *major = *minor = 0;
  if (!s || !isdigit ((unsigned char) *s))
    return;
  *major = parse_number (&s);
  if (*s == '.')
    s++;
  else if ((*s == '-' || *s == ' ') && strncasecmp (s + 1, "sp", 2) == 0)
    s += 3;
  else
    return;
  *minor = parse_number (&s);
}

/* First line of s, blanks trimmed; NULL on ENOMEM. */
static char *
first_line (const char *s)
{
  while (*s == ' ' || *s == '\t')
    s++;
  size_t n = strcspn (s, "\r\n");
  while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
    n--;
  return strndup (s, n);
}

/* "KEY = value" line of SuSE-release: pointer to value, or NULL. */
static const char *
suse_field (const char *s, const char *key)
{
  size_t kl = strlen (key);
  for (const char *line = s; line && *line; ) {
    while (*line == ' ' || *line == '\t')
      line++;
    if (strncmp (line, key, kl) == 0) {
      const char *p = line + kl;
      while (*p == ' ' || *p == '\t')
        p++;
      if (*p == '=') {
        p++;
        while (*p == ' ' || *p == '\t')
          p++;
        return p;
      }
    }
    line = strchr (line, '\n');
    if (line)
      line++;
  }
  return NULL;
}

static int
set_str (char **dst, const char *s)
{
  free (*dst);
  *dst = NULL;
  if (s && (*dst = strdup (s)) == NULL)
    return -1;
  return 0;
}

/* ---- one function per source: 1 recognised, 0 not, -1 ENOMEM -------- */

static int
from_os_release (const char *text, const struct gl_release_files *f,
                 struct gl_distro *out, const char **osinfo_fixed,
                 bool *by_like)
{
  size_t len = strlen (text);
  CLEANUP_FREE char *id = gl_keyvalue_get (text, len, "ID");
  if (!id && errno) return -1;
  CLEANUP_FREE char *like = gl_keyvalue_get (text, len, "ID_LIKE");
  if (!like && errno) return -1;
  CLEANUP_FREE char *version = gl_keyvalue_get (text, len, "VERSION_ID");
  if (!version && errno) return -1;
  CLEANUP_FREE char *pretty = gl_keyvalue_get (text, len, "PRETTY_NAME");
  if (!pretty && errno) return -1;

  const struct id_rule *rule = id ? find_id_rule (id, strlen (id)) : NULL;
  *by_like = false;
  for (const char *w = like; !rule && w && *w; ) {
    /* ID_LIKE is a blank-separated list, closest relative first. */
    w += strspn (w, " \t");
    size_t n = strcspn (w, " \t");
    if (n > 0 && (rule = find_id_rule (w, n)) != NULL)
      *by_like = true;
    w += n;
  }
  if (!rule)
    return 0;

  if (set_str (&out->distro, rule->distro) == -1 ||
      set_str (&out->product_name, pretty) == -1)
    return -1;
  *osinfo_fixed = rule->osinfo;
  parse_version (version, &out->major, &out->minor);
  /* Debian testing/sid has no VERSION_ID. */
  if (!version && strcmp (rule->distro, "debian") == 0 && f->debian_version)
    parse_version (f->debian_version, &out->major, &out->minor);
  return 1;
}

/* "Name release 5.11 (Codename)" */
static int
from_redhat_release (const char *text, struct gl_distro *out)
{
  CLEANUP_FREE char *line = first_line (text);
  if (!line)
    return -1;
  const char *d = match_text (redhat_rules, ARRAY_SIZE (redhat_rules), line);
  if (!d)
    return 0;
  const char *r = strstr (line, " release ");
  if (r)
    parse_version (r + 9, &out->major, &out->minor);
  if (set_str (&out->distro, d) == -1)
    return -1;
  out->product_name = GL_STEAL (line);
  return 1;
}

/* "SUSE Linux Enterprise Server 11 (x86_64)\nVERSION = 11\nPATCHLEVEL = 4" */
static int
from_suse_release (const char *text, struct gl_distro *out)
{
  CLEANUP_FREE char *line = first_line (text);
  if (!line)
    return -1;
  const char *d = match_text (suse_rules, ARRAY_SIZE (suse_rules), line);
  if (!d)
    return 0;
  const char *v = suse_field (text, "VERSION");
  if (v)
    parse_version (v, &out->major, &out->minor);
  else {
    const char *p = line + strcspn (line, "0123456789");
    parse_version (p, &out->major, &out->minor);
  }
  const char *pl = suse_field (text, "PATCHLEVEL");
  if (pl && isdigit ((unsigned char) *pl))
    out->minor = parse_number (&pl);
  if (set_str (&out->distro, d) == -1)
    return -1;
  out->product_name = GL_STEAL (line);
  return 1;
}

/* DISTRIB_ID=Ubuntu DISTRIB_RELEASE=8.04 DISTRIB_DESCRIPTION="..." */
static int
from_lsb_release (const char *text, struct gl_distro *out)
{
  size_t len = strlen (text);
  CLEANUP_FREE char *id = gl_keyvalue_get (text, len, "DISTRIB_ID");
  if (!id)
    return errno ? -1 : 0;
  const char *d = NULL;
  for (size_t i = 0; i < ARRAY_SIZE (lsb_rules); ++i)
    if (strcasecmp (id, lsb_rules[i].contains) == 0)
      d = lsb_rules[i].distro;
  if (!d)
    return 0;
  CLEANUP_FREE char *rel = gl_keyvalue_get (text, len, "DISTRIB_RELEASE");
  if (!rel && errno) return -1;
  CLEANUP_FREE char *desc = gl_keyvalue_get (text, len, "DISTRIB_DESCRIPTION");
  if (!desc && errno) return -1;
  parse_version (rel, &out->major, &out->minor);
  if (set_str (&out->distro, d) == -1 ||
      set_str (&out->product_name, desc) == -1)
    return -1;
  return 1;
}

/* "12.5", "6.0.10", "squeeze/sid" */
static int
from_debian_version (const char *text, struct gl_distro *out)
{
  while (*text == ' ' || *text == '\t')
    text++;
  parse_version (text, &out->major, &out->minor);
  return set_str (&out->distro, "debian") == -1 ? -1 : 1;
}

/* ---- the derived facts ---------------------------------------------- */

static char *
make_osinfo (const struct distro_info *di, int major, int minor)
{
  if (di->osinfo_style == OSI_FIXED)
    return strdup (di->osinfo);
  if (di->osinfo_style == OSI_NONE || major <= 0)
    return NULL;
  switch (di->osinfo_style) {
  case OSI_MAJOR:
    return gl_printf ("%s%d", di->osinfo, major);
  case OSI_MAJOR_MINOR:
    return gl_printf ("%s%d.%d", di->osinfo, major, minor);
  case OSI_CENTOS:
    return gl_printf ("%s%d.%d", di->osinfo, major, major >= 7 ? 0 : minor);
  case OSI_SLES:
    return minor > 0 ? gl_printf ("%s%dsp%d", di->osinfo, major, minor)
      : gl_printf ("%s%d", di->osinfo, major);
  case OSI_UBUNTU:
    return gl_printf ("%s%d.%02d", di->osinfo, major, minor);
  case OSI_NONE:
  case OSI_FIXED:
    break;
  }
  return NULL;
}

static int
too_big (const char *s)
{
  return s && strnlen (s, GL_DISTRO_MAX_BYTES + 1) > GL_DISTRO_MAX_BYTES;
}

int
gl_distro_detect (const struct gl_release_files *f, struct gl_distro *out)
{
  memset (out, 0, sizeof *out);
  if (too_big (f->os_release) || too_big (f->redhat_release) ||
      too_big (f->centos_release) || too_big (f->suse_release) ||
      too_big (f->debian_version) || too_big (f->lsb_release)) {
    errno = EFBIG;
    return -1;
  }

  const char *osinfo_fixed = NULL;
  bool by_like = false;
  int r = 0;

  if (f->os_release)
    r = from_os_release (f->os_release, f, out, &osinfo_fixed, &by_like);
  if (r == 0 && f->redhat_release)
    r = from_redhat_release (f->redhat_release, out);
  if (r == 0 && f->centos_release)
    r = from_redhat_release (f->centos_release, out);
  if (r == 0 && f->suse_release)
    r = from_suse_release (f->suse_release, out);
  if (r == 0 && f->lsb_release)
    r = from_lsb_release (f->lsb_release, out);
  if (r == 0 && f->debian_version)
    r = from_debian_version (f->debian_version, out);
  if (r == -1)
    goto nomem;

  if (r == 0) {
    out->major = out->minor = 0;
    if (set_str (&out->distro, "unknown") == -1)
      goto nomem;
    if (f->os_release) {
      /* Not one of ours, but its own name is still worth reporting. */
      size_t len = strlen (f->os_release);
      out->product_name = gl_keyvalue_get (f->os_release, len, "PRETTY_NAME");
      if (!out->product_name && errno)
        goto nomem;
      CLEANUP_FREE char *v = gl_keyvalue_get (f->os_release, len, "VERSION_ID");
      if (!v && errno)
        goto nomem;
      parse_version (v, &out->major, &out->minor);
    }
    return 0;
  }

  const struct distro_info *di = find_distro (out->distro);
  if (!di)
    return 0;                   /* cannot happen: rules name table rows */
  if (!out->product_name || !*out->product_name) {
    free (out->product_name);
    out->product_name = out->major > 0
      ? gl_printf ("%s %d", di->display, out->major) : strdup (di->display);
    if (!out->product_name)
      goto nomem;
  }
  const char *mgmt = di->new_from && out->major >= di->new_from
    ? di->pkg_mgmt_new : di->pkg_mgmt;
  if (set_str (&out->package_format, di->package_format) == -1 ||
      set_str (&out->package_management, mgmt) == -1)
    goto nomem;
  if (osinfo_fixed) {
    if ((out->osinfo = strdup (osinfo_fixed)) == NULL)
      goto nomem;
  }
  else if (!by_like) {
    errno = 0;
    out->osinfo = make_osinfo (di, out->major, out->minor);
    if (!out->osinfo && errno == ENOMEM)
      goto nomem;
  }
  return 0;

 nomem:
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
