/* Unit tests for common/utils/json.c: the one parser (its bounds, strict
 * mode, what may follow the value) and the typed getters (absent, null and
 * wrong type told apart, bounds, messages naming the key). */
#include <config.h>

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cleanup.h"
#include "json.h"
#include "tap.h"

/* Parse TEXT: 0 or -1, with the message (if any) in *msg. */
static int
parse (const char *text, size_t len, json_object **out, char **msg, int *errnum)
{
  struct gl_err err = GL_ERR_INIT;
  int r = gl_json_parse (text, len, out, &err);
  *msg = err.msg ? strdup (err.msg) : NULL;
  *errnum = err.errnum;
  gl_err_clear (&err);
  return r;
}

static void
refused (const char *text, const char *want, int want_errno, const char *what)
{
  json_object *o = (json_object *) 1;
  CLEANUP_FREE char *msg = NULL;
  int e;
  int r = parse (text, strlen (text), &o, &msg, &e);
  ok (r == -1 && o == NULL && msg && strstr (msg, want) && e == want_errno,
      "%s refused: %s", what, msg ? msg : "(no message)");
}

static void
test_parse (void)
{
  CLEANUP_JSON json_object *o = NULL;
  CLEANUP_FREE char *msg = NULL;
  int e;
  static const char doc[] = "{\"a\": [1, 2], \"b\": \"x\"}\n \t\r\n";
  ok (parse (doc, strlen (doc), &o, &msg, &e) == 0
      && json_object_is_type (o, json_type_object),
      "an object followed by white space parses");
  /* Not NUL-terminated: only LEN bytes are read. */
  json_object *five = NULL;
  free (msg);
  ok (parse ("5x", 1, &five, &msg, &e) == 0 && json_object_get_int (five) == 5,
      "a number at the very end of the input parses (LEN bytes only)");
  json_object_put (five);
  json_object *null = (json_object *) 1;
  free (msg);
  ok (parse ("null", 4, &null, &msg, &e) == 0 && null == NULL,
      "the document null parses to NULL");
  msg = NULL;

  refused ("", "unexpected end of input", EINVAL, "empty input");
  refused ("  ", "unexpected end of input", EINVAL, "white space only");
  refused ("{\"a\": [1", "unexpected end of input", EINVAL, "truncated");
  refused ("{\"a\": 1} x", "not valid JSON", EINVAL, "text after the value");
  refused ("{\"a\": 1,}", "not valid JSON", EINVAL, "a trailing comma");
  refused ("{\"a\": 1} /* c */", "not valid JSON", EINVAL, "a comment");
  refused ("{\"a\": \"\xff\"}", "not valid JSON", EINVAL, "invalid UTF-8");
  refused ("{\"a\": 01}", "not valid JSON", EINVAL, "a leading zero");
  {
    static const char nul[] = "{\"a\": 1}\0{}";
    json_object *n = (json_object *) 1;
    CLEANUP_FREE char *m = NULL;
    ok (parse (nul, sizeof nul - 1, &n, &m, &e) == -1 && n == NULL
        && m && strstr (m, "trailing data at byte 8"),
        "a NUL byte after the value is refused: %s", m ? m : "");
  }

  /* Depth: GL_JSON_MAX_DEPTH nested arrays parse, one more does not. */
  char deep[2 * GL_JSON_MAX_DEPTH + 3];
  for (size_t depth = GL_JSON_MAX_DEPTH; depth <= GL_JSON_MAX_DEPTH + 1; ++depth) {
    size_t n = 0;
    for (size_t i = 0; i < depth; ++i)
      deep[n++] = '[';
    for (size_t i = 0; i < depth; ++i)
      deep[n++] = ']';
    deep[n] = '\0';
    json_object *d = NULL;
    CLEANUP_FREE char *m = NULL;
    int r = parse (deep, n, &d, &m, &e);
    if (depth == GL_JSON_MAX_DEPTH)
      ok (r == 0, "%zu levels parse", depth);
    else
      ok (r == -1 && e == EFBIG && m && strstr (m, "too deep"),
          "%zu levels are refused with EFBIG: %s", depth, m ? m : "");
    json_object_put (d);
  }

  json_object *big = NULL;
  CLEANUP_FREE char *m = NULL;
  ok (parse ("{}", (size_t) GL_JSON_MAX_SIZE + 1, &big, &m, &e) == -1
      && e == EFBIG && big == NULL,
      "a document over GL_JSON_MAX_SIZE is refused before reading: %s", m ? m : "");
}

/* CALL (which passes FE as its error) fails with message WANT. */
#define FE (&fe_)
#define FAILS(call, want, want_errno, what) do {                         \
    struct gl_err fe_ = GL_ERR_INIT;                                    \
    int r_ = (call);                                                    \
    ok (r_ == -1 && fe_.msg && strcmp (fe_.msg, want) == 0            \
        && fe_.errnum == want_errno, "%s: %s", what,                   \
        fe_.msg ? fe_.msg : "(no message)");                          \
    if (fe_.msg && strcmp (fe_.msg, want) != 0)                       \
      printf ("#   expected: %s\n", want);                              \
    gl_err_clear (&fe_);                                               \
  } while (0)

static json_object *
doc (const char *text)
{
  json_object *o = NULL;
  if (gl_json_parse (text, strlen (text), &o, NULL) == -1)
    abort ();
  return o;
}

static void
test_getters (void)
{
  CLEANUP_JSON json_object *o =
    doc ("{\"s\": \"web01\", \"empty\": \"\", \"nul\": \"a\\u0000b\", \"n\": null,"
         " \"i\": 42, \"neg\": -1, \"d\": 1.5, \"big\": 18446744073709551615,"
         " \"small\": -99999999999999999999, \"t\": true,"
         " \"a\": [1, 2, 3], \"o\": {\"x\": 1, \"y\": 2}}");
  struct gl_err *err = NULL;      /* outside FAILS: no error object (allowed) */

  /* Strings. */
  const char *s = "unchanged";
  is_int (gl_json_get_string (o, "s", 0, 5, &s, err), GL_JSON_VALUE, "string: a value");
  is_str (s, "web01", "string: the value");
  s = "unchanged";
  is_int (gl_json_get_string (o, "missing", GL_JSON_OPTIONAL, 9, &s, err), GL_JSON_ABSENT,
          "string: absent and optional");
  is_int (gl_json_get_string (o, "n", GL_JSON_NULLABLE, 9, &s, err), GL_JSON_NULL,
          "string: null and nullable");
  is_str (s, "unchanged", "string: absent or null leaves the output alone");
  FAILS (gl_json_get_string (o, "missing", GL_JSON_NULLABLE, 9, &s, FE),
         "\"missing\" is missing", EINVAL, "string: absent");
  FAILS (gl_json_get_string (o, "n", GL_JSON_OPTIONAL, 9, &s, FE),
         "\"n\" must be a string, not null", EINVAL, "string: null");
  FAILS (gl_json_get_string (o, "i", GL_JSON_NULLABLE, 9, &s, FE),
         "\"i\" must be a string or null, not an integer", EINVAL, "string: wrong type");
  FAILS (gl_json_get_string (o, "s", 0, 4, &s, FE),
         "\"s\" is longer than 4 bytes", EFBIG, "string: too long");
  FAILS (gl_json_get_string (o, "nul", 0, 9, &s, FE),
         "\"nul\" must not contain a NUL byte", EINVAL, "string: NUL inside");
  FAILS (gl_json_get_string (o, "empty", GL_JSON_NONEMPTY, 9, &s, FE),
         "\"empty\" must not be empty", EINVAL, "string: empty refused");
  is_int (gl_json_get_string (o, "empty", 0, 9, &s, err), GL_JSON_VALUE,
          "string: empty allowed by default");

  char *copy = strdup ("old");
  is_int (gl_json_get_strdup (o, "s", 0, 9, &copy, err), GL_JSON_VALUE, "strdup: a value");
  is_str (copy, "web01", "strdup: the copy replaces what was there");
  is_int (gl_json_get_strdup (o, "n", GL_JSON_NULLABLE, 9, &copy, err), GL_JSON_NULL,
          "strdup: null");
  ok (copy == NULL, "strdup: null makes it NULL");

  /* Integers. */
  int64_t n = 7;
  is_int (gl_json_get_int (o, "i", 0, 0, 100, &n, err), GL_JSON_VALUE, "int: a value");
  is_int (n, 42, "int: the value");
  FAILS (gl_json_get_int (o, "i", 0, 0, 41, &n, FE),
         "\"i\" must be an integer from 0 to 41", EINVAL, "int: above the range");
  FAILS (gl_json_get_int (o, "neg", 0, 0, 41, &n, FE),
         "\"neg\" must be an integer from 0 to 41", EINVAL, "int: below the range");
  FAILS (gl_json_get_int (o, "d", 0, 0, 41, &n, FE),
         "\"d\" must be an integer from 0 to 41, not a number", EINVAL, "int: a fraction");
  FAILS (gl_json_get_int (o, "s", GL_JSON_NULLABLE, 0, 41, &n, FE),
         "\"s\" must be an integer from 0 to 41 or null, not a string", EINVAL,
         "int: a string");
  FAILS (gl_json_get_int (o, "big", 0, 0, INT64_MAX, &n, FE),
         "\"big\" must be an integer from 0 to 9223372036854775807", EINVAL,
         "int: beyond int64 is not INT64_MAX");
  FAILS (gl_json_get_int (o, "small", 0, INT64_MIN, 0, &n, FE),
         "\"small\" must be an integer from -9223372036854775808 to 0", EINVAL,
         "int: below int64 is not INT64_MIN");
  is_int (n, 42, "int: failures leave the output alone");

  double dv = 0;
  is_int (gl_json_get_double (o, "d", 0, &dv, err), GL_JSON_VALUE, "double: a number");
  ok (dv == 1.5, "double: the value");
  is_int (gl_json_get_double (o, "i", 0, &dv, err), GL_JSON_VALUE, "double: an integer");
  ok (dv == 42, "double: an integer's value");
  FAILS (gl_json_get_double (o, "t", 0, &dv, FE),
         "\"t\" must be a number, not a boolean", EINVAL, "double: a boolean");

  /* Booleans. */
  bool b = false;
  is_int (gl_json_get_bool (o, "t", 0, &b, err), GL_JSON_VALUE, "bool: a value");
  ok (b, "bool: the value");
  is_int (gl_json_get_bool (o, "n", GL_JSON_NULLABLE, &b, err), GL_JSON_NULL,
          "bool: null and nullable (a tri-state)");
  FAILS (gl_json_get_bool (o, "i", 0, &b, FE),
         "\"i\" must be true or false, not an integer", EINVAL, "bool: an integer");
  FAILS (gl_json_get_bool (o, "s", GL_JSON_NULLABLE, &b, FE),
         "\"s\" must be true, false or null, not a string", EINVAL, "tri-state: a string");

  /* Arrays and objects. */
  json_object *a = NULL;
  is_int (gl_json_get_array (o, "a", 0, 3, &a, err), GL_JSON_VALUE, "array: a value");
  ok (a && json_object_array_length (a) == 3, "array: the value");
  FAILS (gl_json_get_array (o, "a", 0, 2, &a, FE),
         "\"a\" has more than 2 items", EFBIG, "array: too many items");
  FAILS (gl_json_get_array (o, "o", 0, 2, &a, FE),
         "\"o\" must be an array, not an object", EINVAL, "array: an object");
  json_object *obj = NULL;
  is_int (gl_json_get_object (o, "o", 0, 2, &obj, err), GL_JSON_VALUE, "object: a value");
  FAILS (gl_json_get_object (o, "o", 0, 1, &obj, FE),
         "\"o\" has more than 1 keys", EFBIG, "object: too many keys");
  FAILS (gl_json_get_object (o, "a", GL_JSON_NULLABLE, 9, &obj, FE),
         "\"a\" must be an object or null, not an array", EINVAL, "object: an array");
  FAILS (gl_json_get_string (a, "x", 0, 9, &s, FE),
         "\"x\": not in an object", EINVAL, "a member of an array");

  /* Values (array items) carry the name the caller gives. */
  FAILS (gl_json_string (json_object_array_get_idx (a, 0), "disks[0]", 0, 9, &s, FE),
         "disks[0] must be a string, not an integer", EINVAL, "an item's name");

  json_object *m = (json_object *) 1;
  is_int (gl_json_member (o, "n", &m), GL_JSON_VALUE, "member: a null is there");
  ok (m == NULL, "member: null is NULL");
  is_int (gl_json_member (o, "zz", &m), GL_JSON_ABSENT, "member: absent");

  is_str (gl_json_type_name (NULL), "null", "type name of null");
}

static void
test_building (void)
{
  CLEANUP_JSON json_object *o = json_object_new_object ();
  string_vector v = empty_vector;
  string_vector_add (&v, "a");
  string_vector_add (&v, "b\"c");
  ok (gl_json_add (o, "i", json_object_new_int (7)) == 0
      && gl_json_add_string (o, "s", "x") == 0
      && gl_json_add_string (o, "n", NULL) == 0
      && gl_json_add_strings (o, "l", &v) == 0
      && gl_json_add_strings (o, "e", NULL) == 0
      && gl_json_add_seconds (o, "t", 37.6000001) == 0
      && gl_json_add_seconds (o, "u", -1) == 0, "a document built");
  is_str (json_object_to_json_string_ext (o, JSON_C_TO_STRING_PLAIN),
          "{\"i\":7,\"s\":\"x\",\"n\":null,\"l\":[\"a\",\"b\\\"c\"],\"e\":[],"
          "\"t\":37.6,\"u\":null}", "... as written");
  ok (gl_json_add (o, "z", NULL) == -1 && errno == ENOMEM,
      "adding a failed constructor's NULL is ENOMEM");
  string_vector_free (&v);
}

int
main (void)
{
  test_parse ();
  test_getters ();
  test_building ();
  return tap_done ();
}
