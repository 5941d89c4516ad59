/* guestlift launch: pick the kernel and keep its files in the kernel cache
 * (see kernel-cache.h). */
#include <config.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "cache-dir.h"
#include "cleanup.h"
#include "error.h"
#include "gl-limits.h"
#include "guest-io.h"
#include "image-key.h"
#include "kernel-cache.h"
#include "mount-session.h"
#include "rmtree.h"
#include "sha256.h"
#include "version.h"
#include "write-atomic.h"

/* The "root" file is tiny; anything bigger is not ours. */
#define ROOT_INFO_MAX 4096

static const struct gl_kernel *
find_version (const struct gl_os *os, const char *v)
{
  for (size_t i = 0; v && i < os->kernels.len; ++i)
    if (os->kernels.ptr[i]->version && strcmp (os->kernels.ptr[i]->version, v) == 0)
      return os->kernels.ptr[i];
  return NULL;
}

static char *
available (const struct gl_os *os)
{
  CLEANUP_BUF struct gl_buf b = GL_BUF_INIT;
  for (size_t i = 0; i < os->kernels.len; ++i)
    if (os->kernels.ptr[i]->version &&
        gl_buf_printf (&b, "%s%s", b.len ? ", " : "", os->kernels.ptr[i]->version) == -1)
      return NULL;
  return b.len ? gl_buf_steal (&b) : strdup ("none");
}

const struct gl_kernel *
gl_kernel_pick (const struct gl_os *os, const char *want,
                enum gl_hypervisor hv, struct gl_err *err)
{
  const struct gl_kernel *k;
  if (want) {
    k = find_version (os, want);
    if (!k) {
      CLEANUP_FREE char *list = available (os);
      gl_err_set (err, ENOENT, "the guest has no kernel %s (available: %s)", want,
                  list ? list : "?");
      return NULL;
    }
    return k;
  }
  if (hv == GL_HV_XEN_PV) {
    /* Every kernel that is not known to be PV-incapable boots as a PV
     * guest when it is PV-only or pvops: the one the guest boots by
     * itself is the best bet, then the recommended one, then the newest. */
    for (size_t i = 0; i < os->kernels.len; ++i)
      if (os->kernels.ptr[i]->is_default && os->kernels.ptr[i]->vmlinuz)
        return os->kernels.ptr[i];
    k = find_version (os, os->kvm.recommended_kernel);
    if (k)
      return k;
    const struct gl_kernel *newest = NULL;
    for (size_t i = 0; i < os->kernels.len; ++i) {
      const struct gl_kernel *c = os->kernels.ptr[i];
      if (c->version && c->vmlinuz &&
          (!newest || gl_vercmp (c->version, newest->version) > 0))
        newest = c;
    }
    if (newest)
      return newest;
    gl_err_set (err, ENOENT, "the guest has no kernel in /boot");
    return NULL;
  }
  k = find_version (os, os->kvm.recommended_kernel);
  if (k)
    return k;
  if (os->kernels.len == 0)
    gl_err_set (err, ENOENT, "the guest has no kernel in /boot");
  else
    gl_err_set (err, EINVAL,
                "no kernel of the guest can boot on %s%s%s (use --kernel "
                "to force one, or --hypervisor xen-pv)",
                gl_hypervisor_name (hv),
                os->kvm.blockers.len ? ": " : "",
                os->kvm.blockers.len ? os->kvm.blockers.ptr[0] : "");
  return NULL;
}

void
gl_kernel_files_free (struct gl_kernel_files *f)
{
  free (f->dir);
  free (f->vmlinuz);
  free (f->initrd);
  free (f->root_uuid);
  free (f->root_label);
  memset (f, 0, sizeof *f);
}

/* A value from the guest that may go into the "root" file: one line, no
 * control characters, not empty. */
static bool
storable (const char *s)
{
  if (!s || !*s || strlen (s) > 256)
    return false;
  for (; *s; ++s)
    if ((unsigned char) *s < ' ' || *s == 0x7f)
      return false;
  return true;
}

static int
read_root_info (struct gl_kernel_files *f, const char *path)
{
  CLEANUP_FCLOSE FILE *fp = fopen (path, "re");
  if (!fp)
    return -1;
  char line[ROOT_INFO_MAX];
  size_t total = 0;
  while (fgets (line, sizeof line, fp)) {
    total += strlen (line);
    if (total > ROOT_INFO_MAX)
      return -1;
    line[strcspn (line, "\n")] = '\0';
    char **slot = strncmp (line, "uuid=", 5) == 0 ? &f->root_uuid
      : strncmp (line, "label=", 6) == 0 ? &f->root_label : NULL;
    if (!slot)
      continue;
    const char *v = strchr (line, '=') + 1;
    if (!storable (v))
      continue;
    free (*slot);
    *slot = strdup (v);
  }
  return 0;
}

static bool
is_file (const char *path)
{
  struct stat st;
  return stat (path, &st) == 0 && S_ISREG (st.st_mode);
}

int
gl_kernel_cache_locate (struct gl_image *const *imgs, size_t n,
                        bool allow_backing, const struct gl_kernel *k,
                        struct gl_kernel_files *f, struct gl_err *err)
{
  memset (f, 0, sizeof *f);
  if (!k->version || !k->vmlinuz) {
    gl_err_set (err, EINVAL, "the kernel has no version or no vmlinuz");
    return -1;
  }
  /* The key: every disk's identity, then the version. */
  struct sha256_ctx c;
  sha256_init (&c);
  for (size_t i = 0; i < n; ++i) {
    CLEANUP_FREE char *key = gl_image_key (imgs[i]->path, NULL, allow_backing, err);
    if (!key)
      return -1;
    sha256_update (&c, strlen (key) + 1, (const uint8_t *) key);
  }
  sha256_update (&c, strlen (k->version) + 1, (const uint8_t *) k->version);
  char hex[GL_SHA256_HEX_SIZE];
  gl_sha256_final_hex (&c, hex);

  const char *base = gl_cache_dir ();
  if (!base) {
    gl_err_set (err, EINVAL,
                "cannot create the cache folder ($XDG_CACHE_HOME/guestlift)");
    return -1;
  }
  f->dir = gl_printf ("%s/kernels/%s", base, hex);
  f->vmlinuz = f->dir ? gl_printf ("%s/vmlinuz", f->dir) : NULL;
  f->initrd = f->dir && k->initrd ? gl_printf ("%s/initrd", f->dir) : NULL;
  CLEANUP_FREE char *info = f->dir ? gl_printf ("%s/root", f->dir) : NULL;
  if (!f->dir || !f->vmlinuz || (k->initrd && !f->initrd) || !info) {
    gl_kernel_files_free (f);
    gl_err_set (err, ENOMEM, "out of memory");
    return -1;
  }
  f->cached = is_file (info) && is_file (f->vmlinuz) &&
    (!f->initrd || is_file (f->initrd)) && read_root_info (f, info) == 0;
  return 0;
}

static int
mkdir_p (const char *dir)
{
  CLEANUP_FREE char *copy = strdup (dir);
  if (!copy)
    return -1;
  for (char *p = copy + 1; *p; ++p)
    if (*p == '/') {
      *p = '\0';
      if (mkdir (copy, 0700) == -1 && errno != EEXIST)
        return -1;
      *p = '/';
    }
  if (mkdir (copy, 0700) == -1 && errno != EEXIST)
    return -1;
  return 0;
}

/* Copy guest file PATH to DEST via the private folder TMP (DEST appears
 * whole or not at all). */
static int
fetch_file (struct gl_guest_io *io, const char *path, uint64_t max, const char *tmp,
            const char *dest, struct gl_err *err)
{
  CLEANUP_FREE char *host = gl_printf ("%s/%s", tmp, strrchr (dest, '/') + 1);
  if (!host)
    return gl_err_set (err, ENOMEM, "out of memory");
  if (gl_mount_session_copy_out (io, path, host, max, err) == -1)
    return -1;
  if (rename (host, dest) == -1) {
    gl_err_errno (err, "%s", dest);
    unlink (host);
    return -1;
  }
  return 0;
}

static const char *
root_mountable (const struct gl_os *os)
{
  for (size_t i = 0; i < os->mountpoints.len; ++i)
    if (strcmp (os->mountpoints.ptr[i].mountpoint, "/") == 0)
      return os->mountpoints.ptr[i].device;
  return os->root;
}

/* The guest in one appliance, its root and /boot mounted read-only as
 * the report says (mount-session.h), its LUKS devices opened with KEYS. */
static struct gl_guest_io *
open_guest (struct gl_image *const *imgs, size_t n, const struct gl_os *os,
            const struct gl_luks_keys *keys, const struct gl_note_sink *note,
            struct gl_err *err)
{
  static const char *const boot_mounts[] = { "/", "/boot", NULL };
  size_t nm = os->mountpoints.len;
  CLEANUP_FREE struct gl_mount_want *m = calloc (nm + 1, sizeof *m);
  CLEANUP_FREE const char **paths = calloc (n + 1, sizeof *paths);
  CLEANUP_FREE const char **fmts = calloc (n + 1, sizeof *fmts);
  if (!m || !paths || !fmts) {
    gl_err_set (err, ENOMEM, "out of memory");
    return NULL;
  }
  for (size_t i = 0; i < nm; ++i)
    m[i] = (struct gl_mount_want) { os->mountpoints.ptr[i].mountpoint,
                                    os->mountpoints.ptr[i].device };
  for (size_t i = 0; i < n; ++i) {
    paths[i] = imgs[i]->path;
    fmts[i] = imgs[i]->format;
  }
  const struct gl_mount_spec spec = {
    .paths = paths, .formats = fmts, .n = n, .readonly = true,
    .root = os->root, .mounts = m, .n_mounts = nm, .only = boot_mounts,
    .keys = keys, .note = note ? *note : (struct gl_note_sink) { 0 },
  };
  return gl_mount_session_open (&spec, err);
}

static int
extract (struct gl_image *const *imgs, size_t n, const struct gl_os *os,
         const struct gl_kernel *k, struct gl_kernel_files *f,
         const char *tmp, const struct gl_luks_keys *keys,
         const struct gl_note_sink *note, struct gl_err *err)
{
  struct gl_guest_io *io = open_guest (imgs, n, os, keys, note, err);
  if (!io)
    return -1;
  int ret = -1;
  /* Declared before the first "goto out": the cleanups run at "out". */
  CLEANUP_FREE char *uuid = NULL, *label = NULL, *info = NULL;
  CLEANUP_BUF struct gl_buf b = GL_BUF_INIT;
  if (fetch_file (io, k->vmlinuz, GL_KERNEL_MAX_BYTES, tmp, f->vmlinuz, err) == -1 ||
      (k->initrd &&
       fetch_file (io, k->initrd, GL_INITRD_MAX_BYTES, tmp, f->initrd, err) == -1))
    goto out;

  /* The root's UUID and label, for root=UUID= (the guest may have been
   * booted with root=/dev/xvda1, which is no name on KVM). */
  const char *root = root_mountable (os);
  if (root)
    gl_guest_fs_ids (io, root, &uuid, &label, NULL);
  if ((storable (uuid) && gl_buf_printf (&b, "uuid=%s\n", uuid) == -1) ||
      (storable (label) && gl_buf_printf (&b, "label=%s\n", label) == -1) ||
      gl_buf_puts (&b, "") == -1) {
    gl_err_set (err, ENOMEM, "out of memory");
    goto out;
  }
  info = gl_printf ("%s/root", f->dir);
  if (!info) {
    gl_err_set (err, ENOMEM, "out of memory");
    goto out;
  }
  if (gl_write_atomic (info, b.data, b.len, 0600, err) == -1)
    goto out;
  free (f->root_uuid);
  free (f->root_label);
  f->root_uuid = storable (uuid) ? strdup (uuid) : NULL;
  f->root_label = storable (label) ? strdup (label) : NULL;
  f->cached = true;
  ret = 0;
 out:
  gl_mount_session_close (io, NULL);
  return ret;
}

int
gl_kernel_cache_fetch (struct gl_image *const *imgs, size_t n,
                       bool allow_backing,
                       const struct gl_os *os, const struct gl_kernel *k,
                       struct gl_kernel_files *f, const struct gl_luks_keys *keys,
                       const struct gl_note_sink *note, struct gl_err *err)
{
  if (gl_kernel_cache_locate (imgs, n, allow_backing, k, f, err) == -1)
    return -1;
  if (f->cached)
    return 0;
  if (mkdir_p (f->dir) == -1)
    return gl_err_errno (err, "%s", f->dir);
  /* A private folder next to the entry: two launches of the same image
   * never write the same file, and rename(2) stays on one filesystem. */
  CLEANUP_FREE char *tmp = gl_printf ("%s/.tmp.XXXXXX", f->dir);
  if (!tmp)
    return gl_err_set (err, ENOMEM, "%s: out of memory", f->dir);
  if (!mkdtemp (tmp))
    return gl_err_errno (err, "%s", f->dir);
  int r = extract (imgs, n, os, k, f, tmp, keys, note, err);
  /* Leftovers of a failed copy, then the folder (it holds only files). */
  gl_rmtree (tmp, 0);
  return r;
}
