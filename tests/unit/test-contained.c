/* guestlift: the contained child (inspect/contained.h): its answer comes
 * back, and every bound holds -- the deadline, a crash, a failure, the
 * descriptors it keeps, its limits, the size of its answer. */
#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/resource.h>

#include "contained.h"
#include "tap.h"

static const struct gl_contained_limits lim = {
  .seconds = 30, .cpu_seconds = 20, .mem_margin = 256ULL << 20,
  .file_max = 1 << 20, .max_reply = 4096,
};

static int
say (int fd, const char *s)
{
  return write (fd, s, strlen (s)) == (ssize_t) strlen (s) ? 0 : 1;
}

static int
hello (void *arg, int fd)
{
  (void) arg;
  return say (fd, "hello");
}

static int
fails (void *arg, int fd)
{
  (void) arg, (void) fd;
  return 1;
}

static int
crashes (void *arg, int fd)
{
  (void) arg, (void) fd;
  raise (SIGSEGV);
  return 0;
}

static int
hangs (void *arg, int fd)
{
  (void) arg, (void) fd;
  for (;;)
    pause ();
  return 0;
}

/* Which descriptors are open, and how; the limits it runs under. */
static int
inspects_itself (void *arg, int fd)
{
  int extra = *(int *) arg;
  char buf[256];
  int in = fcntl (0, F_GETFL), out = fcntl (1, F_GETFL);
  struct rlimit core, cpu;
  getrlimit (RLIMIT_CORE, &core);
  getrlimit (RLIMIT_CPU, &cpu);
  snprintf (buf, sizeof buf, "fd=%d in=%s out=%s extra=%s core=%llu cpu=%llu",
            fd, in != -1 && (in & O_ACCMODE) == O_RDONLY ? "ro" : "?",
            out != -1 && (out & O_ACCMODE) == O_RDONLY ? "ro" : "?",
            fcntl (extra, F_GETFD) == -1 && errno == EBADF ? "closed" : "open",
            (unsigned long long) core.rlim_cur, (unsigned long long) cpu.rlim_cur);
  return say (fd, buf);
}

static int
greedy (void *arg, int fd)
{
  (void) arg;
  void *p = malloc (2ULL << 30);
  return say (fd, p ? "got 2 GiB" : "refused");
}

static int
chatty (void *arg, int fd)
{
  (void) arg;
  char buf[10000];
  memset (buf, 'x', sizeof buf);
  return write (fd, buf, sizeof buf) == (ssize_t) sizeof buf ? 0 : 1;
}

int
main (void)
{
  char *reply = NULL;
  size_t len = 0;
  struct gl_err err = GL_ERR_INIT;
  struct gl_contained_usage u = { 0 };

  ok (gl_contained_run (hello, NULL, &lim, &reply, &len, &u, &err) == 0,
      "a child that answers: 0");
  is_str (reply, "hello", "its answer comes back");
  is_int (len, 5, "with its length");
  ok (u.max_rss_kib > 0, "its peak memory is told (%ld KiB)", u.max_rss_kib);
  free (reply);

  ok (gl_contained_run (fails, NULL, &lim, &reply, &len, NULL, &err) == -1 && !reply,
      "a child that fails: -1, no answer");
  ok (err.msg && strstr (err.msg, "exit status 1"), "said: %s", err.msg);
  gl_err_clear (&err);

  ok (gl_contained_run (crashes, NULL, &lim, &reply, &len, NULL, &err) == -1,
      "a child that crashes: -1");
  ok (err.msg && strstr (err.msg, "signal 11"), "said: %s", err.msg);
  gl_err_clear (&err);

  struct gl_contained_limits quick = lim;
  quick.seconds = 1;
  ok (gl_contained_run (hangs, NULL, &quick, &reply, &len, NULL, &err) == -1 &&
      err.errnum == ETIMEDOUT, "a child past its deadline is killed: ETIMEDOUT");
  ok (err.msg && strstr (err.msg, "1 s"), "said: %s", err.msg);
  gl_err_clear (&err);

  int extra = open ("/dev/null", O_WRONLY);
  ok (gl_contained_run (inspects_itself, &extra, &lim, &reply, &len, NULL, &err) == 0,
      "a child looking at itself");
  is_str (reply, "fd=3 in=ro out=ro extra=closed core=0 cpu=20",
          "answer pipe on 3, /dev/null read-only on 0 and 1, our other "
          "descriptors closed, no core, the CPU limit");
  free (reply);
  close (extra);

  struct gl_contained_limits small = lim;
  small.mem_margin = 64ULL << 20;
  ok (gl_contained_run (greedy, NULL, &small, &reply, &len, NULL, &err) == 0,
      "a child asking for more memory than its margin");
  is_str (reply, "refused", "does not get it");
  free (reply);

  struct gl_contained_limits tiny = lim;
  tiny.max_reply = 100;
  ok (gl_contained_run (chatty, NULL, &tiny, &reply, &len, NULL, &err) == 0,
      "a child answering more than max_reply");
  is_int (len, 100, "only max_reply bytes are kept");
  free (reply);

  return tap_done ();
}
