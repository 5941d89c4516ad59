/* guestlift: an image opened for the host-side reader (see blocksrc.h).
 *
 * Raw: pread on our own read-only descriptor.  Everything else: a
 * private qemu-nbd, started by libnbd with systemd socket activation (a
 * Unix socket in a temporary folder of libnbd's, no TCP port, no kernel
 * nbd device), read-only (-r), the probed format given with -f.  The
 * image is named to qemu-nbd by a json: specification built with json-c
 * (so a path holding ',' ':' or quotes is only ever a file name, never
 * a protocol or an option), with "backing": null unless backing files
 * are allowed: qemu then opens no backing file even if the header names
 * one, whatever the caller's probe said.
 */
#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <json-c/json.h>
#include <libnbd.h>

#include "blocksrc.h"
#include "cleanup.h"
#include "error.h"
#include "spawn.h"

struct gl_blocksrc {
  struct gl_range range;
  int fd;                       /* raw: ours; else -1 */
  struct nbd_handle *nbd;       /* qemu formats; else NULL */
};

/* The longest a format name may be ("qcow2", "vmdk", "vhdx"...). */
#define FORMAT_MAX 16

/* Format names are qemu driver names: lower-case letters, digits and
 * '_' only, so that none can be read by qemu-nbd as an option. */
static bool
format_ok (const char *format)
{
  size_t n = strlen (format);
  if (n == 0 || n > FORMAT_MAX)
    return false;
  for (size_t i = 0; i < n; i++)
    if (!((format[i] >= 'a' && format[i] <= 'z') ||
          (format[i] >= '0' && format[i] <= '9') || format[i] == '_'))
      return false;
  return true;
}

static int
raw_pread (void *opaque, void *buf, size_t count, uint64_t offset,
           struct gl_err *err)
{
  struct gl_blocksrc *b = opaque;
  char *p = buf;

  while (count > 0) {
    ssize_t r = pread (b->fd, p, count, (off_t) offset);
    if (r == -1) {
      if (errno == EINTR)
        continue;
      return gl_err_errno (err, "read at byte %llu", (unsigned long long) offset);
    }
    if (r == 0)   /* the file shrank under us */
      return gl_err_set (err, EIO, "read at byte %llu: unexpected end of file",
                         (unsigned long long) offset);
    p += r;
    count -= (size_t) r;
    offset += (uint64_t) r;
  }
  return 0;
}

/* NBD requests are at most 32 MiB (qemu-nbd's limit); larger reads are
 * split. */
#define NBD_CHUNK (32u << 20)

static int
nbd_range_pread (void *opaque, void *buf, size_t count, uint64_t offset,
                 struct gl_err *err)
{
  struct gl_blocksrc *b = opaque;
  char *p = buf;

  while (count > 0) {
    size_t n = count < NBD_CHUNK ? count : NBD_CHUNK;
    if (nbd_pread (b->nbd, p, n, offset, 0) == -1)
      return gl_err_set (err, nbd_get_errno () ? nbd_get_errno () : EIO,
                         "NBD read at byte %llu: %s",
                         (unsigned long long) offset, nbd_get_error ());
    p += n;
    count -= n;
    offset += n;
  }
  return 0;
}

static int
open_raw (struct gl_blocksrc *b, const char *path, struct gl_err *err)
{
  struct stat st;

  /* O_NONBLOCK: a FIFO named as an image must not hang the open (it is
   * refused below); cleared for the reads. */
  b->fd = open (path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
  if (b->fd == -1)
    return gl_err_errno (err, "%s: open", path);
  if (fcntl (b->fd, F_SETFL, O_RDONLY) == -1)
    return gl_err_errno (err, "%s: fcntl", path);
  if (fstat (b->fd, &st) == -1)
    return gl_err_errno (err, "%s: stat", path);
  if (S_ISREG (st.st_mode))
    b->range.size = (uint64_t) st.st_size;
  else if (S_ISBLK (st.st_mode)) {
    off_t end = lseek (b->fd, 0, SEEK_END);
    if (end == -1)
      return gl_err_errno (err, "%s: size", path);
    b->range.size = (uint64_t) end;
  }
  else
    return gl_err_set (err, EINVAL, "%s: neither a file nor a block device", path);
  b->range.pread = raw_pread;
  b->range.fd = b->fd;
  b->range.fd_offset = 0;
  return 0;
}

/* The json: specification naming PATH as a FORMAT image read from a
 * host file.  malloc'd, NULL on ENOMEM. */
static char *
json_spec (const char *path, const char *format, bool allow_backing)
{
  json_object *top = json_object_new_object ();
  json_object *file = json_object_new_object ();
  char *ret = NULL;

  if (!top || !file)
    goto out;
  if (json_object_object_add (file, "driver", json_object_new_string ("file")) ||
      json_object_object_add (file, "filename", json_object_new_string (path)))
    goto out;
  if (json_object_object_add (top, "driver", json_object_new_string (format)))
    goto out;
  if (json_object_object_add (top, "file", file))
    goto out;
  file = NULL;            /* owned by top now */
  /* null (not ""): qemu opens no backing file at all. */
  if (!allow_backing && json_object_object_add (top, "backing", NULL))
    goto out;
  const char *s = json_object_to_json_string_ext (top, JSON_C_TO_STRING_PLAIN |
                                                  JSON_C_TO_STRING_NOSLASHESCAPE);
  if (s && asprintf (&ret, "json:%s", s) == -1)
    ret = NULL;
 out:
  json_object_put (file);
  json_object_put (top);
  return ret;
}

/* qemu-nbd's stderr is the caller's (libnbd gives no way to catch it),
 * and libnbd's own error says only that the server went away: when the
 * connection fails, qemu-img opens the image the same way (the same
 * specification; with its backing chain when that is allowed) to say
 * why, in one line.  NULL when it finds nothing wrong. */
static char *
why_not (const char *spec, const char *format, bool allow_backing)
{
  const char *argv[8];
  size_t n = 0;
  argv[n++] = "qemu-img";
  argv[n++] = "info";
  argv[n++] = "-f";
  argv[n++] = format;
  if (allow_backing)
    argv[n++] = "--backing-chain";
  argv[n++] = "--";
  argv[n++] = spec;
  argv[n] = NULL;
  struct gl_spawn_result res = { 0 };
  char *msg = NULL;

  if (gl_spawn_timeout (argv, 4096, 60 * 1000, &res) == 0 && res.status != 0)
    msg = gl_first_message (res.err);
  gl_spawn_result_free (&res);
  return msg;
}

static int
open_nbd (struct gl_blocksrc *b, const char *path, const char *format,
          bool allow_backing, struct gl_err *err)
{
  CLEANUP_FREE char *spec = json_spec (path, format, allow_backing);
  if (spec == NULL)
    return gl_err_set (err, ENOMEM, "out of memory");

  /* "--" ends qemu-nbd's options: the spec is never read as one. */
  char *argv[] = { (char *) "qemu-nbd", (char *) "-r", (char *) "-f",
                   (char *) format, (char *) "--", spec, NULL };

  b->nbd = nbd_create ();
  if (b->nbd == NULL)
    return gl_err_set (err, ENOMEM, "libnbd: %s", nbd_get_error ());
  if (nbd_connect_systemd_socket_activation (b->nbd, argv) == -1) {
    CLEANUP_FREE char *nbd_msg = strdup (nbd_get_error () ? nbd_get_error () : "");
    int e = nbd_get_errno () ? nbd_get_errno () : EIO;
    CLEANUP_FREE char *cause = why_not (spec, format, allow_backing);
    if (cause)
      return gl_err_set (err, e, "%s: qemu-nbd cannot serve it: %s", path, cause);
    return gl_err_set (err, e, "%s: qemu-nbd cannot serve it: %s", path,
                       nbd_msg ? nbd_msg : "out of memory");
  }
  int64_t size = nbd_get_size (b->nbd);
  if (size < 0)
    return gl_err_set (err, EIO, "%s: NBD size: %s", path, nbd_get_error ());
  b->range.size = (uint64_t) size;
  b->range.pread = nbd_range_pread;
  b->range.fd = -1;
  b->range.fd_offset = 0;
  return 0;
}

struct gl_blocksrc *
gl_blocksrc_open (const char *path, const char *format, bool allow_backing,
                  struct gl_err *err)
{
  struct gl_blocksrc *b = calloc (1, sizeof *b);
  int r;

  if (b == NULL) {
    gl_err_set (err, ENOMEM, "out of memory");
    return NULL;
  }
  b->fd = -1;
  b->range.opaque = b;
  b->range.fd = -1;
  if (format == NULL || !format_ok (format))
    r = gl_err_set (err, EINVAL, "%s: not an image format name: \"%s\"", path,
                    format ? format : "(none)");
  else if (strcmp (format, "raw") == 0)
    r = open_raw (b, path, err);
  else
    r = open_nbd (b, path, format, allow_backing, err);
  if (r == -1) {
    gl_blocksrc_close (b);
    return NULL;
  }
  return b;
}

const struct gl_range *
gl_blocksrc_range (struct gl_blocksrc *b)
{
  return &b->range;
}

void
gl_blocksrc_close (struct gl_blocksrc *b)
{
  if (b == NULL)
    return;
  if (b->nbd) {
    /* qemu-nbd (not persistent) exits when its one client goes;
     * nbd_close reaps it. */
    nbd_shutdown (b->nbd, 0);
    nbd_close (b->nbd);
  }
  if (b->fd >= 0)
    close (b->fd);
  free (b);
}
