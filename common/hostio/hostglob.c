/* guestlift: glob in the mounted tree (gl_hosttree_glob, see hostfs.h),
 * answering what the appliance answers: glibc's glob(3) with
 * GLOB_BRACE, run by the daemon chrooted in the tree on "DIR/PATTERN"
 * (DIR escaped), then cut back to names by guest-io-appliance.c.  So:
 *  - {a,b} alternatives are expanded as glibc does (escapes respected,
 *    nesting allowed, a brace without its match taken literally), each
 *    alternative globbed on its own: a name two of them match comes
 *    twice;
 *  - an alternative without glob characters is a name that exists when
 *    lstat finds it (a dangling symlink does), never listed;
 *  - the others match the names readdir gives (".", ".." and dot files
 *    included) with fnmatch(3) and FNM_PERIOD, in the C locale (the
 *    daemon's);
 *  - DIR missing or not a directory (or not openable at all): no names;
 *  - the answer is bounded like the appliance's reply: the matches as
 *    "DIR/NAME" strings in one XDR message of GUESTFS_MESSAGE_MAX
 *    (4 MiB), else an error (E2BIG).
 * An alternative naming more than one level ("a/b*") is refused
 * (EINVAL): no caller asks for one.
 */
#include <config.h>

#include <errno.h>
#include <fnmatch.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>

#include "cleanup.h"
#include "hostfs.h"
#include "hosttree-int.h"

/* libguestfs's message size limit, and the reply's header (six XDR
 * words) and the list's length word. */
#define MESSAGE_MAX (4 * 1024 * 1024)
#define REPLY_OVERHEAD (6 * 4 + 4)
/* Bound on brace expansion ("{a,b}{a,b}..." doubles each time). */
#define MAX_ALTERNATIVES 1024

struct glob_state {
  struct gl_hosttree *t;
  const char *dir;
  size_t prefix_len;        /* "DIR/" as glob(3) writes it */
  char **names;
  size_t n, cap;
  size_t reply_bytes;       /* the XDR size of the answer so far */
  size_t alternatives;
  locale_t c_locale;
};

/* --- Brace expansion --- */

/* Where the alternative starting at CP ends: its ',' or the '}' closing
 * its brace, at depth 0; NULL when the pattern ends first. */
static const char *
alternative_end (const char *cp)
{
  size_t depth = 0;
  for (; *cp; ++cp) {
    if (*cp == '\\') {
      if (!*++cp)
        return NULL;
      continue;
    }
    if (*cp == '}') {
      if (depth == 0)
        return cp;
      depth--;
    }
    else if (*cp == ',' && depth == 0)
      return cp;
    else if (*cp == '{')
      depth++;
  }
  return NULL;
}

/* The first '{' not escaped, or NULL. */
static const char *
first_brace (const char *p)
{
  for (; *p; ++p) {
    if (*p == '\\' && p[1])
      ++p;
    else if (*p == '{')
      return p;
  }
  return NULL;
}

static int glob_one (struct glob_state *g, const char *pattern, struct gl_err *err);

static int
expand (struct glob_state *g, const char *pattern, struct gl_err *err)
{
  const char *begin = first_brace (pattern);
  const char *next = begin ? alternative_end (begin + 1) : NULL;
  const char *rest = next;
  while (rest && *rest != '}')
    rest = alternative_end (rest + 1);
  /* No brace, or one without its match: the pattern as it is. */
  if (!rest)
    return glob_one (g, pattern, err);
  rest++;
  size_t head = (size_t) (begin - pattern), tail = strlen (rest);
  for (const char *p = begin + 1; ; p = next + 1, next = alternative_end (p)) {
    if (++g->alternatives > MAX_ALTERNATIVES)
      return gl_err_set (err, E2BIG, "more than %d brace alternatives", MAX_ALTERNATIVES);
    size_t mid = (size_t) (next - p);
    CLEANUP_FREE char *alt = malloc (head + mid + tail + 1);
    if (!alt)
      return gl_err_set (err, ENOMEM, "out of memory");
    memcpy (alt, pattern, head);
    memcpy (alt + head, p, mid);
    memcpy (alt + head + mid, rest, tail + 1);
    if (expand (g, alt, err) == -1)
      return -1;
    if (*next == '}')
      return 0;
  }
}

/* --- One alternative --- */

static int
add_name (struct glob_state *g, const char *name, size_t len, struct gl_err *err)
{
  /* guest-io-appliance.c drops what is not longer than "DIR/". */
  if (len == 0)
    return 0;
  size_t full = g->prefix_len + len;
  g->reply_bytes += 4 + ((full + 3) & ~(size_t) 3);
  if (g->reply_bytes > MESSAGE_MAX - REPLY_OVERHEAD)
    return gl_err_set (err, E2BIG, "the matches do not fit in one answer (%d MiB)",
                       MESSAGE_MAX >> 20);
  if (g->n + 1 >= g->cap) {
    size_t cap = g->cap ? 2 * g->cap : 16;
    char **nn = realloc (g->names, cap * sizeof *nn);
    if (!nn)
      return gl_err_set (err, ENOMEM, "out of memory");
    g->names = nn;
    g->cap = cap;
  }
  if (!(g->names[g->n] = strndup (name, len)))
    return gl_err_set (err, ENOMEM, "out of memory");
  g->names[++g->n] = NULL;
  return 0;
}

struct match_ctx {
  struct glob_state *g;
  const char *pattern;
};

static int
match_entry (const char *name, size_t len, void *opaque, struct gl_err *err)
{
  struct match_ctx *m = opaque;
  CLEANUP_FREE char *n = strndup (name, len);
  if (!n)
    return gl_err_set (err, ENOMEM, "out of memory");
  locale_t old = uselocale (m->g->c_locale);
  int r = fnmatch (m->pattern, n, FNM_PERIOD);
  uselocale (old);
  return r == 0 ? add_name (m->g, name, len, err) : 0;
}

static int
glob_one (struct glob_state *g, const char *pattern, struct gl_err *err)
{
  if (strchr (pattern, '/'))
    return gl_err_set (err, EINVAL, "%s: a pattern for more than one name", pattern);
  struct gl_walk w;
  int r = 0;
  if (strpbrk (pattern, "*?[\\") == NULL) {
    /* No glob character: lstat ("DIR/NAME"). */
    CLEANUP_FREE char *full = malloc (strlen (g->dir) + strlen (pattern) + 2);
    if (!full)
      return gl_err_set (err, ENOMEM, "out of memory");
    strcpy (stpcpy (stpcpy (full, g->dir), "/"), pattern);
    if (gl_walk_init (&w, g->t, err) == -1)
      return -1;
    if (gl_walk (&w, full, false, NULL) == 0)
      r = add_name (g, pattern, strlen (pattern), err);
  }
  else {
    /* opendir (DIR): any failure is no match. */
    if (gl_walk_init (&w, g->t, err) == -1)
      return -1;
    if (gl_walk (&w, g->dir, true, NULL) == 0 &&
        gl_walk_top (&w)->in.kind == GL_KIND_DIR) {
      const struct gl_hosttree_node *top = gl_walk_top (&w);
      struct match_ctx m = { g, pattern };
      r = gl_hostfs_readdir (gl_hosttree_fs (g->t, top), top->in.ino, match_entry,
                             &m, err);
    }
  }
  gl_walk_free (&w);
  return r;
}

static int
cmp_names (const void *a, const void *b)
{
  return strcmp (*(char *const *) a, *(char *const *) b);
}

char **
gl_hosttree_glob (struct gl_hosttree *t, const char *dir, const char *pattern,
                  struct gl_err *err)
{
  /* The daemon's ABS_PATH on "DIR/PATTERN". */
  if (dir[0] != '/') {
    gl_err_set (err, EINVAL, "not an absolute path");
    return NULL;
  }
  bool root = strcmp (dir, "/") == 0;
  struct glob_state g = {
    .t = t, .dir = dir, .prefix_len = root ? 1 : strlen (dir) + 1,
  };
  g.c_locale = newlocale (LC_ALL_MASK, "C", (locale_t) 0);
  if (!g.c_locale) {
    gl_err_errno (err, "newlocale");
    return NULL;
  }
  g.names = calloc (1, sizeof *g.names);
  g.cap = g.names ? 1 : 0;
  int r = g.names ? expand (&g, pattern, err) : gl_err_set (err, ENOMEM, "out of memory");
  freelocale (g.c_locale);
  if (r == -1) {
    gl_free_string_list (g.names);
    return NULL;
  }
  qsort (g.names, g.n, sizeof *g.names, cmp_names);
  return g.names;
}
