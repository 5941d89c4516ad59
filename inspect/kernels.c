/* guestlift: the guest's kernels: find them in /boot (and where the
 * bootloader says), pair each with its initrd, modules and config, and
 * classify it (PV-only, virtio, IDE, arch, initrd virtio_blk).
 *
 * Config sources, in order: /boot/config-V, /lib/modules/V/build/.config,
 * /lib/modules/V/config, then the IKCONFIG embedded in the image. */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bounds.h"
#include "cleanup.h"
#include "error.h"
#include "guest.h"
#include "guest-io.h"
#include "kconfig.h"
#include "kimage.h"
#include "version.h"

/* Kernel image names in /boot, and the glob(7) pattern that lists them
 * (whatever else /boot holds: the appliance does the matching). */
static const char *const kernel_prefixes[] = { "vmlinuz-", "vmlinux-", "kernel-", NULL };
static const char kernel_pattern[] = "{vmlinuz,vmlinux,kernel}-*";
/* Files that share those prefixes but are not bootable kernels. */
static const char *const not_kernel_suffixes[] = { ".hmac", ".sig", ".gz", ".old", ".bak", NULL };

/* A name made of PREFIX + kernel version + SUFFIX (no format strings
 * built at run time: -Wformat-nonliteral stays on). */
struct affix { const char *prefix, *suffix; };

/* Initrd names, by distribution habit. */
static const struct affix initrd_names[] = {
  { "initrd-", ".img" },      /* RHEL <= 5 */
  { "initramfs-", ".img" },   /* RHEL >= 6, Fedora */
  { "initrd.img-", "" },      /* Debian, Ubuntu */
  { "initrd-", "" },          /* SUSE */
  { "initramfs-", "" },
  { "initrd-", ".gz" },
  { NULL, NULL }
};

/* Config files of a kernel version, in the order the design gives. */
static const struct affix config_paths[] = {
  { "/boot/config-", "" },
  { "/lib/modules/", "/build/.config" },
  { "/lib/modules/", "/config" },
  { "/usr/lib/modules/", "/config" },
  { NULL, NULL }
};

/* Module directories where the drivers that matter to KVM live, and the
 * module files there that kernel-classify.c looks at (a superset). */
static const char module_pattern[] = "{virtio*,ata?piix*,piix*,ahci*}";
static const char *const module_dirs[] = {
  "kernel/drivers/block", "kernel/drivers/net", "kernel/drivers/virtio",
  "kernel/drivers/scsi", "kernel/drivers/char", "kernel/drivers/char/hw_random",
  "kernel/drivers/ata", "kernel/drivers/ide/pci", NULL
};

/* Architecture from a kernel version suffix, when the config says nothing. */
static const struct { const char *suffix; const char *arch; } version_arch[] = {
  { ".x86_64", "x86_64" }, { "-amd64", "x86_64" }, { ".i686", "i686" },
  { ".i586", "i586" }, { "-686", "i686" }, { "-686-pae", "i686" },
  { ".aarch64", "aarch64" }, { "-arm64", "aarch64" }, { ".ppc64le", "ppc64le" },
  { ".s390x", "s390x" },
};

static bool
has_suffix (const char *s, const char *suffix)
{
  size_t n = strlen (s), m = strlen (suffix);
  return n >= m && strcmp (s + n - m, suffix) == 0;
}

static bool
looks_like_kernel (const char *name)
{
  bool prefixed = false;
  for (size_t i = 0; kernel_prefixes[i]; ++i)
    if (strncmp (name, kernel_prefixes[i], strlen (kernel_prefixes[i])) == 0)
      prefixed = true;
  if (!prefixed)
    return false;
  for (size_t i = 0; not_kernel_suffixes[i]; ++i)
    if (has_suffix (name, not_kernel_suffixes[i]))
      return false;
  return true;
}

static char *
dir_of (const char *path)
{
  const char *slash = strrchr (path, '/');
  if (!slash || slash == path)
    return strdup ("/");
  return strndup (path, (size_t) (slash - path));
}

static char *
find_initrd (struct gl_guest *gg, const char *dir, const char *version)
{
  for (size_t i = 0; initrd_names[i].prefix; ++i) {
    char *path = gl_printf ("%s%s%s%s%s", dir, strcmp (dir, "/") ? "/" : "",
                            initrd_names[i].prefix, version, initrd_names[i].suffix);
    if (path && gl_guest_is_file (gg->io, path))
      return path;
    free (path);
  }
  return NULL;
}

static char *
find_modules_dir (struct gl_guest *gg, const char *version)
{
  static const char *const roots[] = { "/lib/modules", "/usr/lib/modules", NULL };
  for (size_t i = 0; roots[i]; ++i) {
    char *p = gl_printf ("%s/%s", roots[i], version);
    if (p && gl_guest_is_dir (gg->io, p))
      return p;
    free (p);
  }
  return NULL;
}

/* A config that is there but was not read (a bound): said in the
 * report, by the verdict when no other config answers, else by classify. */
static void
config_unread (struct gl_kernel *k, const char *why)
{
  char *joined = k->config_unread
    ? gl_printf ("%s; %s", k->config_unread, why) : strdup (why);
  if (joined) {
    free (k->config_unread);
    k->config_unread = joined;
  }
}

/* Read and parse the first config file that exists and holds symbols. */
static struct gl_kconfig *
config_from_files (struct gl_guest *gg, struct gl_kernel *k)
{
  for (size_t i = 0; config_paths[i].prefix; ++i) {
    CLEANUP_FREE char *path = gl_printf ("%s%s%s", config_paths[i].prefix, k->version,
                                         config_paths[i].suffix);
    if (!path)
      continue;
    size_t len;
    uint64_t too_large;
    CLEANUP_FREE char *text = gl_guest_read_sized (gg->io, path, GL_KCONFIG_MAX_BYTES,
                                                   &len, &too_large);
    if (too_large) {
      CLEANUP_FREE char *why = gl_too_large (path, too_large, GL_KCONFIG_MAX_BYTES);
      if (why)
        config_unread (k, why);
    }
    if (!text)
      continue;
    struct gl_kconfig *c = gl_kconfig_parse (text, len);
    if (c && gl_kconfig_count (c) > 0) {
      k->config = GL_STEAL (path);
      k->config_source = GL_CONFIG_FILE;
      return c;
    }
    gl_kconfig_free (c);
  }
  return NULL;
}

/* No config file: look inside the kernel image (IKCONFIG), and note what
 * the image format itself says (a XenLinux kernel is a gzip'd ELF with Xen
 * notes, not a bzImage). */
static struct gl_kconfig *
config_from_image (struct gl_guest *gg, struct gl_kernel *k, struct gl_os *os)
{
  CLEANUP_ERR struct gl_err err = GL_ERR_INIT;
  CLEANUP_FREE char *host = gl_guest_download (gg->io, k->vmlinuz, GL_KERNEL_MAX_BYTES,
                                               gg->tmpdir, &err);
  if (!host) {
    /* Its IKCONFIG was not looked at: the verdict says why. */
    config_unread (k, gl_err_msg (&err, "cannot copy the kernel image out"));
    return NULL;
  }
  struct gl_kimage_info info = { 0 };
  CLEANUP_ERR struct gl_err kerr = GL_ERR_INIT;
  int r = gl_kimage_read_file (host, &info, &kerr);
  unlink (host);
  if (r == -1) {
    CLEANUP_FREE char *w = gl_printf ("kernel %s: cannot read its image %s: %s",
                                      k->version, k->vmlinuz, gl_err_msg (&kerr, "?"));
    if (w)
      string_vector_add (&os->kvm.warnings, w);
    gl_kimage_info_free (&info);
    return NULL;
  }
  k->format_hint = gl_kimage_format_hint (&info);
  if (info.config_note) {
    CLEANUP_FREE char *why = gl_printf ("%s: %s", k->vmlinuz, info.config_note);
    if (why)
      config_unread (k, why);
  }
  struct gl_kconfig *c = NULL;
  if (info.config) {
    c = gl_kconfig_parse (info.config, strlen (info.config));
    if (c && gl_kconfig_count (c) > 0)
      k->config_source = GL_CONFIG_IKCONFIG;
    else {
      gl_kconfig_free (c);
      c = NULL;
    }
  }
  gl_kimage_info_free (&info);
  return c;
}

static void
virtio_from_modules (struct gl_guest *gg, struct gl_kernel *k, struct gl_os *os)
{
  if (!k->modules_dir)
    return;
  string_vector names = empty_vector;
  for (size_t i = 0; module_dirs[i]; ++i) {
    CLEANUP_FREE char *dir = gl_printf ("%s/%s", k->modules_dir, module_dirs[i]);
    CLEANUP_ERR struct gl_err err = GL_ERR_INIT;
    CLEANUP_FREE_STRING_LIST char **ls =
      dir ? gl_guest_glob (gg->io, dir, module_pattern, &err) : NULL;
    if (dir && !ls)
      gl_os_warn (os, "kernel %s: cannot list the modules in %s: %s", k->version,
                  dir, gl_err_msg (&err, "?"));
    for (size_t j = 0; ls && ls[j]; ++j)
      string_vector_add (&names, ls[j]);
  }
  gl_modules_virtio ((const char *const *) names.ptr, names.len, &k->virtio,
                     &k->has_ide);
  string_vector_free (&names);
}

static void
initrd_virtio_blk (struct gl_guest *gg, struct gl_kernel *k, struct gl_os *os)
{
  if (!k->initrd) {
    k->initrd_has_virtio_blk = GL_NULL;
    return;
  }
  /* Built into the kernel: the initrd needs no module. */
  if (k->virtio_blk_builtin) {
    k->initrd_has_virtio_blk = GL_TRUE;
    return;
  }
  CLEANUP_ERR struct gl_err dlerr = GL_ERR_INIT;
  CLEANUP_FREE char *host = gl_guest_download (gg->io, k->initrd, GL_INITRD_MAX_BYTES,
                                               gg->tmpdir, &dlerr);
  CLEANUP_ERR struct gl_err err = GL_ERR_INIT;
  string_vector names = empty_vector;
  if (host && gl_initrd_list (host, &names, &err) == 0)
    k->initrd_has_virtio_blk =
      gl_initrd_names_have_virtio_blk (&names) ? GL_TRUE : GL_FALSE;
  else {
    k->initrd_has_virtio_blk = GL_NULL;
    if (host)
      gl_os_warn (os, "kernel %s: cannot read its initrd %s: %s",
                  k->version, k->initrd, gl_err_msg (&err, "?"));
    else                        /* dlerr names the initrd */
      gl_os_warn (os, "kernel %s: initrd %s", k->version, gl_err_msg (&dlerr, "?"));
  }
  if (host)
    unlink (host);
  string_vector_free (&names);
}

static void
classify (struct gl_guest *gg, struct gl_kernel *k, struct gl_os *os)
{
  k->modules_dir = find_modules_dir (gg, k->version);
  struct gl_kconfig *c = config_from_files (gg, k);
  if (!c)
    c = config_from_image (gg, k, os);

  k->xen_pv_only = gl_kconfig_pv_only (c, &k->xen_pv_only_evidence);
  /* Without a config the verdict says why; with one, a config dropped
   * on the way is said here. */
  if (c && k->config_unread)
    gl_os_warn (os, "kernel %s: %s; its config came from %s", k->version,
                k->config_unread, k->config ? k->config : "its IKCONFIG");
  if (c) {
    gl_kconfig_virtio (c, &k->virtio, &k->virtio_blk_builtin);
    k->has_ide = gl_kconfig_has_ide (c);
    const char *a = gl_kconfig_arch (c);
    if (a)
      k->arch = strdup (a);
  }
  else
    virtio_from_modules (gg, k, os);
  gl_kconfig_free (c);

  for (size_t i = 0; !k->arch && i < sizeof version_arch / sizeof version_arch[0]; ++i)
    if (has_suffix (k->version, version_arch[i].suffix))
      k->arch = strdup (version_arch[i].arch);

  initrd_virtio_blk (gg, k, os);
}

struct gl_kernel *
gl_guest_find_kernel (struct gl_os *os, const char *vmlinuz)
{
  for (size_t i = 0; i < os->kernels.len; ++i)
    if (strcmp (os->kernels.ptr[i]->vmlinuz, vmlinuz) == 0)
      return os->kernels.ptr[i];
  return NULL;
}

struct gl_kernel *
gl_guest_add_kernel (struct gl_guest *gg, struct gl_os *os,
                     const char *vmlinuz, const char *initrd)
{
  struct gl_kernel *known = gl_guest_find_kernel (os, vmlinuz);
  if (known)
    return known;
  if (!gl_guest_is_file (gg->io, vmlinuz))
    return NULL;

  struct gl_kernel *k = gl_kernel_new ();
  if (!k)
    return NULL;
  const char *base = strrchr (vmlinuz, '/');
  base = base ? base + 1 : vmlinuz;
  k->vmlinuz = strdup (vmlinuz);
  k->version = gl_kernel_version_from_name (base);
  if (!k->version)
    k->version = strdup (base);
  if (initrd && gl_guest_is_file (gg->io, initrd))
    k->initrd = strdup (initrd);
  else {
    CLEANUP_FREE char *dir = dir_of (vmlinuz);
    k->initrd = dir ? find_initrd (gg, dir, k->version) : NULL;
  }
  if (!k->vmlinuz || !k->version || gl_kernel_vector_append (&os->kernels, k) == -1) {
    gl_kernel_free (k);
    return NULL;
  }
  classify (gg, k, os);
  return k;
}

/* Newest first (rpm version order of the names' versions): with more
 * kernels than the bound, the newest are the ones inspected. */
static int
newest_first (const void *a, const void *b)
{
  const char *x = *(const char *const *) a, *y = *(const char *const *) b;
  CLEANUP_FREE char *vx = gl_kernel_version_from_name (x);
  CLEANUP_FREE char *vy = gl_kernel_version_from_name (y);
  int c = gl_vercmp (vy ? vy : y, vx ? vx : x);
  return c ? c : strcmp (x, y);
}

static int
by_image_path (const void *a, const void *b)
{
  const struct gl_kernel *x = *(struct gl_kernel *const *) a;
  const struct gl_kernel *y = *(struct gl_kernel *const *) b;
  return strcmp (x->vmlinuz, y->vmlinuz);
}

/* Each name looked at costs a probe (is it a regular file?): a guest may
 * give directories or FIFOs kernel names, so at most this many are. */
#define MAX_KERNEL_NAMES (4 * GL_MAX_KERNELS)

int
gl_guest_kernels (struct gl_guest *gg, struct gl_os *os)
{
  CLEANUP_ERR struct gl_err err = GL_ERR_INIT;
  CLEANUP_FREE_STRING_LIST char **names = gl_guest_glob (gg->io, "/boot", kernel_pattern,
                                                         &err);
  if (!names) {
    gl_os_warn (os, "/boot: cannot list its kernels (%s): %s", kernel_pattern,
                gl_err_msg (&err, "?"));
    return 0;
  }
  size_t n = 0;
  for (size_t i = 0; names[i]; ++i)
    if (looks_like_kernel (names[i]))
      names[n++] = names[i];
    else
      free (names[i]);
  names[n] = NULL;

  qsort (names, n, sizeof *names, newest_first);
  size_t looked = 0;
  for (; looked < n && looked < MAX_KERNEL_NAMES && os->kernels.len < GL_MAX_KERNELS;
       ++looked) {
    CLEANUP_FREE char *path = gl_printf ("/boot/%s", names[looked]);
    if (path)
      gl_guest_add_kernel (gg, os, path, NULL);
  }
  if (looked < n)
    gl_os_warn (os, "/boot: %zu kernel names; only the newest %zu were looked "
                "at (the bound is %d kernels)", n, looked, GL_MAX_KERNELS);
  /* Reported in name order, whichever were inspected. */
  qsort (os->kernels.ptr, os->kernels.len, sizeof *os->kernels.ptr, by_image_path);

  /* The OS arch, if no guest binary told it: the kernels' (all agree in
   * practice; take the first known). */
  for (size_t i = 0; !os->arch && i < os->kernels.len; ++i)
    if (os->kernels.ptr[i]->arch) {
      const char *a = os->kernels.ptr[i]->arch;
      /* An OS is "i386" (as libguestfs says) whatever its kernels' i?86. */
      bool x86_32 = a[0] == 'i' && strlen (a) == 4 && strcmp (a + 2, "86") == 0;
      os->arch = strdup (x86_32 ? "i386" : a);
    }
  return 0;
}
