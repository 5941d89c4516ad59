/* guestlift: remove a folder and what it holds (see rmtree.h). */
#include <config.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include "cleanup.h"
#include "rmtree.h"

void
gl_empty_tree (int fd, int depth)
{
  /* readdir reads a dup: FD itself stays the caller's. */
  int dup_fd = dup (fd);
  CLEANUP_CLOSEDIR DIR *d = dup_fd >= 0 ? fdopendir (dup_fd) : NULL;
  if (!d) {
    if (dup_fd >= 0)
      close (dup_fd);
    return;
  }
  rewinddir (d);
  struct dirent *e;
  while ((e = readdir (d)) != NULL) {
    if (strcmp (e->d_name, ".") == 0 || strcmp (e->d_name, "..") == 0)
      continue;
    if (unlinkat (fd, e->d_name, 0) == 0 || errno != EISDIR || depth <= 0)
      continue;
    int sub = openat (fd, e->d_name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (sub == -1)
      continue;
    gl_empty_tree (sub, depth - 1);
    close (sub);
    unlinkat (fd, e->d_name, AT_REMOVEDIR);
  }
}

int
gl_rmtree (const char *dir, int depth)
{
  int fd = open (dir, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  if (fd >= 0) {
    gl_empty_tree (fd, depth);
    close (fd);
  }
  return rmdir (dir);
}
