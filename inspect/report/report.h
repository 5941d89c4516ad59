/* guestlift: the report model -- a plain C struct tree.
 *
 * This is how rooms talk to each other: inspect/ fills it in, the writers
 * (report-json.c, report-xml.c, report-text.c) print it, convert/,
 * launch/ and batch/ read it.  Field names follow the JSON report one to
 * one, a public contract (guestlift-inspect(1), THE REPORT;
 * data/guestlift-report.schema.json).  All strings are owned (malloc'd)
 * and may be NULL where the contract says null.
 *
 * After each struct, its field list (GL_..._FIELDS) says how the report
 * carries each member: type, JSON key (NULL: outside the contract), XML,
 * text label.  The writers, the reader, the cache and the destructors
 * walk these lists (report-fields.h explains the columns), so a new
 * member is one line in the struct and one row here.
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
/* The names by value, NULL-terminated. */
extern const char *const gl_config_source_names[];

struct gl_virtio {
  bool blk, net, scsi, rng, balloon, console;
};
#define GL_VIRTIO_FIELDS(F)                                                   \
  F (blk, BOOL, "blk", .xml = "blk", .xml_attr = true)                        \
  F (net, BOOL, "net", .xml = "net", .xml_attr = true)                        \
  F (scsi, BOOL, "scsi", .xml = "scsi", .xml_attr = true)                     \
  F (rng, BOOL, "rng", .xml = "rng", .xml_attr = true)                        \
  F (balloon, BOOL, "balloon", .xml = "balloon", .xml_attr = true)            \
  F (console, BOOL, "console", .xml = "console", .xml_attr = true)

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
#define GL_KERNEL_FIELDS(F)                                                   \
  F (version, STRING, "version", .xml = "version")                            \
  F (vmlinuz, STRING, "vmlinuz", .xml = "vmlinuz")                            \
  F (initrd, STRING, "initrd", .xml = "initrd")                               \
  F (config, STRING, "config", .xml = "config")                               \
  F (config_source, ENUM, "config_source", .xml = "config-source",           \
     .names = gl_config_source_names)                                         \
  F (arch, STRING, "arch", .xml = "arch")                                     \
  F (xen_pv_only, TRISTATE, "xen_pv_only", .xml = "xen-pv-only")              \
  F (xen_pv_only_evidence, STRING, "xen_pv_only_evidence",                    \
     .xml = "evidence", .xml_in = "xen-pv-only")                              \
  F (virtio, OBJECT, "virtio", .xml = "virtio", .object = &gl_virtio_object) \
  F (initrd_has_virtio_blk, TRISTATE, "initrd_has_virtio_blk",                \
     .xml = "initrd-has-virtio-blk")                                          \
  F (is_default, BOOL, "default", .xml = "default", .xml_attr = true)        \
  F (has_ide, BOOL, NULL)                                                     \
  F (virtio_blk_builtin, BOOL, NULL)                                          \
  F (modules_dir, STRING, NULL)                                               \
  F (format_hint, STRING, NULL)                                               \
  F (config_unread, STRING, NULL, .transient = true)

/* A map of strings in order, a JSON object (GL_FT_MAP in the field
 * table): what a new map of the model (device names, drive letters, ...)
 * is made of.  Items with a NULL key are not printed. */
struct gl_string_pair {
  char *key;
  char *value;
};
DEFINE_VECTOR_TYPE (gl_string_map, struct gl_string_pair);

struct gl_mountpoint {
  char *mountpoint;        /* "/boot" */
  char *device;            /* "/dev/sda1" (appliance name) */
};
DEFINE_VECTOR_TYPE (gl_mountpoint_vector, struct gl_mountpoint);

struct gl_bootloader {
  char *type;              /* a format's name (common/bootloader's table) | "none" */
  char *config;            /* guest path or NULL */
  char *default_kernel;    /* version or NULL */
};
#define GL_BOOTLOADER_FIELDS(F)                                               \
  F (type, STRING, "type", .xml = "type", .xml_attr = true, .null_as = "none") \
  F (config, STRING, "config", .xml = "config")                               \
  F (default_kernel, STRING, "default_kernel", .xml = "default-kernel")

struct gl_xen_refs {
  string_vector fstab_devices;     /* "/dev/xvda1" */
  string_vector consoles;          /* "xvc0", "hvc0" */
  string_vector modprobe_aliases;  /* "alias eth0 xennet" */
};
#define GL_XEN_REFS_FIELDS(F)                                                 \
  F (fstab_devices, STRINGS, "fstab_devices", .xml = "fstab-devices",        \
     .xml_item = "device", .text = "fstab devices:")                          \
  F (consoles, STRINGS, "consoles", .xml = "consoles", .xml_item = "console", \
     .text = "consoles:")                                                     \
  F (modprobe_aliases, STRINGS, "modprobe_aliases", .xml = "modprobe-aliases", \
     .xml_item = "alias", .text = "modprobe aliases:", .text_sep = "; ")

struct gl_kvm_verdict {
  bool bootable;
  char *recommended_kernel;        /* version or NULL */
  string_vector blockers;
  string_vector warnings;
};
#define GL_KVM_VERDICT_FIELDS(F)                                              \
  F (bootable, BOOL, "bootable", .xml = "bootable", .xml_attr = true)         \
  F (recommended_kernel, STRING, "recommended_kernel",                        \
     .xml = "recommended-kernel")                                             \
  F (blockers, STRINGS, "blockers", .xml = "blockers", .xml_item = "blocker", \
     .text = "Blockers:", .text_color = GL_ANSI_RED)                          \
  F (warnings, STRINGS, "warnings", .xml = "warnings", .xml_item = "warning", \
     .text = "Warnings:", .text_color = GL_ANSI_YELLOW)

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
  char *osinfo;              /* libosinfo short id, e.g. "rhel5.11", "unknown" */
  gl_mountpoint_vector mountpoints;
  string_vector filesystems;
  gl_string_map drive_mappings;  /* Windows: drive letter -> device ("C" -> "/dev/sda2") */
  struct gl_bootloader bootloader;
  gl_kernel_vector kernels;
  struct gl_xen_refs xen;
  /* The guest's disks by their default Xen names ("/dev/xvda", in disk
   * order) -> their names on KVM ("/dev/vda"): the map convert applies
   * without a source config (common/bootloader's gl_devmap_disks). */
  gl_string_map device_map;
  struct gl_kvm_verdict kvm;

  /* Not in the contract: kernel command line of the default boot entry. */
  char *default_cmdline;
  /* Not in the contract: /etc/fstab's / and swap devices as written
   * ("/dev/xvda2"), which the boot needs (the verdict judges them). */
  string_vector fstab_boot_devices;
};
DEFINE_VECTOR_TYPE (gl_os_vector, struct gl_os *);
/* G: the JSON/XML object "version", made of version_major and _minor. */
#define GL_OS_FIELDS(F, G)                                                    \
  F (root, STRING, "root", .xml = "root",                                     \
     .text = "root:", .text_line = 40, .text_always = true)                   \
  F (type, STRING, "type", .xml = "type")                                     \
  F (distro, STRING, "distro", .xml = "distro")                               \
  F (product_name, STRING, "product_name", .xml = "product-name",            \
     .text = "product:", .text_line = 10)                                     \
  G (version, "version", .xml = "version", .object = &gl_os_version_object)  \
  F (arch, STRING, "arch", .xml = "arch")                                     \
  F (hostname, STRING, "hostname", .xml = "hostname",                         \
     .text = "hostname:", .text_line = 30)                                    \
  F (package_format, STRING, "package_format", .xml = "package-format")       \
  F (package_management, STRING, "package_management",                        \
     .xml = "package-management")                                             \
  F (osinfo, STRING, "osinfo", .xml = "osinfo")                               \
  F (mountpoints, MAP, "mountpoints", .xml = "mountpoints",                   \
     .xml_item = "mountpoint", .xml_key = "path", .xml_value = "device")      \
  F (filesystems, STRINGS, "filesystems", .xml = "filesystems",              \
     .xml_item = "filesystem")                                                \
  F (drive_mappings, MAP, "drive_mappings", .xml = "drive-mappings",         \
     .xml_item = "drive-mapping", .xml_key = "letter", .xml_value = "device") \
  F (bootloader, OBJECT, "bootloader", .xml = "bootloader",                   \
     .object = &gl_bootloader_object)                                         \
  F (kernels, OBJECTS, "kernels", .xml = "kernels", .xml_item = "kernel",     \
     .object = &gl_kernel_object)                                             \
  F (xen, OBJECT, "xen", .xml = "xen", .object = &gl_xen_refs_object,         \
     .text = "Xen references:")                                               \
  F (device_map, MAP, "device_map", .xml = "device-map",                      \
     .xml_item = "device", .xml_key = "source", .xml_value = "target")        \
  F (kvm, OBJECT, "kvm", .xml = "kvm", .object = &gl_kvm_verdict_object)      \
  F (default_cmdline, STRING, NULL, .text = "cmdline:", .text_line = 60)      \
  F (fstab_boot_devices, STRINGS, NULL)
#define GL_OS_VERSION_FIELDS(F)                                               \
  F (version_major, INT, "major", .xml = "major", .xml_attr = true)           \
  F (version_minor, INT, "minor", .xml = "minor", .xml_attr = true)

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
  /* Not in the contract: it holds a LUKS device (never cached). */
  bool encrypted;
};
DEFINE_VECTOR_TYPE (gl_image_vector, struct gl_image *);
#define GL_IMAGE_FIELDS(F)                                                    \
  F (path, STRING, "path", .xml = "path", .xml_attr = true)                   \
  F (format, STRING, "format", .xml = "format", .xml_attr = true)             \
  F (virtual_size, SIZE, "virtual_size", .xml = "virtual-size",               \
     .xml_attr = true)                                                        \
  F (error, STRING, "error", .xml = "error")                                  \
  F (oses, OBJECTS, "operating_systems", .xml_item = "operating-system",      \
     .object = &gl_os_object)                                                 \
  F (secondary_disk, BOOL, NULL, .transient = true)                          \
  F (encrypted, BOOL, NULL, .transient = true)

struct gl_report {
  gl_image_vector images;
};
#define GL_REPORT_FIELDS(F)                                                   \
  F (images, OBJECTS, "images", .xml_item = "image", .object = &gl_image_object, \
     .max_items = GL_REPORT_MAX_IMAGES)
/* The reader's bound on images (others: GL_REPORT_READ_MAX_ITEMS). */
#define GL_REPORT_MAX_IMAGES 65536

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
