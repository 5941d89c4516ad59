/* guestlift: bounded read-only file mapping (see mapfile.h). */
#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/stat.h>

#include "cleanup.h"
#include "mapfile.h"

int
gl_map_file (const char *path, size_t max, const char *what,
             void **map, size_t *len, struct gl_err *err)
{
  struct stat st;

  *map = NULL;
  *len = 0;
  CLEANUP_CLOSE int fd = open (path, O_RDONLY | O_CLOEXEC);
  if (fd == -1 || fstat (fd, &st) == -1)
    return gl_err_errno (err, "%s", path);
  if (!S_ISREG (st.st_mode)) {
    gl_err_set (err, EINVAL, "%s: not a regular file", path);
    errno = EINVAL;
    return -1;
  }
  if ((size_t) st.st_size > max) {
    gl_err_set (err, EFBIG, "%s larger than %zu MiB", what, max / (1024 * 1024));
    errno = EFBIG;
    return -1;
  }
  if (st.st_size == 0)
    return 0;
  void *m = mmap (NULL, st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
  if (m == MAP_FAILED)
    return gl_err_errno (err, "%s", path);
  *map = m;
  *len = (size_t) st.st_size;
  return 0;
}

void
gl_unmap_file (void *map, size_t len)
{
  int saved = errno;
  if (map)
    munmap (map, len);
  errno = saved;
}
