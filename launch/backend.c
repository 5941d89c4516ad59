/* guestlift launch: the backend table and the helpers backends share. */
#include <config.h>

#include <dirent.h>
#include <fcntl.h>
#include <stdbool.h>
#include <sys/stat.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "backend.h"
#include "buf.h"
#include "cleanup.h"
#include "error.h"
#include "rmtree.h"
#include "spawn.h"

extern const struct gl_launch_backend gl_backend_qemu;
extern const struct gl_launch_backend gl_backend_libvirt;
extern const struct gl_launch_backend gl_backend_xl;

const struct gl_launch_backend *const gl_launch_backends[] = {
  &gl_backend_qemu, &gl_backend_libvirt, &gl_backend_xl, NULL
};
#define backends gl_launch_backends

const struct gl_launch_backend *
gl_backend_find (const char *name)
{
  for (size_t i = 0; backends[i]; ++i)
    if (strcmp (backends[i]->name, name) == 0)
      return backends[i];
  return NULL;
}

bool
gl_backend_launches (const struct gl_launch_backend *be, enum gl_hypervisor hv)
{
  return (be->hypervisors & GL_HV_BIT (hv)) != 0;
}

const struct gl_launch_backend *
gl_backend_default (enum gl_hypervisor hv)
{
  for (size_t i = 0; backends[i]; ++i)
    if (backends[i]->is_default && gl_backend_launches (backends[i], hv))
      return backends[i];
  return NULL;
}

const struct gl_launch_backend *
gl_backend_domain_xml_default (void)
{
  for (size_t i = 0; backends[i]; ++i)
    if (backends[i]->domain_xml_default)
      return backends[i];
  return NULL;
}

char *
gl_backend_names (enum gl_hypervisor hv, bool domain_xml)
{
  CLEANUP_BUF struct gl_buf b = GL_BUF_INIT;
  const char *names[8];
  size_t n = 0;
  for (size_t i = 0; backends[i] && n < 8; ++i)
    if (domain_xml ? backends[i]->domain_xml != GL_DOMXML_NONE
        : hv == GL_HV_AUTO || gl_backend_launches (backends[i], hv))
      names[n++] = backends[i]->name;
  if (gl_buf_puts (&b, "") == -1)
    return NULL;
  for (size_t i = 0; i < n; ++i)
    if (gl_buf_printf (&b, "%s%s", i == 0 ? "" : i + 1 == n ? " or " : ", ",
                       names[i]) == -1)
      return NULL;
  return gl_buf_steal (&b);
}

char *
gl_launch_tmpdir (struct gl_err *err)
{
  const char *t = getenv ("TMPDIR");
  char *dir = gl_printf ("%s/guestlift-launch.XXXXXX", t && *t ? t : "/tmp");
  if (!dir) {
    gl_err_set (err, ENOMEM, "cannot create a temporary folder: out of memory");
    return NULL;
  }
  if (!mkdtemp (dir)) {
    gl_err_errno (err, "cannot create a temporary folder");
    free (dir);
    return NULL;
  }
  return dir;
}

void
gl_launch_tmpdir_remove (const char *dir)
{
  if (!dir)
    return;
  gl_rmtree (dir, 0);
}

void
gl_launch_disks_free (struct gl_launch_disk *disks, size_t n)
{
  for (size_t i = 0; disks && i < n; ++i) {
    free ((char *) disks[i].path);
    free ((char *) disks[i].format);
  }
  free (disks);
}

struct gl_launch_disk *
gl_launch_snapshot_disks (const struct gl_launch_spec *spec, const char *tmpdir,
                          struct gl_err *err)
{
  size_t n = spec->n_disks;
  struct gl_launch_disk *d = calloc (n ? n : 1, sizeof *d);
  if (!d)
    goto oom;
  for (size_t i = 0; i < n; ++i) {
    if (!spec->snapshot) {
      d[i].path = strdup (spec->disks[i].path);
      d[i].format = strdup (spec->disks[i].format);
      if (!d[i].path || !d[i].format)
        goto oom;
      continue;
    }
    /* Writes go to the overlay; the folder (and it) go away after. */
    char *ov = gl_printf ("%s/overlay%zu.qcow2", tmpdir, i);
    d[i].path = ov;
    d[i].format = strdup ("qcow2");
    if (!ov || !d[i].format)
      goto oom;
    const char *argv[] = { "qemu-img", "create", "-q", "-f", "qcow2",
                           "-b", spec->disks[i].path, "-F", spec->disks[i].format,
                           ov, NULL };
    struct gl_spawn_result res;
    if (gl_spawn (argv, 4096, &res) == -1) {
      gl_err_errno (err, "cannot run qemu-img for the --snapshot overlay");
      gl_launch_disks_free (d, n);
      return NULL;
    }
    if (res.status != 0) {
      CLEANUP_FREE char *why = gl_one_line (res.err && *res.err ? res.err : "?");
      gl_err_set (err, 0, "qemu-img cannot make the --snapshot overlay: %s",
                  why ? why : "?");
      gl_spawn_result_free (&res);
      gl_launch_disks_free (d, n);
      return NULL;
    }
    gl_spawn_result_free (&res);
  }
  return d;
 oom:
  gl_err_set (err, ENOMEM, "out of memory");
  gl_launch_disks_free (d, n);
  return NULL;
}

/* Copy one file into dir as NAME, readable by all. */
static char *
copy_readable (const char *src, const char *dir, const char *name,
               struct gl_err *err)
{
  char *dst = gl_printf ("%s/%s", dir, name);
  if (!dst) {
    gl_err_set (err, ENOMEM, "out of memory");
    return NULL;
  }
  int in = open (src, O_RDONLY | O_CLOEXEC);
  int out = in == -1 ? -1 : open (dst, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
  bool good = out != -1;
  char buf[65536];
  ssize_t r = 0;
  while (good && (r = read (in, buf, sizeof buf)) > 0)
    for (ssize_t off = 0; good && off < r; ) {
      ssize_t w = write (out, buf + off, (size_t) (r - off));
      good = w > 0;
      off += w > 0 ? w : 0;
    }
  good = good && r == 0;
  int saved = errno;
  if (out != -1 && close (out) == -1)
    good = false, saved = errno;
  if (in != -1)
    close (in);
  if (!good) {
    errno = saved;
    gl_err_errno (err, "cannot copy %s to %s", src, dst);
    unlink (dst);
    free (dst);
    return NULL;
  }
  fchmodat (AT_FDCWD, dst, 0644, 0);   /* whatever the umask */
  return dst;
}

int
gl_launch_copy_boot_files (const struct gl_launch_spec *spec, const char *tmpdir,
                           char **kernel, char **initrd, struct gl_err *err)
{
  *kernel = copy_readable (spec->kernel, tmpdir, "vmlinuz", err);
  *initrd = NULL;
  if (!*kernel)
    return -1;
  if (spec->initrd) {
    *initrd = copy_readable (spec->initrd, tmpdir, "initrd", err);
    if (!*initrd) {
      unlink (*kernel);
      free (*kernel);
      *kernel = NULL;
      return -1;
    }
  }
  return 0;
}

