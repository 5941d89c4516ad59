/* guestlift: read a libvirt <domain> XML (as "virsh dumpxml" writes it for
 * a Xen guest) with libxml2 and XPath.
 *
 * Parsing is locked down: no network (XML_PARSE_NONET), no entity
 * substitution (no XML_PARSE_NOENT), no DTD loading or validation; and a
 * document with a DOCTYPE is refused outright, since libvirt never writes
 * one and it is the only way to declare entities.
 */
#include <config.h>

#include <ctype.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xpath.h>

#include "cleanup.h"
#include "err.h"
#include "source-config.h"
#include "source-config-impl.h"
#include "xml-cleanup.h"

struct lv_reader {
  xmlXPathContextPtr xpath;
  struct gl_err *err;
};

/* An optional string: the value of the first node EXPR selects from
 * NODE (NULL: the document), trimmed of surrounding white space, in
 * *OUT, or NULL when nothing is selected.  0, or -1 with the error (out
 * of memory). */
static int
get_string (struct lv_reader *r, xmlNodePtr node, const char *expr,
            char **out)
{
  xmlXPathObjectPtr obj;
  xmlChar *content;
  const char *s;
  size_t n;

  *out = NULL;
  obj = xmlXPathNodeEval (node ? node : (xmlNodePtr) r->xpath->doc,
                          BAD_CAST expr, r->xpath);
  if (obj == NULL)
    return gl_source_oom (r->err);
  if (obj->type != XPATH_NODESET || obj->nodesetval == NULL ||
      obj->nodesetval->nodeNr == 0) {
    xmlXPathFreeObject (obj);
    return 0;
  }
  content = xmlNodeGetContent (obj->nodesetval->nodeTab[0]);
  xmlXPathFreeObject (obj);
  if (content == NULL)
    *out = strdup ("");
  else {
    s = (const char *) content;
    s += strspn (s, " \t\r\n");
    n = strlen (s);
    while (n > 0 && strchr (" \t\r\n", s[n - 1]))
      n--;
    *out = strndup (s, n);
    xmlFree (content);
  }
  return *out ? 0 : gl_source_oom (r->err);
}

/* The nodes EXPR selects (may be empty); NULL with the error (out of
 * memory). */
static xmlXPathObjectPtr
xp_nodes (struct lv_reader *r, const char *expr)
{
  xmlXPathObjectPtr obj =
    xmlXPathNodeEval ((xmlNodePtr) r->xpath->doc, BAD_CAST expr, r->xpath);
  if (obj == NULL || obj->type != XPATH_NODESET) {
    xmlXPathFreeObject (obj);
    gl_source_oom (r->err);
    return NULL;
  }
  return obj;
}

static int
parse_u64 (const char *s, uint64_t *v)
{
  uint64_t n = 0;

  if (*s == '\0')
    return -1;
  for (; *s; ++s) {
    if (*s < '0' || *s > '9' || n > (UINT64_MAX - (*s - '0')) / 10)
      return -1;
    n = n * 10 + (*s - '0');
  }
  *v = n;
  return 0;
}

/* libvirt's units (virScaleInteger): "b"/"bytes"; else k, M, G, T, P, E
 * (any case), alone or with "iB" = powers of 1024, with "B" = powers of
 * 1000.  No unit means KiB. */
static int
unit_scale (const char *unit, uint64_t *scale)
{
  static const char powers[] = "kmgtpe";
  const char *p;
  uint64_t base, m = 1;

  if (unit == NULL || unit[0] == '\0') {
    *scale = 1024;
    return 0;
  }
  if (strcasecmp (unit, "b") == 0 || strcasecmp (unit, "bytes") == 0) {
    *scale = 1;
    return 0;
  }
  p = strchr (powers, tolower ((unsigned char) unit[0]));
  if (p == NULL || unit[0] == '\0')
    return -1;
  if (unit[1] == '\0' || strcasecmp (unit + 1, "iB") == 0)
    base = 1024;
  else if ((unit[1] == 'B' || unit[1] == 'b') && unit[2] == '\0')
    base = 1000;
  else
    return -1;
  for (long i = 0; i <= p - powers; ++i)
    m *= base;                  /* at most 1024^6 = 2^60: no overflow */
  *scale = m;
  return 0;
}

static int
read_memory (struct lv_reader *r, struct gl_source_config *out)
{
  CLEANUP_FREE char *text = NULL, *unit = NULL;
  uint64_t value, scale, bytes;

  if (get_string (r, NULL, "/domain/memory", &text) == -1 ||
      get_string (r, NULL, "/domain/memory/@unit", &unit) == -1)
    return -1;
  if (text == NULL)
    return 0;
  if (parse_u64 (text, &value) == -1)
    return gl_err_set (r->err, EINVAL, "memory: not a number");
  if (unit_scale (unit, &scale) == -1)
    return gl_err_set (r->err, EINVAL, "memory: unknown unit '%s'", unit);
  if (value > UINT64_MAX / scale)
    return gl_err_set (r->err, EINVAL, "memory: out of range");
  bytes = value * scale;
  /* Round up, so that a small odd amount never reads as "not set". */
  out->memory_mib = (bytes >> 20) + ((bytes & ((1 << 20) - 1)) != 0);
  return 0;
}

static int
read_vcpus (struct lv_reader *r, struct gl_source_config *out)
{
  CLEANUP_FREE char *text = NULL, *current = NULL;
  uint64_t v;

  if (get_string (r, NULL, "/domain/vcpu", &text) == -1 ||
      get_string (r, NULL, "/domain/vcpu/@current", &current) == -1)
    return -1;
  if (current) {                /* vCPUs online at boot */
    free (text);
    text = GL_STEAL (current);
  }
  if (text == NULL)
    return 0;
  if (parse_u64 (text, &v) == -1)
    return gl_err_set (r->err, EINVAL, "vcpu: not a number");
  if (v < 1 || v > GL_SOURCE_MAX_VCPUS)
    return gl_err_set (r->err, EINVAL, "vcpu: out of range");
  out->vcpus = v;
  return 0;
}

/* <os><type>: "linux" and "xen" are PV in libvirt's Xen drivers. */
static const struct {
  const char *name;
  enum gl_guest_type type;
} os_types[] = {
  { "linux", GL_GUEST_PV }, { "xen", GL_GUEST_PV },
  { "hvm", GL_GUEST_HVM }, { "xenpvh", GL_GUEST_PVH },
};

static int
read_os (struct lv_reader *r, struct gl_source_config *out)
{
  CLEANUP_FREE char *type = NULL;
  size_t i;

  if (get_string (r, NULL, "/domain/os/type", &type) == -1)
    return -1;
  if (type) {
    for (i = 0; i < sizeof os_types / sizeof os_types[0]; ++i)
      if (strcmp (type, os_types[i].name) == 0)
        break;
    if (i == sizeof os_types / sizeof os_types[0])
      return gl_err_set (r->err, EINVAL, "<os><type>: unknown value '%s'",
                         type);
    out->type = os_types[i].type;
  }

  if (get_string (r, NULL, "/domain/os/type/@arch", &out->arch) == -1 ||
      get_string (r, NULL, "/domain/os/kernel", &out->kernel) == -1 ||
      get_string (r, NULL, "/domain/os/initrd", &out->ramdisk) == -1 ||
      get_string (r, NULL, "/domain/os/cmdline", &out->cmdline) == -1 ||
      get_string (r, NULL, "/domain/bootloader", &out->bootloader) == -1 ||
      get_string (r, NULL, "/domain/bootloader_args",
                  &out->bootloader_args) == -1 ||
      get_string (r, NULL, "/domain/on_poweroff", &out->on_poweroff) == -1 ||
      get_string (r, NULL, "/domain/on_reboot", &out->on_reboot) == -1 ||
      get_string (r, NULL, "/domain/on_crash", &out->on_crash) == -1)
    return -1;
  /* Empty elements say nothing. */
  if (out->kernel && out->kernel[0] == '\0') {
    free (out->kernel); out->kernel = NULL;
  }
  if (out->bootloader && out->bootloader[0] == '\0') {
    free (out->bootloader); out->bootloader = NULL;
  }
  return gl_source_root_from_cmdline (out, r->err);
}

static const struct {
  const char *name;
  enum gl_disk_device device;
} disk_devices[] = {
  { "disk", GL_DISK_DISK }, { "lun", GL_DISK_DISK },
  { "cdrom", GL_DISK_CDROM }, { "floppy", GL_DISK_FLOPPY },
};

static void
free_disk (struct gl_source_disk *d)
{
  free (d->path);
  free (d->target);
  free (d->format);
}

static int
read_disk (struct lv_reader *r, xmlNodePtr node, size_t index,
           struct gl_source_config *out)
{
  struct gl_source_disk d = { 0 };
  CLEANUP_FREE char *type = NULL, *device = NULL, *driver = NULL;
  CLEANUP_FREE char *ro = NULL;
  size_t i;

  if (get_string (r, node, "@type", &type) == -1 ||
      get_string (r, node, "@device", &device) == -1 ||
      get_string (r, node, "driver/@name", &driver) == -1 ||
      get_string (r, node, "driver/@type", &d.format) == -1 ||
      get_string (r, node, "target/@dev", &d.target) == -1 ||
      get_string (r, node, "readonly", &ro) == -1)
    goto fail;

  for (i = 0; i < sizeof disk_devices / sizeof disk_devices[0]; ++i)
    if (strcmp (device ? device : "disk", disk_devices[i].name) == 0)
      break;
  if (i == sizeof disk_devices / sizeof disk_devices[0]) {
    gl_err_set (r->err, EINVAL, "disk %zu: unknown device '%s'",
                index + 1, device);
    goto fail;
  }
  d.device = disk_devices[i].device;
  d.readonly = ro != NULL;

  if (d.target == NULL || d.target[0] == '\0') {
    gl_err_set (r->err, EINVAL, "disk %zu: no <target dev>", index + 1);
    goto fail;
  }

  if (type == NULL || strcmp (type, "file") == 0) {
    if (get_string (r, node, "source/@file", &d.path) == -1)
      goto fail;
  }
  else if (strcmp (type, "block") == 0) {
    d.is_block_device = true;
    if (get_string (r, node, "source/@dev", &d.path) == -1)
      goto fail;
  }
  else if (d.device == GL_DISK_DISK) {
    gl_err_set (r->err, EINVAL, "disk %zu: type '%s' is not supported",
                index + 1, type);
    goto fail;
  }
  if (d.path && d.path[0] == '\0') {
    free (d.path);
    d.path = NULL;
  }
  if (d.path == NULL && d.device == GL_DISK_DISK) {
    gl_err_set (r->err, EINVAL, "disk %zu: no <source>", index + 1);
    goto fail;
  }

  /* Xen's blktap drivers: <driver name='tap' type='aio'/> is a raw file;
   * <driver name='phy'/> a block device; <driver name='file'/> raw. */
  if (d.format && strcmp (d.format, "aio") == 0) {
    free (d.format);
    d.format = strdup ("raw");
    if (d.format == NULL) {
      gl_source_oom (r->err);
      goto fail;
    }
  }
  else if (d.format && d.format[0] == '\0') {
    free (d.format);
    d.format = NULL;
  }
  if (driver && strcmp (driver, "phy") == 0)
    d.is_block_device = true;

  if (gl_source_disk_vector_append (&out->disks, d) == -1) {
    gl_source_oom (r->err);
    goto fail;
  }
  return 0;

 fail:
  free_disk (&d);
  return -1;
}

static int
read_nic (struct lv_reader *r, xmlNodePtr node,
          struct gl_source_config *out)
{
  struct gl_source_nic n = { 0 };

  if (get_string (r, node, "mac/@address", &n.mac) == -1 ||
      get_string (r, node, "source/@bridge", &n.bridge) == -1 ||
      get_string (r, node, "source/@network", &n.network) == -1 ||
      get_string (r, node, "model/@type", &n.model) == -1)
    goto fail;
  if (gl_source_nic_vector_append (&out->nics, n) == -1) {
    gl_source_oom (r->err);
    goto fail;
  }
  return 0;

 fail:
  free (n.mac);
  free (n.bridge);
  free (n.network);
  free (n.model);
  return -1;
}

static int
read_devices (struct lv_reader *r, struct gl_source_config *out)
{
  CLEANUP_XPATH_OBJ xmlXPathObjectPtr disks = xp_nodes (r, "/domain/devices/disk");
  CLEANUP_XPATH_OBJ xmlXPathObjectPtr nics = xp_nodes (r, "/domain/devices/interface");
  if (disks == NULL || nics == NULL)
    return -1;

  if (disks->nodesetval && disks->nodesetval->nodeNr > GL_SOURCE_MAX_DISKS)
    return gl_err_set (r->err, EINVAL, "more than %d disks", GL_SOURCE_MAX_DISKS);
  if (nics->nodesetval && nics->nodesetval->nodeNr > GL_SOURCE_MAX_NICS)
    return gl_err_set (r->err, EINVAL, "more than %d interfaces",
                       GL_SOURCE_MAX_NICS);
  for (int i = 0; disks->nodesetval && i < disks->nodesetval->nodeNr; ++i)
    if (read_disk (r, disks->nodesetval->nodeTab[i], i, out) == -1)
      return -1;
  for (int i = 0; nics->nodesetval && i < nics->nodesetval->nodeNr; ++i)
    if (read_nic (r, nics->nodesetval->nodeTab[i], out) == -1)
      return -1;
  return 0;
}

static int
read_domain (struct lv_reader *r, xmlDocPtr doc,
             struct gl_source_config *out)
{
  xmlNodePtr root = xmlDocGetRootElement (doc);

  if (doc->intSubset || doc->extSubset)
    return gl_err_set (r->err, EINVAL,
                       "a DOCTYPE is not allowed in domain XML");
  if (root == NULL || strcmp ((const char *) root->name, "domain") != 0)
    return gl_err_set (r->err, EINVAL, "not a libvirt domain: "
                       "the root element is not <domain>");

  if (get_string (r, NULL, "/domain/name", &out->name) == -1)
    return -1;
  if (out->name == NULL || out->name[0] == '\0')
    return gl_err_set (r->err, EINVAL, "no <name>");
  if (get_string (r, NULL, "/domain/uuid", &out->uuid) == -1 ||
      read_memory (r, out) == -1 ||
      read_vcpus (r, out) == -1 ||
      read_os (r, out) == -1 ||
      read_devices (r, out) == -1)
    return -1;
  return 0;
}

int
gl_source_read_libvirt (const char *data, size_t len,
                        struct gl_source_config *out, struct gl_err *err)
{
  struct lv_reader r = { .err = err };
  CLEANUP_XML_PARSER xmlParserCtxtPtr ctxt = xmlNewParserCtxt ();
  if (ctxt == NULL)
    return gl_source_oom (err);
  /* Deliberately absent: XML_PARSE_NOENT, XML_PARSE_DTDLOAD,
   * XML_PARSE_DTDATTR, XML_PARSE_DTDVALID, XML_PARSE_HUGE, XML_PARSE_XINCLUDE. */
  CLEANUP_XMLDOC xmlDocPtr doc = xmlCtxtReadMemory (ctxt, data, (int) len, NULL, NULL,
                           XML_PARSE_NONET | XML_PARSE_NOERROR |
                           XML_PARSE_NOWARNING | XML_PARSE_NOCDATA);
  if (doc == NULL) {
    xmlErrorPtr e = xmlCtxtGetLastError (ctxt);
    if (e && e->message) {
      int n = strlen (e->message);
      while (n > 0 && strchr (" \t\r\n", e->message[n - 1]))
        n--;
      return gl_err_set (err, EINVAL, "line %d: %.*s", e->line, n, e->message);
    }
    return gl_err_set (err, EINVAL, "not well-formed XML");
  }

  CLEANUP_XPATH_CTX xmlXPathContextPtr xpath = r.xpath = xmlXPathNewContext (doc);
  if (xpath == NULL)
    return gl_source_oom (err);
  return read_domain (&r, doc, out);
}
