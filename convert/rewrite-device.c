/* guestlift: the smallest rewrites of a conversion (see rewrite.h): one
 * device name, device names inside a string, a kernel command line, a
 * blank-separated word list.  The work is common/bootloader's (devmap.h,
 * cmdline.h); this is the convert side: the target profile says whether
 * the guest is edited at all and which console it gets, and the
 * rewriters' convention (NULL with errno 0: unchanged) is kept.
 */
#include <config.h>

#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "cleanup.h"
#include "boot-cmdline.h"
#include "devmap.h"
#include "err.h"
#include "error.h"
#include "rewrite.h"

#define DEV "/dev/"
#define DEV_LEN (sizeof DEV - 1)

static bool
ctx_valid (const struct gl_rewrite_ctx *ctx)
{
  return ctx && ctx->target && ctx->target->device_prefix &&
    ctx->target->console;
}

/* xen-pv keeps its names and consoles: nothing to edit. */
static bool
ctx_edits (const struct gl_rewrite_ctx *ctx)
{
  return ctx->target->needs_guest_edits;
}

/* S's length, or 0 with errno set for a bad argument or EFBIG. */
static bool
checked (const char *s, const struct gl_rewrite_ctx *ctx, size_t *n)
{
  if (!s || !ctx_valid (ctx)) {
    errno = EINVAL;
    return false;
  }
  *n = strnlen (s, GL_REWRITE_MAX_BYTES + 1);
  if (*n > GL_REWRITE_MAX_BYTES) {
    errno = EFBIG;
    return false;
  }
  return true;
}

/* The bootloader room's result in the rewriters' convention. */
static char *
result (int r, char *out, struct gl_err *err)
{
  if (r == -1)
    errno = err->errnum ? err->errnum : ENOMEM;
  else if (r == 0)
    errno = 0;
  gl_err_clear (err);
  return r == 1 ? out : NULL;
}

char *
gl_rewrite_device (const char *dev, const struct gl_rewrite_ctx *ctx)
{
  struct gl_err err = GL_ERR_INIT;
  CLEANUP_FREE char *name = NULL;
  size_t n;

  if (!checked (dev, ctx, &n))
    return NULL;
  errno = 0;
  if (!ctx_edits (ctx) || n <= DEV_LEN || memcmp (dev, DEV, DEV_LEN) != 0)
    return NULL;
  int r = gl_devmap_lookup (ctx->devices, dev + DEV_LEN, n - DEV_LEN, &name, &err);
  if (r == 1) {
    char *full = gl_printf (DEV "%s", name);
    free (name);
    if (!(name = full))
      r = gl_err_set (&err, ENOMEM, "out of memory");
  }
  return result (r, GL_STEAL (name), &err);
}

char *
gl_rewrite_devices_in (const char *s, const struct gl_rewrite_ctx *ctx)
{
  struct gl_err err = GL_ERR_INIT;
  char *out = NULL;
  size_t n;

  if (!checked (s, ctx, &n))
    return NULL;
  errno = 0;
  if (!ctx_edits (ctx))
    return NULL;
  int r = gl_devmap_rename_in (ctx->devices, s, n, &out, &err);
  return result (r, out, &err);
}

char *
gl_rewrite_word_list (const char *list, const char *const *drop,
                      const char *const *add)
{
  struct gl_err err = GL_ERR_INIT;
  char *out = NULL;
  if (!list) {
    errno = EINVAL;
    return NULL;
  }
  size_t n = strnlen (list, GL_REWRITE_MAX_BYTES + 1);
  if (n > GL_REWRITE_MAX_BYTES) {
    errno = EFBIG;
    return NULL;
  }
  int r = gl_word_list_edit (list, n, drop, add, &out, &err);
  return result (r == 0 ? 1 : r, out, &err);
}

char *
gl_rewrite_cmdline_opts (const char *cmdline,
                         const struct gl_rewrite_ctx *ctx, bool add_console)
{
  struct gl_err err = GL_ERR_INIT;
  char *out = NULL;
  size_t n;

  if (!checked (cmdline, ctx, &n))
    return NULL;
  if (!ctx_edits (ctx))
    return strdup (cmdline);
  int r = gl_cmdline_edit (cmdline, n, ctx->devices,
                           add_console ? ctx->target->console : NULL, &out, &err);
  return result (r == 0 ? 1 : r, out, &err);
}

char *
gl_rewrite_cmdline (const char *cmdline, const struct gl_rewrite_ctx *ctx)
{
  return gl_rewrite_cmdline_opts (cmdline, ctx, true);
}
