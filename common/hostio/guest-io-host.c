/* guestlift: guest I/O read on the host (see guest-io-host.h): the ops
 * table of guest-io-ops.h over the devices of host-disks.h and the
 * ext2/3/4 trees of hostfs.h.  Read-only: no write ops, no md, no LUKS
 * (a guest holding those never gets past launch). */
#include <config.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cleanup.h"
#include "error.h"
#include "guest-io-host.h"
#include "guest-io-ops.h"
#include "host-disks.h"
#include "hostfs.h"
#include "vector.h"

/* Reads are local: any size the generic layer asks; never download. */
#define PREAD_CHUNK (4 * 1024 * 1024)

struct host_io {
  struct gl_guest_io io;        /* first: the generic handle */
  struct gl_host_opts o;
  string_vector paths, formats; /* added drives */
  bool launched;
  struct gl_host_disks disks;
  struct gl_hosttree *tree;
  bool root_mounted;            /* something is mounted at "/" */
};

static struct host_io *
host (struct gl_guest_io *io)
{
  return (struct host_io *) io;
}

/* Errors that say the host read went wrong where the appliance's kernel
 * might have read fine (a damaged or unusual filesystem, a read error,
 * memory): the answer can no longer be trusted to be the appliance's.
 * A missing path or a wrong kind of file is an ordinary answer. */
static void
note_trouble (struct host_io *h, const char *op, const struct gl_err *e)
{
  if (!h->o.trouble || h->o.trouble->msg)
    return;
  int n = e ? e->errnum : 0;
  if (n == ENOENT || n == ENOTDIR || n == EISDIR || n == ELOOP || n == EINVAL ||
      n == ENAMETOOLONG || n == EFBIG)
    return;
  gl_err_set (h->o.trouble, n, "%s: %s", op, gl_err_msg (e, "failed"));
}

/* Run an op with a local error, hand it to the caller's ERR, and keep
 * the first troubling one. */
#define TRACKED(h, op, err, call)                                       \
  ({                                                                    \
    CLEANUP_ERR struct gl_err e_ = GL_ERR_INIT;                         \
    __typeof__ (call) r_ = (call);                                      \
    if (e_.msg) {                                                       \
      note_trouble ((h), (op), &e_);                                    \
      if (err)                                                          \
        gl_err_move ((err), &e_);                                       \
    }                                                                   \
    r_;                                                                 \
  })

static int
not_launched (struct gl_err *err)
{
  return gl_err_set (err, EINVAL, "the host reader was not launched");
}

/* --- Disks and lifetime --- */

static int
h_add_drive (struct gl_guest_io *io, const char *path, const char *format,
             bool readonly, struct gl_err *err)
{
  struct host_io *h = host (io);
  if (!readonly)
    return gl_err_set (err, EROFS, "the host reader is read-only");
  if (h->launched)
    return gl_err_set (err, EINVAL, "a drive added after launch");
  if (string_vector_add (&h->paths, path) == -1 ||
      string_vector_add (&h->formats, format ? format : "raw") == -1)
    return gl_err_set (err, ENOMEM, "out of memory");
  return 0;
}

static int
h_launch (struct gl_guest_io *io, struct gl_err *err)
{
  struct host_io *h = host (io);
  if (h->launched)
    return gl_err_set (err, EINVAL, "launched twice");
  if (gl_host_disks_open (&h->disks, h->paths.ptr, h->formats.ptr, h->paths.len,
                          h->o.allow_backing, err) == -1)
    return -1;
  if (!(h->tree = gl_hosttree_new ()))
    return gl_err_set (err, ENOMEM, "out of memory");
  h->launched = true;
  return 0;
}

/* The ops that have nothing to do on the host: shutdown (nothing was
 * written, nothing runs) and lvm_activate_all (below). */
static int
h_nothing_to_do (struct gl_guest_io *io, struct gl_err *err)
{
  (void) io, (void) err;
  return 0;
}

static void
h_close (struct gl_guest_io *io)
{
  struct host_io *h = host (io);
  if (h->tree) {
    gl_hosttree_umount_all (h->tree);
    gl_hosttree_free (h->tree);
  }
  gl_host_disks_close (&h->disks);
  string_vector_free (&h->paths);
  string_vector_free (&h->formats);
  free (h);
}

/* --- Block devices --- */

static char **
list_kind (struct host_io *h, enum gl_host_dev_kind kind, struct gl_err *err)
{
  if (!h->launched) {
    not_launched (err);
    return NULL;
  }
  char **l = calloc (h->disks.ndev + 1, sizeof *l);
  size_t n = 0;
  for (size_t k = 0; l && k < h->disks.ndev; ++k)
    if (h->disks.dev[k]->kind == kind && !(l[n++] = strdup (h->disks.dev[k]->name))) {
      gl_free_string_list (l);
      l = NULL;
    }
  if (!l)
    gl_err_set (err, ENOMEM, "out of memory");
  return l;
}

static char **
h_list_devices (struct gl_guest_io *io, struct gl_err *err)
{
  return list_kind (host (io), GL_HOST_DISK, err);
}

/* Disk by disk, each one's in number order (how they were laid out). */
static char **
h_list_partitions (struct gl_guest_io *io, struct gl_err *err)
{
  return list_kind (host (io), GL_HOST_PART, err);
}

static struct gl_host_dev *
find (struct host_io *h, const char *name, struct gl_err *err)
{
  struct gl_host_dev *d = h->launched ? gl_host_disks_find (&h->disks, name) : NULL;
  if (!d)
    gl_err_set (err, ENOENT, "no such device");
  return d;
}

static int
h_read_device_head (struct gl_guest_io *io, const char *device, void *buf,
                    size_t count, size_t *got, struct gl_err *err)
{
  struct host_io *h = host (io);
  struct gl_host_dev *d = find (h, device, err);
  if (!d)
    return -1;
  size_t n = d->range->size < count ? (size_t) d->range->size : count;
  if (TRACKED (h, "read", err, gl_range_pread (d->range, buf, n, 0, &e_)) == -1)
    return -1;
  *got = n;
  return 0;
}

static char *
dup_or_null (const char *s, bool *oom)
{
  char *c = s ? strdup (s) : NULL;
  if (s && !c)
    *oom = true;
  return c;
}

static int
h_blkid (struct gl_guest_io *io, const char *device, struct gl_blkid *out,
         struct gl_err *err)
{
  struct gl_host_dev *d = find (host (io), device, err);
  if (!d)
    return -1;
  bool oom = false;
  *out = d->id;
  out->type = dup_or_null (d->id.type, &oom);
  out->uuid = dup_or_null (d->id.uuid, &oom);
  out->label = dup_or_null (d->id.label, &oom);
  if (oom) {
    gl_blkid_free (out);
    return gl_err_set (err, ENOMEM, "out of memory");
  }
  return 0;
}

/* As vfs-uuid and vfs-label answer: "" when there is none. */
static int
h_fs_ids (struct gl_guest_io *io, const char *mountable, char **uuid,
          char **label, struct gl_err *err)
{
  struct gl_host_dev *d = find (host (io), mountable, err);
  if (!d)
    return -1;
  *uuid = strdup (d->id.uuid ? d->id.uuid : "");
  *label = strdup (d->id.label ? d->id.label : "");
  if (!*uuid || !*label) {
    free (*uuid);
    free (*label);
    *uuid = *label = NULL;
    return gl_err_set (err, ENOMEM, "out of memory");
  }
  return 0;
}

/* --- LVM: what the appliance shows once every VG is active --- */

static char **
h_lvs (struct gl_guest_io *io, struct gl_err *err)
{
  return list_kind (host (io), GL_HOST_LV, err);
}

static char **
h_vgs (struct gl_guest_io *io, struct gl_err *err)
{
  struct host_io *h = host (io);
  char **l = calloc (h->disks.nvg + 1, sizeof *l);
  for (size_t v = 0; l && v < h->disks.nvg; ++v)
    if (!(l[v] = strdup (h->disks.vg[v].name))) {
      gl_free_string_list (l);
      l = NULL;
    }
  if (!l)
    gl_err_set (err, ENOMEM, "out of memory");
  return l;
}

static char **
h_vg_pv_uuids (struct gl_guest_io *io, const char *vg, struct gl_err *err)
{
  struct host_io *h = host (io);
  for (size_t v = 0; v < h->disks.nvg; ++v) {
    const struct gl_lvm_vg *g = &h->disks.vg[v];
    if (strcmp (g->name, vg) != 0)
      continue;
    char **l = calloc (g->npv + 1, sizeof *l);
    for (size_t p = 0; l && p < g->npv; ++p)
      if (!(l[p] = strdup (g->pv[p].uuid))) {
        gl_free_string_list (l);
        l = NULL;
      }
    if (!l)
      gl_err_set (err, ENOMEM, "out of memory");
    return l;
  }
  gl_err_set (err, ENOENT, "no volume group %s", vg);
  return NULL;
}

/* One handle holds one guest whose VGs are all complete and uniquely
 * named (or launch refused it): every scope shows them all, and they
 * are all active (lvm_activate_all has nothing to do). */
static int
h_lvm_scope (struct gl_guest_io *io, char *const *disks, struct gl_err *err)
{
  (void) io, (void) disks, (void) err;
  return 0;
}

/* --- Mounts --- */

static bool
is_ext (const char *type)
{
  return type && (strcmp (type, "ext2") == 0 || strcmp (type, "ext3") == 0 ||
                  strcmp (type, "ext4") == 0);
}

static int
h_mount (struct gl_guest_io *io, const char *mountable, const char *mountpoint,
         bool readonly, struct gl_err *err)
{
  struct host_io *h = host (io);
  if (!readonly)
    return gl_err_set (err, EROFS, "the host reader is read-only");
  struct gl_host_dev *d = find (h, mountable, err);
  if (!d)
    return -1;
  /* What the kernel would refuse too (swap, a PV, nothing): an ordinary
   * "no". */
  if (!is_ext (d->id.type))
    return gl_err_set (err, EINVAL, "wrong fs type, bad option, bad superblock on %s",
                       mountable);
  if (!d->fs && !(d->fs = TRACKED (h, "open the filesystem", err,
                                   gl_hostfs_open (d->range, &e_))))
    return gl_err_prefix (err, "%s", mountable);
  if (TRACKED (h, "mount", err, gl_hosttree_mount (h->tree, d->fs, mountpoint, &e_)) == -1)
    return -1;
  h->root_mounted |= strcmp (mountpoint, "/") == 0;
  return 0;
}

static int
h_umount_all (struct gl_guest_io *io, struct gl_err *err)
{
  (void) err;
  struct host_io *h = host (io);
  if (h->tree)
    gl_hosttree_umount_all (h->tree);
  h->root_mounted = false;
  return 0;
}

/* Nothing mounted at "/": the appliance's tree is then an empty
 * directory, and so is ours (the tree has no root to walk). */
static bool
empty_tree (struct host_io *h)
{
  return !h->tree || !h->root_mounted;
}

static int
absent (struct gl_err *err)
{
  return gl_err_set (err, ENOENT, "%s", strerror (ENOENT));
}

/* --- Paths --- */

static int
h_probe (struct gl_guest_io *io, const char *path, enum gl_probe what)
{
  struct host_io *h = host (io);
  if (empty_tree (h))
    return strcmp (path, "/") == 0 && (what == GL_PROBE_DIR || what == GL_PROBE_EXISTS);
  int r = gl_hosttree_probe (h->tree, path, what);
  if (r == -1) {
    struct gl_err e = { EIO, (char *) "cannot tell" };
    note_trouble (h, "probe", &e);
  }
  return r;
}

static int
h_filesize (struct gl_guest_io *io, const char *path, uint64_t *size,
            struct gl_err *err)
{
  struct host_io *h = host (io);
  if (empty_tree (h))
    return absent (err);
  return TRACKED (h, "filesize", err, gl_hosttree_filesize (h->tree, path, size, &e_));
}

static int
h_pread (struct gl_guest_io *io, const char *path, void *buf, size_t count,
         uint64_t offset, size_t *got, struct gl_err *err)
{
  struct host_io *h = host (io);
  if (empty_tree (h))
    return absent (err);
  return TRACKED (h, "read", err,
                  gl_hosttree_pread (h->tree, path, buf, count, offset, got, &e_));
}

static char **
h_glob (struct gl_guest_io *io, const char *dir, const char *pattern,
        struct gl_err *err)
{
  struct host_io *h = host (io);
  if (empty_tree (h)) {
    char **none = calloc (1, sizeof *none);
    if (!none)
      gl_err_set (err, ENOMEM, "out of memory");
    return none;
  }
  return TRACKED (h, "list", err, gl_hosttree_glob (h->tree, dir, pattern, &e_));
}

static char *
h_readlink (struct gl_guest_io *io, const char *path, struct gl_err *err)
{
  struct host_io *h = host (io);
  if (empty_tree (h)) {
    absent (err);
    return NULL;
  }
  return TRACKED (h, "readlink", err, gl_hosttree_readlink (h->tree, path, &e_));
}

static char *
h_realpath (struct gl_guest_io *io, const char *path, struct gl_err *err)
{
  struct host_io *h = host (io);
  if (empty_tree (h)) {
    if (strcmp (path, "/") == 0)
      return strdup ("/");
    absent (err);
    return NULL;
  }
  return TRACKED (h, "realpath", err, gl_hosttree_realpath (h->tree, path, &e_));
}

static char *
h_case_sensitive_path (struct gl_guest_io *io, const char *path, struct gl_err *err)
{
  struct host_io *h = host (io);
  if (empty_tree (h))
    return strdup (path);
  return TRACKED (h, "case_sensitive_path", err,
                  gl_hosttree_case_sensitive_path (h->tree, path, &e_));
}

static const struct gl_guest_io_ops host_ops = {
  .name = "host",
  .pread_max = PREAD_CHUNK,
  .download_above = 0,
  .add_drive = h_add_drive,
  .launch = h_launch,
  .shutdown = h_nothing_to_do,
  .close = h_close,
  .list_devices = h_list_devices,
  .list_partitions = h_list_partitions,
  .read_device_head = h_read_device_head,
  .blkid = h_blkid,
  .fs_ids = h_fs_ids,
  .btrfs_subvolumes = NULL,     /* no btrfs gets past launch */
  .lvs = h_lvs,
  .vgs = h_vgs,
  .vg_pv_uuids = h_vg_pv_uuids,
  .lvm_scope = h_lvm_scope,
  .lvm_activate_all = h_nothing_to_do,
  .lvm_rescan = NULL,           /* no LUKS gets past launch */
  .md_devices = NULL,           /* no md member gets past launch */
  .md_array = NULL,
  .luks_open = NULL,
  .mount = h_mount,
  .umount_all = h_umount_all,
  .probe = h_probe,
  .filesize = h_filesize,
  .pread = h_pread,
  .download = NULL,
  .glob = h_glob,
  .readlink = h_readlink,
  .realpath = h_realpath,
  .case_sensitive_path = h_case_sensitive_path,
  .write = NULL,
};

struct gl_guest_io *
gl_guest_io_host_open (const struct gl_host_opts *o, struct gl_err *err)
{
  struct host_io *h = calloc (1, sizeof *h);
  if (!h) {
    gl_err_set (err, ENOMEM, "out of memory");
    return NULL;
  }
  h->io.ops = &host_ops;
  h->o = *o;
  return &h->io;
}
