/* guestlift: the identity of a disk image (see image-key.h). */
#include <config.h>

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/stat.h>

#include "cleanup.h"
#include "error.h"
#include "image-chain.h"
#include "image-key.h"

/* The identity's first line.  It names the inspection cache, whose key
 * this was first (at its version 2), and is kept byte for byte so that
 * the entries already written (inspection and kernel caches, batch
 * states) stay valid; changing it invalidates all of them. */
#define KEY_HEAD "guestlift-inspect-cache 2"

char *
gl_image_file_key (const char *path, const char *label, struct gl_err *err)
{
  struct stat st;
  if (stat (path, &st) == -1) {
    gl_err_errno (err, "cannot stat the image");
    return NULL;
  }
  /* The real path: the same inode reached through another name is the
   * same image, but a qcow2 overlay's relative backing file resolves
   * against where the overlay really is. */
  CLEANUP_FREE char *real = realpath (path, NULL);
  if (!real) {
    gl_err_errno (err, "cannot resolve the image path");
    return NULL;
  }
  /* ctime too: copying tools that restore mtime (cp -p, rsync -t) cannot
   * restore ctime, so rewritten content with an old mtime still misses. */
  char *key = gl_printf (KEY_HEAD "\n"
                         "version=%s\nformat=%s\n"
                         "dev=%ju\nino=%ju\nsize=%jd\n"
                         "mtime=%jd.%09ld\nctime=%jd.%09ld\npath=%s",
                         PACKAGE_VERSION, label ? label : "auto",
                         (uintmax_t) st.st_dev, (uintmax_t) st.st_ino,
                         (intmax_t) st.st_size,
                         (intmax_t) st.st_mtim.tv_sec, (long) st.st_mtim.tv_nsec,
                         (intmax_t) st.st_ctim.tv_sec, (long) st.st_ctim.tv_nsec,
                         real);
  if (!key)
    gl_err_set (err, ENOMEM, "out of memory");
  return key;
}

char *
gl_image_key (const char *path, const char *disk_format, bool allow_backing,
              struct gl_err *err)
{
  gl_image_file_vector files;
  if (gl_image_files (path, disk_format, allow_backing, &files, err) == -1)
    return NULL;
  char *key = gl_image_file_key (path, disk_format, err);
  /* Then each file the image brings in, as the image names it. */
  for (size_t i = 1; key && i < files.len; ++i) {
    const struct gl_image_file *f = &files.ptr[i];
    const char *kind = gl_image_ref_kind_name (f->kind);
    if (f->remote) {
      gl_err_set (err, EINVAL, "its %s '%s' is not a local file: its contents "
                  "cannot be identified", kind, f->name);
      free (key);
      key = NULL;
      break;
    }
    CLEANUP_FREE char *fkey = gl_image_file_key (f->name, kind, err);
    char *both = fkey ? gl_printf ("%s\n%s", key, fkey) : NULL;
    free (key);
    key = both;
    if (!both && fkey)
      gl_err_set (err, ENOMEM, "out of memory");
  }
  gl_image_files_free (&files);
  return key;
}
