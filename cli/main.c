/* guestlift: program entry: global options and subcommand dispatch. */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <locale.h>

#include "cleanup.h"
#include "common-opts.h"
#include "error.h"
#include "subcommands.h"

const struct gl_subcommand gl_subcommands[] = {
  { "inspect", "what OS, which kernels, can it boot on KVM?",
    gl_usage_inspect, gl_cmd_inspect, NULL },
  { "audit", "inspect many images at once: table, JSON, exit status",
    gl_usage_audit, gl_cmd_audit, NULL },
  { "convert", "a KVM (or Xen HVM/PV) ready copy of a Xen guest + libvirt XML",
    gl_usage_convert, gl_cmd_convert, NULL },
  { "launch", "boot a guest with direct kernel boot and check that it boots",
    NULL, gl_cmd_launch, gl_usage_launch },
  { "batch", "convert many guests: manifest or Xen config folder, resumable",
    gl_usage_batch, gl_cmd_batch, NULL },
  { NULL, NULL, NULL, NULL, NULL }
};

const struct gl_subcommand *
gl_find_subcommand (const char *name)
{
  for (const struct gl_subcommand *c = gl_subcommands; c->name; ++c)
    if (strcmp (c->name, name) == 0)
      return c;
  return NULL;
}

int
gl_print_usage (const char *name)
{
  const struct gl_subcommand *c = gl_find_subcommand (name);
  if (!c)
    return GL_EXIT_USAGE;
  CLEANUP_FREE char *text = c->usage_text ? c->usage_text () : NULL;
  if (c->usage_text && !text) {
    gl_error (NULL, "out of memory");
    return GL_EXIT_ERROR;
  }
  fputs (text ? text : c->usage, stdout);
  return GL_EXIT_OK;
}

static void
usage (FILE *fp)
{
  fprintf (fp,
           "guestlift %s: inspect guest disk images, move Xen guests to KVM\n"
           "\n"
           "Usage: guestlift [--help] [--version] SUBCOMMAND [ARGS...]\n"
           "\n"
           "Subcommands:\n", PACKAGE_VERSION);
  for (const struct gl_subcommand *c = gl_subcommands; c->name; ++c)
    fprintf (fp, "  %-9s %s\n", c->name, c->summary);
  fprintf (fp,
           "  help      help SUBCOMMAND: the options of a subcommand\n"
           "\n"
           "Exit status: 0 success, 1 runtime error, 2 usage error,\n"
           "3 (inspect, audit, batch) some guest cannot boot on KVM.\n"
           "Run \"guestlift SUBCOMMAND --help\" or \"man guestlift-SUBCOMMAND\".\n");
}

int
main (int argc, char **argv)
{
  setlocale (LC_ALL, "");

  if (argc < 2) {
    usage (stderr);
    return GL_EXIT_USAGE;
  }
  const char *cmd = argv[1];
  if (strcmp (cmd, "--help") == 0 || strcmp (cmd, "-h") == 0) {
    usage (stdout);
    return GL_EXIT_OK;
  }
  if (strcmp (cmd, "--version") == 0 || strcmp (cmd, "-V") == 0) {
    return gl_print_version ();
  }
  if (strcmp (cmd, "help") == 0) {
    if (argc < 3) {
      usage (stdout);
      return GL_EXIT_OK;
    }
    int status = gl_print_usage (argv[2]);
    if (status == GL_EXIT_USAGE)
      gl_error (NULL, "help: unknown subcommand '%s' (try guestlift --help)", argv[2]);
    return status;
  }

  const struct gl_subcommand *c = gl_find_subcommand (cmd);
  if (!c) {
    gl_error (NULL, "unknown subcommand '%s' (try guestlift --help)", cmd);
    return GL_EXIT_USAGE;
  }
  return c->run (argc - 1, argv + 1);
}
