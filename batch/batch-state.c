/* guestlift batch: the state file (see batch-state.h). */
#include <config.h>

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

#include "batch-json.h"
#include "batch-state.h"
#include "cleanup.h"
#include "enum-names.h"
#include "err.h"
#include "error.h"
#include "json.h"
#include "read-file.h"

static const char *const status_names[] = {
  [GL_BATCH_PENDING] = "pending",
  [GL_BATCH_CONVERTED] = "converted",
  [GL_BATCH_BLOCKED] = "blocked",
  [GL_BATCH_FAILED] = "failed",
  [GL_BATCH_BOOTED] = "booted",
  [GL_BATCH_BOOT_FAILED] = "boot-failed",
};

const char *
gl_batch_status_name (enum gl_batch_status s)
{
  return GL_ENUM_NAME (status_names, s, "pending");
}

int
gl_batch_status_parse (const char *name, enum gl_batch_status *out)
{
  int v = GL_ENUM_PARSE (status_names, name);
  if (v == -1)
    return -1;
  *out = (enum gl_batch_status) v;
  return 0;
}

/* --- entries ----------------------------------------------------------- */

struct gl_batch_entry *
gl_batch_state_find (const struct gl_batch_state *st, const char *name)
{
  for (size_t i = 0; i < st->entries.len; ++i)
    if (strcmp (st->entries.ptr[i]->name, name) == 0)
      return st->entries.ptr[i];
  return NULL;
}

void
gl_batch_entry_reset (struct gl_batch_entry *e)
{
  e->status = GL_BATCH_PENDING;
  string_vector_free (&e->outputs);
  string_vector_free (&e->edits);
  string_vector_free (&e->blockers);
  free (e->error);
  free (e->verdict);
  free (e->kernel);
  e->error = e->verdict = e->kernel = NULL;
  e->convert_seconds = e->boot_seconds = -1;
}

static void
entry_free (struct gl_batch_entry *e)
{
  if (!e)
    return;
  gl_batch_entry_reset (e);
  free (e->name);
  free (e->inputs_hash);
  free (e);
}

static struct gl_batch_entry *
entry_new (const char *name)
{
  struct gl_batch_entry *e = calloc (1, sizeof *e);
  if (!e || !(e->name = strdup (name))) {
    free (e);
    return NULL;
  }
  e->convert_seconds = e->boot_seconds = -1;
  return e;
}

struct gl_batch_entry *
gl_batch_state_get (struct gl_batch_state *st, const char *name)
{
  struct gl_batch_entry *e = gl_batch_state_find (st, name);
  if (e)
    return e;
  e = entry_new (name);
  if (!e || gl_batch_entry_vector_append (&st->entries, e) == -1) {
    entry_free (e);
    return NULL;
  }
  return e;
}

void
gl_batch_state_free (struct gl_batch_state *st)
{
  for (size_t i = 0; i < st->entries.len; ++i)
    entry_free (st->entries.ptr[i]);
  gl_batch_entry_vector_reset (&st->entries);
}

/* --- writing ----------------------------------------------------------- */

static json_object *
entry_json (const struct gl_batch_entry *e)
{
  json_object *o = json_object_new_object ();
  if (!o
      || gl_json_add_string (o, "name", e->name) == -1
      || gl_json_add_string (o, "inputs_hash", e->inputs_hash) == -1
      || gl_json_add_string (o, "status", gl_batch_status_name (e->status)) == -1
      || gl_json_add_strings (o, "outputs", &e->outputs) == -1
      || gl_json_add_strings (o, "edits", &e->edits) == -1
      || gl_json_add_string (o, "error", e->error) == -1
      || gl_json_add_string (o, "verdict", e->verdict) == -1
      || gl_json_add_string (o, "kernel", e->kernel) == -1
      || gl_json_add_strings (o, "blockers", &e->blockers) == -1
      || gl_json_add_seconds (o, "convert_seconds", e->convert_seconds) == -1
      || gl_json_add_seconds (o, "boot_seconds", e->boot_seconds) == -1) {
    json_object_put (o);
    return NULL;
  }
  return o;
}

/* The state as a JSON document, NULL on ENOMEM. */
static json_object *
state_json (const struct gl_batch_state *st)
{
  json_object *doc = json_object_new_object ();
  json_object *a = json_object_new_array ();
  if (!doc || !a) {
    json_object_put (a);
    goto fail;
  }
  if (gl_json_add (doc, "version", json_object_new_int (1)) == -1
      || gl_json_add (doc, "guests", a) == -1)
    goto fail;
  for (size_t i = 0; i < st->entries.len; ++i) {
    json_object *e = entry_json (st->entries.ptr[i]);
    if (!e || json_object_array_add (a, e) != 0) {
      json_object_put (e);
      goto fail;
    }
  }
  return doc;
 fail:
  json_object_put (doc);
  return NULL;
}

char *
gl_batch_state_to_json (const struct gl_batch_state *st)
{
  return gl_batch_json_text (state_json (st));
}

int
gl_batch_state_write (const char *path, const struct gl_batch_state *st,
                      struct gl_err *err)
{
  CLEANUP_FREE char *text = gl_batch_state_to_json (st);
  return gl_batch_json_write (path, text, err);
}

/* --- reading ----------------------------------------------------------- */

/* A string member, required or (nullable) absent/null. */
static int
get_str (json_object *o, const char *key, bool nullable, char **out,
         struct gl_err *err)
{
  unsigned flags = nullable ? GL_JSON_OPTIONAL | GL_JSON_NULLABLE : 0;
  return gl_json_get_strdup (o, key, flags, GL_BATCH_STATE_MAX_SIZE, out, err)
    == -1 ? -1 : 0;
}

/* An array of strings; absent or null is empty. */
static int
get_strings (json_object *o, const char *key, string_vector *out,
             struct gl_err *err)
{
  json_object *a;
  int r = gl_json_get_array (o, key, GL_JSON_OPTIONAL | GL_JSON_NULLABLE,
                             GL_BATCH_STATE_MAX_SIZE, &a, err);
  if (r != GL_JSON_VALUE)
    return r == -1 ? -1 : 0;
  for (size_t i = 0; i < json_object_array_length (a); ++i) {
    char name[96];
    const char *s;
    snprintf (name, sizeof name, "\"%s\"[%zu]", key, i);
    if (gl_json_string (json_object_array_get_idx (a, i), name, 0,
                        GL_BATCH_STATE_MAX_SIZE, &s, err) == -1)
      return -1;
    if (string_vector_add (out, s) == -1)
      return gl_err_set (err, ENOMEM, "out of memory");
  }
  return 0;
}

/* Seconds, or -1 when absent, null or out of range. */
static int
get_seconds (json_object *o, const char *key, double *out, struct gl_err *err)
{
  double d = -1;
  *out = -1;
  if (gl_json_get_double (o, key, GL_JSON_OPTIONAL | GL_JSON_NULLABLE, &d, err) == -1)
    return -1;
  *out = d >= 0 && d < 1e9 ? d : -1;
  return 0;
}

static bool
is_hex64 (const char *s)
{
  if (strlen (s) != 64)
    return false;
  for (; *s; ++s)
    if (!isxdigit ((unsigned char) *s))
      return false;
  return true;
}

static int
parse_entry (json_object *o, struct gl_batch_entry **out, struct gl_err *err)
{
  CLEANUP_FREE char *name = NULL, *status = NULL;
  if (!json_object_is_type (o, json_type_object))
    return gl_err_set (err, EINVAL, "not an object");
  if (get_str (o, "name", false, &name, err) == -1
      || get_str (o, "status", false, &status, err) == -1)
    return -1;
  struct gl_batch_entry *e = entry_new (name);
  if (!e)
    return gl_err_set (err, ENOMEM, "out of memory");
  if (gl_batch_status_parse (status, &e->status) == -1) {
    CLEANUP_FREE char *shown = gl_one_line (status);
    gl_err_set (err, EINVAL, "unknown status \"%s\"", shown ? shown : "?");
    goto fail;
  }
  if (get_str (o, "inputs_hash", true, &e->inputs_hash, err) == -1
      || get_str (o, "error", true, &e->error, err) == -1
      || get_str (o, "verdict", true, &e->verdict, err) == -1
      || get_str (o, "kernel", true, &e->kernel, err) == -1
      || get_strings (o, "outputs", &e->outputs, err) == -1
      || get_strings (o, "edits", &e->edits, err) == -1
      || get_strings (o, "blockers", &e->blockers, err) == -1
      || get_seconds (o, "convert_seconds", &e->convert_seconds, err) == -1
      || get_seconds (o, "boot_seconds", &e->boot_seconds, err) == -1)
    goto fail;
  if (e->inputs_hash && !is_hex64 (e->inputs_hash)) {
    gl_err_set (err, EINVAL, "\"inputs_hash\" is not a sha256");
    goto fail;
  }
  *out = e;
  return 0;
 fail:
  entry_free (e);
  return -1;
}

int
gl_batch_state_parse (const char *data, size_t len, struct gl_batch_state *st,
                      struct gl_err *err)
{
  if (len > GL_BATCH_STATE_MAX_SIZE)
    return gl_err_set (err, EFBIG, "larger than %d MiB",
                       GL_BATCH_STATE_MAX_SIZE / (1024 * 1024));
  CLEANUP_JSON json_object *root = NULL;
  json_object *guests = NULL;
  if (gl_json_parse (data, len, &root, err) == -1)
    return -1;
  if (!json_object_is_type (root, json_type_object)
      || gl_json_get_array (root, "guests", 0, SIZE_MAX, &guests, NULL) == -1)
    return gl_err_set (err, EINVAL, "no \"guests\" array");
  for (size_t i = 0; i < json_object_array_length (guests); ++i) {
    struct gl_batch_entry *entry = NULL;
    if (parse_entry (json_object_array_get_idx (guests, i), &entry, err) == -1)
      return gl_err_prefix (err, "guests[%zu]", i);
    /* A name twice: the later entry wins (it cannot happen with files
     * this program wrote). */
    struct gl_batch_entry *old = gl_batch_state_find (st, entry->name);
    if (old) {
      for (size_t j = 0; j < st->entries.len; ++j)
        if (st->entries.ptr[j] == old)
          st->entries.ptr[j] = entry;
      entry_free (old);
    }
    else if (gl_batch_entry_vector_append (&st->entries, entry) == -1) {
      entry_free (entry);
      return gl_err_set (err, ENOMEM, "out of memory");
    }
  }
  return 0;
}

int
gl_batch_state_read (const char *path, struct gl_batch_state *st,
                     struct gl_err *err)
{
  CLEANUP_ERR struct gl_err e = GL_ERR_INIT;
  size_t len;
  CLEANUP_FREE char *buf = gl_read_file (path, GL_BATCH_STATE_MAX_SIZE,
                                         GL_READ_REGULAR, &len, &e);
  if (!buf && e.errnum == ENOENT)
    return 0;
  if (!buf && (e.errnum == EFBIG || e.errnum == EINVAL))
    return gl_err_set (err, EFBIG, "not a regular file of at most %d MiB",
                       GL_BATCH_STATE_MAX_SIZE / (1024 * 1024));
  if (!buf)
    return gl_err_set (err, e.errnum, "cannot read it: %s", strerror (e.errnum));
  return gl_batch_state_parse (buf, len, st, err);
}

/* --- resume ------------------------------------------------------------ */

static void
field (struct sha256_ctx *c, const char *tag, const char *s)
{
  char len[32];
  size_t n = s ? strlen (s) : 0;
  /* "tag:len:" then the bytes; NULL is "tag:-:" (not the empty string). */
  if (s)
    snprintf (len, sizeof len, ":%zu:", n);
  else
    snprintf (len, sizeof len, ":-:");
  sha256_update (c, strlen (tag), (const uint8_t *) tag);
  sha256_update (c, strlen (len), (const uint8_t *) len);
  if (s)
    sha256_update (c, n, (const uint8_t *) s);
}

void
gl_batch_inputs_hash (const struct gl_batch_inputs *in, char hex[GL_SHA256_HEX_SIZE])
{
  struct sha256_ctx c;
  char num[32];
  sha256_init (&c);
  field (&c, "guestlift-batch-inputs", "1");
  snprintf (num, sizeof num, "%zu", in->n_disks);
  field (&c, "disks", num);
  for (size_t i = 0; i < in->n_disks; ++i)
    field (&c, "disk", in->disk_ids[i]);
  field (&c, "config", in->config_id);
  field (&c, "to", in->to);
  field (&c, "output_format", in->output_format);
  field (&c, "direct_boot", in->direct_boot ? "1" : "0");
  field (&c, "boot_test", in->boot_test ? "1" : "0");
  field (&c, "wait_for", in->boot_test ? in->wait_for : NULL);
  if (in->allow_backing)
    field (&c, "allow_backing_file", "1");
  /* The NICs' places are in the domain XML convert writes. */
  for (size_t i = 0; in->nets && i < in->nets->n; ++i) {
    const struct gl_netmap_rule *r = &in->nets->rules[i];
    field (&c, r->bridge ? "bridge" : "network", r->in);
    field (&c, "out", r->out);
  }
  gl_sha256_final_hex (&c, hex);
}

bool
gl_batch_entry_done (const struct gl_batch_entry *e, const char *hash, bool boot_test)
{
  if (!e || !e->inputs_hash || !hash || strcmp (e->inputs_hash, hash) != 0)
    return false;
  switch (e->status) {
  case GL_BATCH_BLOCKED:
    return true;              /* nothing was made; nothing to check */
  case GL_BATCH_CONVERTED:
    if (boot_test)
      return false;
    break;
  case GL_BATCH_BOOTED:
    break;
  default:
    return false;
  }
  if (e->outputs.len == 0)
    return false;
  for (size_t i = 0; i < e->outputs.len; ++i)
    if (access (e->outputs.ptr[i], F_OK) == -1)
      return false;
  return true;
}
