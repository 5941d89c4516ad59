/* guestlift inspect: placeholder until its issue lands. */
#include <config.h>

#include <stddef.h>

#include "error.h"
#include "subcommands.h"

const char gl_usage_inspect[] =
  "Usage: guestlift inspect ...\n"
  "\n"
  "Not implemented yet.\n";

int
gl_cmd_inspect (int argc, char **argv)
{
  gl_error (NULL, "inspect: not implemented yet");
  return GL_EXIT_ERROR;
}
