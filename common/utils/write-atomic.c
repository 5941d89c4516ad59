/* guestlift: replace a host file whole (see write-atomic.h). */
#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

#include "cleanup.h"
#include "error.h"
#include "write-atomic.h"

char *
gl_write_atomic_template (const char *path)
{
  const char *slash = strrchr (path, '/');
  const char *base = slash ? slash + 1 : path;
  int dirlen = slash ? (int) (slash - path + 1) : 0;
  return gl_printf ("%.*s.%s.XXXXXX", dirlen, path, base);
}

static int
write_all (int fd, const char *p, size_t n)
{
  while (n) {
    ssize_t w = write (fd, p, n);
    if (w == -1) {
      if (errno == EINTR)
        continue;
      return -1;
    }
    p += w;
    n -= (size_t) w;
  }
  return 0;
}

/* fsync PATH's folder: the rename is then on disk too. */
static void
sync_folder (const char *path)
{
  const char *slash = strrchr (path, '/');
  CLEANUP_FREE char *dir = slash
    ? (slash == path ? strdup ("/") : strndup (path, (size_t) (slash - path)))
    : strdup (".");
  int dfd = dir ? open (dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC) : -1;
  if (dfd >= 0) {
    fsync (dfd);
    close (dfd);
  }
}

int
gl_write_atomic (const char *path, const void *data, size_t len,
                 mode_t mode, struct gl_err *err)
{
  CLEANUP_FREE char *tmp = gl_write_atomic_template (path);
  if (!tmp)
    return gl_err_errno (err, "%s", path);
  int fd = mkostemp (tmp, O_CLOEXEC);
  if (fd == -1)
    return gl_err_errno (err, "%s: cannot create a temporary file next to it",
                         path);
  const char *what = NULL;
  if (fchmod (fd, mode) == -1)
    what = "chmod";
  else if (write_all (fd, data, len) == -1)
    what = "write";
  else if (fsync (fd) == -1)
    what = "fsync";
  int e = errno;
  if (close (fd) == -1 && !what) {
    what = "close";
    e = errno;
  }
  if (!what && rename (tmp, path) == -1) {
    what = "rename";
    e = errno;
  }
  if (what) {
    unlink (tmp);
    errno = e;
    return gl_err_errno (err, "%s: %s", path, what);
  }
  sync_folder (path);
  return 0;
}
