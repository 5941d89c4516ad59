/* Unit tests for inspect/cache.c: store then lookup gives back the whole
 * image (the fields outside the JSON contract too); any change to the
 * image's identity, a damaged entry, an image with an error and
 * GUESTLIFT_NO_CACHE all make a miss.  The cache lives in a temporary
 * XDG_CACHE_HOME. */
#include <config.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cache.h"
#include "cleanup.h"
#include "error.h"
#include "image-key.h"
#define GL_REPORT_SAMPLE_NO_MAIN
#include "report-sample.c"

#include "tap.h"
#include "test-report-read.h"

static char *top;          /* the temporary folder */
static char *image;        /* top/disk.img */
static char *entries;      /* top/cache/guestlift/inspect */

/* How many cache entries exist, and the name of the last one. */
static int
count_entries (char **last)
{
  DIR *d = opendir (entries);
  int n = 0;
  if (last) {
    free (*last);
    *last = NULL;
  }
  if (!d)
    return 0;
  struct dirent *de;
  while ((de = readdir (d)) != NULL) {
    if (de->d_name[0] == '.')
      continue;
    n++;
    if (last) {
      free (*last);
      *last = gl_printf ("%s/%s", entries, de->d_name);
    }
  }
  closedir (d);
  return n;
}

static void
write_file (const char *path, const char *data, size_t len)
{
  FILE *fp = fopen (path, "w");
  if (!fp || fwrite (data, 1, len, fp) != len || fclose (fp) != 0)
    abort ();
}

static char *
read_file (const char *path)
{
  FILE *fp = fopen (path, "r");
  if (!fp)
    return NULL;
  char *buf = calloc (1, 1 << 20);
  size_t n = fread (buf, 1, (1 << 20) - 1, fp);
  buf[n] = '\0';
  fclose (fp);
  return buf;
}

/* Store the sample for the image and check the store worked. */
static void
store_sample (const char *what)
{
  struct gl_image *img = sample_rich_image (image);
  ok (gl_cache_store (img, NULL, false) == 0 && count_entries (NULL) == 1,
      "%s: stored", what);
  gl_image_free (img);
}

static bool
hit_allowed (const char *path, const char *fmt, bool allow_backing)
{
  struct gl_image *img = gl_cache_lookup (path, fmt, allow_backing);
  bool r = img != NULL;
  gl_image_free (img);
  return r;
}

static bool
hit (const char *path, const char *fmt)
{
  return hit_allowed (path, fmt, false);
}

static void
test_round_trip (void)
{
  struct gl_image *img = sample_rich_image (image);
  is_int (gl_cache_store (img, NULL, false), 0, "store a healthy image");
  CLEANUP_FREE char *entry = NULL;
  is_int (count_entries (&entry), 1, "one entry file");
  struct stat st;
  ok (entry && stat (entry, &st) == 0 && (st.st_mode & 0777) == 0600,
      "entry file is mode 0600");
  ok (entry && strlen (strrchr (entry, '/') + 1) == 64 + 5,
      "entry named after the key's sha256");
  /* The file holds gl_cache_entry_text (whose bytes report.golden fixes). */
  if (entry) {
    CLEANUP_FREE char *hex = strndup (strrchr (entry, '/') + 1, 64);
    CLEANUP_FREE char *text = gl_cache_entry_text (img, hex, NULL);
    CLEANUP_FREE char *file = read_file (entry);
    CLEANUP_FREE char *want = text ? gl_printf ("%s\n", text) : NULL;
    ok (want && file && strcmp (file, want) == 0,
        "the entry file is gl_cache_entry_text and a newline");
  }

  struct gl_image *back = gl_cache_lookup (image, NULL, false);
  bool same = same_image (img, back, true);
  ok (same, "lookup gives back every field, extras included%s%s",
      same ? "" : "; differs at ", same ? "" : cmp_what);
  if (back) {
    is_str (back->oses.ptr[0]->osinfo, "rhel5.11", "osinfo kept");
    is_str (back->oses.ptr[0]->kernels.ptr[0]->format_hint,
            "XenLinux ELF image (gzip, Xen notes), not a bzImage", "format_hint kept");
    ok (back->oses.ptr[0]->kernels.ptr[1]->has_ide
        && back->oses.ptr[0]->kernels.ptr[1]->virtio_blk_builtin
        && !back->oses.ptr[0]->kernels.ptr[0]->has_ide, "kernel booleans kept");
  }
  gl_image_free (back);

  /* The same file by another name: a hit, with the name as given now. */
  CLEANUP_FREE char *link = gl_printf ("%s/link.img", top);
  if (symlink ("disk.img", link) == -1)
    abort ();
  back = gl_cache_lookup (link, NULL, false);
  ok (back != NULL, "lookup through a symlink hits");
  is_str (back ? back->path : NULL, link, "path is the one given now");
  gl_image_free (back);
  unlink (link);

  ok (!hit (image, "raw"), "a forced disk format is another key");
  ok (hit (image, NULL), "still a hit for auto");
  gl_image_free (img);
}

static void
test_identity_changes (void)
{
  /* mtime: set it an hour back. */
  struct stat st;
  if (stat (image, &st) == -1)
    abort ();
  struct timespec ts[2] = { st.st_atim, st.st_mtim };
  ts[1].tv_sec -= 3600;
  ok (utimensat (AT_FDCWD, image, ts, 0) == 0 && !hit (image, NULL),
      "changed mtime: miss");
  gl_cache_clear ();
  store_sample ("after touch");
  ok (hit (image, NULL), "re-stored: hit");

  /* size: grow the file, then put mtime back as it was. */
  if (stat (image, &st) == -1)
    abort ();
  ts[0] = st.st_atim;
  ts[1] = st.st_mtim;
  if (truncate (image, st.st_size + 512) == -1 || utimensat (AT_FDCWD, image, ts, 0) == -1)
    abort ();
  ok (!hit (image, NULL), "changed size (same mtime): miss");

  /* replaced by another file (new inode) with the same size and mtime */
  gl_cache_clear ();
  store_sample ("before replace");
  if (stat (image, &st) == -1)
    abort ();
  CLEANUP_FREE char *other = gl_printf ("%s/other.img", top);
  CLEANUP_FREE char *data = calloc (1, (size_t) st.st_size);
  write_file (other, data, (size_t) st.st_size);
  ts[0] = st.st_atim;
  ts[1] = st.st_mtim;
  if (utimensat (AT_FDCWD, other, ts, 0) == -1 || rename (other, image) == -1)
    abort ();
  ok (!hit (image, NULL), "replaced file (same size and mtime): miss");
}

static void
test_corrupt (void)
{
  CLEANUP_FREE char *entry = NULL;
  gl_cache_clear ();
  store_sample ("before corruption");
  count_entries (&entry);
  CLEANUP_FREE char *good = read_file (entry);
  ok (good && strstr (good, "\"cache_version\":2"), "entry carries cache_version 2");

  write_file (entry, "garbage \x01\xff{{{", 12);
  ok (!hit (image, NULL), "garbage entry: miss");

  write_file (entry, good, strlen (good) / 2);
  ok (!hit (image, NULL), "truncated entry: miss");

  write_file (entry, "", 0);
  ok (!hit (image, NULL), "empty entry: miss");

  {
    CLEANUP_FREE char *v9 = strdup (good);
    char *p = strstr (v9, "\"cache_version\":2");
    p[strlen ("\"cache_version\":")] = '9';
    write_file (entry, v9, strlen (v9));
    ok (!hit (image, NULL), "cache_version 9: miss");
  }
  {
    /* Valid JSON, wrong extras: one kernel fewer than the image has. */
    CLEANUP_FREE char *e = strdup (good);
    char *p = strstr (e, "{\"has_ide\":false,\"virtio_blk_builtin\":false,"
                         "\"modules_dir\":null,\"format_hint\":null}");
    ok (p != NULL, "found the third kernel's extras");
    if (p) {
      memcpy (p - 1, "]", 1);                        /* the comma before it */
      memmove (p, strchr (p, '}') + 2, strlen (strchr (p, '}') + 2) + 1);
      write_file (entry, e, strlen (e));
      ok (!hit (image, NULL), "extras not matching the image: miss");
    }
  }
  {
    /* Another image's entry copied under this name. */
    CLEANUP_FREE char *e = strdup (good);
    char *p = strstr (e, "\"sha256\":\"");
    p += strlen ("\"sha256\":\"");
    *p = *p == 'a' ? 'b' : 'a';
    write_file (entry, e, strlen (e));
    ok (!hit (image, NULL), "key hash not matching: miss");
  }
  {
    /* Oversize: a valid entry padded past 16 MiB. */
    FILE *fp = fopen (entry, "w");
    fputs (good, fp);
    if (ftruncate (fileno (fp), GL_CACHE_MAX_ENTRY + 1) == -1)
      abort ();
    fclose (fp);
    ok (!hit (image, NULL), "entry over 16 MiB: miss");
  }
  {
    /* A symlink in place of the entry is not followed. */
    CLEANUP_FREE char *target = gl_printf ("%s/elsewhere.json", top);
    write_file (target, good, strlen (good));
    unlink (entry);
    if (symlink (target, entry) == -1)
      abort ();
    ok (!hit (image, NULL), "symlinked entry: miss");
    unlink (target);
    unlink (entry);
  }
  write_file (entry, good, strlen (good));
  ok (hit (image, NULL), "the original entry again: hit");
}

static void
test_not_stored (void)
{
  gl_cache_clear ();
  is_int (count_entries (NULL), 0, "gl_cache_clear removed the entries");
  ok (!hit (image, NULL), "cleared: miss");

  struct gl_image *img = sample_failed_image (image);
  is_int (gl_cache_store (img, NULL, false), 0, "store of an image with an error returns 0");
  is_int (count_entries (NULL), 0, "... and writes nothing");
  gl_image_free (img);

  /* "No operating system" is an answer, not a failure: it is cached. */
  img = gl_image_new (image);
  gl_image_set_error (img, "%s", GL_NO_OS_ERROR);
  is_int (gl_cache_store (img, NULL, false), 0, "store of a no-OS image returns 0");
  is_int (count_entries (NULL), 1, "... and writes its entry");
  gl_image_free (img);
  img = gl_cache_lookup (image, NULL, false);
  ok (img && gl_image_is_no_os (img), "a cached no-OS image comes back with its error");
  gl_image_free (img);
  gl_cache_clear ();

  /* A string the JSON writer would change cannot come back as stored. */
  img = sample_rich_image (image);
  free (img->oses.ptr[0]->hostname);
  img->oses.ptr[0]->hostname = xs ("bad \xff utf-8");
  is_int (gl_cache_store (img, NULL, false), 0, "store of an image with invalid UTF-8 returns 0");
  is_int (count_entries (NULL), 0, "... and writes nothing");
  gl_image_free (img);

  img = sample_rich_image ("/nonexistent/disk.img");
  ok (gl_cache_store (img, NULL, false) == -1, "store for a missing image fails");
  ok (!hit ("/nonexistent/disk.img", NULL), "lookup for a missing image misses");
  gl_image_free (img);

  CLEANUP_ERR struct gl_err err = GL_ERR_INIT;
  char *key = gl_image_file_key ("/nonexistent/disk.img", NULL, &err);
  ok (!key && err.msg && !strchr (err.msg, '\n') && err.errnum == ENOENT,
      "gl_image_file_key error: %s", gl_err_msg (&err, ""));
  free (key);
  key = gl_image_file_key (image, "qcow2", NULL);
  ok (key && strstr (key, "format=qcow2") && strstr (key, "version=" PACKAGE_VERSION),
      "key names the format and the guestlift version");
  free (key);

  /* The key's bytes are what entries already written were keyed by:
   * changing them makes every cached inspection and kernel a miss. */
  struct stat st;
  CLEANUP_FREE char *real = realpath (image, NULL);
  key = gl_image_key (image, NULL, false, NULL);
  CLEANUP_FREE char *want = stat (image, &st) == 0 && real
    ? gl_printf ("guestlift-inspect-cache 2\nversion=%s\nformat=auto\n"
                 "dev=%ju\nino=%ju\nsize=%jd\nmtime=%jd.%09ld\n"
                 "ctime=%jd.%09ld\npath=%s", PACKAGE_VERSION,
                 (uintmax_t) st.st_dev, (uintmax_t) st.st_ino,
                 (intmax_t) st.st_size,
                 (intmax_t) st.st_mtim.tv_sec, (long) st.st_mtim.tv_nsec,
                 (intmax_t) st.st_ctim.tv_sec, (long) st.st_ctim.tv_nsec, real)
    : NULL;
  is_str (key, want, "an image's key, byte for byte");
  free (key);
}

/* A qcow2 (version 2) header naming BACKING as its backing file. */
static void
write_overlay (const char *path, const char *backing)
{
  unsigned char h[72 + 256] = { 'Q', 'F', 'I', 0xfb, 0, 0, 0, 2 };
  size_t n = strlen (backing);
  h[15] = 72;                               /* backing_file_offset */
  h[19] = (unsigned char) n;                /* backing_file_size */
  h[23] = 16;                               /* cluster_bits */
  h[29] = 0x10;                             /* size: 1 MiB */
  memcpy (h + 72, backing, n);
  write_file (path, (const char *) h, 72 + n);
}

/* An overlay's key covers its backing file: refused without the opt-in,
 * and a changed backing file is a miss with it. */
static void
test_backing_chain (void)
{
  gl_cache_clear ();
  CLEANUP_FREE char *base = gl_printf ("%s/base.img", top);
  CLEANUP_FREE char *over = gl_printf ("%s/over.qcow2", top);
  CLEANUP_FREE char *remote = gl_printf ("%s/remote.qcow2", top);
  write_file (base, "base contents, version 1\n", 25);
  write_overlay (over, "base.img");
  write_overlay (remote, "nbd://127.0.0.1:10809/x");

  CLEANUP_ERR struct gl_err err = GL_ERR_INIT;
  char *key = gl_image_key (over, NULL, false, &err);
  ok (!key && err.msg && strstr (err.msg, "backing file 'base.img'")
      && strstr (err.msg, "--allow-backing-file"),
      "without the opt-in an overlay has no key: %s", gl_err_msg (&err, ""));
  free (key);
  gl_err_clear (&err);
  key = gl_image_key (over, NULL, true, &err);
  ok (key && strstr (key, "/base.img"), "with it, the key names the backing file");
  free (key);

  struct gl_image *img = sample_rich_image (over);
  ok (gl_cache_store (img, NULL, false) == 0 && count_entries (NULL) == 0,
      "an overlay is not stored without the opt-in");
  ok (gl_cache_store (img, NULL, true) == 0 && count_entries (NULL) == 1,
      "... and is with it");
  ok (hit_allowed (over, NULL, true), "lookup with the opt-in hits");
  ok (!hit_allowed (over, NULL, false), "lookup without it misses");
  write_file (base, "base contents, version 2\n", 25);
  ok (!hit_allowed (over, NULL, true),
      "a changed backing file under an unchanged overlay misses");
  ok (gl_cache_store (img, NULL, true) == 0 && hit_allowed (over, NULL, true),
      "stored again, it hits");
  unlink (base);
  ok (!hit_allowed (over, NULL, true), "a missing backing file misses");
  gl_image_free (img);

  gl_err_clear (&err);
  key = gl_image_key (remote, NULL, true, &err);
  ok (!key && err.msg && strstr (err.msg, "not a local file"),
      "a remote backing file has no key: %s", gl_err_msg (&err, ""));
  free (key);
  img = sample_rich_image (remote);
  ok (gl_cache_store (img, NULL, true) == 0 && !hit_allowed (remote, NULL, true),
      "... so it is never cached");
  gl_image_free (img);
  unlink (over);
  unlink (remote);
  gl_cache_clear ();
}

static void
test_disabled (void)
{
  gl_cache_clear ();
  store_sample ("before GUESTLIFT_NO_CACHE");
  setenv ("GUESTLIFT_NO_CACHE", "1", 1);
  ok (!hit (image, NULL), "GUESTLIFT_NO_CACHE=1: lookup misses");
  gl_cache_clear ();
  struct gl_image *img = sample_rich_image (image);
  ok (gl_cache_store (img, NULL, false) == 0 && count_entries (NULL) == 0,
      "GUESTLIFT_NO_CACHE=1: store writes nothing");
  setenv ("GUESTLIFT_NO_CACHE", "0", 1);
  ok (gl_cache_store (img, NULL, false) == 0 && hit (image, NULL),
      "GUESTLIFT_NO_CACHE=0: cache on");
  unsetenv ("GUESTLIFT_NO_CACHE");
  gl_image_free (img);
}

/* One guest over two disks: cached as a unit, keyed by both. */
static void
test_group (void)
{
  gl_cache_clear ();
  CLEANUP_FREE char *swap = gl_printf ("%s/swap.img", top);
  write_file (swap, "swap\n", 5);
  struct gl_image *g[2] = { sample_rich_image (image), gl_image_new (swap) };
  g[1]->format = strdup ("raw");
  is_int (gl_cache_store_group (g, 2, NULL, false), 0, "group: stored");
  is_int (count_entries (NULL), 2, "group: one entry a disk");
  ok (!hit (image, NULL), "group: the first disk alone is not a hit (its facts depend on both)");
  struct gl_image *q[2] = { gl_image_new (image), gl_image_new (swap) };
  ok (gl_cache_lookup_group (q, 2, NULL, false), "group: both disks again: a hit");
  ok (same_image (g[0], q[0], true) && q[1]->oses.len == 0,
      "group: each disk gets its own facts back");
  struct gl_image *r[2] = { gl_image_new (swap), gl_image_new (image) };
  ok (!gl_cache_lookup_group (r, 2, NULL, false) && r[0]->oses.len == 0,
      "group: the disks in another order: a miss, nothing filled");
  write_file (swap, "changed\n", 8);
  ok (!gl_cache_lookup_group (q, 2, NULL, false), "group: a disk changed: a miss");
  for (size_t i = 0; i < 2; ++i) {
    gl_image_free (g[i]);
    gl_image_free (q[i]);
    gl_image_free (r[i]);
  }
  unlink (swap);
  gl_cache_clear ();
}

int
main (void)
{
  char tmpl[] = "/tmp/guestlift-test-cache.XXXXXX";
  if (!mkdtemp (tmpl))
    abort ();
  top = tmpl;
  CLEANUP_FREE char *xdg = gl_printf ("%s/cache", top);
  setenv ("XDG_CACHE_HOME", xdg, 1);
  unsetenv ("GUESTLIFT_NO_CACHE");
  image = gl_printf ("%s/disk.img", top);
  entries = gl_printf ("%s/guestlift/inspect", xdg);
  write_file (image, "not really a disk image\n", 24);

  ok (gl_cache_clear () == 0, "clearing a cache that does not exist is fine");
  test_round_trip ();
  test_identity_changes ();
  test_corrupt ();
  test_not_stored ();
  test_backing_chain ();
  test_disabled ();
  test_group ();

  /* Leave nothing behind. */
  ok (gl_cache_clear () == 0 && count_entries (NULL) == 0, "final clear");
  rmdir (entries);
  CLEANUP_FREE char *gdir = gl_printf ("%s/guestlift", xdg);
  rmdir (gdir);
  rmdir (xdg);
  unlink (image);
  ok (rmdir (top) == 0, "temporary folder empty at the end");
  free (image);
  free (entries);
  return tap_done ();
}
