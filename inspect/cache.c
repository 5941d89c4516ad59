/* guestlift: the inspection result cache (see cache.h for what and why).
 *
 * Entry file, one JSON object:
 *   {"cache_version": 1,
 *    "key": {"sha256": "<hex of the key string>", "format": "auto"},
 *    "image": <the image object exactly as gl_report_write_json prints it>,
 *    "extra": {"oses": [{"osinfo": .., "default_cmdline": ..,
 *                        "kernels": [{"has_ide": .., "virtio_blk_builtin": ..,
 *                                     "modules_dir": .., "format_hint": ..}]}]}}
 * "extra" runs parallel to image.operating_systems and carries the model
 * fields the public contract leaves out (the field table's rows without a
 * JSON key, by their names), so the public JSON stays exactly the
 * contract.  Both are written by the public writer itself (gl_image_json,
 * gl_image_extras_json) and read back with report-read.c, so the cache
 * can never drift from the contract's shape, and a new field of the model
 * needs nothing here.
 *
 * Entries are written to a temporary file in the same folder, fsync'ed and
 * renamed, mode 0600: a reader sees a whole entry or none.  Reading trusts
 * nothing: the cache folder is the user's, but a damaged or foreign entry
 * must only ever cost a miss.
 */
#include <config.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cache-dir.h"
#include "cache.h"
#include "cleanup.h"
#include "error.h"
#include "image-key.h"
#include "json.h"
#include "report-read.h"
#include "report-write.h"
#include "read-file.h"
#include "sha256.h"
#include "write-atomic.h"

/* The entry format's version: an entry of another is a miss.  (The key
 * itself, common/guestfs/image-key.h, does not depend on it.) */
#define CACHE_VERSION 2
#define ENTRY_SUFFIX ".json"

bool
gl_cache_disabled (void)
{
  const char *s = getenv ("GUESTLIFT_NO_CACHE");
  return s && *s && strcmp (s, "0") != 0;
}

/* --- key -------------------------------------------------------------- */

/* $XDG_CACHE_HOME/guestlift/inspect, created when create is true. */
static char *
inspect_dir (bool create)
{
  const char *top = gl_cache_dir ();
  if (!top) {
    errno = ENOENT;
    return NULL;
  }
  char *dir = gl_printf ("%s/inspect", top);
  if (!dir) {
    errno = ENOMEM;
    return NULL;
  }
  if (create && mkdir (dir, 0700) == -1 && errno != EEXIST) {
    int e = errno;
    free (dir);
    errno = e;
    return NULL;
  }
  return dir;
}

/* The key of disk I of a guest over the N disks PATHS (one guest: its
 * disks are inspected together, so each one's facts depend on all of
 * them and their order): every disk's key, in order, and I.  N == 1 is
 * the image's own key.  NULL when a disk has none. */
static char *
disk_key (const char *const *paths, size_t n, size_t i, const char *disk_format,
          bool allow_backing)
{
  if (n == 1)
    return gl_image_key (paths[0], disk_format, allow_backing, NULL);
  char *key = gl_printf ("one guest of %zu disks, disk %zu", n, i);
  for (size_t d = 0; key && d < n; ++d) {
    CLEANUP_FREE char *k = gl_image_key (paths[d], disk_format, allow_backing, NULL);
    char *both = k ? gl_printf ("%s\n%s", key, k) : NULL;
    free (key);
    key = both;
  }
  return key;
}

/* The key's hash (hex) and the entry's file name of disk I of the guest
 * over PATHS[0..n); NULL on a miss, with *nokey set when the image has
 * no key (which is not an error). */
static char *
entry_path (const char *const *paths, size_t n, size_t i, const char *disk_format,
            bool allow_backing, bool create, char hex[GL_SHA256_HEX_SIZE], bool *nokey)
{
  CLEANUP_FREE char *key = disk_key (paths, n, i, disk_format, allow_backing);
  *nokey = !key;
  if (!key)
    return NULL;
  gl_sha256_hex (key, strlen (key), hex);
  CLEANUP_FREE char *dir = inspect_dir (create);
  if (!dir)
    return NULL;
  return gl_printf ("%s/%s" ENTRY_SUFFIX, dir, hex);
}

/* --- writing ---------------------------------------------------------- */

static json_object *
entry_object (const struct gl_image *img, const char *hex, const char *disk_format)
{
  json_object *doc = json_object_new_object ();
  json_object *key = json_object_new_object ();
  bool good = doc && key
    && gl_json_add (doc, "cache_version", json_object_new_int (CACHE_VERSION)) == 0
    && gl_json_add_string (key, "sha256", hex) == 0
    && gl_json_add_string (key, "format", disk_format ? disk_format : "auto") == 0
    && gl_json_add (doc, "key", GL_STEAL (key)) == 0
    && gl_json_add (doc, "image", gl_image_json (img)) == 0
    && gl_json_add (doc, "extra", gl_image_extras_json (img)) == 0;
  json_object_put (key);
  if (!good) {
    json_object_put (doc);
    return NULL;
  }
  return doc;
}

char *
gl_cache_entry_text (const struct gl_image *img, const char *hex,
                     const char *disk_format)
{
  json_object *doc = entry_object (img, hex, disk_format);
  if (!doc) {
    errno = ENOMEM;
    return NULL;
  }
  const char *text = json_object_to_json_string_ext (doc, JSON_C_TO_STRING_PLAIN
                                                     | JSON_C_TO_STRING_NOSLASHESCAPE);
  char *copy = NULL;
  if (!text)
    errno = ENOMEM;
  else if (strlen (text) > GL_CACHE_MAX_ENTRY)
    errno = EFBIG;              /* a lookup would refuse it */
  else if ((copy = strdup (text)) == NULL)
    errno = ENOMEM;
  json_object_put (doc);
  return copy;
}

/* Can IMG be stored (not a failure, exactly representable)?  An image
 * with LUKS devices never is: its answer depends on the keys given, which
 * must not become part of a key or an entry. */
static bool
storable (const struct gl_image *img)
{
  return img && img->path && (!img->error || gl_image_is_no_os (img))
    && !img->encrypted && gl_image_json_exact (img);
}

static int store_disk (const char *const *paths, size_t n, size_t i,
                       const struct gl_image *img, const char *disk_format,
                       bool allow_backing);

int
gl_cache_store (const struct gl_image *img, const char *disk_format,
                bool allow_backing)
{
  if (gl_cache_disabled () || !img || !img->path)
    return 0;
  const char *path = img->path;
  return store_disk (&path, 1, 0, img, disk_format, allow_backing);
}

int
gl_cache_store_group (struct gl_image *const *imgs, size_t n,
                      const char *disk_format, bool allow_backing)
{
  if (gl_cache_disabled () || n == 0)
    return 0;
  CLEANUP_FREE const char **paths = calloc (n, sizeof *paths);
  if (!paths)
    return -1;
  /* All or none: a guest half cached would be inspected again whole. */
  for (size_t i = 0; i < n; ++i) {
    if (!storable (imgs[i]))
      return 0;
    paths[i] = imgs[i]->path;
  }
  int r = 0;
  for (size_t i = 0; i < n; ++i)
    if (store_disk (paths, n, i, imgs[i], disk_format, allow_backing) == -1)
      r = -1;
  return r;
}

static int
store_disk (const char *const *paths, size_t n, size_t i,
            const struct gl_image *img, const char *disk_format, bool allow_backing)
{
  /* Only successes are cached: an error may be transient (no memory for
   * the appliance, KVM busy, an image still being copied, a permission
   * fixed a minute later), and a cached failure would keep failing
   * without ever retrying.  "No operating system" is not a failure but
   * the answer (the image was read), and it costs an appliance: cached. */
  if (!storable (img))
    return 0;

  /* The key is taken now, after the inspection: if the image changed while
   * it was inspected (it is opened read-only, so only by someone else),
   * the entry could pair old facts with the new identity.  The caller
   * owning the image for the duration is what makes that safe. */
  struct stat st;
  if (stat (img->path, &st) == -1)
    return -1;
  char hex[GL_SHA256_HEX_SIZE];
  bool nokey;
  CLEANUP_FREE char *final = entry_path (paths, n, i, disk_format, allow_backing,
                                         true, hex, &nokey);
  if (!final)
    /* No key (an image naming files it may not, or remote ones): not
     * cached, which is not a failure. */
    return nokey ? 0 : -1;

  CLEANUP_FREE char *text = gl_cache_entry_text (img, hex, disk_format);
  if (!text)
    /* Too big to cache (a lookup would refuse it): not an error. */
    return errno == EFBIG ? 0 : -1;
  size_t len = strlen (text);

  /* Written whole or not at all (".<hex>.json.XXXXXX" while it is
   * written: is_ours knows the name). */
  CLEANUP_FREE char *line = gl_printf ("%s\n", text);
  if (!line) {
    errno = ENOMEM;
    return -1;
  }
  return gl_write_atomic (final, line, len + 1, 0600, NULL);
}

/* --- reading ---------------------------------------------------------- */

/* The whole entry file, NUL-terminated, or NULL (missing, not a regular
 * file, a symlink, larger than GL_CACHE_MAX_ENTRY). */
static char *
read_entry (const char *file, size_t *lenp)
{
  return gl_read_file (file, GL_CACHE_MAX_ENTRY, GL_READ_REGULAR | GL_READ_NOFOLLOW,
                       lenp, NULL);
}

static struct gl_image *lookup_disk (const char *const *paths, size_t n,
                                     size_t i, const char *disk_format,
                                     bool allow_backing);

struct gl_image *
gl_cache_lookup (const char *path, const char *disk_format, bool allow_backing)
{
  if (gl_cache_disabled () || !path)
    return NULL;
  return lookup_disk (&path, 1, 0, disk_format, allow_backing);
}

bool
gl_cache_lookup_group (struct gl_image **imgs, size_t n, const char *disk_format,
                       bool allow_backing)
{
  if (gl_cache_disabled () || n == 0)
    return false;
  CLEANUP_FREE const char **paths = calloc (n, sizeof *paths);
  CLEANUP_FREE struct gl_image **hits = calloc (n, sizeof *hits);
  bool all = paths && hits;
  for (size_t i = 0; all && i < n; ++i)
    all = (paths[i] = imgs[i]->path) != NULL;
  for (size_t i = 0; all && i < n; ++i)
    all = (hits[i] = lookup_disk (paths, n, i, disk_format, allow_backing)) != NULL;
  for (size_t i = 0; hits && i < n; ++i) {
    if (all) {
      /* Swap the cached content into the caller's image. */
      struct gl_image tmp = *imgs[i];
      *imgs[i] = *hits[i];
      *hits[i] = tmp;
    }
    gl_image_free (hits[i]);
  }
  return all;
}

static struct gl_image *
lookup_disk (const char *const *paths, size_t n, size_t i,
             const char *disk_format, bool allow_backing)
{
  const char *path = paths[i];
  char hex[GL_SHA256_HEX_SIZE];
  bool nokey;
  CLEANUP_FREE char *file = entry_path (paths, n, i, disk_format, allow_backing, false,
                                        hex, &nokey);
  if (!file)
    return NULL;
  size_t len = 0;
  CLEANUP_FREE char *text = read_entry (file, &len);
  if (!text)
    return NULL;
  CLEANUP_JSON json_object *doc = NULL;
  json_object *key, *image, *extra;
  const char *sha = NULL;
  int64_t version = 0;
  if (gl_json_parse (text, len, &doc, NULL) == -1
      || !json_object_is_type (doc, json_type_object)
      || gl_json_get_int (doc, "cache_version", 0, 0, INT_MAX, &version, NULL) == -1
      || version != CACHE_VERSION
      /* The file name is the hash, but a copied or renamed entry must
       * not answer for another image. */
      || gl_json_get_object (doc, "key", 0, SIZE_MAX, &key, NULL) == -1
      || gl_json_get_string (key, "sha256", 0, GL_SHA256_HEX_SIZE, &sha, NULL) == -1
      || strcmp (sha, hex) != 0
      || gl_json_get_object (doc, "image", 0, SIZE_MAX, &image, NULL) == -1
      || gl_json_get_object (doc, "extra", 0, SIZE_MAX, &extra, NULL) == -1)
    return NULL;
  struct gl_image *img = gl_image_from_json (image, NULL);
  /* Only successes (and "no operating system") are ever stored; an entry
   * claiming another error is not one of ours. */
  if (!img || (img->error && !gl_image_is_no_os (img))
      || gl_image_extras_from_json (img, extra, NULL) == -1) {
    gl_image_free (img);
    return NULL;
  }
  free (img->path);
  if ((img->path = strdup (path)) == NULL) {
    gl_image_free (img);
    return NULL;
  }
  return img;
}

/* --- clearing --------------------------------------------------------- */

static bool
is_hex64 (const char *s)
{
  for (size_t i = 0; i < 2 * GL_SHA256_SIZE; ++i)
    if (!strchr ("0123456789abcdef", s[i]) || s[i] == '\0')
      return false;
  return true;
}

/* "<hex>.json" (an entry) or ".<hex>.json.XXXXXX" (a temporary file left
 * by a store that was killed).  Anything else in the folder is not ours. */
static bool
is_ours (const char *name)
{
  const size_t hl = 2 * GL_SHA256_SIZE, sl = strlen (ENTRY_SUFFIX);
  if (name[0] == '.') {
    name++;
    return strlen (name) == hl + sl + 7 && is_hex64 (name)
      && strncmp (name + hl, ENTRY_SUFFIX ".", sl + 1) == 0;
  }
  return strlen (name) == hl + sl && is_hex64 (name)
    && strcmp (name + hl, ENTRY_SUFFIX) == 0;
}

int
gl_cache_clear (void)
{
  CLEANUP_FREE char *dir = inspect_dir (false);
  if (!dir)
    return errno == ENOENT ? 0 : -1;
  CLEANUP_CLOSEDIR DIR *d = opendir (dir);
  if (!d)
    return errno == ENOENT ? 0 : -1;
  int r = 0, e = 0;
  struct dirent *de;
  while ((de = readdir (d)) != NULL)
    if (is_ours (de->d_name)
        && unlinkat (dirfd (d), de->d_name, 0) == -1 && errno != ENOENT
        && r == 0) {
      r = -1;
      e = errno;
    }
  errno = e;
  return r;
}
