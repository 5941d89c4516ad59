/* Unit tests for common/utils/run-files.c and convert's use of it
 * (gl_outputs_sweep): what a dead run left is removed, what a live run
 * holds stays -- whether the live run is another process or this one.
 *
 * "Another run" is a child process holding a file or folder the way a
 * live guestlift does; a later run's sweep is this program run again
 * ("sweep-tmpdirs": a new process, whose first sweep is its own). */
#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include "cleanup.h"
#include "error.h"
#include "output-files.h"
#include "run-files.h"
#include "spawn.h"
#include "tap.h"

static bool
exists (const char *path)
{
  struct stat st;
  return lstat (path, &st) == 0;
}

static void
touch (const char *path)
{
  int fd = open (path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
  if (fd >= 0)
    close (fd);
}

/* A child that holds PATH (a file: the run lock; a folder: flock) until
 * *release is closed.  Returns its pid once it holds it, or -1. */
static pid_t
holder (const char *path, bool folder, int *release)
{
  int ready[2], go[2];
  if (pipe (ready) == -1 || pipe (go) == -1)
    return -1;
  pid_t pid = fork ();
  if (pid == 0) {
    close (ready[0]);
    close (go[1]);
    int fd = folder ? open (path, O_RDONLY | O_DIRECTORY)
      : open (path, O_RDWR | O_CREAT, 0644);
    int held = fd >= 0 && (folder ? flock (fd, LOCK_EX | LOCK_NB)
                           : gl_run_hold_file (fd, path)) == 0;
    char c = held ? 'y' : 'n';
    if (write (ready[1], &c, 1) != 1)
      _exit (1);
    if (read (go[0], &c, 1) < 0) { /* released */ }
    _exit (0);
  }
  close (ready[1]);
  close (go[0]);
  char c = 'n';
  if (pid == -1 || read (ready[0], &c, 1) != 1 || c != 'y') {
    close (ready[0]);
    close (go[1]);
    return -1;
  }
  close (ready[0]);
  *release = go[1];
  return pid;
}

static void
release (pid_t pid, int fd)
{
  close (fd);
  waitpid (pid, NULL, 0);
}

/* This program run again as a later guestlift would sweep. */
static char *
sweep_in_new_process (const char *self)
{
  const char *argv[] = { self, "sweep-tmpdirs", NULL };
  struct gl_spawn_result r;
  if (gl_spawn (argv, 100, &r) == -1)
    return strdup ("cannot run");
  char *out = r.out ? strndup (r.out, strcspn (r.out, "\n")) : NULL;
  gl_spawn_result_free (&r);
  return out;
}

static void
test_output_files (const char *out)
{
  CLEANUP_FREE char *dead = gl_printf ("%s/.g-sda.qcow2.guestlift-tmp.DEAD01", out);
  CLEANUP_FREE char *live = gl_printf ("%s/.h-sda.qcow2.guestlift-tmp.LIVE01", out);
  CLEANUP_FREE char *shortn = gl_printf ("%s/.g-sda.qcow2.guestlift-tmp.AB", out);
  CLEANUP_FREE char *final = gl_printf ("%s/g-sda.qcow2", out);
  CLEANUP_FREE char *outside = gl_printf ("%s/../outside", out);
  CLEANUP_FREE char *link = gl_printf ("%s/.l-sda.qcow2.guestlift-tmp.LINK01", out);
  CLEANUP_FREE char *mine_final = gl_printf ("%s/mine-sda.qcow2", out);
  touch (dead);
  touch (shortn);
  touch (final);
  touch (outside);
  if (symlink (outside, link) == -1)
    ok (0, "symlink: %s", strerror (errno));

  int rel;
  pid_t h = holder (live, false, &rel);
  ok (h > 0, "a child holds a temporary file as a live run does");
  CLEANUP_FREE char *mine = gl_outputs_reserve (mine_final);
  ok (mine != NULL, "gl_outputs_reserve makes a temporary file");

  is_int (gl_outputs_sweep (out), 1, "the sweep removes one file");
  ok (!exists (dead), "the dead run's temporary file is removed");
  ok (exists (live), "the live run's temporary file stays");
  ok (mine && exists (mine), "this run's own reserved file stays");
  ok (exists (shortn) && exists (final), "other names are left alone");
  ok (exists (link) && exists (outside), "a symlink with a temporary name is not followed or removed");

  if (h > 0)
    release (h, rel);
  is_int (gl_outputs_sweep (out), 1, "once its run has ended...");
  ok (!exists (live), "...the other run's file is removed");
  ok (mine && exists (mine), "this run's file still stays");
  gl_outputs_abort ();
  ok (mine && !exists (mine), "gl_outputs_abort removes this run's file");
  ok (!exists (mine_final), "and no final name ever appeared");
}

/* The commit: every output renamed, no journal left; a dead run's
 * journal (killed between two renames) undone by the next sweep. */
static void
test_commit (const char *out)
{
  CLEANUP_FREE char *fa = gl_printf ("%s/c-sda.qcow2", out);
  CLEANUP_FREE char *fb = gl_printf ("%s/c.xml", out);
  CLEANUP_FREE char *ta = gl_outputs_reserve (fa);
  CLEANUP_FREE char *tb = gl_outputs_reserve (fb);
  const char *failed = NULL;
  ok (ta && tb && gl_outputs_commit (&failed) == 0, "commit of two outputs");
  ok (exists (fa) && exists (fb) && !exists (ta) && !exists (tb),
      "both have their final names, no temporary name is left");
  const char *argv[] = { "sh", "-c", "ls -A \"$0\" | grep -c guestlift-commit", out, NULL };
  struct gl_spawn_result r;
  if (gl_spawn (argv, 100, &r) == 0) {
    is_str (r.out, "0\n", "no commit journal is left");
    gl_spawn_result_free (&r);
  }

  /* A run killed between renames: its journal names the finals it made. */
  CLEANUP_FREE char *half = gl_printf ("%s/half-sda.qcow2", out);
  CLEANUP_FREE char *since = gl_printf ("%s/half.xml", out);
  CLEANUP_FREE char *outside = gl_printf ("%s/../outside", out);
  CLEANUP_FREE char *journal = gl_printf ("%s/.guestlift-commit.DEAD03", out);
  touch (half);
  touch (since);
  struct stat h, o;
  stat (half, &h);
  stat (outside, &o);
  FILE *fp = fopen (journal, "w");
  if (fp) {
    fprintf (fp, "%llu %llu half-sda.qcow2\n", (unsigned long long) h.st_dev,
             (unsigned long long) h.st_ino);
    /* half.xml: made since, another inode. */
    fprintf (fp, "%llu %llu half.xml\n", (unsigned long long) h.st_dev, 1ULL);
    /* A name that leads out of the folder is never followed. */
    fprintf (fp, "%llu %llu ../outside\n", (unsigned long long) o.st_dev,
             (unsigned long long) o.st_ino);
    fclose (fp);
  }
  is_int (gl_outputs_sweep (out), 1, "the sweep takes the dead run's journal");
  ok (!exists (journal), "the journal is gone");
  ok (!exists (half), "the output that run renamed is removed again");
  ok (exists (since), "a file made under a listed name since stays");
  ok (exists (outside), "a listed name outside the folder is left alone");
  unlink (fa);
  unlink (fb);
  unlink (since);
}

static void
test_tmpdirs (const char *self, const char *tmp)
{
  CLEANUP_FREE char *dead = gl_printf ("%s/guestlift-run.DEAD02", tmp);
  CLEANUP_FREE char *dead_sub = gl_printf ("%s/libguestfsAbC123", dead);
  CLEANUP_FREE char *dead_file = gl_printf ("%s/overlay1.qcow2", dead_sub);
  CLEANUP_FREE char *live = gl_printf ("%s/guestlift-run.LIVE02", tmp);
  CLEANUP_FREE char *open_mode = gl_printf ("%s/guestlift-run.OPEN03", tmp);
  CLEANUP_FREE char *other = gl_printf ("%s/guestlift.abcdef", tmp);
  mkdir (dead, 0700);
  mkdir (dead_sub, 0700);
  touch (dead_file);
  mkdir (live, 0700);
  mkdir (open_mode, 0700);
  chmod (open_mode, 0755);
  mkdir (other, 0700);

  int rel;
  pid_t h = holder (live, true, &rel);
  ok (h > 0, "a child holds a private folder as a live run does");

  is_int (gl_run_sweep_tmpdirs (), 1, "the first sweep removes one folder");
  ok (!exists (dead), "the dead run's folder is removed, with what it held");
  ok (exists (live), "the live run's folder stays");
  ok (exists (open_mode), "a folder not made by mkdtemp (mode 0755) stays");
  ok (exists (other), "other names stay (guestlift.XXXXXX: older versions, which hold no lock)");
  is_int (gl_run_sweep_tmpdirs (), 0, "a process sweeps once");

  CLEANUP_FREE char *mine = gl_run_tmpdir ();
  struct stat st;
  ok (mine && stat (mine, &st) == 0 && S_ISDIR (st.st_mode) &&
      (st.st_mode & 0777) == 0700, "gl_run_tmpdir makes a 0700 folder");
  ok (mine && strncmp (mine, tmp, strlen (tmp)) == 0, "under TMPDIR");
  CLEANUP_FREE char *inside = mine ? gl_printf ("%s/file", mine) : NULL;
  if (inside)
    touch (inside);

  CLEANUP_FREE char *got = sweep_in_new_process (self);
  is_str (got, "0", "a later run removes nothing while both runs live");
  ok (mine && exists (mine) && exists (live), "both folders stay");
  if (h > 0)
    release (h, rel);
  free (got);
  got = sweep_in_new_process (self);
  is_str (got, "1", "once the other run ended, a later run removes its folder");
  ok (!exists (live), "the ended run's folder is gone");
  ok (mine && exists (mine) && inside && exists (inside), "this run's folder stays");
  gl_run_tmpdir_remove (mine);
  ok (mine && !exists (mine), "gl_run_tmpdir_remove removes it and what it held");
  rmdir (open_mode);
  rmdir (other);
}

int
main (int argc, char **argv)
{
  if (argc == 2 && strcmp (argv[1], "sweep-tmpdirs") == 0) {
    printf ("%zu\n", gl_run_sweep_tmpdirs ());
    return 0;
  }
  char base[] = "/tmp/test-run-files.XXXXXX";
  if (!mkdtemp (base)) {
    printf ("Bail out! mkdtemp: %s\n", strerror (errno));
    return 1;
  }
  CLEANUP_FREE char *out = gl_printf ("%s/out", base);
  CLEANUP_FREE char *tmp = gl_printf ("%s/tmp", base);
  mkdir (out, 0755);
  mkdir (tmp, 0755);
  setenv ("TMPDIR", tmp, 1);

  test_output_files (out);
  test_commit (out);
  test_tmpdirs (argv[0], tmp);

  const char *rm[] = { "rm", "-rf", base, NULL };
  struct gl_spawn_result r;
  if (gl_spawn (rm, 100, &r) == 0)
    gl_spawn_result_free (&r);
  return tap_done ();
}
