/* guestlift launch: boot a guest with direct kernel boot (KVM/QEMU,
 * libvirt, Xen) -- its own kernel and initrd, taken out of the image and
 * kept in the kernel cache -- and, with --wait-for, tell by the exit
 * status whether it booted. */
#include <config.h>

#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "backend.h"
#include "buf.h"
#include "cleanup.h"
#include "cmdline.h"
#include "domain-file.h"
#include "error.h"
#include "inputs.h"
#include "gl-limits.h"
#include "kernel-cache.h"
#include "launch.h"
#include "output.h"
#include "parallel.h"
#include "report.h"
#include "report-cleanup.h"
#include "common-opts.h"
#include "subcommands.h"
#include "watch.h"

/* --help: the --via entry between these two comes from the backend
 * table (gl_usage_launch). */
static const char usage_head[] =
  "Usage: guestlift launch [OPTIONS] IMAGE...\n"
  "       guestlift launch [OPTIONS] -a IMAGE [-a IMAGE]...\n"
  "       guestlift launch [OPTIONS] [-c URI] -d DOMAIN\n"
  "       guestlift launch [OPTIONS] DOMAIN.xml\n"
  "\n"
  "Boot a guest with direct kernel boot: its own kernel and initrd are taken\n"
  "out of the image (once: they are cached per image and kernel version)\n"
  "and given to the hypervisor with the command line of the guest's default\n"
  "boot entry (its root=, its options) and the hypervisor's console added;\n"
  "for another kernel, or a guest without a boot entry, one built from\n"
  "inspection (root=UUID=..., ro, the console).  Several IMAGEs are the\n"
  "disks of one guest.  A DOMAIN.xml (e.g. written by convert) boots as it\n"
  "says: its <kernel>/<initrd>/<cmdline>, else BIOS through its boot disk;\n"
  "its disks, memory and vCPUs (--via libvirt: started as it is).\n"
  "\n"
  "Options:\n"
  "  --hypervisor H     auto (default: kvm) | kvm (TCG when KVM cannot run\n"
  "                     guests here) | qemu (TCG) | xen-hvm | xen-pv\n";
static const char usage_tail[] =
  "  --kernel VERSION   boot this kernel (default: the recommended one;\n"
  "                     for xen-pv the guest's default kernel)\n"
  "  --append ARGS      add ARGS to the end of the kernel command line\n"
  "  --cmdline ARGS     the whole kernel command line instead\n"
  "  --memory MiB       guest memory (default 1024)\n"
  "  --vcpus N          virtual CPUs (default 1)\n"
  "  --snapshot         throw away everything the guest writes\n"
  "  --serial-log FILE  copy the serial console to FILE\n"
  "  --wait-for REGEX   wait for REGEX (pcre2) on the serial console, then\n"
  "                     stop the guest: exit 0 when it came, 1 when not;\n"
  "                     an initramfs shell, a panic, a root that cannot be\n"
  "                     mounted or emergency mode stop it at once (exit 1)\n"
  "  --timeout SECONDS  give up after SECONDS (default with --wait-for: 300)\n"
  "  --dry-run          print the qemu command line (or the libvirt XML, or\n"
  "                     the xl.cfg) after a comment naming the kernel and\n"
  "                     where the command line came from; start nothing\n"
  "  -a, --add IMAGE    a disk of the guest (as IMAGE; repeatable)\n"
  "  -d, --domain DOMAIN  boot the disks of the libvirt domain DOMAIN (read\n"
  "                     from libvirt, read-only) as IMAGEs are booted\n"
  "  -c, --connect URI  libvirt connection of -d (default: libvirt's, e.g.\n"
  "                     LIBVIRT_DEFAULT_URI)\n"
  "  --allow-backing-file  follow the backing file (data file, vmdk extents)\n"
  "                     an IMAGE names; without it such an image is refused\n"
  GL_KEY_USAGE
  "  --appliance        inspect with the libguestfs appliance only (by\n"
  "                     default an IMAGE the host-side reader can read is\n"
  "                     inspected on the host)\n"
  "  -q, --quiet        no notices on stderr\n"
  "  -v, --verbose      libguestfs and guestlift debug messages on stderr\n"
  "                     (as LIBGUESTFS_DEBUG=1 GUESTLIFT_DEBUG=1)\n"
  "  -x                 trace every libguestfs call on stderr (as\n"
  "                     LIBGUESTFS_TRACE=1)\n"
  "  -V, --version      print the version and exit\n"
  "  -h, --help         this help\n"
  "\n"
  "Without --wait-for the guest runs in the foreground, its serial console\n"
  "on stdout, until it powers off.  The guest is stopped whatever happens\n"
  "(Ctrl-C included).  Without --snapshot the guest writes to the IMAGE.\n"
  "\n"
  "Example, a boot test in a migration script:\n"
  "  guestlift convert --to kvm --name web01 -o out in.img &&\n"
  "  guestlift launch --snapshot --wait-for 'login:' --timeout 300 \\\n"
  "    out/web01.xml\n"
  "\n"
  "Exit status: 0 booted (the pattern came, or the guest ran and powered\n"
  "off); 1 it did not, or something failed; 2 usage error; 130 interrupted.\n";

/* The --via entry of --help: each backend's words (its row's help), " |"
 * between them, wrapped at 78 columns as the other entries are. */
static int
via_usage (struct gl_buf *b)
{
  static const char opt[] = "  --via B            ";
  const size_t indent = sizeof opt - 1, width = 78;
  size_t col = indent;
  if (gl_buf_puts (b, opt) == -1)
    return -1;
  for (size_t i = 0; gl_launch_backends[i]; ++i) {
    bool last = gl_launch_backends[i + 1] == NULL;
    const char *words = gl_launch_backends[i]->help;
    size_t len = strlen (words) + (last ? 0 : 2);
    if (col > indent && col + 1 + len > width) {
      if (gl_buf_printf (b, "\n%*s", (int) indent, "") == -1)
        return -1;
      col = indent;
    }
    if (gl_buf_printf (b, "%s%s%s", col > indent ? " " : "", words,
                       last ? "" : " |") == -1)
      return -1;
    col += (col > indent ? 1 : 0) + len;
  }
  return gl_buf_puts (b, "\n");
}

char *
gl_usage_launch (void)
{
  CLEANUP_BUF struct gl_buf b = GL_BUF_INIT;
  if (gl_buf_puts (&b, usage_head) == -1 || via_usage (&b) == -1 ||
      gl_buf_puts (&b, usage_tail) == -1)
    return NULL;
  return gl_buf_steal (&b);
}


enum { OPT_HV = 256, OPT_VIA, OPT_KERNEL, OPT_APPEND, OPT_CMDLINE, OPT_MEMORY,
       OPT_VCPUS, OPT_SNAPSHOT, OPT_SERIAL_LOG, OPT_WAIT_FOR, OPT_TIMEOUT,
       OPT_DRY_RUN, OPT_ALLOW_BACKING };

struct launch_opts {
  enum gl_hypervisor hv;
  const char *via, *kernel, *append, *cmdline, *serial_log, *wait_for;
  unsigned memory, vcpus, timeout;
  bool timeout_set, snapshot, dry_run, allow_backing, memory_set, vcpus_set;
  struct gl_matcher *matcher;   /* --wait-for, compiled once */
  const struct gl_luks_keys *keys;  /* --key, --keys-from-stdin */
};

static int
parse_uint (const char *opt, const char *s, unsigned lo, unsigned hi,
            unsigned *out)
{
  char *end;
  errno = 0;
  unsigned long v = strtoul (s, &end, 10);
  if (!*s || *end || errno || *s == '-' || v < lo || v > hi) {
    gl_error (NULL, "launch: %s: expected a number from %u to %u, not \"%s\"",
              opt, lo, hi, s);
    return -1;
  }
  *out = (unsigned) v;
  return 0;
}

/* A domain / VM name from the image file name: letters, digits, . _ -. */
static char *
vm_name (const char *path)
{
  const char *base = strrchr (path, '/');
  base = base ? base + 1 : path;
  char clean[49];
  size_t n = 0;
  for (const char *p = base; *p && n < sizeof clean - 1; ++p) {
    char c = *p;
    clean[n++] = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
      (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.' ? c : '_';
  }
  clean[n] = '\0';
  char *dot = strrchr (clean, '.');
  if (dot && dot != clean)
    *dot = '\0';
  /* The pid keeps two launches of one image apart (libvirt names are
   * unique per host). */
  return gl_printf ("guestlift-%s-%ld", n ? clean : "guest", (long) getpid ());
}

/* On a Xen dom0, "auto" means Xen. */
static bool
xen_dom0 (void)
{
  CLEANUP_FCLOSE FILE *fp = fopen ("/proc/xen/capabilities", "re");
  char line[256];
  return fp && fgets (line, sizeof line, fp) && strstr (line, "control_d");
}

/* WHAT is booted, for the notice ("kernel 6.1.0-9-amd64"). */
/* A backend's exit STATUS, its reason (ERR) printed when it failed. */
static int
backend_said (const struct gl_launch_spec *spec, int status, const struct gl_err *err)
{
  if (status != GL_EXIT_OK && err->msg)
    gl_error (spec->subject, "launch: %s", err->msg);
  return status;
}

static int
run_backend (const struct gl_launch_backend *be, const struct gl_launch_spec *spec,
             const struct launch_opts *lo, const char *what)
{
  CLEANUP_ERR struct gl_err err = GL_ERR_INIT;
  if (lo->dry_run)
    return backend_said (spec, be->dry_run (spec, stdout, &err), &err);

  struct gl_watch_opts w = {
    .pattern = lo->wait_for, .matcher = lo->matcher,
    .echo = lo->wait_for == NULL, .progress = !gl_quiet (),
    .timeout_s = lo->timeout_set ? lo->timeout : lo->wait_for ? GL_BOOT_WAIT_TIMEOUT_S : 0,
  };
  if (lo->serial_log) {
    w.serial_log = fopen (lo->serial_log, "we");
    if (!w.serial_log) {
      gl_error (lo->serial_log, "launch: --serial-log: %s", strerror (errno));
      return GL_EXIT_ERROR;
    }
  }
  CLEANUP_FREE char *runs = be->describe (spec);
  gl_notice ("%s: booting %s with %s%s", spec->subject, what,
             runs ? runs : be->name,
             lo->wait_for ? ", watching the console" : "");
  gl_watch_signals ();
  int status = backend_said (spec, be->run (spec, &w, &err), &err);
  if (w.serial_log && fclose (w.serial_log) == EOF) {
    gl_error (lo->serial_log, "launch: --serial-log: %s", strerror (errno));
    if (status == 0)
      status = GL_EXIT_ERROR;
  }
  if (status == 0 && lo->wait_for)
    gl_notice ("%s: \"%s\" appeared on the console: the guest boots",
               spec->subject, lo->wait_for);
  return status;
}

/* Launch a DOMAIN.xml: booted as it says (qemu) or started as it is
 * (libvirt). */
static int
launch_domain_xml (const char *path, const char *name,
                   const struct launch_opts *lo)
{
  const struct gl_launch_backend *be = lo->via ? gl_backend_find (lo->via)
    : gl_backend_domain_xml_default ();
  if (!be || be->domain_xml == GL_DOMXML_NONE) {
    CLEANUP_FREE char *names = gl_backend_names (GL_HV_AUTO, true);
    gl_error (path, "launch: a DOMAIN.xml is launched --via %s, not --via %s",
              names ? names : "?", lo->via);
    return GL_EXIT_USAGE;
  }
  if (lo->kernel || lo->append || lo->cmdline || lo->memory_set || lo->vcpus_set) {
    gl_error (path, "launch: a DOMAIN.xml boots as it says: --kernel, "
              "--append, --cmdline, --memory and --vcpus do not apply");
    return GL_EXIT_USAGE;
  }
  if (lo->snapshot && !be->domain_xml_snapshot) {
    gl_error (path, "launch: --via %s starts a DOMAIN.xml as it is: --snapshot "
              "does not apply", be->name);
    return GL_EXIT_USAGE;
  }
  if (lo->hv != GL_HV_AUTO && !gl_backend_launches (be, lo->hv)) {
    gl_error (path, "launch: --via %s does not boot a DOMAIN.xml on %s", be->name,
              gl_hypervisor_name (lo->hv));
    return GL_EXIT_USAGE;
  }
  struct gl_launch_spec spec = {
    .hv = lo->hv == GL_HV_QEMU ? GL_HV_QEMU : GL_HV_KVM,
    .name = name ? name : "guestlift-domain", .snapshot = lo->snapshot,
    .allow_backing = lo->allow_backing,
    .domain_xml = path, .subject = path, .note = gl_output_notes,
  };
  if (be->domain_xml == GL_DOMXML_AS_IS)
    return run_backend (be, &spec, lo, "the domain");

  struct gl_domain_boot b;
  CLEANUP_FREE char *origin = NULL;
  CLEANUP_ERR struct gl_err err = GL_ERR_INIT;
  if (gl_domain_boot_read (path, &b, &err) == -1) {
    gl_error (path, "launch: %s", err.msg);
    return GL_EXIT_ERROR;
  }
  size_t boot = 0;
  while (boot < b.n_disks && !b.disks[boot].boot)
    boot++;
  if (b.kernel)
    origin = gl_printf ("%s: direct kernel boot as its XML says: <kernel> %s, "
                        "<initrd> %s, <cmdline> \"%s\"", path, b.kernel,
                        b.initrd ? b.initrd : "(none)", b.cmdline ? b.cmdline : "");
  else
    origin = gl_printf ("%s: BIOS boot as its XML says: the boot code of disk "
                        "%zu (%s)", path, boot + 1, b.disks[boot].path);
  if (b.tcg)
    spec.hv = GL_HV_QEMU;
  spec.name = b.name ? b.name : spec.name;
  spec.disks = b.disks;
  spec.n_disks = b.n_disks;
  spec.kernel = b.kernel;
  spec.initrd = b.initrd;
  spec.cmdline = b.cmdline;
  spec.machine = b.machine;
  spec.memory_mib = b.memory_mib;
  spec.vcpus = b.vcpus;
  spec.origin = origin;
  int status = origin ? run_backend (be, &spec, lo, b.kernel
                                     ? "the domain (direct kernel boot)"
                                     : "the domain (BIOS boot)")
    : GL_EXIT_ERROR;
  if (!origin)
    gl_error (NULL, "out of memory");
  gl_domain_boot_free (&b);
  return status;
}

/* The first operating system of the guest that has a kernel. */
static const struct gl_os *
pick_os (const struct gl_image *img)
{
  const struct gl_os *first = NULL;
  for (size_t i = 0; i < img->oses.len; ++i) {
    if (img->oses.ptr[i]->kernels.len)
      return img->oses.ptr[i];
    if (!first)
      first = img->oses.ptr[i];
  }
  return first;
}

static const char *
root_device (const struct gl_os *os)
{
  for (size_t i = 0; i < os->mountpoints.len; ++i)
    if (strcmp (os->mountpoints.ptr[i].mountpoint, "/") == 0)
      return os->mountpoints.ptr[i].device;
  return os->root;
}

static int
launch_images (char **paths, size_t n, struct launch_opts *lo)
{
  const char *subject = paths[0];
  CLEANUP_REPORT struct gl_report *r = gl_report_new_for_paths (paths, n);
  if (!r) {
    gl_error (NULL, "out of memory");
    return GL_EXIT_ERROR;
  }
  int status = GL_EXIT_ERROR;
  struct gl_kernel_files kf = { 0 };
  /* (All cleanups are declared here: the gotos below jump past.) */
  CLEANUP_FREE char *cmdline = NULL, *name = NULL, *origin = NULL, *what = NULL;
  CLEANUP_ERR struct gl_err err = GL_ERR_INIT;
  CLEANUP_FREE struct gl_launch_disk *disks = calloc (n, sizeof *disks);
  char **real = calloc (n, sizeof *real);
  if (!disks || !real) {
    gl_error (NULL, "out of memory");
    goto out;
  }

  /* 1. Inspection (cached: a re-launch inspects nothing). */
  struct gl_many_opts many = { .use_cache = true };
  many.inspect.one_guest = n > 1;
  many.inspect.allow_backing = lo->allow_backing;
  many.inspect.appliance_only = gl_appliance_forced;
  many.inspect.note = gl_output_notes;
  many.inspect.keys = lo->keys;
  if (gl_inspect_many (r->images.ptr, n, &many) == -1) {
    gl_error (NULL, "out of memory");
    goto out;
  }
  for (size_t i = 0; i < n; ++i)
    if (r->images.ptr[i]->error) {
      gl_error (r->images.ptr[i]->path, "launch: %s", r->images.ptr[i]->error);
      goto out;
    }
  struct gl_image *img = r->images.ptr[0];
  const struct gl_os *os = pick_os (img);
  if (!os) {
    gl_error (subject, "launch: no operating system found in the image");
    goto out;
  }
  if (os->kernels.len == 0) {
    gl_error (subject, "launch: the guest has no kernel to boot");
    goto out;
  }

  /* 2. The hypervisor and the kernel. */
  if (lo->hv == GL_HV_AUTO) {
    lo->hv = GL_HV_KVM;
    if (xen_dom0 ())
      lo->hv = os->kvm.recommended_kernel ? GL_HV_XEN_HVM : GL_HV_XEN_PV;
  }
  const struct gl_kernel *k = gl_kernel_pick (os, lo->kernel, lo->hv, &err);
  if (!k) {
    gl_error (subject, "launch: %s", err.msg);
    goto out;
  }
  if (k->xen_pv_only == GL_TRUE && lo->hv != GL_HV_XEN_PV)
    gl_warning (subject, "kernel %s is Xen PV-only (%s): it cannot boot on %s",
                k->version, k->xen_pv_only_evidence ? k->xen_pv_only_evidence : "",
                gl_hypervisor_name (lo->hv));

  /* 3. Its files: from the cache, else out of the image (one appliance);
   *    --dry-run only names them. */
  int fr = lo->dry_run
    ? gl_kernel_cache_locate (r->images.ptr, n, lo->allow_backing, k, &kf, &err)
    : gl_kernel_cache_fetch (r->images.ptr, n, lo->allow_backing, os, k, &kf,
                             lo->keys, &gl_output_notes, &err);
  if (fr == -1) {
    gl_error (subject, "launch: kernel %s: %s", k->version, err.msg);
    goto out;
  }
  if (lo->dry_run && !kf.cached)
    gl_notice ("%s: kernel %s is not extracted yet: a launch copies it to %s",
               subject, k->version, kf.dir);

  /* 4. The command line: the guest's own default entry's when it boots
   *    that kernel, else one of our own naming the root filesystem. */
  struct gl_cmdline_opts co = {
    .target = gl_hypervisor_target (lo->hv),
    .root_uuid = kf.root_uuid, .root_label = kf.root_label,
    .root_device = root_device (os),
    .append = lo->append, .replace = lo->cmdline,
  };
  bool own_entry = !lo->cmdline && k->is_default && os->default_cmdline;
  cmdline = own_entry
    ? gl_cmdline_from_entry (co.target, os->default_cmdline, lo->append, &err)
    : gl_cmdline_build (&co, &err);
  if (!cmdline) {
    gl_error (subject, "launch: %s", err.msg);
    goto out;
  }
  const char *console = co.target->console;
  origin = lo->cmdline
    ? gl_printf ("kernel %s (%s) of %s; command line: --cmdline", k->version,
                 k->vmlinuz ? k->vmlinuz : "?", subject)
    : own_entry
    ? gl_printf ("kernel %s (%s) of %s; command line: the guest's default boot "
                 "entry (%s) with console=%s%s", k->version,
                 k->vmlinuz ? k->vmlinuz : "?", subject,
                 os->bootloader.config ? os->bootloader.config : "?", console,
                 lo->append ? " and --append" : "")
    : gl_printf ("kernel %s (%s) of %s; command line: built by launch (the "
                 "root filesystem, ro, console=%s%s): %s", k->version,
                 k->vmlinuz ? k->vmlinuz : "?", subject, console,
                 lo->append ? ", --append" : "",
                 !os->default_cmdline ? "the guest has no default boot entry"
                 : "the guest's default boot entry boots another kernel");
  if (!origin) {
    gl_error (NULL, "out of memory");
    goto out;
  }

  /* 5. The backend. */
  const struct gl_launch_backend *be = lo->via ? gl_backend_find (lo->via)
    : gl_backend_default (lo->hv);
  if (!be || !gl_backend_launches (be, lo->hv)) {
    CLEANUP_FREE char *names = gl_backend_names (lo->hv, false);
    gl_error (NULL, "launch: --via %s cannot launch a %s guest (use %s)",
              lo->via, gl_hypervisor_name (lo->hv), names ? names : "?");
    status = GL_EXIT_USAGE;
    goto out;
  }
  for (size_t i = 0; i < n; ++i) {
    real[i] = realpath (r->images.ptr[i]->path, NULL);
    if (!real[i]) {
      gl_error (r->images.ptr[i]->path, "launch: %s", strerror (errno));
      goto out;
    }
    disks[i].path = real[i];
    disks[i].format = r->images.ptr[i]->format ? r->images.ptr[i]->format : "raw";
  }
  name = vm_name (subject);
  if (!name) {
    gl_error (NULL, "out of memory");
    goto out;
  }
  struct gl_launch_spec spec = {
    .hv = lo->hv, .name = name, .disks = disks, .n_disks = n,
    .kernel = kf.vmlinuz, .initrd = kf.initrd, .cmdline = cmdline,
    .memory_mib = lo->memory, .vcpus = lo->vcpus, .snapshot = lo->snapshot,
    .allow_backing = lo->allow_backing, .origin = origin,
    .subject = subject, .note = gl_output_notes,
  };
  what = gl_printf ("kernel %s", k->version);
  status = run_backend (be, &spec, lo, what ? what : "the guest");
 out:
  for (size_t i = 0; real && i < n; ++i)
    free (real[i]);
  free (real);
  gl_kernel_files_free (&kf);
  return status;
}

static const struct option longopts[] = {
  { "hypervisor", required_argument, NULL, OPT_HV },
  { "via", required_argument, NULL, OPT_VIA },
  { "kernel", required_argument, NULL, OPT_KERNEL },
  { "append", required_argument, NULL, OPT_APPEND },
  { "cmdline", required_argument, NULL, OPT_CMDLINE },
  { "memory", required_argument, NULL, OPT_MEMORY },
  { "vcpus", required_argument, NULL, OPT_VCPUS },
  { "snapshot", no_argument, NULL, OPT_SNAPSHOT },
  { "serial-log", required_argument, NULL, OPT_SERIAL_LOG },
  { "wait-for", required_argument, NULL, OPT_WAIT_FOR },
  { "timeout", required_argument, NULL, OPT_TIMEOUT },
  { "dry-run", no_argument, NULL, OPT_DRY_RUN },
  { "allow-backing-file", no_argument, NULL, OPT_ALLOW_BACKING },
  GL_APPLIANCE_LONGOPT,
  { "quiet", no_argument, NULL, 'q' },
  GL_KEY_LONGOPTS,
  GL_INPUT_DISK_LONGOPTS,
  GL_COMMON_LONGOPTS,
  { "help", no_argument, NULL, 'h' },
  { NULL, 0, NULL, 0 }
};

/* The command, with IN (the disks) held by the caller. */
static int
launch_main (struct gl_inputs *in, int argc, char **argv)
{
  CLEANUP_LUKS_KEYS struct gl_luks_keys keys = { empty_vector, empty_vector };
  struct launch_opts lo = { .hv = GL_HV_AUTO, .memory = GL_GUEST_MEMORY_MIB, .vcpus = 1,
                            .keys = &keys };
  struct gl_common_opts co = { .cmd = "launch", .in = in, .keys = &keys };
  int c;

  optind = 1;
  while ((c = getopt_long (argc, argv, "qh" GL_INPUT_SHORTOPTS GL_COMMON_SHORTOPTS,
                           longopts, NULL)) != -1) {
    switch (c) {
    case OPT_HV:
      if (gl_hypervisor_parse (optarg, &lo.hv) == -1) {
        gl_error (NULL, "launch: --hypervisor: auto, kvm, qemu, xen-hvm or "
                  "xen-pv, not \"%s\"", optarg);
        return GL_EXIT_USAGE;
      }
      break;
    case OPT_VIA:
      if (!gl_backend_find (optarg)) {
        CLEANUP_FREE char *names = gl_backend_names (GL_HV_AUTO, false);
        gl_error (NULL, "launch: --via: %s, not \"%s\"", names ? names : "?", optarg);
        return GL_EXIT_USAGE;
      }
      lo.via = optarg;
      break;
    case OPT_KERNEL: lo.kernel = optarg; break;
    case OPT_APPEND: lo.append = optarg; break;
    case OPT_CMDLINE: lo.cmdline = optarg; break;
    case OPT_MEMORY:
      if (parse_uint ("--memory", optarg, 64, 1024 * 1024, &lo.memory) == -1)
        return GL_EXIT_USAGE;
      lo.memory_set = true;
      break;
    case OPT_VCPUS:
      if (parse_uint ("--vcpus", optarg, 1, 4096, &lo.vcpus) == -1)
        return GL_EXIT_USAGE;
      lo.vcpus_set = true;
      break;
    case OPT_SNAPSHOT: lo.snapshot = true; break;
    case OPT_SERIAL_LOG: lo.serial_log = optarg; break;
    case OPT_WAIT_FOR: lo.wait_for = optarg; break;
    case OPT_TIMEOUT:
      if (parse_uint ("--timeout", optarg, 1, 7 * 24 * 3600, &lo.timeout) == -1)
        return GL_EXIT_USAGE;
      lo.timeout_set = true;
      break;
    case OPT_DRY_RUN: lo.dry_run = true; break;
    case OPT_ALLOW_BACKING: lo.allow_backing = true; break;
    default:
      if (gl_common_option (&co, c, optarg) == -1)
        return co.status;
    }
  }
  if (gl_inputs_given (in, argc) == -1)
    return GL_EXIT_USAGE;
  /* A domain XML file stays an argument of its own (not with -a). */
  bool args_only = !in->images.len && !in->domain;
  if (lo.append && lo.cmdline) {
    gl_error (NULL, "launch: --append and --cmdline do not go together "
              "(--cmdline replaces the whole command line)");
    return GL_EXIT_USAGE;
  }
  if (co.keys_from_stdin && gl_keys_from_stdin (&keys) == -1)
    return GL_EXIT_USAGE;
  /* An invalid regex is a usage error, found before anything starts. */
  if (lo.wait_for) {
    CLEANUP_ERR struct gl_err err = GL_ERR_INIT;
    lo.matcher = gl_matcher_new (lo.wait_for, &err);
    if (!lo.matcher) {
      gl_error (NULL, "launch: --wait-for: invalid regular expression: %s",
                gl_err_msg (&err, "out of memory"));
      return GL_EXIT_USAGE;
    }
  }

  int status = gl_inputs_finish (in, argc, argv, true);
  if (status != GL_EXIT_OK) {
    gl_matcher_free (lo.matcher);
    return status;
  }
  CLEANUP_FREE char *domname = NULL;
  CLEANUP_ERR struct gl_err xml_err = GL_ERR_INIT;
  bool domain_xml = args_only && argc - optind == 1 &&
    gl_libvirt_domain_file (argv[optind], &domname, &xml_err);
  if (xml_err.msg)
    gl_error (argv[optind], "launch: %s", xml_err.msg);
  if (domain_xml)
    status = launch_domain_xml (argv[optind], domname, &lo);
  else if (lo.via && lo.hv != GL_HV_AUTO &&
           !gl_backend_launches (gl_backend_find (lo.via), lo.hv)) {
    CLEANUP_FREE char *names = gl_backend_names (lo.hv, false);
    gl_error (NULL, "launch: --via %s does not launch %s guests (use --via %s)",
              lo.via, gl_hypervisor_name (lo.hv), names ? names : "?");
    status = GL_EXIT_USAGE;
  }
  else
    status = launch_images (in->images.ptr, in->images.len, &lo);
  gl_matcher_free (lo.matcher);
  return status;
}

int
gl_cmd_launch (int argc, char **argv)
{
  struct gl_inputs in = { .cmd = "launch" };
  int status = launch_main (&in, argc, argv);
  gl_inputs_free (&in);
  return status;
}
