/* guestlift: a growable, typed vector (after nbdkit's common/utils/vector.h).
 *
 *   DEFINE_VECTOR_TYPE (string_vector, char *);
 *   string_vector v = empty_vector;
 *   if (string_vector_append (&v, s) == -1) ...;
 *   for (size_t i = 0; i < v.len; ++i) ... v.ptr[i] ...
 *   string_vector_iter (&v, (void *) free); free (v.ptr);
 *
 * Appending fails (-1, errno ENOMEM) rather than aborting, so that callers
 * can report the failure against the image being processed.
 */
#ifndef GUESTLIFT_VECTOR_H
#define GUESTLIFT_VECTOR_H

#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>

int gl_vector_reserve (void **ptr, size_t *cap, size_t len, size_t n,
                       size_t itemsize);

#define DEFINE_VECTOR_TYPE(name, type)                                  \
  typedef struct { type *ptr; size_t len; size_t cap; } name;           \
  static inline int __attribute__ ((unused))                            \
  name##_reserve (name *v, size_t n)                                    \
  {                                                                     \
    return gl_vector_reserve ((void **) &v->ptr, &v->cap, v->len, n,    \
                              sizeof (type));                           \
  }                                                                     \
  static inline int __attribute__ ((unused))                            \
  name##_append (name *v, type elem)                                    \
  {                                                                     \
    if (v->len >= v->cap && name##_reserve (v, 1) == -1)                \
      return -1;                                                        \
    v->ptr[v->len++] = elem;                                            \
    return 0;                                                           \
  }                                                                     \
  static inline void __attribute__ ((unused))                           \
  name##_iter (name *v, void (*f) (type elem))                          \
  {                                                                     \
    for (size_t i = 0; i < v->len; ++i)                                 \
      f (v->ptr[i]);                                                    \
  }                                                                     \
  static inline void __attribute__ ((unused))                           \
  name##_reset (name *v)                                                \
  {                                                                     \
    free (v->ptr);                                                      \
    v->ptr = NULL; v->len = v->cap = 0;                                 \
  }

#define empty_vector { .ptr = NULL, .len = 0, .cap = 0 }

/* The vector of owned strings used all over the report model. */
DEFINE_VECTOR_TYPE (string_vector, char *);

/* Append a copy of s; -1 on ENOMEM. */
int string_vector_add (string_vector *v, const char *s);
/* Append a copy unless an equal string is already there. */
int string_vector_add_unique (string_vector *v, const char *s);
int string_vector_contains (const string_vector *v, const char *s);
/* Free every string and the array. */
void string_vector_free (string_vector *v);

#endif
