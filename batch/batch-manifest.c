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

#include "batch-manifest.h"
#include "cleanup.h"
#include "err.h"
#include "error.h"
#include "gl-limits.h"
#include "guest-name.h"
#include "json.h"
#include "read-file.h"
#include "shard.h"
#include "source-config.h"
#include "target.h"

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
  gl_netmap_free (&g->nets);
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
                K_SECONDS, K_NICS };
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
  { "bridge", K_NICS },
  { "network", K_NICS },
};

static const char *const formats[] = { "qcow2", "raw", NULL };

static bool
in_list (const char *const *list, const char *s)
{
  for (; *list; ++list)
    if (strcmp (*list, s) == 0)
      return true;
  return false;
}

/* The "bridge" (BRIDGE) or "network" list V into NETS: strings as -b/-n
 * take them, with their rules (no IN twice, one default). */
static int
parse_nics (json_object *v, const char *qkey, bool bridge,
            struct gl_netmap *nets, struct gl_err *err)
{
  json_object *a;
  if (gl_json_array (v, qkey, 0, GL_BATCH_MAX_NIC_RULES, &a, err) == -1)
    return -1;
  size_t n = json_object_array_length (a);
  for (size_t i = 0; i < n; ++i) {
    char item[64];               /* "key"[N]: our own key, short */
    const char *s;
    snprintf (item, sizeof item, "%s[%zu]", qkey, i);
    if (gl_json_string (json_object_array_get_idx (a, i), item, GL_JSON_NONEMPTY,
                        GL_BATCH_MAX_NIC_RULE, &s, err) == -1)
      return -1;
    if (gl_netmap_add (nets, bridge, s, err) == -1)
      return gl_err_prefix (err, "%s", item);
  }
  return 0;
}

/* Fill G from the JSON object O (a guest).  0, or -1 with err, which
 * the caller prefixes with the guest's index (and name, once known). */
static int
parse_guest (json_object *o, const char *basedir, struct gl_batch_guest *g,
             struct gl_err *err)
{
  if (!json_object_is_type (o, json_type_object))
    return gl_err_set (err, EINVAL, "must be an object");
  /* The name first, so that every later message can name the guest. */
  const char *name;
  if (gl_json_get_string (o, "name", GL_JSON_NONEMPTY, GL_BATCH_MAX_PATH,
                          &name, err) == -1)
    return -1;
  if (!gl_guest_name_valid (name))
    return gl_err_set (err, EINVAL, "\"name\" is not valid: use 1-64 of "
                       "A-Z a-z 0-9 _ . - (not starting with a dot)");
  if (!(g->name = strdup (name)))
    return gl_err_set (err, ENOMEM, "out of memory");

  json_object_object_foreach (o, key, v) {
    size_t k;
    for (k = 0; k < sizeof guest_keys / sizeof guest_keys[0]; ++k)
      if (strcmp (key, guest_keys[k].key) == 0)
        break;
    if (k == sizeof guest_keys / sizeof guest_keys[0]) {
      CLEANUP_FREE char *shown = gl_one_line (key);
      return gl_err_set (err, EINVAL, "unknown key \"%s\"", shown ? shown : "?");
    }
    char qkey[32];               /* "key", our own names: short */
    snprintf (qkey, sizeof qkey, "\"%s\"", key);
    const char *s = NULL;
    int r = 0;
    switch (guest_keys[k].kind) {
    case K_NAME:
      break;
    case K_DISKS: {
      json_object *a;
      if (gl_json_array (v, qkey, 0, SIZE_MAX, &a, err) == -1)
        return -1;
      size_t n = json_object_array_length (a);
      if (n == 0)
        return gl_err_set (err, EINVAL, "\"disks\" must name at least one disk");
      if (n > GL_BATCH_MAX_DISKS)
        return gl_err_set (err, EINVAL, "\"disks\" has too many disks (at most %d)",
                           GL_BATCH_MAX_DISKS);
      for (size_t i = 0; i < n; ++i) {
        char item[32];
        snprintf (item, sizeof item, "\"disks\"[%zu]", i);
        if (gl_json_string (json_object_array_get_idx (a, i), item,
                            GL_JSON_NONEMPTY, GL_BATCH_MAX_PATH, &s, err) == -1)
          return -1;
        char *p = resolve (basedir, s);
        if (!p || string_vector_append (&g->disks, p) == -1) {
          free (p);
          return gl_err_set (err, ENOMEM, "out of memory");
        }
      }
      break;
    }
    case K_PATH:
      r = gl_json_string (v, qkey, GL_JSON_NULLABLE | GL_JSON_NONEMPTY,
                          GL_BATCH_MAX_PATH, &s, err);
      if (r == GL_JSON_VALUE && !(g->source_config = resolve (basedir, s)))
        return gl_err_set (err, ENOMEM, "out of memory");
      break;
    case K_TO:
    case K_FORMAT: {
      bool to = guest_keys[k].kind == K_TO;
      r = gl_json_string (v, qkey, GL_JSON_NONEMPTY, 16, &s, err);
      if (r == GL_JSON_VALUE && to && !gl_target_parse (s)) {
        /* The names come from the profile table (common/domain). */
        CLEANUP_FREE char *names = gl_target_names (", ", " or ");
        return gl_err_set (err, EINVAL, "%s must be %s", qkey, names ? names : "a target");
      }
      if (r == GL_JSON_VALUE && !to && !in_list (formats, s))
        return gl_err_set (err, EINVAL, "%s must be qcow2 or raw", qkey);
      if (r == GL_JSON_VALUE && !(*(to ? &g->to : &g->output_format) = strdup (s)))
        return gl_err_set (err, ENOMEM, "out of memory");
      break;
    }
    case K_BOOL: {
      bool b;
      r = gl_json_bool (v, qkey, 0, &b, err);
      if (r == GL_JSON_VALUE)
        *(strcmp (key, "direct_boot") == 0 ? &g->direct_boot
          : strcmp (key, "boot_test") == 0 ? &g->boot_test
          : &g->allow_backing_file) = b;
      break;
    }
    case K_PATTERN:
      r = gl_json_string (v, qkey, GL_JSON_NONEMPTY, GL_BATCH_MAX_PATTERN, &s, err);
      if (r == GL_JSON_VALUE && !(g->wait_for = strdup (s)))
        return gl_err_set (err, ENOMEM, "out of memory");
      break;
    case K_SECONDS: {
      int64_t n;
      if (gl_json_int (v, qkey, 0, 1, GL_GUEST_COMMAND_TIMEOUT_MAX_S, &n, NULL) == -1)
        return gl_err_set (err, EINVAL, "%s must be a number of seconds from 1 to %d",
                           qkey, GL_GUEST_COMMAND_TIMEOUT_MAX_S);
      g->command_timeout = (int) n;
      break;
    }
    case K_NICS:
      r = parse_nics (v, qkey, strcmp (key, "bridge") == 0, &g->nets, err);
      break;
    }
    if (r == -1)
      return -1;
  }
  if (g->disks.len == 0)
    return gl_err_set (err, EINVAL, "\"disks\" is missing");
  return 0;
}

/* The manifest in DATA into OUT, all or nothing. */
int
gl_batch_manifest_parse (const char *data, size_t len, const char *basedir,
                         gl_batch_guest_vector *out, struct gl_err *err)
{
  if (len > GL_BATCH_MANIFEST_MAX_SIZE)
    return gl_err_set (err, EFBIG, "the manifest is larger than %d MiB",
                       GL_BATCH_MANIFEST_MAX_SIZE / (1024 * 1024));
  CLEANUP_JSON json_object *root = NULL;
  if (gl_json_parse (data, len, &root, err) == -1)
    return -1;
  if (!json_object_is_type (root, json_type_object))
    return gl_err_set (err, EINVAL, "the manifest must be a JSON object with \"guests\"");
  json_object_object_foreach (root, key, v) {
    (void) v;
    if (strcmp (key, "guests") != 0) {
      CLEANUP_FREE char *shown = gl_one_line (key);
      return gl_err_set (err, EINVAL, "unknown key \"%s\" at the top level "
                         "(only \"guests\")", shown ? shown : "?");
    }
  }
  json_object *guests;
  if (gl_json_get_array (root, "guests", 0, GL_BATCH_MAX_GUESTS, &guests, err) == -1)
    return -1;
  size_t n = json_object_array_length (guests);
  if (n == 0)
    return gl_err_set (err, EINVAL, "\"guests\" is empty: nothing to do");

  gl_batch_guest_vector got = empty_vector;
  int rc = -1;
  for (size_t i = 0; i < n; ++i) {
    struct gl_batch_guest *g = guest_new ();
    if (!g || gl_batch_guest_vector_append (&got, g) == -1) {
      gl_batch_guest_free (g);
      gl_err_set (err, ENOMEM, "out of memory");
      goto out;
    }
    if (parse_guest (json_object_array_get_idx (guests, i), basedir, g, err) == -1) {
      if (g->name)
        gl_err_prefix (err, "guests[%zu] (%s)", i, g->name);
      else
        gl_err_prefix (err, "guests[%zu]", i);
      goto out;
    }
    for (size_t j = 0; j < i; ++j)
      if (strcmp (got.ptr[j]->name, g->name) == 0) {
        gl_err_set (err, EINVAL, "guests[%zu] (%s): the name is already used by "
                    "guests[%zu]", i, g->name, j);
        goto out;
      }
  }
  /* All or nothing: room first, then appends that cannot fail. */
  if (gl_batch_guest_vector_reserve (out, got.len) == -1) {
    gl_err_set (err, ENOMEM, "out of memory");
    goto out;
  }
  for (size_t i = 0; i < got.len; ++i)
    out->ptr[out->len++] = got.ptr[i];
  gl_batch_guest_vector_reset (&got);
  rc = 0;

 out:
  gl_batch_guests_free (&got);
  return rc;
}

/* Read a whole file of at most MAX bytes; ERR without the file's name
 * (the caller's subject). */
static char *
read_file (const char *path, size_t max, size_t *len, struct gl_err *err)
{
  CLEANUP_ERR struct gl_err e = GL_ERR_INIT;
  char *buf = gl_read_file (path, max, GL_READ_REGULAR, len, &e);
  if (!buf) {
    int errnum = e.errnum;
    if (errnum == EFBIG)
      gl_err_set (err, errnum, "larger than %zu MiB", max / (1024 * 1024));
    else if (errnum == EINVAL)
      gl_err_set (err, errnum, "not a regular file");
    else
      gl_err_set (err, errnum, "cannot read it: %s", strerror (errnum));
  }
  return buf;
}

int
gl_batch_manifest_read (const char *path, gl_batch_guest_vector *out,
                        struct gl_err *err)
{
  size_t len = 0;
  CLEANUP_FREE char *data = read_file (path, GL_BATCH_MANIFEST_MAX_SIZE, &len, err);
  if (!data)
    return -1;
  /* Relative paths are taken from the manifest's folder. */
  CLEANUP_FREE char *copy = strdup (path);
  if (!copy)
    return gl_err_set (err, ENOMEM, "out of memory");
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
                       string_vector *notes, struct gl_err *err)
{
  DIR *d = opendir (dir);
  if (!d)
    return gl_err_errno (err, "cannot read the folder");
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
    string_vector_free (&names);
    errno = e0;
    return gl_err_errno (err, "cannot read the folder");
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
    CLEANUP_ERR struct gl_err why = GL_ERR_INIT;
    if (gl_source_config_read (path, &sc, &why) == -1) {
      CLEANUP_FREE char *msg = gl_printf ("not a Xen guest config (%s)",
                                          gl_err_msg (&why, "out of memory"));
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
    gl_err_set (err, ENOMEM, "out of memory");
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
