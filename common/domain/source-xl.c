/* guestlift: read an xl or xm guest config with Xen's own libxlutil.
 *
 * libxlutil parses the file and the disk specifications (both the old
 * positional "phy:/dev/vg/lv,xvdb,w" / "tap:aio:..." forms and xl's
 * "format=, vdev=, access=, target=" form).  It reports problems as text
 * on a FILE: we hand it a memory stream and turn its first line into our
 * one-line error.  vif strings ("mac=..., bridge=...") are parsed here.
 *
 * Built --without-xen, there is no libxlutil: an xl/xm config is refused
 * with a message that says so (libvirt XML still works).
 */
#include <config.h>

#include <errno.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cleanup.h"
#include "err.h"
#include "error.h"
#include "source-config.h"
#include "source-config-impl.h"

#ifndef HAVE_XEN

int
gl_source_read_xl (const char *data, size_t len,
                   struct gl_source_config *out, struct gl_err *err)
{
  (void) data;
  (void) len;
  (void) out;
  return gl_err_set (err, ENOTSUP, "an xl/xm config, which this guestlift "
                     "cannot read: it was built without Xen's libraries "
                     "(configure --without-xen); give the guest's libvirt "
                     "XML instead, or rebuild with libxen-dev");
}

#else /* HAVE_XEN */

#include <libxlutil.h>

/* The name libxlutil puts in front of its messages; replaced below. */
#define REPORT_NAME "config"

struct xl_reader {
  XLU_Config *cfg;
  FILE *report;
  char *report_text;
  size_t report_len;
  struct gl_err *err;
};

/* libxlutil's message since offset FROM: its first line, with
 * "config:N: " turned into "line N: " and "config: " dropped. */
static int
fail_from_report (struct xl_reader *x, size_t from, const char *prefix,
                  const char *fallback)
{
  const char *msg;
  size_t n;
  CLEANUP_FREE char *line = NULL;

  fflush (x->report);
  if (x->report_text == NULL || from >= x->report_len)
    return gl_err_set (x->err, EINVAL, "%s%s", prefix, fallback);
  msg = x->report_text + from;
  if (strncmp (msg, REPORT_NAME ":", strlen (REPORT_NAME ":")) == 0)
    msg += strlen (REPORT_NAME ":");
  n = strcspn (msg, "\n");
  line = strndup (msg, n);
  if (line == NULL)
    return gl_source_oom (x->err);
  if (line[0] >= '0' && line[0] <= '9') {
    size_t d = strspn (line, "0123456789");
    if (line[d] == ':') {
      const char *rest = line + d + 1;
      rest += strspn (rest, " ");
      return gl_err_set (x->err, EINVAL, "%sline %.*s: %s",
                         prefix, (int) d, line, rest);
    }
  }
  return gl_err_set (x->err, EINVAL, "%s%s",
                     prefix, line + strspn (line, " "));
}

static size_t
report_mark (struct xl_reader *x)
{
  fflush (x->report);
  return x->report_len;
}

/* An optional string setting, borrowed from the config: 1 with *V, 0
 * when it is not set, -1 when it is not a string. */
static int
peek_string (struct xl_reader *x, const char *key, const char **v)
{
  int r = xlu_cfg_get_string (x->cfg, key, v, 1);

  if (r == ESRCH)
    return 0;
  if (r != 0)
    return gl_err_set (x->err, EINVAL, "%s: not a string", key);
  return 1;
}

/* An optional string setting: *OUT = copy or NULL. */
static int
get_string (struct xl_reader *x, const char *key, char **out)
{
  const char *v;
  int r = peek_string (x, key, &v);

  if (r <= 0)
    return r;
  *out = strdup (v);
  return *out ? 0 : gl_source_oom (x->err);
}

/* A string or a list of strings (bootloader_args), joined by spaces. */
static int
get_string_or_list (struct xl_reader *x, const char *key, char **out)
{
  XLU_ConfigList *list;
  int n;
  size_t total = 1;
  char *s;

  if (xlu_cfg_get_list (x->cfg, key, &list, &n, 1) != 0)
    return get_string (x, key, out);
  for (int i = 0; i < n; ++i) {
    const char *item = xlu_cfg_get_listitem (list, i);
    if (item == NULL)
      return gl_err_set (x->err, EINVAL, "%s: item %d is not a string",
                         key, i + 1);
    total += strlen (item) + 1;
  }
  if (n == 0)
    return 0;
  s = *out = calloc (1, total);
  if (s == NULL)
    return gl_source_oom (x->err);
  for (int i = 0; i < n; ++i) {
    if (i > 0)
      strcat (s, " ");
    strcat (s, xlu_cfg_get_listitem (list, i));
  }
  return 0;
}

/* An optional number in [MIN, MAX]; *OUT untouched when not set. */
static int
get_number (struct xl_reader *x, const char *key, long min, long max,
            long *out)
{
  long v;
  int r = xlu_cfg_get_long (x->cfg, key, &v, 1);

  if (r == ESRCH)
    return 0;
  if (r == ERANGE || (r == 0 && (v < min || v > max)))
    return gl_err_set (x->err, EINVAL, "%s: out of range", key);
  if (r != 0)
    return gl_err_set (x->err, EINVAL, "%s: not a number", key);
  *out = v;
  return 0;
}

/* type = "pv"|"hvm"|"pvh", else xm's builder = "hvm"|"linux"|"generic". */
struct type_name { const char *name; enum gl_guest_type type; };
static const struct type_name type_names[] = {
  { "pv", GL_GUEST_PV }, { "hvm", GL_GUEST_HVM }, { "pvh", GL_GUEST_PVH },
};
static const struct type_name builder_names[] = {
  { "linux", GL_GUEST_PV }, { "generic", GL_GUEST_PV },
  { "hvm", GL_GUEST_HVM },
};

static int
lookup_type (struct xl_reader *x, const char *key,
             const struct type_name *table, size_t n, enum gl_guest_type *t)
{
  const char *v;
  int r = peek_string (x, key, &v);

  if (r <= 0)
    return r;
  for (size_t i = 0; i < n; ++i)
    if (strcmp (v, table[i].name) == 0) {
      *t = table[i].type;
      return 1;
    }
  return gl_err_set (x->err, EINVAL, "%s: unknown value '%s'", key, v);
}

static int
read_disk (struct xl_reader *x, int index, const char *spec,
           struct gl_source_config *out)
{
  libxl_device_disk d;
  struct gl_source_disk disk = { 0 };
  const char *format = NULL;
  const char *s = spec + strspn (spec, " \t");
  size_t mark = report_mark (x);
  bool want_path;
  int r;
  CLEANUP_FREE char *prefix = gl_printf ("disk %d: ", index + 1);

  if (prefix == NULL)
    return gl_source_oom (x->err);
  libxl_device_disk_init (&d);
  r = xlu_disk_parse (x->cfg, 1, (const char *const *) &spec, &d);
  if (r != 0) {
    libxl_device_disk_dispose (&d);
    if (r == ENOMEM)
      return gl_source_oom (x->err);
    return fail_from_report (x, mark, prefix, "invalid disk specification");
  }
  if (d.vdev == NULL || d.vdev[0] == '\0') {
    libxl_device_disk_dispose (&d);
    return gl_err_set (x->err, EINVAL, "%sno device name", prefix);
  }

  switch (d.format) {
  case LIBXL_DISK_FORMAT_UNKNOWN: case LIBXL_DISK_FORMAT_EMPTY:
    break;
  default:
    format = libxl_disk_format_to_string (d.format); /* "raw", "qcow2"... */
  }
  want_path = d.pdev_path && d.pdev_path[0] &&
    d.format != LIBXL_DISK_FORMAT_EMPTY;
  disk.device = d.is_cdrom ? GL_DISK_CDROM : GL_DISK_DISK;
  disk.readonly = !d.readwrite;
  disk.path = want_path ? strdup (d.pdev_path) : NULL;
  disk.target = strdup (d.vdev);
  disk.format = format ? strdup (format) : NULL;
  /* libxl itself stat()s the path to tell a block device; we cannot (the
   * path is on the Xen host), so trust what the config says. */
  disk.is_block_device = d.backend == LIBXL_DISK_BACKEND_PHY ||
    strncmp (s, "phy:", 4) == 0 ||
    (disk.path && strncmp (disk.path, "/dev/", 5) == 0);
  libxl_device_disk_dispose (&d);

  if ((want_path && !disk.path) || !disk.target || (format && !disk.format) ||
      gl_source_disk_vector_append (&out->disks, disk) == -1) {
    free (disk.path);
    free (disk.target);
    free (disk.format);
    return gl_source_oom (x->err);
  }
  return 0;
}

/* One vif string: comma-separated key=value pairs, blanks around either
 * ignored; keys other than mac, bridge and model are ignored (ip, script,
 * vifname, type, rate...).  A later duplicate key wins. */
static int
read_vif (struct xl_reader *x, const char *spec,
          struct gl_source_config *out)
{
  struct gl_source_nic nic = { 0 };
  const char *p = spec;

  while (*p) {
    size_t n = strcspn (p, ",");
    const char *item = p, *eq, *key_end, *val;
    size_t val_len;
    char **field = NULL;

    p += n;
    if (*p == ',')
      p++;
    while (n > 0 && (*item == ' ' || *item == '\t'))
      item++, n--;
    while (n > 0 && (item[n - 1] == ' ' || item[n - 1] == '\t'))
      n--;
    eq = memchr (item, '=', n);
    if (eq == NULL)
      continue;
    key_end = eq;
    while (key_end > item && (key_end[-1] == ' ' || key_end[-1] == '\t'))
      key_end--;
    val = eq + 1;
    val_len = n - (val - item);
    while (val_len > 0 && (*val == ' ' || *val == '\t'))
      val++, val_len--;

#define KEY_IS(k) ((size_t) (key_end - item) == strlen (k) && \
                   strncmp (item, k, strlen (k)) == 0)
    if (KEY_IS ("mac")) field = &nic.mac;
    else if (KEY_IS ("bridge")) field = &nic.bridge;
    else if (KEY_IS ("model")) field = &nic.model;
#undef KEY_IS
    if (field == NULL || val_len == 0)
      continue;
    free (*field);
    *field = strndup (val, val_len);
    if (*field == NULL)
      goto nomem;
  }
  if (gl_source_nic_vector_append (&out->nics, nic) == 0)
    return 0;
 nomem:
  free (nic.mac);
  free (nic.bridge);
  free (nic.model);
  return gl_source_oom (x->err);
}

static int
read_list (struct xl_reader *x, const char *key, int max,
           int (*read_item) (struct xl_reader *, int, const char *,
                             struct gl_source_config *),
           struct gl_source_config *out)
{
  XLU_ConfigList *list;
  int n, r;

  r = xlu_cfg_get_list (x->cfg, key, &list, &n, 1);
  if (r == ESRCH)
    return 0;
  if (r != 0)
    return gl_err_set (x->err, EINVAL, "%s: not a list", key);
  if (n > max)
    return gl_err_set (x->err, EINVAL, "%s: more than %d entries",
                       key, max);
  for (int i = 0; i < n; ++i) {
    const char *item = xlu_cfg_get_listitem (list, i);
    if (item == NULL)
      return gl_err_set (x->err, EINVAL, "%s %d: not a string",
                         key, i + 1);
    if (read_item (x, i, item, out) == -1)
      return -1;
  }
  return 0;
}

static int
read_vif_item (struct xl_reader *x, int index, const char *spec,
               struct gl_source_config *out)
{
  return read_vif (x, spec, out);
}

static int
read_config (struct xl_reader *x, struct gl_source_config *out)
{
  long memory = 0, vcpus = 0;
  CLEANUP_FREE char *xl_cmdline = NULL;
  int r;

  if (get_string (x, "name", &out->name) == -1)
    return -1;
  if (out->name == NULL || out->name[0] == '\0')
    return gl_err_set (x->err, EINVAL, "no name");
  if (get_string (x, "uuid", &out->uuid) == -1 ||
      get_number (x, "memory", 0, LONG_MAX, &memory) == -1 ||
      get_number (x, "vcpus", 1, GL_SOURCE_MAX_VCPUS, &vcpus) == -1)
    return -1;
  out->memory_mib = memory;
  out->vcpus = vcpus;

  r = lookup_type (x, "type", type_names,
                   sizeof type_names / sizeof type_names[0], &out->type);
  if (r == 0)
    r = lookup_type (x, "builder", builder_names,
                     sizeof builder_names / sizeof builder_names[0],
                     &out->type);
  if (r == -1)
    return -1;

  if (get_string (x, "kernel", &out->kernel) == -1 ||
      get_string (x, "ramdisk", &out->ramdisk) == -1 ||
      get_string (x, "extra", &out->extra) == -1 ||
      get_string (x, "root", &out->root) == -1 ||
      get_string (x, "cmdline", &xl_cmdline) == -1 ||
      get_string (x, "bootloader", &out->bootloader) == -1 ||
      get_string_or_list (x, "bootloader_args", &out->bootloader_args) == -1 ||
      get_string (x, "on_poweroff", &out->on_poweroff) == -1 ||
      get_string (x, "on_reboot", &out->on_reboot) == -1 ||
      get_string (x, "on_crash", &out->on_crash) == -1)
    return -1;

  /* xm HVM configs name the firmware as the "kernel": not a kernel. */
  if (out->type == GL_GUEST_HVM && out->kernel) {
    const char *base = strrchr (out->kernel, '/');
    base = base ? base + 1 : out->kernel;
    if (strcmp (base, "hvmloader") == 0) {
      free (out->kernel);
      out->kernel = NULL;
    }
  }

  /* The command line as xl builds it: cmdline wins, else root + extra. */
  if (xl_cmdline)
    out->cmdline = GL_STEAL (xl_cmdline);
  else if (out->root)
    out->cmdline = out->extra
      ? gl_printf ("root=%s %s", out->root, out->extra)
      : gl_printf ("root=%s", out->root);
  else if (out->extra)
    out->cmdline = strdup (out->extra);
  if ((out->root || out->extra) && out->cmdline == NULL)
    return gl_source_oom (x->err);
  if (gl_source_root_from_cmdline (out, x->err) == -1)
    return -1;

  if (read_list (x, "disk", GL_SOURCE_MAX_DISKS, read_disk, out) == -1 ||
      read_list (x, "vif", GL_SOURCE_MAX_NICS, read_vif_item, out) == -1)
    return -1;
  return 0;
}

int
gl_source_read_xl (const char *data, size_t len,
                   struct gl_source_config *out, struct gl_err *err)
{
  struct xl_reader x = { .err = err };
  const char *nul = memchr (data, '\0', len);
  int r;

  /* libxlutil 4.17 asserts (aborts the program) on a NUL byte inside a
   * quoted string; a config file is text, so refuse it here. */
  if (nul) {
    int line = 1;
    for (const char *p = data; p < nul; ++p)
      line += *p == '\n';
    return gl_err_set (err, EINVAL, "line %d: NUL byte in a text file",
                       line);
  }

  x.report = open_memstream (&x.report_text, &x.report_len);
  if (x.report == NULL)
    return gl_err_set (err, errno, "%s", strerror (errno));
  x.cfg = xlu_cfg_init (x.report, REPORT_NAME);
  if (x.cfg == NULL) {
    fclose (x.report);
    free (x.report_text);
    return gl_source_oom (err);
  }

  r = xlu_cfg_readdata (x.cfg, data, (int) len);
  if (r == ENOMEM)
    r = gl_source_oom (err);
  else if (r != 0)
    r = fail_from_report (&x, 0, "", "syntax error");
  else
    r = read_config (&x, out);

  xlu_cfg_destroy (x.cfg);
  fclose (x.report);
  free (x.report_text);
  return r;
}

#endif /* HAVE_XEN */
