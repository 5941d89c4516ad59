/* guestlift: remembered guest path probes (see guest-memo.h). */
#include <config.h>

#include <stdlib.h>
#include <string.h>

#include "cleanup.h"
#include "guest-io.h"
#include "guest-io-ops.h"
#include "guest-memo.h"

/* Bounds: the oldest entry makes room for a new one. */
#define MEMO_DIRS 32
#define MEMO_ANSWERS 256
/* Deeper paths are always asked (and the recursion below stays short). */
#define MEMO_MAX_DEPTH 16
/* A directory is listed when it is probed this many times: one probe is
 * cheaper than a listing, a second one usually is not. */
#define LIST_AT_PROBE 2

enum listing_state { UNLISTED, LISTED, UNLISTABLE, MISSING };

struct listing {
  char *dir;
  enum listing_state state;
  unsigned probes;
  char **names;                 /* sorted, when LISTED */
  size_t n;
};

/* One known answer per path and probe kind: -1 unknown, 0, 1. */
struct answer {
  char *path;
  signed char is[4];            /* indexed by enum gl_probe */
};

struct gl_guest_memo {
  struct listing dirs[MEMO_DIRS];
  size_t next_dir;
  struct answer answers[MEMO_ANSWERS];
  size_t next_answer;
};

static struct gl_guest_memo *
memo_of (struct gl_guest_io *io)
{
  return io->memo;
}

static void
listing_clear (struct listing *l)
{
  free (l->dir);
  for (size_t i = 0; l->names && i < l->n; ++i)
    free (l->names[i]);
  free (l->names);
  *l = (struct listing) { 0 };
}

static void
answer_clear (struct answer *a)
{
  free (a->path);
  *a = (struct answer) { 0 };
}

int
gl_guest_memo_enable (struct gl_guest_io *io)
{
  if (memo_of (io))
    return 0;
  struct gl_guest_memo *m = calloc (1, sizeof *m);
  if (!m)
    return -1;
  io->memo = m;
  return 0;
}

void
gl_guest_memo_disable (struct gl_guest_io *io)
{
  struct gl_guest_memo *m = memo_of (io);
  if (!m)
    return;
  gl_guest_memo_forget (io, "/");
  free (m);
  io->memo = NULL;
}

/* Is path at or below dir? */
static bool
below (const char *path, const char *dir)
{
  if (strcmp (dir, "/") == 0)
    return true;
  size_t n = strlen (dir);
  return strncmp (path, dir, n) == 0 && (path[n] == '\0' || path[n] == '/');
}

void
gl_guest_memo_forget (struct gl_guest_io *io, const char *mountpoint)
{
  struct gl_guest_memo *m = memo_of (io);
  if (!m)
    return;
  for (size_t i = 0; i < MEMO_DIRS; ++i)
    if (m->dirs[i].dir && below (m->dirs[i].dir, mountpoint))
      listing_clear (&m->dirs[i]);
  /* The mount point itself changes too: what was an empty directory is
   * now a filesystem's root; and "is it a directory" of its ancestors
   * does not change. */
  for (size_t i = 0; i < MEMO_ANSWERS; ++i)
    if (m->answers[i].path && below (m->answers[i].path, mountpoint))
      answer_clear (&m->answers[i]);
}

static int
cmp_names (const void *a, const void *b)
{
  return strcmp (*(char *const *) a, *(char *const *) b);
}

/* Only clean absolute paths are remembered: no "//", ".", ".."
 * components, no trailing slash, not "/" itself, not too deep. */
static bool
clean_path (const char *path)
{
  if (!path || path[0] != '/' || path[1] == '\0')
    return false;
  int depth = 0;
  for (const char *p = path; *p; ) {
    const char *c = p + 1, *e = strchrnul (c, '/');
    size_t len = (size_t) (e - c);
    if (len == 0 || (len == 1 && c[0] == '.') || (len == 2 && c[0] == '.' && c[1] == '.'))
      return false;
    if (++depth > MEMO_MAX_DEPTH)
      return false;
    p = e;
  }
  return true;
}

static bool absent (struct gl_guest_io *io, struct gl_guest_memo *m, const char *path);

static struct listing *
listing_slot (struct gl_guest_memo *m, const char *dir)
{
  for (size_t i = 0; i < MEMO_DIRS; ++i)
    if (m->dirs[i].dir && strcmp (m->dirs[i].dir, dir) == 0)
      return &m->dirs[i];
  struct listing *l = NULL;
  for (size_t i = 0; i < MEMO_DIRS && !l; ++i)
    if (!m->dirs[i].dir)
      l = &m->dirs[i];
  if (!l) {
    l = &m->dirs[m->next_dir];
    m->next_dir = (m->next_dir + 1) % MEMO_DIRS;
    listing_clear (l);
  }
  l->dir = strdup (dir);
  return l->dir ? l : NULL;
}

/* l holds the complete listing NAMES (taken over). */
static void
set_listed (struct listing *l, char **names)
{
  size_t n = 0;
  while (names[n])
    n++;
  qsort (names, n, sizeof *names, cmp_names);
  l->names = names;
  l->n = n;
  l->state = LISTED;
}

/* Count a probe below dir; list it when it is probed often enough. */
static void
maybe_list (struct gl_guest_io *io, struct gl_guest_memo *m, struct listing *l)
{
  if (l->state != UNLISTED || ++l->probes < LIST_AT_PROBE)
    return;
  /* A bounded listing: a directory too large for one appliance reply
   * stays unlisted, and its probes go to the appliance one by one. */
  char **names = gl_guest_list_all (io, l->dir, NULL);
  if (names) {
    set_listed (l, names);
    return;
  }
  /* Not listable: missing (then so is all below it), not a directory, or
   * too large or unreadable (then nothing is known below it). */
  l->state = strcmp (l->dir, "/") != 0 && absent (io, m, l->dir) ? MISSING : UNLISTABLE;
}

/* Does a listing prove that path does not exist? */
static bool
absent (struct gl_guest_io *io, struct gl_guest_memo *m, const char *path)
{
  const char *slash = strrchr (path, '/');
  CLEANUP_FREE char *dir = slash == path ? strdup ("/") : strndup (path, (size_t) (slash - path));
  if (!dir)
    return false;
  struct listing *l = listing_slot (m, dir);
  if (!l)
    return false;
  maybe_list (io, m, l);
  if (l->state == MISSING)
    return true;
  if (l->state != LISTED)
    return false;
  const char *name = slash + 1;
  return bsearch (&name, l->names, l->n, sizeof *l->names, cmp_names) == NULL;
}

static struct answer *
answer_of (struct gl_guest_memo *m, const char *path, bool create)
{
  for (size_t i = 0; i < MEMO_ANSWERS; ++i)
    if (m->answers[i].path && strcmp (m->answers[i].path, path) == 0)
      return &m->answers[i];
  if (!create)
    return NULL;
  struct answer *a = NULL;
  for (size_t i = 0; i < MEMO_ANSWERS && !a; ++i)
    if (!m->answers[i].path)
      a = &m->answers[i];
  if (!a) {
    a = &m->answers[m->next_answer];
    m->next_answer = (m->next_answer + 1) % MEMO_ANSWERS;
    answer_clear (a);
  }
  a->path = strdup (path);
  if (!a->path)
    return NULL;
  memset (a->is, -1, sizeof a->is);
  return a;
}

int
gl_guest_memo_lookup (struct gl_guest_io *io, const char *path, enum gl_probe what)
{
  struct gl_guest_memo *m = memo_of (io);
  if (!m || !clean_path (path))
    return -1;
  const struct answer *a = answer_of (m, path, false);
  if (a && a->is[what] >= 0)
    return a->is[what];
  if (absent (io, m, path)) {
    gl_guest_memo_store (io, path, what, false);
    return 0;
  }
  return -1;
}

void
gl_guest_memo_store (struct gl_guest_io *io, const char *path, enum gl_probe what,
                     bool answer)
{
  struct gl_guest_memo *m = memo_of (io);
  if (!m || !clean_path (path))
    return;
  struct answer *a = answer_of (m, path, true);
  if (a)
    a->is[what] = answer;
}

void
gl_guest_memo_store_listing (struct gl_guest_io *io, const char *dir, char *const *names)
{
  struct gl_guest_memo *m = memo_of (io);
  if (!m || !names || (strcmp (dir, "/") != 0 && !clean_path (dir)))
    return;
  struct listing *l = listing_slot (m, dir);
  if (!l || l->state == LISTED)
    return;
  size_t n = 0;
  while (names[n])
    n++;
  char **copy = calloc (n + 1, sizeof *copy);
  for (size_t i = 0; copy && i < n; ++i)
    if (!(copy[i] = strdup (names[i]))) {
      for (size_t k = 0; k < i; ++k)
        free (copy[k]);
      free (copy);
      copy = NULL;
    }
  if (copy)
    set_listed (l, copy);
}
