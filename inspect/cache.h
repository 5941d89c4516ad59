/* guestlift: the inspection result cache, so that re-auditing images
 * that did not change launches no appliance.
 *
 * An entry lives in $XDG_CACHE_HOME/guestlift/inspect/<sha256 of key>.json
 * and holds the whole gl_image (the public JSON image object plus the
 * model fields the contract leaves out).  The key is the image's identity
 * (common/guestfs/image-key.h: device, inode, size, times, real path,
 * guestlift version, forced disk format or "auto", and the same of every
 * file of its backing chain): touching, growing, replacing or moving the
 * file or a file it names, or upgrading guestlift, makes a miss.  An
 * image that names other files without --allow-backing-file, or names a
 * remote one (json:, a protocol), has no key: it is never looked up nor
 * stored.
 *
 * GUESTLIFT_NO_CACHE set to anything but "" or "0" turns both lookups and
 * stores off (every lookup misses, every store does nothing).
 */
#ifndef GUESTLIFT_CACHE_H
#define GUESTLIFT_CACHE_H

#include <stdbool.h>

#include "report.h"

/* Largest entry file a lookup reads; bigger is a miss. */
#define GL_CACHE_MAX_ENTRY (16 * 1024 * 1024)

/* True when GUESTLIFT_NO_CACHE disables the cache. */
bool gl_cache_disabled (void);

/* The cached inspection of path, or NULL on a miss.  A missing, corrupt,
 * oversize, foreign-version or mismatching entry is a miss, silently, as
 * is an image gl_image_key gives no key.  The returned image's path
 * is path as given now. */
struct gl_image *gl_cache_lookup (const char *path, const char *disk_format,
                                  bool allow_backing);

/* Remember img (keyed by gl_image_key of img->path now).  Images
 * with an error are not stored, nor images the cache file cannot carry
 * exactly, nor images without a key; all return 0, as does a disabled
 * cache.  -1 with errno when the entry could not be written (nothing
 * half-written is left behind). */
int gl_cache_store (const struct gl_image *img, const char *disk_format,
                    bool allow_backing);

/* One guest over several disks (--one-guest) is cached as a unit: each
 * disk's entry is keyed by every disk's identity, in order.  Lookup fills
 * all of IMGS[0..n) from the cache (true) or none (false); store writes
 * all (when each is storable) or none. */
bool gl_cache_lookup_group (struct gl_image **imgs, size_t n,
                            const char *disk_format, bool allow_backing);
int gl_cache_store_group (struct gl_image *const *imgs, size_t n,
                          const char *disk_format, bool allow_backing);

/* The entry file's text for img (without the final newline), keyed by
 * hex (the sha256 of its key) and disk_format (NULL: "auto"); what
 * gl_cache_store writes.  NULL with errno: EFBIG when the entry would be
 * too large to be read back, ENOMEM. */
char *gl_cache_entry_text (const struct gl_image *img, const char *hex,
                           const char *disk_format);

/* Remove every inspect/ entry (and stale temporary files).  0, or -1 with
 * errno on the first failure.  A cache that does not exist is empty. */
int gl_cache_clear (void);

#endif
