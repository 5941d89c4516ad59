/* guestlift: the grub defaults files of a conversion (see rewrite.h):
 * /etc/default/grub and /etc/sysconfig/grub, shell variable files whose
 * kernel command lines get the edits of common/bootloader/cmdline.h (the
 * bootloader configs themselves are common/bootloader's). */
#include <config.h>

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "rewrite.h"
#include "rewrite-text.h"

/* ---- /etc/default/grub, /etc/sysconfig/grub ---- */

static char *
edit_cmdline_console (const char *value, void *opaque)
{
  return gl_rewrite_cmdline_opts (value, opaque, true);
}

static char *
edit_cmdline_plain (const char *value, void *opaque)
{
  return gl_rewrite_cmdline_opts (value, opaque, false);
}

/* Capture the value of KEY, for the checks after the rewrite. */
static char *
capture_value (const char *value, void *opaque)
{
  char **dst = opaque;
  free (*dst);
  *dst = strdup (value);
  errno = 0;
  return NULL;
}

struct default_grub_state {
  const struct gl_rewrite_ctx *ctx;
  bool has_linux, has_default;
  char *default_value;          /* GRUB_CMDLINE_LINUX_DEFAULT's, rewritten */
};

/* The line assigns KEY (whatever its value). */
static bool
assigns (const char *line, const char *key)
{
  const char *p = gl_rw_skip_blanks (line);
  size_t k = strlen (key);
  if (strncmp (p, "export", 6) == 0 && gl_rw_blank (p[6]))
    p = gl_rw_skip_blanks (p + 6);
  return strncmp (p, key, k) == 0 && p[k] == '=';
}

static char *
default_grub_line (const char *line, void *opaque)
{
  struct default_grub_state *st = opaque;
  const char *p = gl_rw_skip_blanks (line);
  char *r;

  if (*p == '#' || *p == '\0')
    goto keep;
  if (assigns (line, "GRUB_CMDLINE_LINUX")) {
    st->has_linux = true;
    return gl_rewrite_shell_value (line, "GRUB_CMDLINE_LINUX",
                                   edit_cmdline_console, (void *) st->ctx);
  }
  if (assigns (line, "GRUB_CMDLINE_LINUX_DEFAULT")) {
    st->has_default = true;
    r = gl_rewrite_shell_value (line, "GRUB_CMDLINE_LINUX_DEFAULT",
                                edit_cmdline_plain, (void *) st->ctx);
    if (!r && errno)
      return NULL;
    (void) gl_rewrite_shell_value (r ? r : line, "GRUB_CMDLINE_LINUX_DEFAULT",
                                   capture_value, &st->default_value);
    errno = 0;
    return r;
  }
  /* Other settings may name the boot disk (RHEL 5: boot=/dev/xvda). */
  return gl_rewrite_devices_in (line, st->ctx);
 keep:
  errno = 0;
  return NULL;
}

char *
gl_rewrite_default_grub (const char *text, size_t len,
                         const struct gl_rewrite_ctx *ctx)
{
  struct gl_buf out = GL_BUF_INIT;
  struct default_grub_state st = { .ctx = ctx };
  char *r = NULL, *console = NULL;

  if (!gl_rw_input_ok (text, len, ctx))
    return NULL;
  if (gl_buf_append (&out, "", 0) == -1 ||
      gl_rw_each_line (text, len, &out, default_grub_line, &st) == -1)
    goto err;
  /* A grub defaults file without GRUB_CMDLINE_LINUX: the console goes in
   * a new one, unless the _DEFAULT line has it already. */
  if (st.has_default && !st.has_linux) {
    if (asprintf (&console, "console=%s", ctx->target->console) == -1)
      goto err;
    if (!st.default_value || !strstr (st.default_value, console)) {
      if ((out.len > 0 && out.data[out.len - 1] != '\n' &&
           gl_buf_puts (&out, "\n") == -1) ||
          gl_buf_printf (&out, "GRUB_CMDLINE_LINUX=\"%s\"\n", console) == -1)
        goto err;
    }
  }
  r = gl_rw_finish (&out, text, len);
  free (console);
  free (st.default_value);
  return r;

 err:
  free (console);
  free (st.default_value);
  gl_buf_free (&out);
  return NULL;
}
