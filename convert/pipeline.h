/* guestlift: the convert pipeline, from a guest's disks (and source
 * config) to a target-ready copy and its domain XML.
 *
 * The caller (cli/cmd-convert.c) fills the options, then calls, in
 * order, stopping at the first failure:
 *
 *   gl_convert_read_source   the source config, the disks, their names
 *   gl_convert_check         arguments the user can fix, output folder
 *   (inspect the disks: the caller owns the inspection engine)
 *   gl_convert_take_report   the guest's one Linux OS
 *   gl_convert_prepare       kernel, output names, the XML checked
 *   gl_convert_dry_plan      --dry-run: the plan, read-only
 *   gl_convert_run           copy, edit, write the XML, commit
 *
 * Order of work, so that a refusal or a failure leaves nothing behind:
 * check the arguments, inspect (read-only), choose the kernel (refuse
 * here), build the domain spec (validate it here), then -- for real --
 * copy the disks to temporary names, edit the copies in one appliance,
 * write the XML, and rename everything at the very end.
 *
 * Nothing here prints.  A failure returns -1 (or an exit status) with
 * c->err set and c->err_subject naming the file it is about (NULL: none);
 * notices and warnings ("copying A to B", "edited FILE", "boot: ...")
 * go to c->notes; the phase a person waits on goes to c->phase.
 */
#ifndef GUESTLIFT_CONVERT_PIPELINE_H
#define GUESTLIFT_CONVERT_PIPELINE_H

#include <stdbool.h>
#include <stdio.h>

#include "devices.h"
#include "domain-xml.h"
#include "err.h"
#include "luks-keys.h"
#include "netmap.h"
#include "note.h"
#include "plan.h"
#include "report.h"
#include "source-config.h"
#include "target.h"

/* The phases a person waits on, for progress lines. */
enum gl_convert_phase {
  GL_CONVERT_PHASE_COPY,      /* copying disk I of N (detail: the image) */
  GL_CONVERT_PHASE_LAUNCH,    /* starting the appliance on the copies */
  GL_CONVERT_PHASE_APPLY,     /* planning and editing the guest */
  GL_CONVERT_PHASE_INITRD,    /* rebuilding the initrd with the guest's
                                 tool (detail: the kernel's version) */
  GL_CONVERT_PHASE_EXPORT,    /* copying the kernel and initrd out */
  GL_CONVERT_PHASE_WRITE,     /* writing the XML (detail "appliance":
                                 closing the appliance first) */
  GL_CONVERT_PHASE_DONE,      /* nothing more to wait on */
};

struct gl_convert {
  /* Options (the caller's). */
  const struct gl_target_profile *target;
  const char *dir;
  const char *format;
  const char *source_config; /* a file, or with have_sc set by the caller,
                                the name of what sc was read from */
  const char *name_opt;
  const char *kernel_opt;
  bool direct_boot, dry_run, in_place, allow_backing;
  int command_timeout;       /* seconds, for commands run inside the guest */
  char **images;             /* the IMAGEs, or the source config's disks */
  size_t n_images;
  const char **drop;         /* --drop-disk VDEV..., n_drop of them */
  size_t n_drop;
  const struct gl_netmap *networks;  /* -b/-n mapping (NULL: none) */
  const struct gl_luks_keys *keys;   /* --key, --keys-from-stdin (NULL: none) */
  const struct gl_note_sink *notes;
  /* Phase changes (I of N for the disk copy, else 0 of 0). */
  void (*phase) (void *opaque, enum gl_convert_phase phase, size_t i, size_t n,
                 const char *detail);
  void *phase_opaque;

  /* State and results. */
  const char **cfg_images;   /* the config's disks when no IMAGE is given */
  const char **xen_names;    /* each IMAGE's name on Xen (NULL: default) */
  struct gl_devmap devices;  /* those names -> the target's */
  bool auto_direct;          /* direct boot because the disk cannot boot */
  struct gl_report *report;
  const struct gl_os *os;
  const struct gl_kernel *kernel;
  struct gl_source_config sc;  /* the caller may fill it (then have_sc) */
  bool have_sc;
  char *absdir;
  char *name;
  char **disk_out;           /* final output names (absolute) */
  char *xml_out, *kernel_out, *initrd_out;
  struct gl_plan plan;

  /* The failure. */
  const char *err_subject;
  struct gl_err err;
};

/* Fill what the options leave at zero (output folder, format, time limit). */
void gl_convert_init (struct gl_convert *c);
void gl_convert_free (struct gl_convert *c);

/* The source config, the disks to convert (the IMAGEs, or the config's
 * when none is given), the name each has on Xen and their map onto the
 * target's names.  GL_EXIT_OK, or an exit status (usage or error). */
int gl_convert_read_source (struct gl_convert *c);
/* The IMAGEs are readable disks, the output folder usable; sweeps what
 * killed runs left there.  GL_EXIT_OK or an exit status. */
int gl_convert_check (struct gl_convert *c);
/* Take the inspected report of the IMAGEs (one image each, in order;
 * owned from now on): its one Linux OS.  0 or -1. */
int gl_convert_take_report (struct gl_convert *c, struct gl_report *r);
/* Choose the kernel, name the outputs, check the XML.  0 or -1. */
int gl_convert_prepare (struct gl_convert *c);
/* --dry-run: build the plan in a read-only appliance, choose the boot. */
int gl_convert_dry_plan (struct gl_convert *c);
/* For real: copy, edit, export, write the XML and commit. 0 or -1. */
int gl_convert_run (struct gl_convert *c);

/* Write the domain XML to FP.  0 or -1. */
int gl_convert_write_xml (struct gl_convert *c, FILE *fp);
/* How the XML boots, in one sentence.  malloc'd, NULL on ENOMEM. */
char *gl_convert_boot_text (const struct gl_convert *c);

#endif
