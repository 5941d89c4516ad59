/* guestlift: temporary output files, the final rename and the cleanup on
 * failure or signal (see output-files.h). */
#include <config.h>

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

#include "cleanup.h"
#include "error.h"
#include "output-files.h"
#include "run-files.h"

/* In every temporary name: ".NAME-sda.qcow2" TMP_MARK "XXXXXX"; a commit
 * journal's name: COMMIT_MARK "XXXXXX". */
#define TMP_MARK ".guestlift-tmp."
#define COMMIT_MARK ".guestlift-commit."
/* A journal lists at most GL_OUTPUTS_MAX names. */
#define JOURNAL_MAX (GL_OUTPUTS_MAX * (PATH_MAX + 48))

/* The registry is read by the signal handler: fixed-size arrays of paths
 * that stay valid until cleared, the count updated last (signals blocked
 * while it changes). */
struct entry {
  char tmp[PATH_MAX];
  char final[PATH_MAX];
  int fd;                          /* holds the file's run lock (run-files.h) */
  volatile sig_atomic_t renamed;   /* final exists and is ours */
};
static struct entry entries[GL_OUTPUTS_MAX];
static volatile sig_atomic_t n_entries;
static volatile pid_t child_pid;

static const int caught[] = { SIGINT, SIGTERM, SIGHUP };

static void
on_signal (int sig)
{
  int saved = errno;
  if (child_pid > 0)
    kill (child_pid, SIGTERM);
  for (sig_atomic_t i = 0; i < n_entries; ++i) {
    unlink (entries[i].tmp);
    if (entries[i].renamed)
      unlink (entries[i].final);
  }
  n_entries = 0;
  errno = saved;
  signal (sig, SIG_DFL);
  raise (sig);
}

int
gl_outputs_install_signals (void)
{
  struct sigaction sa;
  memset (&sa, 0, sizeof sa);
  sa.sa_handler = on_signal;
  sigemptyset (&sa.sa_mask);
  for (size_t i = 0; i < sizeof caught / sizeof caught[0]; ++i)
    sigaddset (&sa.sa_mask, caught[i]);
  for (size_t i = 0; i < sizeof caught / sizeof caught[0]; ++i) {
    /* Under nohup, SIGHUP stays ignored. */
    struct sigaction cur;
    if (caught[i] == SIGHUP && sigaction (SIGHUP, NULL, &cur) == 0 &&
        cur.sa_handler == SIG_IGN)
      continue;
    if (sigaction (caught[i], &sa, NULL) == -1)
      return -1;
  }
  return 0;
}

static void
block_signals (sigset_t *old)
{
  sigset_t set;
  sigemptyset (&set);
  for (size_t i = 0; i < sizeof caught / sizeof caught[0]; ++i)
    sigaddset (&set, caught[i]);
  sigprocmask (SIG_BLOCK, &set, old);
}

static void
restore_signals (const sigset_t *old)
{
  sigprocmask (SIG_SETMASK, old, NULL);
}

char *
gl_outputs_reserve (const char *final)
{
  if (n_entries >= GL_OUTPUTS_MAX) {
    errno = ENOSPC;
    return NULL;
  }
  struct stat st;
  if (lstat (final, &st) == 0) {
    errno = EEXIST;
    return NULL;
  }
  const char *slash = strrchr (final, '/');
  int dn = slash ? (int) (slash - final + 1) : 0;
  CLEANUP_FREE char *tmpl = gl_printf ("%.*s.%s" TMP_MARK "XXXXXX", dn, final,
                                       slash ? slash + 1 : final);
  if (!tmpl)
    return NULL;
  if (strlen (tmpl) >= PATH_MAX || strlen (final) >= PATH_MAX) {
    errno = ENAMETOOLONG;
    return NULL;
  }

  sigset_t old;
  block_signals (&old);
  /* Created, then held for as long as this process lives, so that a
   * later run tells it from the leftovers of a killed one.  A sweeper
   * that got hold of it first removes it: make another. */
  char *tmp = NULL;
  int fd = -1;
  for (int tries = 0; tries < 16 && fd == -1; ++tries) {
    free (tmp);
    if (!(tmp = strdup (tmpl)) || (fd = mkostemp (tmp, O_CLOEXEC)) == -1)
      break;
    if (gl_run_hold_file (fd, tmp) == -1) {
      close (fd);
      fd = -1;
    }
  }
  if (fd == -1) {
    int e = errno;
    free (tmp);
    restore_signals (&old);
    errno = e;
    return NULL;
  }
  /* mkostemp makes 0600; outputs get the usual mode. */
  mode_t um = umask (0);
  umask (um);
  fchmod (fd, 0644 & ~um);
  struct entry *e = &entries[n_entries];
  strcpy (e->tmp, tmp);
  strcpy (e->final, final);
  e->fd = fd;
  e->renamed = 0;
  n_entries++;
  restore_signals (&old);
  return tmp;
}

/* Exactly six letters or digits (mkstemp's XXXXXX), nothing after. */
static bool
x6 (const char *x)
{
  size_t i;
  for (i = 0; x[i]; ++i)
    if (!isalnum ((unsigned char) x[i]))
      return false;
  return i == 6;
}

static bool
is_tmp_name (const char *name)
{
  const char *m = name[0] == '.' ? strstr (name, TMP_MARK) : NULL;
  return m && x6 (m + sizeof TMP_MARK - 1);
}

static bool
is_journal_name (const char *name)
{
  return strncmp (name, COMMIT_MARK, sizeof COMMIT_MARK - 1) == 0 &&
    x6 (name + sizeof COMMIT_MARK - 1);
}

static bool
is_ours (const char *name)
{
  return is_tmp_name (name) || is_journal_name (name);
}

/* A dead run's commit journal (it was killed between two renames): the
 * final names it lists that still are the files it renamed (same device
 * and inode) are removed; a file made under that name since stays. */
static void
undo_commit (int dfd, const char *name, int fd)
{
  if (!is_journal_name (name))
    return;
  char *buf = malloc (JOURNAL_MAX + 1);
  if (!buf)
    return;
  ssize_t n = pread (fd, buf, JOURNAL_MAX, 0);
  buf[n > 0 ? n : 0] = '\0';
  char *save = NULL;
  for (char *line = strtok_r (buf, "\n", &save); line; line = strtok_r (NULL, "\n", &save)) {
    unsigned long long dev, ino;
    int off = 0;
    if (sscanf (line, "%llu %llu %n", &dev, &ino, &off) != 2 || off == 0)
      continue;
    const char *f = line + off;
    struct stat st;
    if (!*f || strchr (f, '/') || strcmp (f, ".") == 0 || strcmp (f, "..") == 0 ||
        fstatat (dfd, f, &st, AT_SYMLINK_NOFOLLOW) == -1 || !S_ISREG (st.st_mode) ||
        (unsigned long long) st.st_dev != dev || (unsigned long long) st.st_ino != ino)
      continue;
    unlinkat (dfd, f, 0);
  }
  free (buf);
}

size_t
gl_outputs_sweep (const char *dir)
{
  return gl_run_sweep_files (dir, is_ours, undo_commit);
}

/* The commit journal: before the first rename, a file in the outputs'
 * folder lists each final name with the inode it is about to be (the
 * temporary file's), held with the run lock.  Renaming several files is
 * not atomic: a run killed between two renames leaves this journal, and
 * the next run's sweep takes the half-made outputs away again
 * (undo_commit).  0 with *path and *fd, or -1 with errno. */
static int
journal_begin (char **path, int *fd)
{
  const char *final0 = entries[0].final;
  const char *slash = strrchr (final0, '/');
  int dn = slash ? (int) (slash - final0 + 1) : 0;
  char *tmpl = gl_printf ("%.*s" COMMIT_MARK "XXXXXX", dn, final0);
  if (!tmpl)
    return -1;
  char *p = NULL;
  int jfd = -1;
  for (int tries = 0; tries < 16 && jfd == -1; ++tries) {
    free (p);
    if (!(p = strdup (tmpl)) || (jfd = mkostemp (p, O_CLOEXEC)) == -1)
      break;
    if (gl_run_hold_file (jfd, p) == -1) {
      close (jfd);
      jfd = -1;
    }
  }
  free (tmpl);
  if (jfd == -1) {
    int e = errno;
    free (p);
    errno = e;
    return -1;
  }
  FILE *fp = fdopen (dup (jfd), "w");
  bool ok = fp != NULL;
  for (sig_atomic_t i = 0; ok && i < n_entries; ++i) {
    const char *f = entries[i].final;
    struct stat st;
    /* Only outputs of the journal's folder (convert's are all in one). */
    if (strncmp (f, final0, (size_t) dn) != 0 || strchr (f + dn, '/'))
      continue;
    ok = fstat (entries[i].fd, &st) == 0 &&
      fprintf (fp, "%llu %llu %s\n", (unsigned long long) st.st_dev,
               (unsigned long long) st.st_ino, f + dn) > 0;
  }
  if (fp && fclose (fp) == EOF)
    ok = false;
  if (!ok || fsync (jfd) == -1) {
    int e = errno ? errno : EIO;
    unlink (p);
    close (jfd);
    free (p);
    errno = e;
    return -1;
  }
  *path = p;
  *fd = jfd;
  return 0;
}

static void
journal_end (char *path, int fd)
{
  unlink (path);
  close (fd);
  free (path);
}

void
gl_outputs_set_child (pid_t pid)
{
  child_pid = pid;
}

void
gl_outputs_abort (void)
{
  sigset_t old;
  block_signals (&old);
  for (sig_atomic_t i = 0; i < n_entries; ++i) {
    unlink (entries[i].tmp);
    if (entries[i].renamed)
      unlink (entries[i].final);
    close (entries[i].fd);
  }
  n_entries = 0;
  restore_signals (&old);
}

int
gl_outputs_commit (const char **failed)
{
  sigset_t old;
  block_signals (&old);
  if (n_entries == 0) {
    restore_signals (&old);
    return 0;
  }
  char *jpath = NULL;
  int jfd = -1;
  if (journal_begin (&jpath, &jfd) == -1) {
    int err = errno;
    if (failed)
      *failed = entries[0].final;
    restore_signals (&old);
    gl_outputs_abort ();
    errno = err;
    return -1;
  }
  for (sig_atomic_t i = 0; i < n_entries; ++i) {
    struct entry *e = &entries[i];
    /* Never rename(2): it would silently replace a file of that name
     * created since we checked.  RENAME_NOREPLACE, else link + unlink. */
    int r = renameat2 (AT_FDCWD, e->tmp, AT_FDCWD, e->final, RENAME_NOREPLACE);
    if (r == -1 && (errno == EINVAL || errno == ENOSYS)) {
      r = link (e->tmp, e->final);
      if (r == 0)
        unlink (e->tmp);
    }
    if (r == -1) {
      int err = errno;
      if (failed)
        *failed = e->final;
      restore_signals (&old);
      gl_outputs_abort ();
      journal_end (jpath, jfd);
      errno = err;
      return -1;
    }
    e->renamed = 1;
  }
  journal_end (jpath, jfd);
  for (sig_atomic_t i = 0; i < n_entries; ++i)
    close (entries[i].fd);
  n_entries = 0;
  restore_signals (&old);
  return 0;
}
