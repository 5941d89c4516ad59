/* guestlift tests: the in-memory guest I/O (see fake-guest-io.h). */
#include <config.h>

#include <errno.h>
#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cleanup.h"
#include "fake-guest-io.h"
#include "guest-io-ops.h"

struct fake_io {
  struct gl_guest_io io;        /* first: the generic handle */
  const struct fake_entry *entries;
  size_t n;
  int failing;
  struct fake_calls calls;
  struct gl_guest_io_ops ops;   /* its own copy: the read strategy varies */
};

static struct fake_io *
fake (struct gl_guest_io *io)
{
  return (struct fake_io *) io;
}

static int
failure (struct gl_err *err)
{
  return gl_err_set (err, EIO, "fake failure");
}

static const struct fake_entry *
lookup (struct fake_io *f, const char *path)
{
  for (size_t i = 0; i < f->n; ++i)
    if (strcmp (f->entries[i].path, path) == 0)
      return &f->entries[i];
  return NULL;
}

/* PATH with symlinks followed (a few hops), or NULL. */
static const struct fake_entry *
follow (struct fake_io *f, const char *path)
{
  const struct fake_entry *e = lookup (f, path);
  for (int hops = 0; e && e->kind == FAKE_SYMLINK && hops < 8; ++hops)
    e = lookup (f, e->data);
  return e && e->kind != FAKE_SYMLINK ? e : NULL;
}

static size_t
file_len (const struct fake_entry *e)
{
  return e->len ? e->len : strlen (e->data);
}

static int
f_launch (struct gl_guest_io *io, struct gl_err *err)
{
  (void) io; (void) err;
  return 0;
}

static void
f_close (struct gl_guest_io *io)
{
  free (fake (io));
}

static int
f_mount (struct gl_guest_io *io, const char *mountable, const char *mountpoint,
         bool readonly, struct gl_err *err)
{
  if (!readonly)
    return gl_err_set (err, EROFS, "read-only");
  if (strncmp (mountable, "/dev/bad", 8) == 0)
    return failure (err);
  char *log = fake (io)->calls.mounted;
  size_t used = strlen (log);
  snprintf (log + used, sizeof fake (io)->calls.mounted - used, "%s@%s;",
            mountable, mountpoint);
  return 0;
}

static int
f_umount_all (struct gl_guest_io *io, struct gl_err *err)
{
  (void) io; (void) err;
  return 0;
}

static int
f_probe (struct gl_guest_io *io, const char *path, enum gl_probe what)
{
  struct fake_io *f = fake (io);
  f->calls.probes++;
  if (f->failing)
    return -1;
  const struct fake_entry *e = what == GL_PROBE_SYMLINK ? lookup (f, path) : follow (f, path);
  switch (what) {
  case GL_PROBE_FILE: return e && e->kind == FAKE_FILE;
  case GL_PROBE_DIR: return e && e->kind == FAKE_DIR;
  case GL_PROBE_SYMLINK: return e && e->kind == FAKE_SYMLINK;
  default: return e != NULL;
  }
}

static int
f_filesize (struct gl_guest_io *io, const char *path, uint64_t *size, struct gl_err *err)
{
  struct fake_io *f = fake (io);
  const struct fake_entry *e = f->failing ? NULL : follow (f, path);
  if (!e || e->kind != FAKE_FILE)
    return f->failing ? failure (err) : gl_err_set (err, ENOENT, "%s: no such file", path);
  *size = file_len (e);
  return 0;
}

static int
f_pread (struct gl_guest_io *io, const char *path, void *buf, size_t count,
         uint64_t offset, size_t *got, struct gl_err *err)
{
  struct fake_io *f = fake (io);
  f->calls.preads++;
  if (offset + count > f->calls.read_end)
    f->calls.read_end = offset + count;
  const struct fake_entry *e = f->failing ? NULL : follow (f, path);
  if (!e || e->kind != FAKE_FILE || count > f->ops.pread_max)
    return failure (err);
  size_t len = file_len (e);
  size_t n = offset >= len ? 0 : len - (size_t) offset < count ? len - (size_t) offset : count;
  memcpy (buf, e->data + offset, n);
  *got = n;
  return 0;
}

/* DIR/NAME: the NAME, when PATH is directly in DIR. */
static const char *
name_in (const char *path, const char *dir)
{
  size_t n = strcmp (dir, "/") == 0 ? 0 : strlen (dir);
  if (strncmp (path, dir, n) != 0 || path[n] != '/' || !path[n + 1] ||
      strchr (path + n + 1, '/'))
    return NULL;
  return path + n + 1;
}

/* PATTERN with its one {a,b,...} group expanded: does NAME match one? */
static bool
matches (const char *pattern, const char *name)
{
  const char *open = strchr (pattern, '{'), *close = open ? strchr (open, '}') : NULL;
  if (!close)
    return fnmatch (pattern, name, FNM_PERIOD) == 0;
  for (const char *alt = open + 1; alt <= close; ) {
    size_t len = strcspn (alt, ",}");
    CLEANUP_FREE char *one = NULL;
    if (asprintf (&one, "%.*s%.*s%s", (int) (open - pattern), pattern,
                  (int) len, alt, close + 1) == -1)
      return false;
    if (fnmatch (one, name, FNM_PERIOD) == 0)
      return true;
    alt += len + 1;
  }
  return false;
}

static int
cmp_names (const void *a, const void *b)
{
  return strcmp (*(char *const *) a, *(char *const *) b);
}

static char **
f_glob (struct gl_guest_io *io, const char *dir, const char *pattern, struct gl_err *err)
{
  struct fake_io *f = fake (io);
  f->calls.globs++;
  if (f->failing) {
    failure (err);
    return NULL;
  }
  char **names = calloc (f->n + 1, sizeof *names);
  size_t k = 0;
  for (size_t i = 0; names && i < f->n; ++i) {
    const char *name = name_in (f->entries[i].path, dir);
    if (name && matches (pattern, name))
      names[k++] = strdup (name);
  }
  if (names)
    qsort (names, k, sizeof *names, cmp_names);
  return names;
}

static char *
f_readlink (struct gl_guest_io *io, const char *path, struct gl_err *err)
{
  const struct fake_entry *e = lookup (fake (io), path);
  if (!e || e->kind != FAKE_SYMLINK) {
    failure (err);
    return NULL;
  }
  return strdup (e->data);
}

static const struct gl_guest_io_ops fake_ops = {
  .name = "fake",
  .launch = f_launch,
  .close = f_close,
  .mount = f_mount,
  .umount_all = f_umount_all,
  .probe = f_probe,
  .filesize = f_filesize,
  .pread = f_pread,
  .glob = f_glob,
  .readlink = f_readlink,
  /* No download (the generic layer copies with pread), no devices, no
   * LVM, no writes. */
};

struct gl_guest_io *
fake_guest_io_open (const struct fake_entry *entries, size_t n, size_t pread_max,
                    uint64_t download_above)
{
  struct fake_io *f = calloc (1, sizeof *f);
  if (!f)
    return NULL;
  f->entries = entries;
  f->n = n;
  f->ops = fake_ops;
  f->ops.pread_max = pread_max;
  f->ops.download_above = download_above;
  f->io.ops = &f->ops;
  return &f->io;
}

void
fake_guest_io_fail (struct gl_guest_io *io)
{
  fake (io)->failing = 1;
}

struct fake_calls *
fake_guest_io_calls (struct gl_guest_io *io)
{
  return &fake (io)->calls;
}
