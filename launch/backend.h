/* guestlift launch: the backends, as a table of operations.
 *
 *   qemu     exec qemu-system-x86_64 (KVM when it can run guests, else TCG)
 *   libvirt  a transient libvirt domain (optional: HAVE_LIBVIRT)
 *   xl       Xen HVM / PV through xl(1) on a Xen host (dom0)
 *
 * dry_run prints what would be started (a command line for display, an
 * XML document, an xl.cfg) and starts nothing; run starts the guest,
 * watches its console with gl_watch_run and stops it.  Both return an
 * exit status (0, 1, 130) and print no message: any status but 0 comes
 * with err saying why (the caller prints it; notices go to spec->note).
 */
#ifndef GUESTLIFT_LAUNCH_BACKEND_H
#define GUESTLIFT_LAUNCH_BACKEND_H

#include <stdio.h>

#include "launch.h"
#include "watch.h"

/* What a backend does with a DOMAIN.xml given on the command line. */
enum gl_domain_xml_mode {
  GL_DOMXML_NONE = 0,       /* cannot take one */
  GL_DOMXML_AS_IS,          /* hands the file to its hypervisor as it is */
  GL_DOMXML_BOOT,           /* boots what it says (launch/domain-file.h) */
};

/* The bit of a hypervisor in gl_launch_backend.hypervisors. */
#define GL_HV_BIT(hv) (1u << (hv))

struct gl_launch_backend {
  const char *name;                 /* --via NAME */
  const char *help;                 /* its words in launch --help's --via
                                       entry: the name, and why to choose
                                       it ("xl (Xen)") */
  unsigned hypervisors;             /* GL_HV_BIT of each it launches */
  bool is_default;                  /* the default for its hypervisors */
  enum gl_domain_xml_mode domain_xml;
  bool domain_xml_default;          /* the default for a DOMAIN.xml */
  bool domain_xml_snapshot;         /* --snapshot with a DOMAIN.xml */
  /* What it runs for SPEC, for the user ("qemu-system-x86_64 under TCG
   * (KVM cannot run guests here)"): malloc'd, NULL when out of memory. */
  char *(*describe) (const struct gl_launch_spec *spec);
  int (*dry_run) (const struct gl_launch_spec *spec, FILE *fp, struct gl_err *err);
  int (*run) (const struct gl_launch_spec *spec, const struct gl_watch_opts *w,
              struct gl_err *err);
};

/* The table, NULL-terminated (backend.c): the only list of backends. */
extern const struct gl_launch_backend *const gl_launch_backends[];

/* The backend named NAME ("qemu", "libvirt", "xl"), or NULL. */
const struct gl_launch_backend *gl_backend_find (const char *name);
/* The default backend for a (resolved) hypervisor. */
const struct gl_launch_backend *gl_backend_default (enum gl_hypervisor hv);
/* The default backend for a DOMAIN.xml. */
const struct gl_launch_backend *gl_backend_domain_xml_default (void);
/* Does BE launch HV guests? */
bool gl_backend_launches (const struct gl_launch_backend *be, enum gl_hypervisor hv);
/* The names of the backends that launch HV guests (every backend with
 * GL_HV_AUTO), or take a DOMAIN.xml (domain_xml true), for messages:
 * "qemu, libvirt or xl" (malloc'd; NULL when out of memory). */
char *gl_backend_names (enum gl_hypervisor hv, bool domain_xml);

/* Is PATH a libvirt domain XML document (a file ending in ".xml" whose
 * root element is <domain>)?  1 yes (*name = its <name>, may be NULL),
 * 0 no (with err set when such a file cannot be read: the caller says
 * so).  (backend-libvirt.c) */
int gl_libvirt_domain_file (const char *path, char **name, struct gl_err *err);

/* Helpers shared by backends (backend.c). */
/* A temporary folder for a launch's files (serial log, config); rmdir'd
 * by gl_launch_tmpdir_remove, which also removes the files in it. */
char *gl_launch_tmpdir (struct gl_err *err);
void gl_launch_tmpdir_remove (const char *dir);

/* The disks a backend without a snapshot mode of its own (libvirt, xl)
 * should use: with spec->snapshot a qcow2 overlay in TMPDIR per disk
 * (qemu-img create -b DISK), else copies of spec->disks.  The array and
 * its paths are malloc'd (gl_launch_disks_free).  NULL with err. */
struct gl_launch_disk *gl_launch_snapshot_disks (const struct gl_launch_spec *spec,
                                                 const char *tmpdir,
                                                 struct gl_err *err);
void gl_launch_disks_free (struct gl_launch_disk *disks, size_t n);

/* Copies of spec->kernel and spec->initrd (if any) in tmpdir, mode 0644:
 * for a hypervisor that runs qemu as another user (libvirt's system
 * daemon), which cannot read the caller's kernel cache (~/.cache is
 * usually private).  The paths are malloc'd.  -1 with err. */
int gl_launch_copy_boot_files (const struct gl_launch_spec *spec, const char *tmpdir,
                               char **kernel, char **initrd, struct gl_err *err);

#endif
