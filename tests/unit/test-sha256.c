/* Unit tests for common/utils/sha256.c (nettle underneath): the FIPS
 * 180-2 / NIST test vectors in guestlift's hex, so that cache entry names
 * and batch input hashes stay what they were, and incremental updates
 * split at every awkward block boundary. */
#include <config.h>

#include <stdlib.h>
#include <string.h>

#include "sha256.h"
#include "tap.h"

static void
hex_of (const unsigned char d[GL_SHA256_SIZE], char hex[GL_SHA256_HEX_SIZE])
{
  for (size_t i = 0; i < GL_SHA256_SIZE; ++i)
    sprintf (hex + 2 * i, "%02x", d[i]);
}

int
main (void)
{
  static const struct { const char *in, *out; } t[] = {
    { "", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855" },
    { "abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad" },
    { "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
      "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1" },
    { "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmn"
      "hijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu",
      "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1" },
    { "The quick brown fox jumps over the lazy dog",
      "d7a8fbb307d7809469ca9abcb0082e4f8d5651e46d3cdb762d02d0bf37c9e592" },
  };
  char hex[GL_SHA256_HEX_SIZE];
  for (size_t i = 0; i < sizeof t / sizeof t[0]; ++i) {
    gl_sha256_hex (t[i].in, strlen (t[i].in), hex);
    is_str (hex, t[i].out, "sha256 of vector %zu (%zu bytes)", i, strlen (t[i].in));
  }

  /* One million 'a', fed in uneven pieces (FIPS 180-2 appendix B.3). */
  {
    char chunk[1024];
    memset (chunk, 'a', sizeof chunk);
    struct sha256_ctx c;
    unsigned char d[GL_SHA256_SIZE];
    sha256_init (&c);
    size_t left = 1000000, step = 1;
    while (left) {
      size_t n = step < left ? step : left;
      sha256_update (&c, n, (const uint8_t *) chunk);
      left -= n;
      step = step % 997 + 7;
    }
    gl_sha256_final (&c, d);
    hex_of (d, hex);
    is_str (hex, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0",
            "sha256 of a million 'a' in pieces");
  }

  /* The incremental end in hex is the one-shot's. */
  {
    struct sha256_ctx c;
    char inc[GL_SHA256_HEX_SIZE];
    sha256_init (&c);
    sha256_update (&c, 1, (const uint8_t *) "a");
    sha256_update (&c, 2, (const uint8_t *) "bc");
    gl_sha256_final_hex (&c, inc);
    is_str (inc, t[1].out, "incremental hex of \"abc\"");
  }

  /* Lengths around the padding boundaries (55, 56, 63, 64, 65 bytes):
   * incremental byte-by-byte must equal one-shot. */
  {
    static const size_t lens[] = { 0, 1, 55, 56, 57, 63, 64, 65, 119, 120, 128 };
    char msg[128];
    for (size_t i = 0; i < sizeof msg; ++i)
      msg[i] = (char) (i * 31 + 7);
    int same = 1;
    for (size_t i = 0; i < sizeof lens / sizeof lens[0]; ++i) {
      unsigned char a[GL_SHA256_SIZE], b[GL_SHA256_SIZE];
      gl_sha256 (msg, lens[i], a);
      struct sha256_ctx c;
      sha256_init (&c);
      for (size_t j = 0; j < lens[i]; ++j)
        sha256_update (&c, 1, (const uint8_t *) msg + j);
      gl_sha256_final (&c, b);
      if (memcmp (a, b, sizeof a) != 0)
        same = 0;
    }
    ok (same, "byte-by-byte updates equal one-shot at block boundaries");
  }
  /* 56 'a' (padding spills into a second block), checked against a
   * known value. */
  {
    char m[56];
    memset (m, 'a', sizeof m);
    gl_sha256_hex (m, sizeof m, hex);
    is_str (hex, "b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a",
            "sha256 of 56 'a'");
  }
  return tap_done ();
}
