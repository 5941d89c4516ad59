/* guestlift: the rewriters of the guest's system files for a conversion
 * (see rewrite.h): fstab, crypttab, inittab, securetty, modprobe
 * configuration, SUSE's /etc/sysconfig/kernel.
 *
 * All are line based: a line is either rewritten as a whole or copied byte
 * for byte, and comment lines are never rewritten (a commented-out
 * "/dev/xvdc" stays what the administrator wrote).
 */
#include <config.h>

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "rewrite.h"
#include "rewrite-text.h"

/* ---- lines (as in rewrite-boot.c) ---- */


static bool
is_comment_or_blank (const char *line)
{
  const char *p = gl_rw_skip_blanks (line);
  return *p == '#' || *p == '\0';
}

static bool
word_in (const char *w, size_t n, const char *const *table)
{
  for (size_t i = 0; table[i]; ++i)
    if (strlen (table[i]) == n && memcmp (w, table[i], n) == 0)
      return true;
  return false;
}

/* ---- fstab, crypttab ---- */

/* Device names may be in any field (crypttab: the device, a key device,
 * header=...); gl_rewrite_devices_in only takes whole /dev/xvd tokens. */
static char *
devices_line (const char *line, void *opaque)
{
  if (is_comment_or_blank (line)) {
    errno = 0;
    return NULL;
  }
  return gl_rewrite_devices_in (line, opaque);
}

char *
gl_rewrite_fstab (const char *text, size_t len,
                  const struct gl_rewrite_ctx *ctx)
{
  return gl_rw_run_lines (text, len, ctx, devices_line, (void *) ctx);
}

char *
gl_rewrite_crypttab (const char *text, size_t len,
                     const struct gl_rewrite_ctx *ctx)
{
  return gl_rw_run_lines (text, len, ctx, devices_line, (void *) ctx);
}

/* ---- inittab ---- */

/* Xen console tty names, with or without "/dev/": xvc0, hvcN. */
static bool
is_xen_tty (const char *w, size_t n)
{
  if (n > 5 && memcmp (w, "/dev/", 5) == 0) {
    w += 5;
    n -= 5;
  }
  if (n == 4 && memcmp (w, "xvc0", 4) == 0)
    return true;
  if (n < 4 || memcmp (w, "hvc", 3) != 0)
    return false;
  for (size_t i = 3; i < n; ++i)
    if (w[i] < '0' || w[i] > '9')
      return false;
  return true;
}

static bool
is_tty (const char *w, size_t n, const char *tty)
{
  size_t t = strlen (tty);
  if (n > 5 && memcmp (w, "/dev/", 5) == 0) {
    w += 5;
    n -= 5;
  }
  return n == t && memcmp (w, tty, t) == 0;
}

/* The process field of an inittab line "id:runlevels:action:process" if
 * it runs a getty, else NULL. */
static const char *
getty_process (const char *line)
{
  const char *p = line, *prog, *pe;
  if (is_comment_or_blank (line))
    return NULL;
  for (int i = 0; i < 3; ++i) {
    p = strchr (p, ':');
    if (!p)
      return NULL;
    p++;
  }
  prog = gl_rw_skip_blanks (p);
  pe = gl_rw_word_end (prog);
  return memmem (prog, pe - prog, "getty", 5) ? p : NULL;
}

/* The first word of the getty's arguments naming TTY (any Xen console
 * when TTY is NULL), as [*ws, *we); false if none. */
static bool
find_tty_word (const char *process, const char *tty,
               const char **ws, const char **we)
{
  const char *p = gl_rw_word_end (gl_rw_skip_blanks (process));   /* past the program */
  for (;;) {
    p = gl_rw_skip_blanks (p);
    if (!*p)
      return false;
    *ws = p;
    *we = p = gl_rw_word_end (p);
    if (tty ? is_tty (*ws, *we - *ws, tty) : is_xen_tty (*ws, *we - *ws))
      return true;
  }
}

struct inittab_state {
  const struct gl_rewrite_ctx *ctx;
  bool has_target_getty;
};

static char *
inittab_scan (const char *line, void *opaque)
{
  struct inittab_state *st = opaque;
  const char *proc = getty_process (line), *ws, *we;
  if (proc && find_tty_word (proc, st->ctx->target->console, &ws, &we))
    st->has_target_getty = true;
  errno = 0;
  return NULL;
}

static char *
inittab_write (const char *line, void *opaque)
{
  struct inittab_state *st = opaque;
  const char *proc = getty_process (line), *ws, *we;
  char *r;

  errno = 0;
  if (!proc || !find_tty_word (proc, NULL, &ws, &we))
    return NULL;
  /* One getty per tty: a second one on ttyS0 would fight the first. */
  if (st->has_target_getty) {
    if (asprintf (&r, "#%s", line) == -1)
      return NULL;
    return r;
  }
  if (asprintf (&r, "%.*s%s%s%s", (int) (ws - line), line,
                strncmp (ws, "/dev/", 5) == 0 ? "/dev/" : "",
                st->ctx->target->console, we) == -1)
    return NULL;
  st->has_target_getty = true;
  return r;
}

char *
gl_rewrite_inittab (const char *text, size_t len,
                    const struct gl_rewrite_ctx *ctx)
{
  struct gl_buf out = GL_BUF_INIT;
  struct inittab_state st = { ctx, false };

  if (!gl_rw_input_ok (text, len, ctx))
    return NULL;
  if (gl_rw_each_line (text, len, &out, inittab_scan, &st) == -1)
    goto err;
  gl_buf_free (&out);
  if (gl_rw_each_line (text, len, &out, inittab_write, &st) == -1)
    goto err;
  return gl_rw_finish (&out, text, len);

 err:
  gl_buf_free (&out);
  return NULL;
}

/* ---- securetty ---- */

/* "xvc" + digits: the Xen PV console, which exists nowhere else.  (hvcN
 * stays: on KVM it is the virtio console.) */
static bool
is_xen_only_console (const char *l, size_t n)
{
  if (n < 4 || memcmp (l, "xvc", 3) != 0)
    return false;
  for (size_t i = 3; i < n; ++i)
    if (l[i] < '0' || l[i] > '9')
      return false;
  return true;
}

/* securetty: Xen-only console lines (xvcN) dropped, the target console
 * added when missing; everything else kept byte for byte. */
char *
gl_rewrite_securetty (const char *text, size_t len,
                      const struct gl_rewrite_ctx *ctx)
{
  const char *tty;
  size_t t, pos = 0;
  bool has_tty = false, changed = false;
  struct gl_buf out = GL_BUF_INIT;

  if (!gl_rw_input_ok (text, len, ctx))
    return NULL;
  tty = ctx->target->console;
  t = strlen (tty);
  if (gl_buf_append (&out, "", 0) == -1)
    return NULL;
  while (pos < len) {
    const char *l = text + pos, *e = memchr (l, '\n', len - pos);
    size_t n = e ? (size_t) (e - l) : len - pos, i = 0, full = n + (e != NULL);
    pos += full;
    while (i < n && gl_rw_blank (l[i]))
      i++;
    while (n > i && gl_rw_blank (l[n - 1]))
      n--;
    if (n - i == t && memcmp (l + i, tty, t) == 0)
      has_tty = true;
    if (is_xen_only_console (l + i, n - i)) {
      changed = true;
      continue;
    }
    if (gl_buf_append (&out, l, full) == -1)
      goto fail;
  }
  if (!has_tty) {
    if ((out.len > 0 && out.data[out.len - 1] != '\n' && gl_buf_puts (&out, "\n") == -1) ||
        gl_buf_puts (&out, tty) == -1 || gl_buf_puts (&out, "\n") == -1)
      goto fail;
    changed = true;
  }
  if (!changed) {
    gl_buf_free (&out);
    errno = 0;
    return NULL;
  }
  return gl_buf_steal (&out);

 fail:
  gl_buf_free (&out);
  return NULL;
}

/* ---- modprobe ---- */

static const char *const xen_net_modules[] = {
  "xennet", "xen-netfront", "xen_netfront", "xen-vnif", NULL
};
static const char *const xen_blk_modules[] = {
  "xenblk", "xen-blkfront", "xen_blkfront", "xen-vbd", NULL
};

/* The guest driver for the target's emulated devices. */
static const struct { const char *model, *module; } net_drivers[] = {
  { "virtio", "virtio_net" },
  { "e1000", "e1000" },
  { "rtl8139", "8139cp" },
  { "ne2k_pci", "ne2k-pci" },
};
static const struct { const char *bus, *module; } blk_drivers[] = {
  { "virtio", "virtio_blk" },
  { "ide", "ata_piix" },
  { "sata", "ahci" },
  { "scsi", "virtio_scsi" },
};

static const char *
net_driver (const struct gl_target_profile *p)
{
  for (size_t i = 0; p->nic_model && i < sizeof net_drivers / sizeof *net_drivers; ++i)
    if (strcmp (p->nic_model, net_drivers[i].model) == 0)
      return net_drivers[i].module;
  return NULL;
}

static const char *
blk_driver (const struct gl_target_profile *p)
{
  for (size_t i = 0; p->disk_bus && i < sizeof blk_drivers / sizeof *blk_drivers; ++i)
    if (strcmp (p->disk_bus, blk_drivers[i].bus) == 0)
      return blk_drivers[i].module;
  return NULL;
}

static char *
modprobe_line (const char *line, void *opaque)
{
  const struct gl_rewrite_ctx *ctx = opaque;
  const char *p = gl_rw_skip_blanks (line), *name, *ne, *mod, *me, *drv = NULL;
  char *r;

  errno = 0;
  if (strncmp (p, "alias", 5) != 0 || !gl_rw_blank (p[5]))
    return NULL;
  name = gl_rw_skip_blanks (p + 5);
  ne = gl_rw_word_end (name);
  mod = gl_rw_skip_blanks (ne);
  me = gl_rw_word_end (mod);
  /* "alias xen:vif xen-netfront" is a modalias, not a device alias. */
  if (ne == name || me == mod || memchr (name, ':', ne - name))
    return NULL;
  if (word_in (mod, me - mod, xen_net_modules))
    drv = net_driver (ctx->target);
  else if (word_in (mod, me - mod, xen_blk_modules))
    drv = blk_driver (ctx->target);
  if (!drv)
    return NULL;
  if (asprintf (&r, "%.*s%s%s", (int) (mod - line), line, drv, me) == -1)
    return NULL;
  return r;
}

char *
gl_rewrite_modprobe (const char *text, size_t len,
                     const struct gl_rewrite_ctx *ctx)
{
  return gl_rw_run_lines (text, len, ctx, modprobe_line, (void *) ctx);
}

/* ---- SUSE /etc/sysconfig/kernel ---- */

static const char *const xen_initrd_modules[] = {
  "xenblk", "xennet", "xen-vbd", "xen-vnif", "xen-blkfront", "xen-netfront",
  "xen_blkfront", "xen_netfront", "xen-platform-pci", "xen_platform_pci",
  "xen-balloon", "xen_balloon", "xen-hcall", "xen-scsifront", "xen_scsifront",
  NULL
};

/* What the initrd needs to find the root disk on each target bus. */
static const struct { const char *bus; const char *const modules[3]; }
  initrd_modules[] = {
  { "virtio", { "virtio_pci", "virtio_blk", NULL } },
  { "ide", { "ata_piix", NULL, NULL } },
};

struct modules_edit {
  const char *const *add;
};

static char *
edit_modules (const char *value, void *opaque)
{
  const struct modules_edit *e = opaque;
  return gl_rewrite_word_list (value, xen_initrd_modules, e->add);
}

static char *
sysconfig_kernel_line (const char *line, void *opaque)
{
  const struct gl_rewrite_ctx *ctx = opaque;
  struct modules_edit add = { NULL }, none = { NULL };
  char *r;

  for (size_t i = 0; i < sizeof initrd_modules / sizeof *initrd_modules; ++i)
    if (ctx->target->disk_bus &&
        strcmp (ctx->target->disk_bus, initrd_modules[i].bus) == 0)
      add.add = initrd_modules[i].modules;
  if (is_comment_or_blank (line)) {
    errno = 0;
    return NULL;
  }
  r = gl_rewrite_shell_value (line, "INITRD_MODULES", edit_modules, &add);
  if (r || errno)
    return r;
  return gl_rewrite_shell_value (line, "DOMU_INITRD_MODULES", edit_modules,
                                 &none);
}

char *
gl_rewrite_sysconfig_kernel (const char *text, size_t len,
                             const struct gl_rewrite_ctx *ctx)
{
  return gl_rw_run_lines (text, len, ctx, sysconfig_kernel_line, (void *) ctx);
}
