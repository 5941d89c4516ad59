/* guestlift: bounded whole-file reads (see read-file.h). */
#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

#include "bounds.h"
#include "cleanup.h"
#include "read-file.h"

/* A file whose size says nothing (/proc, a pipe) starts with this much
 * room, doubled as it fills. */
#define FIRST_ROOM 4096

char *
gl_read_fd (int fd, const char *name, size_t max, size_t *len,
            struct gl_err *err)
{
  struct stat st;
  size_t cap = FIRST_ROOM;
  /* Room for the whole file and one more byte, to see its end in one
   * read more; never more than the bound allows. */
  if (fstat (fd, &st) == 0 && S_ISREG (st.st_mode) && st.st_size > 0)
    cap = (uint64_t) st.st_size < max ? (size_t) st.st_size + 1 : max + 1;
  if (cap > max + 1)
    cap = max + 1;
  CLEANUP_FREE char *buf = malloc (cap + 1);
  if (!buf)
    return gl_err_errno (err, "%s", name), NULL;
  size_t got = 0;
  for (;;) {
    if (got == cap) {
      if (cap > max)
        break;                          /* max + 1 bytes: too large */
      size_t ncap = cap * 2 > max + 1 ? max + 1 : cap * 2;
      char *n = realloc (buf, ncap + 1);
      if (!n)
        return gl_err_errno (err, "%s", name), NULL;
      buf = n;
      cap = ncap;
    }
    ssize_t r = read (fd, buf + got, cap - got);
    if (r == -1 && errno == EINTR)
      continue;
    if (r == -1)
      return gl_err_errno (err, "%s: read", name), NULL;
    if (r == 0)
      break;
    got += (size_t) r;
  }
  if (got > max) {
    char b[GL_SIZE_TEXT_MAX];
    gl_err_set (err, EFBIG, "%s: larger than %s", name, gl_size_text (max, b));
    errno = EFBIG;
    return NULL;
  }
  buf[got] = '\0';
  *len = got;
  return GL_STEAL (buf);
}

char *
gl_read_file (const char *path, size_t max, unsigned flags, size_t *len,
              struct gl_err *err)
{
  int oflags = O_RDONLY | O_CLOEXEC | O_NOCTTY;
  if (flags & GL_READ_NOFOLLOW)
    oflags |= O_NOFOLLOW;
  /* Never block on opening a FIFO when only regular files are wanted. */
  if (flags & GL_READ_REGULAR)
    oflags |= O_NONBLOCK;
  CLEANUP_CLOSE int fd = open (path, oflags);
  if (fd == -1)
    return gl_err_errno (err, "%s", path), NULL;
  struct stat st;
  if (fstat (fd, &st) == -1)
    return gl_err_errno (err, "%s", path), NULL;
  if ((flags & GL_READ_REGULAR) && !S_ISREG (st.st_mode)) {
    gl_err_set (err, EINVAL, "%s: not a regular file", path);
    errno = EINVAL;
    return NULL;
  }
  if ((flags & GL_READ_NO_DIR) && S_ISDIR (st.st_mode)) {
    errno = EISDIR;
    return gl_err_errno (err, "%s", path), NULL;
  }
  if (flags & GL_READ_REGULAR) {
    /* A regular file: back to blocking reads. */
    int fl = fcntl (fd, F_GETFL);
    if (fl != -1)
      fcntl (fd, F_SETFL, fl & ~O_NONBLOCK);
  }
  return gl_read_fd (fd, path, max, len, err);
}
