/* guestlift: the functions behind the CLEANUP_ macros. */
#include <config.h>

#include <stdlib.h>
#include <stdio.h>
#include <unistd.h>

#include "cleanup.h"

void
gl_cleanup_free (void *ptr)
{
  free (*(void **) ptr);
}

void
gl_cleanup_fclose (void *ptr)
{
  FILE *f = *(FILE **) ptr;
  if (f)
    fclose (f);
}

void
gl_cleanup_close (void *ptr)
{
  int fd = *(int *) ptr;
  if (fd >= 0)
    close (fd);
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
