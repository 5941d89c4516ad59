/* guestlift: temporary files of live and dead runs (see run-files.h). */
#include <config.h>

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/file.h>
#include <sys/stat.h>

#include "cleanup.h"
#include "error.h"
#include "rmtree.h"
#include "run-files.h"

/* How deep a dead run's folder is removed: ours, libguestfs's folder in
 * it, its files; anything deeper is left (never ours). */
#define TREE_DEPTH 4

#define TMPDIR_PREFIX "guestlift-run."
#define TMPDIR_X 6

/* 0 taken, -1 with errno (EAGAIN/EACCES: someone holds it). */
static int
ofd_lock (int fd)
{
  struct flock fl = {
    .l_type = F_WRLCK, .l_whence = SEEK_SET,
    .l_start = GL_RUN_LOCK_OFFSET, .l_len = 1,
  };
  return fcntl (fd, F_OFD_SETLK, &fl);
}

static bool
same_file (const struct stat *a, const struct stat *b)
{
  return a->st_dev == b->st_dev && a->st_ino == b->st_ino;
}

/* Taken by someone else, as opposed to "locks do not work here". */
static bool
lock_busy (int e)
{
  return e == EAGAIN || e == EACCES || e == EWOULDBLOCK;
}

int
gl_run_hold_file (int fd, const char *path)
{
  if (ofd_lock (fd) == -1) {
    if (lock_busy (errno)) {
      errno = EAGAIN;
      return -1;
    }
    return 1;
  }
  /* Ours now; but a sweeper may have taken it, unlinked it and let go
   * before we asked. */
  struct stat f, p;
  if (fstat (fd, &f) == 0 &&
      (f.st_nlink == 0 || lstat (path, &p) == -1 || !same_file (&f, &p))) {
    errno = EAGAIN;
    return -1;
  }
  return 0;
}

/* Remove what dead runs left in DIR: the entries MATCH accepts, of our
 * user, regular files (their OFD lock) or with FOLDERS private folders
 * (mode 0700 as mkdtemp makes them; their flock), each only while its
 * lock is held and its name still is what was locked.  Before the
 * unlink, ON_DEAD (files) undoes what the run left half done; a folder is
 * emptied first.  The number removed. */
static size_t
sweep (const char *dir, bool (*match) (const char *name), bool folders,
       void (*on_dead) (int dirfd, const char *name, int fd))
{
  CLEANUP_CLOSEDIR DIR *d = opendir (dir);
  if (!d)
    return 0;
  int dfd = dirfd (d);
  uid_t me = geteuid ();
  size_t removed = 0;
  struct dirent *e;
  while ((e = readdir (d)) != NULL) {
    if (!match (e->d_name))
      continue;
    struct stat st, f;
    if (fstatat (dfd, e->d_name, &st, AT_SYMLINK_NOFOLLOW) == -1 || st.st_uid != me ||
        (folders ? !S_ISDIR (st.st_mode) || (st.st_mode & 077) != 0
         : !S_ISREG (st.st_mode)))
      continue;
    int fd = openat (dfd, e->d_name, folders
                     ? O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC
                     : O_RDWR | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
    if (fd == -1)
      continue;
    if (fstat (fd, &f) == 0 && same_file (&st, &f) &&
        (folders ? flock (fd, LOCK_EX | LOCK_NB) : ofd_lock (fd)) == 0 &&
        fstatat (dfd, e->d_name, &st, AT_SYMLINK_NOFOLLOW) == 0 &&
        same_file (&st, &f)) {
      if (folders)
        gl_empty_tree (fd, TREE_DEPTH);
      else if (on_dead)
        on_dead (dfd, e->d_name, fd);
      if (unlinkat (dfd, e->d_name, folders ? AT_REMOVEDIR : 0) == 0)
        removed++;
    }
    close (fd);
  }
  return removed;
}

size_t
gl_run_sweep_files (const char *dir, bool (*match) (const char *name),
                    void (*on_dead) (int dirfd, const char *name, int fd))
{
  return sweep (dir, match, false, on_dead);
}

/* --- private folders ----------------------------------------------------- */

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
struct held { char *path; int fd; };
static struct held *held;
static size_t n_held, cap_held;
static bool swept;

static const char *
tmp_base (void)
{
  const char *t = getenv ("TMPDIR");
  return t && t[0] == '/' ? t : "/tmp";
}

bool
gl_run_tmpdir_name (const char *name)
{
  if (strncmp (name, TMPDIR_PREFIX, sizeof TMPDIR_PREFIX - 1) != 0)
    return false;
  const char *x = name + sizeof TMPDIR_PREFIX - 1;
  size_t i;
  for (i = 0; x[i]; ++i)
    if (!isalnum ((unsigned char) x[i]))
      return false;
  return i == TMPDIR_X;
}

/* The folders of dead runs in the temporary folder. */
static size_t
sweep_tmpdirs (void)
{
  return sweep (tmp_base (), gl_run_tmpdir_name, true, NULL);
}

size_t
gl_run_sweep_tmpdirs (void)
{
  pthread_mutex_lock (&lock);
  size_t n = 0;
  if (!swept) {
    swept = true;
    n = sweep_tmpdirs ();
  }
  pthread_mutex_unlock (&lock);
  return n;
}

/* A new folder, held.  NULL with errno. */
static char *
make_held_dir (int *fd_out)
{
  for (int tries = 0; tries < 16; ++tries) {
    char *p = gl_printf ("%s/" TMPDIR_PREFIX "XXXXXX", tmp_base ());
    if (!p)
      return NULL;
    if (!mkdtemp (p)) {
      int e = errno;
      free (p);
      errno = e;
      return NULL;
    }
    int fd = open (p, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (fd == -1 && errno == ENOENT) {
      /* Another run's sweeper found it unheld between mkdtemp and here
       * and removed it: make another. */
      free (p);
      continue;
    }
    if (fd == -1) {
      int e = errno;
      rmdir (p);
      free (p);
      errno = e;
      return NULL;
    }
    struct stat st;
    if (flock (fd, LOCK_EX | LOCK_NB) == -1) {
      if (lock_busy (errno)) {
        /* A sweeper took it between mkdtemp and here: it removes it. */
        close (fd);
        free (p);
        continue;
      }
      /* No locks on this filesystem: unheld (and unsweepable). */
    }
    else if (fstat (fd, &st) == 0 && st.st_nlink == 0) {
      close (fd);       /* a sweeper already removed it */
      free (p);
      continue;
    }
    /* The name libguestfs will give back (it resolves symlinks in
     * TMPDIR), so that gl_run_tmpdir_remove finds it. */
    char *r = realpath (p, NULL);
    if (r) {
      free (p);
      p = r;
    }
    *fd_out = fd;
    return p;
  }
  errno = EAGAIN;
  return NULL;
}

char *
gl_run_tmpdir (void)
{
  gl_run_sweep_tmpdirs ();
  pthread_mutex_lock (&lock);
  char *ret = NULL;
  int fd = -1;
  char *p = NULL;
  if (n_held == cap_held) {
    size_t nc = cap_held ? cap_held * 2 : 8;
    struct held *nh = realloc (held, nc * sizeof *nh);
    if (!nh) {
      errno = ENOMEM;
      goto out;
    }
    held = nh;
    cap_held = nc;
  }
  if (!(p = make_held_dir (&fd)))
    goto out;
  if (!(ret = strdup (p))) {
    rmdir (p);
    close (fd);
    free (p);
    errno = ENOMEM;
    goto out;
  }
  held[n_held++] = (struct held) { p, fd };
 out:
  pthread_mutex_unlock (&lock);
  return ret;
}

void
gl_run_tmpdir_remove (const char *dir)
{
  if (!dir)
    return;
  pthread_mutex_lock (&lock);
  for (size_t i = 0; i < n_held; ++i) {
    if (strcmp (held[i].path, dir) != 0)
      continue;
    /* Emptied and removed while still held, then let go. */
    gl_empty_tree (held[i].fd, TREE_DEPTH);
    rmdir (held[i].path);
    close (held[i].fd);
    free (held[i].path);
    held[i] = held[--n_held];
    break;
  }
  pthread_mutex_unlock (&lock);
}
