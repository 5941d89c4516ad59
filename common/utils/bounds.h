/* guestlift: how the inspection words a bound that kept it from reading
 * something (pure).
 *
 * Guest data is hostile, so every read, listing and count has a bound;
 * when a bound drops data the report says so, in the OS's kvm.warnings,
 * always naming what was dropped and the bound.  These build those words
 * so that every warning of a kind reads the same.
 */
#ifndef GUESTLIFT_BOUNDS_H
#define GUESTLIFT_BOUNDS_H

#include <stddef.h>
#include <stdint.h>

/* Room for any gl_size_text result. */
#define GL_SIZE_TEXT_MAX 32

/* A size for people, in binary units: "512 bytes", "4 MiB", "2.5 GiB"
 * (a whole number of units exactly, else one decimal).  Returns buf. */
char *gl_size_text (uint64_t bytes, char buf[GL_SIZE_TEXT_MAX]);

/* "PATH: too large (SIZE; the bound is BOUND): not read".  NULL on
 * ENOMEM. */
char *gl_too_large (const char *path, uint64_t size, uint64_t bound);

#endif
