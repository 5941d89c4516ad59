/* guestlift: SHA-256, from nettle (libnettle, which libarchive pulls in
 * already), with the hex names guestlift gives to cache entries and
 * batch inputs.  It hashes public data only (cache keys, inputs), so
 * nettle's speed is all that matters here, not constant time.
 */
#ifndef GUESTLIFT_SHA256_H
#define GUESTLIFT_SHA256_H

#include <stddef.h>

#include <nettle/sha2.h>

#define GL_SHA256_SIZE SHA256_DIGEST_SIZE
#define GL_SHA256_HEX_SIZE (2 * GL_SHA256_SIZE + 1)   /* with the NUL */

/* Incremental hashing is nettle's own: struct sha256_ctx, sha256_init,
 * sha256_update (ctx, len, data), then one of these, which end it: */
void gl_sha256_final (struct sha256_ctx *c, unsigned char out[GL_SHA256_SIZE]);
/* lower-case hex, NUL-terminated */
void gl_sha256_final_hex (struct sha256_ctx *c, char hex[GL_SHA256_HEX_SIZE]);

/* One-shot helpers. */
void gl_sha256 (const void *data, size_t len, unsigned char out[GL_SHA256_SIZE]);
void gl_sha256_hex (const void *data, size_t len, char hex[GL_SHA256_HEX_SIZE]);

#endif
