/* guestlift launch: placeholder until its issue lands. */
#include <config.h>

#include <stddef.h>

#include "error.h"
#include "subcommands.h"

const char gl_usage_launch[] =
  "Usage: guestlift launch ...\n"
  "\n"
  "Not implemented yet.\n";

int
gl_cmd_launch (int argc, char **argv)
{
  gl_error (NULL, "launch: not implemented yet");
  return GL_EXIT_ERROR;
}
