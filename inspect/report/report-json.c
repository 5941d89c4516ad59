/* guestlift: the JSON writer (json-c).  The shape, key names and key order
 * are the public contract (guestlift-inspect(1), the JSON schema): the
 * field table's rows with a JSON key, in the table's order (json-c keeps
 * object keys in insertion order).  The members outside the contract
 * ("extras") are written the same way for the cache.
 *
 * json-c escapes quotes, backslashes and control characters, but copies
 * bytes >= 0x80 as they are: every guest string goes through
 * gl_report_clean first so the document is always valid UTF-8. */
#include <config.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

#include <json-c/json.h>

#include "cleanup.h"
#include "report-fields.h"
#include "report-write.h"

/* Building a tree means many small allocations; rather than checking each
 * at its call site, the first failure sets oom and the rest become no-ops. */
struct jctx {
  bool oom;
};

static json_object *
check (struct jctx *c, json_object *o)
{
  if (!o)
    c->oom = true;
  return o;
}

/* A string, or JSON null for NULL. */
static json_object *
jstr (struct jctx *c, const char *s)
{
  if (!s)
    return NULL;
  CLEANUP_FREE char *clean = gl_report_clean (s, 0);
  if (!clean) {
    c->oom = true;
    return NULL;
  }
  return check (c, json_object_new_string (clean));
}

static json_object *
jbool (struct jctx *c, bool b)
{
  return check (c, json_object_new_boolean (b));
}

/* true / false / null */
static json_object *
jtri (struct jctx *c, gl_tristate t)
{
  return t == GL_NULL ? NULL : jbool (c, t == GL_TRUE);
}

static json_object *
jint (struct jctx *c, int64_t n)
{
  return check (c, json_object_new_int64 (n));
}

static json_object *
jobj (struct jctx *c)
{
  return check (c, json_object_new_object ());
}

static json_object *
jarr (struct jctx *c)
{
  return check (c, json_object_new_array ());
}

/* Add key: val to obj; val NULL prints null.  Takes ownership of val. */
static void
add (struct jctx *c, json_object *obj, const char *key, json_object *val)
{
  if (!obj || json_object_object_add (obj, key, val) != 0) {
    c->oom = true;
    json_object_put (val);
  }
}

static void
push (struct jctx *c, json_object *arr, json_object *val)
{
  if (!arr || json_object_array_add (arr, val) != 0) {
    c->oom = true;
    json_object_put (val);
  }
}

static json_object *
jstrings (struct jctx *c, const string_vector *v)
{
  json_object *a = jarr (c);
  for (size_t i = 0; i < v->len; ++i)
    push (c, a, jstr (c, v->ptr[i]));
  return a;
}

static json_object *object_json (struct jctx *c, const struct gl_object *obj,
                                 const void *base, bool extras);

/* The JSON value of the member f of the struct at base. */
static json_object *
value_json (struct jctx *c, const struct gl_field *f, const void *base,
            bool extras)
{
  switch (f->type) {
  case GL_FT_STRING: {
    const char *s = GL_FIELD (f, base, char *);
    return jstr (c, s ? s : f->null_as);
  }
  case GL_FT_INT:
    return jint (c, GL_FIELD (f, base, int));
  case GL_FT_SIZE:
    return jint (c, GL_FIELD (f, base, int64_t));
  case GL_FT_BOOL:
    return jbool (c, GL_FIELD (f, base, bool));
  case GL_FT_TRISTATE:
    return jtri (c, GL_FIELD (f, base, gl_tristate));
  case GL_FT_ENUM:
    return jstr (c, gl_field_enum_name (f, GL_FIELD (f, base, int)));
  case GL_FT_STRINGS:
    return jstrings (c, gl_field_ptr (f, base));
  case GL_FT_MAP: {
    const gl_string_map *m = gl_field_ptr (f, base);
    json_object *o = jobj (c);
    for (size_t i = 0; i < m->len; ++i) {
      if (!m->ptr[i].key)
        continue;
      CLEANUP_FREE char *key = gl_report_clean (m->ptr[i].key, 0);
      if (!key) {
        c->oom = true;
        continue;
      }
      add (c, o, key, jstr (c, m->ptr[i].value));
    }
    return o;
  }
  case GL_FT_OBJECT:
    return object_json (c, f->object, gl_field_ptr (f, base), extras);
  case GL_FT_OBJECTS: {
    const gl_field_items *v = gl_field_ptr (f, base);
    json_object *a = jarr (c);
    for (size_t i = 0; i < v->len; ++i)
      push (c, a, object_json (c, f->object, v->ptr[i], extras));
    return a;
  }
  }
  c->oom = true;
  return NULL;
}

/* The object's members in the contract, in the table's order; or, with
 * extras, its members outside the contract (keyed by their names), then
 * the objects below that have some. */
static json_object *
object_json (struct jctx *c, const struct gl_object *obj, const void *base,
             bool extras)
{
  json_object *o = jobj (c);
  for (size_t i = 0; i < obj->nfields; ++i) {
    const struct gl_field *f = &obj->fields[i];
    if (!extras && f->json)
      add (c, o, f->json, value_json (c, f, base, false));
    else if (extras && gl_field_is_extra (f) && f->type != GL_FT_OBJECT
             && f->type != GL_FT_OBJECTS)
      add (c, o, f->name, value_json (c, f, base, false));
  }
  for (size_t i = 0; extras && i < obj->nfields; ++i) {
    const struct gl_field *f = &obj->fields[i];
    if ((f->type == GL_FT_OBJECT || f->type == GL_FT_OBJECTS)
        && !f->transient && gl_object_has_extras (f->object))
      add (c, o, f->name, value_json (c, f, base, true));
  }
  return o;
}

static json_object *
image_json (const struct gl_image *img, bool extras)
{
  struct jctx c = { .oom = false };
  json_object *o = object_json (&c, &gl_image_object, img, extras);
  if (c.oom) {
    json_object_put (o);
    errno = ENOMEM;
    return NULL;
  }
  return o;
}

json_object *
gl_image_json (const struct gl_image *img)
{
  return image_json (img, false);
}

json_object *
gl_image_extras_json (const struct gl_image *img)
{
  return image_json (img, true);
}

int
gl_report_write_json_ex (const struct gl_report *r, FILE *fp, unsigned flags,
                         struct gl_err *err)
{
  static const struct gl_report none = { empty_vector };
  struct jctx c = { .oom = false };
  json_object *doc = object_json (&c, &gl_report_object, r ? r : &none, false);

  if (flags & GL_REPORT_JSON_SUMMARY) {
    struct gl_report_summary s;
    gl_report_summary (r, &s);
    json_object *so = jobj (&c);
    add (&c, so, "bootable", jint (&c, (int64_t) s.bootable));
    add (&c, so, "blocked", jint (&c, (int64_t) s.blocked));
    add (&c, so, "unknown", jint (&c, (int64_t) s.unknown));
    add (&c, so, "error", jint (&c, (int64_t) s.error));
    add (&c, so, "not_applicable", jint (&c, (int64_t) s.not_applicable));
    /* The blocked guests and why: what a migration must fix first. */
    json_object *bl = jarr (&c);
    struct gl_report_guest g = GL_REPORT_GUEST_INIT;
    while (gl_report_next_guest (r, &g)) {
      if (g.verdict != GL_VERDICT_BLOCKED)
        continue;
      json_object *o = jobj (&c);
      add (&c, o, "path", jstr (&c, g.img->path));
      add (&c, o, "root", jstr (&c, g.os->root));
      add (&c, o, "blockers", jstrings (&c, &g.os->kvm.blockers));
      push (&c, bl, o);
    }
    add (&c, so, "blocked_guests", bl);
    add (&c, doc, "summary", so);
  }

  const char *text = NULL;
  if (!c.oom)
    text = json_object_to_json_string_ext (doc, flags & GL_REPORT_JSON_COMPACT
                                           ? JSON_C_TO_STRING_PLAIN
                                           | JSON_C_TO_STRING_NOSLASHESCAPE
                                           : JSON_C_TO_STRING_PRETTY
                                           | JSON_C_TO_STRING_SPACED
                                           | JSON_C_TO_STRING_NOSLASHESCAPE);
  if (text) {
    fputs (text, fp);
    putc ('\n', fp);
  }
  json_object_put (doc);
  return gl_report_write_done (fp, !text, err);
}

int
gl_report_write_json (const struct gl_report *r, FILE *fp, struct gl_err *err)
{
  return gl_report_write_json_ex (r, fp, 0, err);
}
