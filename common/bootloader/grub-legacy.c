/* guestlift: grub legacy reader (menu.lst / grub.conf), see bootcfg.h.
 *
 * A line is "COMMAND[ =]ARGS".  Only the commands that say which kernel
 * boots matter; hiddenmenu, timeout, splashimage, root, password, ... are
 * ignored.  Xen dom0-style entries boot a hypervisor with "kernel
 * /xen.gz" and load Linux as the first "module", its initrd as the second.
 */
#include <config.h>

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <string.h>
#include <strings.h>

#include "bootcfg.h"

static int
is_sep (char c)
{
  return c == ' ' || c == '\t' || c == '=';
}

static int
is_space (char c)
{
  return c == ' ' || c == '\t';
}

/* Split "PATH ARGS" of a kernel/module/initrd line: the path without its
 * grub device goes to *path, the rest (NULL if none) to *args. */
static int
set_path_args (const char *s, size_t n, char **path, char **args)
{
  size_t p = 0;
  while (p < n && !is_space (s[p]))
    p++;
  char *newpath = gl_bootcfg_strip_device (s, p);
  if (!newpath)
    return -1;
  free (*path);
  *path = newpath;
  if (args) {
    size_t a = p;
    while (a < n && is_space (s[a]))
      a++;
    if (gl_bootcfg_set (args, a < n ? s + a : NULL, n - a) == -1)
      return -1;
  }
  return 0;
}

/* "default N": N, or -1 for "saved" and anything else not a number. */
static int
parse_default (const char *s)
{
  long n = 0;
  if (!isdigit ((unsigned char) *s))
    return -1;
  for (; isdigit ((unsigned char) *s); ++s) {
    n = n * 10 + (*s - '0');
    if (n > INT_MAX / 10)
      return INT_MAX / 10;       /* certainly beyond the entries */
  }
  return (int) n;
}

int
gl_grub_legacy_parse (const char *text, size_t len, struct gl_bootcfg *out)
{
  if (gl_bootcfg_init (len, out) == -1)
    return -1;

  const char *line;
  size_t linelen, pos = 0;
  struct gl_boot_entry *cur = NULL;
  int modules = 0;              /* "module" lines seen in the current entry */
  int have_default = 0;

  while (gl_bootcfg_next_line (text, len, &pos, &line, &linelen)) {
    if (linelen == 0 || line[0] == '#')
      continue;
    size_t k = 0;
    while (k < linelen && !is_sep (line[k]))
      k++;
    size_t a = k;
    while (a < linelen && is_sep (line[a]))
      a++;
    const char *args = line + a;
    size_t argslen = linelen - a;

#define CMD(name) (k == sizeof name - 1 && strncasecmp (line, name, k) == 0)
    if (CMD ("default")) {
      if (gl_bootcfg_set (&out->default_spec, args, argslen) == -1)
        goto fail;
      have_default = 1;
    }
    else if (CMD ("title")) {
      if ((cur = gl_bootcfg_add_entry (out)) == NULL ||
          gl_bootcfg_set (&cur->title, args, argslen) == -1)
        goto fail;
      modules = 0;
    }
    else if (!cur)
      continue;                 /* commands before the first title */
    else if (CMD ("kernel")) {
      if (argslen > 0 &&
          set_path_args (args, argslen, &cur->kernel, &cur->cmdline) == -1)
        goto fail;
    }
    else if (CMD ("initrd")) {
      if (argslen > 0 && set_path_args (args, argslen, &cur->initrd, NULL) == -1)
        goto fail;
    }
    else if (CMD ("module")) {
      /* The hypervisor was the "kernel"; Linux and its initrd follow. */
      modules++;
      if (argslen == 0)
        continue;
      if (modules == 1 &&
          set_path_args (args, argslen, &cur->kernel, &cur->cmdline) == -1)
        goto fail;
      if (modules == 2 &&
          set_path_args (args, argslen, &cur->initrd, NULL) == -1)
        goto fail;
    }
#undef CMD
  }

  if (out->entries.len > 0) {
    int d = have_default ? parse_default (out->default_spec) : 0;
    if (d >= 0 && (size_t) d >= out->entries.len)
      d = 0;                    /* grub falls back to the first entry */
    out->default_index = d;
  }
  return 0;

 fail:
  {
    int e = errno;
    gl_bootcfg_free (out);
    errno = e;
  }
  return -1;
}
