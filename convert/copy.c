/* guestlift: disk copy through qemu-img convert (see copy.h). */
#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

#include "cleanup.h"
#include "copy.h"
#include "error.h"
#include "output-files.h"
#include "spawn.h"
#include "qemu-name.h"

/* qemu-img's stderr kept for the error message: the end matters most. */
#define ERR_MAX (64 * 1024)

/* The time limit of a copy.  A copy's work is the data it reads, and the
 * data a hostile image can make it read is bounded by what the image
 * really holds on the host (its allocated blocks: sparse files and huge
 * virtual sizes cost nothing), so: a fixed allowance, plus the data at a
 * rate far below any disk's (legitimate copies never come near). */
#define COPY_BASE_S 600
#define COPY_FLOOR_BYTES_PER_S (2LL * 1024 * 1024)

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

/* Bytes the source really holds: allocated blocks of a file, the size of
 * a block device.  0 when it cannot be told. */
static long long
source_bytes (const char *src)
{
  struct stat st;
  if (stat (src, &st) == -1)
    return 0;
  if (S_ISREG (st.st_mode))
    return (long long) st.st_blocks * 512;
  int fd = open (src, O_RDONLY | O_CLOEXEC);
  if (fd == -1)
    return 0;
  off_t end = lseek (fd, 0, SEEK_END);
  close (fd);
  return end > 0 ? (long long) end : 0;
}

long long
gl_copy_time_limit (long long bytes)
{
  if (bytes < 0)
    bytes = 0;
  long long s = COPY_BASE_S + bytes / COPY_FLOOR_BYTES_PER_S;
  return s > LLONG_MAX / 1000 ? LLONG_MAX / 1000 : s;
}

int
gl_copy_disk (const char *src, const char *src_format, bool allow_backing,
              const char *dst, const char *out_format, struct gl_err *err)
{
  bool progress = isatty (STDERR_FILENO);
  struct gl_qemu_name qn;
  CLEANUP_FREE char *out = gl_qemu_file_name (dst);
  if (!out || gl_qemu_name (src, src_format, allow_backing, &qn) == -1)
    return gl_err_set (err, ENOMEM, "out of memory");
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

  long long bytes = source_bytes (src);
  long long limit = gl_copy_time_limit (bytes);
  /* Progress (qemu-img writes it to stdout) on our terminal (stderr), so
   * that our stdout stays clean; otherwise captured and dropped.  The
   * signal handler of output-files.c stops qemu-img on an interrupt. */
  struct gl_spawn_opts o = {
    .max_bytes = ERR_MAX, .timeout_ms = limit * 1000, .keep_end = true,
    .out = { progress ? GL_SPAWN_FD : GL_SPAWN_DEFAULT, .fd = STDERR_FILENO },
    .running = gl_outputs_set_child,
  };
  struct gl_spawn_result r;
  if (gl_spawn_ex (argv, &o, &r, err) == -1)
    return -1;
  if (r.status == 0) {
    gl_spawn_result_free (&r);
    return 0;
  }
  CLEANUP_FREE char *why = r.err ? last_line (r.err) : NULL;
  if (r.timed_out)
    gl_err_set (err, ETIMEDOUT, "qemu-img convert did not finish within %lld s "
                "(the limit allows %lld MiB/s for the %lld MiB the image "
                "holds); is the source on very slow storage?", limit,
                COPY_FLOOR_BYTES_PER_S / (1024 * 1024), bytes / (1024 * 1024));
  else if (r.status > 128)
    gl_err_set (err, 0, "qemu-img convert was killed by signal %d",
                r.status - 128);
  else
    gl_err_set (err, 0, "qemu-img convert failed (exit %d)%s%s", r.status,
                why ? ": " : "", why ? why : "");
  gl_spawn_result_free (&r);
  return -1;
}
