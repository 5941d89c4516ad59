/* guestlift: scope-bound cleanup, in the style of libguestfs CLEANUP_FREE
 * and GLib's g_autofree.  A variable declared with one of these macros is
 * released when it goes out of scope, so every function has one error path:
 * "return -1" and the compiler frees what was allocated.
 */
#ifndef GUESTLIFT_CLEANUP_H
#define GUESTLIFT_CLEANUP_H

#include <stdio.h>
#include <stdlib.h>

void gl_cleanup_free (void *ptr);
void gl_cleanup_fclose (void *ptr);
void gl_cleanup_close (void *ptr);
void gl_cleanup_free_string_list (void *ptr);
void gl_cleanup_closedir (void *ptr);

#define CLEANUP_FREE __attribute__ ((cleanup (gl_cleanup_free)))
#define CLEANUP_FCLOSE __attribute__ ((cleanup (gl_cleanup_fclose)))
#define CLEANUP_CLOSE __attribute__ ((cleanup (gl_cleanup_close)))
/* For DIR * (opendir, fdopendir): closedir when not NULL. */
#define CLEANUP_CLOSEDIR __attribute__ ((cleanup (gl_cleanup_closedir)))
/* For NULL-terminated char ** lists as returned by libguestfs. */
#define CLEANUP_FREE_STRING_LIST \
  __attribute__ ((cleanup (gl_cleanup_free_string_list)))

/* Hand ownership out of a CLEANUP_ variable: returns the value and leaves
 * NULL behind so the cleanup does nothing. */
#define GL_STEAL(p) ({ __typeof__ (p) gl_steal_tmp_ = (p); (p) = NULL; gl_steal_tmp_; })

void gl_free_string_list (char **list);
size_t gl_string_list_length (char *const *list);

#endif
