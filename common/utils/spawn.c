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
#include <sys/wait.h>
#include <time.h>

#include "buf.h"
#include "cleanup.h"
#include "spawn.h"

static void
drain (int fd, struct gl_buf *b, size_t max, int *open_)
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
  size_t room = b->len < max ? max - b->len : 0;
  size_t n = (size_t) r < room ? (size_t) r : room;
  if (n)
    gl_buf_append (b, tmp, n);
}

int
gl_spawn (const char *const *argv, size_t max_bytes,
          struct gl_spawn_result *res)
{
  return gl_spawn_timeout (argv, max_bytes, 0, res);
}

static long long
now_ms (void)
{
  struct timespec ts;
  clock_gettime (CLOCK_MONOTONIC, &ts);
  return (long long) ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int
gl_spawn_timeout (const char *const *argv, size_t max_bytes, int timeout_ms,
                  struct gl_spawn_result *res)
{
  int outp[2], errp[2], execp[2];
  res->status = -1;
  res->out = res->err = NULL;
  res->timed_out = 0;

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

  pid_t pid = fork ();
  if (pid == -1) {
    int e = errno;
    close (outp[0]); close (outp[1]); close (errp[0]); close (errp[1]);
    close (execp[0]); close (execp[1]);
    errno = e;
    return -1;
  }
  if (pid == 0) {
    int devnull = open ("/dev/null", O_RDONLY);
    if (devnull >= 0) dup2 (devnull, 0);
    dup2 (outp[1], 1);
    dup2 (errp[1], 2);
    signal (SIGPIPE, SIG_DFL);
    execvp (argv[0], (char *const *) argv);
    int e = errno;
    if (write (execp[1], &e, sizeof e) == -1) { /* nothing to do */ }
    _exit (127);
  }

  close (outp[1]); close (errp[1]); close (execp[1]);

  int exec_errno = 0;
  ssize_t r;
  do r = read (execp[0], &exec_errno, sizeof exec_errno);
  while (r == -1 && errno == EINTR);
  close (execp[0]);

  CLEANUP_BUF struct gl_buf out = GL_BUF_INIT, err = GL_BUF_INIT;
  int out_open = 1, err_open = 1;
  long long deadline = timeout_ms > 0 ? now_ms () + timeout_ms : 0;
  while (out_open || err_open) {
    struct pollfd fds[2];
    int nfds = 0, oi = -1, ei = -1;
    if (out_open) { oi = nfds; fds[nfds].fd = outp[0]; fds[nfds++].events = POLLIN; }
    if (err_open) { ei = nfds; fds[nfds].fd = errp[0]; fds[nfds++].events = POLLIN; }
    int wait_ms = -1;
    if (deadline) {
      long long left = deadline - now_ms ();
      if (left <= 0) {
        /* Too long: kill it; its pipes close and the loop ends. */
        kill (pid, SIGKILL);
        res->timed_out = 1;
        deadline = 0;
        continue;
      }
      wait_ms = (int) left;
    }
    int pr = poll (fds, nfds, wait_ms);
    if (pr == -1) {
      if (errno == EINTR) continue;
      break;
    }
    if (pr == 0)
      continue;
    if (oi >= 0 && fds[oi].revents) drain (outp[0], &out, max_bytes, &out_open);
    if (ei >= 0 && fds[ei].revents) drain (errp[0], &err, max_bytes, &err_open);
  }
  if (out_open) close (outp[0]);
  if (err_open) close (errp[0]);

  int wstatus;
  while (waitpid (pid, &wstatus, 0) == -1)
    if (errno != EINTR)
      return -1;

  if (r == sizeof exec_errno && exec_errno) {
    errno = exec_errno;
    return -1;
  }
  res->status = WIFEXITED (wstatus) ? WEXITSTATUS (wstatus)
    : 128 + WTERMSIG (wstatus);
  res->out = gl_buf_steal (&out);
  res->err = gl_buf_steal (&err);
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
