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

#include "cleanup.h"
#include "error.h"
#include "guest-io.h"
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
  CLEANUP_FCLOSE FILE *fp = fopen (path, "rb");
  if (!fp)
    return NULL;
  struct stat st;
  if (fstat (fileno (fp), &st) == -1 || (size_t) st.st_size > max)
    return NULL;
  char *buf = malloc ((size_t) st.st_size + 1);
  if (!buf)
    return NULL;
  size_t n = fread (buf, 1, (size_t) st.st_size, fp);
  buf[n] = '\0';
  if (len)
    *len = n;
  return buf;
}

/* Small files come through pread (one daemon round trip); read_file and
 * cat go through a download, which costs a quarter second each under TCG. */
#define PREAD_CHUNK (1024 * 1024)

char *
gl_guest_read (guestfs_h *g, const char *path, size_t max, size_t *len)
{
  /* Regular files only: a device node or FIFO in a hostile guest must not
   * be read. */
  if (!gl_guest_is_file (g, path))
    return NULL;
  if (max > READ_FILE_LIMIT) {
    int64_t size = guestfs_filesize (g, path);
    if (size < 0 || (uint64_t) size > max)
      return NULL;
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
    size_t n = 0;
    CLEANUP_FREE char *chunk = guestfs_pread (g, path, PREAD_CHUNK, (int64_t) total, &n);
    if (!chunk) {
      free (buf);
      return NULL;
    }
    if (total + n > max) {
      free (buf);
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
    if (n < PREAD_CHUNK)
      break;
  }
  if (len)
    *len = total;
  return buf;
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
    *err = gl_printf ("%s: larger than %zu MiB", path, max >> 20);
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

char **
gl_guest_ls (guestfs_h *g, const char *dir, size_t max_entries)
{
  if (!gl_guest_is_dir (g, dir))
    return NULL;
  char **names = guestfs_ls (g, dir);
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
