/* guestlift: bounded read-only file mapping (see mapfile.h). */
#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/stat.h>

#include "error.h"
#include "mapfile.h"

int
gl_map_file (const char *path, size_t max, const char *what,
             void **map, size_t *len, char **err)
{
  struct stat st;
  int saved;

  *map = NULL;
  *len = 0;
  int fd = open (path, O_RDONLY | O_CLOEXEC);
  if (fd == -1 || fstat (fd, &st) == -1) {
    saved = errno;
    *err = gl_printf ("%s: %s", path, strerror (saved));
    if (fd >= 0)
      close (fd);
    errno = saved;
    return -1;
  }
  if (!S_ISREG (st.st_mode)) {
    *err = gl_printf ("%s: not a regular file", path);
    close (fd);
    errno = EINVAL;
    return -1;
  }
  if ((size_t) st.st_size > max) {
    *err = gl_printf ("%s larger than %zu MiB", what, max / (1024 * 1024));
    close (fd);
    errno = EFBIG;
    return -1;
  }
  if (st.st_size == 0) {
    close (fd);
    return 0;
  }
  void *m = mmap (NULL, st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
  saved = errno;
  close (fd);
  if (m == MAP_FAILED) {
    *err = gl_printf ("%s: %s", path, strerror (saved));
    errno = saved;
    return -1;
  }
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
