/* guestlift: the conversion plan (see plan.h): the kernel to boot, and
 * every guest edit computed up front from the guest's own files through
 * the pure rewriters (convert/rewrite.h). */
#include <config.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <ctype.h>

#include "boot-guest.h"
#include "bootloader.h"
#include "bounds.h"
#include "buf.h"
#include "cleanup.h"
#include "devmap.h"
#include "drive-name.h"
#include "err.h"
#include "error.h"
#include "guest-io.h"
#include "plan.h"
#include "rewrite.h"

typedef char *(*rewriter_fn) (const char *, size_t, const struct gl_rewrite_ctx *);

/* Guest files with a fixed path, and who rewrites them. */
static const struct {
  const char *path;
  rewriter_fn rewrite;
} fixed_files[] = {
  { "/etc/fstab", gl_rewrite_fstab },
  { "/etc/crypttab", gl_rewrite_crypttab },
  { "/etc/default/grub", gl_rewrite_default_grub },
  { "/etc/sysconfig/grub", gl_rewrite_default_grub },
  { "/etc/inittab", gl_rewrite_inittab },
  { "/etc/securetty", gl_rewrite_securetty },
  { "/etc/modprobe.conf", gl_rewrite_modprobe },
  { "/etc/sysconfig/kernel", gl_rewrite_sysconfig_kernel },
};

/* At most this many files of /etc/modprobe.d are looked at. */
#define MODPROBE_D_MAX 256

/* Xen consoles a systemd serial getty may be enabled on. */
static const char *const xen_consoles[] = { "hvc0", "xvc0" };
#define GETTY_WANTS "/etc/systemd/system/getty.target.wants"

/* Modules the initrd needs for the guest to find its disk on virtio. */
static const char *const virtio_modules[] = { "virtio_pci", "virtio_blk", "virtio_net" };

/* How each initrd tool is called (guest paths, first found wins). */
enum initrd_kind { INITRD_DRACUT, INITRD_UPDATE_INITRAMFS, INITRD_MKINITRD };
static const struct {
  const char *path;
  enum initrd_kind kind;
} initrd_tools[] = {
  { "/usr/bin/dracut", INITRD_DRACUT },
  { "/usr/sbin/dracut", INITRD_DRACUT },
  { "/sbin/dracut", INITRD_DRACUT },
  { "/usr/sbin/update-initramfs", INITRD_UPDATE_INITRAMFS },
  { "/sbin/update-initramfs", INITRD_UPDATE_INITRAMFS },
  { "/sbin/mkinitrd", INITRD_MKINITRD },
  { "/usr/sbin/mkinitrd", INITRD_MKINITRD },
};

/* ---- choosing the kernel ---- */

static const struct gl_kernel *
find_kernel (const struct gl_os *os, const char *version)
{
  for (size_t i = 0; version && i < os->kernels.len; ++i)
    if (strcmp (os->kernels.ptr[i]->version, version) == 0)
      return os->kernels.ptr[i];
  return NULL;
}

/* "A, B, C" (versions; PV-only ones marked when MARK). */
static char *
kernel_list (const struct gl_os *os, bool mark)
{
  CLEANUP_BUF struct gl_buf b = GL_BUF_INIT;
  for (size_t i = 0; i < os->kernels.len; ++i) {
    const struct gl_kernel *k = os->kernels.ptr[i];
    if (gl_buf_printf (&b, "%s%s%s", i ? ", " : "", k->version,
                       mark && k->xen_pv_only == GL_TRUE ? " (Xen PV-only)" : "") == -1)
      return NULL;
  }
  if (b.len == 0 && gl_buf_puts (&b, "none") == -1)
    return NULL;
  return gl_buf_steal (&b);
}

int
gl_plan_choose_kernel (const struct gl_os *os,
                       const struct gl_target_profile *target,
                       const char *requested,
                       const struct gl_kernel **out, struct gl_err *err)
{
  *out = NULL;
  if (os->kernels.len == 0)
    return gl_err_set (err, 0, "no kernel was found in the guest: nothing to boot");
  if (requested) {
    const struct gl_kernel *k = find_kernel (os, requested);
    if (!k) {
      CLEANUP_FREE char *list = kernel_list (os, false);
      return gl_err_set (err, 0, "--kernel %s: the guest has no such kernel "
                         "(available: %s)", requested, list ? list : "?");
    }
    if (!target->accepts_pv_only_kernel && k->xen_pv_only == GL_TRUE)
      return gl_err_set (err, 0, "--kernel %s: this kernel is Xen PV-only and "
                         "cannot boot on %s; choose another kernel or convert "
                         "with --to xen-pv", requested, target->name);
    *out = k;
    return 0;
  }

  if (target->accepts_pv_only_kernel) {
    const struct gl_kernel *k = NULL;
    for (size_t i = 0; !k && i < os->kernels.len; ++i)
      if (os->kernels.ptr[i]->is_default)
        k = os->kernels.ptr[i];
    if (!k)
      k = find_kernel (os, os->kvm.recommended_kernel);
    if (!k)
      k = os->kernels.ptr[os->kernels.len - 1];
    *out = k;
    return 0;
  }

  const struct gl_kernel *k = find_kernel (os, os->kvm.recommended_kernel);
  if (k) {
    *out = k;
    return 0;
  }

  bool all_pv = true;
  for (size_t i = 0; i < os->kernels.len; ++i)
    all_pv &= os->kernels.ptr[i]->xen_pv_only == GL_TRUE;
  CLEANUP_FREE char *list = kernel_list (os, !all_pv);
  if (all_pv)
    return gl_err_set (err, 0, "every kernel of this guest is Xen PV-only (%s) "
                       "and cannot boot on %s: install a non-Xen kernel in the "
                       "guest (yum install kernel / zypper in kernel-default) "
                       "then convert again, or convert with --to xen-pv",
                       list ? list : "?", target->name);
  return gl_err_set (err, 0, "no kernel of this guest can boot on %s (%s)%s%s: "
                     "name one with --kernel if you know it boots",
                     target->name, list ? list : "?",
                     os->kvm.blockers.len ? ": " : "",
                     os->kvm.blockers.len ? os->kvm.blockers.ptr[0] : "");
}

/* ---- building the edits ---- */

static int
add_edit (struct gl_plan *plan, const char *path, char *old_text, char *new_text)
{
  struct gl_file_edit e = { .path = strdup (path), .old_text = old_text,
                            .new_text = new_text };
  if (!e.path || gl_file_edit_vector_append (&plan->edits, e) == -1) {
    free (e.path);
    return -1;
  }
  return 0;
}

static bool
already_planned (const struct gl_plan *plan, const char *path)
{
  for (size_t i = 0; i < plan->edits.len; ++i)
    if (strcmp (plan->edits.ptr[i].path, path) == 0)
      return true;
  return false;
}

/* A warning for the plan (MSG is taken; NULL means out of memory). */
static int
plan_warn (struct gl_plan *plan, char *msg)
{
  if (!msg)
    return -1;
  int r = string_vector_add_unique (&plan->warnings, msg);
  free (msg);
  return r;
}

/* Why read_for_rewrite gave no text. */
enum { READ_ABSENT, READ_TOO_LARGE, READ_OOM };

/* Read PATH (at most MAX bytes) for a rewrite.  NULL when it is missing
 * or unreadable (most guests lack most of the files), too large (said in
 * the plan's warnings: the file then keeps its Xen names; issue 11: no
 * bound drops data silently), or on ENOMEM; *why says which. */
static char *
read_for_rewrite (struct gl_guest_io *g, struct gl_plan *plan, const char *path,
                  size_t max, size_t *len, int *why)
{
  uint64_t too_large = 0;
  char *text = gl_guest_read_sized (g, path, max, len, &too_large);
  *why = READ_ABSENT;
  if (!text && too_large) {
    CLEANUP_FREE char *what = gl_too_large (path, too_large, max);
    *why = plan_warn (plan, what ? gl_printf ("%s, not rewritten for %s", what,
                                              plan->target->name) : NULL) == -1
      ? READ_OOM : READ_TOO_LARGE;
  }
  return text;
}

/* One file's rewrite: 1 with *out when the text changes, 0 when it does
 * not, -1 with ERR. */
typedef int (*edit_fn) (const char *text, size_t len, void *opaque,
                        char **out, struct gl_err *err);

/* Read PATH (up to MAX bytes), rewrite it, keep the edit if the text
 * changes.  A missing or unreadable file is not an error (most guests
 * lack most of them); a larger one is a warning of the plan. */
static int
edit_file (struct gl_guest_io *g, struct gl_plan *plan, const char *path, size_t max,
           edit_fn edit, void *opaque, struct gl_err *err)
{
  if (!gl_guest_is_file (g, path))
    return 0;
  /* Edit the file itself, not the symlink (menu.lst -> grub.conf): the
   * link stays, and two names of one file are edited once. */
  CLEANUP_FREE char *real = gl_guest_realpath (g, path, NULL);
  if (!real || already_planned (plan, real))
    return 0;
  size_t len;
  int why;
  CLEANUP_FREE char *text = read_for_rewrite (g, plan, real, max, &len, &why);
  if (!text && why == READ_OOM)
    return gl_err_set (err, ENOMEM, "out of memory");
  if (!text)
    return 0;
  CLEANUP_ERR struct gl_err e = GL_ERR_INIT;
  CLEANUP_FREE char *out = NULL;
  int r = edit (text, len, opaque, &out, &e);
  if (r == -1)
    return gl_err_set (err, e.errnum, "%s: cannot rewrite it: %s", real,
                       e.errnum == EFBIG ? "file too large" : gl_err_msg (&e, "?"));
  if (r == 0 || strcmp (out, text) == 0)
    return 0;
  if (add_edit (plan, real, text, out) == -1)
    return gl_err_set (err, ENOMEM, "out of memory");
  text = out = NULL;   /* owned by the plan now */
  return 0;
}

/* A rewriter of rewrite.h as an edit_fn (OPAQUE: the rewriter and ctx). */
struct rewriter_call {
  rewriter_fn rewrite;
  const struct gl_rewrite_ctx *ctx;
};

static int
call_rewriter (const char *text, size_t len, void *opaque, char **out,
               struct gl_err *err)
{
  const struct rewriter_call *c = opaque;
  errno = 0;
  *out = c->rewrite (text, len, c->ctx);
  if (*out)
    return 1;
  return errno == 0 ? 0 : gl_err_set (err, errno, "%s", strerror (errno));
}

static int
edit_guest_file (struct gl_guest_io *g, struct gl_plan *plan, const char *path,
                 rewriter_fn rewrite, const struct gl_rewrite_ctx *ctx,
                 struct gl_err *err)
{
  struct rewriter_call c = { rewrite, ctx };
  return edit_file (g, plan, path, GL_REWRITE_MAX_BYTES, call_rewriter, &c, err);
}

/* A bootloader file's rewrite (OPAQUE: its format and the edits). */
struct boot_call {
  const struct gl_bootloader_ops *ops;
  const struct gl_boot_edits *edits;
};

static int
call_boot_rewrite (const char *text, size_t len, void *opaque, char **out,
                   struct gl_err *err)
{
  const struct boot_call *c = opaque;
  return gl_bootloader_rewrite (c->ops, text, len, c->edits, out, err);
}

/* The systemd serial getty moves from the Xen console to ours. */
static int
plan_getty_links (struct gl_guest_io *g, struct gl_plan *plan)
{
  CLEANUP_FREE char *to = gl_printf (GETTY_WANTS "/serial-getty@%s.service",
                                     plan->target->console);
  if (!to)
    return -1;
  for (size_t i = 0; i < sizeof xen_consoles / sizeof xen_consoles[0]; ++i) {
    if (strcmp (xen_consoles[i], plan->target->console) == 0)
      continue;
    CLEANUP_FREE char *from = gl_printf (GETTY_WANTS "/serial-getty@%s.service",
                                         xen_consoles[i]);
    if (!from)
      return -1;
    CLEANUP_FREE char *target = gl_guest_readlink (g, from);
    if (!target)
      continue;
    struct gl_link_edit l = { .from = GL_STEAL (from), .to = strdup (to),
                              .target = GL_STEAL (target) };
    if (!l.to || gl_link_edit_vector_append (&plan->links, l) == -1) {
      free (l.from); free (l.to); free (l.target);
      return -1;
    }
  }
  return 0;
}

/* SELINUX=enforcing|permissive in a KEY=value file (quotes allowed). */
static bool
selinux_active (const char *text)
{
  for (const char *p = text; p && *p; ) {
    const char *eol = strchr (p, '\n');
    size_t n = eol ? (size_t) (eol - p) : strlen (p);
    const char *s = p, *end = p + n;
    while (s < end && isspace ((unsigned char) *s))
      s++;
    if ((size_t) (end - s) > 7 && strncmp (s, "SELINUX", 7) == 0) {
      s += 7;
      while (s < end && (*s == ' ' || *s == '\t'))
        s++;
      if (s < end && *s == '=') {
        s++;
        while (s < end && (*s == ' ' || *s == '\t' || *s == '"' || *s == '\''))
          s++;
        const char *v = s;
        while (s < end && isalpha ((unsigned char) *s))
          s++;
        size_t vn = (size_t) (s - v);
        if ((vn == 9 && strncasecmp (v, "enforcing", 9) == 0) ||
            (vn == 10 && strncasecmp (v, "permissive", 10) == 0))
          return true;
      }
    }
    p = eol ? eol + 1 : NULL;
  }
  return false;
}

static bool
plan_selinux (struct gl_guest_io *g)
{
  static const char *const files[] = { "/etc/selinux/config", "/etc/sysconfig/selinux" };
  for (size_t i = 0; i < sizeof files / sizeof files[0]; ++i) {
    size_t len;
    CLEANUP_FREE char *text = gl_guest_read (g, files[i], 1024 * 1024, &len);
    if (text && selinux_active (text))
      return true;
  }
  return false;
}

static const char *
base_name (const char *path)
{
  const char *s = strrchr (path, '/');
  return s ? s + 1 : path;
}

/* initramfs-tools reads extra modules from /etc/initramfs-tools/modules:
 * the virtio ones are appended when missing. */
static int
plan_initramfs_modules (struct gl_guest_io *g, struct gl_plan *plan)
{
  static const char path[] = "/etc/initramfs-tools/modules";
  size_t len = 0;
  int why;
  char *text = read_for_rewrite (g, plan, path, GL_REWRITE_MAX_BYTES, &len, &why);
  if (!text && why == READ_OOM)
    return -1;
  /* Too large to read: left as it is (the warning says so), never
   * replaced by the virtio lines alone. */
  if (!text && why == READ_TOO_LARGE)
    return 0;
  if (!text && !(text = strdup ("")))
    return -1;
  struct gl_buf b = GL_BUF_INIT;
  if (gl_buf_append (&b, text, len) == -1)
    goto fail;
  for (size_t i = 0; i < sizeof virtio_modules / sizeof virtio_modules[0]; ++i) {
    const char *m = virtio_modules[i];
    size_t mn = strlen (m);
    bool have = false;
    for (const char *p = text; *p && !have; ) {
      const char *eol = strchr (p, '\n');
      size_t n = eol ? (size_t) (eol - p) : strlen (p);
      have = n >= mn && strncmp (p, m, mn) == 0 &&
        (n == mn || isspace ((unsigned char) p[mn]));
      p = eol ? eol + 1 : p + n;
    }
    if (have)
      continue;
    if (b.len && b.data[b.len - 1] != '\n' && gl_buf_puts (&b, "\n") == -1)
      goto fail;
    if (gl_buf_printf (&b, "%s\n", m) == -1)
      goto fail;
  }
  if (b.len == len) {
    gl_buf_free (&b);
    free (text);
    return 0;
  }
  char *out = gl_buf_steal (&b);
  if (!out || add_edit (plan, path, text, out) == -1) {
    free (out);
    free (text);
    return -1;
  }
  return 0;
 fail:
  gl_buf_free (&b);
  free (text);
  return -1;
}

static char **
make_argv (const char *const *args, size_t n)
{
  char **v = calloc (n + 1, sizeof *v);
  if (!v)
    return NULL;
  for (size_t i = 0; i < n; ++i)
    if (!(v[i] = strdup (args[i]))) {
      gl_free_string_list (v);
      return NULL;
    }
  return v;
}

/* When the chosen kernel's initrd cannot find a virtio disk: the guest's
 * own tool rebuilds it (dracut, update-initramfs, mkinitrd). */
static int
plan_initrd (struct gl_guest_io *g, const struct gl_os *os, struct gl_plan *plan)
{
  const struct gl_kernel *k = plan->kernel;
  if (strcmp (plan->target->disk_bus, "virtio") != 0 ||
      k->initrd_has_virtio_blk != GL_FALSE || k->virtio_blk_builtin)
    return 0;
  plan->initrd_needed = true;

  size_t t;
  for (t = 0; t < sizeof initrd_tools / sizeof initrd_tools[0]; ++t)
    if (gl_guest_is_file (g, initrd_tools[t].path))
      break;
  if (t == sizeof initrd_tools / sizeof initrd_tools[0])
    return 0;   /* no tool: apply warns */

  const char *tool = initrd_tools[t].path, *v = k->version;
  bool suse = os->distro && (strcmp (os->distro, "sles") == 0 ||
                             strncmp (os->distro, "opensuse", 8) == 0);
  CLEANUP_FREE char *initrd = NULL;
  if (k->initrd)
    initrd = strdup (k->initrd);
  else if (initrd_tools[t].kind == INITRD_DRACUT)
    initrd = gl_printf ("/boot/initramfs-%s.img", v);
  else if (initrd_tools[t].kind == INITRD_MKINITRD && !suse)
    initrd = gl_printf ("/boot/initrd-%s.img", v);
  else if (initrd_tools[t].kind == INITRD_MKINITRD)
    initrd = gl_printf ("/boot/initrd-%s", v);
  else
    initrd = gl_printf ("/boot/initrd.img-%s", v);
  if (!initrd)
    return -1;

  switch (initrd_tools[t].kind) {
  case INITRD_DRACUT: {
    const char *a[] = { tool, "-f", "--add-drivers", "virtio_pci virtio_blk virtio_net",
                        initrd, v };
    plan->initrd_argv = make_argv (a, 6);
    break;
  }
  case INITRD_UPDATE_INITRAMFS: {
    const char *a[] = { tool, "-u", "-k", v };
    if (plan_initramfs_modules (g, plan) == -1)
      return -1;
    plan->initrd_argv = make_argv (a, 4);
    break;
  }
  case INITRD_MKINITRD:
    if (suse) {
      const char *kb = base_name (k->vmlinuz ? k->vmlinuz : "");
      CLEANUP_FREE char *kname = k->vmlinuz ? strdup (kb) : gl_printf ("vmlinuz-%s", v);
      if (!kname)
        return -1;
      const char *a[] = { tool, "-k", kname, "-i", base_name (initrd),
                          "-m", "virtio_pci virtio_blk" };
      plan->initrd_argv = make_argv (a, 7);
    }
    else {
      const char *a[] = { tool, "-f", "--with=virtio_pci", "--with=virtio_blk",
                          "--with=virtio_net", initrd, v };
      plan->initrd_argv = make_argv (a, 7);
    }
    break;
  }
  if (!plan->initrd_argv)
    return -1;
  plan->initrd_path = GL_STEAL (initrd);
  return 0;
}

/* The kernel file whose boot entry the guest's bootloader gets. */
static char *
kernel_file (const struct gl_kernel *k)
{
  return k->vmlinuz ? strdup (base_name (k->vmlinuz)) :
    gl_printf ("vmlinuz-%s", k->version);
}

/* The guest's bootloader (the report's type and config): the chosen
 * kernel's entry becomes the default, its command line is the plan's,
 * and every file of the menu gets the edits.  A config that cannot be
 * read again is left alone. */
static int
plan_bootloader (struct gl_guest_io *g, const struct gl_os *os, struct gl_plan *plan,
                 const struct gl_rewrite_ctx *ctx, struct gl_err *err)
{
  const struct gl_bootloader_ops *ops = gl_bootloader_by_name (os->bootloader.type);
  if (!ops || !os->bootloader.config)
    return 0;
  /* What the menu's bounds leave out (entry files past the count, a file
   * too large) is the plan's warning too. */
  struct gl_boot_reader reader = gl_boot_guest_reader (g, &plan->warnings);
  struct gl_boot_menu menu = { .cfg.default_index = -1 };
  CLEANUP_ERR struct gl_err e = GL_ERR_INIT;
  CLEANUP_FREE char *kname = kernel_file (plan->kernel);
  int index, found = -1, r = -1;

  if (!kname)
    goto oom;
  found = gl_boot_menu_load (&reader, ops, os->bootloader.config, &menu, &e);
  if (found == -1 ||
      (found == 1 && gl_boot_menu_choose (&menu, kname, &index, &plan->saved_entry,
                                          &e) == -1))
    goto out;
  if (found == 1 && index >= 0) {
    const char *cl = menu.cfg.entries.ptr[index].cmdline;
    plan->cmdline = plan->target->needs_guest_edits
      ? gl_rewrite_cmdline (cl ? cl : "", ctx) : strdup (cl ? cl : "");
    if (!plan->cmdline)
      goto oom;
  }
  r = 0;
  struct gl_boot_edits edits;
  if (found != 1 || !gl_plan_boot_edits (plan->target, ctx->devices, kname,
                                         plan->saved_entry, &edits))
    goto out;
  for (size_t i = 0; r == 0 && i < menu.files.len; ++i) {
    struct boot_call c = { menu.files.ptr[i].ops, &edits };
    r = edit_file (g, plan, menu.files.ptr[i].path, c.ops->max_bytes,
                   call_boot_rewrite, &c, err);
  }
  gl_boot_menu_free (&menu);
  return r;

 oom:
  gl_err_set (&e, ENOMEM, "out of memory");
 out:
  if (r == -1)
    gl_err_set (err, e.errnum, "%s: %s", os->bootloader.config,
                gl_err_msg (&e, "?"));
  gl_boot_menu_free (&menu);
  return r;
}

bool
gl_plan_boot_edits (const struct gl_target_profile *target,
                    const struct gl_devmap *devices, const char *kname,
                    const char *saved_entry, struct gl_boot_edits *edits)
{
  /* xen-pv: the guest boots as it did; nothing in it changes. */
  if (!target->needs_guest_edits)
    return false;
  edits->devices = devices;
  edits->console = target->console;
  edits->default_kernel = kname;
  edits->saved_entry = saved_entry;
  return true;
}

int
gl_plan_device_map (const struct gl_target_profile *target, struct gl_devmap *map)
{
  /* Today's names: the Xen disk xvdX[N] is the target's PREFIX X[N]. */
  if (strcmp (target->device_prefix, "xvd") == 0)
    return 0;
  return gl_devmap_add_prefix (map, "xvd", target->device_prefix, NULL);
}

/* Sector 0 of the first disk: BIOS boots it when it ends in 0x55AA and
 * holds code before the partition table (440 bytes: the MBR's code area
 * up to the disk signature).  An MBR with a table and no code (parted,
 * sfdisk) jumps nowhere. */
static int
plan_boot_code (struct gl_guest_io *g, struct gl_plan *plan)
{
  CLEANUP_ERR struct gl_err e = GL_ERR_INIT;
  CLEANUP_FREE_STRING_LIST char **devs = gl_guest_list_devices (g, &e);
  unsigned char s0[512];
  size_t n = 0;
  bool read = devs && devs[0] &&
    gl_guest_read_device_head (g, devs[0], s0, sizeof s0, &n, &e) == 0;
  const char *why = NULL;
  if (!read || n < 512)
    why = "its first sector cannot be read";
  else if ((unsigned char) s0[510] != 0x55 || (unsigned char) s0[511] != 0xaa) {
    bool zeros = true;
    for (size_t i = 0; i < 512 && zeros; ++i)
      zeros = s0[i] == 0;
    why = zeros ? "sector 0 is zeros" : "sector 0 has no boot signature (0x55AA)";
  }
  else {
    bool code = false;
    for (size_t i = 0; i < 440 && !code; ++i)
      code = s0[i] != 0;
    if (!code)
      why = "sector 0 has a partition table but no boot code";
  }
  plan->boot_code = why == NULL;
  if (why && !(plan->no_boot_code_why = strdup (why)))
    return -1;
  return 0;
}

int
gl_plan_build (struct gl_guest_io *g, const struct gl_os *os,
               const struct gl_target_profile *target,
               const struct gl_kernel *kernel,
               const struct gl_devmap *devices,
               struct gl_plan *plan, struct gl_err *err)
{
  memset (plan, 0, sizeof *plan);
  plan->target = target;
  plan->kernel = kernel;
  struct gl_devmap map = GL_DEVMAP_INIT;
  struct gl_rewrite_ctx ctx = { .target = target, .devices = devices ? devices : &map };
  int r = -1;

  if (!devices && gl_plan_device_map (target, &map) == -1)
    goto oom;
  if (plan_boot_code (g, plan) == -1)
    goto oom;
  if (plan_bootloader (g, os, plan, &ctx, err) == -1)
    goto out;
  /* xen-pv: the guest boots as it did; nothing in it changes. */
  if (!target->needs_guest_edits) {
    r = 0;
    goto out;
  }
  for (size_t i = 0; i < sizeof fixed_files / sizeof fixed_files[0]; ++i)
    if (edit_guest_file (g, plan, fixed_files[i].path, fixed_files[i].rewrite,
                         &ctx, err) == -1)
      goto out;
  /* One more than the bound is listed, to know when the bound left
   * entries out. */
  CLEANUP_FREE_STRING_LIST char **conf = gl_guest_ls (g, "/etc/modprobe.d", MODPROBE_D_MAX + 1);
  if (conf && gl_string_list_length (conf) > MODPROBE_D_MAX) {
    free (conf[MODPROBE_D_MAX]);
    conf[MODPROBE_D_MAX] = NULL;
    if (plan_warn (plan, gl_printf ("/etc/modprobe.d: more than %d entries; the "
                                    "first %d were rewritten for %s, not the others",
                                    MODPROBE_D_MAX, MODPROBE_D_MAX,
                                    plan->target->name)) == -1)
      goto oom;
  }
  for (size_t i = 0; conf && conf[i]; ++i) {
    size_t n = strlen (conf[i]);
    if (n < 6 || strcmp (conf[i] + n - 5, ".conf") != 0 || strchr (conf[i], '/'))
      continue;
    CLEANUP_FREE char *p = gl_printf ("/etc/modprobe.d/%s", conf[i]);
    if (!p)
      goto oom;
    if (edit_guest_file (g, plan, p, gl_rewrite_modprobe, &ctx, err) == -1)
      goto out;
  }
  if (plan_getty_links (g, plan) == -1)
    goto oom;
  plan->autorelabel = plan_selinux (g);
  if (plan_initrd (g, os, plan) == -1)
    goto oom;
  r = 0;
  goto out;

 oom:
  gl_err_set (err, ENOMEM, "out of memory");
 out:
  gl_devmap_free (&map);
  return r;
}

/* ---- printing ---- */

/* Guest text on the terminal: control bytes other than newline and tab
 * are shown as \xHH, so a hostile file cannot send escape sequences. */
static void
put_safe (FILE *fp, const char *s)
{
  for (; *s; ++s) {
    unsigned char c = (unsigned char) *s;
    if (c == '\n' || c == '\t' || (c >= 0x20 && c != 0x7f))
      fputc (c, fp);
    else
      fprintf (fp, "\\x%02x", c);
  }
}

int
gl_plan_print (const struct gl_plan *plan, FILE *fp)
{
  fprintf (fp, "Target: %s\n", plan->target->name);
  fputs ("Kernel: ", fp);
  put_safe (fp, plan->kernel->version);
  fputs (plan->target->needs_guest_edits ? " (made the default boot entry)\n" : "\n", fp);
  if (plan->cmdline) {
    fputs ("Kernel command line: ", fp);
    put_safe (fp, plan->cmdline);
    fputc ('\n', fp);
  }
  if (!plan->target->needs_guest_edits)
    fputs ("Guest edits: none (the guest boots as a Xen PV guest)\n", fp);
  for (size_t i = 0; i < plan->edits.len; ++i) {
    const struct gl_file_edit *e = &plan->edits.ptr[i];
    CLEANUP_FREE char *d = gl_rewrite_diff (e->path, e->old_text, e->new_text);
    if (!d)
      return -1;
    put_safe (fp, d);
    if (d[0] && d[strlen (d) - 1] != '\n')
      fputc ('\n', fp);
  }
  for (size_t i = 0; i < plan->links.len; ++i) {
    const struct gl_link_edit *l = &plan->links.ptr[i];
    fputs ("Symlink: rename ", fp);
    put_safe (fp, l->from);
    fputs (" -> ", fp);
    put_safe (fp, l->to);
    fputs (" (-> ", fp);
    put_safe (fp, l->target);
    fputs (")\n", fp);
  }
  if (plan->autorelabel)
    fputs ("SELinux: touch /.autorelabel (relabel at first boot)\n", fp);
  if (plan->initrd_argv) {
    fputs ("initrd: rebuild in the guest:", fp);
    for (size_t i = 0; plan->initrd_argv[i]; ++i) {
      fputc (' ', fp);
      bool q = strchr (plan->initrd_argv[i], ' ') != NULL;
      if (q) fputc ('"', fp);
      put_safe (fp, plan->initrd_argv[i]);
      if (q) fputc ('"', fp);
    }
    fputc ('\n', fp);
  }
  else if (plan->initrd_needed) {
    fputs ("initrd: the initrd of ", fp);
    put_safe (fp, plan->kernel->version);
    fputs (" lacks virtio_blk and the guest has no dracut, mkinitrd or "
           "update-initramfs: it may not find its root disk on virtio\n", fp);
  }
  for (size_t i = 0; i < plan->warnings.len; ++i) {
    fputs ("Warning: ", fp);
    put_safe (fp, plan->warnings.ptr[i]);
    fputc ('\n', fp);
  }
  return ferror (fp) ? -1 : 0;
}

/* /dev/sdXN (the report's canonical name) -> the target's name. */
char *
gl_plan_default_cmdline (const struct gl_os *os,
                         const struct gl_target_profile *target)
{
  const char *root = os->root ? os->root : "/dev/sda1";
  CLEANUP_FREE char *dev = NULL;
  unsigned idx, part;
  if (gl_drive_parse (root, "/dev/sd", &idx, &part) == 0) {
    CLEANUP_FREE char *name = gl_target_device_name (target, idx, part);
    if (name)
      dev = gl_printf ("/dev/%s", name);
  }
  return gl_printf ("root=%s ro console=%s", dev ? dev : root, target->console);
}

void
gl_plan_free (struct gl_plan *plan)
{
  if (!plan)
    return;
  for (size_t i = 0; i < plan->edits.len; ++i) {
    free (plan->edits.ptr[i].path);
    free (plan->edits.ptr[i].old_text);
    free (plan->edits.ptr[i].new_text);
  }
  gl_file_edit_vector_reset (&plan->edits);
  for (size_t i = 0; i < plan->links.len; ++i) {
    free (plan->links.ptr[i].from);
    free (plan->links.ptr[i].to);
    free (plan->links.ptr[i].target);
  }
  gl_link_edit_vector_reset (&plan->links);
  gl_free_string_list (plan->initrd_argv);
  free (plan->initrd_path);
  free (plan->cmdline);
  free (plan->saved_entry);
  string_vector_free (&plan->warnings);
  free (plan->no_boot_code_why);
  memset (plan, 0, sizeof *plan);
}
