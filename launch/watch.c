/* guestlift launch: watch a guest's serial console (see watch.h): the
 * pcre2 matcher over a rolling window, and the loop that stops the guest
 * on a match, a timeout, its exit or a signal. */
#include <config.h>

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include "buf.h"
#include "cleanup.h"
#include "clock.h"
#include "error.h"
#include "progress.h"
#include "watch.h"

struct gl_matcher {
  pcre2_code *re;
  pcre2_match_data *md;
  char *win;            /* the last `window` bytes of output (not NUL-terminated) */
  size_t len, window;
  size_t mstart;        /* where the match starts in win */
  bool matched;
};

struct gl_matcher *
gl_matcher_new_window (const char *regex, size_t window, struct gl_err *err)
{
  if (window < 16)
    window = 16;
  int code;
  PCRE2_SIZE off;
  pcre2_code *re = pcre2_compile ((PCRE2_SPTR) regex, PCRE2_ZERO_TERMINATED,
                                  PCRE2_MULTILINE, &code, &off, NULL);
  if (!re) {
    PCRE2_UCHAR msg[256];
    if (pcre2_get_error_message (code, msg, sizeof msg) < 0)
      strcpy ((char *) msg, "invalid regular expression");
    gl_err_set (err, EINVAL, "%s at offset %zu", (char *) msg, (size_t) off);
    return NULL;
  }
  struct gl_matcher *m = calloc (1, sizeof *m);
  if (m) {
    m->re = re;
    m->window = window;
    m->md = pcre2_match_data_create_from_pattern (re, NULL);
    /* Twice the window: appending then trimming needs no realloc. */
    m->win = malloc (2 * window);
  }
  if (!m || !m->md || !m->win) {
    gl_matcher_free (m);
    if (!m)
      pcre2_code_free (re);
    gl_err_set (err, ENOMEM, "out of memory");
    return NULL;
  }
  return m;
}

struct gl_matcher *
gl_matcher_new (const char *regex, struct gl_err *err)
{
  return gl_matcher_new_window (regex, GL_WATCH_WINDOW, err);
}

void
gl_matcher_free (struct gl_matcher *m)
{
  if (!m)
    return;
  pcre2_match_data_free (m->md);
  pcre2_code_free (m->re);
  free (m->win);
  free (m);
}

int
gl_matcher_feed (struct gl_matcher *m, const char *buf, size_t n)
{
  if (m->matched)
    return 1;
  if (n == 0)
    return 0;
  /* A chunk larger than the window: only its end can be in the window. */
  if (n > m->window) {
    buf += n - m->window;
    n = m->window;
  }
  /* Where the line holding the first new byte starts: earlier lines were
   * searched already (with all the output they will ever get). */
  size_t from = m->len;
  while (from > 0 && m->win[from - 1] != '\n')
    from--;
  memcpy (m->win + m->len, buf, n);
  m->len += n;
  if (m->len > m->window) {
    size_t drop = m->len - m->window;
    memmove (m->win, m->win + drop, m->window);
    m->len = m->window;
    from = from > drop ? from - drop : 0;
  }
  int rc = pcre2_match (m->re, (PCRE2_SPTR) m->win, m->len, from,
                        0, m->md, NULL);
  if (rc >= 0) {
    m->matched = true;
    m->mstart = (size_t) pcre2_get_ovector_pointer (m->md)[0];
    return 1;
  }
  if (rc == PCRE2_ERROR_NOMATCH)
    return 0;
  errno = EINVAL;
  return -1;
}

char *
gl_matcher_line (const struct gl_matcher *m)
{
  if (!m->matched)
    return NULL;
  size_t start = m->mstart < m->len ? m->mstart : m->len;
  size_t end = start;
  while (start > 0 && m->win[start - 1] != '\n')
    start--;
  while (end < m->len && m->win[end] != '\n' && m->win[end] != '\r')
    end++;
  CLEANUP_FREE char *raw = strndup (m->win + start, end - start);
  return raw ? gl_one_line (raw) : NULL;
}

/* --- boot failures ------------------------------------------------------ */

/* In the order they are looked for when one chunk holds several: the
 * line that says why comes before the panic it causes.  initramfs-tools
 * says "Gave up waiting for root file system device" and then the ALERT
 * line that names the device: only the ALERT line stops the watch. */
const struct gl_boot_failure gl_boot_failures[] = {
  { "ALERT! +\\S+ does not exist\\. +Dropping to a shell",
    "dropped to the initramfs shell: it cannot find its root device" },
  { "VFS: Cannot open root device|VFS: Unable to mount root|"
    "Failed to mount \\S+ as root file ?system|Failed to mount /sysroot",
    "cannot mount its root filesystem" },
  { "Dropping to a shell!|^\\(initramfs\\) |^dracut:/# ",
    "dropped to the initramfs shell" },
  { "Kernel panic", "had a kernel panic" },
  { "You are in emergency mode|Entering emergency mode|"
    "Give root password for maintenance",
    "reached emergency mode" },
  { NULL, NULL }
};

#define N_FAILURES (sizeof gl_boot_failures / sizeof gl_boot_failures[0] - 1)

struct gl_failure_watch {
  struct gl_matcher *m[N_FAILURES];
  int hit;              /* the row that matched, -1 none */
};

void
gl_failure_watch_free (struct gl_failure_watch *fw)
{
  if (!fw)
    return;
  for (size_t i = 0; i < N_FAILURES; ++i)
    gl_matcher_free (fw->m[i]);
  free (fw);
}

struct gl_failure_watch *
gl_failure_watch_new (struct gl_err *err)
{
  struct gl_failure_watch *fw = calloc (1, sizeof *fw);
  if (!fw) {
    gl_err_set (err, ENOMEM, "out of memory");
    return NULL;
  }
  fw->hit = -1;
  /* The lines are short: a small window each. */
  for (size_t i = 0; i < N_FAILURES; ++i)
    if (!(fw->m[i] = gl_matcher_new_window (gl_boot_failures[i].regex, 4096, err))) {
      gl_failure_watch_free (fw);
      return NULL;
    }
  return fw;
}

int
gl_failure_watch_feed (struct gl_failure_watch *fw, const char *buf, size_t n,
                       const char **what)
{
  for (size_t i = 0; fw->hit == -1 && i < N_FAILURES; ++i)
    if (gl_matcher_feed (fw->m[i], buf, n) == 1)
      fw->hit = (int) i;
  if (fw->hit == -1)
    return 0;
  *what = gl_boot_failures[fw->hit].what;
  return 1;
}

char *
gl_failure_watch_line (const struct gl_failure_watch *fw)
{
  return fw->hit >= 0 ? gl_matcher_line (fw->m[fw->hit]) : NULL;
}

char *
gl_matcher_tail (const struct gl_matcher *m, size_t nlines)
{
  /* Walk back over the window collecting non-empty lines. */
  const char *starts[64];
  size_t lens[64];
  size_t k = 0;
  if (nlines > 64)
    nlines = 64;
  size_t end = m->len;
  while (end > 0 && k < nlines) {
    size_t start = end;
    while (start > 0 && m->win[start - 1] != '\n')
      start--;
    size_t e = end;
    while (e > start && (m->win[e - 1] == '\r' || m->win[e - 1] == '\n'
                         || m->win[e - 1] == ' '))
      e--;
    if (e > start) {
      starts[k] = m->win + start;
      lens[k] = e - start;
      k++;
    }
    end = start > 0 ? start - 1 : 0;
  }
  CLEANUP_BUF struct gl_buf out = GL_BUF_INIT;
  if (gl_buf_puts (&out, "") == -1)
    return NULL;
  while (k-- > 0) {
    CLEANUP_FREE char *raw = strndup (starts[k], lens[k]);
    if (!raw)
      return NULL;
    /* strndup stops at a NUL from the guest: it is only a message. */
    CLEANUP_FREE char *safe = gl_one_line (raw);
    if (!safe || gl_buf_puts (&out, safe) == -1 ||
        (k > 0 && gl_buf_puts (&out, " | ") == -1))
      return NULL;
  }
  return gl_buf_steal (&out);
}

/* --- signals ------------------------------------------------------------ */

volatile pid_t gl_watch_child;
static volatile sig_atomic_t caught;

static void
on_signal (int sig)
{
  caught = sig;
  /* Async-signal-safe: kill(2).  The loop does the orderly stop; this is
   * for a signal that comes while no loop is running. */
  if (gl_watch_child > 0)
    kill (gl_watch_child, SIGKILL);
}

void
gl_watch_signals (void)
{
  struct sigaction sa;
  memset (&sa, 0, sizeof sa);
  sa.sa_handler = on_signal;
  sigemptyset (&sa.sa_mask);
  sa.sa_flags = 0;              /* no SA_RESTART: poll returns EINTR */
  sigaction (SIGINT, &sa, NULL);
  sigaction (SIGTERM, &sa, NULL);
  sigaction (SIGHUP, &sa, NULL);
  signal (SIGPIPE, SIG_IGN);
}

int
gl_watch_interrupted (void)
{
  return caught;
}

/* --- the loop ----------------------------------------------------------- */

/* The last console lines, for failure messages. */
static char *
tail_of (struct gl_matcher *m)
{
  char *t = m ? gl_matcher_tail (m, GL_WATCH_TAIL_LINES) : NULL;
  if (t && !*t) {
    free (t);
    t = strdup ("(no console output)");
  }
  return t;
}

/* "waiting for 'login:' on the console: 42s of 5m00s", when the second
 * changed since the last call (*SHOWN). */
static void
show_wait (struct gl_progress *p, const struct gl_watch_opts *o, long *shown)
{
  if (!p)
    return;
  double t = gl_progress_elapsed (p);
  if ((long) t == *shown)
    return;
  *shown = (long) t;
  char took[24], limit[32] = "";
  gl_format_duration ((double) (long) t, took, sizeof took);
  if (o->timeout_s) {
    char d[24];
    gl_format_duration (o->timeout_s, d, sizeof d);
    snprintf (limit, sizeof limit, " of %s", d);
  }
  /* A long pattern is cut so that the times stay on an 80-column line. */
  const char *pat = o->pattern ? o->pattern : "";
  int w = strlen (pat) > 40 ? 37 : 40;
  CLEANUP_FREE char *line = gl_printf ("waiting for '%.*s%s' on the console: %s%s",
                                       w, pat, strlen (pat) > 40 ? "..." : "",
                                       took, limit);
  gl_progress_show (p, line);
}

int
gl_watch_run (const struct gl_watch_opts *o, struct gl_guest_ctl *g,
              struct gl_err *err)
{
  double deadline = o->timeout_s ? gl_now () + o->timeout_s : 0;
  /* Without --wait-for the tail is still kept, for the messages. */
  struct gl_matcher *own = NULL;
  struct gl_matcher *m = o->matcher;
  if (!m) {
    own = m = gl_matcher_new ("(?!)", err);   /* never matches */
    if (!m) {
      g->stop (g->opaque);
      return 1;
    }
  }
  /* A boot test stops at a line that says the boot failed. */
  struct gl_failure_watch *fw = NULL;
  const char *failure = NULL;
  if (o->matcher && !o->no_failures) {
    fw = gl_failure_watch_new (err);
    if (!fw) {
      g->stop (g->opaque);
      gl_matcher_free (own);
      return 1;
    }
  }
  enum { RUNNING, MATCHED, GONE, TIMEOUT, SIGNALLED, FAILED,
         REGEX_FAILED, BOOT_FAILED } state = RUNNING;
  char buf[16384];
  int status = 1;
  int fail_errno = 0;
  /* Only with a matcher: without one the console is echoed to stdout,
   * which may be the same terminal. */
  struct gl_progress *wait = o->matcher && o->progress
    ? gl_progress_new ("", true) : NULL;
  long shown = -1;

  while (state == RUNNING) {
    show_wait (wait, o, &shown);
    if (caught) {
      state = SIGNALLED;
      break;
    }
    double left = deadline ? deadline - gl_now () : 1e9;
    if (deadline && left <= 0) {
      state = TIMEOUT;
      break;
    }
    int wait_ms = left > 0.2 ? 200 : (int) (left * 1000) + 1;
    ssize_t r = 0;
    if (!g->fd_is_file) {
      struct pollfd pfd = { .fd = g->fd, .events = POLLIN };
      int p = poll (&pfd, 1, wait_ms);
      if (p < 0) {
        if (errno == EINTR)
          continue;
        fail_errno = errno;
        state = FAILED;
        break;
      }
      if (p == 0)
        continue;
    }
    r = read (g->fd, buf, sizeof buf);
    if (r < 0) {
      if (errno == EINTR || errno == EAGAIN)
        continue;
      fail_errno = errno;
      state = FAILED;
      break;
    }
    if (r == 0) {
      if (!g->fd_is_file) {
        state = GONE;
        break;
      }
      /* A log file: no more yet.  Is the guest still there? */
      if (!g->alive (g->opaque)) {
        /* Read what it wrote last, then stop. */
        while ((r = read (g->fd, buf, sizeof buf)) > 0) {
          if (o->serial_log)
            fwrite (buf, 1, r, o->serial_log);
          if (o->echo)
            fwrite (buf, 1, r, stdout);
          if (gl_matcher_feed (m, buf, r) == 1 && o->matcher) {
            state = MATCHED;
            break;
          }
          if (fw && gl_failure_watch_feed (fw, buf, r, &failure) == 1) {
            state = BOOT_FAILED;
            break;
          }
        }
        if (state == RUNNING)
          state = GONE;
        break;
      }
      struct timespec ts = { 0, 100 * 1000 * 1000 };
      nanosleep (&ts, NULL);
      continue;
    }
    if (o->serial_log)
      fwrite (buf, 1, r, o->serial_log);
    if (o->echo) {
      fwrite (buf, 1, r, stdout);
      fflush (stdout);
    }
    int f = gl_matcher_feed (m, buf, r);
    if (f == 1 && o->matcher)
      state = MATCHED;
    else if (f == -1)
      state = REGEX_FAILED;
    else if (fw && gl_failure_watch_feed (fw, buf, r, &failure) == 1)
      state = BOOT_FAILED;
  }

  gl_progress_free (wait);
  g->stop (g->opaque);
  if (o->serial_log)
    fflush (o->serial_log);
  if (o->echo)
    fflush (stdout);

  CLEANUP_FREE char *note = g->exit_note ? g->exit_note (g->opaque) : NULL;
  CLEANUP_FREE char *tail = tail_of (m);
  switch (state) {
  case MATCHED:
    status = 0;
    break;
  case GONE:
    if (!o->matcher && !note) {
      status = 0;
      break;
    }
    if (o->matcher)
      gl_err_set (err, 0, "the guest stopped before \"%s\" appeared "
                "on its console%s%s; last console lines: %s", o->pattern,
                note ? ": " : "", note ? note : "", tail ? tail : "?");
    else
      gl_err_set (err, 0, "%s; last console lines: %s", note,
                tail ? tail : "?");
    status = 1;
    break;
  case TIMEOUT:
    if (o->matcher)
      gl_err_set (err, 0, "\"%s\" did not appear on the console "
                "within %u s (guest stopped); last console lines: %s",
                o->pattern, o->timeout_s, tail ? tail : "?");
    else
      gl_err_set (err, 0, "the guest was still running after %u s "
                "(--timeout): stopped it", o->timeout_s);
    status = 1;
    break;
  case SIGNALLED:
    gl_err_set (err, 0, "interrupted by signal %d: guest stopped",
              (int) caught);
    status = 130;
    break;
  case BOOT_FAILED: {
    CLEANUP_FREE char *line = gl_failure_watch_line (fw);
    gl_err_set (err, 0, "the boot failed: the guest %s (\"%s\" on its "
              "console, before \"%s\"); guest stopped; last console lines: %s",
              failure, line ? line : "?", o->pattern, tail ? tail : "?");
    status = 1;
    break;
  }
  case REGEX_FAILED:
    gl_err_set (err, 0, "--wait-for: the regular expression failed "
              "on the console output (a pcre2 limit): guest stopped");
    status = 1;
    break;
  case FAILED:
  case RUNNING:
    gl_err_set (err, fail_errno, "reading the guest console failed: %s",
                strerror (fail_errno));
    status = 1;
    break;
  }
  gl_matcher_free (own);
  gl_failure_watch_free (fw);
  return status;
}
