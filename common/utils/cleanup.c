/* guestlift: the functions behind the CLEANUP_ macros. */
#include <config.h>

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <stdio.h>
#include <unistd.h>

#include "cleanup.h"

void
gl_cleanup_free (void *ptr)
{
  free (*(void **) ptr);
}

/* The closing cleanups keep errno: a function that returns -1 with
 * errno set must not see it changed by the cleanup that runs after. */
void
gl_cleanup_fclose (void *ptr)
{
  FILE *f = *(FILE **) ptr;
  int e = errno;
  if (f)
    fclose (f);
  errno = e;
}

void
gl_cleanup_close (void *ptr)
{
  int fd = *(int *) ptr;
  int e = errno;
  if (fd >= 0)
    close (fd);
  errno = e;
}

void
gl_cleanup_closedir (void *ptr)
{
  DIR *d = *(DIR **) ptr;
  int e = errno;
  if (d)
    closedir (d);
  errno = e;
}

void
gl_free_string_list (char **list)
{
  if (!list)
    return;
  for (size_t i = 0; list[i]; ++i)
    free (list[i]);
  free (list);
}

void
gl_cleanup_free_string_list (void *ptr)
{
  gl_free_string_list (*(char ***) ptr);
}

size_t
gl_string_list_length (char *const *list)
{
  size_t n = 0;
  while (list && list[n])
    n++;
  return n;
}
