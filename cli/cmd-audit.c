/* guestlift audit: placeholder until its issue lands. */
#include <config.h>

#include <stddef.h>

#include "error.h"
#include "subcommands.h"

const char gl_usage_audit[] =
  "Usage: guestlift audit ...\n"
  "\n"
  "Not implemented yet.\n";

int
gl_cmd_audit (int argc, char **argv)
{
  gl_error (NULL, "audit: not implemented yet");
  return GL_EXIT_ERROR;
}
