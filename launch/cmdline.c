/* guestlift launch: the kernel command line (see cmdline.h). */
#include <config.h>

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "cleanup.h"
#include "cmdline.h"
#include "drive-name.h"
#include "error.h"

/* Disk name prefixes a canonical or guest device may carry, longest first
 * so that "xvd" is not read as "x" + "vd". */
static const char *const disk_prefixes[] = { "xvd", "sd", "vd", "hd", NULL };

/* A UUID the kernel and initramfs take as root=UUID=: hex digits and
 * dashes (ext*, xfs, btrfs: 36 chars; vfat: "ABCD-1234"). */
static bool
plain_uuid (const char *s)
{
  size_t n = strlen (s);
  if (n == 0 || n > 64)
    return false;
  for (; *s; ++s)
    if (!strchr ("0123456789abcdefABCDEF-", *s))
      return false;
  return true;
}

/* A label usable unquoted on the command line. */
static bool
plain_label (const char *s)
{
  size_t n = strlen (s);
  if (n == 0 || n > 64)
    return false;
  for (; *s; ++s) {
    unsigned char c = *s;
    if (c <= ' ' || c >= 0x7f || c == '"' || c == '\'' || c == '\\')
      return false;
  }
  return true;
}

static bool
has_control (const char *s)
{
  for (; *s; ++s)
    if ((unsigned char) *s < ' ' || *s == 0x7f)
      return true;
  return false;
}

char *
gl_cmdline_root_device (const struct gl_target_profile *prof, const char *dev)
{
  if (!dev || strncmp (dev, "/dev/", 5) != 0 || !dev[5]) {
    errno = EINVAL;
    return NULL;
  }
  const char *name = dev + 5;
  for (size_t i = 0; disk_prefixes[i]; ++i) {
    size_t pl = strlen (disk_prefixes[i]);
    if (strncmp (name, disk_prefixes[i], pl) != 0)
      continue;
    unsigned index, part;
    if (gl_drive_parse (name, disk_prefixes[i], &index, &part) == -1)
      break;                    /* not a disk name: copy it */
    if (!prof) {
      errno = EINVAL;
      return NULL;
    }
    CLEANUP_FREE char *n = gl_target_device_name (prof, index, part);
    if (!n)
      return NULL;
    return gl_printf ("/dev/%s", n);
  }
  char *copy = strdup (dev);
  if (!copy)
    errno = ENOMEM;
  return copy;
}

/* The subvolume of a "btrfsvol:/dev/DEV/PATH" root, when it can go on a
 * command line as rootflags=subvol=PATH (no blank, comma, quote or
 * control byte); else NULL. */
static const char *
btrfs_subvolume (const char *root)
{
  static const char prefix[] = "btrfsvol:/dev/";
  if (!root || strncmp (root, prefix, sizeof prefix - 1) != 0)
    return NULL;
  const char *p = strchr (root + sizeof prefix - 1, '/');
  if (!p || !*++p)
    return NULL;
  for (const char *c = p; *c; ++c)
    if ((unsigned char) *c <= ' ' || *c == ',' || *c == '"' || *c == '\'' ||
        *c == 0x7f)
      return NULL;
  return p;
}

/* Is the command line in B over the kernel's limit (err EFBIG)? */
static bool
too_long (const struct gl_buf *b, struct gl_err *err)
{
  if (b->len <= GL_CMDLINE_MAX)
    return false;
  gl_err_set (err, EFBIG, "the kernel command line is %zu bytes long: more "
              "than the %d the kernel takes", b->len, GL_CMDLINE_MAX);
  return true;
}

char *
gl_cmdline_build (const struct gl_cmdline_opts *o, struct gl_err *err)
{
  CLEANUP_BUF struct gl_buf b = GL_BUF_INIT;
  const char *extra = o->replace ? o->replace : o->append;
  if (extra && has_control (extra)) {
    gl_err_set (err, EINVAL, "%s contains a control character",
                o->replace ? "--cmdline" : "--append");
    return NULL;
  }
  if (o->replace) {
    if (gl_buf_puts (&b, o->replace) == -1)
      goto oom;
  }
  else {
    const struct gl_target_profile *prof = o->target;
    if (!prof) {
      gl_err_set (err, EINVAL, "unknown target");
      return NULL;
    }
    int r;
    if (o->root_uuid && plain_uuid (o->root_uuid))
      r = gl_buf_printf (&b, "root=UUID=%s", o->root_uuid);
    else if (o->root_label && plain_label (o->root_label))
      r = gl_buf_printf (&b, "root=LABEL=%s", o->root_label);
    else {
      CLEANUP_FREE char *dev = gl_cmdline_root_device (o->target, o->root_device);
      if (!dev) {
        if (errno == ENOMEM)
          gl_err_set (err, ENOMEM, "out of memory");
        else
          gl_err_set (err, errno, "cannot name the root filesystem on the "
                      "kernel command line (no UUID, no label, device %s): "
                      "use --cmdline",
                      o->root_device ? o->root_device : "unknown");
        return NULL;
      }
      if (has_control (dev)) {
        gl_err_set (err, EINVAL, "the root device name contains a control "
                    "character: use --cmdline");
        return NULL;
      }
      r = gl_buf_printf (&b, "root=%s", dev);
    }
    if (r == -1 || gl_buf_printf (&b, " ro console=%s", prof->console) == -1)
      goto oom;
    /* A root on a btrfs subvolume ("btrfsvol:/dev/sda1/@"): the kernel
     * mounts the filesystem's default subvolume unless told. */
    const char *sub = btrfs_subvolume (o->root_device);
    if (sub && gl_buf_printf (&b, " rootflags=subvol=%s", sub) == -1)
      goto oom;
    if (o->append && *o->append &&
        gl_buf_printf (&b, " %s", o->append) == -1)
      goto oom;
  }
  if (too_long (&b, err))
    return NULL;
  if (b.len == 0 && gl_buf_puts (&b, "") == -1)
    goto oom;
  return gl_buf_steal (&b);
 oom:
  gl_err_set (err, ENOMEM, "out of memory");
  return NULL;
}

/* The value of the last console= in S (a pointer into S, length *len),
 * or NULL. */
static const char *
last_console (const char *s, size_t *len)
{
  const char *found = NULL;
  for (const char *p = s; *p; ) {
    while (*p == ' ' || *p == '\t')
      p++;
    const char *w = p;
    while (*p && *p != ' ' && *p != '\t')
      p++;
    if ((size_t) (p - w) > 8 && strncmp (w, "console=", 8) == 0) {
      found = w + 8;
      *len = (size_t) (p - found);
    }
  }
  return found;
}

char *
gl_cmdline_from_entry (const struct gl_target_profile *prof,
                       const char *entry, const char *append,
                       struct gl_err *err)
{
  if (!prof || !entry) {
    gl_err_set (err, EINVAL, "no boot entry command line");
    return NULL;
  }
  if (has_control (entry) || (append && has_control (append))) {
    gl_err_set (err, EINVAL, "%s contains a control character",
                has_control (entry) ? "the guest's boot entry command line"
                : "--append");
    return NULL;
  }
  CLEANUP_BUF struct gl_buf b = GL_BUF_INIT;
  size_t clen = 0;
  const char *c = last_console (entry, &clen);
  /* The console's options ("ttyS0,115200n8") do not make another one. */
  bool has = c && strncmp (c, prof->console, strlen (prof->console)) == 0 &&
    (clen == strlen (prof->console) || c[strlen (prof->console)] == ',');
  while (*entry == ' ')
    entry++;
  size_t n = strlen (entry);
  while (n > 0 && entry[n - 1] == ' ')
    n--;
  if (gl_buf_append (&b, entry, n) == -1 || gl_buf_puts (&b, "") == -1 ||
      (!has && gl_buf_printf (&b, "%sconsole=%s", n ? " " : "", prof->console) == -1) ||
      (append && *append && gl_buf_printf (&b, " %s", append) == -1)) {
    gl_err_set (err, ENOMEM, "out of memory");
    return NULL;
  }
  if (too_long (&b, err))
    return NULL;
  return gl_buf_steal (&b);
}
