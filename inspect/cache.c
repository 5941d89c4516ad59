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
 * fields the public contract leaves out, so the public JSON stays exactly
 * the contract.  The image object is produced by the public writer itself
 * (through a one-image report) and read back with report-read.c, so the
 * cache can never drift from the contract's shape.
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

#include <json-c/json.h>

#include "cache-dir.h"
#include "cache.h"
#include "cleanup.h"
#include "error.h"
#include "image-chain.h"
#include "report-read.h"
#include "report-write.h"
#include "sha256.h"

#define CACHE_VERSION 1
#define ENTRY_SUFFIX ".json"

bool
gl_cache_disabled (void)
{
  const char *s = getenv ("GUESTLIFT_NO_CACHE");
  return s && *s && strcmp (s, "0") != 0;
}

/* --- key -------------------------------------------------------------- */

char *
gl_cache_key (const char *path, const char *disk_format, char **err)
{
  struct stat st;
  if (err)
    *err = NULL;
  if (stat (path, &st) == -1) {
    if (err)
      *err = gl_printf ("cannot stat the image: %m");
    return NULL;
  }
  /* The real path: the same inode reached through another name is the
   * same image, but a qcow2 overlay's relative backing file resolves
   * against where the overlay really is. */
  CLEANUP_FREE char *real = realpath (path, NULL);
  if (!real) {
    if (err)
      *err = gl_printf ("cannot resolve the image path: %m");
    return NULL;
  }
  /* ctime too: copying tools that restore mtime (cp -p, rsync -t) cannot
   * restore ctime, so rewritten content with an old mtime still misses. */
  char *key = gl_printf ("guestlift-inspect-cache %d\n"
                         "version=%s\nformat=%s\n"
                         "dev=%ju\nino=%ju\nsize=%jd\n"
                         "mtime=%jd.%09ld\nctime=%jd.%09ld\npath=%s",
                         CACHE_VERSION, PACKAGE_VERSION,
                         disk_format ? disk_format : "auto",
                         (uintmax_t) st.st_dev, (uintmax_t) st.st_ino,
                         (intmax_t) st.st_size,
                         (intmax_t) st.st_mtim.tv_sec, (long) st.st_mtim.tv_nsec,
                         (intmax_t) st.st_ctim.tv_sec, (long) st.st_ctim.tv_nsec,
                         real);
  if (!key && err)
    *err = gl_printf ("out of memory");
  return key;
}

char *
gl_cache_image_key (const char *path, const char *disk_format,
                    bool allow_backing, char **err)
{
  CLEANUP_ERR struct gl_err why = GL_ERR_INIT;
  gl_image_file_vector files;
  if (err)
    *err = NULL;
  if (gl_image_files (path, disk_format, allow_backing, &files, &why) == -1) {
    if (err)
      *err = strdup (gl_err_msg (&why, "out of memory"));
    return NULL;
  }
  char *key = gl_cache_key (path, disk_format, err);
  /* Then each file the image brings in, as the image names it. */
  for (size_t i = 1; key && i < files.len; ++i) {
    const struct gl_image_file *f = &files.ptr[i];
    if (f->remote) {
      if (err)
        *err = gl_printf ("its %s '%s' is not a local file: its contents "
                          "cannot be identified", gl_image_ref_kind_name (f->kind),
                          f->name);
      free (key);
      key = NULL;
      break;
    }
    CLEANUP_FREE char *fkey = gl_cache_key (f->name, gl_image_ref_kind_name (f->kind),
                                            err);
    char *both = fkey ? gl_printf ("%s\n%s", key, fkey) : NULL;
    free (key);
    key = both;
    if (!both && fkey && err)
      *err = gl_printf ("out of memory");
  }
  gl_image_files_free (&files);
  return key;
}

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

/* The key's hash (hex) and the entry's file name; NULL on a miss, with
 * *nokey set when the image has no key (which is not an error). */
static char *
entry_path (const char *path, const char *disk_format, bool allow_backing,
            bool create, char hex[GL_SHA256_HEX_SIZE], bool *nokey)
{
  CLEANUP_FREE char *key = gl_cache_image_key (path, disk_format, allow_backing, NULL);
  *nokey = !key;
  if (!key)
    return NULL;
  gl_sha256_hex (key, strlen (key), hex);
  CLEANUP_FREE char *dir = inspect_dir (create);
  if (!dir)
    return NULL;
  return gl_printf ("%s/%s" ENTRY_SUFFIX, dir, hex);
}

/* --- what the cache file can carry ------------------------------------ */

/* The cache must give back what was stored, or nothing.  The public
 * writer changes a few things (invalid UTF-8 becomes U+FFFD, a NULL
 * mountpoint is skipped, a repeated mountpoint keeps the last device) and
 * the reader has limits; such images are simply not cached. */
static bool
clean_string (const char *s)
{
  if (!s)
    return true;
  if (strlen (s) > GL_REPORT_READ_MAX_STRING)
    return false;
  CLEANUP_FREE char *c = gl_report_clean (s, 0);
  return c && strcmp (c, s) == 0;
}

static bool
clean_strings (const string_vector *v)
{
  if (v->len > GL_REPORT_READ_MAX_ITEMS)
    return false;
  for (size_t i = 0; i < v->len; ++i)
    if (!v->ptr[i] || !clean_string (v->ptr[i]))
      return false;
  return true;
}

static bool
kernel_cacheable (const struct gl_kernel *k)
{
  const char *s[] = { k->version, k->vmlinuz, k->initrd, k->config, k->arch,
                      k->xen_pv_only_evidence, k->modules_dir, k->format_hint };
  for (size_t i = 0; i < sizeof s / sizeof s[0]; ++i)
    if (!clean_string (s[i]))
      return false;
  return (unsigned) k->config_source <= GL_CONFIG_IKCONFIG
    && k->xen_pv_only >= GL_NULL && k->xen_pv_only <= GL_TRUE
    && k->initrd_has_virtio_blk >= GL_NULL && k->initrd_has_virtio_blk <= GL_TRUE;
}

static bool
os_cacheable (const struct gl_os *os)
{
  const char *s[] = { os->root, os->type, os->distro, os->product_name,
                      os->arch, os->hostname, os->package_format,
                      os->package_management, os->osinfo,
                      os->bootloader.type, os->bootloader.config,
                      os->bootloader.default_kernel, os->kvm.recommended_kernel,
                      os->default_cmdline };
  for (size_t i = 0; i < sizeof s / sizeof s[0]; ++i)
    if (!clean_string (s[i]))
      return false;
  if (os->mountpoints.len > GL_REPORT_READ_MAX_ITEMS
      || os->kernels.len > GL_REPORT_READ_MAX_ITEMS)
    return false;
  for (size_t i = 0; i < os->mountpoints.len; ++i) {
    const struct gl_mountpoint *m = &os->mountpoints.ptr[i];
    if (!m->mountpoint || !clean_string (m->mountpoint) || !clean_string (m->device))
      return false;
    for (size_t j = 0; j < i; ++j)
      if (strcmp (os->mountpoints.ptr[j].mountpoint, m->mountpoint) == 0)
        return false;
  }
  for (size_t i = 0; i < os->kernels.len; ++i)
    if (!kernel_cacheable (os->kernels.ptr[i]))
      return false;
  return clean_strings (&os->filesystems)
    && clean_strings (&os->xen.fstab_devices)
    && clean_strings (&os->xen.consoles)
    && clean_strings (&os->xen.modprobe_aliases)
    && clean_strings (&os->kvm.blockers)
    && clean_strings (&os->kvm.warnings);
}

static bool
image_cacheable (const struct gl_image *img)
{
  if (!clean_string (img->path) || !clean_string (img->format)
      || img->virtual_size < -1 || img->oses.len > GL_REPORT_READ_MAX_ITEMS)
    return false;
  for (size_t i = 0; i < img->oses.len; ++i)
    if (!img->oses.ptr[i] || !os_cacheable (img->oses.ptr[i]))
      return false;
  return true;
}

/* --- writing ---------------------------------------------------------- */

/* Parse text with the limits every cache read uses (len is at most
 * GL_CACHE_MAX_ENTRY here, or the size of one image's JSON). */
static json_object *
parse (const char *text, size_t len)
{
  json_tokener *tok = json_tokener_new_ex (16);
  if (!tok)
    return NULL;
  json_tokener_set_flags (tok, JSON_TOKENER_VALIDATE_UTF8);
  json_object *o = json_tokener_parse_ex (tok, text, (int) len);
  bool good = json_tokener_get_error (tok) == json_tokener_success;
  /* Only white space may follow (the writers end with a newline). */
  for (size_t i = json_tokener_get_parse_end (tok); good && i < len; ++i)
    good = text[i] == ' ' || text[i] == '\n' || text[i] == '\t' || text[i] == '\r';
  if (!good) {
    json_object_put (o);
    o = NULL;
  }
  json_tokener_free (tok);
  return o;
}

/* The image object as the public writer prints it: write a one-image
 * report and take its images[0].  One serialiser for both. */
static json_object *
image_object (const struct gl_image *img)
{
  struct gl_report one = {
    .images = { .ptr = (struct gl_image **) &img, .len = 1, .cap = 1 },
  };
  CLEANUP_FREE char *text = NULL;
  size_t size = 0;
  FILE *fp = open_memstream (&text, &size);
  if (!fp)
    return NULL;
  int r = gl_report_write_json (&one, fp);
  if (fclose (fp) == EOF || r == -1)
    return NULL;
  if (size > GL_CACHE_MAX_ENTRY) {
    errno = EFBIG;              /* a lookup would refuse the entry */
    return NULL;
  }
  json_object *doc = parse (text, size);
  json_object *images, *image = NULL;
  if (doc && json_object_object_get_ex (doc, "images", &images)
      && json_object_array_length (images) == 1)
    image = json_object_get (json_object_array_get_idx (images, 0));
  json_object_put (doc);
  return image;
}

/* Add key: string (or null); false on ENOMEM. */
static bool
add_str (json_object *o, const char *key, const char *s)
{
  json_object *v = NULL;
  if (s && (v = json_object_new_string (s)) == NULL)
    return false;
  if (json_object_object_add (o, key, v) != 0) {
    json_object_put (v);
    return false;
  }
  return true;
}

static bool
add_obj (json_object *o, const char *key, json_object *v)
{
  if (!v || json_object_object_add (o, key, v) != 0) {
    json_object_put (v);
    return false;
  }
  return true;
}

static bool
push (json_object *a, json_object *v)
{
  if (!v || json_object_array_add (a, v) != 0) {
    json_object_put (v);
    return false;
  }
  return true;
}

static json_object *
extra_kernel (const struct gl_kernel *k)
{
  json_object *o = json_object_new_object ();
  if (!o
      || !add_obj (o, "has_ide", json_object_new_boolean (k->has_ide))
      || !add_obj (o, "virtio_blk_builtin",
                   json_object_new_boolean (k->virtio_blk_builtin))
      || !add_str (o, "modules_dir", k->modules_dir)
      || !add_str (o, "format_hint", k->format_hint)) {
    json_object_put (o);
    return NULL;
  }
  return o;
}

static json_object *
extra_os (const struct gl_os *os)
{
  json_object *o = json_object_new_object ();
  json_object *ks = json_object_new_array ();
  bool good = o && ks;
  for (size_t i = 0; good && i < os->kernels.len; ++i)
    good = push (ks, extra_kernel (os->kernels.ptr[i]));
  if (!good
      || !add_str (o, "osinfo", os->osinfo)
      || !add_str (o, "default_cmdline", os->default_cmdline)
      || !add_obj (o, "kernels", GL_STEAL (ks))) {
    json_object_put (ks);
    json_object_put (o);
    return NULL;
  }
  return o;
}

static json_object *
entry_object (const struct gl_image *img, const char *hex, const char *disk_format)
{
  json_object *doc = json_object_new_object ();
  json_object *key = json_object_new_object ();
  json_object *extra = json_object_new_object ();
  json_object *oses = json_object_new_array ();
  bool good = doc && key && extra && oses;
  for (size_t i = 0; good && i < img->oses.len; ++i)
    good = push (oses, extra_os (img->oses.ptr[i]));
  good = good
    && add_obj (doc, "cache_version", json_object_new_int (CACHE_VERSION))
    && add_str (key, "sha256", hex)
    && add_str (key, "format", disk_format ? disk_format : "auto")
    && add_obj (doc, "key", GL_STEAL (key))
    && add_obj (doc, "image", image_object (img))
    && add_obj (extra, "oses", GL_STEAL (oses))
    && add_obj (doc, "extra", GL_STEAL (extra));
  json_object_put (oses);
  json_object_put (extra);
  json_object_put (key);
  if (!good) {
    json_object_put (doc);
    return NULL;
  }
  return doc;
}

static int
write_all (int fd, const char *p, size_t n)
{
  while (n) {
    ssize_t w = write (fd, p, n);
    if (w == -1) {
      if (errno == EINTR)
        continue;
      return -1;
    }
    p += w;
    n -= (size_t) w;
  }
  return 0;
}

int
gl_cache_store (const struct gl_image *img, const char *disk_format,
                bool allow_backing)
{
  if (gl_cache_disabled () || !img || !img->path)
    return 0;
  /* Only successes are cached: an error may be transient (no memory for
   * the appliance, KVM busy, an image still being copied, a permission
   * fixed a minute later), and a cached failure would keep failing
   * without ever retrying.  "No operating system" is not a failure but
   * the answer (the image was read), and it costs an appliance: cached. */
  if (img->error && !gl_image_is_no_os (img))
    return 0;
  if (!image_cacheable (img))
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
  CLEANUP_FREE char *final = entry_path (img->path, disk_format, allow_backing,
                                         true, hex, &nokey);
  if (!final)
    /* No key (an image naming files it may not, or remote ones): not
     * cached, which is not a failure. */
    return nokey ? 0 : -1;

  errno = 0;
  json_object *doc = entry_object (img, hex, disk_format);
  if (!doc && errno == EFBIG)
    return 0;                   /* too big to cache: not an error */
  const char *text = doc
    ? json_object_to_json_string_ext (doc, JSON_C_TO_STRING_PLAIN
                                           | JSON_C_TO_STRING_NOSLASHESCAPE)
    : NULL;
  if (!text) {
    json_object_put (doc);
    errno = ENOMEM;
    return -1;
  }
  size_t len = strlen (text);
  if (len > GL_CACHE_MAX_ENTRY) {
    /* A lookup would refuse it; don't write what can never be read. */
    json_object_put (doc);
    return 0;
  }

  CLEANUP_FREE char *dir = inspect_dir (false);
  CLEANUP_FREE char *tmp = dir ? gl_printf ("%s/.%s" ENTRY_SUFFIX ".XXXXXX",
                                            dir, hex) : NULL;
  if (!tmp) {
    json_object_put (doc);
    errno = ENOMEM;
    return -1;
  }
  int fd = mkostemp (tmp, O_CLOEXEC);
  if (fd == -1) {
    int e = errno;
    json_object_put (doc);
    errno = e;
    return -1;
  }
  int r = 0;
  if (fchmod (fd, 0600) == -1
      || write_all (fd, text, len) == -1
      || write_all (fd, "\n", 1) == -1
      || fsync (fd) == -1)
    r = -1;
  int e = errno;
  if (close (fd) == -1 && r == 0) {
    r = -1;
    e = errno;
  }
  json_object_put (doc);
  if (r == 0 && rename (tmp, final) == -1) {
    r = -1;
    e = errno;
  }
  if (r == -1) {
    unlink (tmp);
    errno = e;
    return -1;
  }
  /* Make the rename itself durable; a failure here loses a cache entry
   * at worst, so it is not reported. */
  int dfd = open (dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dfd >= 0) {
    fsync (dfd);
    close (dfd);
  }
  return 0;
}

/* --- reading ---------------------------------------------------------- */

/* The whole entry file, NUL-terminated, or NULL (missing, not a regular
 * file, a symlink, larger than GL_CACHE_MAX_ENTRY). */
static char *
read_entry (const char *file, size_t *lenp)
{
  int fd = open (file, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK);
  if (fd == -1)
    return NULL;
  CLEANUP_CLOSE int cfd = fd;
  struct stat st;
  if (fstat (cfd, &st) == -1 || !S_ISREG (st.st_mode)
      || st.st_size < 0 || st.st_size > GL_CACHE_MAX_ENTRY)
    return NULL;
  /* Read one byte more than stat promised, to notice a file that grew. */
  size_t want = (size_t) st.st_size + 1;
  CLEANUP_FREE char *buf = malloc (want + 1);
  if (!buf)
    return NULL;
  size_t len = 0;
  while (len < want) {
    ssize_t n = read (cfd, buf + len, want - len);
    if (n == -1 && errno == EINTR)
      continue;
    if (n == -1)
      return NULL;
    if (n == 0)
      break;
    len += (size_t) n;
  }
  if (len > (size_t) st.st_size)
    return NULL;
  buf[len] = '\0';
  *lenp = len;
  return GL_STEAL (buf);
}

/* key: string-or-null, at most GL_REPORT_READ_MAX_STRING, no NUL inside;
 * false if anything is off. */
static bool
get_opt_string (json_object *o, const char *key, char **out)
{
  json_object *v;
  if (!json_object_object_get_ex (o, key, &v))
    return false;
  if (v == NULL)
    return true;
  if (!json_object_is_type (v, json_type_string))
    return false;
  int len = json_object_get_string_len (v);
  const char *s = json_object_get_string (v);
  if (len < 0 || len > GL_REPORT_READ_MAX_STRING || strlen (s) != (size_t) len)
    return false;
  free (*out);
  return (*out = strdup (s)) != NULL;
}

static bool
get_bool (json_object *o, const char *key, bool *out)
{
  json_object *v;
  if (!json_object_object_get_ex (o, key, &v)
      || !json_object_is_type (v, json_type_boolean))
    return false;
  *out = json_object_get_boolean (v);
  return true;
}

/* An array member with exactly n items. */
static json_object *
get_array (json_object *o, const char *key, size_t n)
{
  json_object *v;
  if (!json_object_object_get_ex (o, key, &v)
      || !json_object_is_type (v, json_type_array)
      || json_object_array_length (v) != n)
    return NULL;
  return v;
}

/* Fill in the model fields the public image object does not carry. */
static bool
apply_extra (struct gl_image *img, json_object *extra)
{
  if (!json_object_is_type (extra, json_type_object))
    return false;
  json_object *oses = get_array (extra, "oses", img->oses.len);
  if (!oses)
    return false;
  for (size_t i = 0; i < img->oses.len; ++i) {
    struct gl_os *os = img->oses.ptr[i];
    json_object *eo = json_object_array_get_idx (oses, i);
    if (!json_object_is_type (eo, json_type_object)
        || !get_opt_string (eo, "osinfo", &os->osinfo)
        || !get_opt_string (eo, "default_cmdline", &os->default_cmdline))
      return false;
    json_object *ks = get_array (eo, "kernels", os->kernels.len);
    if (!ks)
      return false;
    for (size_t j = 0; j < os->kernels.len; ++j) {
      struct gl_kernel *k = os->kernels.ptr[j];
      json_object *ek = json_object_array_get_idx (ks, j);
      if (!json_object_is_type (ek, json_type_object)
          || !get_bool (ek, "has_ide", &k->has_ide)
          || !get_bool (ek, "virtio_blk_builtin", &k->virtio_blk_builtin)
          || !get_opt_string (ek, "modules_dir", &k->modules_dir)
          || !get_opt_string (ek, "format_hint", &k->format_hint))
        return false;
    }
  }
  return true;
}

struct gl_image *
gl_cache_lookup (const char *path, const char *disk_format, bool allow_backing)
{
  if (gl_cache_disabled () || !path)
    return NULL;
  char hex[GL_SHA256_HEX_SIZE];
  bool nokey;
  CLEANUP_FREE char *file = entry_path (path, disk_format, allow_backing, false,
                                        hex, &nokey);
  if (!file)
    return NULL;
  size_t len = 0;
  CLEANUP_FREE char *text = read_entry (file, &len);
  if (!text)
    return NULL;
  json_object *doc = parse (text, len);
  struct gl_image *img = NULL;
  json_object *v, *key, *image, *extra;
  if (!doc || !json_object_is_type (doc, json_type_object)
      || !json_object_object_get_ex (doc, "cache_version", &v)
      || !json_object_is_type (v, json_type_int)
      || json_object_get_int64 (v) != CACHE_VERSION
      /* The file name is the hash, but a copied or renamed entry must
       * not answer for another image. */
      || !json_object_object_get_ex (doc, "key", &key)
      || !json_object_is_type (key, json_type_object)
      || !json_object_object_get_ex (key, "sha256", &v)
      || !json_object_is_type (v, json_type_string)
      || strcmp (json_object_get_string (v), hex) != 0
      || !json_object_object_get_ex (doc, "image", &image)
      || !json_object_object_get_ex (doc, "extra", &extra))
    goto miss;
  img = gl_image_from_json (image, NULL);
  /* Only successes (and "no operating system") are ever stored; an entry
   * claiming another error is not one of ours. */
  if (!img || (img->error && !gl_image_is_no_os (img)) || !apply_extra (img, extra))
    goto miss;
  free (img->path);
  if ((img->path = strdup (path)) == NULL)
    goto miss;
  json_object_put (doc);
  return img;

 miss:
  gl_image_free (img);
  json_object_put (doc);
  return NULL;
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
  DIR *d = opendir (dir);
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
  closedir (d);
  errno = e;
  return r;
}
