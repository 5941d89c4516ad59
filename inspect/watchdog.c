/* guestlift: the appliance watchdog (see watchdog.h). */
#include <config.h>

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <guestfs.h>

#include "watchdog.h"

#define MARK_KEY "guestlift.appliance="

struct gl_watchdog {
  pthread_mutex_t lock;
  pthread_cond_t cond;
  bool done, fired;
  int seconds;
  pid_t pid;          /* the appliance's qemu when known, else 0 */
  char *marker;       /* the handle's mark, else its temporary directory */
  pthread_t th;
};

/* Is PID a child of ours whose command line holds "qemu" and MARKER
 * (NULL: any)?  A pid of a process that exited may have been reused. */
static bool
is_our_qemu (pid_t pid, const char *marker)
{
  char path[64], buf[4096];
  snprintf (path, sizeof path, "/proc/%d/stat", (int) pid);
  FILE *fp = fopen (path, "re");
  if (!fp)
    return false;
  size_t n = fread (buf, 1, sizeof buf - 1, fp);
  fclose (fp);
  buf[n] = '\0';
  /* "pid (comm) state ppid ...": comm may hold spaces, so from the last ')'. */
  char *p = strrchr (buf, ')');
  int ppid = -1;
  if (!p || sscanf (p + 1, " %*c %d", &ppid) != 1 || ppid != (int) getpid ())
    return false;
  snprintf (path, sizeof path, "/proc/%d/cmdline", (int) pid);
  fp = fopen (path, "re");
  if (!fp)
    return false;
  n = fread (buf, 1, sizeof buf - 1, fp);
  fclose (fp);
  for (size_t i = 0; i < n; ++i)
    if (buf[i] == '\0')
      buf[i] = ' ';
  buf[n] = '\0';
  if (!strstr (buf, "qemu"))
    return false;
  if (!marker)
    return true;
  /* A mark is a whole word ("...=12.1" is not "...=12.10"); a folder is
   * followed by what libguestfs makes in it. */
  bool word = strncmp (marker, MARK_KEY, sizeof MARK_KEY - 1) == 0;
  size_t len = strlen (marker);
  for (const char *at = strstr (buf, marker); at; at = strstr (at + 1, marker))
    if (!word || at[len] == ' ' || at[len] == '\0')
      return true;
  return false;
}

static void
kill_appliance (const struct gl_watchdog *w)
{
  if (w->pid > 0 && is_our_qemu (w->pid, NULL))
    kill (w->pid, SIGKILL);
  if (!w->marker)
    return;
  DIR *d = opendir ("/proc");
  if (!d)
    return;
  struct dirent *e;
  while ((e = readdir (d)) != NULL) {
    if (!isdigit ((unsigned char) e->d_name[0]))
      continue;
    pid_t pid = (pid_t) atoi (e->d_name);
    if (is_our_qemu (pid, w->marker))
      kill (pid, SIGKILL);
  }
  closedir (d);
}

static void *
watchdog_main (void *arg)
{
  struct gl_watchdog *w = arg;
  struct timespec deadline;
  clock_gettime (CLOCK_REALTIME, &deadline);
  deadline.tv_sec += w->seconds;
  pthread_mutex_lock (&w->lock);
  while (!w->done) {
    int r = pthread_cond_timedwait (&w->cond, &w->lock, &deadline);
    if (r == ETIMEDOUT && !w->done) {
      w->fired = true;
      kill_appliance (w);
      break;
    }
  }
  pthread_mutex_unlock (&w->lock);
  return NULL;
}

int
gl_watchdog_mark (guestfs_h *g)
{
  static unsigned counter;
  const char *old = guestfs_get_append (g);   /* NULL: none, not an error */
  char *append = NULL;
  int r = asprintf (&append, "%s%s" MARK_KEY "%d.%u", old ? old : "", old ? " " : "",
                    (int) getpid (), __atomic_add_fetch (&counter, 1, __ATOMIC_RELAXED));
  if (r == -1)
    return -1;
  r = guestfs_set_append (g, append);
  free (append);
  return r;
}

/* The handle's mark (malloc'd), or NULL. */
static char *
mark_of (guestfs_h *g)
{
  const char *append = guestfs_get_append (g);
  const char *m = append ? strstr (append, MARK_KEY) : NULL;
  return m ? strndup (m, strcspn (m, " ")) : NULL;
}

struct gl_watchdog *
gl_watchdog_start (guestfs_h *g, int seconds)
{
  struct gl_watchdog *w = calloc (1, sizeof *w);
  if (!w)
    return NULL;
  pthread_mutex_init (&w->lock, NULL);
  pthread_cond_init (&w->cond, NULL);
  w->seconds = seconds > 0 ? seconds : 1;
  /* Asked here, not by the thread: the handle is busy in the call the
   * watchdog guards.  No pid before a launch (an error, not logged:
   * the handle's error handler is off). */
  int pid = guestfs_get_pid (g);
  w->pid = pid > 0 ? (pid_t) pid : 0;
  w->marker = mark_of (g);
  if (!w->marker)
    w->marker = guestfs_get_tmpdir (g);
  if ((!w->pid && !w->marker) || pthread_create (&w->th, NULL, watchdog_main, w) != 0) {
    free (w->marker);
    free (w);
    return NULL;
  }
  return w;
}

bool
gl_watchdog_stop (struct gl_watchdog *w)
{
  if (!w)
    return false;
  pthread_mutex_lock (&w->lock);
  w->done = true;
  pthread_cond_signal (&w->cond);
  pthread_mutex_unlock (&w->lock);
  pthread_join (w->th, NULL);
  bool fired = w->fired;
  pthread_mutex_destroy (&w->lock);
  pthread_cond_destroy (&w->cond);
  free (w->marker);
  free (w);
  return fired;
}
