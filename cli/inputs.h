/* guestlift: where a subcommand's disks come from, as libguestfs's and
 * virsh's users name them:
 *
 *   IMAGE...              positional, as before
 *   -a IMAGE              (--add) one disk; repeatable
 *   --format-disk FMT     the format of the -a that follow ("auto":
 *                         detect), as libguestfs's --format
 *   -d DOMAIN             (--domain) a libvirt domain's disks
 *   -c URI                (--connect) its libvirt connection (default:
 *                         libvirt's, LIBVIRT_DEFAULT_URI included)
 *
 * These options live in their own table so that each subcommand adds
 * them in one line.
 */
#ifndef GUESTLIFT_CLI_INPUTS_H
#define GUESTLIFT_CLI_INPUTS_H

#include <getopt.h>
#include <stdbool.h>

#include "source-config.h"
#include "vector.h"

enum { GL_INPUT_OPT_FORMAT_DISK = 0x4000 };

#define GL_INPUT_SHORTOPTS "a:c:d:"
/* launch takes these (it detects each disk's format); the others add
 * --format-disk too. */
#define GL_INPUT_DISK_LONGOPTS \
  { "add", required_argument, NULL, 'a' }, \
  { "connect", required_argument, NULL, 'c' }, \
  { "domain", required_argument, NULL, 'd' }
#define GL_INPUT_LONGOPTS \
  GL_INPUT_DISK_LONGOPTS, \
  { "format-disk", required_argument, NULL, GL_INPUT_OPT_FORMAT_DISK }

struct gl_inputs {
  const char *cmd;            /* "inspect", for messages */
  string_vector images;       /* borrowed strings (argv, or the domain's) */
  const char *format;         /* --format-disk now in force (NULL: auto) */
  string_vector formats;      /* each image's (NULL: auto), borrowed */
  const char *domain;         /* -d */
  const char *uri;            /* -c */
  struct gl_source_config domain_config;  /* -d's, once read */
  bool have_domain_config;
};

/* Take option OPT (getopt's answer) if it is one of ours: 1 taken, 0
 * not ours, -1 a usage error (printed). */
int gl_inputs_option (struct gl_inputs *in, int opt, const char *arg);

/* After getopt, before gl_inputs_finish: 0 when a disk is given (-a,
 * -d, or an IMAGE argument at ARGV[optind]), else -1 with the usage
 * error said (pointing at --help). */
int gl_inputs_given (const struct gl_inputs *in, int argc);

/* After getopt: add the positional IMAGEs (ARGV[OPTIND..]), then, with
 * -d, read the domain from libvirt (convert takes it whole: DISKS false;
 * the others take its disks).  GL_EXIT_OK or an exit status (printed). */
int gl_inputs_finish (struct gl_inputs *in, int argc, char **argv, bool disks);

/* The one format the images have (NULL: detect). */
const char *gl_inputs_format (const struct gl_inputs *in);

void gl_inputs_free (struct gl_inputs *in);

#endif
