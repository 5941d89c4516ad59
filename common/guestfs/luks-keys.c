/* guestlift: LUKS keys (see luks-keys.h). */
#include <config.h>

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cleanup.h"
#include "luks-keys.h"
#include "read-file.h"

static void
wipe_free (char *s)
{
  if (s) {
    explicit_bzero (s, strlen (s));
    free (s);
  }
}

/* The first line of a key file (without its newline). */
static char *
first_line (const char *path, struct gl_err *err)
{
  size_t len;
  /* A line longer than a key is refused, so the file's bound is the
   * key's plus room for the newline. */
  char *text = gl_read_file (path, GL_LUKS_KEY_MAX + 2, GL_READ_NO_DIR, &len, err);
  if (!text)
    return NULL;
  size_t n = strcspn (text, "\n");
  char *line = n <= GL_LUKS_KEY_MAX && memchr (text, '\0', n) == NULL
    ? strndup (text, n) : NULL;
  bool too_long = n > GL_LUKS_KEY_MAX;
  explicit_bzero (text, len);
  free (text);
  if (!line && too_long)
    gl_err_set (err, EFBIG, "%s: its first line is longer than a key (%d bytes)",
                path, GL_LUKS_KEY_MAX);
  else if (!line)
    gl_err_set (err, ENOMEM, "%s: cannot read its first line", path);
  return line;
}

static size_t
count (const struct gl_luks_keys *k)
{
  return k->keys.len + k->from_stdin.len;
}

int
gl_luks_keys_add (struct gl_luks_keys *k, const char *selector, struct gl_err *err)
{
  if (count (k) >= GL_LUKS_KEYS_MAX)
    return gl_err_set (err, E2BIG, "--key: more than %d keys", GL_LUKS_KEYS_MAX);
  const char *colon = strchr (selector, ':');
  /* The message names the selector's ID only: the rest may be a key. */
  if (!colon || colon == selector)
    return gl_err_set (err, EINVAL, "--key: expected ID:key:PASSPHRASE or "
                       "ID:file:FILENAME (ID: a device, a LUKS UUID or \"all\")");
  const char *method = colon + 1;
  CLEANUP_FREE char *id = strndup (selector, (size_t) (colon - selector));
  if (!id)
    return gl_err_set (err, ENOMEM, "out of memory");
  char *key = NULL;
  if (strncmp (method, "key:", 4) == 0) {
    if (!method[4] || strlen (method + 4) > GL_LUKS_KEY_MAX)
      return gl_err_set (err, EINVAL, "--key %s:key:...: the passphrase is empty "
                         "or longer than %d bytes", id, GL_LUKS_KEY_MAX);
    key = strdup (method + 4);
  }
  else if (strncmp (method, "file:", 5) == 0) {
    if (!method[5])
      return gl_err_set (err, EINVAL, "--key %s:file:: no file name", id);
    if (!(key = first_line (method + 5, err)))
      return -1;
  }
  else
    return gl_err_set (err, EINVAL, "--key %s:...: expected \"key:\" or \"file:\" "
                       "after the ID", id);
  struct gl_luks_key e = { GL_STEAL (id), key };
  if (!e.key || gl_luks_key_vector_append (&k->keys, e) == -1) {
    free (e.id);
    wipe_free (e.key);
    return gl_err_set (err, ENOMEM, "out of memory");
  }
  return 0;
}

int
gl_luks_keys_read_fd (struct gl_luks_keys *k, int fd, const char *name,
                      struct gl_err *err)
{
  size_t len;
  size_t max = (size_t) GL_LUKS_KEYS_MAX * (GL_LUKS_KEY_MAX + 1);
  char *text = gl_read_fd (fd, name, max, &len, err);
  if (!text)
    return -1;
  int r = 0;
  for (char *line = text; line < text + len && r == 0; ) {
    char *end = memchr (line, '\n', (size_t) (text + len - line));
    if (!end)
      end = text + len;
    size_t n = (size_t) (end - line);
    if (n && line[n - 1] == '\r')
      n--;
    if (n > GL_LUKS_KEY_MAX || memchr (line, '\0', n))
      r = gl_err_set (err, EINVAL, "%s: a line is not a key (longer than %d "
                      "bytes, or holds a NUL byte)", name, GL_LUKS_KEY_MAX);
    else if (n && count (k) >= GL_LUKS_KEYS_MAX)
      r = gl_err_set (err, E2BIG, "%s: more than %d keys", name, GL_LUKS_KEYS_MAX);
    else if (n) {
      char *key = strndup (line, n);
      if (!key || string_vector_append (&k->from_stdin, key) == -1) {
        wipe_free (key);
        r = gl_err_set (err, ENOMEM, "out of memory");
      }
    }
    line = end + 1;
  }
  explicit_bzero (text, len);
  free (text);
  return r;
}

bool
gl_luks_keys_any (const struct gl_luks_keys *k)
{
  return k && count (k) > 0;
}

/* UUIDs match whatever their case. */
static bool
for_device (const char *id, const char *device, const char *uuid)
{
  return strcmp (id, device) == 0 || (uuid && strcasecmp (id, uuid) == 0);
}

size_t
gl_luks_keys_for (const struct gl_luks_keys *k, const char *device,
                  const char *uuid, const char **out, size_t max)
{
  size_t n = 0;
  if (!k)
    return 0;
  for (size_t i = 0; i < k->keys.len && n < max; ++i)
    if (for_device (k->keys.ptr[i].id, device, uuid))
      out[n++] = k->keys.ptr[i].key;
  for (size_t i = 0; i < k->keys.len && n < max; ++i)
    if (strcmp (k->keys.ptr[i].id, "all") == 0)
      out[n++] = k->keys.ptr[i].key;
  for (size_t i = 0; i < k->from_stdin.len && n < max; ++i)
    out[n++] = k->from_stdin.ptr[i];
  return n;
}

void
gl_luks_keys_free (struct gl_luks_keys *k)
{
  for (size_t i = 0; i < k->keys.len; ++i) {
    free (k->keys.ptr[i].id);
    wipe_free (k->keys.ptr[i].key);
  }
  gl_luks_key_vector_reset (&k->keys);
  for (size_t i = 0; i < k->from_stdin.len; ++i) {
    wipe_free (k->from_stdin.ptr[i]);
    k->from_stdin.ptr[i] = NULL;
  }
  string_vector_free (&k->from_stdin);
}
