/* Unit tests for common/utils/spawn.c: the one command runner. */
#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/wait.h>

#include "cleanup.h"
#include "error.h"
#include "read-file.h"
#include "spawn.h"
#include "tap.h"

static pid_t told[4];
static size_t n_told;

static void
running (pid_t pid)
{
  if (n_told < 4)
    told[n_told++] = pid;
}

/* Is process PID gone (or a zombie)? */
static bool
gone (pid_t pid)
{
  char path[64], st[512] = "";
  snprintf (path, sizeof path, "/proc/%d/stat", (int) pid);
  FILE *fp = fopen (path, "r");
  size_t m = fp ? fread (st, 1, sizeof st - 1, fp) : 0;
  if (fp)
    fclose (fp);
  st[m] = '\0';
  const char *p = strrchr (st, ')');
  return !fp || (p && (p[2] == 'Z' || p[2] == 'X'));
}

static void
test_run (void)
{
  {
    const char *argv[] = { "printf", "a;b $(x)", NULL };
    struct gl_spawn_result r;
    ok (gl_spawn (argv, 1024, &r) == 0, "gl_spawn runs printf");
    is_int (r.status, 0, "printf exits 0");
    is_str (r.out, "a;b $(x)", "arguments reach the program without a shell");
    gl_spawn_result_free (&r);
  }
  {
    const char *argv[] = { "sh", "-c", "yes | head -c 100000; echo err >&2; exit 7", NULL };
    struct gl_spawn_result r;
    ok (gl_spawn (argv, 1000, &r) == 0, "gl_spawn runs sh");
    is_int (r.status, 7, "exit status is returned");
    is_int (strlen (r.out), 1000, "stdout is bounded to max_bytes");
    is_str (r.err, "err\n", "stderr is captured");
    gl_spawn_result_free (&r);
  }
  {
    const char *argv[] = { "/nonexistent/program", NULL };
    struct gl_spawn_result r;
    ok (gl_spawn (argv, 1000, &r) == -1, "gl_spawn fails for a missing program");
  }
  {
    const char *argv[] = { "sleep", "10", NULL };
    struct gl_spawn_result r;
    ok (gl_spawn_timeout (argv, 1000, 200, &r) == 0, "gl_spawn_timeout runs sleep");
    ok (r.timed_out, "a program past its time limit is killed");
    is_int (r.status, 128 + 9, "a killed program's status is 128+SIGKILL");
    ok (r.err && strncmp (r.err, "sleep did not finish within 1 s", 31) == 0,
        "the first line of stderr says it was killed for time");
    gl_spawn_result_free (&r);
  }
  {
    /* A grandchild that keeps the pipes open must not hold us past the
     * limit (only its parent is killed). */
    const char *argv[] = { "sh", "-c", "sleep 30 & sleep 30", NULL };
    struct gl_spawn_result r;
    ok (gl_spawn_timeout (argv, 1000, 200, &r) == 0 && r.timed_out,
        "a program whose child holds its pipes is killed and left");
    gl_spawn_result_free (&r);
  }
  {
    /* keep_end: the last bytes of stderr, bounded. */
    const char *argv[] = { "sh", "-c", "i=0; while [ $i -lt 2000 ]; do echo line$i >&2; "
                           "i=$((i+1)); done; echo last >&2", NULL };
    struct gl_spawn_opts o = { .max_bytes = 100, .keep_end = true };
    struct gl_spawn_result r;
    ok (gl_spawn_ex (argv, &o, &r, NULL) == 0, "gl_spawn_ex runs sh");
    ok (r.err && strlen (r.err) <= 100, "keep_end: stderr stays within max_bytes");
    ok (r.err && strlen (r.err) >= 5 && strcmp (r.err + strlen (r.err) - 5, "last\n") == 0,
        "keep_end: the last line is kept");
    gl_spawn_result_free (&r);
  }
  {
    /* The child dies with its parent (PR_SET_PDEATHSIG): a parent process
     * spawns "sleep 30" and is killed; the sleep must go too. */
    int pfd[2];
    if (pipe (pfd) == 0) {
      pid_t mid = fork ();
      if (mid == 0) {
        close (pfd[0]);
        char ppid[32];
        snprintf (ppid, sizeof ppid, "%d", (int) getpid ());
        /* Tell the test our child's pid, then wait on it. */
        const char *argv[] = { "sh", "-c", "echo $$ >&3; exec sleep 30", NULL };
        dup2 (pfd[1], 3);
        struct gl_spawn_result r;
        gl_spawn_timeout (argv, 100, 60000, &r);
        _exit (0);
      }
      close (pfd[1]);
      char buf[32] = "";
      ssize_t n = read (pfd[0], buf, sizeof buf - 1);
      close (pfd[0]);
      int sleeper = n > 0 ? atoi (buf) : 0;
      kill (mid, SIGKILL);
      waitpid (mid, NULL, 0);
      bool dead = false;
      for (int i = 0; i < 100 && !(dead = gone (sleeper)); ++i)
        usleep (50000);
      ok (sleeper > 0 && dead, "a spawned program dies with the process that ran it");
    }
  }
  ok (gl_have_program ("sh"), "gl_have_program finds sh");
  ok (!gl_have_program ("no-such-program-guestlift"), "gl_have_program: missing program");

}

/* Redirections, environment, program, process group, signals. */
static void
test_options (const char *dir)
{
  CLEANUP_FREE char *in = gl_printf ("%s/in", dir);
  CLEANUP_FREE char *out = gl_printf ("%s/out", dir);
  FILE *fp = fopen (in, "w");
  fputs ("from a file\n", fp);
  fclose (fp);

  {
    /* stdin from a file, stdout to a file, stderr captured. */
    const char *argv[] = { "sh", "-c", "cat; echo to-err >&2", NULL };
    struct gl_spawn_opts o = {
      .max_bytes = 100,
      .in = { GL_SPAWN_FILE, .path = in, .flags = O_RDONLY },
      .out = { GL_SPAWN_FILE, .path = out, .flags = O_WRONLY | O_CREAT | O_TRUNC },
    };
    struct gl_spawn_result r;
    ok (gl_spawn_ex (argv, &o, &r, NULL) == 0 && r.status == 0, "redirected: runs");
    ok (r.out == NULL, "redirected: stdout to a file is not captured");
    is_str (r.err, "to-err\n", "redirected: stderr still captured");
    size_t len;
    CLEANUP_FREE char *got = gl_read_file (out, 100, 0, &len, NULL);
    is_str (got, "from a file\n", "redirected: stdin from a file reached stdout's file");
    gl_spawn_result_free (&r);
  }
  {
    /* stdout and stderr to one descriptor (batch's log), appended. */
    int fd = open (out, O_WRONLY | O_APPEND | O_CLOEXEC);
    const char *argv[] = { "sh", "-c", "echo one; echo two >&2", NULL };
    struct gl_spawn_opts o = {
      .out = { GL_SPAWN_FD, .fd = fd }, .err = { GL_SPAWN_FD, .fd = fd },
    };
    struct gl_spawn_result r;
    ok (gl_spawn_ex (argv, &o, &r, NULL) == 0 && r.status == 0, "fd: runs");
    ok (r.out == NULL && r.err == NULL, "fd: nothing captured");
    close (fd);
    size_t len;
    CLEANUP_FREE char *got = gl_read_file (out, 100, 0, &len, NULL);
    is_str (got, "from a file\none\ntwo\n", "fd: both streams appended to the caller's file");
  }
  {
    /* Nothing captured at all: the limit still holds. */
    const char *argv[] = { "sleep", "10", NULL };
    struct gl_spawn_opts o = {
      .timeout_ms = 200, .out = { GL_SPAWN_NULL }, .err = { GL_SPAWN_NULL },
    };
    struct gl_spawn_result r;
    ok (gl_spawn_ex (argv, &o, &r, NULL) == 0 && r.timed_out && r.status == 128 + 9,
        "no pipe: a program past its limit is killed all the same");
    ok (r.err && strstr (r.err, "did not finish within 1 s"), "no pipe: the time out is said");
    gl_spawn_result_free (&r);
    const char *quick[] = { "true", NULL };
    ok (gl_spawn_ex (quick, &o, &r, NULL) == 0 && !r.timed_out && r.status == 0,
        "no pipe: a quick program's end is seen");
    gl_spawn_result_free (&r);
  }
  {
    /* Environment: added, replaced, the rest kept. */
    setenv ("GL_TEST_KEEP", "kept", 1);
    setenv ("GL_TEST_SWAP", "old", 1);
    const char *env[] = { "GL_TEST_SWAP=new", "GL_TEST_ADD=added", NULL };
    const char *argv[] = { "sh", "-c", "printf '%s %s %s' \"$GL_TEST_KEEP\" "
                           "\"$GL_TEST_SWAP\" \"$GL_TEST_ADD\"", NULL };
    struct gl_spawn_opts o = { .max_bytes = 100, .env = env };
    struct gl_spawn_result r;
    ok (gl_spawn_ex (argv, &o, &r, NULL) == 0, "env: runs");
    is_str (r.out, "kept new added", "env: added over ours, the rest kept");
    gl_spawn_result_free (&r);
    is_str (getenv ("GL_TEST_SWAP"), "old", "env: ours is unchanged");
  }
  {
    /* The file run is not argv[0]; argv[0] is what the program sees. */
    const char *argv[] = { "my-name", "-c", "printf %s \"$0\"", NULL };
    struct gl_spawn_opts o = { .max_bytes = 100, .program = "/bin/sh" };
    struct gl_spawn_result r;
    ok (gl_spawn_ex (argv, &o, &r, NULL) == 0, "program: runs");
    is_str (r.out, "my-name", "program: argv[0] is kept");
    gl_spawn_result_free (&r);
  }
  {
    /* Process group, signal mask, ignored signals. */
    /* cat reads its own stat (pid, pgrp) and status (masks): no shell in
     * between, whose job control would change them. */
    const char *argv[] = { "cat", "/proc/self/stat", "/proc/self/status", NULL };
    sigset_t block, old;
    sigemptyset (&block);
    sigaddset (&block, SIGUSR1);
    sigaddset (&block, SIGTERM);
    sigprocmask (SIG_BLOCK, &block, &old);
    signal (SIGHUP, SIG_IGN);
    struct gl_spawn_opts o = { .max_bytes = 4096, .new_pgroup = true };
    n_told = 0;
    o.running = running;
    struct gl_spawn_result r;
    ok (gl_spawn_ex (argv, &o, &r, NULL) == 0 && r.status == 0, "pgroup: runs");
    ok (n_told == 2 && told[0] > 0 && told[1] == 0,
        "running: told the pid once started, 0 once reaped");
    /* stat: "PID (cat) STATE PPID PGRP ..." */
    int pid = 0, pgrp = 0;
    const char *paren = r.out ? strchr (r.out, ')') : NULL;   /* comm is "cat" */
    ok (r.out && sscanf (r.out, "%d", &pid) == 1 && paren
        && sscanf (paren + 1, " %*c %*d %d", &pgrp) == 1 && pid == (int) told[0]
        && pgrp == pid, "pgroup: the child leads a process group of its own");
    ok (r.out && strstr (r.out, "SigBlk:\t0000000000000000"),
        "mask: no signal blocked in the child although we block some");
    /* SIGHUP is bit 0 (signal 1): ignored here, default there. */
    const char *ign = r.out ? strstr (r.out, "SigIgn:\t") : NULL;
    ok (ign && (strtoull (ign + 8, NULL, 16) & 1) == 0,
        "signals: an ignored SIGHUP is back to its default in the child");
    gl_spawn_result_free (&r);
    signal (SIGHUP, SIG_DFL);
    sigprocmask (SIG_SETMASK, &old, NULL);
  }
}

/* gl_spawn_start: the caller's own child. */
static void
test_start (void)
{
  {
    const char *argv[] = { "sh", "-c", "echo console; echo said >&2; exit 3", NULL };
    struct gl_spawn_opts o = { 0 };
    struct gl_child c;
    ok (gl_spawn_start (argv, &o, &c, NULL) == 0 && c.pid > 0 && c.out_fd >= 0
        && c.err_fd >= 0, "start: a pid and the read ends of its pipes");
    char buf[64] = "";
    ssize_t n = read (c.out_fd, buf, sizeof buf - 1);
    ok (n > 0 && strcmp (buf, "console\n") == 0, "start: its stdout comes through the pipe");
    int st;
    ok (waitpid (c.pid, &st, 0) == c.pid && WIFEXITED (st) && WEXITSTATUS (st) == 3,
        "start: the caller reaps it");
    close (c.out_fd);
    close (c.err_fd);
  }
  {
    const char *argv[] = { "no-such-program-guestlift", NULL };
    struct gl_spawn_opts o = { 0 };
    struct gl_child c;
    CLEANUP_ERR struct gl_err err = GL_ERR_INIT;
    ok (gl_spawn_start (argv, &o, &c, &err) == -1 && errno == ENOENT && c.pid == -1,
        "start: a missing program fails here, not in a child");
    is_str (err.msg, "cannot run no-such-program-guestlift: No such file or directory",
            "start: the message names the program");
    int st;
    ok (waitpid (-1, &st, WNOHANG) == -1 && errno == ECHILD, "start: no child left behind");
  }
  {
    /* A file that is there but cannot be executed: exec fails in the
     * child and is told to the parent. */
    const char *argv[] = { "/dev/null", NULL };
    struct gl_spawn_opts o = { 0 };
    struct gl_child c;
    CLEANUP_ERR struct gl_err err = GL_ERR_INIT;
    ok (gl_spawn_start (argv, &o, &c, &err) == -1 && errno == EACCES
        && err.errnum == EACCES, "start: exec's failure is the caller's error");
    int st;
    ok (waitpid (-1, &st, WNOHANG) == -1 && errno == ECHILD,
        "start: the failed child is reaped");
  }
  {
    /* The death signal of our choosing (batch's SIGTERM): a middle
     * process starts a child that reports the signal it gets, and is
     * killed. */
    int pfd[2];
    if (pipe (pfd) == 0) {
      pid_t mid = fork ();
      if (mid == 0) {
        close (pfd[0]);
        const char *argv[] = { "sh", "-c", "trap 'echo term >&3; exit 0' TERM; "
                               "echo ready >&3; while :; do sleep 0.05; done", NULL };
        dup2 (pfd[1], 3);
        struct gl_spawn_opts o = { .death_signal = SIGTERM };
        struct gl_child c;
        if (gl_spawn_start (argv, &o, &c, NULL) == 0)
          pause ();
        _exit (1);
      }
      close (pfd[1]);
      char buf[32] = "";
      ssize_t n = read (pfd[0], buf, 6);
      kill (mid, SIGKILL);
      waitpid (mid, NULL, 0);
      char got[32] = "";
      ssize_t m = read (pfd[0], got, sizeof got - 1);
      close (pfd[0]);
      ok (n == 6 && m > 0 && strcmp (got, "term\n") == 0,
          "death signal: the child gets the one asked for when we die");
    }
  }
}

/* The line a user could paste. */
static void
test_argv_line (void)
{
  const char *argv[] = { "qemu", "-name", "it's", "a b", "", "x=1,y", "^ok", "$HOME",
                         "two\nlines", NULL };
  CLEANUP_FREE char *exact = gl_argv_line (argv, false);
  is_str (exact, "qemu -name 'it'\\''s' 'a b' '' x=1,y ^ok '$HOME' 'two\nlines'",
          "argv line: quoted where needed, exact");
  CLEANUP_FREE char *one = gl_argv_line (argv, true);
  is_str (one, "qemu -name 'it'\\''s' 'a b' '' x=1,y ^ok '$HOME' 'two\\nlines'",
          "argv line, one line: control bytes escaped");
  const char *none[] = { NULL };
  CLEANUP_FREE char *empty = gl_argv_line (none, false);
  is_str (empty, "", "argv line of nothing: empty");
}

int
main (void)
{
  char dir[] = "/tmp/test-spawn.XXXXXX";
  if (!mkdtemp (dir)) {
    printf ("Bail out! mkdtemp\n");
    return 1;
  }
  test_run ();
  test_options (dir);
  test_start ();
  test_argv_line ();
  CLEANUP_FREE char *in = gl_printf ("%s/in", dir), *out = gl_printf ("%s/out", dir);
  unlink (in);
  unlink (out);
  rmdir (dir);
  return tap_done ();
}
