/* guestlift: read a Xen guest's definition (see source-config.h): bounded
 * read of the file, syntax detection, and the shared helpers. */
#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cleanup.h"
#include "enum-names.h"
#include "err.h"
#include "read-file.h"
#include "source-config.h"
#include "source-config-impl.h"

int
gl_source_oom (struct gl_err *err)
{
  return gl_err_set (err, ENOMEM, "%s", strerror (ENOMEM));
}

int
gl_source_root_from_cmdline (struct gl_source_config *out, struct gl_err *err)
{
  const char *p = out->cmdline;

  while (!out->root && p && *p) {
    size_t n;
    p += strspn (p, " \t");
    n = strcspn (p, " \t");
    if (n > 5 && strncmp (p, "root=", 5) == 0) {
      if (!(out->root = strndup (p + 5, n - 5)))
        return gl_source_oom (err);
      break;
    }
    p += n;
  }
  return 0;
}

static const char *const type_names[] = {
  [GL_GUEST_PV] = "pv", [GL_GUEST_HVM] = "hvm", [GL_GUEST_PVH] = "pvh",
};
static const char *const device_names[] = {
  [GL_DISK_DISK] = "disk", [GL_DISK_CDROM] = "cdrom",
  [GL_DISK_FLOPPY] = "floppy",
};

const char *
gl_guest_type_name (enum gl_guest_type t)
{
  return GL_ENUM_NAME (type_names, t, "unknown");
}

const char *
gl_disk_device_name (enum gl_disk_device d)
{
  return GL_ENUM_NAME (device_names, d, "unknown");
}

void
gl_source_config_free (struct gl_source_config *c)
{
  if (c == NULL)
    return;
  free (c->name);
  free (c->uuid);
  free (c->arch);
  free (c->kernel);
  free (c->ramdisk);
  free (c->extra);
  free (c->root);
  free (c->cmdline);
  free (c->bootloader);
  free (c->bootloader_args);
  free (c->on_poweroff);
  free (c->on_reboot);
  free (c->on_crash);
  for (size_t i = 0; i < c->disks.len; ++i) {
    free (c->disks.ptr[i].path);
    free (c->disks.ptr[i].target);
    free (c->disks.ptr[i].format);
  }
  gl_source_disk_vector_reset (&c->disks);
  for (size_t i = 0; i < c->nics.len; ++i) {
    free (c->nics.ptr[i].mac);
    free (c->nics.ptr[i].bridge);
    free (c->nics.ptr[i].network);
    free (c->nics.ptr[i].model);
  }
  gl_source_nic_vector_reset (&c->nics);
  memset (c, 0, sizeof *c);
}

int
gl_source_config_read_data (const char *data, size_t len,
                            struct gl_source_config *out, struct gl_err *err)
{
  size_t i = 0;
  int r;

  memset (out, 0, sizeof *out);

  if (len > GL_SOURCE_CONFIG_MAX_SIZE)
    return gl_err_set (err, EFBIG, "larger than %d bytes",
                       GL_SOURCE_CONFIG_MAX_SIZE);

  /* A UTF-8 byte order mark, then white space, then '<' means XML. */
  if (len >= 3 && memcmp (data, "\xef\xbb\xbf", 3) == 0)
    i = 3;
  while (i < len && (data[i] == ' ' || data[i] == '\t' ||
                     data[i] == '\n' || data[i] == '\r'))
    i++;
  if (i < len && data[i] == '<') {
    out->syntax = GL_SOURCE_LIBVIRT;
    r = gl_source_read_libvirt (data, len, out, err);
  }
  else {
    out->syntax = GL_SOURCE_XL;
    r = gl_source_read_xl (data, len, out, err);
  }

  if (r == -1)
    gl_source_config_free (out);
  return r;
}

int
gl_source_config_read (const char *path, struct gl_source_config *out,
                       struct gl_err *err)
{
  CLEANUP_ERR struct gl_err e = GL_ERR_INIT;
  size_t len = 0;

  memset (out, 0, sizeof *out);

  /* Not only regular files: a config may come through a pipe. */
  CLEANUP_FREE char *data = gl_read_file (path, GL_SOURCE_CONFIG_MAX_SIZE,
                                          GL_READ_NO_DIR, &len, &e);
  if (data == NULL && e.errnum == EFBIG)
    return gl_err_set (err, EFBIG, "larger than %d bytes",
                       GL_SOURCE_CONFIG_MAX_SIZE);
  if (data == NULL)
    return gl_err_set (err, e.errnum, "%s", strerror (e.errnum));
  return gl_source_config_read_data (data, len, out, err);
}
