/* guestlift: a Windows root's facts, as libguestfs finds them: the
 * system root, the architecture of system32/cmd.exe, and from the
 * registry (winreg.h) the product name, version, host name and drive
 * letters; the libosinfo id from those. */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bounds.h"
#include "buf.h"
#include "cleanup.h"
#include "error.h"
#include "guest.h"
#include "guest-io.h"
#include "windows-bin.h"
#include "winreg.h"

/* Where %SYSTEMROOT% may be (matched without regard to case). */
static const char *const systemroots[] = {
  "/windows", "/winnt", "/win32", "/win", "/reactos", NULL
};

/* The guest's path of ROOT/REL as the filesystem spells it, if it is a
 * file (want_dir false) or a directory. */
static char *
real_path (struct gl_guest *gg, const char *root, const char *rel, bool want_dir)
{
  CLEANUP_FREE char *p = gl_printf ("%s%s", root, rel);
  char *real = p ? gl_guest_case_sensitive_path (gg->io, p) : NULL;
  if (real && !(want_dir ? gl_guest_is_dir (gg->io, real) : gl_guest_is_file (gg->io, real))) {
    free (real);
    return NULL;
  }
  return real;
}

/* A system root holds system32, system32/config and system32/cmd.exe
 * (a "Windows" folder on a data disk does not). */
static char *
find_systemroot (struct gl_guest *gg)
{
  for (size_t i = 0; systemroots[i]; ++i) {
    CLEANUP_FREE char *dir = real_path (gg, systemroots[i], "", true);
    if (!dir)
      continue;
    CLEANUP_FREE char *s32 = real_path (gg, dir, "/system32", true);
    CLEANUP_FREE char *cfg = real_path (gg, dir, "/system32/config", true);
    CLEANUP_FREE char *cmd = real_path (gg, dir, "/system32/cmd.exe", false);
    if (s32 && cfg && cmd)
      return GL_STEAL (dir);
  }
  return NULL;
}

static void
find_arch (struct gl_guest *gg, struct gl_os *os, const char *sysroot)
{
  CLEANUP_FREE char *cmd = real_path (gg, sysroot, "/system32/cmd.exe", false);
  unsigned char head[GL_PE_HEAD_MAX];
  size_t got = 0;
  if (!cmd || gl_guest_read_head (gg->io, cmd, head, sizeof head, &got) == -1)
    return;
  const char *arch = gl_pe_arch (head, got);
  if (arch)
    os->arch = strdup (arch);
}

/* A host copy of the hive ROOT/system32/config/NAME, or NULL (a
 * warning says why when it is there but cannot be copied). */
static char *
download_hive (struct gl_guest *gg, struct gl_os *os, const char *sysroot,
               const char *name)
{
  CLEANUP_FREE char *rel = gl_printf ("/system32/config/%s", name);
  CLEANUP_FREE char *path = rel ? real_path (gg, sysroot, rel, false) : NULL;
  if (!path)
    return NULL;
  CLEANUP_ERR struct gl_err err = GL_ERR_INIT;
  char *host = gl_guest_download (gg->io, path, GL_WINREG_HIVE_MAX, gg->tmpdir, &err);
  if (!host)
    gl_os_warn (os, "Windows registry: %s", gl_err_msg (&err, path));
  return host;
}

/* The device (report name) of the partition a MountedDevices value
 * names: on one of this guest's disks whose partition table says so,
 * the partition of the guest's that starts there. */
static char *
drive_device (struct gl_guest *gg, unsigned char **heads, size_t *hlens,
              const struct gl_winreg_drive *d)
{
  for (size_t k = 0; k < gg->devices.len; ++k) {
    uint64_t offset;
    if (!heads[k] ||
        gl_win_blob_partition (d->blob, d->len, heads[k], hlens[k], &offset) != 1)
      continue;
    for (size_t i = 0; i < gg->fs.len; ++i) {
      const struct gl_fs *f = &gg->fs.ptr[i];
      if (f->span_known && f->disk == k && f->part_start <= UINT64_MAX / 512 &&
          f->part_start * 512 == offset) {
        char *name = strdup (f->mountable);
        if (name)
          gl_guest_canonical_name (gg, &name);
        return name;
      }
    }
  }
  return NULL;
}

static void
drive_mappings (struct gl_guest *gg, struct gl_os *os, const struct gl_winreg_facts *f)
{
  if (f->ndrives == 0)
    return;
  size_t n = gg->devices.len;
  CLEANUP_FREE unsigned char **heads = calloc (n ? n : 1, sizeof *heads);
  CLEANUP_FREE size_t *hlens = calloc (n ? n : 1, sizeof *hlens);
  if (!heads || !hlens)
    return;
  for (size_t k = 0; k < n; ++k) {
    heads[k] = malloc (GL_DISK_HEAD_MAX);
    if (heads[k] &&
        gl_guest_read_device_head (gg->io, gg->devices.ptr[k], heads[k],
                                   GL_DISK_HEAD_MAX, &hlens[k], NULL) == -1) {
      free (heads[k]);
      heads[k] = NULL;
    }
  }
  for (size_t i = 0; i < f->ndrives; ++i) {
    CLEANUP_FREE char *dev = drive_device (gg, heads, hlens, &f->drives[i]);
    if (!dev)
      continue;
    struct gl_string_pair p = { gl_printf ("%c", f->drives[i].letter), GL_STEAL (dev) };
    if (!p.key || gl_string_map_append (&os->drive_mappings, p) == -1) {
      free (p.key);
      free (p.value);
    }
  }
  for (size_t k = 0; k < n; ++k)
    free (heads[k]);
}

static void
registry (struct gl_guest *gg, struct gl_os *os, const char *sysroot)
{
  CLEANUP_FREE char *software = download_hive (gg, os, sysroot, "software");
  CLEANUP_FREE char *system = software ? download_hive (gg, os, sysroot, "system") : NULL;
  /* libguestfs reads the registry only when both hives are there. */
  if (software && system) {
    struct gl_winreg_facts f;
    CLEANUP_ERR struct gl_err err = GL_ERR_INIT;
    if (gl_winreg_read (software, system, &f, &err) == -1)
      gl_os_warn (os, "Windows registry of %s: %s", sysroot, gl_err_msg (&err, "?"));
    os->product_name = GL_STEAL (f.product_name);
    os->hostname = GL_STEAL (f.hostname);
    if (f.have_version) {
      os->version_major = f.major;
      os->version_minor = f.minor;
    }
    if (os->product_name)
      os->osinfo = strdup (gl_windows_osinfo (os->version_major, os->version_minor,
                                              os->product_name, f.variant));
    drive_mappings (gg, os, &f);
    gl_winreg_facts_free (&f);
  }
  if (software)
    unlink (software);
  if (system)
    unlink (system);
}

int
gl_guest_windows (struct gl_guest *gg, struct gl_os *os)
{
  os->distro = strdup ("windows");
  if (gl_os_add_filesystem (gg, os, "/", os->root) == -1)
    return -1;
  CLEANUP_FREE char *sysroot = find_systemroot (gg);
  if (!sysroot)
    return 0;
  find_arch (gg, os, sysroot);
  registry (gg, os, sysroot);
  if (!os->osinfo)
    os->osinfo = strdup ("unknown");
  return 0;
}
