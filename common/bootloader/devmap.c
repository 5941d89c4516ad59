/* guestlift: the device-name map (see devmap.h). */
#include <config.h>

#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "cleanup.h"
#include "drive-name.h"
#include "devmap.h"
#include "err.h"

#define NAME_MAX_LEN 32
#define DEV "/dev/"
#define DEV_LEN (sizeof DEV - 1)

static bool
is_lower (char c)
{
  return c >= 'a' && c <= 'z';
}

static bool
is_digit (char c)
{
  return c >= '0' && c <= '9';
}

static bool
valid (const char *s, bool letters_only)
{
  size_t n = s ? strlen (s) : 0;
  if (n == 0 || n > NAME_MAX_LEN)
    return false;
  for (size_t i = 0; i < n; ++i)
    if (!is_lower (s[i]) &&
        (letters_only || !(is_digit (s[i]) || s[i] == '_' || s[i] == '-')))
      return false;
  return true;
}

static const struct gl_devmap_pair *
find (const gl_devmap_pair_vector *v, const char *name, size_t n)
{
  for (size_t i = 0; i < v->len; ++i)
    if (strlen (v->ptr[i].from) == n && memcmp (v->ptr[i].from, name, n) == 0)
      return &v->ptr[i];
  return NULL;
}

static int
add (gl_devmap_pair_vector *v, const char *from, const char *to,
     bool letters_only, struct gl_err *err)
{
  if (!valid (from, letters_only) || !valid (to, letters_only))
    return gl_err_set (err, EINVAL, "bad device name in a rename: \"%s\" -> \"%s\"",
                       from ? from : "", to ? to : "");
  if (find (v, from, strlen (from)))
    return 0;
  struct gl_devmap_pair p = { strdup (from), strdup (to) };
  if (!p.from || !p.to || gl_devmap_pair_vector_append (v, p) == -1) {
    free (p.from);
    free (p.to);
    return gl_err_set (err, ENOMEM, "out of memory");
  }
  return 0;
}

int
gl_devmap_add (struct gl_devmap *m, const char *from, const char *to,
               struct gl_err *err)
{
  return add (&m->names, from, to, false, err);
}

int
gl_devmap_add_prefix (struct gl_devmap *m, const char *from, const char *to,
                      struct gl_err *err)
{
  return add (&m->prefixes, from, to, true, err);
}

static void
free_pairs (gl_devmap_pair_vector *v)
{
  for (size_t i = 0; i < v->len; ++i) {
    free (v->ptr[i].from);
    free (v->ptr[i].to);
  }
  gl_devmap_pair_vector_reset (v);
}

void
gl_devmap_free (struct gl_devmap *m)
{
  if (!m)
    return;
  free_pairs (&m->names);
  free_pairs (&m->prefixes);
}

bool
gl_devmap_empty (const struct gl_devmap *m)
{
  return !m || (m->names.len == 0 && m->prefixes.len == 0);
}

/* The new name for NAME[0..n), or NULL: a malloc'd string, and *oom on
 * allocation failure. */
static char *
lookup (const struct gl_devmap *m, const char *name, size_t n, bool *oom)
{
  const struct gl_devmap_pair *p;
  struct gl_buf b = GL_BUF_INIT;
  *oom = false;

  /* 1. As written. */
  if ((p = find (&m->names, name, n)) != NULL) {
    char *to = strdup (p->to);
    *oom = to == NULL;
    return to;
  }

  /* 2. A partition of a mapped disk: DISK N, or DISK p N after a digit. */
  size_t d = n;
  while (d > 0 && is_digit (name[d - 1]))
    d--;
  if (d > 0 && d < n) {
    size_t disk = d;
    if (disk >= 2 && name[disk - 1] == 'p' && is_digit (name[disk - 2]))
      disk--;
    else if (!is_lower (name[disk - 1]))
      disk = 0;
    if (disk > 0 && (p = find (&m->names, name, disk)) != NULL) {
      size_t tl = strlen (p->to);
      bool sep = is_digit (p->to[tl - 1]);
      if (gl_buf_puts (&b, p->to) == -1 ||
          (sep && gl_buf_puts (&b, "p") == -1) ||
          gl_buf_append (&b, name + d, n - d) == -1)
        goto oom;
      return gl_buf_steal (&b);
    }
  }

  /* 3. Prefix rules: FROM letters digits. */
  for (size_t i = 0; i < m->prefixes.len; ++i) {
    const struct gl_devmap_pair *r = &m->prefixes.ptr[i];
    size_t fl = strlen (r->from), j = fl;
    if (n <= fl || memcmp (name, r->from, fl) != 0)
      continue;
    while (j < n && is_lower (name[j]))
      j++;
    if (j == fl)
      continue;
    while (j < n && is_digit (name[j]))
      j++;
    if (j != n)
      continue;
    if (gl_buf_puts (&b, r->to) == -1 ||
        gl_buf_append (&b, name + fl, n - fl) == -1)
      goto oom;
    return gl_buf_steal (&b);
  }
  return NULL;

 oom:
  gl_buf_free (&b);
  *oom = true;
  return NULL;
}

int
gl_devmap_lookup (const struct gl_devmap *m, const char *name, size_t n,
                  char **out, struct gl_err *err)
{
  bool oom;
  *out = NULL;
  if (gl_devmap_empty (m))
    return 0;
  if ((*out = lookup (m, name, n, &oom)) != NULL)
    return 1;
  return oom ? gl_err_set (err, ENOMEM, "out of memory") : 0;
}

static bool
starts_after (char c)
{
  return strchr (" \t\r\n=\"',:(", c) != NULL;
}

static bool
ends_before (char c)
{
  return strchr (" \t\r\n\"',:;)", c) != NULL;
}

/* Characters of a device name in text (the map decides which exist). */
static bool
name_char (char c)
{
  return is_lower (c) || is_digit (c) || (c >= 'A' && c <= 'Z') ||
    c == '_' || c == '-' || c == '.';
}

int
gl_devmap_rename_in (const struct gl_devmap *m, const char *s, size_t n,
                     char **out, struct gl_err *err)
{
  struct gl_buf b = GL_BUF_INIT;
  size_t i = 0, done = 0;
  bool changed = false;

  *out = NULL;
  if (gl_devmap_empty (m))
    return 0;
  while (i + DEV_LEN < n) {
    const char *p = memmem (s + i, n - i, DEV, DEV_LEN);
    if (!p)
      break;
    i = (size_t) (p - s);
    size_t name = i + DEV_LEN, k = name;
    while (k < n && name_char (s[k]))
      k++;
    bool oom = false;
    char *new = NULL;
    if (k > name && (i == 0 || starts_after (s[i - 1])) &&
        (k == n || ends_before (s[k])))
      new = lookup (m, s + name, k - name, &oom);
    if (oom)
      goto oom;
    if (!new) {
      i++;
      continue;
    }
    int r = gl_buf_append (&b, s + done, name - done) == -1 ||
      gl_buf_puts (&b, new) == -1;
    free (new);
    if (r)
      goto oom;
    changed = true;
    i = done = k;
  }
  if (!changed)
    return 0;
  if (gl_buf_append (&b, s + done, n - done) == -1)
    goto oom;
  *out = gl_buf_steal (&b);
  return 1;

 oom:
  gl_buf_free (&b);
  return gl_err_set (err, ENOMEM, "out of memory");
}

/* --- the map of a guest's disks ------------------------------------------ */

/* The spellings one Xen disk may have in a guest: xl accepts each for a
 * vdev, and an HVM guest with PV drivers sees hda/sda as xvda. */
static const char *const xen_disk_prefixes[] = { "xvd", "hd", "sd" };
#define N_XEN_PREFIXES (sizeof xen_disk_prefixes / sizeof xen_disk_prefixes[0])

/* The disk index and partition of a Xen name, and its prefix's row:
 * 0, or -1 (not a drive name of any Xen spelling). */
int
gl_devmap_xen_name (const char *name, size_t *row, unsigned *idx, unsigned *part)
{
  for (size_t p = 0; p < N_XEN_PREFIXES; ++p)
    if (gl_drive_parse (name, xen_disk_prefixes[p], idx, part) == 0) {
      *row = p;
      return 0;
    }
  return -1;
}

/* Disk I's source name: NAMES[I], or the default xvd name. */
char *
gl_devmap_disk_source_name (const char *const *names, size_t i)
{
  if (names && names[i])
    return strdup (names[i]);
  return gl_drive_name ("xvd", (unsigned) i, 0);
}

int
gl_devmap_disks (struct gl_devmap *map, const char *target_prefix,
                 const char *const *names, size_t n, struct gl_err *err)
{
  /* xen-pv: the disks keep the names the config gives them. */
  if (strcmp (target_prefix, "xvd") == 0)
    return 0;

  /* Pass 0: the names as the config writes them (they win); pass 1:
   * their other spellings, where no disk has them. */
  for (int pass = 0; pass < 2; ++pass) {
    for (size_t i = 0; i < n; ++i) {
      CLEANUP_FREE char *from = gl_devmap_disk_source_name (names, i);
      CLEANUP_FREE char *to = gl_drive_name (target_prefix, (unsigned) i, 0);
      size_t row;
      unsigned idx, part;
      if (!from || !to)
        return gl_err_set (err, errno ? errno : ENOMEM, "%s",
                           errno == ERANGE ? "too many disks for the target's bus"
                           : "out of memory");
      if (gl_devmap_xen_name (from, &row, &idx, &part) == -1)
        return gl_err_set (err, EINVAL, "disk %zu: \"%s\" is not a Xen disk name "
                           "(xvdX, hdX, sdX, with a partition number or not)",
                           i + 1, from);
      if (pass == 0) {
        if (gl_devmap_add (map, from, to, err) == -1)
          return -1;
        continue;
      }
      for (size_t p = 0; p < N_XEN_PREFIXES; ++p) {
        if (p == row)
          continue;
        CLEANUP_FREE char *alias = gl_drive_name (xen_disk_prefixes[p], idx, part);
        if (!alias)
          return gl_err_set (err, ENOMEM, "out of memory");
        if (gl_devmap_add (map, alias, to, err) == -1)
          return -1;
      }
    }
  }
  for (size_t p = 0; !names && p < N_XEN_PREFIXES; ++p)
    if (strcmp (xen_disk_prefixes[p], target_prefix) != 0 &&
        gl_devmap_add_prefix (map, xen_disk_prefixes[p], target_prefix, err) == -1)
      return -1;
  return 0;
}
