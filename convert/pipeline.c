/* guestlift: the convert pipeline (see pipeline.h). */
#include <config.h>

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

#include "apply.h"
#include "cleanup.h"
#include "copy.h"
#include "drive-name.h"
#include "error.h"
#include "gl-limits.h"
#include "guest-name.h"
#include "output-files.h"
#include "pipeline.h"
#include "run-files.h"
#include "mount-session.h"

/* Record the failure (about SUBJECT, may be NULL) and return -1. */
static int __attribute__ ((format (printf, 3, 4)))
fail (struct gl_convert *c, const char *subject, const char *fmt, ...)
{
  va_list ap;
  va_start (ap, fmt);
  gl_err_vset (&c->err, errno, fmt, ap);
  va_end (ap);
  c->err_subject = subject;
  return -1;
}

/* The same with strerror (errno) appended ("...: No such file"). */
static int __attribute__ ((format (printf, 3, 4)))
fail_errno (struct gl_convert *c, const char *subject, const char *fmt, ...)
{
  int e = errno;
  va_list ap;
  va_start (ap, fmt);
  CLEANUP_FREE char *msg = gl_vprintf (fmt, ap);
  va_end (ap);
  errno = e;
  gl_err_errno (&c->err, "%s", msg ? msg : "?");
  c->err_subject = subject;
  return -1;
}

/* The library call that failed filled c->err: the failure is about
 * SUBJECT. */
static int
failed_on (struct gl_convert *c, const char *subject)
{
  c->err_subject = subject;
  return -1;
}

static int
oom (struct gl_convert *c)
{
  errno = ENOMEM;
  return fail (c, NULL, "out of memory");
}

static void
phase (struct gl_convert *c, enum gl_convert_phase ph, size_t i, size_t n,
       const char *detail)
{
  if (c->phase)
    c->phase (c->phase_opaque, ph, i, n, detail);
}

void
gl_convert_init (struct gl_convert *c)
{
  if (!c->dir)
    c->dir = ".";
  if (!c->format)
    c->format = "qcow2";
  if (!c->command_timeout)
    c->command_timeout = GL_GUEST_COMMAND_TIMEOUT_S;
  c->devices = (struct gl_devmap) GL_DEVMAP_INIT;
}

static int
choose_name (struct gl_convert *c)
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
direct_boot_names (struct gl_convert *c)
{
  c->kernel_out = gl_printf ("%s/%s-vmlinuz", c->absdir, c->name);
  c->initrd_out = gl_printf ("%s/%s-initrd", c->absdir, c->name);
  return c->kernel_out && c->initrd_out ? 0 : -1;
}

static int
output_names (struct gl_convert *c)
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
choose_boot (struct gl_convert *c)
{
  if (c->direct_boot || c->target->paravirt || c->plan.boot_code)
    return 0;
  if (!c->kernel->vmlinuz)
    return fail (c, c->images[0], "the boot disk cannot boot on %s (%s) and kernel %s has "
                 "no image file to boot directly", c->target->name,
                 c->plan.no_boot_code_why, c->kernel->version);
  c->direct_boot = c->auto_direct = true;
  if (direct_boot_names (c) == -1)
    return oom (c);
  return 0;
}

char *
gl_convert_boot_text (const struct gl_convert *c)
{
  if (c->target->paravirt && !c->direct_boot)
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
check_root (const struct gl_convert *c, const char *cmdline)
{
  if (!cmdline || !c->target->needs_guest_edits)
    return;
  CLEANUP_FREE char *bad = gl_devices_unmapped_root (cmdline, c->target, c->n_images);
  if (bad)
    gl_note (c->notes, GL_NOTE_WARNING, "%s: the guest's kernel command line says %s, "
             "which names no disk of the converted guest: it will not find that "
             "device and will not boot; fix the guest's bootloader entry (or the "
             "Xen config's disk names) and convert again", c->images[0], bad);
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

/* How many NICs the XML has: the source config's, or one on libvirt's
 * default network when there is no source config to say. */
static size_t
n_nics (const struct gl_convert *c)
{
  return c->have_sc ? c->sc.nics.len : 1;
}

/* The NICs: the source's, with their MACs, each put where the -b/-n
 * mapping says. */
static void
build_nics (const struct gl_convert *c, struct gl_domain_nic *nics)
{
  if (!c->have_sc) {
    /* No source config: a NIC on the network "default" (as a source
     * network named "default", so that -n OUT moves it too). */
    gl_netmap_apply (c->networks, NULL, "default", &nics[0].bridge, &nics[0].network);
    return;
  }
  for (size_t i = 0; i < c->sc.nics.len; ++i) {
    const struct gl_source_nic *s = &c->sc.nics.ptr[i];
    nics[i] = (struct gl_domain_nic) { .mac = s->mac };
    gl_netmap_apply (c->networks, s->bridge, s->network, &nics[i].bridge,
                     &nics[i].network);
  }
}

/* The domain spec (borrowing from c; disks and nics in caller arrays). */
static void
build_spec (const struct gl_convert *c, struct gl_domain_spec *spec,
            struct gl_domain_disk *disks, struct gl_domain_nic *nics,
            const char *cmdline)
{
  memset (spec, 0, sizeof *spec);
  spec->target = c->target;
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
  build_nics (c, nics);
  spec->nics = nics;
  spec->n_nics = n_nics (c);
  if (c->have_sc) {
    /* Xen's actions carry over where libvirt has them (xl's soft-reset
     * has no libvirt name: the default stays, and read_source warned). */
    if (gl_domain_action_valid ("poweroff", c->sc.on_poweroff ? c->sc.on_poweroff : ""))
      spec->on_poweroff = c->sc.on_poweroff;
    if (gl_domain_action_valid ("reboot", c->sc.on_reboot ? c->sc.on_reboot : ""))
      spec->on_reboot = c->sc.on_reboot;
    if (gl_domain_action_valid ("crash", c->sc.on_crash ? c->sc.on_crash : ""))
      spec->on_crash = c->sc.on_crash;
    if (c->target->paravirt && c->sc.bootloader) {
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

/* Check (FP NULL) or write the domain XML with CMDLINE. */
static int
xml_with (struct gl_convert *c, FILE *fp, const char *cmdline)
{
  CLEANUP_FREE struct gl_domain_disk *disks = calloc (c->n_images, sizeof *disks);
  CLEANUP_FREE struct gl_domain_nic *nics = calloc (n_nics (c) + 1, sizeof *nics);
  if (!disks || !nics)
    return oom (c);
  struct gl_domain_spec spec;
  build_spec (c, &spec, disks, nics, cmdline);
  const char *bad = gl_domain_spec_invalid (&spec);
  if (bad)
    return fail (c, c->images[0], "cannot describe the guest for %s: %s",
                 c->target->name, bad);
  if (fp && gl_domain_xml_write (&spec, fp) == -1)
    return fail_errno (c, c->xml_out, "cannot write the domain XML");
  return 0;
}

int
gl_convert_write_xml (struct gl_convert *c, FILE *fp)
{
  CLEANUP_FREE char *defcl = NULL;
  const char *cmdline = c->plan.cmdline;
  if (!cmdline && c->direct_boot) {
    cmdline = defcl = gl_plan_default_cmdline (c->os, c->target);
    if (!cmdline)
      return oom (c);
  }
  return xml_with (c, fp, cmdline);
}

int
gl_convert_take_report (struct gl_convert *c, struct gl_report *r)
{
  c->report = r;
  for (size_t i = 0; i < r->images.len; ++i) {
    const struct gl_image *img = r->images.ptr[i];
    if (img->error)
      return fail (c, img->path, "%s", img->error);
  }
  const struct gl_image *img0 = r->images.ptr[0];
  if (img0->oses.len == 0)
    return fail (c, img0->path, "no operating system found: nothing to convert");
  if (img0->oses.len > 1)
    return fail (c, img0->path, "%zu operating systems on these disks: convert "
                 "handles a guest with one", img0->oses.len);
  c->os = img0->oses.ptr[0];
  if (!c->os->type || strcmp (c->os->type, "linux") != 0)
    return fail (c, img0->path, "the guest is not Linux (%s): convert handles "
                 "Linux guests", c->os->type ? c->os->type : "unknown");
  return 0;
}

static const char *const *
image_formats (struct gl_convert *c)
{
  static const char *fmts[GL_OUTPUTS_MAX];
  for (size_t i = 0; i < c->n_images && i < GL_OUTPUTS_MAX; ++i)
    fmts[i] = c->report->images.ptr[i]->format;
  return fmts;
}

/* The guest's DISKS (formats FMTS) in one appliance, mounted as
 * inspection says (mount-session.h), its LUKS devices opened with the
 * user's keys; NULL after fail(). */
static struct gl_guest_io *
open_guest (struct gl_convert *c, const char *const *disks, const char *const *fmts,
            bool readonly)
{
  size_t n = c->os->mountpoints.len;
  CLEANUP_FREE struct gl_mount_want *m = calloc (n + 1, sizeof *m);
  if (!m) {
    fail (c, c->images[0], "out of memory");
    return NULL;
  }
  for (size_t i = 0; i < n; ++i)
    m[i] = (struct gl_mount_want) { c->os->mountpoints.ptr[i].mountpoint,
                                    c->os->mountpoints.ptr[i].device };
  const struct gl_mount_spec spec = {
    .paths = disks, .formats = fmts, .n = c->n_images, .readonly = readonly,
    .root = c->os->root, .mounts = m, .n_mounts = n, .keys = c->keys,
    .note = c->notes ? *c->notes : (struct gl_note_sink) { 0 },
  };
  CLEANUP_ERR struct gl_err e = GL_ERR_INIT;
  struct gl_guest_io *g = gl_mount_session_open (&spec, &e);
  if (!g)
    fail (c, c->images[0], "%s", gl_err_msg (&e, "?"));
  return g;
}

/* One "edited WHAT" line per change made in the guest (the batch layer
 * reads them from the guest's log for its report). */
static void
report_edits (const struct gl_convert *c)
{
  const struct gl_plan *p = &c->plan;
  for (size_t i = 0; i < p->edits.len; ++i)
    gl_note (c->notes, GL_NOTE_NOTICE, "edited %s", p->edits.ptr[i].path);
  for (size_t i = 0; i < p->links.len; ++i)
    gl_note (c->notes, GL_NOTE_NOTICE, "edited %s -> %s (symlink renamed)",
             p->links.ptr[i].from, p->links.ptr[i].to);
  if (p->autorelabel)
    gl_note (c->notes, GL_NOTE_NOTICE,
             "edited /.autorelabel (SELinux relabel at first boot)");
  if (p->initrd_rebuilt && p->initrd_path)
    gl_note (c->notes, GL_NOTE_NOTICE, "edited %s (initrd rebuilt with virtio drivers)",
             p->initrd_path);
  for (size_t i = 0; i < p->warnings.len; ++i)
    gl_note (c->notes, GL_NOTE_WARNING, "%s", p->warnings.ptr[i]);
}

int
gl_convert_dry_plan (struct gl_convert *c)
{
  if (c->target->needs_guest_edits || c->direct_boot) {
    phase (c, GL_CONVERT_PHASE_LAUNCH, 0, 0, NULL);
    struct gl_guest_io *g = open_guest (c, (const char *const *) c->images,
                                        image_formats (c), true);
    if (!g)
      return -1;
    phase (c, GL_CONVERT_PHASE_APPLY, 0, 0, NULL);
    int rc = gl_plan_build (g, c->os, c->target, c->kernel, &c->devices, &c->plan,
                            &c->err);
    gl_mount_session_close (g, NULL);
    phase (c, GL_CONVERT_PHASE_DONE, 0, 0, NULL);
    if (rc == -1)
      return failed_on (c, c->images[0]);
  }
  else {
    c->plan.target = c->target;
    c->plan.kernel = c->kernel;
  }
  if (choose_boot (c) == -1)
    return -1;
  check_root (c, c->plan.cmdline);
  return 0;
}

/* The failure of gl_outputs_reserve for WANT. */
static int
reserve_failed (struct gl_convert *c, const char *want)
{
  if (errno == EEXIST)
    return fail (c, want, "already exists: remove it, or choose another --name or -o DIR");
  return fail_errno (c, want, "cannot create a temporary file next to it");
}

/* Edit the copies in WORK (formats FMTS) in one appliance: the plan, the
 * boot, the kernel export.  TMP_KERNEL/TMP_INITRD are reserved here when
 * the boot becomes direct. */
static int
edit_guest (struct gl_convert *c, const char *const *work, const char **fmts,
            char **tmp_kernel, char **tmp_initrd)
{
  /* Declared before the first "goto fail": its cleanup runs there too. */
  CLEANUP_FREE char *boot = NULL;
  phase (c, GL_CONVERT_PHASE_LAUNCH, 0, 0, NULL);
  struct gl_guest_io *g = open_guest (c, work, fmts, false);
  if (!g)
    return -1;
  phase (c, GL_CONVERT_PHASE_APPLY, 0, 0, NULL);
  if (gl_plan_build (g, c->os, c->target, c->kernel, &c->devices, &c->plan,
                     &c->err) == -1 ||
      gl_plan_apply (g, &c->plan, &c->err) == -1) {
    failed_on (c, c->images[0]);
    goto fail;
  }
  if (gl_plan_runs_initrd_tool (&c->plan))
    phase (c, GL_CONVERT_PHASE_INITRD, 0, 0, c->plan.kernel->version);
  if (gl_plan_rebuild_initrd (g, &c->plan, c->command_timeout, c->notes,
                              &c->err) == -1) {
    failed_on (c, c->images[0]);
    goto fail;
  }
  report_edits (c);
  bool was_direct = c->direct_boot;
  if (choose_boot (c) == -1)
    goto fail;
  if (c->direct_boot && !was_direct) {
    if (!(*tmp_kernel = gl_outputs_reserve (c->kernel_out))) {
      reserve_failed (c, c->kernel_out);
      goto fail;
    }
    if (c->kernel->initrd && !(*tmp_initrd = gl_outputs_reserve (c->initrd_out))) {
      reserve_failed (c, c->initrd_out);
      goto fail;
    }
  }
  check_root (c, c->plan.cmdline);
  boot = gl_convert_boot_text (c);
  gl_note (c->notes, GL_NOTE_NOTICE, "boot: %s", boot ? boot : "?");
  if (c->direct_boot) {
    phase (c, GL_CONVERT_PHASE_EXPORT, 0, 0, NULL);
    CLEANUP_ERR struct gl_err e = GL_ERR_INIT;
    if (gl_mount_session_copy_out (g, c->kernel->vmlinuz, *tmp_kernel,
                                   GL_KERNEL_MAX_BYTES, &e) == -1 ||
        (*tmp_initrd &&
         gl_mount_session_copy_out (g, c->kernel->initrd, *tmp_initrd,
                                    GL_INITRD_MAX_BYTES, &e) == -1)) {
      fail (c, c->images[0], "cannot export the kernel to boot it directly: %s",
            gl_err_msg (&e, "out of memory"));
      goto fail;
    }
  }
  phase (c, GL_CONVERT_PHASE_WRITE, 0, 0, "appliance");
  struct gl_err e = GL_ERR_INIT;   /* (no cleanup: "fail" is below) */
  int rc = gl_mount_session_close (g, &e) == -1
    ? fail (c, c->images[0], "%s", gl_err_msg (&e, "?")) : 0;
  gl_err_clear (&e);
  return rc;

 fail:
  gl_mount_session_close (g, NULL);
  return -1;
}

/* Write the XML to its temporary name. */
static int
write_xml_file (struct gl_convert *c, const char *tmp_xml)
{
  FILE *fp = fopen (tmp_xml, "w");
  if (!fp)
    return fail_errno (c, tmp_xml, "cannot write");
  if (gl_convert_write_xml (c, fp) == -1) {
    fclose (fp);
    return -1;
  }
  if (fclose (fp) == EOF)
    return fail_errno (c, tmp_xml, "cannot write");
  return 0;
}

static int
run_reserved (struct gl_convert *c, char **tmp_disk, char *tmp_xml,
              char **tmp_kernel, char **tmp_initrd)
{
  const char *const *work = (const char *const *) c->images;
  const char *fmts[GL_OUTPUTS_MAX];
  if (c->in_place) {
    gl_note (c->notes, GL_NOTE_WARNING, "--in-place: the source images themselves "
             "are being changed; there is no way back without a backup");
    memcpy (fmts, image_formats (c), c->n_images * sizeof fmts[0]);
  }
  else {
    for (size_t i = 0; i < c->n_images; ++i) {
      gl_note (c->notes, GL_NOTE_NOTICE, "copying %s to %s", c->images[i], c->disk_out[i]);
      phase (c, GL_CONVERT_PHASE_COPY, i, c->n_images, c->images[i]);
      if (gl_copy_disk (c->images[i], c->report->images.ptr[i]->format,
                        c->allow_backing, tmp_disk[i], c->format, &c->err) == -1) {
        gl_err_prefix (&c->err, "cannot copy the disk");
        return failed_on (c, c->images[i]);
      }
      fmts[i] = c->format;
    }
    work = (const char *const *) tmp_disk;
  }

  if (c->target->needs_guest_edits || c->direct_boot) {
    if (edit_guest (c, work, fmts, tmp_kernel, tmp_initrd) == -1)
      return -1;
  }
  else {
    c->plan.target = c->target;
    c->plan.kernel = c->kernel;
    phase (c, GL_CONVERT_PHASE_WRITE, 0, 0, NULL);
  }
  if (write_xml_file (c, tmp_xml) == -1)
    return -1;
  const char *failed = NULL;
  if (gl_outputs_commit (&failed) == -1)
    return fail_errno (c, failed, "cannot put the output in place");
  return 0;
}

int
gl_convert_run (struct gl_convert *c)
{
  CLEANUP_FREE char **tmp_disk = calloc (c->n_images + 1, sizeof (char *));
  CLEANUP_FREE char *tmp_xml = NULL, *tmp_kernel = NULL, *tmp_initrd = NULL;
  int rc = -1;
  if (!tmp_disk)
    return oom (c);

  /* Reserve every output name first: one that exists stops us before any
   * work is done. */
  for (size_t i = 0; !c->in_place && i < c->n_images; ++i)
    if (!(tmp_disk[i] = gl_outputs_reserve (c->disk_out[i]))) {
      reserve_failed (c, c->disk_out[i]);
      goto out;
    }
  if (!(tmp_xml = gl_outputs_reserve (c->xml_out))) {
    reserve_failed (c, c->xml_out);
    goto out;
  }
  if (c->direct_boot) {
    if (!(tmp_kernel = gl_outputs_reserve (c->kernel_out))) {
      reserve_failed (c, c->kernel_out);
      goto out;
    }
    if (c->kernel->initrd && !(tmp_initrd = gl_outputs_reserve (c->initrd_out))) {
      reserve_failed (c, c->initrd_out);
      goto out;
    }
  }
  rc = run_reserved (c, tmp_disk, tmp_xml, &tmp_kernel, &tmp_initrd);
 out:
  phase (c, GL_CONVERT_PHASE_DONE, 0, 0, NULL);
  if (rc == -1)
    gl_outputs_abort ();
  for (size_t i = 0; i < c->n_images; ++i)
    free (tmp_disk[i]);
  return rc;
}

void
gl_convert_free (struct gl_convert *c)
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
  gl_err_clear (&c->err);
}

/* Two names of one file (an IMAGE and a config's disk path). */
static int
same_file (const char *a, const char *b)
{
  struct stat sa, sb;
  return stat (a, &sa) == 0 && stat (b, &sb) == 0 &&
    sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}

/* --drop-disk names a disk of the config. */
static int
check_drops (struct gl_convert *c)
{
  for (size_t i = 0; i < c->n_drop; ++i) {
    bool known = false;
    for (size_t d = 0; d < c->sc.disks.len && !known; ++d)
      known = strcmp (c->sc.disks.ptr[d].target, c->drop[i]) == 0;
    if (!known)
      return fail (c, c->source_config, "--drop-disk %s: the config has no such disk",
                   c->drop[i]);
  }
  return 0;
}

int
gl_convert_read_source (struct gl_convert *c)
{
  if (c->have_sc || c->source_config) {
    /* The caller may have read it (a libvirt domain, -d). */
    if (!c->have_sc && gl_source_config_read (c->source_config, &c->sc, &c->err) == -1) {
      gl_err_prefix (&c->err, "cannot read the source config");
      return failed_on (c, c->source_config), GL_EXIT_ERROR;
    }
    c->have_sc = true;
    if (check_drops (c) == -1)
      return GL_EXIT_USAGE;
    if (c->n_images == 0) {
      c->cfg_images = gl_devices_from_config (&c->sc, c->drop, &c->n_images);
      if (!c->cfg_images)
        return oom (c), GL_EXIT_ERROR;
      if (c->n_images == 0)
        return fail (c, c->source_config, "the config names no disk to convert"),
          GL_EXIT_ERROR;
      c->images = (char **) c->cfg_images;
    }
  }
  c->xen_names = calloc (c->n_images + 1, sizeof *c->xen_names);
  if (!c->xen_names)
    return oom (c), GL_EXIT_ERROR;
  if (c->have_sc &&
      gl_devices_match (&c->sc, (const char *const *) c->images, c->n_images,
                        c->drop, same_file, c->xen_names, &c->err) == -1)
    return failed_on (c, c->source_config), GL_EXIT_ERROR;
  const struct { const char *event, *action; } actions[] = {
    { "poweroff", c->sc.on_poweroff }, { "reboot", c->sc.on_reboot },
    { "crash", c->sc.on_crash },
  };
  for (size_t i = 0; c->have_sc && i < sizeof actions / sizeof actions[0]; ++i)
    if (actions[i].action && !gl_domain_action_valid (actions[i].event, actions[i].action))
      gl_note (c->notes, GL_NOTE_WARNING, "%s: on_%s = '%s' has no libvirt equivalent: "
               "the domain XML keeps libvirt's default", c->source_config,
               actions[i].event, actions[i].action);
  if (gl_devices_map (c->target, c->have_sc ? c->xen_names : NULL, c->n_images,
                      &c->devices, &c->err) == -1)
    return failed_on (c, c->have_sc ? c->source_config : NULL), GL_EXIT_ERROR;
  return GL_EXIT_OK;
}

int
gl_convert_check (struct gl_convert *c)
{
  if (c->n_images > GL_OUTPUTS_MAX - 3)
    return fail (c, NULL, "convert: too many disks (at most %d)", GL_OUTPUTS_MAX - 3),
      GL_EXIT_USAGE;
  for (size_t i = 0; i < c->n_images; ++i) {
    struct stat st;
    if (stat (c->images[i], &st) == -1 || access (c->images[i], R_OK) == -1)
      return fail_errno (c, c->images[i], "cannot read it"), GL_EXIT_ERROR;
    if (S_ISDIR (st.st_mode))
      return fail (c, c->images[i], "is a directory, not a disk image"), GL_EXIT_ERROR;
    if (c->in_place && !c->dry_run && access (c->images[i], W_OK) == -1)
      return fail_errno (c, c->images[i], "--in-place: cannot write it"), GL_EXIT_ERROR;
  }
  struct stat st;
  if (stat (c->dir, &st) == -1 || !S_ISDIR (st.st_mode))
    return fail (c, c->dir, "the output directory %s",
                 errno == ENOENT || !S_ISDIR (st.st_mode) ? "does not exist"
                 : "cannot be used"), GL_EXIT_ERROR;
  if (!c->dry_run && access (c->dir, W_OK | X_OK) == -1)
    return fail_errno (c, c->dir, "cannot write to the output directory"), GL_EXIT_ERROR;
  c->absdir = realpath (c->dir, NULL);
  if (!c->absdir)
    return fail_errno (c, c->dir, "cannot resolve the output directory"), GL_EXIT_ERROR;

  /* What killed runs left (SIGKILL cannot be caught): their temporary
   * outputs in this folder and their private temporary folders.  Only
   * those whose run is gone (common/utils/run-files.h); a live run's stay. */
  if (!c->dry_run) {
    size_t n = gl_outputs_sweep (c->absdir);
    if (n)
      gl_note (c->notes, GL_NOTE_NOTICE, "removed %zu temporary file%s of "
               "interrupted conversions from %s", n, n == 1 ? "" : "s", c->absdir);
    gl_run_sweep_tmpdirs ();
  }
  return GL_EXIT_OK;
}

int
gl_convert_prepare (struct gl_convert *c)
{
  if (gl_plan_choose_kernel (c->os, c->target, c->kernel_opt, &c->kernel,
                             &c->err) == -1)
    return failed_on (c, c->images[0]);
  if (c->direct_boot && !c->kernel->vmlinuz)
    return fail (c, c->images[0], "--direct-boot: kernel %s has no image file",
                 c->kernel->version);
  if (choose_name (c) == -1 || output_names (c) == -1)
    return oom (c);
  /* The XML is checked before anything is copied: a guest that cannot be
   * described (too many IDE disks, bad MAC in the source config) is
   * refused now. */
  return xml_with (c, NULL, "root=/dev/vda ro");
}
