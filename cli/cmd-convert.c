/* guestlift convert: a KVM (or Xen HVM / Xen PV) ready copy of a guest
 * and its libvirt domain XML.  The options and what is printed; the
 * work is convert/pipeline.c's.
 */
#include <config.h>

#include <stdarg.h>
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

#include "cleanup.h"
#include "clock.h"
#include "common-opts.h"
#include "error.h"
#include "gl-limits.h"
#include "guest-name.h"
#include "inputs.h"
#include "netmap.h"
#include "output.h"
#include "output-files.h"
#include "parallel.h"
#include "pipeline.h"
#include "progress.h"
#include "report.h"
#include "subcommands.h"
#include "target.h"

const char gl_usage_convert[] =
  "Usage: guestlift convert --to kvm|xen-hvm|xen-pv [OPTIONS] IMAGE...\n"
  "       guestlift convert --to TARGET [OPTIONS] -a IMAGE [-a IMAGE]...\n"
  "       guestlift convert --to TARGET --source-config FILE [OPTIONS]\n"
  "       guestlift convert --to TARGET [-c URI] -d DOMAIN [OPTIONS]\n"
  "\n"
  "Make a copy of a (Xen) guest that boots on the target, with the libvirt\n"
  "domain XML to define it.  IMAGE... are the disks of ONE guest, in order\n"
  "(the first is the boot disk); without IMAGE, the source config's disks.\n"
  "The source images are never written.\n"
  "For kvm and xen-hvm the copy is edited: the bootloader boots a kernel\n"
  "that can run there, each disk's name in the guest (the config's vdev,\n"
  "xvda2 for a bare filesystem; else xvda, xvdb... in order) becomes its\n"
  "name there (vda, vdb...), Xen consoles are replaced, Xen modules become\n"
  "virtio ones and the initrd gains virtio_blk.  A boot disk without boot\n"
  "code (a bare filesystem, a pygrub guest) boots its kernel directly, as\n"
  "with --direct-boot.\n"
  "\n"
  "Options:\n"
  "  --to TARGET             kvm, xen-hvm or xen-pv (required)\n"
  "  -o, --output-dir DIR    where the outputs go (default: the current\n"
  "                          directory): NAME-sda.FMT ... and NAME.xml\n"
  "  --output-format FMT     qcow2 (default) or raw, for the disk copies\n"
  "  --source-config FILE    the Xen guest's definition (xl/xm config or\n"
  "                          libvirt XML): name, memory, vCPUs, disks and\n"
  "                          their names, NICs, on_poweroff/on_reboot/\n"
  "                          on_crash carry over (default: 1024 MiB, 1 vCPU,\n"
  "                          one NIC); each of its disks needs its IMAGE\n"
  "  -a, --add IMAGE         a disk of the guest (as IMAGE; repeatable)\n"
  "  --format-disk FMT       the format of the -a IMAGEs that follow (raw,\n"
  "                          qcow2, ...; auto: detect, the default)\n"
  "  -d, --domain DOMAIN     the libvirt domain DOMAIN is the source: its\n"
  "                          definition as --source-config, its disks as\n"
  "                          the IMAGEs (read-only)\n"
  "  -c, --connect URI       libvirt connection of -d (default: libvirt's,\n"
  "                          e.g. LIBVIRT_DEFAULT_URI; xen:///system)\n"
  "  --drop-disk VDEV        leave the config's disk VDEV (xvdb) out\n"
  "  -b, --bridge IN:OUT     a NIC on the source bridge IN goes on the\n"
  "                          bridge OUT; -b OUT: every other bridge\n"
  "  -n, --network IN:OUT    a NIC on the source network IN goes on the\n"
  "                          network OUT; -n OUT: every other network (a\n"
  "                          guest without source config has one NIC, on\n"
  "                          the network \"default\")\n"
  "  --name NAME             the new guest's name (default: from the\n"
  "                          source config, the hostname, or the file name)\n"
  "  --kernel VERSION        boot this kernel (default: the one inspection\n"
  "                          recommends; xen-pv: the default one)\n"
  "  --direct-boot           copy the kernel and initrd out (NAME-vmlinuz,\n"
  "                          NAME-initrd) and boot them directly (done by\n"
  "                          itself when the boot disk has no boot code)\n"
  "  --dry-run               inspect and print the plan (disk names, how it\n"
  "                          boots, kernel, every file edit as a diff,\n"
  "                          outputs, domain XML); change nothing and write\n"
  "                          nothing\n"
  "  --in-place              edit the given images themselves (no copies;\n"
  "                          only NAME.xml is written): DANGEROUS\n"
  "  --command-timeout SECONDS\n"
  "                          time limit of each command run inside the\n"
  "                          guest (the initrd rebuild; default 1800):\n"
  "                          past it the appliance is killed and the\n"
  "                          conversion fails\n"
  "  --allow-backing-file    follow the backing file (data file, vmdk\n"
  "                          extents) an IMAGE names; the copy is then\n"
  "                          flattened (without it such an IMAGE is refused)\n"
  GL_KEY_USAGE
  "  --appliance             inspect the source with the libguestfs\n"
  "                          appliance only (by default an IMAGE the\n"
  "                          host-side reader can read is inspected on the\n"
  "                          host; the conversion itself always uses the\n"
  "                          appliance)\n"
  "  -q, --quiet             no notices or progress on stderr (progress:\n"
  "                          on a terminal only)\n"
  GL_COMMON_USAGE
  "\n"
  "Outputs are written under temporary names and renamed at the end: after\n"
  "a failure or an interrupt the output directory holds nothing new.\n"
  "\n"
  "Exit status: 0 converted (or planned, with --dry-run); 1 failure, or\n"
  "refused (e.g. every kernel is Xen PV-only and the target is not\n"
  "xen-pv); 2 usage error.\n";


/* Phase lines on a terminal ("[  12.3] copying disk 1/2: web01.img"),
 * as virt-v2v prints them: a person sees what the minutes go to.  Off a
 * terminal, and with -q, nothing (the notices tell logs what was done). */
struct phases {
  bool on;
  double start;         /* gl_now () */
};

static void __attribute__ ((format (printf, 2, 3)))
phase_line (struct phases *p, const char *fmt, ...)
{
  if (!p->on)
    return;
  va_list ap;
  va_start (ap, fmt);
  CLEANUP_FREE char *msg = gl_vprintf (fmt, ap);
  va_end (ap);
  CLEANUP_FREE char *line = msg ? gl_one_line (msg) : NULL;
  fprintf (stderr, "[%6.1f] %s\n", gl_now () - p->start, line ? line : "");
  fflush (stderr);
}

static void
phase_cb (void *opaque, enum gl_convert_phase ph, size_t i, size_t n,
          const char *detail)
{
  static const char *const what[] = {
    [GL_CONVERT_PHASE_LAUNCH] = "starting the appliance",
    [GL_CONVERT_PHASE_APPLY] = "editing the guest (bootloader, device names, "
                               "consoles, modules)",
    [GL_CONVERT_PHASE_EXPORT] = "copying the kernel and initrd out",
    [GL_CONVERT_PHASE_WRITE] = "writing the domain XML",
  };
  struct phases *p = opaque;
  if (ph == GL_CONVERT_PHASE_COPY)
    phase_line (p, "copying disk %zu/%zu: %s", i + 1, n, detail ? detail : "");
  else if (ph == GL_CONVERT_PHASE_INITRD)
    phase_line (p, "rebuilding the initramfs of kernel %s", detail ? detail : "");
  else if (ph == GL_CONVERT_PHASE_WRITE && detail)
    phase_line (p, "closing the appliance (its writes reach the disks), %s", what[ph]);
  else if (ph < sizeof what / sizeof what[0] && what[ph])
    phase_line (p, "%s", what[ph]);
}

/* Inspect the IMAGEs (read-only, cached) and hand the report over. */
static int
inspect (struct gl_convert *c, const char *disk_format)
{
  struct gl_report *r = gl_report_new ();
  if (!r) {
    gl_error (NULL, "out of memory");
    return -1;
  }
  for (size_t i = 0; i < c->n_images; ++i) {
    struct gl_image *img = gl_image_new (c->images[i]);
    if (!img || gl_image_vector_append (&r->images, img) == -1) {
      gl_image_free (img);
      gl_report_free (r);
      gl_error (NULL, "out of memory");
      return -1;
    }
  }
  struct gl_many_opts many = { .use_cache = true };
  many.inspect.one_guest = c->n_images > 1;
  many.inspect.allow_backing = c->allow_backing;
  many.inspect.disk_format = disk_format;
  many.inspect.appliance_only = gl_appliance_forced;
  struct gl_output_opts out = GL_OUTPUT_OPTS_INIT;
  out.quiet = gl_quiet ();
  many.inspect.note = gl_output_notes;
  many.inspect.keys = c->keys;
  gl_output_start_progress (&out, &many.inspect.progress, &many.inspect.progress_opaque);
  int rc = gl_inspect_many (r->images.ptr, r->images.len, &many);
  gl_output_end_progress ();
  if (rc == -1) {
    gl_report_free (r);
    gl_error (NULL, "out of memory");
    return -1;
  }
  /* Every image that failed is named (the pipeline stops at the first). */
  bool bad = false;
  for (size_t i = 0; i < r->images.len; ++i)
    if (r->images.ptr[i]->error) {
      gl_error (r->images.ptr[i]->path, "%s", r->images.ptr[i]->error);
      bad = true;
    }
  if (bad) {
    gl_report_free (r);
    return -1;
  }
  return gl_convert_take_report (c, r);
}

/* --dry-run: the plan, the outputs, the XML; nothing written. */
static int
dry_run (struct gl_convert *c)
{
  if (gl_convert_dry_plan (c) == -1)
    return -1;
  printf ("Dry run: nothing is changed or written.\n");
  printf ("Guest: %s", c->images[0]);
  for (size_t i = 1; i < c->n_images; ++i)
    printf (" %s", c->images[i]);
  printf ("\n");
  if (c->target->needs_guest_edits)
    gl_devices_print (c->target, c->xen_names, (const char *const *) c->images,
                      c->n_images, stdout);
  CLEANUP_FREE char *boot = gl_convert_boot_text (c);
  printf ("Boot: %s\n", boot ? boot : "?");
  if (gl_plan_print (&c->plan, stdout) == -1)
    return -1;
  printf ("Outputs:\n");
  for (size_t i = 0; i < c->n_images; ++i)
    printf ("  %s%s\n", c->disk_out[i], c->in_place ? " (edited in place)" : "");
  printf ("  %s\n", c->xml_out);
  if (c->direct_boot) {
    printf ("  %s\n", c->kernel_out);
    if (c->kernel->initrd)
      printf ("  %s\n", c->initrd_out);
  }
  printf ("Domain XML:\n");
  fflush (stdout);
  return gl_convert_write_xml (c, stdout);
}

/* The final names, one a line, on stdout. */
static void
print_outputs (const struct gl_convert *c)
{
  for (size_t i = 0; !c->in_place && i < c->n_images; ++i)
    printf ("%s\n", c->disk_out[i]);
  printf ("%s\n", c->xml_out);
  if (c->direct_boot) {
    printf ("%s\n", c->kernel_out);
    if (c->kernel->initrd)
      printf ("%s\n", c->initrd_out);
  }
}

/* The pipeline's failure on stderr; returns STATUS. */
static int
failed (const struct gl_convert *c, int status)
{
  gl_error (c->err_subject, "%s", gl_err_msg (&c->err, "out of memory"));
  return status;
}

/* A source NIC on a Xen bridge that a KVM host seldom has: say so, and
 * how to map it (the XML keeps the name, as virt-v2v does). */
static void
warn_xen_bridges (const struct gl_convert *c)
{
  if (!c->have_sc || strcmp (c->target->domain_type, "kvm") != 0)
    return;
  for (size_t i = 0; i < c->sc.nics.len; ++i) {
    const char *b = c->sc.nics.ptr[i].bridge;
    const char *to = NULL, *net = NULL;
    if (!b || strncmp (b, "xenbr", 5) != 0)
      continue;
    gl_netmap_apply (c->networks, b, NULL, &to, &net);
    if (to && strcmp (to, b) == 0)
      gl_warning (c->source_config, "NIC %zu is on the Xen bridge %s, which a KVM "
                  "host seldom has: map it with -b %s:BRIDGE (or -b BRIDGE)",
                  i + 1, b, b);
  }
}

static int
run (struct gl_convert *c, const char *disk_format, struct phases *ph)
{
  int rc = gl_convert_read_source (c);
  if (rc != GL_EXIT_OK)
    return failed (c, rc);
  warn_xen_bridges (c);
  rc = gl_convert_check (c);
  if (rc != GL_EXIT_OK)
    return failed (c, rc);
  phase_line (ph, "inspecting %zu disk%s", c->n_images, c->n_images == 1 ? "" : "s");
  if (inspect (c, disk_format) == -1)
    return c->err.msg ? failed (c, GL_EXIT_ERROR) : GL_EXIT_ERROR;
  if (gl_convert_prepare (c) == -1)
    return failed (c, GL_EXIT_ERROR);
  if (c->dry_run)
    return dry_run (c) == -1 ? failed (c, GL_EXIT_ERROR) : GL_EXIT_OK;
  if (gl_convert_run (c) == -1)
    return failed (c, GL_EXIT_ERROR);
  phase_line (ph, "finished");
  print_outputs (c);
  return GL_EXIT_OK;
}

int
gl_cmd_convert (int argc, char **argv)
{
  enum { OPT_TO = 256, OPT_FORMAT, OPT_SOURCE, OPT_NAME, OPT_KERNEL,
         OPT_DIRECT, OPT_DRY, OPT_INPLACE, OPT_CMD_TIMEOUT,
         OPT_ALLOW_BACKING, OPT_DROP_DISK };
  static const struct option longopts[] = {
    { "to", required_argument, NULL, OPT_TO },
    { "output-dir", required_argument, NULL, 'o' },
    { "output-format", required_argument, NULL, OPT_FORMAT },
    { "source-config", required_argument, NULL, OPT_SOURCE },
    { "name", required_argument, NULL, OPT_NAME },
    { "kernel", required_argument, NULL, OPT_KERNEL },
    { "direct-boot", no_argument, NULL, OPT_DIRECT },
    { "dry-run", no_argument, NULL, OPT_DRY },
    { "in-place", no_argument, NULL, OPT_INPLACE },
    { "command-timeout", required_argument, NULL, OPT_CMD_TIMEOUT },
    { "allow-backing-file", no_argument, NULL, OPT_ALLOW_BACKING },
    GL_APPLIANCE_LONGOPT,
    { "drop-disk", required_argument, NULL, OPT_DROP_DISK },
    { "bridge", required_argument, NULL, 'b' },
    { "network", required_argument, NULL, 'n' },
    { "quiet", no_argument, NULL, 'q' },
    GL_KEY_LONGOPTS,
    GL_INPUT_LONGOPTS,
    GL_COMMON_LONGOPTS,
    { "help", no_argument, NULL, 'h' },
    { NULL, 0, NULL, 0 }
  };
  CLEANUP_LUKS_KEYS struct gl_luks_keys keys = { empty_vector, empty_vector };
  struct gl_convert c = { .notes = &gl_output_notes, .keys = &keys };
  gl_convert_init (&c);
  struct gl_inputs in = { .cmd = "convert" };
  struct gl_common_opts co = { .cmd = "convert", .in = &in, .keys = &keys };
  struct gl_netmap nets = GL_NETMAP_INIT;
  CLEANUP_FREE const char **drop_list = NULL;
  int opt, status = GL_EXIT_USAGE;

  optind = 1;
  while ((opt = getopt_long (argc, argv, "o:qhb:n:" GL_INPUT_SHORTOPTS GL_COMMON_SHORTOPTS,
                             longopts, NULL)) != -1) {
    switch (opt) {
    case OPT_TO:
      if (!(c.target = gl_target_option ("convert", optarg)))
        goto out;
      break;
    case 'o': c.dir = optarg; break;
    case OPT_FORMAT:
      if (gl_disk_format_option ("convert", optarg) == -1)
        goto out;
      c.format = optarg;
      break;
    case OPT_SOURCE: c.source_config = optarg; break;
    case OPT_NAME:
      if (!gl_guest_name_valid (optarg)) {
        gl_error (NULL, "convert: --name %s: use 1-%d of A-Z a-z 0-9 _ . - "
                  "(not starting with a dot)", optarg, GL_GUEST_NAME_MAX);
        goto out;
      }
      c.name_opt = optarg;
      break;
    case OPT_KERNEL: c.kernel_opt = optarg; break;
    case OPT_DIRECT: c.direct_boot = true; break;
    case OPT_DRY: c.dry_run = true; break;
    case OPT_INPLACE: c.in_place = true; break;
    case OPT_CMD_TIMEOUT: {
      char *end;
      errno = 0;
      long v = strtol (optarg, &end, 10);
      if (errno || end == optarg || *end || v < 1 || v > GL_GUEST_COMMAND_TIMEOUT_MAX_S) {
        gl_error (NULL, "convert: --command-timeout %s: give a number of seconds "
                  "from 1 to %d", optarg, GL_GUEST_COMMAND_TIMEOUT_MAX_S);
        goto out;
      }
      c.command_timeout = (int) v;
      break;
    }
    case OPT_ALLOW_BACKING: c.allow_backing = true; break;
    case OPT_DROP_DISK:
      /* At most argc of them: the list lives in drop_list. */
      if (!drop_list && !(drop_list = calloc ((size_t) argc + 1, sizeof *drop_list))) {
        gl_error (NULL, "out of memory");
        status = GL_EXIT_ERROR;
        goto out;
      }
      drop_list[c.n_drop++] = optarg;
      c.drop = drop_list;
      break;
    case 'b': case 'n': {
      int st = gl_netmap_option ("convert", &nets, opt, optarg);
      if (st != GL_EXIT_OK) {
        status = st;
        goto out;
      }
      break;
    }
    default:
      if (gl_common_option (&co, opt, optarg) == -1) {
        status = co.status;
        goto out;
      }
    }
  }
  if (!c.target) {
    CLEANUP_FREE char *names = gl_target_names ("|", "|");
    gl_error (NULL, "convert: --to %s is required (try guestlift convert --help)",
              names ? names : "TARGET");
    goto out;
  }
  if (co.keys_from_stdin && gl_keys_from_stdin (&keys) == -1)
    goto out;
  if (in.domain && c.source_config) {
    gl_error (NULL, "convert: -d %s and --source-config %s: give one source",
              in.domain, c.source_config);
    goto out;
  }
  if (optind >= argc && !in.images.len && !c.source_config && !in.domain) {
    gl_error (NULL, "convert: no IMAGE given, and no --source-config or -d DOMAIN "
              "to take the disks from (try guestlift convert --help)");
    goto out;
  }
  if (c.n_drop && !c.source_config && !in.domain) {
    gl_error (NULL, "convert: --drop-disk names a disk of --source-config, "
              "which is not given");
    goto out;
  }
  status = gl_inputs_finish (&in, argc, argv, false);
  if (status != GL_EXIT_OK)
    goto out;
  if (in.have_domain_config) {
    /* The domain's definition is the source config (moved: the pipeline
     * frees it). */
    c.sc = in.domain_config;
    c.have_sc = true;
    in.have_domain_config = false;
    c.source_config = in.domain;
  }
  c.images = in.images.ptr;
  c.n_images = in.images.len;
  c.networks = &nets;

  if (!c.dry_run && gl_outputs_install_signals () == -1) {
    gl_error (NULL, "convert: cannot install signal handlers: %m");
    status = GL_EXIT_ERROR;
    goto out;
  }
  struct phases ph = { .on = !gl_quiet () && isatty (STDERR_FILENO) };
  ph.start = gl_now ();
  c.phase = phase_cb;
  c.phase_opaque = &ph;
  status = run (&c, gl_inputs_format (&in), &ph);
 out:
  gl_convert_free (&c);
  gl_inputs_free (&in);
  gl_netmap_free (&nets);
  return status;
}
