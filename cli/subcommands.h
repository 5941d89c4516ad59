/* guestlift: the subcommand table.  Each subcommand is one file
 * cli/cmd-NAME.c exporting one function; main.c dispatches by table. */
#ifndef GUESTLIFT_SUBCOMMANDS_H
#define GUESTLIFT_SUBCOMMANDS_H

struct gl_subcommand {
  const char *name;
  const char *summary;   /* one line for "guestlift --help" */
  const char *usage;     /* full --help text */
  int (*run) (int argc, char **argv);   /* argv[0] is the subcommand name */
  /* Or the --help text built when it is asked for, from the tables it
   * names (malloc'd; NULL when out of memory). */
  char *(*usage_text) (void);
};

extern const struct gl_subcommand gl_subcommands[];
const struct gl_subcommand *gl_find_subcommand (const char *name);

int gl_cmd_inspect (int argc, char **argv);
int gl_cmd_audit (int argc, char **argv);
int gl_cmd_convert (int argc, char **argv);
int gl_cmd_launch (int argc, char **argv);
int gl_cmd_batch (int argc, char **argv);

extern const char gl_usage_inspect[], gl_usage_audit[], gl_usage_convert[],
  gl_usage_batch[];
char *gl_usage_launch (void);

/* Print the usage of a subcommand to stdout (for --help) and return 0;
 * 2 for an unknown subcommand, 1 when out of memory (said). */
int gl_print_usage (const char *name);

#endif
