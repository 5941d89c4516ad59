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

/* A qemu's command line runs to a few KiB per disk (24 disks in an
 * inspection appliance), the kernel's command line (the mark) near its
 * end. */
#define CMDLINE_MAX (256 * 1024)

static int
parent_of (pid_t pid)
{
  char path[64], buf[1024];
  snprintf (path, sizeof path, "/proc/%d/stat", (int) pid);
  FILE *fp = fopen (path, "re");
  if (!fp)
    return -1;
  size_t n = fread (buf, 1, sizeof buf - 1, fp);
  fclose (fp);
  buf[n] = '\0';
  /* "pid (comm) state ppid ...": comm may hold spaces, so from the last ')'. */
  char *p = strrchr (buf, ')');
  int ppid = -1;
  if (!p || sscanf (p + 1, " %*c %d", &ppid) != 1)
    return -1;
  return ppid;
}

/* Is PID a qemu of this appliance: our child with pid W->pid, or a qemu
 * whose command line holds the appliance's mark as a whole word ("...=12.1"
 * is not "...=12.10"; it may run under libvirt, not as our child), or our
 * child whose command line holds the handle's temporary folder?  (A pid
 * may have been reused since: hence the checks.) */
static bool
is_appliance (const struct gl_watchdog *w, pid_t pid, char *buf)
{
  bool child = parent_of (pid) == (int) getpid ();
  char path[64];
  snprintf (path, sizeof path, "/proc/%d/cmdline", (int) pid);
  FILE *fp = fopen (path, "re");
  if (!fp)
    return false;
  size_t n = fread (buf, 1, CMDLINE_MAX - 1, fp);
  fclose (fp);
  for (size_t i = 0; i < n; ++i)
    if (buf[i] == '\0')
      buf[i] = ' ';
  buf[n] = '\0';
  if (!strstr (buf, "qemu"))
    return false;
  if (child && pid == w->pid)
    return true;
  if (!w->marker)
    return false;
  bool mark = strncmp (w->marker, MARK_KEY, sizeof MARK_KEY - 1) == 0;
  if (!mark && !child)
    return false;
  size_t len = strlen (w->marker);
  for (const char *at = strstr (buf, w->marker); at; at = strstr (at + 1, w->marker))
    if (!mark || at[len] == ' ' || at[len] == '\0')
      return true;
  return false;
}

static void
kill_appliance (const struct gl_watchdog *w)
{
  char *buf = malloc (CMDLINE_MAX);
  if (!buf) {
    /* Out of memory: the pid libguestfs gave is all we can go on. */
    if (w->pid > 0 && parent_of (w->pid) == (int) getpid ())
      kill (w->pid, SIGKILL);
    return;
  }
  DIR *d = opendir ("/proc");
  struct dirent *e;
  while (d && (e = readdir (d)) != NULL) {
    if (!isdigit ((unsigned char) e->d_name[0]))
      continue;
    pid_t pid = (pid_t) atoi (e->d_name);
    if (is_appliance (w, pid, buf))
      kill (pid, SIGKILL);
  }
  if (d)
    closedir (d);
  free (buf);
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
