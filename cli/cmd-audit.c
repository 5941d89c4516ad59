/* guestlift audit: inspect many images at once (cached, parallel
 * appliances), one line per guest, a summary, an exit status. */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <getopt.h>

#include "audit-merge.h"
#include "cleanup.h"
#include "error.h"
#include "inputs.h"
#include "image-list.h"
#include "output.h"
#include "parallel.h"
#include "report.h"
#include "report-cleanup.h"
#include "shard.h"
#include "common-opts.h"
#include "subcommands.h"

const char gl_usage_audit[] =
  "Usage: guestlift audit [OPTIONS] IMAGE...\n"
  "       guestlift audit [OPTIONS] -a IMAGE [-a IMAGE]...\n"
  "       guestlift audit [OPTIONS] [-c URI] -d DOMAIN\n"
  "       guestlift audit [OPTIONS] --from FILE|-\n"
  "       guestlift audit [--format F] --merge REPORT.json...\n"
  "\n"
  "Pre-flight audit of many guest images: the same facts as inspect for\n"
  "each, one line per guest, and a summary (bootable / blocked / unknown /\n"
  "error).  Many images share one appliance; several appliances run in\n"
  "parallel; results are cached so a re-audit of unchanged images starts no\n"
  "appliance.\n"
  "\n"
  "The report is a table on a terminal and JSON when standard output is not\n"
  "one: \"guestlift audit *.img > audit.txt\" writes JSON (whatever the\n"
  "file's name), as a pipe gets it; --format chooses.\n"
  "\n"
  "Options:\n"
  "  -j, --jobs N            appliances in parallel (default: the CPUs guestlift\n"
  "                          may use (affinity, cgroup), bounded by memory and\n"
  "                          by one appliance per 4 images)\n"
  "  --format table|json|xml|csv\n"
  "                          report format (default: table on a terminal,\n"
  "                          json otherwise)\n"
  "  --format-opt OPT        color | no-color (table), compact (json)\n"
  "  -a, --add IMAGE         audit IMAGE (as an argument; repeatable)\n"
  "  --format-disk FMT       disk image format of the -a that follow (and of\n"
  "                          the IMAGE arguments; default, auto: detected)\n"
  "  -d, --domain DOMAIN     audit the disks of the libvirt domain DOMAIN\n"
  "                          (one guest)\n"
  "  -c, --connect URI       libvirt connection of -d (default: libvirt's,\n"
  "                          e.g. LIBVIRT_DEFAULT_URI)\n"
  "  --from FILE             read image paths from FILE, one a line ('-' =\n"
  "                          standard input; '#' starts a comment)\n"
  "  --cache                 use the result cache (default)\n"
  "  --no-cache              inspect every image again, do not store results\n"
  "  --allow-backing-file    follow the backing file (data file, vmdk\n"
  "                          extents) an IMAGE names; without it such an\n"
  "                          IMAGE is an error\n"
  GL_KEY_USAGE
  GL_APPLIANCE_USAGE
  "  --shard K/N             audit only the K-th of N slices of the sorted list\n"
  "  --merge                 the arguments are JSON reports (of shards): print\n"
  "                          one report of all their images, in order, with\n"
  "                          one summary, and exit as their audit would\n"
  "  -q, --quiet             no notices or progress on stderr\n"
  GL_COMMON_USAGE
  "\n"
  "Exit status: 0 every guest can boot on KVM (or is not Linux: Windows\n"
  "guests' verdict is \"not applicable\"); 3 some guest is blocked (or\n"
  "unknown); 1 some image could not be inspected (errors win over blockers);\n"
  "2 usage error.\n";

/* The long name of option C, for messages. */
static const char *
long_name (const struct option *opts, int c)
{
  for (; opts->name; ++opts)
    if (opts->val == c)
      return opts->name;
  return "?";
}

/* Long options without a letter of their own (-c is --connect, K --key). */
enum { OPT_CACHE = 0x4100 };

int
gl_cmd_audit (int argc, char **argv)
{
  static const struct option longopts[] = {
    { "jobs", required_argument, NULL, 'j' },
    GL_OUTPUT_LONGOPTS,
    { "from", required_argument, NULL, 'f' },
    { "cache", no_argument, NULL, OPT_CACHE },
    { "no-cache", no_argument, NULL, 'C' },
    { "allow-backing-file", no_argument, NULL, 'B' },
    { "shard", required_argument, NULL, 's' },
    { "merge", no_argument, NULL, 'M' },
    { "quiet", no_argument, NULL, 'q' },
    GL_APPLIANCE_LONGOPT,
    GL_INPUT_LONGOPTS,
    GL_COMMON_LONGOPTS,
    GL_KEY_LONGOPTS,
    { "help", no_argument, NULL, 'h' },
    { NULL, 0, NULL, 0 }
  };
  struct gl_output_opts out = GL_OUTPUT_OPTS_INIT;
  struct gl_many_opts many = { .use_cache = true };
  CLEANUP_LUKS_KEYS struct gl_luks_keys keys = { empty_vector, empty_vector };
  bool paths_from_stdin = false;
  many.inspect.keys = &keys;
  string_vector paths = empty_vector;
  struct gl_inputs in = { .cmd = "audit" };
  struct gl_common_opts co = { .cmd = "audit", .in = &in, .keys = &keys, .out = &out,
                               .out_user = GL_OUTPUT_AUDIT };
  unsigned shard_k = 0, shard_n = 0;
  bool merge = false;
  const char *inspect_only = NULL;   /* an option --merge has no use for */
  int c, status = GL_EXIT_USAGE;
  CLEANUP_REPORT struct gl_report *r = NULL;
  CLEANUP_ERR struct gl_err err = GL_ERR_INIT;

  optind = 1;
  while ((c = getopt_long (argc, argv, "j:qh" GL_INPUT_SHORTOPTS GL_COMMON_SHORTOPTS,
                           longopts, NULL)) != -1) {
    if ((c > 0 && c < 256 && strchr ("jfCBsadcKS", c)) || c == GL_INPUT_OPT_FORMAT_DISK ||
        c == GL_OPT_APPLIANCE)
      inspect_only = long_name (longopts, c);
    switch (c) {
    case 'j': {
      char *end;
      long j = strtol (optarg, &end, 10);
      if (*end || j < 1 || j > 256) {
        gl_error (NULL, "--jobs: '%s' is not a number from 1 to 256", optarg);
        goto out;
      }
      many.jobs = (unsigned) j;
      break;
    }
    case 'f':
      paths_from_stdin |= strcmp (optarg, "-") == 0;
      if (gl_image_list_from_file (optarg, &paths) == -1) {
        status = GL_EXIT_ERROR;
        goto out;
      }
      break;
    case OPT_CACHE: many.use_cache = true; break;
    case 'C': many.use_cache = false; break;
    case 'B': many.inspect.allow_backing = true; break;
    case 'M': merge = true; break;
    case 's':
      if (gl_shard_parse (optarg, &shard_k, &shard_n, &err) == -1) {
        gl_error (NULL, "--shard: %s", err.msg);
        goto out;
      }
      break;
    default:
      if (gl_common_option (&co, c, optarg) == -1) {
        status = co.status;
        goto out;
      }
    }
  }
  many.inspect.appliance_only = gl_appliance_forced;
  if (merge) {
    if (inspect_only) {
      gl_error (NULL, "audit: --%s does not apply to --merge (it merges reports, "
                "it inspects nothing)", inspect_only);
      goto out;
    }
    out.quiet = gl_quiet ();
    status = gl_audit_merge (&out, &argv[optind], (size_t) (argc - optind));
    goto out;
  }
  if (co.keys_from_stdin) {
    if (paths_from_stdin) {
      gl_error (NULL, "audit: --keys-from-stdin and --from - both read standard "
                "input: give the image list in a file");
      goto out;
    }
    if (gl_keys_from_stdin (&keys) == -1) {
      status = GL_EXIT_ERROR;
      goto out;
    }
  }
  status = gl_inputs_finish (&in, argc, argv, true);
  if (status != GL_EXIT_OK)
    goto out;
  status = GL_EXIT_USAGE;
  for (size_t i = 0; i < in.images.len; ++i)
    string_vector_add (&paths, in.images.ptr[i]);
  many.inspect.disk_format = gl_inputs_format (&in);
  /* A domain's disks are one guest's. */
  if (in.domain)
    many.inspect.one_guest = true;
  if (paths.len == 0) {
    gl_error (NULL, "audit: no IMAGE given (try guestlift audit --help)");
    goto out;
  }
  if (shard_n)
    gl_shard_apply (&paths, shard_k, shard_n);

  r = gl_report_new_for_paths (paths.ptr, paths.len);
  if (!r) {
    gl_error (NULL, "out of memory");
    status = GL_EXIT_ERROR;
    goto out;
  }

  out.quiet = gl_quiet ();
  many.inspect.note = gl_output_notes;
  gl_output_start_progress (&out, &many.inspect.progress, &many.inspect.progress_opaque);
  int rc = gl_inspect_many (r->images.ptr, r->images.len, &many);
  gl_output_end_progress ();
  if (rc == -1) {
    gl_error (NULL, "out of memory");
    status = GL_EXIT_ERROR;
    goto out;
  }
  gl_debug ("audit: %zu images, %zu from the cache, %zu appliance group(s)",
            r->images.len, many.cache_hits, many.appliances);
  gl_debug ("audit (host reader): %zu guest(s) answered by the host reader",
            many.host_guests);

  status = gl_report_exit_status (r);
  if (gl_output_write (&out, r, true) == -1)
    status = GL_EXIT_ERROR;

 out:
  string_vector_free (&paths);
  gl_inputs_free (&in);
  return status;
}
