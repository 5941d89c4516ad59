/* guestlift: reading JSON (see json.h). */
#include <config.h>

#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json.h"

/* --- parsing ------------------------------------------------------------ */

static bool
is_space (char c)
{
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

int
gl_json_parse (const char *text, size_t len, json_object **out,
               struct gl_err *err)
{
  *out = NULL;
  if (len > GL_JSON_MAX_SIZE)
    return gl_err_set (err, EFBIG, "larger than %d bytes", GL_JSON_MAX_SIZE);
  json_tokener *tok = json_tokener_new_ex (GL_JSON_MAX_DEPTH);
  if (!tok)
    return gl_err_set (err, ENOMEM, "out of memory");
  json_tokener_set_flags (tok, JSON_TOKENER_STRICT | JSON_TOKENER_VALIDATE_UTF8);
  json_object *doc = json_tokener_parse_ex (tok, text ? text : "", (int) len);
  enum json_tokener_error jerr = json_tokener_get_error (tok);
  size_t end = json_tokener_get_parse_end (tok);
  /* A number or literal at the very end waits for more input: say that
   * the input ended (a NUL byte ends a document for json-c). */
  bool ended = false;
  if (jerr == json_tokener_continue) {
    doc = json_tokener_parse_ex (tok, "", 1);
    jerr = json_tokener_get_error (tok);
    ended = jerr != json_tokener_success;
    end = len;
  }
  json_tokener_free (tok);
  int r = -1;
  if (ended)
    gl_err_set (err, EINVAL, "not valid JSON: unexpected end of input");
  else if (jerr != json_tokener_success)
    gl_err_set (err, jerr == json_tokener_error_depth ? EFBIG : EINVAL,
                "not valid JSON: %s at byte %zu", json_tokener_error_desc (jerr),
                end);
  else {
    /* json-c's strict mode refuses text after the value, but stops at a
     * NUL byte: only white space may follow. */
    while (end < len && is_space (text[end]))
      ++end;
    if (end < len)
      gl_err_set (err, EINVAL, "not valid JSON: trailing data at byte %zu", end);
    else
      r = 0;
  }
  if (r == 0)
    *out = doc;
  else
    json_object_put (doc);
  return r;
}

/* --- values ------------------------------------------------------------- */

const char *
gl_json_type_name (json_object *v)
{
  switch (json_object_get_type (v)) {
  case json_type_null: return "null";
  case json_type_boolean: return "a boolean";
  case json_type_double: return "a number";
  case json_type_int: return "an integer";
  case json_type_object: return "an object";
  case json_type_array: return "an array";
  case json_type_string: return "a string";
  }
  return "something else";
}

/* NULL (JSON null) is allowed only with GL_JSON_NULLABLE: 1 when it is
 * there and allowed, 0 when there is a value to check. */
static int
null_ok (json_object *v, unsigned flags)
{
  return v == NULL && (flags & GL_JSON_NULLABLE);
}

static int
wrong_type (json_object *v, const char *name, unsigned flags, const char *want,
            struct gl_err *err)
{
  return gl_err_set (err, EINVAL, "%s must be %s%s, not %s", name, want,
                     flags & GL_JSON_NULLABLE ? " or null" : "",
                     gl_json_type_name (v));
}

int
gl_json_string (json_object *v, const char *name, unsigned flags, size_t max,
                const char **out, struct gl_err *err)
{
  if (null_ok (v, flags))
    return GL_JSON_NULL;
  if (!json_object_is_type (v, json_type_string))
    return wrong_type (v, name, flags, "a string", err);
  const char *s = json_object_get_string (v);
  int len = json_object_get_string_len (v);
  if (len < 0 || (size_t) len > max)
    return gl_err_set (err, EFBIG, "%s is longer than %zu bytes", name, max);
  /* C would silently cut a string at a \u0000. */
  if (strlen (s) != (size_t) len)
    return gl_err_set (err, EINVAL, "%s must not contain a NUL byte", name);
  if (len == 0 && (flags & GL_JSON_NONEMPTY))
    return gl_err_set (err, EINVAL, "%s must not be empty", name);
  *out = s;
  return GL_JSON_VALUE;
}

int
gl_json_int (json_object *v, const char *name, unsigned flags,
             int64_t min, int64_t max, int64_t *out, struct gl_err *err)
{
  if (null_ok (v, flags))
    return GL_JSON_NULL;
  bool good = json_object_is_type (v, json_type_int);
  int64_t n = good ? json_object_get_int64 (v) : 0;
  /* json-c clamps integers beyond int64: above, they read as INT64_MAX
   * (kept as uint64, so they can be told apart); below, as INT64_MIN,
   * which is therefore never taken as a value. */
  if (good && ((n == INT64_MAX && json_object_get_uint64 (v) != (uint64_t) INT64_MAX)
               || n == INT64_MIN))
    good = false;
  if (!good || n < min || n > max)
    return gl_err_set (err, EINVAL, "%s must be an integer from %" PRId64
                       " to %" PRId64 "%s%s%s", name, min, max,
                       flags & GL_JSON_NULLABLE ? " or null" : "",
                       json_object_is_type (v, json_type_int) ? "" : ", not ",
                       json_object_is_type (v, json_type_int) ? ""
                       : gl_json_type_name (v));
  *out = n;
  return GL_JSON_VALUE;
}

int
gl_json_double (json_object *v, const char *name, unsigned flags,
                double *out, struct gl_err *err)
{
  if (null_ok (v, flags))
    return GL_JSON_NULL;
  if (!json_object_is_type (v, json_type_double)
      && !json_object_is_type (v, json_type_int))
    return wrong_type (v, name, flags, "a number", err);
  *out = json_object_get_double (v);
  return GL_JSON_VALUE;
}

int
gl_json_bool (json_object *v, const char *name, unsigned flags,
              bool *out, struct gl_err *err)
{
  if (null_ok (v, flags))
    return GL_JSON_NULL;
  if (!json_object_is_type (v, json_type_boolean))
    return gl_err_set (err, EINVAL, "%s must be %s, not %s", name,
                       flags & GL_JSON_NULLABLE ? "true, false or null"
                       : "true or false", gl_json_type_name (v));
  *out = json_object_get_boolean (v);
  return GL_JSON_VALUE;
}

static int
container (json_object *v, const char *name, unsigned flags, size_t max_items,
           json_type type, json_object **out, struct gl_err *err)
{
  if (null_ok (v, flags))
    return GL_JSON_NULL;
  if (!json_object_is_type (v, type))
    return wrong_type (v, name, flags,
                       type == json_type_array ? "an array" : "an object", err);
  size_t n = type == json_type_array ? json_object_array_length (v)
    : (size_t) json_object_object_length (v);
  if (n > max_items)
    return gl_err_set (err, EFBIG, "%s has more than %zu %s", name, max_items,
                       type == json_type_array ? "items" : "keys");
  *out = v;
  return GL_JSON_VALUE;
}

int
gl_json_array (json_object *v, const char *name, unsigned flags,
               size_t max_items, json_object **out, struct gl_err *err)
{
  return container (v, name, flags, max_items, json_type_array, out, err);
}

int
gl_json_object (json_object *v, const char *name, unsigned flags,
                size_t max_items, json_object **out, struct gl_err *err)
{
  return container (v, name, flags, max_items, json_type_object, out, err);
}

/* --- members ------------------------------------------------------------ */

int
gl_json_member (json_object *o, const char *key, json_object **out)
{
  *out = NULL;
  return json_object_object_get_ex (o, key, out) ? GL_JSON_VALUE : GL_JSON_ABSENT;
}

/* Find KEY; GL_JSON_ABSENT (allowed) or -1 (not allowed) when it is not
 * there, else GL_JSON_VALUE with *v (NULL for null) and the key's name
 * for messages in NAME. */
static int
find (json_object *o, const char *key, unsigned flags, json_object **v,
      char *name, size_t n, struct gl_err *err)
{
  snprintf (name, n, "\"%s\"", key);
  if (!json_object_is_type (o, json_type_object))
    return gl_err_set (err, EINVAL, "%s: not in an object", name);
  if (gl_json_member (o, key, v) == GL_JSON_VALUE)
    return GL_JSON_VALUE;
  if (flags & GL_JSON_OPTIONAL)
    return GL_JSON_ABSENT;
  return gl_err_set (err, EINVAL, "%s is missing", name);
}

/* Keys are ours (never guest text), so a short buffer is enough; a
 * longer one is only cut in the message. */
#define MEMBER(call)                                                    \
  json_object *v;                                                       \
  char name[96];                                                        \
  int found = find (o, key, flags, &v, name, sizeof name, err);         \
  if (found != GL_JSON_VALUE)                                           \
    return found;                                                       \
  return call

int
gl_json_get_string (json_object *o, const char *key, unsigned flags,
                    size_t max, const char **out, struct gl_err *err)
{
  MEMBER (gl_json_string (v, name, flags, max, out, err));
}

int
gl_json_get_strdup (json_object *o, const char *key, unsigned flags,
                    size_t max, char **out, struct gl_err *err)
{
  const char *s = NULL;
  int r = gl_json_get_string (o, key, flags, max, &s, err);
  if (r == GL_JSON_VALUE) {
    char *copy = strdup (s);
    if (!copy)
      return gl_err_set (err, ENOMEM, "out of memory");
    free (*out);
    *out = copy;
  }
  else if (r == GL_JSON_NULL) {
    free (*out);
    *out = NULL;
  }
  return r;
}

int
gl_json_get_int (json_object *o, const char *key, unsigned flags,
                 int64_t min, int64_t max, int64_t *out, struct gl_err *err)
{
  MEMBER (gl_json_int (v, name, flags, min, max, out, err));
}

int
gl_json_get_double (json_object *o, const char *key, unsigned flags,
                    double *out, struct gl_err *err)
{
  MEMBER (gl_json_double (v, name, flags, out, err));
}

int
gl_json_get_bool (json_object *o, const char *key, unsigned flags,
                  bool *out, struct gl_err *err)
{
  MEMBER (gl_json_bool (v, name, flags, out, err));
}

int
gl_json_get_array (json_object *o, const char *key, unsigned flags,
                   size_t max_items, json_object **out, struct gl_err *err)
{
  MEMBER (gl_json_array (v, name, flags, max_items, out, err));
}

int
gl_json_get_object (json_object *o, const char *key, unsigned flags,
                    size_t max_items, json_object **out, struct gl_err *err)
{
  MEMBER (gl_json_object (v, name, flags, max_items, out, err));
}

/* --- building ----------------------------------------------------------- */

int
gl_json_add (json_object *o, const char *key, json_object *v)
{
  if (!v || json_object_object_add (o, key, v) != 0) {
    json_object_put (v);
    errno = ENOMEM;
    return -1;
  }
  return 0;
}

int
gl_json_add_string (json_object *o, const char *key, const char *s)
{
  /* json-c's null is a NULL value. */
  if (!s)
    return json_object_object_add (o, key, NULL) == 0 ? 0 : -1;
  return gl_json_add (o, key, json_object_new_string (s));
}

int
gl_json_add_strings (json_object *o, const char *key, const string_vector *v)
{
  json_object *a = json_object_new_array ();
  for (size_t i = 0; a && v && i < v->len; ++i) {
    json_object *s = json_object_new_string (v->ptr[i]);
    if (!s || json_object_array_add (a, s) != 0) {
      json_object_put (s);
      json_object_put (a);
      a = NULL;
    }
  }
  return gl_json_add (o, key, a);
}

int
gl_json_add_seconds (json_object *o, const char *key, double s)
{
  if (s < 0)
    return gl_json_add_string (o, key, NULL);
  char text[32];
  double t = (double) (int64_t) (s * 10 + 0.5) / 10;
  snprintf (text, sizeof text, "%.1f", t);
  return gl_json_add (o, key, json_object_new_double_s (t, text));
}

void
gl_json_cleanup (void *ptr)
{
  json_object_put (*(json_object **) ptr);
}
