/* guestlift: version strings: rpm-style comparison and kernel versions
 * from /boot file names (see version.h).
 *
 * gl_vercmp follows rpm's rpmvercmp() (lib/rpmvercmp.c) segment by
 * segment, so that "the newest kernel" means what yum/zypper/dnf mean by
 * it.  It works on the strings in place (no copies, no VLAs), uses ASCII
 * classes rather than the locale's, and compares digit runs by length, so
 * any length of guest-supplied number is safe.
 */
#include <config.h>

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "version.h"

static bool
is_digit (char c)
{
  return c >= '0' && c <= '9';
}

static bool
is_alpha (char c)
{
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static bool
is_alnum (char c)
{
  return is_digit (c) || is_alpha (c);
}

static int
sign (int r)
{
  return (r > 0) - (r < 0);
}

/* Compare two runs of digits as numbers of any size. */
static int
cmp_digits (const char *a, size_t alen, const char *b, size_t blen)
{
  while (alen > 0 && *a == '0')
    a++, alen--;
  while (blen > 0 && *b == '0')
    b++, blen--;
  if (alen != blen)
    return alen > blen ? 1 : -1;
  return sign (memcmp (a, b, alen));
}

/* rpmvercmp() on the parts of a and b without epoch. */
static int
rpmvercmp (const char *one, const char *two)
{
  if (strcmp (one, two) == 0)
    return 0;

  while (*one || *two) {
    while (*one && !is_alnum (*one) && *one != '~' && *one != '^')
      one++;
    while (*two && !is_alnum (*two) && *two != '~' && *two != '^')
      two++;

    /* "~" sorts before everything, even the end of the string. */
    if (*one == '~' || *two == '~') {
      if (*one != '~')
        return 1;
      if (*two != '~')
        return -1;
      one++, two++;
      continue;
    }

    /* "^" sorts after the end of the string but before anything else. */
    if (*one == '^' || *two == '^') {
      if (!*one)
        return -1;
      if (!*two)
        return 1;
      if (*one != '^')
        return 1;
      if (*two != '^')
        return -1;
      one++, two++;
      continue;
    }

    if (!(*one && *two))
      break;

    const char *e1 = one, *e2 = two;
    bool isnum;
    if (is_digit (*one)) {
      while (is_digit (*e1))
        e1++;
      while (is_digit (*e2))
        e2++;
      isnum = true;
    }
    else {
      while (is_alpha (*e1))
        e1++;
      while (is_alpha (*e2))
        e2++;
      isnum = false;
    }

    /* Segments of different types: numbers are newer than letters. */
    if (e2 == two)
      return isnum ? 1 : -1;

    size_t l1 = (size_t) (e1 - one), l2 = (size_t) (e2 - two);
    int r;
    if (isnum)
      r = cmp_digits (one, l1, two, l2);
    else {
      r = memcmp (one, two, l1 < l2 ? l1 : l2);
      if (r == 0)
        r = (l1 > l2) - (l1 < l2);
    }
    if (r != 0)
      return sign (r);
    one = e1;
    two = e2;
  }

  if (!*one && !*two)
    return 0;
  return !*one ? -1 : 1;
}

/* Split "N:rest" into epoch digits and rest; no epoch is epoch 0. */
static const char *
split_epoch (const char *s, const char **epoch, size_t *elen)
{
  const char *p = s;
  while (is_digit (*p))
    p++;
  if (*p == ':' && p > s) {
    *epoch = s;
    *elen = (size_t) (p - s);
    return p + 1;
  }
  *epoch = "0";
  *elen = 1;
  return s;
}

int
gl_vercmp (const char *a, const char *b)
{
  if (!a || !b)
    return (a != NULL) - (b != NULL);

  const char *ea, *eb;
  size_t la, lb;
  a = split_epoch (a, &ea, &la);
  b = split_epoch (b, &eb, &lb);
  int r = cmp_digits (ea, la, eb, lb);
  if (r != 0)
    return r;
  return rpmvercmp (a, b);
}

/* File name prefixes that carry a kernel version.  Longer prefixes first
 * where one is a prefix of another ("initrd.img-" before "initrd-"). */
static const struct {
  const char *prefix;
  bool img_suffix;         /* strip a trailing ".img" */
} kernel_file_prefixes[] = {
  { "vmlinuz-", false },
  { "vmlinux-", false },
  { "kernel-", false },
  { "bzImage-", false },
  { "initrd.img-", false },
  { "initrd-", true },
  { "initramfs-", true },
  { "config-", false },
  { "System.map-", false },
};

char *
gl_kernel_version_from_name (const char *basename)
{
  if (!basename)
    return NULL;
  for (size_t i = 0;
       i < sizeof kernel_file_prefixes / sizeof kernel_file_prefixes[0]; ++i) {
    const char *prefix = kernel_file_prefixes[i].prefix;
    size_t pl = strlen (prefix);
    if (strncmp (basename, prefix, pl) != 0)
      continue;

    const char *v = basename + pl;
    size_t len = strlen (v);
    if (kernel_file_prefixes[i].img_suffix && len >= 4 &&
        strcmp (v + len - 4, ".img") == 0)
      len -= 4;
    /* A version starts with a digit: "vmlinuz-linux" (Arch) or
     * "vmlinuz-lts" name a flavour, not a version. */
    if (len == 0 || !is_digit (v[0]) || memchr (v, '/', len))
      return NULL;
    return strndup (v, len);
  }
  return NULL;
}

int
gl_initrd_is_kdump (const char *basename)
{
  if (!basename)
    return 0;
  if (strncmp (basename, "initrd", 6) != 0 &&
      strncmp (basename, "initramfs", 9) != 0)
    return 0;
  size_t len = strlen (basename);
  return len >= 9 && strcmp (basename + len - 9, "kdump.img") == 0;
}

static bool
ends_with (const char *s, size_t len, const char *suffix)
{
  size_t sl = strlen (suffix);
  return len >= sl && memcmp (s + len - sl, suffix, sl) == 0;
}

int
gl_kernel_version_is_debug (const char *version)
{
  if (!version)
    return 0;
  size_t len = strlen (version);
  /* "2.6.18-398.el5debug", "5.14.0-70.el9.x86_64+debug",
   * "3.10.0-1160.el7.x86_64.debug", "2.6.18-8.el5kdump" (RHEL 5's
   * kernel-kdump flavour), Debian "-dbg" packages, and dracut's generic
   * rescue images "0-rescue-MACHINEID". */
  return ends_with (version, len, "debug") ||
    ends_with (version, len, "-dbg") ||
    ends_with (version, len, "kdump") ||
    strstr (version, "-rescue-") != NULL;
}
