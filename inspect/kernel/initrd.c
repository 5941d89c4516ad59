/* guestlift: list the file names inside an initramfs, on the host.
 *
 * An initramfs is one or more "newc" cpio archives back to back, each
 * compressed or not, with zero bytes allowed between them -- the common
 * shape is an uncompressed early-microcode cpio followed by a compressed
 * main cpio.  The kernel unpacks them the same way we walk them here:
 * uncompressed archives header by header, compressed ones through the
 * decompressor (libarchive) and then header by header again, since one
 * compressed stream may itself hold several archives.  The cpio headers
 * are simple enough (110 bytes of ASCII hex) to walk ourselves, and doing
 * so tells us exactly where each archive ends.
 */
#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cleanup.h"
#include "error.h"
#include "kimage.h"
#include "mapfile.h"

#define NEWC_HDR 110
#define NEWC_NAME_MAX 4096      /* PATH_MAX: the kernel refuses longer */
#define MAX_SEGMENTS 1024       /* archives / compressed streams in a file */

static uint64_t
pad4 (uint64_t n)
{
  return (n + 3) & ~3ULL;
}

/* The newc walker: fed bytes in pieces of any size. */
struct newc {
  unsigned char hdr[NEWC_HDR + NEWC_NAME_MAX + 4];
  size_t have, need;            /* header+name bytes held, wanted */
  uint64_t skip;                /* file data (and padding) still to skip */
  bool in_name;                 /* header parsed, collecting the name */
  bool at_start;                /* between archives: zeros are padding */
  unsigned archives;            /* archives completed (trailers seen) */
  uint64_t fed;                 /* total bytes fed, for the bound */
  string_vector *names;
};

static void
newc_init (struct newc *w, string_vector *names)
{
  w->have = w->need = 0;
  w->skip = 0;
  w->in_name = false;
  w->at_start = true;
  w->archives = 0;
  w->fed = 0;
  w->names = names;
}

/* Is the walker cleanly between archives? */
static bool
newc_idle (const struct newc *w)
{
  return w->at_start && w->have == 0 && w->skip == 0 && !w->in_name;
}

static bool
hex8 (const unsigned char *p, uint32_t *v)
{
  uint32_t r = 0;
  for (int i = 0; i < 8; ++i) {
    unsigned c = p[i], d;
    if (c >= '0' && c <= '9') d = c - '0';
    else if (c >= 'a' && c <= 'f') d = c - 'a' + 10;
    else if (c >= 'A' && c <= 'F') d = c - 'A' + 10;
    else return false;
    r = r << 4 | d;
  }
  *v = r;
  return true;
}

static bool
is_newc_magic (const void *p, size_t len)
{
  return len >= 6 && (memcmp (p, "070701", 6) == 0 ||
                      memcmp (p, "070702", 6) == 0);
}

enum { FEED_MORE = 0, FEED_END = 1, FEED_ERR = -1, FEED_JUNK = -2 };

/* Feed (buf, n).  FEED_MORE: all consumed, the archive goes on.
 * FEED_END: an archive's trailer was reached after *used bytes.
 * FEED_JUNK: bytes that are no cpio header where one should start
 * (at *used).  FEED_ERR: err set. */
static int
newc_feed (struct newc *w, const unsigned char *buf, size_t n,
           size_t *used, struct gl_err *err)
{
  size_t i = 0;

  while (i < n) {
    if (w->skip > 0) {
      size_t take = w->skip < n - i ? (size_t) w->skip : n - i;
      i += take;
      w->skip -= take;
      continue;
    }
    if (!w->in_name) {
      if (w->have == 0 && w->at_start && buf[i] == 0) {
        i++;                    /* padding between archives */
        continue;
      }
      size_t start = i >= w->have ? i - w->have : 0;
      size_t take = NEWC_HDR - w->have < n - i ? NEWC_HDR - w->have : n - i;
      memcpy (w->hdr + w->have, buf + i, take);
      /* Check the magic as soon as it is there, so that junk after an
       * archive is told from a corrupt entry inside one. */
      if (w->have < 6 && w->have + take >= 6 && !is_newc_magic (w->hdr, 6)) {
        *used = start;
        if (w->at_start)
          return FEED_JUNK;
        gl_err_set (err, EINVAL, "corrupt cpio header: bad magic");
        return FEED_ERR;
      }
      w->have += take;
      i += take;
      if (w->have < NEWC_HDR)
        continue;
      uint32_t filesize, namesize;
      if (!hex8 (w->hdr + 54, &filesize) || !hex8 (w->hdr + 94, &namesize)) {
        gl_err_set (err, EINVAL, "corrupt cpio header: bad hex field");
        return FEED_ERR;
      }
      if (namesize == 0 || namesize > NEWC_NAME_MAX) {
        gl_err_set (err, EINVAL, "corrupt cpio header: name size %u", namesize);
        return FEED_ERR;
      }
      w->need = pad4 (NEWC_HDR + (uint64_t) namesize);
      w->skip = 0;
      w->in_name = true;
      w->at_start = false;
      /* filesize is kept in the header bytes: read again below. */
      continue;
    }
    /* Collecting the name and its padding. */
    size_t take = w->need - w->have < n - i ? w->need - w->have : n - i;
    memcpy (w->hdr + w->have, buf + i, take);
    w->have += take;
    i += take;
    if (w->have < w->need)
      continue;

    uint32_t filesize, namesize;
    hex8 (w->hdr + 54, &filesize);
    hex8 (w->hdr + 94, &namesize);
    const char *name = (const char *) w->hdr + NEWC_HDR;
    size_t namelen = strnlen (name, namesize);
    w->have = 0;
    w->in_name = false;
    w->skip = pad4 (filesize);
    if (namelen == 10 && memcmp (name, "TRAILER!!!", 10) == 0) {
      if (filesize != 0) {
        gl_err_set (err, EINVAL, "corrupt cpio trailer: it has data");
        return FEED_ERR;
      }
      w->at_start = true;
      w->archives++;
      *used = i;
      return FEED_END;
    }
    if (namelen == 0)
      continue;
    if (w->names->len >= GL_INITRD_MAX_NAMES) {
      gl_err_set (err, E2BIG, "more than %d entries", GL_INITRD_MAX_NAMES);
      return FEED_ERR;
    }
    char *copy = strndup (name, namelen);
    if (!copy || string_vector_append (w->names, copy) == -1) {
      free (copy);
      gl_err_set (err, ENOMEM, "out of memory");
      return FEED_ERR;
    }
  }
  *used = i;
  return FEED_MORE;
}

/* Decompressed bytes go through the walker; several archives may follow
 * each other inside one compressed stream. */
static int
stream_sink (void *opaque, const void *buf, size_t n, struct gl_err *err)
{
  struct newc *w = opaque;
  const unsigned char *p = buf;

  if (n > GL_INITRD_MAX_UNPACKED - w->fed)
    return gl_err_set (err, EFBIG, "initramfs unpacks to more than %llu MiB",
                       GL_INITRD_MAX_UNPACKED / (1024 * 1024));
  w->fed += n;
  while (n > 0) {
    size_t used = 0;
    switch (newc_feed (w, p, n, &used, err)) {
    case FEED_MORE:
      return 0;
    case FEED_END:
      p += used;
      n -= used;
      break;
    case FEED_JUNK:
      if (w->archives > 0)
        return 1;               /* junk after the archives: done */
      return gl_err_set (err, EINVAL, "compressed data is not a cpio archive");
    default:
      return -1;
    }
  }
  return 0;
}

enum { SEG_OK, SEG_LAST, SEG_ERROR };
#define MAX_SPLIT_TRIES 16

/* Decompress one stream (data, len) through the walker, dropping the
 * names a previous try of the same stream added (beyond MARK).  SEG_OK:
 * whole archives, *consumed input bytes used.  SEG_LAST: whole archives,
 * then a complaint about what follows them: stop here.  SEG_ERROR: err
 * (not NULL) set, unless it was already: the first reason stays. */
static int
unpack_segment (const unsigned char *data, size_t len, struct newc *w,
                size_t mark, size_t *consumed, struct gl_err *err)
{
  CLEANUP_ERR struct gl_err reason = GL_ERR_INIT;
  string_vector *names = w->names;
  uint64_t fed = w->fed;

  while (names->len > mark)
    free (names->ptr[--names->len]);
  newc_init (w, names);
  w->fed = fed;
  *consumed = 0;
  if (gl_unpack_stream (data, len, false, stream_sink, w, consumed,
                        &reason) == -1) {
    if (w->archives > 0 && newc_idle (w))
      return SEG_LAST;
    if (!err->msg)
      gl_err_move (err, &reason);
    return SEG_ERROR;
  }
  if (!newc_idle (w) || w->archives == 0) {
    if (!err->msg)
      gl_err_set (err, EINVAL, "truncated cpio archive in the stream");
    return SEG_ERROR;
  }
  return SEG_OK;
}

/* Where, at or after q, a next segment may start: a cpio header, a
 * compression magic or a run of zero bytes. */
static size_t
next_candidate (const unsigned char *p, size_t end, size_t q)
{
  for (; q < end; ++q) {
    if (p[q] == 0 && end - q >= 4 && memcmp (p + q, "\0\0\0\0", 4) == 0)
      return q;
    if (is_newc_magic (p + q, end - q) || gl_compression_name (p + q, end - q))
      return q;
  }
  return end;
}

int
gl_initrd_list_mem (const void *data, size_t len, string_vector *out,
                    struct gl_err *err)
{
  const unsigned char *p = data;
  string_vector names = empty_vector;
  struct newc *w = NULL;
  size_t pos = 0;
  unsigned segments = 0;

  if (len > GL_INITRD_MAX_BYTES)
    return gl_err_set (err, EFBIG, "initramfs larger than %d MiB",
                       GL_INITRD_MAX_BYTES / (1024 * 1024));
  if (len == 0)
    return gl_err_set (err, EINVAL, "empty initramfs");
  w = malloc (sizeof *w);
  if (!w)
    return gl_err_set (err, ENOMEM, "out of memory");
  newc_init (w, &names);

  for (;;) {
    while (pos < len && p[pos] == 0)
      pos++;
    if (pos >= len)
      break;
    if (segments == MAX_SEGMENTS) {
      /* More would be read, and a name the answer depends on may be in
       * them: an error, not a silent partial listing. */
      gl_err_set (err, E2BIG, "more than %d archives or compressed streams (the "
                  "bound): the rest were not read", MAX_SEGMENTS);
      goto fail;
    }
    const char *comp = gl_compression_name (p + pos, len - pos);
    uint64_t fed = w->fed;
    newc_init (w, &names);
    w->fed = fed;

    if (is_newc_magic (p + pos, len - pos)) {
      CLEANUP_ERR struct gl_err reason = GL_ERR_INIT;
      size_t used = 0;
      int r = newc_feed (w, p + pos, len - pos, &used, &reason);
      if (r == FEED_MORE) {
        gl_err_set (err, EINVAL, "truncated cpio archive at offset %zu", pos);
        goto fail;
      }
      if (r != FEED_END) {
        gl_err_set (err, reason.errnum ? reason.errnum : EINVAL,
                    "cpio archive at offset %zu: %s", pos,
                    gl_err_msg (&reason, "corrupt"));
        goto fail;
      }
      pos += used;
    }
    else if (comp) {
      size_t end = len, mark = names.len, consumed = 0;
      CLEANUP_ERR struct gl_err reason = GL_ERR_INIT;
      int r = unpack_segment (p + pos, end - pos, w, mark, &consumed,
                              &reason);
      /* libarchive drops its last decompressed chunk when the bytes after
       * a stream are not more of the same compression (zero padding, a
       * second segment compressed differently): try ending the stream
       * where padding or a next segment may start. */
      for (size_t q = pos + 1, tries = 0;
           r == SEG_ERROR && tries < MAX_SPLIT_TRIES &&
             (q = next_candidate (p, end, q)) < end;
           ++q, ++tries) {
        CLEANUP_ERR struct gl_err reason2 = GL_ERR_INIT;
        r = unpack_segment (p + pos, q - pos, w, mark, &consumed, &reason2);
        if (r == SEG_OK)
          consumed = q - pos;
      }
      if (r == SEG_ERROR) {
        gl_err_set (err, reason.errnum ? reason.errnum : EINVAL,
                    "corrupt %s stream at offset %zu: %s", comp, pos,
                    gl_err_msg (&reason, "unknown error"));
        goto fail;
      }
      segments++;
      if (r == SEG_LAST || consumed == 0)
        break;
      pos += consumed;
      continue;
    }
    else if (segments == 0) {
      gl_err_set (err, EINVAL, "not an initramfs: no cpio archive or known "
                  "compression at the start");
      goto fail;
    }
    else
      break;                    /* trailing junk: the archives are read */
    segments++;
  }

  if (segments == 0) {
    gl_err_set (err, EINVAL, "not an initramfs: nothing but zero bytes");
    goto fail;
  }
  free (w);
  for (size_t i = 0; i < names.len; ++i)
    if (string_vector_append (out, names.ptr[i]) == -1) {
      for (size_t j = i; j < names.len; ++j)
        free (names.ptr[j]);
      free (names.ptr);
      return gl_err_set (err, ENOMEM, "out of memory");
    }
  free (names.ptr);
  return 0;

 fail:                          /* err is set */
  free (w);
  string_vector_free (&names);
  return -1;
}

int
gl_initrd_list (const char *path, string_vector *names, struct gl_err *err)
{
  void *map;
  size_t len;

  if (gl_map_file (path, GL_INITRD_MAX_BYTES, "initramfs", &map, &len, err) == -1)
    return -1;
  if (len == 0)
    return gl_err_set (err, EINVAL, "empty initramfs");
  int r = gl_initrd_list_mem (map, len, names, err);
  gl_unmap_file (map, len);
  return r;
}

/* The virtio block driver, as a module file name (basename), with '-'
 * and '_' taken as the same (modprobe does). */
static const char *const virtio_blk_modules[] = {
  "virtio_blk.ko", "virtio_blk.ko.xz", "virtio_blk.ko.gz",
  "virtio_blk.ko.zst",
};

bool
gl_initrd_names_have_virtio_blk (const string_vector *names)
{
  for (size_t i = 0; i < names->len; ++i) {
    const char *base = strrchr (names->ptr[i], '/');
    base = base ? base + 1 : names->ptr[i];
    char norm[32];
    size_t n = strlen (base);
    if (n >= sizeof norm)
      continue;
    for (size_t j = 0; j <= n; ++j)
      norm[j] = base[j] == '-' ? '_' : base[j];
    for (size_t k = 0;
         k < sizeof virtio_blk_modules / sizeof virtio_blk_modules[0]; ++k)
      if (strcmp (norm, virtio_blk_modules[k]) == 0)
        return true;
  }
  return false;
}
