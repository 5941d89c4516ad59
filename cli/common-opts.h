/* guestlift: the options the subcommands take alike: -v/--verbose and
 * -x (libguestfs debug and trace, as libguestfs's own tools have them),
 * -V/--version, -q, -h, --appliance, the LUKS keys, --format, and what
 * convert and batch share; parsed in one place (gl_common_option). */
#ifndef GUESTLIFT_COMMON_OPTS_H
#define GUESTLIFT_COMMON_OPTS_H

#include <getopt.h>
#include <stdbool.h>

#include "inputs.h"
#include "luks-keys.h"
#include "netmap.h"
#include "output.h"
#include "target.h"

/* Added to each subcommand's getopt short and long option lists. */
#define GL_COMMON_SHORTOPTS "vxV"
#define GL_COMMON_LONGOPTS \
  { "verbose", no_argument, NULL, 'v' }, \
  { "version", no_argument, NULL, 'V' }
/* Their --help lines (and -h's), in the layout of inspect, audit and
 * convert (launch and batch have narrower columns and words of their
 * own). */
#define GL_COMMON_USAGE \
  "  -v, --verbose           libguestfs and guestlift debug messages on\n" \
  "                          stderr (as LIBGUESTFS_DEBUG=1 GUESTLIFT_DEBUG=1)\n" \
  "  -x                      trace every libguestfs call on stderr (as\n" \
  "                          LIBGUESTFS_TRACE=1)\n" \
  "  -V, --version           print the version and exit\n" \
  "  -h, --help              this help\n"

/* -v and -x work through the environment (LIBGUESTFS_DEBUG=1,
 * LIBGUESTFS_TRACE=1, GUESTLIFT_DEBUG=1): every libguestfs handle reads
 * it when it is created, and the guestlift processes batch starts
 * inherit it.  Call before any handle exists (i.e. while parsing
 * options).  C is 'v' or 'x'. */
void gl_common_verbosity (int c);

/* Print "guestlift VERSION" to stdout, as "guestlift --version" does;
 * returns the exit status 0. */
int gl_print_version (void);

/* --appliance (the subcommands that inspect: inspect, audit, convert,
 * launch, batch): never the host-side reader.  Its getopt value, and
 * where the option leaves its answer for the engine's options
 * (gl_inspect_opts.appliance_only). */
enum { GL_OPT_APPLIANCE = 0x4200 };
#define GL_APPLIANCE_LONGOPT { "appliance", no_argument, NULL, GL_OPT_APPLIANCE }
#define GL_APPLIANCE_USAGE \
  "  --appliance             inspect with the libguestfs appliance only (by\n" \
  "                          default images the host-side reader can read\n" \
  "                          -- ext2/3/4, swap, linear LVM on MBR/GPT -- are\n" \
  "                          read on the host, in a contained child process)\n"
extern bool gl_appliance_forced;

/* LUKS keys (inspect, audit): --key SELECTOR and --keys-from-stdin. */
#define GL_KEY_LONGOPTS \
  { "key", required_argument, NULL, 'K' }, \
  { "keys-from-stdin", no_argument, NULL, 'S' }
#define GL_KEY_USAGE \
  "  --key SELECTOR          a key for a LUKS device: ID:key:PASSPHRASE or\n" \
  "                          ID:file:FILENAME (first line), ID a device\n" \
  "                          (/dev/sda2), a LUKS UUID or \"all\"; repeatable\n" \
  "  --keys-from-stdin       read keys from standard input, one a line (each\n" \
  "                          is tried on every encrypted device)\n"
/* --key SELECTOR into K; the passphrase of a "key:" selector is then
 * blanked in ARG itself (argv), so that the process's command line no
 * longer shows it.  0, or -1 with the message printed. */
int gl_key_option (struct gl_luks_keys *k, char *arg);
/* --keys-from-stdin: read them now.  0, or -1 with the message printed. */
int gl_keys_from_stdin (struct gl_luks_keys *k);

/* The options the subcommands take alike, in one place: -q, -h, -v, -x,
 * -V and --appliance everywhere; the disks (inputs.h) where IN is set;
 * --key and --keys-from-stdin where KEYS is set; --format and
 * --format-opt where OUT is set; and getopt's complaint about an option
 * (it printed what), which points at --help. */
#define GL_OUTPUT_LONGOPTS \
  { "format", required_argument, NULL, 'F' }, \
  { "format-opt", required_argument, NULL, 'O' }
struct gl_common_opts {
  const char *cmd;              /* "inspect": whose --help */
  struct gl_inputs *in;         /* -a, -d...; NULL: no disks as options */
  struct gl_luks_keys *keys;    /* --key's; NULL: no --key */
  bool keys_from_stdin;         /* --keys-from-stdin was given */
  struct gl_output_opts *out;   /* --format's; NULL: no --format */
  enum gl_output_user out_user; /* which formats --format takes */
  int status;                   /* the exit status, when told to stop */
};
/* Option C (getopt's answer) that the subcommand's own switch did not
 * take (call it from its default): 0 taken, go on; -1 stop now and exit
 * with co->status (-h, -V: 0; a bad value or an unknown option: 2, said
 * on stderr). */
int gl_common_option (struct gl_common_opts *co, int c, char *arg);

/* What convert and batch both take (batch passes them on to each
 * convert): --to TARGET, --output-format FMT, -b/-n IN:OUT.  CMD names
 * the subcommand in the messages. */
/* --to ARG: its profile, or NULL with the usage error printed. */
const struct gl_target_profile *gl_target_option (const char *cmd,
                                                  const char *arg);
/* --output-format ARG (qcow2 or raw): 0, or -1 with the usage error
 * printed. */
int gl_disk_format_option (const char *cmd, const char *arg);
/* -b (C 'b') or -n ARG added to NETS: GL_EXIT_OK, or the exit status
 * with the message printed (a bad ARG is a usage error). */
int gl_netmap_option (const char *cmd, struct gl_netmap *nets, int c, const char *arg);

#endif
