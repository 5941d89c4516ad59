/* Unit tests for common/utils/bounds.c: sizes for people, and the words of a
 * "too large" warning (the file, its size, the bound). */
#include <config.h>

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "bounds.h"
#include "tap.h"

int
main (void)
{
  char buf[GL_SIZE_TEXT_MAX];
  static const struct { uint64_t n; const char *text; } sizes[] = {
    { 0, "0 bytes" }, { 1, "1 byte" }, { 1023, "1023 bytes" },
    { 1024, "1 KiB" }, { 1536, "1.5 KiB" }, { 64 * 1024, "64 KiB" },
    { 4 * 1024 * 1024, "4 MiB" }, { 50 * 1024 * 1024 + 1, "50.0 MiB" },
    { 2ULL << 30, "2 GiB" }, { (2ULL << 30) + (1ULL << 29), "2.5 GiB" },
    { 1ULL << 40, "1 TiB" }, { UINT64_MAX, "16.0 EiB" },
  };
  for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; ++i)
    ok (strcmp (gl_size_text (sizes[i].n, buf), sizes[i].text) == 0,
        "size %zu: \"%s\" (expected \"%s\")", i, buf, sizes[i].text);

  char *w = gl_too_large ("/boot/grub/grub.cfg", 50ULL << 20, 4 << 20);
  is_str (w, "/boot/grub/grub.cfg: too large (50 MiB; the bound is 4 MiB): not read",
          "too large: names the file, its size and the bound");
  free (w);
  w = gl_too_large ("/boot/config-6.1", 2ULL << 30, 16 << 20);
  is_str (w, "/boot/config-6.1: too large (2 GiB; the bound is 16 MiB): not read",
          "a 2 GiB config");
  free (w);
  return tap_done ();
}
