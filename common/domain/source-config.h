/* guestlift: the Xen guest's own definition, read from an xl/xm config
 * file (with Xen's libxlutil) or from libvirt domain XML (libxml2): the
 * facts convert needs to build the new guest.
 *
 * The file is hostile input: it is read whole with a 1 MiB bound, libvirt
 * XML is parsed without network access, without DTDs and without entity
 * loading (a document with a DOCTYPE is refused).
 */
#ifndef GUESTLIFT_DOMAIN_SOURCE_CONFIG_H
#define GUESTLIFT_DOMAIN_SOURCE_CONFIG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "err.h"
#include "vector.h"

/* Input larger than this is refused (errno EFBIG). */
#define GL_SOURCE_CONFIG_MAX_SIZE (1024 * 1024)

enum gl_source_syntax {
  GL_SOURCE_XL,                 /* xl or xm config file */
  GL_SOURCE_LIBVIRT,            /* libvirt <domain> XML */
};

enum gl_guest_type {
  GL_GUEST_PV = 0,              /* the default when nothing says otherwise */
  GL_GUEST_HVM,
  GL_GUEST_PVH,
};

enum gl_disk_device {
  GL_DISK_DISK = 0,
  GL_DISK_CDROM,
  GL_DISK_FLOPPY,               /* libvirt XML only */
};

struct gl_source_disk {
  char *path;           /* image file or block device; NULL: empty CD-ROM */
  char *target;         /* Xen's device name: "xvda", "hdc"; never NULL */
  char *format;         /* "raw", "qcow2", "qcow", "vhd", "qed"...; NULL unknown */
  enum gl_disk_device device;
  bool readonly;
  bool is_block_device; /* phy:, backendtype=phy, a /dev/ path,
                           or <disk type='block'> */
};

struct gl_source_nic {
  char *mac;            /* "00:16:3e:..." as written, or NULL */
  char *bridge;         /* or NULL */
  char *network;        /* libvirt <interface type='network'> only, or NULL */
  char *model;          /* "e1000", "netfront"...; or NULL */
};

DEFINE_VECTOR_TYPE (gl_source_disk_vector, struct gl_source_disk);
DEFINE_VECTOR_TYPE (gl_source_nic_vector, struct gl_source_nic);

struct gl_source_config {
  enum gl_source_syntax syntax;
  char *name;           /* never NULL after a successful read */
  char *uuid;           /* as written, or NULL */
  uint64_t memory_mib;  /* 0: not set (libvirt XML: rounded up to MiB) */
  unsigned vcpus;       /* 0: not set */
  enum gl_guest_type type;
  char *arch;           /* libvirt <type arch=...>, or NULL (xl has none) */
  char *kernel;         /* direct boot kernel (dom0 path), or NULL; an HVM
                           "kernel = hvmloader" is dropped */
  char *ramdisk;        /* or NULL */
  char *extra;          /* xl "extra", or NULL */
  char *root;           /* xl "root", else the root= of the command line, or NULL */
  char *cmdline;        /* the effective kernel command line: xl "cmdline",
                           else "root=ROOT EXTRA" as xl builds it; libvirt
                           <cmdline>; or NULL */
  char *bootloader;     /* "/usr/bin/pygrub", "pygrub"... or NULL */
  char *bootloader_args; /* or NULL */
  /* xl on_poweroff, on_reboot, on_crash (libvirt <on_...>), as written,
   * or NULL. */
  char *on_poweroff, *on_reboot, *on_crash;
  gl_source_disk_vector disks;
  gl_source_nic_vector nics;
};

/* Read PATH (libvirt XML if its first non-space byte is '<', else xl/xm).
 * On success returns 0 and fills *OUT (which the caller frees with
 * gl_source_config_free).  On failure returns -1 with *OUT zeroed and ERR
 * (may be NULL) set to a one-line reason without the file name, e.g.
 * "line 3: syntax error ...", "no <name>", "memory: not a number", and
 * its errno (EFBIG: over 1 MiB; EINVAL: bad syntax or value; ENOTSUP: an
 * xl/xm config built --without-xen; ENOMEM; errors from open/read). */
int gl_source_config_read (const char *path, struct gl_source_config *out,
                           struct gl_err *err);

/* The same on a buffer of LEN bytes (need not be NUL-terminated). */
int gl_source_config_read_data (const char *data, size_t len,
                                struct gl_source_config *out,
                                struct gl_err *err);

/* The definition of the libvirt domain NAME on connection URI (NULL:
 * libvirt's default, LIBVIRT_DEFAULT_URI included), opened read-only.
 * -1 with ERR set when libvirt is not built in (ENOTSUP), the connection
 * (EIO) or the domain (ENOENT) is not there, or its XML cannot be read
 * (EIO, or the errors of gl_source_config_read_data). */
int gl_source_domain_read (const char *uri, const char *name,
                           struct gl_source_config *out, struct gl_err *err);

void gl_source_config_free (struct gl_source_config *c);

/* "pv", "hvm", "pvh"; "disk", "cdrom", "floppy". */
const char *gl_guest_type_name (enum gl_guest_type t);
const char *gl_disk_device_name (enum gl_disk_device d);

#endif
