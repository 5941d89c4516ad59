/* guestlift: the rules of a guest's name (pure).  A converted guest's
 * name becomes file and folder names (NAME.xml, NAME-sda.qcow2, batch's
 * DIR/NAME/), so it is 1 to GL_GUEST_NAME_MAX of A-Z a-z 0-9 _ . - and
 * does not start with a dot.
 */
#ifndef GUESTLIFT_GUEST_NAME_H
#define GUESTLIFT_GUEST_NAME_H

#include <stdbool.h>
#include <stddef.h>

#define GL_GUEST_NAME_MAX 64

/* Does NAME follow the rules?  (NULL: no.) */
bool gl_guest_name_valid (const char *name);

/* A name that follows them, made from the first N bytes of S (a source
 * config's name, a hostname, an image's base name): cut to
 * GL_GUEST_NAME_MAX, every other character (and a leading dot) '_'.
 * malloc'd; NULL when N is 0 (errno EINVAL) or on ENOMEM. */
char *gl_guest_name_sanitise (const char *s, size_t n);

#endif
