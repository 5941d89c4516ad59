/* guestlift: the options the subcommands take alike (see common-opts.h). */
#include <config.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cleanup.h"
#include "common-opts.h"
#include "error.h"
#include "subcommands.h"

bool gl_appliance_forced;

/* Which variables each option sets: libguestfs's own names, so that -v
 * means exactly what LIBGUESTFS_DEBUG=1 means to libguestfs (see
 * guestfs(3) ENVIRONMENT VARIABLES). */
static const struct {
  int option;
  const char *const vars[3];
} verbosity[] = {
  { 'v', { "LIBGUESTFS_DEBUG", "GUESTLIFT_DEBUG", NULL } },
  { 'x', { "LIBGUESTFS_TRACE", NULL } },
};

void
gl_common_verbosity (int c)
{
  for (size_t i = 0; i < sizeof verbosity / sizeof verbosity[0]; ++i)
    if (verbosity[i].option == c)
      for (const char *const *v = verbosity[i].vars; *v; ++v)
        if (setenv (*v, "1", 1) == -1)
          gl_warning (NULL, "cannot set %s: %m", *v);
}

int
gl_print_version (void)
{
  printf ("guestlift %s\n", PACKAGE_VERSION);
  return GL_EXIT_OK;
}

int
gl_key_option (struct gl_luks_keys *k, char *arg)
{
  CLEANUP_ERR struct gl_err err = GL_ERR_INIT;
  int r = gl_luks_keys_add (k, arg, &err);
  /* Whatever follows "ID:key:" is a passphrase (even a bad one). */
  char *colon = strchr (arg, ':');
  if (colon && strncmp (colon + 1, "key:", 4) == 0)
    memset (colon + 5, 'x', strlen (colon + 5));
  if (r == -1)
    gl_error (NULL, "%s", gl_err_msg (&err, "--key: invalid"));
  return r;
}

int
gl_keys_from_stdin (struct gl_luks_keys *k)
{
  CLEANUP_ERR struct gl_err err = GL_ERR_INIT;
  if (gl_luks_keys_read_fd (k, STDIN_FILENO, "standard input", &err) == -1) {
    gl_error (NULL, "--keys-from-stdin: %s", gl_err_msg (&err, "cannot read"));
    return -1;
  }
  return 0;
}

int
gl_common_option (struct gl_common_opts *co, int c, char *arg)
{
  co->status = GL_EXIT_USAGE;
  int taken = co->in ? gl_inputs_option (co->in, c, arg) : 0;
  if (taken)
    return taken == -1 ? -1 : 0;
  switch (c) {
  case 'q': gl_set_quiet (true); return 0;
  case 'v': case 'x': gl_common_verbosity (c); return 0;
  case GL_OPT_APPLIANCE: gl_appliance_forced = true; return 0;
  case 'h': co->status = gl_print_usage (co->cmd); return -1;
  case 'V': co->status = gl_print_version (); return -1;
  case 'K':
    if (co->keys)
      return gl_key_option (co->keys, arg);
    break;
  case 'S':
    if (co->keys) {
      co->keys_from_stdin = true;
      return 0;
    }
    break;
  case 'F':
    if (co->out)
      return gl_output_set_format (co->out, arg, co->out_user);
    break;
  case 'O':
    if (co->out)
      return gl_output_set_option (co->out, arg);
    break;
  }
  fprintf (stderr, "Try \"guestlift %s --help\".\n", co->cmd);
  return -1;
}

const struct gl_target_profile *
gl_target_option (const char *cmd, const char *arg)
{
  const struct gl_target_profile *p = gl_target_parse (arg);
  if (p)
    return p;
  CLEANUP_FREE char *names = gl_target_names (", ", " or ");
  gl_error (NULL, "%s: --to %s: unknown target (%s)", cmd, arg,
            names ? names : "?");
  return NULL;
}

int
gl_disk_format_option (const char *cmd, const char *arg)
{
  if (strcmp (arg, "qcow2") == 0 || strcmp (arg, "raw") == 0)
    return 0;
  gl_error (NULL, "%s: --output-format %s: use qcow2 or raw", cmd, arg);
  return -1;
}

int
gl_netmap_option (const char *cmd, struct gl_netmap *nets, int c, const char *arg)
{
  CLEANUP_ERR struct gl_err err = GL_ERR_INIT;
  if (gl_netmap_add (nets, c == 'b', arg, &err) == 0)
    return GL_EXIT_OK;
  gl_error (NULL, "%s: %s", cmd, gl_err_msg (&err, "out of memory"));
  return err.errnum == EINVAL ? GL_EXIT_USAGE : GL_EXIT_ERROR;
}
