/* Fuzz target: every convert/rewrite-*.c rewriter on arbitrary text, for
 * the kvm profile, and the dry-run diff of each result.  The first line of
 * the input doubles as a single-line string for the device and cmdline
 * rewriters.  (The bootloader configs have their own targets, one per
 * format: tests/fuzz/fuzz-bootloader.c.) */
#include <config.h>

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "devmap.h"
#include "rewrite.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

typedef char *(*rewriter) (const char *, size_t, const struct gl_rewrite_ctx *);

static const rewriter rewriters[] = {
  gl_rewrite_fstab, gl_rewrite_crypttab, gl_rewrite_default_grub,
  gl_rewrite_inittab, gl_rewrite_securetty, gl_rewrite_modprobe,
  gl_rewrite_sysconfig_kernel,
};

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  /* convert's map for kvm (gl_plan_device_map) and a general one. */
  struct gl_devmap map = GL_DEVMAP_INIT;
  struct gl_rewrite_ctx ctx = { .target = gl_target_parse ("kvm"),
                                .devices = &map };
  const char *text = (const char *) data;
  const char *nl = memchr (text, '\n', size);
  char *first = strndup (text, nl ? (size_t) (nl - text) : size);
  char *whole = strndup (text, size);   /* up to the first NUL */
  char *r;

  if (!first || !whole ||
      gl_devmap_add (&map, "xvda2", "vda", NULL) == -1 ||
      gl_devmap_add_prefix (&map, "xvd", "vd", NULL) == -1)
    abort ();

  for (size_t i = 0; i < sizeof rewriters / sizeof *rewriters; ++i) {
    errno = 0;
    r = rewriters[i] (text, size, &ctx);
    /* Errors: only a NUL byte (EINVAL), or memory. */
    if (!r && errno != 0 && errno != ENOMEM &&
        !(errno == EINVAL && memchr (text, '\0', size)))
      abort ();
    if (r) {
      /* No rewriter returns its input unchanged. */
      if (strlen (r) == size && memcmp (r, text, size) == 0)
        abort ();
      /* Rewriting twice changes nothing more (a conversion is idempotent)
       * for the line rewriters that do not depend on other lines. */
      if (rewriters[i] == gl_rewrite_fstab ||
          rewriters[i] == gl_rewrite_modprobe ||
          rewriters[i] == gl_rewrite_securetty) {
        char *again = rewriters[i] (r, strlen (r), &ctx);
        if (again)
          abort ();
      }
      char *d = gl_rewrite_diff ("/etc/x", whole, r);
      free (d);
      free (r);
    }
  }

  r = gl_rewrite_device (first, &ctx);
  free (r);
  r = gl_rewrite_devices_in (first, &ctx);
  free (r);
  r = gl_rewrite_cmdline (first, &ctx);
  if (!r)
    abort ();
  /* The console is there after one pass; a second pass adds nothing. */
  {
    char *again = gl_rewrite_cmdline (r, &ctx);
    if (!again || strcmp (again, r) != 0)
      abort ();
    free (again);
  }
  free (r);
  r = gl_rewrite_diff ("/etc/x", first, whole);
  free (r);

  free (first);
  free (whole);
  gl_devmap_free (&map);
  return 0;
}
