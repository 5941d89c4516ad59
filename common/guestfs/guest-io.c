/* guestlift: bounded guest file access (see guest-io.h). */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <fcntl.h>
#include <unistd.h>
#include <sys/stat.h>

#include <guestfs.h>

#include "bounds.h"
#include "cleanup.h"
#include "error.h"
#include "guest-io.h"
#include "read-file.h"
#include "run-files.h"
#include "guest-memo.h"

/* libguestfs's own message size limit is 4 MiB; bigger files go through
 * download. */
#define READ_FILE_LIMIT (2 * 1024 * 1024)

const char *
gl_guestfs_error_or (guestfs_h *g, const char *dflt)
{
  const char *e = guestfs_last_error (g);
  return e ? e : dflt;
}

/* One probe: remembered answers first (guest-memo.h), then the appliance. */
static bool
probe (guestfs_h *g, const char *path, enum gl_probe what)
{
  int known = gl_guest_memo_lookup (g, path, what);
  if (known >= 0)
    return known;
  int r;
  switch (what) {
  case GL_PROBE_FILE:
    r = guestfs_is_file_opts (g, path, GUESTFS_IS_FILE_OPTS_FOLLOWSYMLINKS, 1, -1);
    break;
  case GL_PROBE_DIR:
    r = guestfs_is_dir_opts (g, path, GUESTFS_IS_DIR_OPTS_FOLLOWSYMLINKS, 1, -1);
    break;
  case GL_PROBE_SYMLINK:
    r = guestfs_is_symlink (g, path);
    break;
  default:
    r = guestfs_exists (g, path);
    break;
  }
  /* An error (not "no") is not remembered: it may not happen again. */
  if (r >= 0)
    gl_guest_memo_store (g, path, what, r > 0);
  return r > 0;
}

bool
gl_guest_is_file (guestfs_h *g, const char *path)
{
  return probe (g, path, GL_PROBE_FILE);
}

bool
gl_guest_is_dir (guestfs_h *g, const char *path)
{
  return probe (g, path, GL_PROBE_DIR);
}

bool
gl_guest_exists (guestfs_h *g, const char *path)
{
  return probe (g, path, GL_PROBE_EXISTS);
}

int
gl_guest_mount_ro (guestfs_h *g, const char *device, const char *mountpoint)
{
  gl_guest_memo_forget (g, mountpoint);
  return guestfs_mount_ro (g, device, mountpoint);
}

void
gl_guest_umount_all (guestfs_h *g)
{
  gl_guest_memo_forget (g, "/");
  guestfs_umount_all (g);
}

static char *
read_host_file (const char *path, size_t max, size_t *len)
{
  size_t n;
  char *buf = gl_read_file (path, max, GL_READ_REGULAR, &n, NULL);
  if (buf && len)
    *len = n;
  return buf;
}

/* Small files come through pread (one daemon round trip); read_file and
 * cat go through a download, which costs a quarter second each under TCG. */
#define PREAD_CHUNK (1024 * 1024)

/* The size of a file found larger than the bound (at least `over`). */
static uint64_t
size_over (guestfs_h *g, const char *path, uint64_t over)
{
  int64_t size = guestfs_filesize (g, path);
  return size > 0 && (uint64_t) size >= over ? (uint64_t) size : over;
}

char *
gl_guest_read_sized (guestfs_h *g, const char *path, size_t max, size_t *len,
                     uint64_t *too_large)
{
  *too_large = 0;
  /* Regular files only: a device node or FIFO in a hostile guest must not
   * be read. */
  if (!gl_guest_is_file (g, path))
    return NULL;
  if (max > READ_FILE_LIMIT) {
    int64_t size = guestfs_filesize (g, path);
    if (size < 0)
      return NULL;
    if ((uint64_t) size > max) {
      *too_large = (uint64_t) size;
      return NULL;
    }
    if (size > READ_FILE_LIMIT) {
      CLEANUP_FREE char *err = NULL, *host = NULL;
      CLEANUP_FREE char *tmpl = gl_run_tmpdir ();
      if (!tmpl)
        return NULL;
      host = gl_guest_download (g, path, max, tmpl, &err);
      char *buf = host ? read_host_file (host, max, len) : NULL;
      gl_run_tmpdir_remove (tmpl);
      return buf;
    }
  }
  char *buf = NULL;
  size_t total = 0;
  for (;;) {
    /* Never more than one byte past the bound: a 2 GiB file costs what
     * its first max + 1 bytes cost. */
    size_t want = max - total + 1 < PREAD_CHUNK ? max - total + 1 : PREAD_CHUNK;
    size_t n = 0;
    CLEANUP_FREE char *chunk = guestfs_pread (g, path, (int) want, (int64_t) total, &n);
    if (!chunk || n > want) {
      free (buf);
      return NULL;
    }
    if (total + n > max) {
      free (buf);
      *too_large = size_over (g, path, (uint64_t) total + n);
      return NULL;
    }
    char *nb = realloc (buf, total + n + 1);
    if (!nb) {
      free (buf);
      return NULL;
    }
    buf = nb;
    memcpy (buf + total, chunk, n);
    total += n;
    buf[total] = '\0';
    if (n < want)
      break;
  }
  if (len)
    *len = total;
  return buf;
}

char *
gl_guest_read (guestfs_h *g, const char *path, size_t max, size_t *len)
{
  uint64_t too_large;
  return gl_guest_read_sized (g, path, max, len, &too_large);
}

char *
gl_guest_download (guestfs_h *g, const char *path, size_t max,
                   const char *tmpdir, char **err)
{
  int64_t size = guestfs_filesize (g, path);
  if (size < 0) {
    *err = gl_printf ("%s: %s", path, gl_guestfs_error_or (g, "cannot read"));
    return NULL;
  }
  if ((uint64_t) size > max) {
    *err = gl_too_large (path, (uint64_t) size, max);
    return NULL;
  }
  /* Appliances run on several threads (audit -j): a shared counter. */
  static unsigned counter;
  char *host = gl_printf ("%s/dl-%u", tmpdir, __atomic_fetch_add (&counter, 1, __ATOMIC_RELAXED));
  if (!host) {
    *err = strdup ("out of memory");
    return NULL;
  }
  if (guestfs_download (g, path, host) == -1) {
    *err = gl_printf ("%s: %s", path, gl_guestfs_error_or (g, "cannot copy it out"));
    unlink (host);
    free (host);
    return NULL;
  }
  return host;
}

char *
gl_glob_escape (const char *dir)
{
  size_t n = 0;
  for (const char *p = dir; *p; ++p)
    n += strchr ("*?[]{}\\", *p) ? 2 : 1;
  char *out = malloc (n + 1), *o = out;
  if (!out)
    return NULL;
  for (const char *p = dir; *p; ++p) {
    if (strchr ("*?[]{}\\", *p))
      *o++ = '\\';
    *o++ = *p;
  }
  *o = '\0';
  return out;
}

static int
cmp_names (const void *a, const void *b)
{
  return strcmp (*(char *const *) a, *(char *const *) b);
}

char **
gl_guest_glob (guestfs_h *g, const char *dir, const char *pattern)
{
  CLEANUP_FREE char *edir = gl_glob_escape (dir);
  bool root = strcmp (dir, "/") == 0;
  CLEANUP_FREE char *full = edir ? gl_printf ("%s/%s", root ? "" : edir, pattern) : NULL;
  if (!full)
    return NULL;
  /* No trailing "/" on directories: glob would stat every match. */
  char **paths = guestfs_glob_expand_opts (g, full,
                                           GUESTFS_GLOB_EXPAND_OPTS_DIRECTORYSLASH, 0,
                                           -1);
  if (!paths)
    return NULL;
  /* "DIR/NAME" -> "NAME", in place. */
  size_t skip = root ? 1 : strlen (dir) + 1, n = 0;
  for (size_t i = 0; paths[i]; ++i) {
    if (strlen (paths[i]) <= skip) {    /* cannot happen: not a name in DIR */
      free (paths[i]);
      continue;
    }
    memmove (paths[i], paths[i] + skip, strlen (paths[i] + skip) + 1);
    paths[n++] = paths[i];
  }
  paths[n] = NULL;
  qsort (paths, n, sizeof *paths, cmp_names);
  return paths;
}

char **
gl_guest_list_all (guestfs_h *g, const char *dir)
{
  /* Every name but "." and "..": plain names, ".x...", "..x...". */
  return gl_guest_glob (g, dir, "{*,.[!.]*,..?*}");
}

char **
gl_guest_ls (guestfs_h *g, const char *dir, size_t max_entries)
{
  if (!gl_guest_is_dir (g, dir))
    return NULL;
  char **names = gl_guest_list_all (g, dir);
  if (!names)
    return NULL;
  size_t n = 0;
  while (names[n])
    n++;
  if (n <= max_entries)
    gl_guest_memo_store_listing (g, dir, names);   /* complete: worth keeping */
  if (n > max_entries) {
    for (size_t i = max_entries; i < n; ++i)
      free (names[i]);
    names[max_entries] = NULL;
  }
  return names;
}

char *
gl_guest_readlink (guestfs_h *g, const char *path)
{
  if (!probe (g, path, GL_PROBE_SYMLINK))
    return NULL;
  return guestfs_readlink (g, path);
}
