/* guestlift convert: placeholder until its issue lands. */
#include <config.h>

#include <stddef.h>

#include "error.h"
#include "subcommands.h"

const char gl_usage_convert[] =
  "Usage: guestlift convert ...\n"
  "\n"
  "Not implemented yet.\n";

int
gl_cmd_convert (int argc, char **argv)
{
  gl_error (NULL, "convert: not implemented yet");
  return GL_EXIT_ERROR;
}
