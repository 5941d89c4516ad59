/* guestlift: the one command runner (see spawn.h).
 *
 * Why fork and exec, not posix_spawn: the child must die with guestlift,
 * and only the child itself can ask for that (prctl PR_SET_PDEATHSIG,
 * kept across execve); posix_spawn has no attribute for it (glibc 2.36,
 * and none later), and a small exec helper that sets it and then execs
 * would be a second program to install and trust.  So this file is the
 * one place that forks; between fork and execve the child calls only
 * async-signal-safe functions (prctl, getppid, setpgid, sigaction,
 * sigprocmask, fcntl, dup2, execve, write, _exit), so it is safe in a
 * threaded guestlift too: the program's path and its environment are
 * worked out before the fork.
 */
#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>

#include "buf.h"
#include "cleanup.h"
#include "error.h"
#include "spawn.h"

extern char **environ;

/* After the kill, how long its pipes may stay open (a grandchild that
 * holds them) before we stop reading. */
#define AFTER_KILL_MS 2000

/* The signals whose disposition the child gets back to the default:
 * those guestlift catches or ignores (an ignored one stays ignored
 * across execve). */
static const int reset_signals[] = { SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGPIPE, SIGCHLD };

/* --- before the fork ---------------------------------------------------- */

/* NAME as execvp would find it: itself when it holds a '/', else the
 * first executable regular file NAME in $PATH.  malloc'd, or NULL with
 * errno (ENOENT, EACCES when only unexecutable files of that name were
 * found, ENOMEM). */
static char *
find_program (const char *name)
{
  if (!*name) {
    errno = ENOENT;
    return NULL;
  }
  if (strchr (name, '/'))
    return strdup (name);
  const char *path = getenv ("PATH");
  if (!path || !*path)
    path = "/bin:/usr/bin";
  int why = ENOENT;
  for (const char *p = path; ; ) {
    size_t n = strcspn (p, ":");
    /* An empty element is the current folder, as for execvp. */
    char *cand = n ? gl_printf ("%.*s/%s", (int) n, p, name) : gl_printf ("./%s", name);
    if (!cand)
      return NULL;
    struct stat st;
    if (stat (cand, &st) == 0 && S_ISREG (st.st_mode)) {
      if (access (cand, X_OK) == 0)
        return cand;
      why = EACCES;
    }
    free (cand);
    if (!p[n])
      break;
    p += n + 1;
  }
  errno = why;
  return NULL;
}

/* Our environment with ADD ("KEY=value") over it; NULL-terminated,
 * malloc'd array of borrowed strings (free the array only), or NULL with
 * errno ENOMEM.  ADD NULL: environ itself, not a copy. */
static char **
child_env (const char *const *add, bool *copied)
{
  *copied = false;
  if (!add)
    return environ;
  size_t n = 0, na = 0;
  while (environ[n])
    n++;
  while (add[na])
    na++;
  char **env = calloc (n + na + 1, sizeof *env);
  if (!env)
    return NULL;
  size_t k = 0;
  for (size_t i = 0; i < n; ++i) {
    size_t klen = strcspn (environ[i], "=");
    bool replaced = false;
    for (size_t j = 0; j < na && !replaced; ++j)
      replaced = strncmp (add[j], environ[i], klen) == 0 && add[j][klen] == '=';
    if (!replaced)
      env[k++] = environ[i];
  }
  for (size_t j = 0; j < na; ++j)
    env[k++] = (char *) add[j];
  env[k] = NULL;
  *copied = true;
  return env;
}

/* The descriptors the child's stdin, stdout and stderr come from, and
 * the parent's ends of the pipes. */
struct plumbing {
  int src[3];          /* for the child's 0, 1, 2 */
  bool owned[3];       /* src[i] opened here: closed after the fork */
  int pipe_r[3];       /* our read end for 1 and 2 (-1: none) */
};

static void
plumbing_close (struct plumbing *pl, bool our_ends)
{
  for (int i = 0; i < 3; ++i) {
    if (pl->owned[i] && pl->src[i] >= 0)
      close (pl->src[i]);
    pl->owned[i] = false;
    pl->src[i] = -1;
    if (our_ends && pl->pipe_r[i] >= 0) {
      close (pl->pipe_r[i]);
      pl->pipe_r[i] = -1;
    }
  }
}

static int
plumb_one (struct plumbing *pl, int i, const struct gl_spawn_stream *s,
           struct gl_err *err)
{
  switch (s->how) {
  case GL_SPAWN_DEFAULT:
    if (i > 0) {
      int p[2];
      if (pipe2 (p, O_CLOEXEC) == -1)
        return gl_err_errno (err, "pipe");
      pl->pipe_r[i] = p[0];
      pl->src[i] = p[1];
      pl->owned[i] = true;
      return 0;
    }
    /* stdin: /dev/null */
    __attribute__ ((fallthrough));
  case GL_SPAWN_NULL:
    pl->src[i] = open ("/dev/null", (i ? O_WRONLY : O_RDONLY) | O_CLOEXEC);
    if (pl->src[i] == -1)
      return gl_err_errno (err, "/dev/null");
    pl->owned[i] = true;
    return 0;
  case GL_SPAWN_FD:
    if (s->fd < 0) {
      errno = EBADF;
      return gl_err_errno (err, "descriptor %d", s->fd);
    }
    pl->src[i] = s->fd;
    return 0;
  case GL_SPAWN_FILE:
    pl->src[i] = open (s->path, s->flags | O_CLOEXEC | O_NOCTTY, 0644);
    if (pl->src[i] == -1)
      return gl_err_errno (err, "%s", s->path);
    pl->owned[i] = true;
    return 0;
  }
  errno = EINVAL;
  return gl_err_errno (err, "stream %d", i);
}

/* --- in the child --------------------------------------------------------- */

/* Never returns.  Only async-signal-safe calls (see the top). */
static void __attribute__ ((noreturn))
child (const char *path, char *const *argv, char *const *envp,
       const struct gl_spawn_opts *o, pid_t parent, int src[3], int exec_w)
{
  /* Die with guestlift; the check after prctl closes the race with a
   * parent that died first. */
  prctl (PR_SET_PDEATHSIG, o->death_signal > 0 ? o->death_signal : SIGKILL);
  if (getppid () != parent)
    _exit (127);
  if (o->new_pgroup)
    setpgid (0, 0);
  struct sigaction dfl;
  memset (&dfl, 0, sizeof dfl);
  dfl.sa_handler = SIG_DFL;
  for (size_t i = 0; i < sizeof reset_signals / sizeof reset_signals[0]; ++i)
    sigaction (reset_signals[i], &dfl, NULL);
  sigset_t none;
  sigemptyset (&none);
  sigprocmask (SIG_SETMASK, o->sigmask ? o->sigmask : &none, NULL);

  /* A source among 0-2 that is not already in place (our stderr as its
   * stdout, or a pipe that got a free low number) moves out of the way
   * first, so that no dup2 overwrites a source still to be used. */
  for (int i = 0; i < 3; ++i)
    if (src[i] >= 0 && src[i] < 3 && src[i] != i)
      src[i] = fcntl (src[i], F_DUPFD_CLOEXEC, 3);
  for (int i = 0; i < 3; ++i)
    if (src[i] < 0 || dup2 (src[i], i) == -1)
      goto fail;
  execve (path, argv, envp);
 fail:;
  int e = errno;
  if (write (exec_w, &e, sizeof e) == -1) { /* nothing to do */ }
  _exit (127);
}

/* --- starting ------------------------------------------------------------- */

static int
start (const char *const *argv, const struct gl_spawn_opts *o,
       struct gl_child *c, struct gl_err *err)
{
  c->pid = -1;
  c->out_fd = c->err_fd = -1;
  if (!argv || !argv[0]) {
    errno = EINVAL;
    return gl_err_errno (err, "cannot run an empty command");
  }
  const char *name = o->program ? o->program : argv[0];
  CLEANUP_FREE char *path = find_program (name);
  if (!path)
    return gl_err_errno (err, "cannot run %s", name);
  bool env_copied;
  char **envp = child_env (o->env, &env_copied);
  if (!envp)
    return gl_err_errno (err, "cannot run %s", name);

  struct plumbing pl = { .src = { -1, -1, -1 }, .pipe_r = { -1, -1, -1 } };
  const struct gl_spawn_stream *streams[3] = { &o->in, &o->out, &o->err };
  int execp[2] = { -1, -1 };
  int r = 0;
  for (int i = 0; i < 3 && r == 0; ++i)
    r = plumb_one (&pl, i, streams[i], err);
  /* A CLOEXEC pipe tells the parent whether exec succeeded. */
  if (r == 0 && pipe2 (execp, O_CLOEXEC) == -1)
    r = gl_err_errno (err, "pipe");
  if (r == -1) {
    plumbing_close (&pl, true);
    if (env_copied)
      free (envp);
    return -1;
  }

  pid_t parent = getpid ();
  pid_t pid = fork ();
  if (pid == 0)
    child (path, (char *const *) argv, envp, o, parent, pl.src, execp[1]);
  int fork_errno = errno;
  if (env_copied)
    free (envp);
  close (execp[1]);
  plumbing_close (&pl, false);
  if (pid == -1) {
    close (execp[0]);
    plumbing_close (&pl, true);
    errno = fork_errno;
    return gl_err_errno (err, "cannot run %s: fork", name);
  }
  /* Also here, so that no signal sent to the group in between misses. */
  if (o->new_pgroup)
    setpgid (pid, pid);
  if (o->running)
    o->running (pid);

  int exec_errno = 0;
  ssize_t n;
  do n = read (execp[0], &exec_errno, sizeof exec_errno);
  while (n == -1 && errno == EINTR);
  close (execp[0]);
  if (n == sizeof exec_errno && exec_errno) {
    while (waitpid (pid, NULL, 0) == -1 && errno == EINTR)
      ;
    if (o->running)
      o->running (0);
    plumbing_close (&pl, true);
    errno = exec_errno;
    return gl_err_errno (err, "cannot run %s", name);
  }
  c->pid = pid;
  c->out_fd = pl.pipe_r[1];
  c->err_fd = pl.pipe_r[2];
  return 0;
}

int
gl_spawn_start (const char *const *argv, const struct gl_spawn_opts *opts,
                struct gl_child *child, struct gl_err *err)
{
  return start (argv, opts, child, err);
}

/* --- running to the end --------------------------------------------------- */

/* Append up to what MAX allows; with KEEP_END, drop the oldest half of
 * the buffer when full so that the newest bytes are kept. */
static void
drain (int *fd, struct gl_buf *b, size_t max, bool keep_end)
{
  char tmp[8192];
  ssize_t r = read (*fd, tmp, sizeof tmp);
  if (r <= 0) {
    if (r == 0 || (errno != EINTR && errno != EAGAIN)) {
      close (*fd);
      *fd = -1;
    }
    return;
  }
  size_t n = (size_t) r;
  const char *p = tmp;
  if (keep_end) {
    if (n > max) {
      p += n - max;
      n = max;
    }
    if (b->len + n > max) {
      /* At least what does not fit, at least half (fewer moves). */
      size_t drop = b->len + n - max;
      if (drop < b->len / 2)
        drop = b->len / 2;
      memmove (b->data, b->data + drop, b->len - drop);
      b->len -= drop;
      b->data[b->len] = '\0';
    }
  }
  size_t room = b->len < max ? max - b->len : 0;
  if (n > room)
    n = room;
  if (n)
    gl_buf_append (b, p, n);
}

static long long
now_ms (void)
{
  struct timespec ts;
  clock_gettime (CLOCK_MONOTONIC, &ts);
  return (long long) ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* A descriptor that becomes readable when PID ends (Linux 5.3); -1 where
 * there is none: the loop then looks every 100 ms. */
static int
pid_fd (pid_t pid)
{
#ifdef SYS_pidfd_open
  return (int) syscall (SYS_pidfd_open, pid, 0);
#else
  (void) pid;
  return -1;
#endif
}

static bool
has_ended (pid_t pid)
{
  siginfo_t si;
  memset (&si, 0, sizeof si);
  return waitid (P_PID, pid, &si, WEXITED | WNOHANG | WNOWAIT) == 0 && si.si_pid == pid;
}

int
gl_spawn_ex (const char *const *argv, const struct gl_spawn_opts *o,
             struct gl_spawn_result *res, struct gl_err *err)
{
  res->status = -1;
  res->out = res->err = NULL;
  res->timed_out = 0;
  long long limit = o->timeout_ms > 0 ? o->timeout_ms : GL_SPAWN_TIMEOUT_MS;

  struct gl_child c;
  if (start (argv, o, &c, err) == -1)
    return -1;

  /* Read its output until it ends and its pipes close, or the limit. */
  CLEANUP_BUF struct gl_buf out = GL_BUF_INIT, errb = GL_BUF_INIT;
  int pfd = pid_fd (c.pid);
  bool ended = false;
  long long deadline = now_ms () + limit;
  while (c.out_fd >= 0 || c.err_fd >= 0 || !ended) {
    struct pollfd fds[3];
    int nfds = 0, oi = -1, ei = -1, pi = -1;
    if (c.out_fd >= 0) { oi = nfds; fds[nfds].fd = c.out_fd; fds[nfds++].events = POLLIN; }
    if (c.err_fd >= 0) { ei = nfds; fds[nfds].fd = c.err_fd; fds[nfds++].events = POLLIN; }
    if (!ended && pfd >= 0) { pi = nfds; fds[nfds].fd = pfd; fds[nfds++].events = POLLIN; }
    long long left = deadline - now_ms ();
    if (left <= 0) {
      if (res->timed_out)
        break;          /* killed, but something still holds its pipes */
      /* Too long: kill it; its pipes close and the loop ends.  (Not yet
       * reaped, so the pid is still its own.) */
      kill (c.pid, SIGKILL);
      res->timed_out = 1;
      deadline = now_ms () + AFTER_KILL_MS;
      continue;
    }
    int wait = left > 60000 ? 60000 : (int) left;
    if (!ended && pfd < 0 && wait > 100)
      wait = 100;
    int pr = poll (fds, nfds, wait);
    if (pr == -1 && errno != EINTR)
      break;
    if (!ended && (pfd < 0 ? has_ended (c.pid) : pi >= 0 && pr > 0 && fds[pi].revents))
      ended = true;
    if (pr <= 0)
      continue;
    if (oi >= 0 && fds[oi].revents) drain (&c.out_fd, &out, o->max_bytes, false);
    if (ei >= 0 && fds[ei].revents) drain (&c.err_fd, &errb, o->max_bytes, o->keep_end);
  }
  if (pfd >= 0)
    close (pfd);
  if (c.out_fd >= 0) close (c.out_fd);
  if (c.err_fd >= 0) close (c.err_fd);

  int wstatus;
  while (waitpid (c.pid, &wstatus, 0) == -1)
    if (errno != EINTR) {
      if (o->running)
        o->running (0);
      return gl_err_errno (err, "%s: waitpid", argv[0]);
    }
  if (o->running)
    o->running (0);

  res->status = WIFEXITED (wstatus) ? WEXITSTATUS (wstatus)
    : 128 + WTERMSIG (wstatus);
  bool err_captured = o->err.how == GL_SPAWN_DEFAULT;
  if (res->timed_out) {
    CLEANUP_BUF struct gl_buf msg = GL_BUF_INIT;
    gl_buf_printf (&msg, "%s did not finish within %lld s and was killed\n",
                   argv[0], (limit + 999) / 1000);
    if (errb.data)
      gl_buf_puts (&msg, errb.data);
    res->err = gl_buf_steal (&msg);
  }
  else if (err_captured)
    res->err = gl_buf_steal (&errb);
  res->out = o->out.how == GL_SPAWN_DEFAULT ? gl_buf_steal (&out) : NULL;
  return 0;
}

int
gl_spawn_timeout (const char *const *argv, size_t max_bytes, int timeout_ms,
                  struct gl_spawn_result *res)
{
  struct gl_spawn_opts o = { .max_bytes = max_bytes, .timeout_ms = timeout_ms };
  return gl_spawn_ex (argv, &o, res, NULL);
}

int
gl_spawn (const char *const *argv, size_t max_bytes,
          struct gl_spawn_result *res)
{
  return gl_spawn_timeout (argv, max_bytes, 0, res);
}

void
gl_spawn_result_free (struct gl_spawn_result *res)
{
  free (res->out);
  free (res->err);
  res->out = res->err = NULL;
}

/* Characters that need no quoting in a POSIX shell word. */
static bool
shell_safe (const char *s)
{
  if (!*s)
    return false;
  for (; *s; ++s)
    if (!strchr ("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                 "0123456789-_=+.,/:@%^", *s))
      return false;
  return true;
}

char *
gl_argv_line (const char *const *argv, bool one_line)
{
  CLEANUP_BUF struct gl_buf b = GL_BUF_INIT;
  if (gl_buf_puts (&b, "") == -1)
    return NULL;
  for (size_t i = 0; argv[i]; ++i) {
    CLEANUP_FREE char *esc = one_line ? gl_one_line (argv[i]) : NULL;
    const char *a = one_line ? esc : argv[i];
    if (!a || (i && gl_buf_puts (&b, " ") == -1))
      return NULL;
    if (shell_safe (a)) {
      if (gl_buf_puts (&b, a) == -1)
        return NULL;
      continue;
    }
    /* Single quotes hold everything but a single quote. */
    if (gl_buf_puts (&b, "'") == -1)
      return NULL;
    for (const char *p = a; *p; ++p)
      if ((*p == '\'' ? gl_buf_puts (&b, "'\\''") : gl_buf_append (&b, p, 1)) == -1)
        return NULL;
    if (gl_buf_puts (&b, "'") == -1)
      return NULL;
  }
  return gl_buf_steal (&b);
}

int
gl_have_program (const char *program)
{
  CLEANUP_FREE char *p = find_program (program);
  return p != NULL;
}
