/* guestlift: the report model -- a plain C struct tree.
 *
 * This is how rooms talk to each other: inspect/ fills it in, the writers
 * (report-json.c, report-xml.c, report-text.c) print it, convert/, launch/
 * and batch/ read it.  Field names follow the JSON report one to one, a
 * public contract (guestlift-inspect(1), THE REPORT;
 * data/guestlift-report.schema.json).  All strings are owned (malloc'd) and may be NULL
 * where the contract says null.
 */
#ifndef GUESTLIFT_REPORT_H
#define GUESTLIFT_REPORT_H

#include <stdbool.h>
#include <stdint.h>

#include "vector.h"

/* true / false / null (unknown) for the report's tri-state fields. */
typedef enum { GL_NULL = -1, GL_FALSE = 0, GL_TRUE = 1 } gl_tristate;

enum gl_config_source {
  GL_CONFIG_NONE = 0,     /* "none" */
  GL_CONFIG_FILE,         /* "file": /boot/config-V, build/.config, modules/V/config */
  GL_CONFIG_IKCONFIG,     /* "ikconfig": embedded in the kernel image */
};
const char *gl_config_source_name (enum gl_config_source s);

struct gl_virtio {
  bool blk, net, scsi, rng, balloon, console;
};

struct gl_kernel {
  char *version;           /* "2.6.18-398.el5xen" */
  char *vmlinuz;           /* guest path, "/boot/vmlinuz-..." */
  char *initrd;            /* guest path or NULL */
  char *config;            /* guest path of the config file, or NULL */
  enum gl_config_source config_source;
  char *arch;              /* "x86_64", "i686", ... or NULL */
  gl_tristate xen_pv_only;
  char *xen_pv_only_evidence;   /* the config line, e.g. "CONFIG_X86_64_XEN=y" */
  struct gl_virtio virtio;
  gl_tristate initrd_has_virtio_blk;
  bool is_default;         /* JSON "default" */

  /* Not in the JSON contract, used by the verdict and by convert/launch. */
  bool has_ide;            /* IDE/ATA/AHCI disk driver (=y or =m or module) */
  bool virtio_blk_builtin; /* CONFIG_VIRTIO_BLK=y */
  char *modules_dir;       /* "/lib/modules/V" if present, else NULL */
  char *format_hint;       /* e.g. "XenLinux ELF image (gzip, Xen notes), not a bzImage" */
  char *config_unread;     /* configs that are there but were not read (a
                            * bound: "/boot/config-V: too large (...)"), or
                            * NULL; the verdict's warning says it */
};
DEFINE_VECTOR_TYPE (gl_kernel_vector, struct gl_kernel *);

struct gl_mountpoint {
  char *mountpoint;        /* "/boot" */
  char *device;            /* "/dev/sda1" (appliance name) */
};
DEFINE_VECTOR_TYPE (gl_mountpoint_vector, struct gl_mountpoint);

struct gl_bootloader {
  char *type;              /* "grub-legacy" | "grub2" | "extlinux" | "none" */
  char *config;            /* guest path or NULL */
  char *default_kernel;    /* version or NULL */
};

struct gl_xen_refs {
  string_vector fstab_devices;     /* "/dev/xvda1" */
  string_vector consoles;          /* "xvc0", "hvc0" */
  string_vector modprobe_aliases;  /* "alias eth0 xennet" */
};

struct gl_kvm_verdict {
  bool bootable;
  char *recommended_kernel;        /* version or NULL */
  string_vector blockers;
  string_vector warnings;
};

struct gl_os {
  char *root;                /* "/dev/VolGroup00/LogVol00" */
  char *type;                /* "linux" | "windows" | ... */
  char *distro;              /* "rhel" | "centos" | "sles" | "debian" | ... */
  char *product_name;
  int version_major, version_minor;
  char *arch;
  char *hostname;
  char *package_format;      /* "rpm" | "deb" | ... */
  char *package_management;  /* "yum" | "apt" | "zypper" | ... */
  char *osinfo;              /* libosinfo short id, e.g. "rhel5.11" (text/XML only) */
  gl_mountpoint_vector mountpoints;
  string_vector filesystems;
  struct gl_bootloader bootloader;
  gl_kernel_vector kernels;
  struct gl_xen_refs xen;
  struct gl_kvm_verdict kvm;

  /* Not in the contract: kernel command line of the default boot entry. */
  char *default_cmdline;
};
DEFINE_VECTOR_TYPE (gl_os_vector, struct gl_os *);

struct gl_image {
  char *path;                /* as given by the user */
  char *format;              /* "raw" | "qcow2" | ... or NULL if unknown */
  int64_t virtual_size;      /* bytes, -1 if unknown */
  char *error;               /* one-line message or NULL */
  gl_os_vector oses;
  /* Not in the contract: with --one-guest, a disk after the first belongs
   * to the guest reported under the first disk (it has no OS of its own,
   * and that is not an error). */
  bool secondary_disk;
};
DEFINE_VECTOR_TYPE (gl_image_vector, struct gl_image *);

struct gl_report {
  gl_image_vector images;
};

/* Constructors return NULL on ENOMEM; destructors accept NULL. */
struct gl_report *gl_report_new (void);
/* A report with one empty image (path set) per path, in order. */
struct gl_report *gl_report_new_for_paths (char *const *paths, size_t n);
void gl_report_free (struct gl_report *r);
struct gl_image *gl_image_new (const char *path);
void gl_image_free (struct gl_image *img);
struct gl_os *gl_os_new (void);
void gl_os_free (struct gl_os *os);
struct gl_kernel *gl_kernel_new (void);
void gl_kernel_free (struct gl_kernel *k);

/* The error of an image that was read fine and holds no operating
 * system: a final answer (cached like a success), not a failure to read. */
#define GL_NO_OS_ERROR "no operating system found"
bool gl_image_is_no_os (const struct gl_image *img);

/* Set img->error (replacing any earlier one) from a printf format. */
void gl_image_set_error (struct gl_image *img, const char *fmt, ...)
  __attribute__ ((format (printf, 2, 3)));

/* Exit status for inspect/audit: 1 if any image has an error (or no OS),
 * else 3 if any OS is not KVM-bootable, else 0. */
int gl_report_exit_status (const struct gl_report *r);

#endif
