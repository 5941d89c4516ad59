/* guestlift: SHA-256 (FIPS 180-4), small and dependency-free.
 *
 * Used to name cache entries after their key (inspect/cache.c); none of
 * the libraries guestlift links (libarchive, json-c, libxml2) exports a
 * hash.  Not constant-time: it hashes public data only.
 */
#ifndef GUESTLIFT_SHA256_H
#define GUESTLIFT_SHA256_H

#include <stddef.h>
#include <stdint.h>

#define GL_SHA256_SIZE 32
#define GL_SHA256_HEX_SIZE (2 * GL_SHA256_SIZE + 1)   /* with the NUL */

struct gl_sha256 {
  uint32_t h[8];
  uint64_t total;          /* bytes hashed so far */
  unsigned char block[64];
  size_t fill;             /* bytes waiting in block */
};

void gl_sha256_init (struct gl_sha256 *c);
void gl_sha256_update (struct gl_sha256 *c, const void *data, size_t len);
void gl_sha256_final (struct gl_sha256 *c, unsigned char out[GL_SHA256_SIZE]);

/* One-shot helpers.  hex is lower case, NUL-terminated. */
void gl_sha256 (const void *data, size_t len, unsigned char out[GL_SHA256_SIZE]);
void gl_sha256_hex (const void *data, size_t len, char hex[GL_SHA256_HEX_SIZE]);

#endif
