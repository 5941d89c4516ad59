/* guestlift batch: the guest list (see batch-manifest.h). */
#include <config.h>

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

#include <json-c/json.h>

#include "batch-manifest.h"
#include "cleanup.h"
#include "error.h"
#include "gl-limits.h"
#include "guest-name.h"
#include "read-file.h"
#include "shard.h"
#include "source-config.h"

/* --- guests ------------------------------------------------------------ */

void
gl_batch_guest_free (struct gl_batch_guest *g)
{
  if (!g)
    return;
  free (g->name);
  string_vector_free (&g->disks);
  free (g->source_config);
  free (g->to);
  free (g->output_format);
  free (g->wait_for);
  free (g->error);
  free (g);
}

void
gl_batch_guests_free (gl_batch_guest_vector *v)
{
  for (size_t i = 0; i < v->len; ++i)
    gl_batch_guest_free (v->ptr[i]);
  gl_batch_guest_vector_reset (v);
}

static struct gl_batch_guest *
guest_new (void)
{
  struct gl_batch_guest *g = calloc (1, sizeof *g);
  if (g)
    g->direct_boot = g->boot_test = g->allow_backing_file = -1;
  return g;
}

/* PATH as given when absolute (or BASEDIR is NULL), else BASEDIR/PATH. */
static char *
resolve (const char *basedir, const char *path)
{
  if (path[0] == '/' || !basedir)
    return strdup (path);
  return gl_printf ("%s/%s", basedir, path);
}

/* --- manifest ---------------------------------------------------------- */

/* The keys a guest may have, and what each must be. */
enum key_kind { K_NAME, K_DISKS, K_PATH, K_TO, K_FORMAT, K_BOOL, K_PATTERN,
                K_SECONDS };
static const struct {
  const char *key;
  enum key_kind kind;
} guest_keys[] = {
  { "name", K_NAME },
  { "disks", K_DISKS },
  { "source_config", K_PATH },
  { "to", K_TO },
  { "output_format", K_FORMAT },
  { "direct_boot", K_BOOL },
  { "boot_test", K_BOOL },
  { "wait_for", K_PATTERN },
  { "command_timeout", K_SECONDS },
  { "allow_backing_file", K_BOOL },
};

static const char *const targets[] = { "kvm", "xen-hvm", "xen-pv", NULL };
static const char *const formats[] = { "qcow2", "raw", NULL };

static bool
in_list (const char *const *list, const char *s)
{
  for (; *list; ++list)
    if (strcmp (*list, s) == 0)
      return true;
  return false;
}

/* A string member: non-empty, no NUL inside, at most MAX bytes. */
static const char *
get_string (json_object *v, size_t max, const char **why)
{
  if (!json_object_is_type (v, json_type_string)) {
    *why = "must be a string";
    return NULL;
  }
  const char *s = json_object_get_string (v);
  size_t n = (size_t) json_object_get_string_len (v);
  if (n == 0) {
    *why = "must not be empty";
    return NULL;
  }
  if (strlen (s) != n) {
    *why = "must not contain a NUL byte";
    return NULL;
  }
  if (n > max) {
    *why = "is too long";
    return NULL;
  }
  return s;
}

/* Fill G from the JSON object O (guests[IDX]).  0, or -1 with *err. */
static int
parse_guest (json_object *o, size_t idx, const char *basedir,
             struct gl_batch_guest *g, char **err)
{
  if (!json_object_is_type (o, json_type_object)) {
    *err = gl_printf ("guests[%zu]: must be an object", idx);
    return -1;
  }
  /* The name first, so that every later message can name the guest. */
  json_object *nv;
  const char *why = NULL;
  if (!json_object_object_get_ex (o, "name", &nv)) {
    *err = gl_printf ("guests[%zu]: \"name\" is missing", idx);
    return -1;
  }
  const char *name = get_string (nv, GL_GUEST_NAME_MAX + 1, &why);
  if (name && !gl_guest_name_valid (name))
    why = "is not valid: use 1-64 of A-Z a-z 0-9 _ . - (not starting with a dot)";
  if (why) {
    *err = gl_printf ("guests[%zu]: \"name\" %s", idx, why);
    return -1;
  }
  if (!(g->name = strdup (name)))
    goto oom;

  json_object_object_foreach (o, key, v) {
    size_t k;
    for (k = 0; k < sizeof guest_keys / sizeof guest_keys[0]; ++k)
      if (strcmp (key, guest_keys[k].key) == 0)
        break;
    if (k == sizeof guest_keys / sizeof guest_keys[0]) {
      CLEANUP_FREE char *shown = gl_one_line (key);
      *err = gl_printf ("guests[%zu] (%s): unknown key \"%s\"", idx, name,
                        shown ? shown : "?");
      return -1;
    }
    const char *s = NULL;
    why = NULL;
    switch (guest_keys[k].kind) {
    case K_NAME:
      break;
    case K_DISKS: {
      if (!json_object_is_type (v, json_type_array)) {
        why = "must be an array of paths";
        break;
      }
      size_t n = json_object_array_length (v);
      if (n == 0) {
        why = "must name at least one disk";
        break;
      }
      if (n > GL_BATCH_MAX_DISKS) {
        why = "has too many disks (at most 60)";
        break;
      }
      for (size_t i = 0; i < n && !why; ++i) {
        s = get_string (json_object_array_get_idx (v, i), GL_BATCH_MAX_PATH, &why);
        if (s) {
          char *p = resolve (basedir, s);
          if (!p || string_vector_append (&g->disks, p) == -1) {
            free (p);
            goto oom;
          }
        }
      }
      break;
    }
    case K_PATH:
      if (json_object_is_type (v, json_type_null))
        break;
      if ((s = get_string (v, GL_BATCH_MAX_PATH, &why))
          && !(g->source_config = resolve (basedir, s)))
        goto oom;
      break;
    case K_TO:
    case K_FORMAT: {
      const char *const *list = guest_keys[k].kind == K_TO ? targets : formats;
      if ((s = get_string (v, 16, &why)) && !in_list (list, s))
        why = guest_keys[k].kind == K_TO ? "must be kvm, xen-hvm or xen-pv"
          : "must be qcow2 or raw";
      else if (s && !(*(guest_keys[k].kind == K_TO ? &g->to : &g->output_format)
                      = strdup (s)))
        goto oom;
      break;
    }
    case K_BOOL:
      if (!json_object_is_type (v, json_type_boolean))
        why = "must be true or false";
      else
        *(strcmp (key, "direct_boot") == 0 ? &g->direct_boot
          : strcmp (key, "boot_test") == 0 ? &g->boot_test
          : &g->allow_backing_file) = json_object_get_boolean (v);
      break;
    case K_PATTERN:
      if ((s = get_string (v, GL_BATCH_MAX_PATTERN, &why))
          && !(g->wait_for = strdup (s)))
        goto oom;
      break;
    case K_SECONDS: {
      int64_t n = json_object_get_int64 (v);
      if (!json_object_is_type (v, json_type_int) || n < 1
          || n > GL_GUEST_COMMAND_TIMEOUT_MAX_S)
        why = "must be a number of seconds from 1 to 86400";
      else
        g->command_timeout = (int) n;
      break;
    }
    }
    if (why) {
      *err = gl_printf ("guests[%zu] (%s): \"%s\" %s", idx, name, key, why);
      return -1;
    }
  }
  if (g->disks.len == 0) {
    *err = gl_printf ("guests[%zu] (%s): \"disks\" is missing", idx, name);
    return -1;
  }
  return 0;

 oom:
  *err = gl_printf ("out of memory");
  errno = ENOMEM;
  return -1;
}

int
gl_batch_manifest_parse (const char *data, size_t len, const char *basedir,
                         gl_batch_guest_vector *out, char **err)
{
  *err = NULL;
  if (len > GL_BATCH_MANIFEST_MAX_SIZE) {
    *err = gl_printf ("the manifest is larger than %d MiB",
                      GL_BATCH_MANIFEST_MAX_SIZE / (1024 * 1024));
    errno = EFBIG;
    return -1;
  }
  /* Depth: root object, guests array, guest object, disks array. */
  json_tokener *tok = json_tokener_new_ex (8);
  if (!tok) {
    *err = gl_printf ("out of memory");
    errno = ENOMEM;
    return -1;
  }
  json_tokener_set_flags (tok, JSON_TOKENER_VALIDATE_UTF8 | JSON_TOKENER_STRICT);
  json_object *root = json_tokener_parse_ex (tok, data, (int) len);
  enum json_tokener_error jerr = json_tokener_get_error (tok);
  size_t end = json_tokener_get_parse_end (tok);
  json_tokener_free (tok);
  bool trailing = false;
  for (size_t i = end; jerr == json_tokener_success && i < len; ++i)
    if (!isspace ((unsigned char) data[i]))
      trailing = true;
  if (jerr != json_tokener_success || !root || trailing) {
    *err = gl_printf ("not valid JSON: %s", jerr != json_tokener_success
                      ? json_tokener_error_desc (jerr)
                      : root ? "text after the end" : "incomplete");
    json_object_put (root);
    errno = EINVAL;
    return -1;
  }

  gl_batch_guest_vector got = empty_vector;
  json_object *guests = NULL;
  int rc = -1;
  errno = EINVAL;
  if (!json_object_is_type (root, json_type_object)) {
    *err = gl_printf ("the manifest must be a JSON object with \"guests\"");
    goto out;
  }
  json_object_object_foreach (root, key, v) {
    (void) v;
    if (strcmp (key, "guests") != 0) {
      CLEANUP_FREE char *shown = gl_one_line (key);
      *err = gl_printf ("unknown key \"%s\" at the top level (only \"guests\")",
                        shown ? shown : "?");
      goto out;
    }
  }
  if (!json_object_object_get_ex (root, "guests", &guests)
      || !json_object_is_type (guests, json_type_array)) {
    *err = gl_printf ("\"guests\" must be an array of guests");
    goto out;
  }
  size_t n = json_object_array_length (guests);
  if (n == 0) {
    *err = gl_printf ("\"guests\" is empty: nothing to do");
    goto out;
  }
  if (n > GL_BATCH_MAX_GUESTS) {
    *err = gl_printf ("too many guests (at most %d)", GL_BATCH_MAX_GUESTS);
    errno = EFBIG;
    goto out;
  }
  for (size_t i = 0; i < n; ++i) {
    struct gl_batch_guest *g = guest_new ();
    if (!g || gl_batch_guest_vector_append (&got, g) == -1) {
      gl_batch_guest_free (g);
      *err = gl_printf ("out of memory");
      errno = ENOMEM;
      goto out;
    }
    if (parse_guest (json_object_array_get_idx (guests, i), i, basedir, g, err) == -1)
      goto out;
    for (size_t j = 0; j < i; ++j)
      if (strcmp (got.ptr[j]->name, g->name) == 0) {
        *err = gl_printf ("guests[%zu] (%s): the name is already used by guests[%zu]",
                          i, g->name, j);
        goto out;
      }
  }
  /* All or nothing: room first, then appends that cannot fail. */
  if (gl_batch_guest_vector_reserve (out, got.len) == -1) {
    *err = gl_printf ("out of memory");
    errno = ENOMEM;
    goto out;
  }
  for (size_t i = 0; i < got.len; ++i)
    out->ptr[out->len++] = got.ptr[i];
  gl_batch_guest_vector_reset (&got);
  rc = 0;

 out:
  json_object_put (root);
  gl_batch_guests_free (&got);
  return rc;
}

/* Read a whole file of at most MAX bytes; *err without the file's name
 * (the caller's subject). */
static char *
read_file (const char *path, size_t max, size_t *len, char **err)
{
  CLEANUP_ERR struct gl_err e = GL_ERR_INIT;
  char *buf = gl_read_file (path, max, GL_READ_REGULAR, len, &e);
  if (!buf) {
    int errnum = e.errnum;
    *err = errnum == EFBIG ? gl_printf ("larger than %zu MiB", max / (1024 * 1024))
      : errnum == EINVAL ? gl_printf ("not a regular file")
      : gl_printf ("cannot read it: %s", strerror (errnum));
    errno = errnum;
  }
  return buf;
}

int
gl_batch_manifest_read (const char *path, gl_batch_guest_vector *out, char **err)
{
  size_t len = 0;
  CLEANUP_FREE char *data = read_file (path, GL_BATCH_MANIFEST_MAX_SIZE, &len, err);
  if (!data)
    return -1;
  /* Relative paths are taken from the manifest's folder. */
  CLEANUP_FREE char *copy = strdup (path);
  if (!copy) {
    *err = gl_printf ("out of memory");
    return -1;
  }
  char *slash = strrchr (copy, '/');
  const char *basedir = ".";
  if (slash == copy)
    basedir = "/";
  else if (slash) {
    *slash = '\0';
    basedir = copy;
  }
  CLEANUP_FREE char *absbase = realpath (basedir, NULL);
  return gl_batch_manifest_parse (data, len, absbase ? absbase : basedir, out, err);
}

/* --- a folder of Xen configs ------------------------------------------- */

static bool
ends_with (const char *s, const char *suffix)
{
  size_t n = strlen (s), m = strlen (suffix);
  return n >= m && strcmp (s + n - m, suffix) == 0;
}

/* Files in /etc/xen (and copies of it) that are never guest configs. */
static bool
skip_by_name (const char *name)
{
  static const char *const suffixes[] = {
    "~", ".bak", ".orig", ".sample", ".example", ".rpmnew", ".rpmsave", ".swp",
    ".dpkg-old", ".dpkg-new", ".dpkg-dist", ".dpkg-bak",
  };
  if (name[0] == '.' || strncmp (name, "README", 6) == 0)
    return true;
  for (size_t i = 0; i < sizeof suffixes / sizeof suffixes[0]; ++i)
    if (ends_with (name, suffixes[i]))
      return true;
  return false;
}

static int
cmp_name (const void *a, const void *b)
{
  return strcmp (*(char *const *) a, *(char *const *) b);
}

static int
add_note (string_vector *notes, const char *dir, const char *name, const char *why)
{
  CLEANUP_FREE char *n = gl_printf ("%s/%s: skipped: %s", dir, name, why);
  return n ? string_vector_add (notes, n) : -1;
}

/* One guest from the config PATH already read into SC. */
static struct gl_batch_guest *
guest_from_config (const char *dir, const char *path,
                   const struct gl_source_config *sc)
{
  struct gl_batch_guest *g = guest_new ();
  if (!g || !(g->name = gl_guest_name_sanitise (sc->name, strlen (sc->name)))
      || !(g->source_config = strdup (path))) {
    gl_batch_guest_free (g);
    return NULL;
  }
  for (size_t i = 0; i < sc->disks.len; ++i) {
    const struct gl_source_disk *d = &sc->disks.ptr[i];
    if (d->device != GL_DISK_DISK || !d->path)
      continue;
    char *p = resolve (dir, d->path);
    if (!p || string_vector_append (&g->disks, p) == -1) {
      free (p);
      gl_batch_guest_free (g);
      return NULL;
    }
    if (g->error)
      continue;
    struct stat st;
    if (d->is_block_device)
      g->error = gl_printf ("disk %s (%s) is a block device: batch converts "
                            "image files; copy it to a file first (e.g. "
                            "qemu-img convert -O raw %s FILE) and point the "
                            "config at the file", d->target, d->path, d->path);
    else if (stat (p, &st) == -1)
      g->error = gl_printf ("disk %s (%s): %m", d->target, p);
    else if (S_ISDIR (st.st_mode))
      g->error = gl_printf ("disk %s (%s) is a directory", d->target, p);
  }
  if (!g->error && g->disks.len == 0)
    g->error = gl_printf ("the config has no disk");
  if (!g->error && g->disks.len > GL_BATCH_MAX_DISKS)
    g->error = gl_printf ("too many disks (at most %d)", GL_BATCH_MAX_DISKS);
  return g;
}

int
gl_batch_from_xen_dir (const char *dir, gl_batch_guest_vector *out,
                       string_vector *notes, char **err)
{
  *err = NULL;
  DIR *d = opendir (dir);
  if (!d) {
    *err = gl_printf ("cannot read the folder: %m");
    return -1;
  }
  string_vector names = empty_vector;
  struct dirent *e;
  errno = 0;
  while ((e = readdir (d)) != NULL) {
    if (strcmp (e->d_name, ".") == 0 || strcmp (e->d_name, "..") == 0)
      continue;
    if (names.len >= GL_BATCH_MAX_GUESTS * 2) {
      errno = EFBIG;
      break;
    }
    if (string_vector_add (&names, e->d_name) == -1)
      break;
    errno = 0;
  }
  int e0 = errno;
  closedir (d);
  if (e0) {
    errno = e0;
    *err = gl_printf ("cannot read the folder: %m");
    string_vector_free (&names);
    return -1;
  }
  qsort (names.ptr, names.len, sizeof names.ptr[0], cmp_name);

  CLEANUP_FREE char *absdir = realpath (dir, NULL);
  const char *base = absdir ? absdir : dir;
  int rc = 0;
  for (size_t i = 0; i < names.len && rc == 0; ++i) {
    const char *name = names.ptr[i];
    CLEANUP_FREE char *path = gl_printf ("%s/%s", base, name);
    struct stat st;
    if (!path) {
      rc = -1;
      break;
    }
    if (skip_by_name (name)) {
      rc = add_note (notes, base, name, "not a guest config (hidden, backup, sample or README)");
      continue;
    }
    if (stat (path, &st) == -1) {
      rc = add_note (notes, base, name, strerror (errno));
      continue;
    }
    if (!S_ISREG (st.st_mode)) {
      if (!S_ISDIR (st.st_mode))      /* folders (scripts/, auto/) are normal */
        rc = add_note (notes, base, name, "not a regular file");
      continue;
    }
    struct gl_source_config sc;
    char *why = NULL;
    if (gl_source_config_read (path, &sc, &why) == -1) {
      CLEANUP_FREE char *msg = gl_printf ("not a Xen guest config (%s)",
                                          why ? why : strerror (errno));
      free (why);
      rc = msg ? add_note (notes, base, name, msg) : -1;
      continue;
    }
    struct gl_batch_guest *g = guest_from_config (base, path, &sc);
    gl_source_config_free (&sc);
    if (!g || !g->name) {
      gl_batch_guest_free (g);
      rc = -1;
      break;
    }
    for (size_t j = 0; j < out->len && !g->error; ++j)
      if (strcmp (out->ptr[j]->name, g->name) == 0)
        g->error = gl_printf ("the name %s is already used by %s", g->name,
                              out->ptr[j]->source_config
                              ? out->ptr[j]->source_config : "another guest");
    if (gl_batch_guest_vector_append (out, g) == -1) {
      gl_batch_guest_free (g);
      rc = -1;
    }
  }
  string_vector_free (&names);
  if (rc == -1)
    *err = gl_printf ("out of memory");
  return rc;
}

/* --- shards ------------------------------------------------------------ */

static int
cmp_guest (const void *a, const void *b)
{
  const struct gl_batch_guest *x = *(struct gl_batch_guest *const *) a;
  const struct gl_batch_guest *y = *(struct gl_batch_guest *const *) b;
  return strcmp (x->name, y->name);
}

static void
free_guest (void *elem)
{
  gl_batch_guest_free (*(struct gl_batch_guest **) elem);
}

void
gl_batch_shard (gl_batch_guest_vector *v, unsigned k, unsigned n)
{
  v->len = gl_shard_keep (v->ptr, v->len, sizeof v->ptr[0], cmp_guest, free_guest,
                          k, n);
}
