/* guestlift inspect: what OS, which kernels, can it boot on KVM? */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <getopt.h>
#include <unistd.h>

#include "cleanup.h"
#include "parallel.h"
#include "error.h"
#include "inputs.h"
#include "output.h"
#include "report.h"
#include "report-cleanup.h"
#include "report-write.h"
#include "common-opts.h"
#include "subcommands.h"

const char gl_usage_inspect[] =
  "Usage: guestlift inspect [OPTIONS] IMAGE...\n"
  "       guestlift inspect [OPTIONS] -a IMAGE [-a IMAGE]...\n"
  "       guestlift inspect [OPTIONS] [-c URI] -d DOMAIN\n"
  "\n"
  "Inspect guest disk images: operating system, kernels, whether each kernel\n"
  "is Xen PV-only, virtio support, bootloader, Xen references, and the\n"
  "verdict: can the guest boot on KVM?\n"
  "\n"
  "The report is text on a terminal and JSON when standard output is not\n"
  "one: \"guestlift inspect x.img > report.txt\" writes JSON (whatever the\n"
  "file's name), as a pipe gets it; --format chooses.\n"
  "\n"
  "Options:\n"
  "  --format text|json|xml  report format (default: text on a terminal,\n"
  "                          json otherwise)\n"
  "  --format-opt OPT        color | no-color (text), compact (json)\n"
  "  -a, --add IMAGE         inspect IMAGE (as an argument; repeatable)\n"
  "  --format-disk FMT       disk image format of the -a that follow (and of\n"
  "                          the IMAGE arguments): raw, qcow2, ...; default\n"
  "                          (auto): detected once with qemu-img\n"
  "  -d, --domain DOMAIN     inspect the disks of the libvirt domain DOMAIN\n"
  "                          (one guest: as --one-guest)\n"
  "  -c, --connect URI       libvirt connection of -d (default: libvirt's,\n"
  "                          e.g. LIBVIRT_DEFAULT_URI)\n"
  "  --one-guest             the IMAGEs are the disks of one guest (default:\n"
  "                          each IMAGE is a guest of its own)\n"
  "  --no-cache              inspect again even if a cached result exists\n"
  "                          (results are cached per image identity)\n"
  "  --allow-backing-file    follow the backing file (data file, vmdk\n"
  "                          extents) an IMAGE names; without it such an\n"
  "                          IMAGE is refused\n"
  GL_KEY_USAGE
  GL_APPLIANCE_USAGE
  "  -q, --quiet             no notices or progress on stderr\n"
  GL_COMMON_USAGE
  "\n"
  "Exit status: 0 every guest can boot on KVM (or is not Linux: Windows\n"
  "guests' verdict is \"not applicable\"); 1 an image could not be\n"
  "inspected (or holds no operating system); 2 usage error; 3 inspected,\n"
  "but some guest cannot boot on KVM (see its blockers).\n";

static const struct option longopts[] = {
  GL_OUTPUT_LONGOPTS,
  { "one-guest", no_argument, NULL, '1' },
  { "no-cache", no_argument, NULL, 'C' },
  { "allow-backing-file", no_argument, NULL, 'B' },
  { "quiet", no_argument, NULL, 'q' },
  GL_APPLIANCE_LONGOPT,
  GL_INPUT_LONGOPTS,
  GL_KEY_LONGOPTS,
  GL_COMMON_LONGOPTS,
  { "help", no_argument, NULL, 'h' },
  { NULL, 0, NULL, 0 }
};

/* The command, with IN (the disks) held by the caller. */
static int
inspect_run (struct gl_inputs *in, int argc, char **argv)
{
  struct gl_output_opts out = GL_OUTPUT_OPTS_INIT;
  struct gl_many_opts many = { .use_cache = true };
  struct gl_inspect_opts *opts = &many.inspect;
  opts->note = gl_output_notes;
  CLEANUP_LUKS_KEYS struct gl_luks_keys keys = { empty_vector, empty_vector };
  opts->keys = &keys;
  struct gl_common_opts co = { .cmd = "inspect", .in = in, .keys = &keys, .out = &out,
                               .out_user = GL_OUTPUT_INSPECT };
  int c;

  optind = 1;
  while ((c = getopt_long (argc, argv, "qh" GL_INPUT_SHORTOPTS GL_COMMON_SHORTOPTS,
                           longopts, NULL)) != -1) {
    switch (c) {
    case '1': opts->one_guest = true; break;
    case 'C': many.use_cache = false; break;
    case 'B': opts->allow_backing = true; break;
    default:
      if (gl_common_option (&co, c, optarg) == -1)
        return co.status;
    }
  }
  if (gl_inputs_given (in, argc) == -1)
    return GL_EXIT_USAGE;
  int st = gl_inputs_finish (in, argc, argv, true);
  if (st != GL_EXIT_OK)
    return st;
  opts->disk_format = gl_inputs_format (in);
  opts->appliance_only = gl_appliance_forced;
  /* A domain's disks are one guest's. */
  if (in->domain)
    opts->one_guest = true;

  if (co.keys_from_stdin && gl_keys_from_stdin (&keys) == -1)
    return GL_EXIT_ERROR;

  CLEANUP_REPORT struct gl_report *r = gl_report_new_for_paths (in->images.ptr, in->images.len);
  if (!r) {
    gl_error (NULL, "out of memory");
    return GL_EXIT_ERROR;
  }
  out.quiet = gl_quiet ();
  gl_output_start_progress (&out, &opts->progress, &opts->progress_opaque);
  int rc = gl_inspect_many (r->images.ptr, r->images.len, &many);
  gl_output_end_progress ();
  if (rc == -1) {
    gl_error (NULL, "out of memory");
    return GL_EXIT_ERROR;
  }

  /* Each failed image is also named on stderr, for people and logs. */
  for (size_t i = 0; i < r->images.len; ++i)
    if (r->images.ptr[i]->error)
      gl_error (r->images.ptr[i]->path, "%s", r->images.ptr[i]->error);

  int status = gl_report_exit_status (r);
  if (gl_output_write (&out, r, false) == -1)
    status = GL_EXIT_ERROR;
  return status;
}

int
gl_cmd_inspect (int argc, char **argv)
{
  struct gl_inputs in = { .cmd = "inspect" };
  int status = inspect_run (&in, argc, argv);
  gl_inputs_free (&in);
  return status;
}
