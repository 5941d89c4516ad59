/* guestlift: the path ops of the mounted tree (see hostfs.h), each
 * answering what the appliance's daemon (libguestfs 1.48) answers:
 *  - probe: is_file and is_dir stat (symlinks followed), is_symlink and
 *    exists lstat (a dangling symlink exists); a path that is not there
 *    (ENOENT, ENOTDIR) is "no", any other failure (ELOOP,
 *    ENAMETOOLONG, a damaged filesystem) is "cannot tell";
 *  - filesize: stat's st_size (of the target of a symlink; of a
 *    directory too);
 *  - pread: one pread(2) of the opened file: fewer bytes only at its
 *    end, none at or after it; a directory is EISDIR;
 *  - readlink: readlink(2) into a PATH_MAX buffer less the NUL (OCaml's
 *    Unix.readlink), so a body is cut at 4095 bytes; EINVAL when the
 *    path is not a symlink;
 *  - realpath: glibc's realpath(3) (every component must exist);
 *  - case_sensitive_path: the daemon's walk down the tree by readdir
 *    and chdir (daemon/realpath.ml).
 * Paths must be absolute (the daemon refuses others) and something must
 * be mounted at "/".
 */
#include <config.h>

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "cleanup.h"
#include "hostfs.h"
#include "hosttree-int.h"

/* OCaml's Unix.readlink buffer (PATH_MAX) less its NUL. */
#define READLINK_MAX (GL_HOSTTREE_PATH_MAX - 1)

/* A walk from the root to PATH: 0, or -1 with err. */
static int
walk_to (struct gl_walk *w, struct gl_hosttree *t, const char *path, bool follow,
         bool resolved_path_max, struct gl_err *err)
{
  *w = (struct gl_walk) { 0 };
  if (!path || path[0] != '/')
    return gl_err_set (err, EINVAL, "not an absolute path");
  if (gl_walk_init (w, t, err) == -1)
    return -1;
  w->resolved_path_max = resolved_path_max;
  return gl_walk (w, path, follow, err);
}

int
gl_hosttree_probe (struct gl_hosttree *t, const char *path, enum gl_probe what)
{
  bool follow = what == GL_PROBE_FILE || what == GL_PROBE_DIR;
  if (!path || path[0] != '/')
    return -1;
  struct gl_walk w;
  CLEANUP_ERR struct gl_err e = GL_ERR_INIT;
  if (gl_walk_init (&w, t, NULL) == -1)
    return -1;
  int r;
  if (gl_walk (&w, path, follow, &e) == -1)
    r = e.errnum == ENOENT || e.errnum == ENOTDIR ? 0 : -1;
  else {
    enum gl_hostfs_kind kind = gl_walk_top (&w)->in.kind;
    switch (what) {
    case GL_PROBE_FILE: r = kind == GL_KIND_REG; break;
    case GL_PROBE_DIR: r = kind == GL_KIND_DIR; break;
    case GL_PROBE_SYMLINK: r = kind == GL_KIND_LNK; break;
    case GL_PROBE_EXISTS:
    default: r = 1; break;
    }
  }
  gl_walk_free (&w);
  return r;
}

int
gl_hosttree_filesize (struct gl_hosttree *t, const char *path, uint64_t *size,
                      struct gl_err *err)
{
  struct gl_walk w;
  int r = walk_to (&w, t, path, true, false, err);
  if (r == 0)
    *size = gl_walk_top (&w)->in.size;
  gl_walk_free (&w);
  return r;
}

int
gl_hosttree_pread (struct gl_hosttree *t, const char *path, void *buf,
                   size_t count, uint64_t offset, size_t *got, struct gl_err *err)
{
  *got = 0;
  /* The protocol's int count and int64 offset. */
  if (count > INT_MAX || offset > INT64_MAX)
    return gl_err_set (err, EINVAL, "count or offset out of range");
  struct gl_walk w;
  int r = walk_to (&w, t, path, true, false, err);
  if (r == 0) {
    const struct gl_hosttree_node *top = gl_walk_top (&w);
    if (top->in.kind == GL_KIND_DIR)
      r = gl_err_set (err, EISDIR, "%s", strerror (EISDIR));
    else if (top->in.kind != GL_KIND_REG)
      /* A device node or FIFO: the appliance would open its own device
       * of that number; nothing here reads one. */
      r = gl_err_set (err, EINVAL, "not a regular file");
    else
      r = gl_hostfs_read (gl_hosttree_fs (t, top), &top->in, buf, count, offset,
                          got, err);
  }
  gl_walk_free (&w);
  return r;
}

char *
gl_hosttree_readlink (struct gl_hosttree *t, const char *path, struct gl_err *err)
{
  struct gl_walk w;
  char *body = NULL;
  if (walk_to (&w, t, path, false, false, err) == 0) {
    const struct gl_hosttree_node *top = gl_walk_top (&w);
    if (top->in.kind != GL_KIND_LNK)
      gl_err_set (err, EINVAL, "%s", strerror (EINVAL));
    else if ((body = gl_hostfs_symlink_body (gl_hosttree_fs (t, top), &top->in, err)) &&
             strlen (body) > READLINK_MAX)
      body[READLINK_MAX] = '\0';
  }
  gl_walk_free (&w);
  return body;
}

char *
gl_hosttree_realpath (struct gl_hosttree *t, const char *path, struct gl_err *err)
{
  struct gl_walk w;
  char *real = NULL;
  if (walk_to (&w, t, path, true, true, err) == 0) {
    real = strdup (w.names_len ? w.names : "/");
    if (!real)
      gl_err_set (err, ENOMEM, "out of memory");
  }
  gl_walk_free (&w);
  return real;
}

/* --- case_sensitive_path --- */

static bool
same_ignoring_ascii_case (const char *a, size_t alen, const char *b)
{
  size_t blen = strlen (b);
  if (alen != blen)
    return false;
  for (size_t i = 0; i < alen; ++i) {
    unsigned char x = (unsigned char) a[i], y = (unsigned char) b[i];
    if (x >= 'A' && x <= 'Z') x = (unsigned char) (x - 'A' + 'a');
    if (y >= 'A' && y <= 'Z') y = (unsigned char) (y - 'A' + 'a');
    if (x != y)
      return false;
  }
  return true;
}

/* OCaml's Sys.readdir leaves out "." and "..". */
static bool
matches_elem (const char *name, size_t len, void *opaque)
{
  if ((len == 1 && name[0] == '.') || (len == 2 && name[0] == '.' && name[1] == '.'))
    return false;
  return same_ignoring_ascii_case (name, len, opaque);
}

/* One element of the path in the walk's current directory: 1 with *out
 * (the name as readdir gives it), 0 when none matches. */
static int
find_elem (struct gl_hosttree *t, struct gl_walk *cwd, const char *elem, char **out,
           struct gl_err *err)
{
  const struct gl_hosttree_node *top = gl_walk_top (cwd);
  return gl_hostfs_readdir_first (gl_hosttree_fs (t, top), top->in.ino,
                                  matches_elem, (void *) elem, out, err);
}

/* Append "/NAME" to *RET (of *LEN bytes). */
static int
append_elem (char **ret, size_t *len, const char *name, struct gl_err *err)
{
  size_t n = strlen (name);
  char *r = realloc (*ret, *len + n + 2);
  if (!r)
    return gl_err_set (err, ENOMEM, "out of memory");
  r[(*len)++] = '/';
  memcpy (r + *len, name, n + 1);
  *len += n;
  *ret = r;
  return 0;
}

char *
gl_hosttree_case_sensitive_path (struct gl_hosttree *t, const char *path,
                                 struct gl_err *err)
{
  if (!path || path[0] != '/') {
    gl_err_set (err, EINVAL, "not an absolute path");
    return NULL;
  }
  struct gl_walk cwd;
  if (gl_walk_init (&cwd, t, err) == -1)
    return NULL;
  CLEANUP_FREE char *copy = strdup (path + 1);
  char *ret = NULL;
  size_t len = 0;
  int r = copy ? 0 : gl_err_set (err, ENOMEM, "out of memory");
  /* The elements between slashes (empty ones skipped); the last one may
   * be missing, the others must be directories to go into. */
  for (char *elem = copy, *next; r == 0 && elem; elem = next) {
    char *slash = strchr (elem, '/');
    next = slash ? slash + 1 : NULL;
    if (slash)
      *slash = '\0';
    bool last = !next;
    if (last && (strcmp (elem, ".") == 0 || strcmp (elem, "..") == 0)) {
      r = gl_err_set (err, EINVAL, "path contains \".\" or \"..\" elements");
      break;
    }
    if (!*elem)
      continue;
    CLEANUP_FREE char *found = NULL;
    int f = find_elem (t, &cwd, elem, &found, err);
    if (f == -1)
      r = -1;
    else if (last)
      r = append_elem (&ret, &len, f ? found : elem, err);
    else if (f == 0)
      r = gl_err_set (err, ENOENT, "%s: not found", elem);
    else if ((r = gl_walk (&cwd, found, true, err)) == 0 &&
             gl_walk_top (&cwd)->in.kind != GL_KIND_DIR)
      r = gl_err_set (err, ENOTDIR, "%s", strerror (ENOTDIR));
    if (r == 0 && !last)
      r = append_elem (&ret, &len, found, err);
  }
  gl_walk_free (&cwd);
  if (r == 0 && !ret && !(ret = strdup ("/")))
    r = gl_err_set (err, ENOMEM, "out of memory");
  if (r == -1) {
    free (ret);
    return NULL;
  }
  return ret;
}
