/* guestlift: Windows registry facts with hivex, in a contained child
 * process (contained.h; see winreg.h). */
#include <config.h>

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include <hivex.h>

#include "cleanup.h"
#include "contained.h"
#include "winreg.h"

/* What the child sends: records of a tag byte, a 32-bit length (host
 * order: the child is our fork) and that many bytes. */
enum tag {
  TAG_PRODUCT = 'p', TAG_VARIANT = 'v', TAG_CURRENT_VERSION = 'c',
  TAG_MAJOR = 'M', TAG_MINOR = 'm', TAG_HOSTNAME = 'h', TAG_DRIVE = 'd',
  TAG_ERROR = 'e',
};
/* All records of one run fit in this (26 drives and a few strings). */
#define REPLY_MAX (64 * 1024)

/* --- the child ------------------------------------------------------- */

static void
put (int fd, char tag, const void *data, size_t len)
{
  unsigned char hdr[5];
  uint32_t n = (uint32_t) len;
  hdr[0] = (unsigned char) tag;
  memcpy (hdr + 1, &n, 4);
  struct { const void *p; size_t n; } parts[2] = { { hdr, 5 }, { data, len } };
  for (int i = 0; i < 2; ++i)
    for (size_t off = 0; off < parts[i].n; ) {
      ssize_t w = write (fd, (const char *) parts[i].p + off, parts[i].n - off);
      if (w < 0 && errno == EINTR)
        continue;
      if (w <= 0)
        _exit (2);
      off += (size_t) w;
    }
}

/* The node at PATH (names separated by '\\') below the root, or 0. */
static hive_node_h
node_at (hive_h *h, const char *path)
{
  hive_node_h node = hivex_root (h);
  char buf[256];
  for (const char *p = path; node && *p; ) {
    size_t n = strcspn (p, "\\");
    if (n >= sizeof buf)
      return 0;
    memcpy (buf, p, n);
    buf[n] = '\0';
    node = hivex_node_get_child (h, node, buf);
    p += n + (p[n] == '\\');
  }
  return node;
}

static void
put_string (int fd, hive_h *h, hive_node_h node, const char *key, char tag)
{
  hive_value_h v = node ? hivex_node_get_value (h, node, key) : 0;
  if (!v)
    return;
  CLEANUP_FREE char *s = hivex_value_string (h, v);
  if (s && strlen (s) <= GL_WINREG_STRING_MAX)
    put (fd, tag, s, strlen (s));
}

static void
put_dword (int fd, hive_h *h, hive_node_h node, const char *key, char tag)
{
  hive_value_h v = node ? hivex_node_get_value (h, node, key) : 0;
  if (!v)
    return;
  errno = 0;
  int32_t d = hivex_value_dword (h, v);
  if (d == -1 && errno)
    return;
  put (fd, tag, &d, sizeof d);
}

/* The hive at PATH, or NULL after an error record naming it (WHAT). */
static hive_h *
open_hive (int fd, const char *path, const char *what)
{
  hive_h *h = hivex_open (path, 0);
  if (!h) {
    char msg[256];
    snprintf (msg, sizeof msg, "%s hive: hivex cannot open it: %s", what, strerror (errno));
    put (fd, TAG_ERROR, msg, strlen (msg));
  }
  return h;
}

static void
read_software (int fd, const char *path)
{
  hive_h *h = open_hive (fd, path, "SOFTWARE");
  if (!h)
    return;
  hive_node_h cv = node_at (h, "Microsoft\\Windows NT\\CurrentVersion");
  put_string (fd, h, cv, "ProductName", TAG_PRODUCT);
  put_string (fd, h, cv, "InstallationType", TAG_VARIANT);
  put_string (fd, h, cv, "CurrentVersion", TAG_CURRENT_VERSION);
  put_dword (fd, h, cv, "CurrentMajorVersionNumber", TAG_MAJOR);
  put_dword (fd, h, cv, "CurrentMinorVersionNumber", TAG_MINOR);
  hivex_close (h);
}

/* "\DosDevices\C:" values of SYSTEM\MountedDevices that are binary. */
static void
put_drives (int fd, hive_h *h)
{
  hive_node_h md = node_at (h, "MountedDevices");
  CLEANUP_FREE hive_value_h *values = md ? hivex_node_values (h, md) : NULL;
  static const char prefix[] = "\\DosDevices\\";
  size_t pl = sizeof prefix - 1, sent = 0;
  for (size_t i = 0; values && values[i] && sent < 26; ++i) {
    CLEANUP_FREE char *key = hivex_value_key (h, values[i]);
    if (!key || strlen (key) != pl + 2 || strncasecmp (key, prefix, pl) != 0 ||
        !((key[pl] >= 'A' && key[pl] <= 'Z') || (key[pl] >= 'a' && key[pl] <= 'z')) ||
        key[pl + 1] != ':')
      continue;
    hive_type t;
    size_t len;
    if (hivex_value_type (h, values[i], &t, &len) == -1 || t != hive_t_REG_BINARY ||
        len > GL_WINREG_BLOB_MAX)
      continue;
    CLEANUP_FREE char *data = hivex_value_value (h, values[i], &t, &len);
    if (!data || len > GL_WINREG_BLOB_MAX)
      continue;
    unsigned char rec[1 + GL_WINREG_BLOB_MAX];
    rec[0] = (unsigned char) key[pl];
    memcpy (rec + 1, data, len);
    put (fd, TAG_DRIVE, rec, len + 1);
    sent++;
  }
}

static void
read_system (int fd, const char *path)
{
  hive_h *h = open_hive (fd, path, "SYSTEM");
  if (!h)
    return;
  put_drives (fd, h);
  hive_node_h sel = node_at (h, "Select");
  hive_value_h cur = sel ? hivex_node_get_value (h, sel, "Current") : 0;
  errno = 0;
  int32_t n = cur ? hivex_value_dword (h, cur) : -1;
  if (cur && !(n == -1 && errno) && n >= 0 && n <= 999) {
    char cs[80];
    snprintf (cs, sizeof cs, "ControlSet%03d\\Services\\Tcpip\\Parameters", (int) n);
    put_string (fd, h, node_at (h, cs), "Hostname", TAG_HOSTNAME);
  }
  hivex_close (h);
}

/* The contained child's work (contained.h sets its limits). */
struct hives {
  const char *software, *system;
};

static int
read_hives (void *arg, int fd)
{
  const struct hives *h = arg;
  if (h->software)
    read_software (fd, h->software);
  if (h->system)
    read_system (fd, h->system);
  return 0;
}

/* --- the parent ------------------------------------------------------ */

static char *
dup_record (const unsigned char *p, size_t n)
{
  if (memchr (p, '\0', n))
    return NULL;
  return strndup ((const char *) p, n);
}

/* "6.1" -> 6, 1 (libguestfs takes major.minor of CurrentVersion). */
static bool
parse_version (const char *s, int *major, int *minor)
{
  char *end;
  errno = 0;
  long a = strtol (s, &end, 10);
  if (errno || end == s || *end != '.' || a < 0 || a > 1000)
    return false;
  const char *m = end + 1;
  long b = strtol (m, &end, 10);
  if (errno || end == m || b < 0 || b > 1000)
    return false;
  *major = (int) a;
  *minor = (int) b;
  return true;
}

/* Take the child's records into F.  0, or -1 with err when the child
 * reported an error (what it read before is kept). */
static int
take (struct gl_winreg_facts *f, const unsigned char *buf, size_t len,
      struct gl_err *err)
{
  bool have_major = false, have_minor = false;
  int major = 0, minor = 0;
  CLEANUP_FREE char *current = NULL, *error = NULL;
  for (size_t off = 0; len - off >= 5; ) {
    char tag = (char) buf[off];
    uint32_t n;
    memcpy (&n, buf + off + 1, 4);
    if (n > len - off - 5)
      break;
    const unsigned char *p = buf + off + 5;
    off += 5 + n;
    char **str = NULL;
    switch (tag) {
    case TAG_PRODUCT: str = &f->product_name; break;
    case TAG_VARIANT: str = &f->variant; break;
    case TAG_HOSTNAME: str = &f->hostname; break;
    case TAG_CURRENT_VERSION: str = &current; break;
    case TAG_ERROR: str = &error; break;
    case TAG_MAJOR: case TAG_MINOR:
      if (n == 4) {
        int32_t d;
        memcpy (&d, p, 4);
        if (tag == TAG_MAJOR) { major = d; have_major = true; }
        else { minor = d; have_minor = true; }
      }
      break;
    case TAG_DRIVE:
      if (n >= 1 && n - 1 <= GL_WINREG_BLOB_MAX && f->ndrives < 26) {
        struct gl_winreg_drive *d = &f->drives[f->ndrives++];
        d->letter = (char) p[0];
        d->len = n - 1;
        memcpy (d->blob, p + 1, n - 1);
      }
      break;
    }
    if (str && !*str)
      *str = dup_record (p, n);
  }
  if (have_major && have_minor) {
    f->have_version = true;
    f->major = major;
    f->minor = minor;
  }
  else if (current)
    f->have_version = parse_version (current, &f->major, &f->minor);
  return error ? gl_err_set (err, 0, "%s", error) : 0;
}

int
gl_winreg_read (const char *software, const char *system,
                struct gl_winreg_facts *f, struct gl_err *err)
{
  *f = (struct gl_winreg_facts) { 0 };
  struct hives h = { software, system };
  const struct gl_contained_limits lim = {
    .seconds = GL_WINREG_SECONDS, .cpu_seconds = GL_WINREG_SECONDS,
    .mem_margin = GL_WINREG_DATA_MAX, .file_max = 0, .max_reply = REPLY_MAX,
  };
  CLEANUP_FREE char *buf = NULL;
  size_t len;
  CLEANUP_ERR struct gl_err cerr = GL_ERR_INIT;
  if (gl_contained_run (read_hives, &h, &lim, &buf, &len, NULL, &cerr) == -1)
    return gl_err_set (err, cerr.errnum, "the registry reader: %s",
                       gl_err_msg (&cerr, "failed"));
  return take (f, (const unsigned char *) buf, len, err);
}

void
gl_winreg_facts_free (struct gl_winreg_facts *f)
{
  free (f->product_name);
  free (f->variant);
  free (f->hostname);
  *f = (struct gl_winreg_facts) { 0 };
}
