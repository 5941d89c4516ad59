/* guestlift: enum-to-string tables in one shape.  A table is an array of
 * names indexed by the enum's values, written with designated
 * initialisers so that its order cannot drift from the enum's:
 *
 *   static const char *const status_names[] = {
 *     [GL_BATCH_PENDING] = "pending", [GL_BATCH_FAILED] = "failed", ...
 *   };
 *   return GL_ENUM_NAME (status_names, s, "pending");
 *   int v = GL_ENUM_PARSE (status_names, "failed");   // -1 if no such name
 *
 * Tables whose rows carry more than a name (target profiles,
 * hypervisors) are arrays of structs with a name member instead.
 */
#ifndef GUESTLIFT_ENUM_NAMES_H
#define GUESTLIFT_ENUM_NAMES_H

#include <stddef.h>

/* The name of V in NAMES[0..n), or DFLT when V is past the table or has
 * no name there. */
const char *gl_enum_name (const char *const *names, size_t n, unsigned v,
                          const char *dflt);
/* The value whose name is NAME, or -1 with errno EINVAL. */
int gl_enum_parse (const char *const *names, size_t n, const char *name);

#define GL_ENUM_COUNT(names) (sizeof (names) / sizeof (names)[0])
#define GL_ENUM_NAME(names, v, dflt) \
  gl_enum_name ((names), GL_ENUM_COUNT (names), (unsigned) (v), (dflt))
#define GL_ENUM_PARSE(names, name) \
  gl_enum_parse ((names), GL_ENUM_COUNT (names), (name))

#endif
