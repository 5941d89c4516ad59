/* guestlift launch: read a DOMAIN.xml for booting (see domain-file.h). */
#include <config.h>

#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xpath.h>

#include "cleanup.h"
#include "domain-file.h"
#include "err.h"
#include "error.h"
#include "read-file.h"
#include "xml-cleanup.h"

/* string(EXPR) at NODE: malloc'd, NULL when empty or out of memory. */
static char *
xstr (xmlXPathContextPtr ctx, xmlNodePtr node, const char *expr)
{
  ctx->node = node;
  CLEANUP_XPATH_OBJ xmlXPathObjectPtr o = xmlXPathEvalExpression (BAD_CAST expr, ctx);
  if (!o || o->type != XPATH_STRING || !o->stringval || !*o->stringval)
    return NULL;
  return strdup ((const char *) o->stringval);
}

static size_t
xcount (xmlXPathContextPtr ctx, xmlNodePtr node, const char *expr)
{
  ctx->node = node;
  CLEANUP_XPATH_OBJ xmlXPathObjectPtr o = xmlXPathEvalExpression (BAD_CAST expr, ctx);
  return o && o->type == XPATH_NUMBER && o->floatval > 0 ? (size_t) o->floatval : 0;
}

/* libvirt's memory units, as multiples of a byte. */
static const struct { const char *unit; uint64_t bytes; } units[] = {
  { "b", 1 }, { "bytes", 1 }, { "KB", 1000 }, { "k", 1024 }, { "KiB", 1024 },
  { "MB", 1000000 }, { "M", 1 << 20 }, { "MiB", 1 << 20 },
  { "GB", 1000000000 }, { "G", 1 << 30 }, { "GiB", 1 << 30 },
  { "TB", 1000000000000ULL }, { "T", 1ULL << 40 }, { "TiB", 1ULL << 40 },
};

static int
memory_mib (const char *value, const char *unit, unsigned *mib, struct gl_err *err)
{
  uint64_t mult = 0;
  if (!unit)
    mult = 1024;                /* libvirt's default: KiB */
  for (size_t i = 0; !mult && i < sizeof units / sizeof units[0]; ++i)
    if (strcmp (unit, units[i].unit) == 0)
      mult = units[i].bytes;
  char *end;
  errno = 0;
  unsigned long long v = value ? strtoull (value, &end, 10) : 0;
  if (!mult || !value || *end || errno || value[0] == '-' || v == 0 ||
      v > UINT64_MAX / mult) {
    gl_err_set (err, EINVAL, "<memory> is not a size libvirt takes (%s %s)",
                value ? value : "(none)", unit ? unit : "KiB");
    return -1;
  }
  uint64_t m = (v * mult + (1 << 20) - 1) >> 20;
  if (m < 16 || m > 1024 * 1024) {
    gl_err_set (err, EINVAL, "<memory> is %llu MiB: launch boots 16 MiB to 1 TiB",
                (unsigned long long) m);
    return -1;
  }
  *mib = (unsigned) m;
  return 0;
}

static int
parse_vcpus (const char *s, unsigned *n, struct gl_err *err)
{
  char *end;
  errno = 0;
  unsigned long v = s ? strtoul (s, &end, 10) : 1;
  if (s && (*end || errno || s[0] == '-' || v < 1 || v > 4096)) {
    gl_err_set (err, EINVAL, "<vcpu> is not a number from 1 to 4096 (%s)", s);
    return -1;
  }
  *n = (unsigned) v;
  return 0;
}

void
gl_domain_boot_free (struct gl_domain_boot *b)
{
  free (b->name);
  free (b->machine);
  free (b->kernel);
  free (b->initrd);
  free (b->cmdline);
  for (size_t i = 0; b->disks && i < b->n_disks; ++i) {
    free ((char *) b->disks[i].path);
    free ((char *) b->disks[i].format);
    free ((char *) b->disks[i].bus);
  }
  free (b->disks);
  memset (b, 0, sizeof *b);
}

/* One <disk>: the Nth (1-based, for messages).  *order is its <boot
 * order=...>, 0 if none. */
static int
read_disk (xmlXPathContextPtr ctx, xmlNodePtr node, size_t n,
           struct gl_launch_disk *d, unsigned *order, struct gl_err *err)
{
  CLEANUP_FREE char *device = xstr (ctx, node, "string(@device)");
  CLEANUP_FREE char *type = xstr (ctx, node, "string(@type)");
  CLEANUP_FREE char *ord = xstr (ctx, node, "string(boot/@order)");
  if (device && strcmp (device, "disk") != 0) {
    gl_err_set (err, EINVAL, "disk %zu is a %s: the qemu backend boots hard disks "
                "only (use --via libvirt)", n, device);
    return -1;
  }
  if (type && strcmp (type, "file") != 0 && strcmp (type, "block") != 0) {
    gl_err_set (err, EINVAL,
                "disk %zu is of type '%s': the qemu backend boots file "
                "and block disks (use --via libvirt)", n, type);
    return -1;
  }
  d->path = xstr (ctx, node, "string(source/@file | source/@dev)");
  if (!d->path) {
    gl_err_set (err, EINVAL,
                "disk %zu has no <source file=...> or <source dev=...>", n);
    return -1;
  }
  d->format = xstr (ctx, node, "string(driver/@type)");
  if (!d->format && !(d->format = strdup ("raw"))) {
    gl_err_set (err, ENOMEM, "out of memory");
    return -1;
  }
  d->bus = xstr (ctx, node, "string(target/@bus)");
  if (!d->bus && !(d->bus = strdup ("virtio"))) {
    gl_err_set (err, ENOMEM, "out of memory");
    return -1;
  }
  if (strcmp (d->bus, "virtio") != 0 && strcmp (d->bus, "ide") != 0) {
    gl_err_set (err, EINVAL, "disk %zu is on the %s bus: the qemu backend boots "
                "virtio and ide disks (use --via libvirt)", n, d->bus);
    return -1;
  }
  d->readonly = xcount (ctx, node, "count(readonly)") > 0;
  *order = 0;
  if (ord) {
    char *end;
    unsigned long v = strtoul (ord, &end, 10);
    if (*end || v < 1 || v > 65535) {
      gl_err_set (err, EINVAL,
                  "disk %zu: <boot order='%s'> is not a number", n, ord);
      return -1;
    }
    *order = (unsigned) v;
  }
  return 0;
}

/* The disk BIOS boots: the one with the lowest <boot order>, else (with
 * <boot dev='hd'/> or no <boot> at all, libvirt's default) the first. */
static int
read_boot (xmlXPathContextPtr ctx, xmlNodePtr os, struct gl_domain_boot *b,
           const unsigned *orders, struct gl_err *err)
{
  CLEANUP_FREE char *dev = xstr (ctx, os, "string(boot[1]/@dev)");
  size_t boot = 0;
  bool any_order = false;
  for (size_t i = 0; i < b->n_disks; ++i)
    if (orders[i] && (!any_order || orders[i] < orders[boot])) {
      boot = i;
      any_order = true;
    }
  if (!any_order && dev && strcmp (dev, "hd") != 0) {
    gl_err_set (err, EINVAL,
                "it boots from <boot dev='%s'/>: the qemu backend boots "
                "a hard disk or a kernel (use --via libvirt)", dev);
    return -1;
  }
  if (b->n_disks == 0) {
    gl_err_set (err, EINVAL, "it has no disk to boot from and no <kernel>");
    return -1;
  }
  b->disks[boot].boot = true;
  return 0;
}

static int
read_domain (xmlDocPtr doc, struct gl_domain_boot *b, struct gl_err *err)
{
  xmlNodePtr root = xmlDocGetRootElement (doc);
  if (!root || xmlStrcmp (root->name, BAD_CAST "domain") != 0) {
    gl_err_set (err, EINVAL, "not a libvirt <domain> document");
    return -1;
  }
  CLEANUP_XPATH_CTX xmlXPathContextPtr ctx = xmlXPathNewContext (doc);
  if (!ctx) {
    gl_err_set (err, ENOMEM, "out of memory");
    return -1;
  }
  CLEANUP_FREE char *type = xstr (ctx, root, "string(@type)");
  CLEANUP_FREE char *ostype = xstr (ctx, root, "string(os/type)");
  CLEANUP_FREE char *mem = xstr (ctx, root, "string(memory)");
  CLEANUP_FREE char *unit = xstr (ctx, root, "string(memory/@unit)");
  CLEANUP_FREE char *vcpu = xstr (ctx, root, "string(vcpu)");
  CLEANUP_FREE char *firmware = xstr (ctx, root, "string(os/@firmware)");
  if (!type || (strcmp (type, "kvm") != 0 && strcmp (type, "qemu") != 0)) {
    gl_err_set (err, EINVAL,
                "<domain type='%s'>: the qemu backend boots kvm and qemu "
                "domains", type ? type : "");
    return -1;
  }
  if (!ostype || strcmp (ostype, "hvm") != 0) {
    gl_err_set (err, EINVAL,
                "<os><type>%s</type>: the qemu backend boots hvm guests",
                ostype ? ostype : "");
    return -1;
  }
  if (firmware || xcount (ctx, root, "count(os/loader)")) {
    gl_err_set (err, EINVAL, "it names its firmware (<loader> or firmware=): "
                "the qemu backend boots SeaBIOS or a kernel (use --via libvirt)");
    return -1;
  }
  b->tcg = strcmp (type, "qemu") == 0;
  if (memory_mib (mem, unit, &b->memory_mib, err) == -1 ||
      parse_vcpus (vcpu, &b->vcpus, err) == -1)
    return -1;
  b->name = xstr (ctx, root, "string(name)");
  b->machine = xstr (ctx, root, "string(os/type/@machine)");
  b->kernel = xstr (ctx, root, "string(os/kernel)");
  b->initrd = xstr (ctx, root, "string(os/initrd)");
  b->cmdline = xstr (ctx, root, "string(os/cmdline)");
  if (!b->kernel && (b->initrd || b->cmdline)) {
    gl_err_set (err, EINVAL, "<initrd> or <cmdline> without <kernel>");
    return -1;
  }

  ctx->node = root;
  CLEANUP_XPATH_OBJ xmlXPathObjectPtr disks =
    xmlXPathEvalExpression (BAD_CAST "devices/disk", ctx);
  size_t n = disks && disks->nodesetval ? (size_t) disks->nodesetval->nodeNr : 0;
  if (n > GL_DOMAIN_XML_MAX_DISKS) {
    gl_err_set (err, EINVAL, "%zu disks: more than the %d launch boots", n,
                GL_DOMAIN_XML_MAX_DISKS);
    return -1;
  }
  b->disks = calloc (n ? n : 1, sizeof *b->disks);
  CLEANUP_FREE unsigned *orders = calloc (n ? n : 1, sizeof *orders);
  if (!b->disks || !orders) {
    gl_err_set (err, ENOMEM, "out of memory");
    return -1;
  }
  for (size_t i = 0; i < n; ++i) {
    b->n_disks = i + 1;
    if (read_disk (ctx, disks->nodesetval->nodeTab[i], i + 1, &b->disks[i],
                   &orders[i], err) == -1)
      return -1;
  }
  xmlNodePtr os = NULL;
  for (xmlNodePtr c = root->children; c && !os; c = c->next)
    if (c->type == XML_ELEMENT_NODE && xmlStrcmp (c->name, BAD_CAST "os") == 0)
      os = c;
  return b->kernel ? 0 : read_boot (ctx, os, b, orders, err);
}

/* A document over GL_DOMAIN_XML_MAX.  -1. */
static int
too_large (struct gl_err *err)
{
  return gl_err_set (err, EFBIG, "larger than %d KiB: not a libvirt domain XML",
                     GL_DOMAIN_XML_MAX / 1024);
}

int
gl_domain_boot_parse (const char *xml, size_t len, struct gl_domain_boot *b,
                      struct gl_err *err)
{
  memset (b, 0, sizeof *b);
  if (len > GL_DOMAIN_XML_MAX)
    return too_large (err);
  CLEANUP_XMLDOC xmlDocPtr doc =
    xmlReadMemory (xml, (int) len, "domain.xml", NULL,
                   XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
  if (!doc) {
    gl_err_set (err, EINVAL, "not well-formed XML");
    return -1;
  }
  if (read_domain (doc, b, err) == -1) {
    gl_domain_boot_free (b);
    return -1;
  }
  return 0;
}

char *
gl_domain_xml_read (const char *path, size_t *len, struct gl_err *err)
{
  char *buf = gl_read_file (path, GL_DOMAIN_XML_MAX, 0, len, err);
  if (!buf && err && err->errnum == EFBIG)
    too_large (err);
  return buf;
}

int
gl_domain_boot_read (const char *path, struct gl_domain_boot *b,
                     struct gl_err *err)
{
  size_t len;
  CLEANUP_FREE char *buf = gl_domain_xml_read (path, &len, err);
  memset (b, 0, sizeof *b);
  if (!buf)
    return -1;
  return gl_domain_boot_parse (buf, len, b, err);
}
