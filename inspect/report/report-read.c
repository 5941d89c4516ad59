/* guestlift: the JSON reader, the inverse of report-json.c.
 *
 * Walks the field table (report-fields.h) over the document, checking
 * every type with the getters of common/utils/json.h.  The document is
 * hostile, so: the text, every string and every array are bounded
 * (report-read.h), the parser limits nesting and validates UTF-8, and
 * the reader recurses only as deep as the table (never as the input).
 * The first failure is kept as a one-line message prefixed with where it
 * happened ("images[0].operating_systems[1]"); the path is built only
 * from our own key names and indexes, never from guest text.  Pure:
 * json-c and the model only (it is fuzzed).
 */
#include <config.h>

#include <errno.h>
#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cleanup.h"
#include "report-fields.h"
#include "report-read.h"
#include "report-write.h"

struct rd {
  char where[256];          /* "images[0].operating_systems[1]" */
  size_t wlen;
  struct gl_err err;        /* the first failure */
  bool failed;
  bool extras;              /* reading the extras (keys are C names, the
                             * objects are there already) */
};

/* Keep the getter's failure in e as "WHERE: message". */
static void
fail_with (struct rd *r, struct gl_err *e)
{
  if (r->failed)
    return;
  r->failed = true;
  if (r->wlen)
    gl_err_prefix (e, "%s", r->where);
  gl_err_move (&r->err, e);
}

static void __attribute__ ((format (printf, 3, 4)))
fail (struct rd *r, int errnum, const char *fmt, ...)
{
  struct gl_err e = GL_ERR_INIT;
  va_list ap;
  va_start (ap, fmt);
  gl_err_vset (&e, errnum, fmt, ap);
  va_end (ap);
  fail_with (r, &e);
  gl_err_clear (&e);
}

/* Descend into KEY (with [INDEX] when indexed); returns the length to
 * restore with up().  Truncation of a very deep path only shortens the
 * message. */
static size_t
down (struct rd *r, const char *key, bool indexed, size_t index)
{
  size_t old = r->wlen;
  int n = indexed
    ? snprintf (r->where + r->wlen, sizeof r->where - r->wlen, "%s%s[%zu]",
                r->wlen ? "." : "", key, index)
    : snprintf (r->where + r->wlen, sizeof r->where - r->wlen, "%s%s",
                r->wlen ? "." : "", key);
  if (n > 0)
    r->wlen += (size_t) n < sizeof r->where - r->wlen ? (size_t) n
                                                      : sizeof r->where - 1 - r->wlen;
  return old;
}

static void
up (struct rd *r, size_t old)
{
  r->wlen = old;
  r->where[old] = '\0';
}

/* Run a getter call with a local error; false (and the failure kept)
 * when it failed.  Its result is in r_. */
#define GET(r, call) ({                                                 \
      struct gl_err e_ = GL_ERR_INIT;                                   \
      struct gl_err *err = &e_;                                         \
      int r_ = (call);                                                  \
      if (r_ == -1)                                                     \
        fail_with ((r), &e_);                                           \
      gl_err_clear (&e_);                                               \
      r_; })

static size_t
max_items (const struct gl_field *f)
{
  return f->max_items ? f->max_items : GL_REPORT_READ_MAX_ITEMS;
}

static void read_object (struct rd *r, const struct gl_object *obj,
                         json_object *o, void *base);

/* The items of a list member KEY: strings, no nulls (the model's lists
 * never hold NULL). */
static void
read_strings (struct rd *r, const struct gl_field *f, json_object *o,
              const char *key, string_vector *out)
{
  json_object *a;
  if (GET (r, gl_json_get_array (o, key, 0, max_items (f), &a, err)) == -1)
    return;
  size_t n = json_object_array_length (a);
  for (size_t i = 0; i < n && !r->failed; ++i) {
    char name[96];
    const char *s;
    snprintf (name, sizeof name, "\"%s\"[%zu]", key, i);
    if (GET (r, gl_json_string (json_object_array_get_idx (a, i), name, 0,
                                GL_REPORT_READ_MAX_STRING, &s, err)) == -1)
      return;
    if (string_vector_add (out, s) == -1)
      fail (r, ENOMEM, "out of memory");
  }
}

/* A map member KEY: an object of strings (or nulls); json-c keeps keys in
 * document order, so the model's order survives. */
static void
read_map (struct rd *r, const struct gl_field *f, json_object *o,
          const char *key, gl_string_map *out)
{
  json_object *m;
  if (GET (r, gl_json_get_object (o, key, 0, max_items (f), &m, err)) == -1)
    return;
  size_t i = 0;
  json_object_object_foreach (m, k, v) {
    char name[96];
    snprintf (name, sizeof name, "\"%s\"[%zu]", key, i++);
    const char *value = NULL;
    if (strlen (k) > GL_REPORT_READ_MAX_STRING) {
      fail (r, EFBIG, "%s: the key is longer than %d bytes", name,
            GL_REPORT_READ_MAX_STRING);
      return;
    }
    if (GET (r, gl_json_string (v, name, GL_JSON_NULLABLE,
                                GL_REPORT_READ_MAX_STRING, &value, err)) == -1)
      return;
    struct gl_string_pair p = { strdup (k), value ? strdup (value) : NULL };
    if (!p.key || (value && !p.value)
        || gl_vector_reserve ((void **) &out->ptr, &out->cap, out->len, 1,
                              sizeof *out->ptr) == -1) {
      free (p.key);
      free (p.value);
      fail (r, ENOMEM, "out of memory");
      return;
    }
    out->ptr[out->len++] = p;
  }
}

/* A vector of objects KEY.  Reading the extras, its items are there
 * already and the array must have as many. */
static void
read_objects (struct rd *r, const struct gl_field *f, json_object *o,
              const char *key, gl_field_items *out)
{
  json_object *a;
  if (GET (r, gl_json_get_array (o, key, 0, max_items (f), &a, err)) == -1)
    return;
  size_t n = json_object_array_length (a);
  if (r->extras && n != out->len) {
    fail (r, EINVAL, "\"%s\" has %zu items for %zu", key, n, out->len);
    return;
  }
  for (size_t i = 0; i < n && !r->failed; ++i) {
    char name[96];
    json_object *item;
    snprintf (name, sizeof name, "\"%s\"[%zu]", key, i);
    if (GET (r, gl_json_object (json_object_array_get_idx (a, i), name, 0,
                                SIZE_MAX, &item, err)) == -1)
      return;
    size_t old = down (r, key, true, i);
    if (r->extras)
      read_object (r, f->object, item, out->ptr[i]);
    else {
      void *obj = f->object->new_item ();
      if (!obj)
        fail (r, ENOMEM, "out of memory");
      else {
        read_object (r, f->object, item, obj);
        if (r->failed
            || gl_vector_reserve ((void **) &out->ptr, &out->cap, out->len, 1,
                                  sizeof *out->ptr) == -1) {
          f->object->free_item (obj);
          fail (r, ENOMEM, "out of memory");      /* no-op after a failure */
        }
        else
          out->ptr[out->len++] = obj;
      }
    }
    up (r, old);
  }
}

/* "\"none\", \"file\" or \"ikconfig\"" */
static void
enum_names (const struct gl_field *f, char *buf, size_t n)
{
  size_t len = 0;
  buf[0] = '\0';
  for (size_t i = 0; f->names[i] && len < n; ++i)
    len += (size_t) snprintf (buf + len, n - len, "%s\"%s\"",
                              i == 0 ? "" : f->names[i + 1] ? ", " : " or ",
                              f->names[i]);
}

static void
read_field (struct rd *r, const struct gl_field *f, json_object *o,
            const char *key, void *base)
{
  void *p = gl_field_ptr (f, base);
  int64_t n = 0;
  bool b = false;
  const char *s = NULL;
  switch (f->type) {
  case GL_FT_STRING:
    GET (r, gl_json_get_strdup (o, key, GL_JSON_NULLABLE, GL_REPORT_READ_MAX_STRING,
                                p, err));
    return;
  case GL_FT_INT:
    if (GET (r, gl_json_get_int (o, key, 0, INT_MIN, INT_MAX, &n, err)) == 0)
      *(int *) p = (int) n;
    return;
  case GL_FT_SIZE:
    /* -1 is "unknown"; nothing else below zero is a size. */
    GET (r, gl_json_get_int (o, key, 0, -1, INT64_MAX, p, err));
    return;
  case GL_FT_BOOL:
    GET (r, gl_json_get_bool (o, key, 0, p, err));
    return;
  case GL_FT_TRISTATE:
    switch (GET (r, gl_json_get_bool (o, key, GL_JSON_NULLABLE, &b, err))) {
    case GL_JSON_VALUE: *(gl_tristate *) p = b ? GL_TRUE : GL_FALSE; break;
    case GL_JSON_NULL: *(gl_tristate *) p = GL_NULL; break;
    }
    return;
  case GL_FT_ENUM:
    if (GET (r, gl_json_get_string (o, key, 0, GL_REPORT_READ_MAX_STRING, &s,
                                    err)) == -1)
      return;
    for (int i = 0; f->names[i]; ++i)
      if (strcmp (s, f->names[i]) == 0) {
        *(int *) p = i;
        return;
      }
    char names[128];
    enum_names (f, names, sizeof names);
    fail (r, EINVAL, "\"%s\" must be %s", key, names);
    return;
  case GL_FT_STRINGS:
    read_strings (r, f, o, key, p);
    return;
  case GL_FT_MAP:
    read_map (r, f, o, key, p);
    return;
  case GL_FT_OBJECT: {
    json_object *sub;
    if (GET (r, gl_json_get_object (o, key, 0, SIZE_MAX, &sub, err)) == -1)
      return;
    size_t old = down (r, key, false, 0);
    read_object (r, f->object, sub, p);
    up (r, old);
    return;
  }
  case GL_FT_OBJECTS:
    read_objects (r, f, o, key, p);
    return;
  }
}

/* The members of obj in o: those of the contract (by JSON key), or,
 * reading the extras, those outside it (by name) and the objects below
 * that have some. */
static void
read_object (struct rd *r, const struct gl_object *obj, json_object *o, void *base)
{
  for (size_t i = 0; i < obj->nfields && !r->failed; ++i) {
    const struct gl_field *f = &obj->fields[i];
    bool nested = f->type == GL_FT_OBJECT || f->type == GL_FT_OBJECTS;
    if (!r->extras && f->json)
      read_field (r, f, o, f->json, base);
    else if (r->extras && !f->transient
             && (nested ? gl_object_has_extras (f->object) : !f->json))
      read_field (r, f, o, f->name, base);
  }
}

/* Hand the message out (or drop it). */
static void
finish (struct rd *r, struct gl_err *err)
{
  if (err)
    gl_err_move (err, &r->err);
  gl_err_clear (&r->err);
}

struct gl_image *
gl_image_from_json (json_object *j, struct gl_err *err)
{
  struct rd r = { .wlen = 0, .err = GL_ERR_INIT };
  struct gl_image *img = NULL;
  if (!json_object_is_type (j, json_type_object))
    fail (&r, EINVAL, "an image must be an object, not %s", gl_json_type_name (j));
  else if ((img = gl_image_new (NULL)) == NULL)
    fail (&r, ENOMEM, "out of memory");
  else
    read_object (&r, &gl_image_object, j, img);
  if (r.failed) {
    gl_image_free (img);
    finish (&r, err);
    return NULL;
  }
  return img;
}

int
gl_image_extras_from_json (struct gl_image *img, json_object *extras,
                           struct gl_err *err)
{
  struct rd r = { .wlen = 0, .err = GL_ERR_INIT, .extras = true };
  if (!json_object_is_type (extras, json_type_object))
    fail (&r, EINVAL, "the extras must be an object, not %s",
          gl_json_type_name (extras));
  else
    read_object (&r, &gl_image_object, extras, img);
  if (r.failed) {
    finish (&r, err);
    return -1;
  }
  return 0;
}

struct gl_report *
gl_report_read_json (const char *text, size_t len, struct gl_err *err)
{
  struct rd r = { .wlen = 0, .err = GL_ERR_INIT };
  struct gl_report *rep = NULL;
  CLEANUP_JSON json_object *doc = NULL;

  if (len > GL_REPORT_READ_MAX_TEXT)
    fail (&r, EFBIG, "report larger than %d bytes", GL_REPORT_READ_MAX_TEXT);
  else if (gl_json_parse (text, len, &doc, &r.err) == -1)
    r.failed = true;
  else if (!json_object_is_type (doc, json_type_object))
    fail (&r, EINVAL, "a report must be a JSON object, not %s",
          gl_json_type_name (doc));
  else if ((rep = gl_report_new ()) == NULL)
    fail (&r, ENOMEM, "out of memory");
  else
    read_object (&r, &gl_report_object, doc, rep);

  if (r.failed) {
    gl_report_free (rep);
    finish (&r, err);
    return NULL;
  }
  return rep;
}

/* --- what the JSON carries exactly ------------------------------------- */

/* The writer changes invalid UTF-8 (into U+FFFD), the reader refuses
 * strings over its bound. */
static bool
exact_string (const char *s)
{
  if (!s)
    return true;
  if (strlen (s) > GL_REPORT_READ_MAX_STRING)
    return false;
  CLEANUP_FREE char *c = gl_report_clean (s, 0);
  return c && strcmp (c, s) == 0;
}

static bool exact_object (const struct gl_object *obj, const void *base);

static bool
exact_field (const struct gl_field *f, const void *base)
{
  switch (f->type) {
  case GL_FT_STRING:
    return exact_string (GL_FIELD (f, base, char *));
  case GL_FT_INT: case GL_FT_BOOL:
    return true;
  case GL_FT_SIZE:
    return GL_FIELD (f, base, int64_t) >= -1;
  case GL_FT_TRISTATE: {
    gl_tristate t = GL_FIELD (f, base, gl_tristate);
    return t >= GL_NULL && t <= GL_TRUE;
  }
  case GL_FT_ENUM: {
    int v = GL_FIELD (f, base, int);
    for (int i = 0; f->names[i]; ++i)
      if (i == v)
        return true;
    return false;
  }
  case GL_FT_STRINGS: {
    const string_vector *v = gl_field_ptr (f, base);
    if (v->len > max_items (f))
      return false;
    for (size_t i = 0; i < v->len; ++i)
      if (!v->ptr[i] || !exact_string (v->ptr[i]))
        return false;
    return true;
  }
  case GL_FT_MAP: {
    /* The writer skips a NULL key; a repeated key keeps the last value. */
    const gl_string_map *m = gl_field_ptr (f, base);
    if (m->len > max_items (f))
      return false;
    for (size_t i = 0; i < m->len; ++i) {
      if (!m->ptr[i].key || !exact_string (m->ptr[i].key)
          || !exact_string (m->ptr[i].value))
        return false;
      for (size_t j = 0; j < i; ++j)
        if (strcmp (m->ptr[j].key, m->ptr[i].key) == 0)
          return false;
    }
    return true;
  }
  case GL_FT_OBJECT:
    return exact_object (f->object, gl_field_ptr (f, base));
  case GL_FT_OBJECTS: {
    const gl_field_items *v = gl_field_ptr (f, base);
    if (v->len > max_items (f))
      return false;
    for (size_t i = 0; i < v->len; ++i)
      if (!v->ptr[i] || !exact_object (f->object, v->ptr[i]))
        return false;
    return true;
  }
  }
  return false;
}

static bool
exact_object (const struct gl_object *obj, const void *base)
{
  for (size_t i = 0; i < obj->nfields; ++i)
    if (!obj->fields[i].transient && !exact_field (&obj->fields[i], base))
      return false;
  return true;
}

bool
gl_image_json_exact (const struct gl_image *img)
{
  return img && exact_object (&gl_image_object, img);
}
