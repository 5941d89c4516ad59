/* guestlift: disk names and their inverse (see drive-name.h). */
#include <config.h>

#include <errno.h>
#include <limits.h>
#include <string.h>

#include "drive-name.h"
#include "error.h"

char *
gl_drive_letters (unsigned index, char buf[GL_DRIVE_LETTERS_MAX])
{
  /* Bijective base 26, built backwards: i is index + 1, each letter is
   * (i - 1) % 26, then i = (i - 1) / 26. */
  char tmp[GL_DRIVE_LETTERS_MAX];
  size_t n = 0;
  for (unsigned long long i = (unsigned long long) index + 1; i > 0; i = (i - 1) / 26)
    tmp[n++] = (char) ('a' + (i - 1) % 26);
  for (size_t k = 0; k < n; ++k)
    buf[k] = tmp[n - 1 - k];
  buf[n] = '\0';
  return buf;
}

char *
gl_drive_name (const char *prefix, unsigned index, unsigned partition)
{
  char l[GL_DRIVE_LETTERS_MAX];
  gl_drive_letters (index, l);
  char *s = partition ? gl_printf ("%s%s%u", prefix, l, partition)
    : gl_printf ("%s%s", prefix, l);
  if (!s)
    errno = ENOMEM;
  return s;
}

int
gl_drive_parse (const char *name, const char *prefix,
                unsigned *index, unsigned *partition)
{
  size_t pl = strlen (prefix);
  if (!name || strncmp (name, prefix, pl) != 0)
    goto bad;
  const char *p = name + pl;
  unsigned long long i = 0;        /* index + 1 */
  if (!(*p >= 'a' && *p <= 'z'))
    goto bad;
  for (; *p >= 'a' && *p <= 'z'; ++p) {
    i = i * 26 + (unsigned long long) (*p - 'a' + 1);
    if (i - 1 > UINT_MAX)
      goto bad;
  }
  unsigned long part = 0;
  if (*p) {
    if (!partition || *p < '1' || *p > '9')
      goto bad;
    for (; *p >= '0' && *p <= '9'; ++p) {
      part = part * 10 + (unsigned long) (*p - '0');
      if (part > GL_DRIVE_MAX_PARTITION)
        goto bad;
    }
    if (*p)
      goto bad;
  }
  *index = (unsigned) (i - 1);
  if (partition)
    *partition = (unsigned) part;
  return 0;
 bad:
  errno = EINVAL;
  return -1;
}

char *
gl_drive_file_name (const char *dir, const char *name, unsigned index,
                    const char *format)
{
  char l[GL_DRIVE_LETTERS_MAX];
  char *s = gl_printf ("%s/%s-sd%s.%s", dir, name, gl_drive_letters (index, l),
                       format);
  if (!s)
    errno = ENOMEM;
  return s;
}

int
gl_drive_file_parse (const char *base, const char *name, const char *format,
                     unsigned *index)
{
  size_t nl = strlen (name), fl = strlen (format), bl = strlen (base);
  /* NAME "-" DRIVE "." FORMAT, DRIVE being "sd" and letters. */
  if (bl < nl + 1 + 3 + 1 + fl || strncmp (base, name, nl) != 0 || base[nl] != '-'
      || base[bl - fl - 1] != '.' || strcmp (base + bl - fl, format) != 0)
    goto bad;
  char drive[32];
  size_t dl = bl - fl - 1 - (nl + 1);
  if (dl >= sizeof drive)
    goto bad;
  memcpy (drive, base + nl + 1, dl);
  drive[dl] = '\0';
  return gl_drive_parse (drive, "sd", index, NULL);
 bad:
  errno = EINVAL;
  return -1;
}
