/* guestlift: SHA-256 through nettle, and its hex (see sha256.h). */
#include <config.h>

#include <stdint.h>

#include "sha256.h"

void
gl_sha256_final (struct sha256_ctx *c, unsigned char out[GL_SHA256_SIZE])
{
  sha256_digest (c, GL_SHA256_SIZE, out);
}

void
gl_sha256_final_hex (struct sha256_ctx *c, char hex[GL_SHA256_HEX_SIZE])
{
  static const char digits[] = "0123456789abcdef";
  unsigned char d[GL_SHA256_SIZE];
  gl_sha256_final (c, d);
  for (size_t i = 0; i < GL_SHA256_SIZE; ++i) {
    hex[2 * i] = digits[d[i] >> 4];
    hex[2 * i + 1] = digits[d[i] & 0xf];
  }
  hex[2 * GL_SHA256_SIZE] = '\0';
}

void
gl_sha256 (const void *data, size_t len, unsigned char out[GL_SHA256_SIZE])
{
  struct sha256_ctx c;
  sha256_init (&c);
  sha256_update (&c, len, data);
  gl_sha256_final (&c, out);
}

void
gl_sha256_hex (const void *data, size_t len, char hex[GL_SHA256_HEX_SIZE])
{
  struct sha256_ctx c;
  sha256_init (&c);
  sha256_update (&c, len, data);
  gl_sha256_final_hex (&c, hex);
}
