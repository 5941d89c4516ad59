/* guestlift: the options every subcommand takes besides -h/--help:
 * -v/--verbose and -x (libguestfs debug and trace, as libguestfs's own
 * tools have them) and -V/--version. */
#ifndef GUESTLIFT_COMMON_OPTS_H
#define GUESTLIFT_COMMON_OPTS_H

#include <getopt.h>

/* Added to each subcommand's getopt short and long option lists. */
#define GL_COMMON_SHORTOPTS "vxV"
#define GL_COMMON_LONGOPTS \
  { "verbose", no_argument, NULL, 'v' }, \
  { "version", no_argument, NULL, 'V' }

/* -v and -x work through the environment (LIBGUESTFS_DEBUG=1,
 * LIBGUESTFS_TRACE=1, GUESTLIFT_DEBUG=1): every libguestfs handle reads
 * it when it is created, and the guestlift processes batch starts
 * inherit it.  Call before any handle exists (i.e. while parsing
 * options).  C is 'v' or 'x'. */
void gl_common_verbosity (int c);

/* Print "guestlift VERSION" to stdout, as "guestlift --version" does;
 * returns the exit status 0. */
int gl_print_version (void);

#endif
