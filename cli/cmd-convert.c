/* guestlift convert: a KVM (or Xen HVM / Xen PV) ready copy of a guest
 * and its libvirt domain XML.
 *
 * Order of work, so that a refusal or a failure leaves nothing behind:
 * check the arguments, inspect (read-only), choose the kernel (refuse
 * here), build the domain spec (validate it here), then -- for real --
 * copy the disks to temporary names, edit the copies in one appliance,
 * write the XML, and rename everything at the very end.
 */
#include <config.h>

#include <ctype.h>
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

#include "apply.h"
#include "cleanup.h"
#include "copy.h"
#include "devices.h"
#include "domain-xml.h"
#include "drive-name.h"
#include "error.h"
#include "gl-limits.h"
#include "guest-name.h"
#include "output.h"
#include "output-files.h"
#include "parallel.h"
#include "plan.h"
#include "report.h"
#include "run-files.h"
#include "session.h"
#include "source-config.h"
#include "common-opts.h"
#include "subcommands.h"
#include "target.h"

const char gl_usage_convert[] =
  "Usage: guestlift convert --to kvm|xen-hvm|xen-pv [OPTIONS] IMAGE...\n"
  "       guestlift convert --to TARGET --source-config FILE [OPTIONS]\n"
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
  "                          no NIC); each of its disks needs its IMAGE\n"
  "  --drop-disk VDEV        leave the config's disk VDEV (xvdb) out\n"
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
  "  -q, --quiet             no notices or progress on stderr\n"
  "  -v, --verbose           libguestfs and guestlift debug messages on\n"
  "                          stderr (as LIBGUESTFS_DEBUG=1 GUESTLIFT_DEBUG=1)\n"
  "  -x                      trace every libguestfs call on stderr (as\n"
  "                          LIBGUESTFS_TRACE=1)\n"
  "  -V, --version           print the version and exit\n"
  "  -h, --help              this help\n"
  "\n"
  "Outputs are written under temporary names and renamed at the end: after\n"
  "a failure or an interrupt the output directory holds nothing new.\n"
  "\n"
  "Exit status: 0 converted (or planned, with --dry-run); 1 failure, or\n"
  "refused (e.g. every kernel is Xen PV-only and the target is not\n"
  "xen-pv); 2 usage error.\n";


struct convert {
  const struct gl_target_profile *target;
  const char *dir;
  const char *format;
  const char *source_config;
  const char *name_opt;
  const char *kernel_opt;
  bool direct_boot, dry_run, in_place, allow_backing;
  int command_timeout;       /* seconds, for commands run inside the guest */

  char **images;             /* argv slice, or the source config's disks */
  size_t n_images;
  const char **cfg_images;   /* the config's disks when no IMAGE is given */
  const char **drop;         /* --drop-disk VDEV..., NULL terminated */
  size_t n_drop;
  const char **xen_names;    /* each IMAGE's name on Xen (NULL: default) */
  struct gl_devmap devices;  /* those names -> the target's */
  bool auto_direct;          /* direct boot because the disk cannot boot */
  struct gl_report *report;
  const struct gl_os *os;
  const struct gl_kernel *kernel;
  struct gl_source_config sc;
  bool have_sc;
  char *absdir;
  char *name;
  char **disk_out;           /* final output names (absolute) */
  char *xml_out, *kernel_out, *initrd_out;
  struct gl_plan plan;
};

static int
choose_name (struct convert *c)
{
  if (c->name_opt)
    c->name = strdup (c->name_opt);
  else if (c->have_sc && c->sc.name && c->sc.name[0])
    c->name = gl_guest_name_sanitise (c->sc.name, strlen (c->sc.name));
  if (!c->name && c->os->hostname && c->os->hostname[0])
    c->name = gl_guest_name_sanitise (c->os->hostname, strcspn (c->os->hostname, "."));
  if (!c->name) {
    const char *b = strrchr (c->images[0], '/');
    b = b ? b + 1 : c->images[0];
    const char *dot = strrchr (b, '.');
    c->name = gl_guest_name_sanitise (b, dot && dot != b ? (size_t) (dot - b) : strlen (b));
  }
  if (!c->name)
    c->name = strdup ("guest");
  return c->name ? 0 : -1;
}

/* The kernel and initrd a direct-boot XML names. */
static int
direct_boot_names (struct convert *c)
{
  c->kernel_out = gl_printf ("%s/%s-vmlinuz", c->absdir, c->name);
  c->initrd_out = gl_printf ("%s/%s-initrd", c->absdir, c->name);
  return c->kernel_out && c->initrd_out ? 0 : -1;
}

static int
output_names (struct convert *c)
{
  c->disk_out = calloc (c->n_images + 1, sizeof (char *));
  if (!c->disk_out)
    return -1;
  for (size_t i = 0; i < c->n_images; ++i) {
    if (c->in_place)
      c->disk_out[i] = realpath (c->images[i], NULL);
    else
      c->disk_out[i] = gl_drive_file_name (c->absdir, c->name, (unsigned) i,
                                           c->format);
    if (!c->disk_out[i])
      return -1;
  }
  c->xml_out = gl_printf ("%s/%s.xml", c->absdir, c->name);
  if (!c->xml_out)
    return -1;
  return c->direct_boot ? direct_boot_names (c) : 0;
}

/* How the written XML boots.  A BIOS (kvm, xen-hvm) boots the first
 * disk's sector 0: when it holds no boot code (a bare filesystem, a
 * pygrub guest, an MBR without code), <boot dev="hd"/> would stop at "No
 * bootable device", so the guest's own kernel, initrd and command line
 * are exported beside the disks and booted directly. */
static int
choose_boot (struct convert *c)
{
  if (c->direct_boot || c->target->target == GL_TARGET_XEN_PV || c->plan.boot_code)
    return 0;
  if (!c->kernel->vmlinuz) {
    gl_error (c->images[0], "the boot disk cannot boot on %s (%s) and kernel %s has "
              "no image file to boot directly", c->target->name,
              c->plan.no_boot_code_why, c->kernel->version);
    return -1;
  }
  c->direct_boot = c->auto_direct = true;
  if (direct_boot_names (c) == -1) {
    gl_error (NULL, "out of memory");
    return -1;
  }
  return 0;
}

/* How the XML boots, in one sentence (--dry-run's "Boot:" line and the
 * real run's notice).  malloc'd, NULL on ENOMEM. */
static char *
boot_text (const struct convert *c)
{
  if (c->target->target == GL_TARGET_XEN_PV && !c->direct_boot)
    return gl_printf ("the Xen bootloader (%s) reads the guest's menu",
                      c->have_sc && c->sc.bootloader ? c->sc.bootloader
                      : c->target->default_bootloader);
  if (c->auto_direct)
    return gl_printf ("direct kernel boot: the boot disk %s has no boot code "
                      "(%s), so the domain XML boots the guest's kernel and "
                      "initrd, exported beside the disks, with its own command line",
                      c->images[0], c->plan.no_boot_code_why);
  if (c->direct_boot)
    return gl_printf ("direct kernel boot (--direct-boot): the guest's kernel "
                      "and initrd, exported beside the disks");
  return gl_printf ("BIOS runs the boot disk's boot code (<boot dev=\"hd\"/>)");
}

/* Warn when the command line the guest boots with names a disk it will
 * not have (a name the device map could not rename). */
static void
check_root (const struct convert *c, const char *cmdline)
{
  if (!cmdline || !c->target->needs_guest_edits)
    return;
  CLEANUP_FREE char *bad = gl_devices_unmapped_root (cmdline, c->target, c->n_images);
  if (bad)
    gl_warning (c->images[0], "the guest's kernel command line says %s, which names "
                "no disk of the converted guest: it will not find that device and "
                "will not boot; fix the guest's bootloader entry (or the Xen "
                "config's disk names) and convert again", bad);
}

static const char *
domain_arch (const char *arch)
{
  static const char *const x86_32[] = { "i386", "i486", "i586", "i686" };
  if (!arch)
    return NULL;
  for (size_t i = 0; i < sizeof x86_32 / sizeof x86_32[0]; ++i)
    if (strcmp (arch, x86_32[i]) == 0)
      return "i686";
  return arch;
}

/* The domain spec (borrowing from c; disks and nics in caller arrays). */
static void
build_spec (struct convert *c, struct gl_domain_spec *spec,
            struct gl_domain_disk *disks, struct gl_domain_nic *nics,
            const char *cmdline)
{
  memset (spec, 0, sizeof *spec);
  spec->target = c->target->target;
  spec->name = c->name;
  spec->memory_mib = c->have_sc && c->sc.memory_mib ? c->sc.memory_mib : 1024;
  spec->vcpus = c->have_sc && c->sc.vcpus ? c->sc.vcpus : 1;
  spec->arch = domain_arch (c->os->arch);
  for (size_t i = 0; i < c->n_images; ++i) {
    disks[i] = (struct gl_domain_disk) {
      .path = c->disk_out[i],
      .format = c->in_place ? c->report->images.ptr[i]->format : c->format,
      /* The copies are flattened: only the sources themselves may have
       * a backing chain, and only with the user's opt-in. */
      .backing_allowed = c->in_place && c->allow_backing,
    };
  }
  spec->disks = disks;
  spec->n_disks = c->n_images;
  if (c->have_sc) {
    for (size_t i = 0; i < c->sc.nics.len; ++i)
      nics[i] = (struct gl_domain_nic) {
        .mac = c->sc.nics.ptr[i].mac,
        .bridge = c->sc.nics.ptr[i].bridge,
        .network = c->sc.nics.ptr[i].network,
      };
    spec->nics = nics;
    spec->n_nics = c->sc.nics.len;
    /* Xen's actions carry over where libvirt has them (xl's soft-reset
     * has no libvirt name: the default stays, and run() warned). */
    if (gl_domain_action_valid ("poweroff", c->sc.on_poweroff ? c->sc.on_poweroff : ""))
      spec->on_poweroff = c->sc.on_poweroff;
    if (gl_domain_action_valid ("reboot", c->sc.on_reboot ? c->sc.on_reboot : ""))
      spec->on_reboot = c->sc.on_reboot;
    if (gl_domain_action_valid ("crash", c->sc.on_crash ? c->sc.on_crash : ""))
      spec->on_crash = c->sc.on_crash;
    if (c->target->target == GL_TARGET_XEN_PV && c->sc.bootloader) {
      spec->bootloader = c->sc.bootloader;
      spec->bootloader_args = c->sc.bootloader_args;
    }
  }
  if (c->direct_boot) {
    spec->kernel = c->kernel_out;
    spec->initrd = c->kernel->initrd ? c->initrd_out : NULL;
    spec->cmdline = cmdline;
  }
}

/* Write the domain XML of c to FP (0, or -1 after an error message). */
static int
write_xml (struct convert *c, FILE *fp)
{
  CLEANUP_FREE struct gl_domain_disk *disks = calloc (c->n_images, sizeof *disks);
  size_t nn = c->have_sc ? c->sc.nics.len : 0;
  CLEANUP_FREE struct gl_domain_nic *nics = calloc (nn ? nn : 1, sizeof *nics);
  CLEANUP_FREE char *defcl = NULL;
  const char *cmdline = c->plan.cmdline;
  if (!cmdline && c->direct_boot)
    cmdline = defcl = gl_plan_default_cmdline (c->os, c->target);
  if (!disks || !nics || (c->direct_boot && !cmdline)) {
    gl_error (NULL, "out of memory");
    return -1;
  }
  struct gl_domain_spec spec;
  build_spec (c, &spec, disks, nics, cmdline);
  const char *bad = gl_domain_spec_invalid (&spec);
  if (bad) {
    gl_error (c->images[0], "cannot describe the guest for %s: %s", c->target->name, bad);
    return -1;
  }
  if (gl_domain_xml_write (&spec, fp) == -1) {
    gl_error (c->xml_out, "cannot write the domain XML: %m");
    return -1;
  }
  return 0;
}

/* Inspect the guest (read-only, cached) and pick its OS. */
static int
inspect (struct convert *c)
{
  c->report = gl_report_new ();
  if (!c->report)
    return -1;
  for (size_t i = 0; i < c->n_images; ++i) {
    struct gl_image *img = gl_image_new (c->images[i]);
    if (!img || gl_image_vector_append (&c->report->images, img) == -1) {
      gl_image_free (img);
      gl_error (NULL, "out of memory");
      return -1;
    }
  }
  struct gl_many_opts many = { .use_cache = true };
  many.inspect.one_guest = c->n_images > 1;
  many.inspect.allow_backing = c->allow_backing;
  struct gl_output_opts out = GL_OUTPUT_OPTS_INIT;
  out.quiet = gl_quiet ();
  many.inspect.note = gl_output_notes;
  gl_output_start_progress (&out, &many.inspect.progress, &many.inspect.progress_opaque);
  int rc = gl_inspect_many (c->report->images.ptr, c->report->images.len, &many);
  gl_output_end_progress ();
  if (rc == -1) {
    gl_error (NULL, "out of memory");
    return -1;
  }
  int bad = 0;
  for (size_t i = 0; i < c->report->images.len; ++i) {
    const struct gl_image *img = c->report->images.ptr[i];
    if (img->error) {
      gl_error (img->path, "%s", img->error);
      bad = 1;
    }
  }
  if (bad)
    return -1;
  const struct gl_image *img0 = c->report->images.ptr[0];
  if (img0->oses.len == 0) {
    gl_error (img0->path, "no operating system found: nothing to convert");
    return -1;
  }
  if (img0->oses.len > 1) {
    gl_error (img0->path, "%zu operating systems on these disks: convert handles "
              "a guest with one", img0->oses.len);
    return -1;
  }
  c->os = img0->oses.ptr[0];
  if (!c->os->type || strcmp (c->os->type, "linux") != 0) {
    gl_error (img0->path, "the guest is not Linux (%s): convert handles Linux guests",
              c->os->type ? c->os->type : "unknown");
    return -1;
  }
  return 0;
}

static const char *const *
image_formats (struct convert *c)
{
  static const char *fmts[GL_OUTPUTS_MAX];
  for (size_t i = 0; i < c->n_images && i < GL_OUTPUTS_MAX; ++i)
    fmts[i] = c->report->images.ptr[i]->format;
  return fmts;
}

/* One "edited WHAT" line per change made in the guest, on stderr (the
 * batch layer reads them from the guest's log for its report). */
static void
report_edits (const struct gl_plan *p)
{
  for (size_t i = 0; i < p->edits.len; ++i)
    gl_notice ("edited %s", p->edits.ptr[i].path);
  for (size_t i = 0; i < p->links.len; ++i)
    gl_notice ("edited %s -> %s (symlink renamed)", p->links.ptr[i].from,
               p->links.ptr[i].to);
  if (p->autorelabel)
    gl_notice ("edited /.autorelabel (SELinux relabel at first boot)");
  if (p->initrd_rebuilt && p->initrd_path)
    gl_notice ("edited %s (initrd rebuilt with virtio drivers)", p->initrd_path);
  /* What a bound kept from being edited is a warning even with -q. */
  for (size_t i = 0; i < p->warnings.len; ++i)
    gl_warning (NULL, "%s", p->warnings.ptr[i]);
}

/* --dry-run: the plan, the outputs, the XML; nothing written. */
static int
dry_run (struct convert *c)
{
  char *err = NULL;
  if (c->target->needs_guest_edits || c->direct_boot) {
    struct gl_guest_io *g = gl_session_open ((const char *const *) c->images,
                                             image_formats (c), c->n_images, c->os,
                                             true, &gl_output_notes, &err);
    if (!g) {
      gl_error (c->images[0], "%s", err);
      free (err);
      return -1;
    }
    int rc = gl_plan_build (g, c->os, c->target, c->kernel, &c->devices, &c->plan, &err);
    char *cerr = NULL;
    gl_session_close (g, &cerr);
    free (cerr);
    if (rc == -1) {
      gl_error (c->images[0], "%s", err);
      free (err);
      return -1;
    }
  }
  else {
    c->plan.target = c->target;
    c->plan.kernel = c->kernel;
  }

  if (choose_boot (c) == -1)
    return -1;
  check_root (c, c->plan.cmdline);
  printf ("Dry run: nothing is changed or written.\n");
  printf ("Guest: %s", c->images[0]);
  for (size_t i = 1; i < c->n_images; ++i)
    printf (" %s", c->images[i]);
  printf ("\n");
  if (c->target->needs_guest_edits)
    gl_devices_print (c->target, c->xen_names, (const char *const *) c->images,
                      c->n_images, stdout);
  CLEANUP_FREE char *boot = boot_text (c);
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
  return write_xml (c, stdout);
}

static int
convert_for_real (struct convert *c)
{
  CLEANUP_FREE char **tmp_disk = calloc (c->n_images + 1, sizeof (char *));
  CLEANUP_FREE char *tmp_xml = NULL, *tmp_kernel = NULL, *tmp_initrd = NULL;
  char *err = NULL;
  struct gl_guest_io *g = NULL;
  if (!tmp_disk)
    goto oom;

  /* Reserve every output name first: one that exists stops us before any
   * work is done. */
  const char *want = NULL;
  for (size_t i = 0; !c->in_place && i < c->n_images; ++i)
    if (!(tmp_disk[i] = gl_outputs_reserve (want = c->disk_out[i])))
      goto reserve_failed;
  if (!(tmp_xml = gl_outputs_reserve (want = c->xml_out)))
    goto reserve_failed;
  if (c->direct_boot) {
    if (!(tmp_kernel = gl_outputs_reserve (want = c->kernel_out)))
      goto reserve_failed;
    if (c->kernel->initrd && !(tmp_initrd = gl_outputs_reserve (want = c->initrd_out)))
      goto reserve_failed;
  }

  const char *const *work = (const char *const *) c->images;
  const char *fmts[GL_OUTPUTS_MAX];
  if (c->in_place) {
    gl_warning (NULL, "--in-place: the source images themselves are being "
                "changed; there is no way back without a backup");
    memcpy (fmts, image_formats (c), c->n_images * sizeof fmts[0]);
  }
  else {
    for (size_t i = 0; i < c->n_images; ++i) {
      if (!gl_quiet ())
        gl_notice ("copying %s to %s", c->images[i], c->disk_out[i]);
      if (gl_copy_disk (c->images[i], c->report->images.ptr[i]->format,
                        c->allow_backing, tmp_disk[i], c->format, &err) == -1) {
        gl_error (c->images[i], "cannot copy the disk: %s", err);
        goto fail;
      }
      fmts[i] = c->format;
    }
    work = (const char *const *) tmp_disk;
  }

  if (c->target->needs_guest_edits || c->direct_boot) {
    g = gl_session_open (work, fmts, c->n_images, c->os, false, &gl_output_notes, &err);
    if (!g) {
      gl_error (c->images[0], "%s", err);
      goto fail;
    }
    if (gl_plan_build (g, c->os, c->target, c->kernel, &c->devices, &c->plan, &err) == -1 ||
        gl_plan_apply (g, &c->plan, c->command_timeout, &err) == -1) {
      gl_error (c->images[0], "%s", err);
      goto fail;
    }
    report_edits (&c->plan);
    bool was_direct = c->direct_boot;
    if (choose_boot (c) == -1)
      goto fail;
    if (c->direct_boot && !was_direct &&
        (!(tmp_kernel = gl_outputs_reserve (want = c->kernel_out)) ||
         (c->kernel->initrd && !(tmp_initrd = gl_outputs_reserve (want = c->initrd_out)))))
      goto reserve_failed;
    check_root (c, c->plan.cmdline);
    if (!gl_quiet ()) {
      CLEANUP_FREE char *boot = boot_text (c);
      gl_notice ("boot: %s", boot ? boot : "?");
    }
    if (c->direct_boot &&
        (gl_session_download (g, c->kernel->vmlinuz, tmp_kernel, GL_KERNEL_MAX_BYTES, &err) == -1 ||
         (tmp_initrd &&
          gl_session_download (g, c->kernel->initrd, tmp_initrd, GL_INITRD_MAX_BYTES, &err) == -1))) {
      gl_error (c->images[0], "cannot export the kernel to boot it directly: %s", err);
      goto fail;
    }
    struct gl_guest_io *gg = g;
    g = NULL;
    if (gl_session_close (gg, &err) == -1) {
      gl_error (c->images[0], "%s", err);
      goto fail;
    }
  }
  else {
    c->plan.target = c->target;
    c->plan.kernel = c->kernel;
  }

  FILE *fp = fopen (tmp_xml, "w");
  if (!fp) {
    gl_error (tmp_xml, "cannot write: %m");
    goto fail;
  }
  if (write_xml (c, fp) == -1) {
    fclose (fp);
    goto fail;
  }
  if (fclose (fp) == EOF) {
    gl_error (tmp_xml, "cannot write: %m");
    goto fail;
  }

  const char *failed = NULL;
  if (gl_outputs_commit (&failed) == -1) {
    gl_error (failed, "cannot put the output in place: %m");
    goto fail;
  }
  for (size_t i = 0; !c->in_place && i < c->n_images; ++i)
    printf ("%s\n", c->disk_out[i]);
  printf ("%s\n", c->xml_out);
  if (c->direct_boot) {
    printf ("%s\n", c->kernel_out);
    if (c->kernel->initrd)
      printf ("%s\n", c->initrd_out);
  }
  for (size_t i = 0; i < c->n_images; ++i)
    free (tmp_disk[i]);
  return 0;

 reserve_failed:
  if (errno == EEXIST)
    gl_error (want, "already exists: remove it, or choose another --name or -o DIR");
  else
    gl_error (want, "cannot create a temporary file next to it: %m");
  goto fail;
 oom:
  gl_error (NULL, "out of memory");
 fail:
  if (g) {
    char *cerr = NULL;
    gl_session_close (g, &cerr);
    free (cerr);
  }
  free (err);
  gl_outputs_abort ();
  for (size_t i = 0; tmp_disk && i < c->n_images; ++i)
    free (tmp_disk[i]);
  return -1;
}

static void
convert_free (struct convert *c)
{
  gl_plan_free (&c->plan);
  if (c->have_sc)
    gl_source_config_free (&c->sc);
  gl_report_free (c->report);
  gl_free_string_list (c->disk_out);
  free (c->xml_out);
  free (c->kernel_out);
  free (c->initrd_out);
  free (c->absdir);
  free (c->name);
  free (c->cfg_images);
  free (c->xen_names);
  gl_devmap_free (&c->devices);
}

/* Two names of one file (an IMAGE and a config's disk path). */
static int
same_file (const char *a, const char *b)
{
  struct stat sa, sb;
  return stat (a, &sa) == 0 && stat (b, &sb) == 0 &&
    sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}

/* The source config, the disks to convert (the IMAGEs, or the config's
 * when none is given), the name each has on Xen and their map onto the
 * target's names.  0, or an exit status. */
static int
read_source (struct convert *c)
{
  if (c->source_config) {
    char *err = NULL;
    if (gl_source_config_read (c->source_config, &c->sc, &err) == -1) {
      gl_error (c->source_config, "cannot read the source config: %s",
                err ? err : strerror (errno));
      free (err);
      return GL_EXIT_ERROR;
    }
    c->have_sc = true;
    for (size_t i = 0; i < c->n_drop; ++i) {
      bool known = false;
      for (size_t d = 0; d < c->sc.disks.len && !known; ++d)
        known = strcmp (c->sc.disks.ptr[d].target, c->drop[i]) == 0;
      if (!known) {
        gl_error (c->source_config, "--drop-disk %s: the config has no such disk",
                  c->drop[i]);
        return GL_EXIT_USAGE;
      }
    }
    if (c->n_images == 0) {
      c->cfg_images = gl_devices_from_config (&c->sc, c->drop, &c->n_images);
      if (!c->cfg_images) {
        gl_error (NULL, "out of memory");
        return GL_EXIT_ERROR;
      }
      if (c->n_images == 0) {
        gl_error (c->source_config, "the config names no disk to convert");
        return GL_EXIT_ERROR;
      }
      c->images = (char **) c->cfg_images;
    }
  }
  c->xen_names = calloc (c->n_images + 1, sizeof *c->xen_names);
  if (!c->xen_names) {
    gl_error (NULL, "out of memory");
    return GL_EXIT_ERROR;
  }
  CLEANUP_ERR struct gl_err e = GL_ERR_INIT;
  if (c->have_sc &&
      gl_devices_match (&c->sc, (const char *const *) c->images, c->n_images,
                        c->drop, same_file, c->xen_names, &e) == -1) {
    gl_error (c->source_config, "%s", gl_err_msg (&e, "?"));
    return GL_EXIT_ERROR;
  }
  const struct { const char *event, *action; } actions[] = {
    { "poweroff", c->sc.on_poweroff }, { "reboot", c->sc.on_reboot },
    { "crash", c->sc.on_crash },
  };
  for (size_t i = 0; c->have_sc && i < sizeof actions / sizeof actions[0]; ++i)
    if (actions[i].action && !gl_domain_action_valid (actions[i].event, actions[i].action))
      gl_warning (c->source_config, "on_%s = '%s' has no libvirt equivalent: the "
                  "domain XML keeps libvirt's default", actions[i].event,
                  actions[i].action);
  if (gl_devices_map (c->target, c->have_sc ? c->xen_names : NULL, c->n_images,
                      &c->devices, &e) == -1) {
    gl_error (c->have_sc ? c->source_config : NULL, "%s", gl_err_msg (&e, "?"));
    return GL_EXIT_ERROR;
  }
  return 0;
}

static int
run (struct convert *c)
{
  int rc = read_source (c);
  if (rc != 0)
    return rc;
  /* Arguments the user can fix, before any slow work. */
  if (c->n_images > GL_OUTPUTS_MAX - 3) {
    gl_error (NULL, "convert: too many disks (at most %d)", GL_OUTPUTS_MAX - 3);
    return GL_EXIT_USAGE;
  }
  for (size_t i = 0; i < c->n_images; ++i) {
    struct stat st;
    if (stat (c->images[i], &st) == -1 || access (c->images[i], R_OK) == -1) {
      gl_error (c->images[i], "cannot read it: %m");
      return GL_EXIT_ERROR;
    }
    if (S_ISDIR (st.st_mode)) {
      gl_error (c->images[i], "is a directory, not a disk image");
      return GL_EXIT_ERROR;
    }
    if (c->in_place && !c->dry_run && access (c->images[i], W_OK) == -1) {
      gl_error (c->images[i], "--in-place: cannot write it: %m");
      return GL_EXIT_ERROR;
    }
  }
  struct stat st;
  if (stat (c->dir, &st) == -1 || !S_ISDIR (st.st_mode)) {
    gl_error (c->dir, "the output directory %s",
              errno == ENOENT || !S_ISDIR (st.st_mode) ? "does not exist" : "cannot be used");
    return GL_EXIT_ERROR;
  }
  if (!c->dry_run && access (c->dir, W_OK | X_OK) == -1) {
    gl_error (c->dir, "cannot write to the output directory: %m");
    return GL_EXIT_ERROR;
  }
  c->absdir = realpath (c->dir, NULL);
  if (!c->absdir) {
    gl_error (c->dir, "cannot resolve the output directory: %m");
    return GL_EXIT_ERROR;
  }

  /* What killed runs left (SIGKILL cannot be caught): their temporary
   * outputs in this folder and their private temporary folders.  Only
   * those whose run is gone (common/utils/run-files.h); a live run's stay. */
  if (!c->dry_run) {
    size_t n = gl_outputs_sweep (c->absdir);
    if (n && !gl_quiet ())
      gl_notice ("removed %zu temporary file%s of interrupted conversions from %s",
                 n, n == 1 ? "" : "s", c->absdir);
    gl_run_sweep_tmpdirs ();
  }

  if (inspect (c) == -1)
    return GL_EXIT_ERROR;
  char *err = NULL;
  if (gl_plan_choose_kernel (c->os, c->target, c->kernel_opt, &c->kernel, &err) == -1) {
    gl_error (c->images[0], "%s", err ? err : "out of memory");
    free (err);
    return GL_EXIT_ERROR;
  }
  if (c->direct_boot && !c->kernel->vmlinuz) {
    gl_error (c->images[0], "--direct-boot: kernel %s has no image file", c->kernel->version);
    return GL_EXIT_ERROR;
  }
  if (choose_name (c) == -1 || output_names (c) == -1) {
    gl_error (NULL, "out of memory");
    return GL_EXIT_ERROR;
  }

  /* The XML is checked before anything is copied: a guest that cannot be
   * described (too many IDE disks, bad MAC in the source config) is
   * refused now. */
  {
    CLEANUP_FREE struct gl_domain_disk *disks = calloc (c->n_images, sizeof *disks);
    size_t nn = c->have_sc ? c->sc.nics.len : 0;
    CLEANUP_FREE struct gl_domain_nic *nics = calloc (nn ? nn : 1, sizeof *nics);
    if (!disks || !nics) {
      gl_error (NULL, "out of memory");
      return GL_EXIT_ERROR;
    }
    struct gl_domain_spec spec;
    build_spec (c, &spec, disks, nics, "root=/dev/vda ro");
    const char *bad = gl_domain_spec_invalid (&spec);
    if (bad) {
      gl_error (c->images[0], "cannot describe the guest for %s: %s", c->target->name, bad);
      return GL_EXIT_ERROR;
    }
  }

  if (c->dry_run)
    return dry_run (c) == -1 ? GL_EXIT_ERROR : GL_EXIT_OK;
  return convert_for_real (c) == -1 ? GL_EXIT_ERROR : GL_EXIT_OK;
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
    { "drop-disk", required_argument, NULL, OPT_DROP_DISK },
    { "quiet", no_argument, NULL, 'q' },
    GL_COMMON_LONGOPTS,
    { "help", no_argument, NULL, 'h' },
    { NULL, 0, NULL, 0 }
  };
  struct convert c = { .dir = ".", .format = "qcow2",
                       .command_timeout = GL_GUEST_COMMAND_TIMEOUT_S,
                       .devices = GL_DEVMAP_INIT };
  CLEANUP_FREE const char **drop_list = NULL;
  int opt;

  optind = 1;
  while ((opt = getopt_long (argc, argv, "o:qh" GL_COMMON_SHORTOPTS, longopts, NULL)) != -1) {
    switch (opt) {
    case OPT_TO: {
      enum gl_target t;
      if (gl_target_parse (optarg, &t) == -1) {
        gl_error (NULL, "convert: --to %s: unknown target (kvm, xen-hvm or xen-pv)", optarg);
        return GL_EXIT_USAGE;
      }
      c.target = gl_target_profile (t);
      break;
    }
    case 'o': c.dir = optarg; break;
    case OPT_FORMAT:
      if (strcmp (optarg, "qcow2") != 0 && strcmp (optarg, "raw") != 0) {
        gl_error (NULL, "convert: --output-format %s: use qcow2 or raw", optarg);
        return GL_EXIT_USAGE;
      }
      c.format = optarg;
      break;
    case OPT_SOURCE: c.source_config = optarg; break;
    case OPT_NAME:
      if (!gl_guest_name_valid (optarg)) {
        gl_error (NULL, "convert: --name %s: use 1-%d of A-Z a-z 0-9 _ . - "
                  "(not starting with a dot)", optarg, GL_GUEST_NAME_MAX);
        return GL_EXIT_USAGE;
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
        return GL_EXIT_USAGE;
      }
      c.command_timeout = (int) v;
      break;
    }
    case OPT_ALLOW_BACKING: c.allow_backing = true; break;
    case OPT_DROP_DISK:
      /* At most argc of them: the list lives in drop_list. */
      if (!drop_list && !(drop_list = calloc ((size_t) argc + 1, sizeof *drop_list))) {
        gl_error (NULL, "out of memory");
        return GL_EXIT_ERROR;
      }
      drop_list[c.n_drop++] = optarg;
      c.drop = drop_list;
      break;
    case 'q': gl_set_quiet (true); break;
    case 'h': return gl_print_usage ("convert");
    case 'v': case 'x': gl_common_verbosity (opt); break;
    case 'V': return gl_print_version ();
    default:
      fprintf (stderr, "Try \"guestlift convert --help\".\n");
      return GL_EXIT_USAGE;
    }
  }
  if (!c.target) {
    gl_error (NULL, "convert: --to kvm|xen-hvm|xen-pv is required (try guestlift convert --help)");
    return GL_EXIT_USAGE;
  }
  if (optind >= argc && !c.source_config) {
    gl_error (NULL, "convert: no IMAGE given, and no --source-config to take the "
              "disks from (try guestlift convert --help)");
    return GL_EXIT_USAGE;
  }
  if (c.n_drop && !c.source_config) {
    gl_error (NULL, "convert: --drop-disk names a disk of --source-config, "
              "which is not given");
    return GL_EXIT_USAGE;
  }
  c.images = &argv[optind];
  c.n_images = (size_t) (argc - optind);

  if (!c.dry_run && gl_outputs_install_signals () == -1) {
    gl_error (NULL, "convert: cannot install signal handlers: %m");
    return GL_EXIT_ERROR;
  }
  int status = run (&c);
  convert_free (&c);
  return status;
}
