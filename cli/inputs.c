/* guestlift: -a, --format-disk, -d and -c (see inputs.h). */
#include <config.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "err.h"
#include "error.h"
#include "inputs.h"

static int
add (struct gl_inputs *in, const char *path, const char *format)
{
  if (string_vector_append (&in->images, (char *) path) == -1 ||
      string_vector_append (&in->formats, (char *) format) == -1) {
    gl_error (NULL, "out of memory");
    return -1;
  }
  return 0;
}

int
gl_inputs_option (struct gl_inputs *in, int opt, const char *arg)
{
  switch (opt) {
  case 'a':
    if (!arg[0]) {
      gl_error (NULL, "%s: -a: give a disk image", in->cmd);
      return -1;
    }
    return add (in, arg, in->format) == -1 ? -1 : 1;
  case GL_INPUT_OPT_FORMAT_DISK:
    in->format = strcmp (arg, "auto") == 0 ? NULL : arg;
    return 1;
  case 'd':
    if (in->domain) {
      gl_error (NULL, "%s: -d given twice: one domain at a time", in->cmd);
      return -1;
    }
    in->domain = arg;
    return 1;
  case 'c':
    in->uri = arg;
    return 1;
  default:
    return 0;
  }
}

const char *
gl_inputs_format (const struct gl_inputs *in)
{
  return in->formats.len ? in->formats.ptr[0] : in->format;
}

/* The inspection reads every image of a run with one format (or
 * detects each): a run whose -a have different formats is refused
 * rather than read wrongly. */
static int
check_formats (const struct gl_inputs *in)
{
  for (size_t i = 1; i < in->formats.len; ++i) {
    const char *a = in->formats.ptr[0], *b = in->formats.ptr[i];
    if (a == b || (a && b && strcmp (a, b) == 0))
      continue;
    gl_error (NULL, "%s: %s is %s but %s is %s: give the disks of one run "
              "the same --format-disk (or none, to detect each)", in->cmd,
              in->images.ptr[0], a ? a : "auto", in->images.ptr[i], b ? b : "auto");
    return -1;
  }
  return 0;
}

/* The domain's disks (not CD-ROMs or floppies, not empty drives). */
static int
add_domain_disks (struct gl_inputs *in)
{
  const struct gl_source_config *sc = &in->domain_config;
  for (size_t i = 0; i < sc->disks.len; ++i) {
    const struct gl_source_disk *d = &sc->disks.ptr[i];
    if (d->device != GL_DISK_DISK || !d->path)
      continue;
    if (add (in, d->path, in->format) == -1)
      return -1;
  }
  if (in->images.len == 0) {
    gl_error (in->domain, "the libvirt domain has no disk to %s", in->cmd);
    return -1;
  }
  return 0;
}

int
gl_inputs_given (const struct gl_inputs *in, int argc)
{
  if (optind < argc || in->images.len || in->domain)
    return 0;
  gl_error (NULL, "%s: no IMAGE given (try guestlift %s --help)", in->cmd, in->cmd);
  return -1;
}

int
gl_inputs_finish (struct gl_inputs *in, int argc, char **argv, bool disks)
{
  for (int i = optind; i < argc; ++i)
    if (add (in, argv[i], in->format) == -1)
      return GL_EXIT_ERROR;
  if (in->uri && !in->domain) {
    gl_error (NULL, "%s: -c %s names a libvirt connection for -d DOMAIN, "
              "which is not given", in->cmd, in->uri);
    return GL_EXIT_USAGE;
  }
  if (in->domain) {
    if (in->images.len) {
      gl_error (NULL, "%s: -d %s and disk images: give one or the other",
                in->cmd, in->domain);
      return GL_EXIT_USAGE;
    }
    CLEANUP_ERR struct gl_err err = GL_ERR_INIT;
    if (gl_source_domain_read (in->uri, in->domain, &in->domain_config, &err) == -1) {
      gl_error (in->domain, "%s", gl_err_msg (&err, "out of memory"));
      return GL_EXIT_ERROR;
    }
    in->have_domain_config = true;
    if (disks && add_domain_disks (in) == -1)
      return GL_EXIT_ERROR;
  }
  return check_formats (in) == -1 ? GL_EXIT_USAGE : GL_EXIT_OK;
}

void
gl_inputs_free (struct gl_inputs *in)
{
  free (in->images.ptr);
  free (in->formats.ptr);
  if (in->have_domain_config)
    gl_source_config_free (&in->domain_config);
  memset (in, 0, sizeof *in);
}
