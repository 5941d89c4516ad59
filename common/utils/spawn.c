/* guestlift: spawn a program with argv, capture bounded output. */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <unistd.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <time.h>

#include "buf.h"
#include "cleanup.h"
#include "spawn.h"

/* After the kill, how long its pipes may stay open (a grandchild that
 * holds them) before we stop reading. */
#define AFTER_KILL_MS 2000

/* Append up to what MAX allows; with KEEP_END, drop the oldest half of
 * the buffer when full so that the newest bytes are kept. */
static void
drain (int fd, struct gl_buf *b, size_t max, bool keep_end, int *open_)
{
  char tmp[8192];
  ssize_t r = read (fd, tmp, sizeof tmp);
  if (r <= 0) {
    if (r == 0 || (errno != EINTR && errno != EAGAIN)) {
      close (fd);
      *open_ = 0;
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

int
gl_spawn (const char *const *argv, size_t max_bytes,
          struct gl_spawn_result *res)
{
  return gl_spawn_timeout (argv, max_bytes, 0, res);
}

int
gl_spawn_timeout (const char *const *argv, size_t max_bytes, int timeout_ms,
                  struct gl_spawn_result *res)
{
  struct gl_spawn_opts o = { .max_bytes = max_bytes, .timeout_ms = timeout_ms };
  return gl_spawn_ex (argv, &o, res);
}

static long long
now_ms (void)
{
  struct timespec ts;
  clock_gettime (CLOCK_MONOTONIC, &ts);
  return (long long) ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* In the child: die with the parent (the check after prctl closes the
 * race with a parent that died first), stdio, exec.  Never returns. */
static void
child (const char *const *argv, pid_t parent, bool stdout_to_stderr,
       int out_w, int err_w, int exec_w)
{
  prctl (PR_SET_PDEATHSIG, SIGKILL);
  if (getppid () != parent)
    _exit (127);
  int devnull = open ("/dev/null", O_RDONLY);
  if (devnull >= 0) dup2 (devnull, 0);
  dup2 (stdout_to_stderr ? STDERR_FILENO : out_w, 1);
  dup2 (err_w, 2);
  signal (SIGPIPE, SIG_DFL);
  execvp (argv[0], (char *const *) argv);
  int e = errno;
  if (write (exec_w, &e, sizeof e) == -1) { /* nothing to do */ }
  _exit (127);
}

int
gl_spawn_ex (const char *const *argv, const struct gl_spawn_opts *o,
             struct gl_spawn_result *res)
{
  int outp[2], errp[2], execp[2];
  res->status = -1;
  res->out = res->err = NULL;
  res->timed_out = 0;
  long long limit = o->timeout_ms > 0 ? o->timeout_ms : GL_SPAWN_TIMEOUT_MS;

  if (pipe2 (outp, O_CLOEXEC) == -1)
    return -1;
  if (pipe2 (errp, O_CLOEXEC) == -1) {
    close (outp[0]); close (outp[1]);
    return -1;
  }
  /* A CLOEXEC pipe tells the parent whether exec succeeded. */
  if (pipe2 (execp, O_CLOEXEC) == -1) {
    close (outp[0]); close (outp[1]); close (errp[0]); close (errp[1]);
    return -1;
  }

  pid_t parent = getpid ();
  pid_t pid = fork ();
  if (pid == -1) {
    int e = errno;
    close (outp[0]); close (outp[1]); close (errp[0]); close (errp[1]);
    close (execp[0]); close (execp[1]);
    errno = e;
    return -1;
  }
  if (pid == 0)
    child (argv, parent, o->stdout_to_stderr, outp[1], errp[1], execp[1]);

  close (outp[1]); close (errp[1]); close (execp[1]);
  if (o->running)
    o->running (pid);

  int exec_errno = 0;
  ssize_t r;
  do r = read (execp[0], &exec_errno, sizeof exec_errno);
  while (r == -1 && errno == EINTR);
  close (execp[0]);

  CLEANUP_BUF struct gl_buf out = GL_BUF_INIT, err = GL_BUF_INIT;
  int out_open = 1, err_open = 1;
  long long deadline = now_ms () + limit;
  while (out_open || err_open) {
    struct pollfd fds[2];
    int nfds = 0, oi = -1, ei = -1;
    if (out_open) { oi = nfds; fds[nfds].fd = outp[0]; fds[nfds++].events = POLLIN; }
    if (err_open) { ei = nfds; fds[nfds].fd = errp[0]; fds[nfds++].events = POLLIN; }
    long long left = deadline - now_ms ();
    if (left <= 0) {
      if (res->timed_out)
        break;          /* killed, but something still holds its pipes */
      /* Too long: kill it; its pipes close and the loop ends. */
      kill (pid, SIGKILL);
      res->timed_out = 1;
      deadline = now_ms () + AFTER_KILL_MS;
      continue;
    }
    int pr = poll (fds, nfds, left > 60000 ? 60000 : (int) left);
    if (pr == -1) {
      if (errno == EINTR) continue;
      break;
    }
    if (pr == 0)
      continue;
    if (oi >= 0 && fds[oi].revents) drain (outp[0], &out, o->max_bytes, false, &out_open);
    if (ei >= 0 && fds[ei].revents) drain (errp[0], &err, o->max_bytes, o->keep_end, &err_open);
  }
  if (out_open) close (outp[0]);
  if (err_open) close (errp[0]);

  int wstatus;
  while (waitpid (pid, &wstatus, 0) == -1)
    if (errno != EINTR) {
      if (o->running)
        o->running (0);
      return -1;
    }
  if (o->running)
    o->running (0);

  if (r == sizeof exec_errno && exec_errno) {
    errno = exec_errno;
    return -1;
  }
  res->status = WIFEXITED (wstatus) ? WEXITSTATUS (wstatus)
    : 128 + WTERMSIG (wstatus);
  if (res->timed_out) {
    CLEANUP_BUF struct gl_buf msg = GL_BUF_INIT;
    gl_buf_printf (&msg, "%s did not finish within %lld s and was killed\n",
                   argv[0], (limit + 999) / 1000);
    if (err.data)
      gl_buf_puts (&msg, err.data);
    res->err = gl_buf_steal (&msg);
  }
  else
    res->err = gl_buf_steal (&err);
  res->out = o->stdout_to_stderr ? NULL : gl_buf_steal (&out);
  return 0;
}

void
gl_spawn_result_free (struct gl_spawn_result *res)
{
  free (res->out);
  free (res->err);
  res->out = res->err = NULL;
}

int
gl_have_program (const char *program)
{
  const char *path = getenv ("PATH");
  if (!path)
    path = "/usr/bin:/bin";
  CLEANUP_FREE char *copy = strdup (path);
  if (!copy)
    return 0;
  char *save = NULL;
  for (char *dir = strtok_r (copy, ":", &save); dir;
       dir = strtok_r (NULL, ":", &save)) {
    CLEANUP_FREE char *p = NULL;
    if (asprintf (&p, "%s/%s", dir, program) == -1)
      return 0;
    if (access (p, X_OK) == 0)
      return 1;
  }
  return 0;
}
