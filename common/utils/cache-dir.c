/* guestlift: the per-user cache folder (see cache-dir.h). */
#include <config.h>

#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cache-dir.h"
#include "error.h"

static pthread_once_t once = PTHREAD_ONCE_INIT;
static char *dir;               /* written once, under `once` */

static void
make_cache_dir (void)
{
  const char *xdg = getenv ("XDG_CACHE_HOME");
  const char *home = getenv ("HOME");
  char *d;
  if (xdg && *xdg == '/')
    d = gl_printf ("%s/guestlift", xdg);
  else if (home && *home)
    d = gl_printf ("%s/.cache/guestlift", home);
  else
    return;
  if (!d)
    return;
  /* mkdir -p of the last two levels is enough for ~/.cache/guestlift. */
  char *slash = strrchr (d, '/');
  *slash = '\0';
  mkdir (d, 0700);
  *slash = '/';
  if (mkdir (d, 0700) == -1 && errno != EEXIST) {
    free (d);
    return;
  }
  dir = d;
}

const char *
gl_cache_dir (void)
{
  pthread_once (&once, make_cache_dir);
  return dir;
}
