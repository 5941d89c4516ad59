/* guestlift: the per-user cache folder, $XDG_CACHE_HOME/guestlift
 * (~/.cache/guestlift without it): the inspection cache, the kernel
 * cache and the host's KVM answer live there. */
#ifndef GUESTLIFT_CACHE_DIR_H
#define GUESTLIFT_CACHE_DIR_H

/* The folder (created, mode 0700), or NULL if it cannot be made.  Decided
 * once per process, on the first call, whatever thread makes it (the
 * environment is read then); static storage. */
const char *gl_cache_dir (void);

#endif
