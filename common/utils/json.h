/* guestlift: reading JSON (json-c) -- one parser with one set of bounds,
 * and typed getters that tell a missing key from a null from a wrong type.
 *
 * (And a few helpers to build documents, below.)
 *
 * Every JSON document guestlift reads (a saved report, a cache entry, a
 * batch manifest or state file, qemu-img's output) goes through
 * gl_json_parse: json-c's strict mode (no comments, no trailing commas,
 * no text after the value), valid UTF-8, at most GL_JSON_MAX_DEPTH levels
 * and GL_JSON_MAX_SIZE bytes, one value followed by white space only.
 *
 * The getters check a value's type (and bounds) and say what is wrong in
 * one line naming the value, e.g.
 *   "disks" must be an array, not a string
 *   "virtual_size" must be an integer from -1 to 9223372036854775807
 *   "name" is missing
 * The member getters (gl_json_get_*) name the key in quotes; the value
 * getters (gl_json_string, ...) take the name to show (an array item:
 * "disks[2]").  Callers put the place in front (gl_err_prefix).  Each
 * returns GL_JSON_VALUE, or, when the flags allow it, GL_JSON_NULL or
 * GL_JSON_ABSENT (the output is then left as it was), or -1 with err set
 * (errno value EINVAL, EFBIG for a bound, ENOMEM).
 *
 *   CLEANUP_JSON json_object *doc = NULL;
 *   if (gl_json_parse (text, len, &doc, err) == -1) return -1;
 *   const char *name;
 *   if (gl_json_get_string (doc, "name", 0, 64, &name, err) == -1) return -1;
 */
#ifndef GUESTLIFT_JSON_H
#define GUESTLIFT_JSON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <json-c/json.h>

#include "err.h"
#include "vector.h"

/* Our deepest document (a report: images, OSes, kernels, virtio) is 8
 * levels; json-c's default is 32.  Anything deeper is not ours. */
#define GL_JSON_MAX_DEPTH 16
/* The largest document parsed; callers reading files bound them lower. */
#define GL_JSON_MAX_SIZE (64 * 1024 * 1024)

/* Parse LEN bytes of TEXT (need not be NUL-terminated) into *OUT (owned
 * by the caller; NULL for the document "null").  0, or -1 with err
 * ("not valid JSON: ..." naming the byte; errno value EFBIG when over a
 * bound). */
int gl_json_parse (const char *text, size_t len, json_object **out,
                   struct gl_err *err);

/* What the getters accept besides a value of their type. */
enum {
  GL_JSON_OPTIONAL = 1,   /* the key may be absent (GL_JSON_ABSENT) */
  GL_JSON_NULLABLE = 2,   /* the value may be null (GL_JSON_NULL) */
  GL_JSON_NONEMPTY = 4,   /* strings: "" is refused */
};
/* What the getters found. */
enum { GL_JSON_VALUE = 0, GL_JSON_NULL = 1, GL_JSON_ABSENT = 2 };

/* "a string", "an integer", "null", ... for messages. */
const char *gl_json_type_name (json_object *v);

/* --- values: V is the value itself, NAME what messages call it. */

/* A string of at most MAX bytes without a NUL inside; *OUT points into
 * V (valid while V lives). */
int gl_json_string (json_object *v, const char *name, unsigned flags,
                    size_t max, const char **out, struct gl_err *err);
/* An integer from MIN to MAX (no fraction, no exponent). */
int gl_json_int (json_object *v, const char *name, unsigned flags,
                 int64_t min, int64_t max, int64_t *out, struct gl_err *err);
/* Any number (integer or not). */
int gl_json_double (json_object *v, const char *name, unsigned flags,
                    double *out, struct gl_err *err);
int gl_json_bool (json_object *v, const char *name, unsigned flags,
                  bool *out, struct gl_err *err);
/* An array of at most MAX_ITEMS items; *OUT is V. */
int gl_json_array (json_object *v, const char *name, unsigned flags,
                   size_t max_items, json_object **out, struct gl_err *err);
/* An object of at most MAX_ITEMS keys; *OUT is V. */
int gl_json_object (json_object *v, const char *name, unsigned flags,
                    size_t max_items, json_object **out, struct gl_err *err);

/* --- members: the same for the value of KEY in object O.  A key that
 * is absent is an error ("KEY" is missing) without GL_JSON_OPTIONAL. */

/* The value of KEY (NULL for null): GL_JSON_VALUE, or GL_JSON_ABSENT
 * with *out NULL.  O must be an object. */
int gl_json_member (json_object *o, const char *key, json_object **out);

int gl_json_get_string (json_object *o, const char *key, unsigned flags,
                        size_t max, const char **out, struct gl_err *err);
/* The same, copied (malloc'd) into *OUT, freeing what *OUT held; null
 * makes *OUT NULL. */
int gl_json_get_strdup (json_object *o, const char *key, unsigned flags,
                        size_t max, char **out, struct gl_err *err);
int gl_json_get_int (json_object *o, const char *key, unsigned flags,
                     int64_t min, int64_t max, int64_t *out, struct gl_err *err);
int gl_json_get_double (json_object *o, const char *key, unsigned flags,
                        double *out, struct gl_err *err);
int gl_json_get_bool (json_object *o, const char *key, unsigned flags,
                      bool *out, struct gl_err *err);
int gl_json_get_array (json_object *o, const char *key, unsigned flags,
                       size_t max_items, json_object **out, struct gl_err *err);
int gl_json_get_object (json_object *o, const char *key, unsigned flags,
                        size_t max_items, json_object **out, struct gl_err *err);

/* --- building: json-c's constructors return NULL when memory runs out;
 * these take ownership of what they add and return 0, or -1 (ENOMEM),
 * so that a document is a chain of calls joined with ||. */

/* Add KEY: V to object O; V NULL (a failed constructor) is -1. */
int gl_json_add (json_object *o, const char *key, json_object *v);
/* A string, or null for NULL. */
int gl_json_add_string (json_object *o, const char *key, const char *s);
/* An array of the strings of V. */
int gl_json_add_strings (json_object *o, const char *key, const string_vector *v);
/* Seconds to a tenth, written as such ("37.6", not 37.600000000000001);
 * a negative S (unknown) is null. */
int gl_json_add_seconds (json_object *o, const char *key, double s);

/* json_object_put on scope exit. */
void gl_json_cleanup (void *ptr);
#define CLEANUP_JSON __attribute__ ((cleanup (gl_json_cleanup)))

#endif
