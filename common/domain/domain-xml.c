/* guestlift: the libvirt domain XML writer (see domain-xml.h).
 *
 * The element layout per target comes from the profile table in target.c;
 * this file only decides the order libvirt's schema wants.  The document
 * is built in a memory buffer and written in one go.
 */
#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libxml/xmlwriter.h>

#include "cleanup.h"
#include "domain-xml.h"
#include "target.h"

#define MAX_VCPUS 4096

/* Formats libvirt's schema (storageFormat) accepts that we may meet. */
static const char *const disk_formats[] = {
  "raw", "qcow", "qcow2", "qed", "vmdk", "vdi", "vpc", "vhd",
};

static const char *const arches[] = { "x86_64", "i686" };

static bool
in_table (const char *s, const char *const *table, size_t n)
{
  for (size_t i = 0; i < n; ++i)
    if (strcmp (s, table[i]) == 0)
      return true;
  return false;
}

static bool
is_hex (char c)
{
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') ||
    (c >= 'A' && c <= 'F');
}

/* 32 hex digits, or 8-4-4-4-12 with dashes (libvirt's UUID type). */
static bool
valid_uuid (const char *s)
{
  size_t len = strlen (s);

  if (len == 32) {
    for (size_t i = 0; i < 32; ++i)
      if (!is_hex (s[i]))
        return false;
    return true;
  }
  if (len != 36)
    return false;
  for (size_t i = 0; i < 36; ++i) {
    bool dash = i == 8 || i == 13 || i == 18 || i == 23;
    if (dash ? s[i] != '-' : !is_hex (s[i]))
      return false;
  }
  return true;
}

/* A unicast MAC: xx:xx:xx:xx:xx:xx, low bit of the first octet clear. */
static bool
valid_mac (const char *s)
{
  if (strlen (s) != 17)
    return false;
  for (size_t i = 0; i < 17; ++i)
    if (i % 3 == 2 ? s[i] != ':' : !is_hex (s[i]))
      return false;
  return strchr ("02468aAcCeE", s[1]) != NULL;
}

static bool
has_control_chars (const char *s)
{
  for (; *s; ++s)
    if ((unsigned char) *s < 0x20 || *s == 0x7f)
      return true;
  return false;
}

const char *
gl_domain_spec_invalid (const struct gl_domain_spec *spec)
{
  const struct gl_target_profile *p = spec->target;

  if (p == NULL)
    return "unknown target";
  if (spec->name == NULL || spec->name[0] == '\0')
    return "no guest name";
  if (strchr (spec->name, '/') || has_control_chars (spec->name))
    return "the guest name contains '/' or control characters";
  if (spec->uuid && !valid_uuid (spec->uuid))
    return "invalid UUID";
  if (spec->memory_mib == 0)
    return "memory not set";
  if (spec->memory_mib > (UINT64_MAX >> 20))
    return "memory out of range";
  if (spec->vcpus > MAX_VCPUS)
    return "too many vCPUs";
  if (spec->arch && !in_table (spec->arch, arches,
                               sizeof arches / sizeof arches[0]))
    return "unsupported architecture";
  if (spec->n_disks > 0 && spec->disks == NULL)
    return "no disk array";
  if (spec->n_nics > 0 && spec->nics == NULL)
    return "no NIC array";
  for (size_t i = 0; i < spec->n_disks; ++i) {
    const struct gl_domain_disk *d = &spec->disks[i];
    if (d->path == NULL && !d->cdrom)
      return "a disk without a path";
    if ((d->path && has_control_chars (d->path)) ||
        (d->target_dev && (d->target_dev[0] == '\0' ||
                           has_control_chars (d->target_dev))))
      return "a disk path or device name contains control characters";
    if ((d->format && !in_table (d->format, disk_formats,
                                 sizeof disk_formats / sizeof disk_formats[0])) ||
        (d->backing && (!d->backing_format ||
                        !in_table (d->backing_format, disk_formats,
                                   sizeof disk_formats / sizeof disk_formats[0]))))
      return "unsupported disk format";
    if (d->backing && (has_control_chars (d->backing) || !d->path))
      return "a disk's backing file has no disk or contains control characters";
    if (d->target_dev == NULL && d->bus == NULL && i >= p->max_disks)
      return "too many disks for the target's disk bus";
  }
  for (size_t i = 0; i < spec->n_nics; ++i)
    if (spec->nics[i].mac && !valid_mac (spec->nics[i].mac))
      return "invalid MAC address";
  if (spec->graphics == GL_GRAPHICS_SPICE && p->paravirt)
    return "SPICE graphics are not available to Xen PV guests";
  if ((unsigned) spec->graphics > GL_GRAPHICS_NONE)
    return "unknown graphics type";
  if ((spec->on_poweroff && !gl_domain_action_valid ("poweroff", spec->on_poweroff)) ||
      (spec->on_reboot && !gl_domain_action_valid ("reboot", spec->on_reboot)) ||
      (spec->on_crash && !gl_domain_action_valid ("crash", spec->on_crash)))
    return "an on_poweroff, on_reboot or on_crash action libvirt does not know";
  if ((spec->kernel && has_control_chars (spec->kernel)) ||
      (spec->initrd && has_control_chars (spec->initrd)) ||
      (spec->console_log && has_control_chars (spec->console_log)))
    return "a path contains control characters";
  return NULL;
}

bool
gl_domain_action_valid (const char *event, const char *action)
{
  static const char *const common[] = { "destroy", "restart", "preserve",
                                        "rename-restart" };
  static const char *const crash[] = { "coredump-destroy", "coredump-restart" };
  if (!event || !action)
    return false;
  if (in_table (action, common, sizeof common / sizeof common[0]))
    return true;
  return strcmp (event, "crash") == 0 &&
    in_table (action, crash, sizeof crash / sizeof crash[0]);
}

int
gl_uuid_generate (char buf[37])
{
  unsigned char b[16];
  size_t got = 0;
  int fd = open ("/dev/urandom", O_RDONLY | O_CLOEXEC);

  if (fd == -1)
    return -1;
  while (got < sizeof b) {
    ssize_t n = read (fd, b + got, sizeof b - got);
    if (n <= 0) {
      if (n == -1 && errno == EINTR)
        continue;
      close (fd);
      if (n == 0)
        errno = EIO;
      return -1;
    }
    got += n;
  }
  close (fd);
  b[6] = (b[6] & 0x0f) | 0x40;  /* version 4 */
  b[8] = (b[8] & 0x3f) | 0x80;  /* RFC 4122 variant */
  snprintf (buf, 37,
            "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-"
            "%02x%02x%02x%02x%02x%02x",
            b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7],
            b[8], b[9], b[10], b[11], b[12], b[13], b[14], b[15]);
  return 0;
}

/* Shorthands over xmlTextWriter: each returns -1 on failure. */
#define W(call) do { if ((call) < 0) return -1; } while (0)
#define START(w, n) W (xmlTextWriterStartElement ((w), BAD_CAST (n)))
#define END(w) W (xmlTextWriterEndElement (w))
#define ATTR(w, n, v) \
  W (xmlTextWriterWriteAttribute ((w), BAD_CAST (n), BAD_CAST (v)))
#define TEXT(w, n, v) \
  W (xmlTextWriterWriteElement ((w), BAD_CAST (n), BAD_CAST (v)))

static int
write_empty (xmlTextWriterPtr w, const char *elem,
             const char *attr, const char *value)
{
  START (w, elem);
  if (attr)
    ATTR (w, attr, value);
  END (w);
  return 0;
}

static int
write_os (xmlTextWriterPtr w, const struct gl_domain_spec *spec,
          const struct gl_target_profile *p)
{
  bool pv = p->paravirt;

  if (pv && spec->kernel == NULL) {
    TEXT (w, "bootloader", spec->bootloader ? spec->bootloader
          : p->default_bootloader);
    if (spec->bootloader_args)
      TEXT (w, "bootloader_args", spec->bootloader_args);
  }

  START (w, "os");
  START (w, "type");
  ATTR (w, "arch", spec->arch ? spec->arch : "x86_64");
  if (p->machine)
    ATTR (w, "machine", p->machine);
  W (xmlTextWriterWriteString (w, BAD_CAST p->os_type));
  END (w);
  if (p->loader) {
    START (w, "loader");
    ATTR (w, "type", "rom");
    W (xmlTextWriterWriteString (w, BAD_CAST p->loader));
    END (w);
  }
  if (spec->kernel) {
    TEXT (w, "kernel", spec->kernel);
    if (spec->initrd)
      TEXT (w, "initrd", spec->initrd);
    if (spec->cmdline)
      TEXT (w, "cmdline", spec->cmdline);
  }
  /* A kernel given boots directly: no disk's boot code is asked for. */
  if (!pv && !spec->kernel)
    W (write_empty (w, "boot", "dev", "hd"));
  END (w);
  return 0;
}

static int
write_features (xmlTextWriterPtr w, const struct gl_target_profile *p)
{
  if (!p->acpi && !p->apic && !p->pae)
    return 0;
  START (w, "features");
  if (p->acpi)
    W (write_empty (w, "acpi", NULL, NULL));
  if (p->apic)
    W (write_empty (w, "apic", NULL, NULL));
  if (p->pae)
    W (write_empty (w, "pae", NULL, NULL));
  END (w);
  return 0;
}

/* The disk's backing chain as libvirt is to open it: none (an empty
 * <backingStore/> ends the chain), the one file guestlift gave it, or --
 * only when the user allowed it -- whatever the image names. */
static int
write_backing (xmlTextWriterPtr w, const struct gl_domain_disk *d)
{
  if (d->backing) {
    START (w, "backingStore");
    ATTR (w, "type", "file");
    W (write_empty (w, "format", "type", d->backing_format));
    W (write_empty (w, "source", "file", d->backing));
  }
  if (!d->backing_allowed)
    W (write_empty (w, "backingStore", NULL, NULL));
  if (d->backing)
    END (w);
  return 0;
}

static int
write_disk (xmlTextWriterPtr w, const struct gl_domain_spec *spec,
            const struct gl_target_profile *p, size_t index)
{
  const struct gl_domain_disk *d = &spec->disks[index];
  CLEANUP_FREE char *dev = NULL;
  bool xen = strcmp (p->domain_type, "xen") == 0;

  if (d->target_dev == NULL) {
    dev = gl_target_device_name (p, index, 0);
    if (dev == NULL)
      return -1;
  }

  START (w, "disk");
  ATTR (w, "type", d->block ? "block" : "file");
  ATTR (w, "device", d->cdrom ? "cdrom" : "disk");
  /* libxl takes a block device raw through blkback ("phy"), anything else
   * through qemu; KVM is always qemu. */
  START (w, "driver");
  if (xen && d->block)
    ATTR (w, "name", "phy");
  else {
    ATTR (w, "name", "qemu");
    if (d->format)
      ATTR (w, "type", d->format);
  }
  END (w);
  if (d->path) {
    W (write_empty (w, "source", d->block ? "dev" : "file", d->path));
    W (write_backing (w, d));
  }
  START (w, "target");
  ATTR (w, "dev", d->target_dev ? d->target_dev : dev);
  ATTR (w, "bus", d->bus ? d->bus : p->disk_bus);
  END (w);
  if (d->readonly || d->cdrom)
    W (write_empty (w, "readonly", NULL, NULL));
  END (w);
  return 0;
}

static int
write_nic (xmlTextWriterPtr w, const struct gl_domain_nic *n,
           const struct gl_target_profile *p)
{
  const char *model = n->model ? n->model : p->nic_model;

  START (w, "interface");
  ATTR (w, "type", n->bridge ? "bridge" : "network");
  if (n->mac)
    W (write_empty (w, "mac", "address", n->mac));
  if (n->bridge)
    W (write_empty (w, "source", "bridge", n->bridge));
  else
    W (write_empty (w, "source", "network",
                    n->network ? n->network : "default"));
  if (model)
    W (write_empty (w, "model", "type", model));
  END (w);
  return 0;
}

/* A pty (or a log file) behind the guest's console: a serial port plus
 * <console> for HVM, the Xen PV console alone for PV. */
static int
write_console (xmlTextWriterPtr w, const struct gl_domain_spec *spec,
               const struct gl_target_profile *p)
{
  const char *type = spec->console_log ? "file" : "pty";
  bool serial = strcmp (p->console_target, "serial") == 0;

  if (spec->no_console)
    return 0;
  if (serial) {
    START (w, "serial");
    ATTR (w, "type", type);
    if (spec->console_log)
      W (write_empty (w, "source", "path", spec->console_log));
    W (write_empty (w, "target", "port", "0"));
    END (w);
  }
  START (w, "console");
  ATTR (w, "type", type);
  if (spec->console_log)
    W (write_empty (w, "source", "path", spec->console_log));
  START (w, "target");
  ATTR (w, "type", p->console_target);
  ATTR (w, "port", "0");
  END (w);
  END (w);
  return 0;
}

static int
write_devices (xmlTextWriterPtr w, const struct gl_domain_spec *spec,
               const struct gl_target_profile *p)
{
  START (w, "devices");
  for (size_t i = 0; i < spec->n_disks; ++i)
    W (write_disk (w, spec, p, i));
  for (size_t i = 0; i < spec->n_nics; ++i)
    W (write_nic (w, &spec->nics[i], p));
  W (write_console (w, spec, p));
  if (spec->graphics != GL_GRAPHICS_NONE) {
    START (w, "graphics");
    ATTR (w, "type", spec->graphics == GL_GRAPHICS_SPICE ? "spice" : "vnc");
    ATTR (w, "autoport", "yes");
    END (w);
    if (p->video_model) {
      START (w, "video");
      W (write_empty (w, "model", "type", p->video_model));
      END (w);
    }
  }
  if (p->memballoon_model)
    W (write_empty (w, "memballoon", "model", p->memballoon_model));
  if (p->rng_model) {
    START (w, "rng");
    ATTR (w, "model", p->rng_model);
    START (w, "backend");
    ATTR (w, "model", "random");
    W (xmlTextWriterWriteString (w, BAD_CAST "/dev/urandom"));
    END (w);
    END (w);
  }
  END (w);
  return 0;
}

static int
write_domain (xmlTextWriterPtr w, const struct gl_domain_spec *spec,
              const struct gl_target_profile *p, const char *uuid)
{
  char num[32];

  W (xmlTextWriterSetIndent (w, 1));
  W (xmlTextWriterSetIndentString (w, BAD_CAST "  "));
  W (xmlTextWriterStartDocument (w, NULL, NULL, NULL));
  START (w, "domain");
  ATTR (w, "type", p->domain_type);
  TEXT (w, "name", spec->name);
  TEXT (w, "uuid", uuid);
  snprintf (num, sizeof num, "%" PRIu64, spec->memory_mib);
  START (w, "memory");
  ATTR (w, "unit", "MiB");
  W (xmlTextWriterWriteString (w, BAD_CAST num));
  END (w);
  START (w, "currentMemory");
  ATTR (w, "unit", "MiB");
  W (xmlTextWriterWriteString (w, BAD_CAST num));
  END (w);
  snprintf (num, sizeof num, "%u", spec->vcpus ? spec->vcpus : 1);
  TEXT (w, "vcpu", num);
  W (write_os (w, spec, p));
  W (write_features (w, p));
  W (write_empty (w, "clock", "offset", "utc"));
  TEXT (w, "on_poweroff", spec->on_poweroff ? spec->on_poweroff : "destroy");
  TEXT (w, "on_reboot", spec->on_reboot ? spec->on_reboot : "restart");
  TEXT (w, "on_crash", spec->on_crash ? spec->on_crash : "destroy");
  W (write_devices (w, spec, p));
  END (w);
  W (xmlTextWriterEndDocument (w));
  return 0;
}

int
gl_domain_xml_write (const struct gl_domain_spec *spec, FILE *fp)
{
  const struct gl_target_profile *p;
  char uuid[37];
  xmlBufferPtr buf;
  xmlTextWriterPtr w;
  size_t len;
  int r;

  if (gl_domain_spec_invalid (spec)) {
    errno = EINVAL;
    return -1;
  }
  p = spec->target;
  if (spec->uuid) {
    snprintf (uuid, sizeof uuid, "%s", spec->uuid);
  }
  else if (gl_uuid_generate (uuid) == -1)
    return -1;

  buf = xmlBufferCreate ();
  if (buf == NULL) {
    errno = ENOMEM;
    return -1;
  }
  w = xmlNewTextWriterMemory (buf, 0);
  if (w == NULL) {
    xmlBufferFree (buf);
    errno = ENOMEM;
    return -1;
  }
  r = write_domain (w, spec, p, uuid);
  xmlFreeTextWriter (w);        /* flushes into buf */
  if (r == -1) {
    xmlBufferFree (buf);
    errno = ENOMEM;
    return -1;
  }
  len = xmlBufferLength (buf);
  if (len == 0 || xmlBufferContent (buf)[len - 1] != '\n')
    r = xmlBufferAdd (buf, BAD_CAST "\n", 1);     /* end with a newline */
  if (r != 0) {
    xmlBufferFree (buf);
    errno = ENOMEM;
    return -1;
  }
  len = xmlBufferLength (buf);
  if (fwrite (xmlBufferContent (buf), 1, len, fp) != len || fflush (fp) != 0) {
    xmlBufferFree (buf);
    errno = EIO;
    return -1;
  }
  xmlBufferFree (buf);
  return 0;
}
