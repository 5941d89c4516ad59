/* guestlift: a contained child process (see contained.h). */
#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/wait.h>

#include "contained.h"
#include "clock.h"

/* --- the child ------------------------------------------------------- */

static void
limit (int resource, uint64_t value)
{
  struct rlimit rl = { (rlim_t) value, (rlim_t) value };
  struct rlimit cur;
  /* Never above what we were given (a hard limit cannot be raised). */
  if (getrlimit (resource, &cur) == 0 && cur.rlim_max != RLIM_INFINITY &&
      cur.rlim_max < rl.rlim_max)
    rl.rlim_cur = rl.rlim_max = cur.rlim_max;
  setrlimit (resource, &rl);
}

/* The answer pipe becomes descriptor 3, /dev/null (read-only) 0, 1 and
 * 2, and every other descriptor is closed.  False when that failed. */
static bool
close_the_rest (int fd)
{
  if (fd != 3 && dup2 (fd, 3) == -1)
    return false;
  /* Not for the programs it runs (qemu-nbd): their end would hold the
   * parent's read open past the child's. */
  if (fcntl (3, F_SETFD, FD_CLOEXEC) == -1)
    return false;
  int null = open ("/dev/null", O_RDONLY | O_CLOEXEC);
  if (null == -1)
    return false;
  for (int i = 0; i < 3; ++i)
    if (null != i && dup2 (null, i) == -1)
      return false;
  if (null > 3)
    close (null);
  else if (null == 3)            /* cannot be: 3 is the pipe */
    return false;
  return close_range (4, ~0U, 0) == 0;
}

static _Noreturn void
child (int (*fn) (void *, int), void *arg, int fd, pid_t parent,
       const struct gl_contained_limits *lim, uint64_t as_max, uint64_t data_max)
{
  prctl (PR_SET_PDEATHSIG, SIGKILL);
  if (getppid () != parent)     /* it died before prctl */
    _exit (125);
  static const int reset[] = { SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGPIPE,
                               SIGCHLD, SIGALRM, SIGXCPU, SIGXFSZ };
  for (size_t i = 0; i < sizeof reset / sizeof reset[0]; ++i)
    signal (reset[i], SIG_DFL);
  sigset_t none;
  sigemptyset (&none);
  sigprocmask (SIG_SETMASK, &none, NULL);
  /* Limits first: nothing below may outlive them. */
  limit (RLIMIT_CORE, 0);
  limit (RLIMIT_CPU, lim->cpu_seconds);
  limit (RLIMIT_FSIZE, lim->file_max);
  limit (RLIMIT_DATA, data_max);
  limit (RLIMIT_AS, as_max);
  if (!close_the_rest (fd))
    _exit (126);
  _exit (fn (arg, 3) == 0 ? 0 : 1);
}

/* --- the parent ------------------------------------------------------ */

/* VmSize and VmData of this process, in bytes (0 when unknown). */
static void
own_memory (uint64_t *vm, uint64_t *data)
{
  unsigned long long kib;
  char line[256];
  *vm = *data = 0;
  FILE *fp = fopen ("/proc/self/status", "re");
  while (fp && fgets (line, sizeof line, fp)) {
    if (sscanf (line, "VmSize: %llu kB", &kib) == 1)
      *vm = kib * 1024;
    else if (sscanf (line, "VmData: %llu kB", &kib) == 1)
      *data = kib * 1024;
  }
  if (fp)
    fclose (fp);
}

/* Read FD until EOF or the deadline, keeping at most MAX bytes.  False
 * at the deadline. */
static bool
read_until (int fd, double deadline, char *buf, size_t max, size_t *len)
{
  for (;;) {
    double left = deadline - gl_now ();
    if (left <= 0)
      return false;
    struct pollfd p = { .fd = fd, .events = POLLIN };
    int r = poll (&p, 1, left > 1e6 ? 1000000000 : (int) (left * 1000) + 1);
    if (r < 0 && errno == EINTR)
      continue;
    if (r < 0)
      return true;              /* cannot wait: treat as EOF, wait reaps */
    if (r == 0)
      continue;
    char tmp[65536];
    ssize_t n = read (fd, tmp, sizeof tmp);
    if (n < 0 && errno == EINTR)
      continue;
    if (n <= 0)
      return true;
    size_t keep = (size_t) n;
    if (keep > max - *len)
      keep = max - *len;
    memcpy (buf + *len, tmp, keep);
    *len += keep;
  }
}

int
gl_contained_run (int (*fn) (void *arg, int fd), void *arg,
                  const struct gl_contained_limits *lim, char **reply,
                  size_t *len, struct gl_contained_usage *usage,
                  struct gl_err *err)
{
  *reply = NULL;
  *len = 0;
  char *buf = malloc (lim->max_reply + 1);
  if (!buf)
    return gl_err_set (err, ENOMEM, "out of memory");
  int fds[2];
  if (pipe2 (fds, O_CLOEXEC) == -1) {
    free (buf);
    return gl_err_errno (err, "pipe");
  }
  uint64_t vm, data;
  own_memory (&vm, &data);
  pid_t parent = getpid ();
  fflush (NULL);
  pid_t pid = fork ();
  if (pid == -1) {
    int e = errno;
    close (fds[0]);
    close (fds[1]);
    free (buf);
    return gl_err_set (err, e, "fork: %s", strerror (e));
  }
  if (pid == 0) {
    close (fds[0]);
    child (fn, arg, fds[1], parent, lim, vm + lim->mem_margin, data + lim->mem_margin);
  }
  close (fds[1]);

  size_t n = 0;
  bool in_time = read_until (fds[0], gl_now () + lim->seconds, buf, lim->max_reply, &n);
  close (fds[0]);
  if (!in_time)
    kill (pid, SIGKILL);
  int status = 0;
  struct rusage ru;
  memset (&ru, 0, sizeof ru);
  while (wait4 (pid, &status, 0, &ru) == -1 && errno == EINTR)
    ;
  if (usage) {
    usage->max_rss_kib = ru.ru_maxrss;
    usage->cpu_seconds = (double) ru.ru_utime.tv_sec + (double) ru.ru_utime.tv_usec / 1e6
      + (double) ru.ru_stime.tv_sec + (double) ru.ru_stime.tv_usec / 1e6;
  }
  if (!in_time) {
    free (buf);
    return gl_err_set (err, ETIMEDOUT, "it ran past its %u s and was killed", lim->seconds);
  }
  if (WIFSIGNALED (status)) {
    int sig = WTERMSIG (status);
    free (buf);
    return gl_err_set (err, EIO, "it was killed by signal %d (%s)%s", sig, strsignal (sig),
                       sig == SIGXCPU ? ": past its CPU time limit"
                       : sig == SIGXFSZ ? ": past its file size limit" : "");
  }
  if (!WIFEXITED (status) || WEXITSTATUS (status) != 0) {
    free (buf);
    return gl_err_set (err, EIO, "it failed (exit status %d)",
                       WIFEXITED (status) ? WEXITSTATUS (status) : -1);
  }
  buf[n] = '\0';
  *reply = buf;
  *len = n;
  return 0;
}
