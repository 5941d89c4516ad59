/* guestlift: the mounted tree's path walk, as the kernel walks a path
 * in a chroot (private to common/hostio/: hosttree.c walks, the path ops
 * in hosttree-ops.c and hostglob.c use it).
 *
 * A walk is a stack of the directories it went through from the tree's
 * root (with their names): a component is looked up in the top one, ".."
 * pops (never below the root: ".." at "/" stays at "/"), a symlink's body
 * is walked from the directory holding it (from the root when it is
 * absolute).  Mount points are crossed both ways: a directory that has a
 * filesystem mounted on it is that filesystem's root, and ".." of a
 * mounted root is the parent of the directory it is mounted on.  Errors
 * are the kernel's: ENOENT, ENOTDIR, ELOOP past 40 symlinks in one walk,
 * ENAMETOOLONG for a path of 4096 bytes or more or a name over 255.
 */
#ifndef GUESTLIFT_HOSTTREE_INT_H
#define GUESTLIFT_HOSTTREE_INT_H

#include <stdbool.h>
#include <stddef.h>

#include "err.h"
#include "hostfs-int.h"

/* The kernel's limits: MAXSYMLINKS, PATH_MAX (with its NUL). */
#define GL_HOSTTREE_MAX_LINKS 40
#define GL_HOSTTREE_PATH_MAX 4096

struct gl_hosttree_node {
  size_t mount;             /* index in the tree's mount table */
  struct gl_hostfs_inode in;
  size_t name_off;          /* where "/NAME" starts in the walk's names */
};

struct gl_walk {
  struct gl_hosttree *t;
  struct gl_hosttree_node *stack;   /* [0] the root */
  size_t depth, cap;
  char *names;              /* "/a/b/c": the stack's names (realpath) */
  size_t names_len, names_cap;
  unsigned links;           /* symlinks followed so far */
  /* realpath(3) walks by the resolved path: it fails with ENAMETOOLONG
   * when that reaches PATH_MAX, where the kernel's own walk does not. */
  bool resolved_path_max;
};

/* A walk at the tree's root.  -1 with err when nothing is mounted at
 * "/". */
int gl_walk_init (struct gl_walk *w, struct gl_hosttree *t, struct gl_err *err);
void gl_walk_free (struct gl_walk *w);

/* Walk PATH (absolute: from the root; relative: from the top) the way
 * stat (FOLLOW) or lstat (!FOLLOW) does; the top is then what PATH
 * names.  -1 with err (its errnum the kernel's); the stack is then
 * unspecified. */
int gl_walk (struct gl_walk *w, const char *path, bool follow, struct gl_err *err);

static inline const struct gl_hosttree_node *
gl_walk_top (const struct gl_walk *w)
{
  return &w->stack[w->depth - 1];
}

/* The filesystem holding NODE. */
struct gl_hostfs *gl_hosttree_fs (struct gl_hosttree *t,
                                  const struct gl_hosttree_node *node);

#endif
