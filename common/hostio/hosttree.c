/* guestlift: the mounted tree and its path walk (see hostfs.h and
 * hosttree-int.h).
 *
 * The walk follows fs/namei.c's rules, which is what the appliance's
 * daemon meets when it calls stat, lstat, open or readlink chrooted in
 * the guest's tree:
 *  - a path is at most PATH_MAX - 1 bytes, a name at most 255;
 *  - every component but the last must be (or lead by symlinks to) a
 *    directory, else ENOTDIR; "." stays, ".." goes up, never above the
 *    root;
 *  - a symlink is followed where it is not the last component, and as
 *    the last one when the caller follows (stat) or when a slash comes
 *    after it; its body is walked from the directory holding it, or
 *    from the root when absolute; the 41st symlink of one walk is ELOOP;
 *  - a last component followed by a slash must be a directory.
 * Directories are remembered as the walk went through them, as the
 * kernel's dentries remember their parent, so ".." never reads a ".."
 * entry from disk.
 */
#include <config.h>

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cleanup.h"
#include "hostfs.h"
#include "hosttree-int.h"

/* No mount has a parent: the first one, at "/". */
#define NO_PARENT ((size_t) -1)
/* Bounds: mounts one tree holds. */
#define MAX_MOUNTS 256

struct mount {
  struct gl_hostfs *fs;
  size_t parent;            /* the mount it lies on */
  uint32_t on_ino;          /* the directory of that mount it covers */
};

struct gl_hosttree {
  struct mount m[MAX_MOUNTS];
  size_t n;
};

struct gl_hosttree *
gl_hosttree_new (void)
{
  return calloc (1, sizeof (struct gl_hosttree));
}

void
gl_hosttree_umount_all (struct gl_hosttree *t)
{
  t->n = 0;
}

void
gl_hosttree_free (struct gl_hosttree *t)
{
  free (t);
}

struct gl_hostfs *
gl_hosttree_fs (struct gl_hosttree *t, const struct gl_hosttree_node *node)
{
  return t->m[node->mount].fs;
}

/* (MOUNT, INO) with whatever is mounted on it: the latest mount on a
 * directory hides the earlier ones, and a mount may lie on the root of
 * another. */
static size_t
cross_mounts (const struct gl_hosttree *t, size_t mount, uint32_t *ino)
{
  for (bool moved = true; moved; ) {
    moved = false;
    for (size_t k = t->n; k-- > 1; )
      if (t->m[k].parent == mount && t->m[k].on_ino == *ino) {
        mount = k;
        *ino = GL_HOSTFS_ROOT_INO;
        moved = true;
        break;
      }
  }
  return mount;
}

/* --- The walk's stack --- */

static int
push (struct gl_walk *w, size_t mount, const struct gl_hostfs_inode *in,
      const char *name, size_t len, struct gl_err *err)
{
  if (w->depth == w->cap) {
    size_t cap = w->cap ? 2 * w->cap : 16;
    struct gl_hosttree_node *s = realloc (w->stack, cap * sizeof *s);
    if (!s)
      return gl_err_set (err, ENOMEM, "out of memory");
    w->stack = s;
    w->cap = cap;
  }
  if (w->names_len + len + 2 > w->names_cap) {
    size_t cap = w->names_cap ? w->names_cap : 256;
    while (w->names_len + len + 2 > cap)
      cap *= 2;
    char *n = realloc (w->names, cap);
    if (!n)
      return gl_err_set (err, ENOMEM, "out of memory");
    w->names = n;
    w->names_cap = cap;
  }
  w->stack[w->depth++] = (struct gl_hosttree_node) {
    .mount = mount, .in = *in, .name_off = w->names_len,
  };
  if (len) {
    w->names[w->names_len++] = '/';
    memcpy (w->names + w->names_len, name, len);
    w->names_len += len;
  }
  w->names[w->names_len] = '\0';
  return 0;
}

static void
pop (struct gl_walk *w)
{
  w->names_len = w->stack[--w->depth].name_off;
  w->names[w->names_len] = '\0';
}

static void
to_root (struct gl_walk *w)
{
  while (w->depth > 1)
    pop (w);
}

int
gl_walk_init (struct gl_walk *w, struct gl_hosttree *t, struct gl_err *err)
{
  *w = (struct gl_walk) { .t = t };
  if (t->n == 0)
    return gl_err_set (err, ENOENT, "no filesystem is mounted at /");
  uint32_t ino = GL_HOSTFS_ROOT_INO;
  size_t mount = cross_mounts (t, 0, &ino);
  struct gl_hostfs_inode in;
  if (gl_hostfs_inode (t->m[mount].fs, ino, &in, err) == -1 ||
      push (w, mount, &in, "", 0, err) == -1) {
    gl_walk_free (w);
    return -1;
  }
  return 0;
}

void
gl_walk_free (struct gl_walk *w)
{
  free (w->stack);
  free (w->names);
  *w = (struct gl_walk) { 0 };
}

/* --- The strings being walked: the path, and the bodies of the
 * symlinks met on the way, innermost last. --- */

struct pending {
  char *s;
  size_t pos;
  bool owned;
};

struct pendings {
  struct pending *p;
  size_t n, cap;
};

static void
pendings_free (struct pendings *ps)
{
  for (size_t i = 0; i < ps->n; ++i)
    if (ps->p[i].owned)
      free (ps->p[i].s);
  free (ps->p);
}

static int
pendings_push (struct pendings *ps, char *s, bool owned, struct gl_err *err)
{
  if (ps->n == ps->cap) {
    size_t cap = ps->cap ? 2 * ps->cap : 8;
    struct pending *p = realloc (ps->p, cap * sizeof *p);
    if (!p) {
      if (owned)
        free (s);
      return gl_err_set (err, ENOMEM, "out of memory");
    }
    ps->p = p;
    ps->cap = cap;
  }
  ps->p[ps->n++] = (struct pending) { s, 0, owned };
  return 0;
}

static size_t
skip_slashes (const char *s, size_t pos)
{
  while (s[pos] == '/')
    pos++;
  return pos;
}

/* Has every string below the innermost one nothing left but slashes? */
static bool
outer_done (const struct pendings *ps)
{
  for (size_t i = 0; i + 1 < ps->n; ++i)
    if (ps->p[i].s[skip_slashes (ps->p[i].s, ps->p[i].pos)] != '\0')
      return false;
  return true;
}

/* Look NAME up in the top directory and push what it names (mount
 * points crossed). */
static int
step (struct gl_walk *w, const char *name, size_t len, struct gl_err *err)
{
  const struct gl_hosttree_node *top = gl_walk_top (w);
  struct gl_hostfs *fs = w->t->m[top->mount].fs;
  if (len > GL_HOSTFS_NAME_MAX)
    return gl_err_set (err, ENAMETOOLONG, "a name longer than %d bytes",
                       GL_HOSTFS_NAME_MAX);
  if (w->resolved_path_max && w->names_len + 1 + len >= GL_HOSTTREE_PATH_MAX)
    return gl_err_set (err, ENAMETOOLONG, "a resolved path of %d bytes or more",
                       GL_HOSTTREE_PATH_MAX);
  uint32_t ino;
  int r = gl_hostfs_lookup (fs, top->in.ino, name, len, &ino, err);
  if (r == -1)
    return -1;
  if (r == 0)
    return gl_err_set (err, ENOENT, "%s", strerror (ENOENT));
  size_t mount = cross_mounts (w->t, top->mount, &ino);
  struct gl_hostfs_inode in;
  if (gl_hostfs_inode (w->t->m[mount].fs, ino, &in, err) == -1)
    return -1;
  return push (w, mount, &in, name, len, err);
}

/* The top is a symlink to follow: its body replaces it. */
static int
follow_link (struct gl_walk *w, struct pendings *ps, struct gl_err *err)
{
  if (++w->links > GL_HOSTTREE_MAX_LINKS)
    return gl_err_set (err, ELOOP, "%s", strerror (ELOOP));
  const struct gl_hosttree_node *top = gl_walk_top (w);
  char *body = gl_hostfs_symlink_body (w->t->m[top->mount].fs, &top->in, err);
  if (!body)
    return -1;
  pop (w);
  if (body[0] == '/')
    to_root (w);
  /* An empty body leads nowhere: the walk goes on from the link's
   * directory (namei.c's "pure jump"). */
  return pendings_push (ps, body, true, err);
}

static int
walk_pendings (struct gl_walk *w, struct pendings *ps, bool follow, struct gl_err *err)
{
  bool must_dir = false;
  while (ps->n > 0) {
    struct pending *p = &ps->p[ps->n - 1];
    p->pos = skip_slashes (p->s, p->pos);
    if (p->s[p->pos] == '\0') {
      if (p->owned)
        free (p->s);
      ps->n--;
      continue;
    }
    const char *name = p->s + p->pos;
    size_t len = strcspn (name, "/");
    p->pos += len;
    bool slash_after = p->s[p->pos] == '/';
    bool last = p->s[skip_slashes (p->s, p->pos)] == '\0' && outer_done (ps);
    if (last && slash_after)
      must_dir = true;
    if (gl_walk_top (w)->in.kind != GL_KIND_DIR)
      return gl_err_set (err, ENOTDIR, "%s", strerror (ENOTDIR));
    if (len == 1 && name[0] == '.')
      continue;
    if (len == 2 && name[0] == '.' && name[1] == '.') {
      if (w->depth > 1)
        pop (w);
      continue;
    }
    if (step (w, name, len, err) == -1)
      return -1;
    if (gl_walk_top (w)->in.kind == GL_KIND_LNK && (!last || follow || must_dir) &&
        follow_link (w, ps, err) == -1)
      return -1;
  }
  if (must_dir && gl_walk_top (w)->in.kind != GL_KIND_DIR)
    return gl_err_set (err, ENOTDIR, "%s", strerror (ENOTDIR));
  return 0;
}

int
gl_walk (struct gl_walk *w, const char *path, bool follow, struct gl_err *err)
{
  size_t len = strlen (path);
  /* The kernel's limit on what a system call is given (realpath(3)
   * gives the kernel resolved paths only: its limit is in step). */
  if (len >= GL_HOSTTREE_PATH_MAX && !w->resolved_path_max)
    return gl_err_set (err, ENAMETOOLONG, "a path of %d bytes or more",
                       GL_HOSTTREE_PATH_MAX);
  if (len == 0)
    return gl_err_set (err, ENOENT, "%s", strerror (ENOENT));
  /* The limit on symlinks is per system call. */
  w->links = 0;
  if (path[0] == '/')
    to_root (w);
  struct pendings ps = { 0 };
  int r = pendings_push (&ps, (char *) path, false, err);
  if (r == 0)
    r = walk_pendings (w, &ps, follow, err);
  pendings_free (&ps);
  return r;
}

/* --- Mounts --- */

int
gl_hosttree_mount (struct gl_hosttree *t, struct gl_hostfs *fs,
                   const char *mountpoint, struct gl_err *err)
{
  if (t->n == MAX_MOUNTS)
    return gl_err_set (err, EMFILE, "more than %d mounts", MAX_MOUNTS);
  if (t->n == 0) {
    /* The appliance's /sysroot is an empty directory: only "/" lies in
     * it before anything is mounted. */
    if (strcmp (mountpoint, "/") != 0)
      return gl_err_set (err, ENOENT, "%s: mount point does not exist", mountpoint);
    t->m[t->n++] = (struct mount) { .fs = fs, .parent = NO_PARENT };
    return 0;
  }
  if (mountpoint[0] != '/')
    return gl_err_set (err, EINVAL, "%s: not an absolute path", mountpoint);
  struct gl_walk w;
  if (gl_walk_init (&w, t, err) == -1)
    return -1;
  int r = gl_walk (&w, mountpoint, true, err);
  if (r == 0 && gl_walk_top (&w)->in.kind != GL_KIND_DIR)
    r = gl_err_set (err, ENOTDIR, "%s", strerror (ENOTDIR));
  /* The daemon checks and mounts "/sysroot" + MOUNTPOINT outside its
   * chroot: a symlink on the way resolves against the appliance's own
   * root, not the guest's.  Such an image is the appliance's. */
  if (r == 0 && w.links > 0)
    r = gl_err_set (err, ENOTSUP, "a mount point reached through a symlink");
  if (r == 0)
    t->m[t->n++] = (struct mount) {
      .fs = fs, .parent = gl_walk_top (&w)->mount, .on_ino = gl_walk_top (&w)->in.ino,
    };
  else
    gl_err_prefix (err, "%s", mountpoint);
  gl_walk_free (&w);
  return r;
}
