/* guestlift: disk copy through qemu-img convert (see copy.h). */
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

#include "buf.h"
#include "cleanup.h"
#include "copy.h"
#include "error.h"
#include "output-files.h"
#include "qemu-name.h"

/* qemu-img's stderr kept for the error message: the end matters most. */
#define ERR_MAX (64 * 1024)

/* The last non-empty line of qemu-img's messages. */
static char *
last_line (const char *s)
{
  const char *end = s + strlen (s);
  while (end > s && (end[-1] == '\n' || end[-1] == '\r' || end[-1] == ' '))
    end--;
  const char *start = end;
  while (start > s && start[-1] != '\n')
    start--;
  return end > start ? strndup (start, (size_t) (end - start)) : NULL;
}

int
gl_copy_disk (const char *src, const char *src_format, bool allow_backing,
              const char *dst, const char *out_format, char **err)
{
  bool progress = isatty (STDERR_FILENO);
  struct gl_qemu_name qn;
  CLEANUP_FREE char *out = gl_qemu_file_name (dst);
  if (!out || gl_qemu_name (src, src_format, allow_backing, &qn) == -1) {
    *err = gl_printf ("out of memory");
    return -1;
  }
  CLEANUP_FREE char *srcname = qn.name;
  const char *argv[12];
  size_t n = 0;
  argv[n++] = "qemu-img";
  argv[n++] = "convert";
  if (qn.format) {
    argv[n++] = "-f";
    argv[n++] = qn.format;
  }
  argv[n++] = "-O";
  argv[n++] = out_format;
  if (progress)
    argv[n++] = "-p";
  argv[n++] = "--";
  argv[n++] = srcname;
  argv[n++] = out;
  argv[n] = NULL;

  int pfd[2];
  if (pipe2 (pfd, O_CLOEXEC) == -1) {
    *err = gl_printf ("cannot run qemu-img: %m");
    return -1;
  }
  pid_t pid = fork ();
  if (pid == -1) {
    *err = gl_printf ("cannot run qemu-img: %m");
    close (pfd[0]);
    close (pfd[1]);
    return -1;
  }
  if (pid == 0) {
    /* Progress (qemu-img writes it to stdout) on our terminal (stderr),
     * so that our stdout stays clean; otherwise nowhere. */
    int null = open ("/dev/null", O_RDWR);
    dup2 (null, STDIN_FILENO);
    dup2 (progress ? STDERR_FILENO : null, STDOUT_FILENO);
    dup2 (pfd[1], STDERR_FILENO);
    signal (SIGPIPE, SIG_DFL);
    execvp (argv[0], (char *const *) argv);
    dprintf (STDERR_FILENO, "cannot run qemu-img: %s\n", strerror (errno));
    _exit (127);
  }
  close (pfd[1]);
  gl_outputs_set_child (pid);

  CLEANUP_BUF struct gl_buf msgs = GL_BUF_INIT;
  char chunk[4096];
  for (;;) {
    ssize_t r = read (pfd[0], chunk, sizeof chunk);
    if (r == -1 && errno == EINTR)
      continue;
    if (r <= 0)
      break;
    /* Keep the last ERR_MAX bytes or so: drop the oldest half when full. */
    if (msgs.len + (size_t) r > ERR_MAX && msgs.len > ERR_MAX / 2) {
      size_t drop = msgs.len - ERR_MAX / 2;
      memmove (msgs.data, msgs.data + drop, msgs.len - drop + 1);
      msgs.len -= drop;
    }
    gl_buf_append (&msgs, chunk, (size_t) r);
  }
  close (pfd[0]);
  int status;
  while (waitpid (pid, &status, 0) == -1 && errno == EINTR)
    ;
  gl_outputs_set_child (0);

  if (WIFEXITED (status) && WEXITSTATUS (status) == 0)
    return 0;
  CLEANUP_FREE char *why = msgs.data ? last_line (msgs.data) : NULL;
  if (WIFSIGNALED (status))
    *err = gl_printf ("qemu-img convert was killed by signal %d", WTERMSIG (status));
  else
    *err = gl_printf ("qemu-img convert failed (exit %d)%s%s", WEXITSTATUS (status),
                      why ? ": " : "", why ? why : "");
  return -1;
}
