/* guestlift: the files of an image, and the backing-file refusal (see
 * image-chain.h). */
#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

#include "cleanup.h"
#include "error.h"
#include "image-chain.h"

static long
read_fd (void *opaque, uint64_t offset, void *buf, size_t len)
{
  int fd = *(int *) opaque;
  size_t done = 0;
  while (done < len) {
    ssize_t n = pread (fd, (char *) buf + done, len - done, (off_t) (offset + done));
    if (n == -1 && errno == EINTR)
      continue;
    if (n == -1)
      return -1;
    if (n == 0)
      break;
    done += (size_t) n;
  }
  return (long) done;
}

/* The references in the header of the local file NAME. */
static int
read_refs (const char *name, const char *format, struct gl_image_refs *refs,
           struct gl_err *err)
{
  /* O_NONBLOCK: a FIFO named as a backing file must not hang us. */
  int fd = open (name, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
  if (fd == -1)
    return gl_err_errno (err, "cannot open it");
  CLEANUP_CLOSE int cfd = fd;
  struct stat st;
  if (fstat (fd, &st) == -1)
    return gl_err_errno (err, "cannot stat it");
  if (!S_ISREG (st.st_mode) && !S_ISBLK (st.st_mode))
    return gl_err_set (err, ENODEV, "not a regular file or block device");
  off_t size = S_ISREG (st.st_mode) ? st.st_size : lseek (fd, 0, SEEK_END);
  if (size < 0)
    return gl_err_errno (err, "cannot tell its size");
  if (gl_image_refs_read (read_fd, &cfd, (uint64_t) size, format, refs) == -1)
    return gl_err_errno (err, "cannot read its header");
  return 0;
}

/* "its backing file 'NAME' (and N more files) is not opened ..." */
static char *
refusal_text (enum gl_image_ref_kind kind, const char *name, size_t more)
{
  CLEANUP_FREE char *also = more
    ? gl_printf (" (and %zu more file%s)", more, more > 1 ? "s" : "") : strdup ("");
  if (!also)
    return NULL;
  return gl_printf ("its %s %s%s%s%s is not opened without --allow-backing-file "
                    "(an image can name any host file)",
                    gl_image_ref_kind_name (kind), name ? "'" : "",
                    name ? name : "(not named in the image)", name ? "'" : "", also);
}

char *
gl_image_refusal (enum gl_image_ref_kind kind, const char *name)
{
  return refusal_text (kind, name, 0);
}

static int
differencing (const struct gl_image_refs *refs, struct gl_err *err)
{
  const struct gl_image_ref *r = &refs->ref[0];
  const char *what = strcmp (refs->format, "vpc") == 0 ? "VHD" : "VHDX";
  return gl_err_set (err, ENOTSUP, "a differencing %s whose parent disk is %s%s%s: "
                     "qemu does not read the parent, so this file alone is not the disk",
                     what, r->name ? "'" : "", r->name ? r->name : "not named",
                     r->name ? "'" : "");
}

static int
add_file (gl_image_file_vector *out, const char *name, enum gl_image_ref_kind kind,
          bool remote)
{
  struct gl_image_file f = { strdup (name), kind, remote };
  if (!f.name || gl_image_file_vector_append (out, f) == -1) {
    free (f.name);
    return -1;
  }
  return 0;
}

/* Follow the references of files[i] (read with FORMAT): appends the
 * files they name. */
static int
follow (gl_image_file_vector *out, size_t i, const char *format, bool allow,
        struct gl_err *err)
{
  struct gl_image_refs refs;
  if (read_refs (out->ptr[i].name, format, &refs, err) == -1)
    return -1;
  int ret = -1;
  if (refs.total == 0)
    ret = 0;
  else if (refs.ref[0].kind == GL_REF_PARENT)
    differencing (&refs, err);
  else if (!allow) {
    CLEANUP_FREE char *why = refusal_text (refs.ref[0].kind, refs.ref[0].name,
                                           refs.total - 1);
    gl_err_set (err, why ? EPERM : ENOMEM, "%s", why ? why : "out of memory");
  }
  else if (refs.total > refs.n)
    gl_err_set (err, E2BIG, "it names more than %d other files", GL_IMAGE_REFS_MAX);
  else {
    ret = 0;
    for (size_t k = 0; ret == 0 && k < refs.n; ++k) {
      const struct gl_image_ref *r = &refs.ref[k];
      if (!r->name) {
        ret = gl_err_set (err, EINVAL, "its %s is not named in the image",
                          gl_image_ref_kind_name (r->kind));
        break;
      }
      if (out->len >= GL_IMAGE_CHAIN_MAX) {
        ret = gl_err_set (err, ELOOP, "more than %d files in its backing chain (a loop?)",
                          GL_IMAGE_CHAIN_MAX);
        break;
      }
      CLEANUP_FREE char *name = gl_image_ref_resolve (out->ptr[i].name, r->name);
      bool remote = name && gl_image_name_is_protocol (name);
      if (!name || add_file (out, name, r->kind, remote) == -1) {
        ret = gl_err_set (err, ENOMEM, "out of memory");
        break;
      }
      /* A backing file is an image with a header of its own; a sparse
       * vmdk extent too (qemu parses it).  A data file is raw data. */
      if (!remote && r->kind != GL_REF_DATA_FILE) {
        ret = follow (out, out->len - 1,
                      r->kind == GL_REF_EXTENT ? NULL : r->format, allow, err);
        if (ret == -1)
          gl_err_prefix (err, "its %s '%s'", gl_image_ref_kind_name (r->kind), name);
      }
    }
  }
  gl_image_refs_free (&refs);
  return ret;
}

int
gl_image_files (const char *path, const char *format, bool allow_backing,
                gl_image_file_vector *out, struct gl_err *err)
{
  *out = (gl_image_file_vector) empty_vector;
  if (add_file (out, path, GL_REF_BACKING, false) == -1)
    return gl_err_set (err, ENOMEM, "out of memory");
  if (follow (out, 0, format, allow_backing, err) == -1) {
    gl_image_files_free (out);
    return -1;
  }
  return 0;
}

void
gl_image_files_free (gl_image_file_vector *files)
{
  for (size_t i = 0; i < files->len; ++i)
    free (files->ptr[i].name);
  gl_image_file_vector_reset (files);
}
