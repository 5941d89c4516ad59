/* guestlift: the text report, for a person at a terminal.
 *
 * Each guest starts with the one line that matters for a migration -- can
 * it boot on KVM, and if not why -- then the facts, a kernel table, the Xen
 * references, blockers and warnings.  Which members are shown, with what
 * label and where, is in the field table (report.h's .text columns); the
 * lines made of several members and the kernel table are composed here.
 * An image that failed, or holds no operating system, starts with
 * "ERROR: message".  Every guest string is
 * passed through gl_report_clean (GL_CLEAN_TERM): no control character or
 * escape sequence from a guest reaches the terminal. */
#include <config.h>

#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>

#include "buf.h"
#include "cleanup.h"
#include "error.h"
#include "report-fields.h"
#include "report-write.h"

#define NO_OS_MESSAGE "no operating system found in the image"

struct tctx {
  FILE *fp;
  bool color;
  bool oom;
};

/* Print guest data sanitised. */
static void
put (struct tctx *c, const char *s)
{
  CLEANUP_FREE char *clean = gl_report_clean (s ? s : "-", GL_CLEAN_TERM);
  if (!clean) {
    c->oom = true;
    return;
  }
  fputs (clean, c->fp);
}

static void
paint (struct tctx *c, const char *ansi)
{
  if (c->color && ansi)
    fputs (ansi, c->fp);
}

/* "  label:      value\n" */
static void
field (struct tctx *c, const char *label, const char *value)
{
  fprintf (c->fp, "  %-12s", label);
  put (c, value);
  fputc ('\n', c->fp);
}

static const char *
yesno (gl_tristate t)
{
  return t == GL_NULL ? "unknown" : t == GL_TRUE ? "yes" : "no";
}

/* "8.0 GiB" */
static void
human_size (char *out, size_t n, int64_t bytes)
{
  static const char *const units[] = { "B", "KiB", "MiB", "GiB", "TiB", "PiB" };
  double v = (double) bytes;
  size_t u = 0;
  while (v >= 1024 && u < sizeof units / sizeof units[0] - 1) {
    v /= 1024;
    ++u;
  }
  if (u == 0)
    snprintf (out, n, "%" PRId64 " B", bytes);
  else
    snprintf (out, n, "%.1f %s", v, units[u]);
}

static void
image_line (struct tctx *c, const struct gl_image *img)
{
  fprintf (c->fp, "  %-12s", "image:");
  put (c, img->path);
  if (img->format || img->virtual_size >= 0) {
    fputs (" (", c->fp);
    if (img->format)
      put (c, img->format);
    if (img->virtual_size >= 0) {
      char size[32];
      human_size (size, sizeof size, img->virtual_size);
      fprintf (c->fp, "%s%s", img->format ? ", " : "", size);
    }
    fputc (')', c->fp);
  }
  fputc ('\n', c->fp);
}

static void
verdict_line (struct tctx *c, const struct gl_os *os)
{
  switch (gl_os_verdict (os)) {
  case GL_VERDICT_BOOTABLE:
    paint (c, GL_ANSI_GREEN);
    fputs ("KVM: bootable", c->fp);
    if (os->kvm.recommended_kernel) {
      fputs (" — recommended kernel ", c->fp);
      put (c, os->kvm.recommended_kernel);
    }
    break;
  case GL_VERDICT_BLOCKED:
    paint (c, GL_ANSI_RED);
    fputs ("KVM: NOT BOOTABLE — ", c->fp);
    put (c, os->kvm.blockers.ptr[0]);
    if (os->kvm.blockers.len > 1)
      fprintf (c->fp, " (+%zu more blocker%s below)",
               os->kvm.blockers.len - 1, os->kvm.blockers.len > 2 ? "s" : "");
    break;
  case GL_VERDICT_NOT_APPLICABLE:
    fputs ("KVM: NOT APPLICABLE — a ", c->fp);
    put (c, os->type);
    fputs (" guest: Xen PV-only kernels are a Linux matter", c->fp);
    break;
  case GL_VERDICT_UNKNOWN:
  case GL_VERDICT_ERROR:
    paint (c, GL_ANSI_YELLOW);
    fputs ("KVM: UNKNOWN — not enough facts to decide", c->fp);
    fputs (os->kvm.warnings.len ? " (see warnings)"
           : ": no kernel could be shown to boot on KVM", c->fp);
    break;
  }
  paint (c, GL_ANSI_RESET);
  fputc ('\n', c->fp);
}

static void
kernel_table (struct tctx *c, const struct gl_os *os)
{
  struct gl_columns t = GL_COLUMNS_INIT (6);
  static const char *const head[] = {
    "VERSION", "PV-ONLY", "EVIDENCE", "VIRTIO", "INITRD-VIRTIO", "DEFAULT",
  };
  int r = 0;
  for (size_t i = 0; i < sizeof head / sizeof head[0]; ++i)
    r |= gl_columns_add (&t, head[i], GL_ANSI_BOLD);

  for (size_t i = 0; i < os->kernels.len; ++i) {
    const struct gl_kernel *k = os->kernels.ptr[i];
    CLEANUP_BUF struct gl_buf ev = GL_BUF_INIT, vio = GL_BUF_INIT;
    const char *pv_color = k->xen_pv_only == GL_TRUE ? GL_ANSI_RED
      : k->xen_pv_only == GL_FALSE ? GL_ANSI_GREEN : GL_ANSI_YELLOW;

    r |= gl_buf_puts (&ev, gl_config_source_name (k->config_source));
    if (k->xen_pv_only_evidence)
      r |= gl_buf_printf (&ev, ": %s", k->xen_pv_only_evidence);

    const struct { bool on; const char *name; } vf[] = {
      { k->virtio.blk, "blk" }, { k->virtio.net, "net" },
      { k->virtio.scsi, "scsi" }, { k->virtio.rng, "rng" },
      { k->virtio.balloon, "balloon" }, { k->virtio.console, "console" },
    };
    for (size_t j = 0; j < sizeof vf / sizeof vf[0]; ++j)
      if (vf[j].on)
        r |= gl_buf_printf (&vio, "%s%s", vio.len ? "," : "", vf[j].name);

    r |= gl_columns_add (&t, k->version, NULL);
    r |= gl_columns_add (&t, yesno (k->xen_pv_only), pv_color);
    r |= gl_columns_add (&t, ev.data, NULL);
    r |= gl_columns_add (&t, vio.len ? vio.data : "none", NULL);
    r |= gl_columns_add (&t, yesno (k->initrd_has_virtio_blk), NULL);
    r |= gl_columns_add (&t, k->is_default ? "*" : "", NULL);
  }
  if (r != 0 || gl_columns_print (&t, c->fp, "  ", c->color) == -1)
    c->oom = true;
  gl_columns_free (&t);
}

/* "  title:\n    - item\n" */
static void
list (struct tctx *c, const char *title, const char *ansi,
      const string_vector *v)
{
  if (v->len == 0)
    return;
  fputs ("  ", c->fp);
  paint (c, ansi);
  fputs (title, c->fp);
  paint (c, GL_ANSI_RESET);
  fputc ('\n', c->fp);
  for (size_t i = 0; i < v->len; ++i) {
    fputs ("    - ", c->fp);
    put (c, v->ptr[i]);
    fputc ('\n', c->fp);
  }
}

/* "    label: a, b, c\n" */
static void
inline_list (struct tctx *c, const char *label, const string_vector *v,
             const char *sep)
{
  if (v->len == 0)
    return;
  fprintf (c->fp, "    %-18s", label);
  for (size_t i = 0; i < v->len; ++i) {
    if (i)
      fputs (sep, c->fp);
    put (c, v->ptr[i]);
  }
  fputc ('\n', c->fp);
}

/* "rhel 5.11 x86_64 (rhel5.11)" */
static void
os_line (struct tctx *c, const struct gl_os *os)
{
  fprintf (c->fp, "  %-12s", "os:");
  put (c, os->distro ? os->distro : os->type ? os->type : "unknown");
  /* 0.0 is an unknown version, not one to print ("windows 0.0"). */
  if (os->version_major || os->version_minor)
    fprintf (c->fp, " %d.%d", os->version_major, os->version_minor);
  if (os->arch) {
    fputc (' ', c->fp);
    put (c, os->arch);
  }
  if (os->osinfo) {
    fputs (" (", c->fp);
    put (c, os->osinfo);
    fputc (')', c->fp);
  }
  fputc ('\n', c->fp);
}

/* "grub-legacy (/boot/grub/grub.conf), default kernel 2.6.18-398.el5xen" */
static void
bootloader_line (struct tctx *c, const struct gl_os *os)
{
  /* Bootloaders and kernels are looked for in Linux guests only. */
  if (gl_os_verdict (os) == GL_VERDICT_NOT_APPLICABLE)
    return;
  fprintf (c->fp, "  %-12s", "bootloader:");
  put (c, os->bootloader.type ? os->bootloader.type : "none");
  if (os->bootloader.config) {
    fputs (" (", c->fp);
    put (c, os->bootloader.config);
    fputc (')', c->fp);
  }
  fputs (", default kernel ", c->fp);
  put (c, os->bootloader.default_kernel ? os->bootloader.default_kernel
       : "unknown");
  fputc ('\n', c->fp);
}

/* "device map: /dev/xvda -> /dev/vda, /dev/xvdb -> /dev/vdb": the disks on KVM. */
static void
device_map_line (struct tctx *c, const struct gl_os *os)
{
  if (os->device_map.len == 0)
    return;
  fprintf (c->fp, "  %-12s", "device map:");
  for (size_t i = 0; i < os->device_map.len; ++i) {
    if (i)
      fputs (", ", c->fp);
    put (c, os->device_map.ptr[i].key);
    fputs (" -> ", c->fp);
    put (c, os->device_map.ptr[i].value);
  }
  fputc ('\n', c->fp);
}

/* "C: /dev/sda2, E: /dev/sdb1" (Windows drive letters), when known. */
static void
drives_line (struct tctx *c, const struct gl_os *os)
{
  if (os->drive_mappings.len == 0)
    return;
  fprintf (c->fp, "  %-12s", "drives:");
  for (size_t i = 0; i < os->drive_mappings.len; ++i) {
    const struct gl_string_pair *p = &os->drive_mappings.ptr[i];
    if (!p->key)
      continue;
    fputs (i ? ", " : "", c->fp);
    put (c, p->key);
    fputs (": ", c->fp);
    put (c, p->value ? p->value : "-");
  }
  fputc ('\n', c->fp);
}

/* The lines under the verdict and the image: the OS's strings with a
 * .text_line (report.h), and these lines composed of several members,
 * in the order of their numbers. */
static const struct {
  int line;
  void (*print) (struct tctx *, const struct gl_os *);
} composed[] = {
  { 20, os_line },
  { 50, bootloader_line },
  { 55, drives_line },
  { 57, device_map_line },
};

static void
head_lines (struct tctx *c, const struct gl_os *os)
{
  const struct gl_object *obj = &gl_os_object;
  for (int last = 0;;) {
    int next = INT_MAX;
    for (size_t i = 0; i < obj->nfields; ++i)
      if (obj->fields[i].text_line > last && obj->fields[i].text_line < next)
        next = obj->fields[i].text_line;
    for (size_t i = 0; i < sizeof composed / sizeof composed[0]; ++i)
      if (composed[i].line > last && composed[i].line < next)
        next = composed[i].line;
    if (next == INT_MAX)
      break;
    for (size_t i = 0; i < obj->nfields; ++i) {
      const struct gl_field *f = &obj->fields[i];
      const char *value = f->type == GL_FT_STRING ? GL_FIELD (f, os, char *) : NULL;
      if (f->text_line == next && (value || f->text_always))
        field (c, f->text, value);
    }
    for (size_t i = 0; i < sizeof composed / sizeof composed[0]; ++i)
      if (composed[i].line == next)
        composed[i].print (c, os);
    last = next;
  }
}

/* The lists after the kernel table: an object with a .text is a section
 * of one-line lists, other lists with a .text are titled lists. */
static void
lists (struct tctx *c, const struct gl_object *obj, const void *base)
{
  for (size_t i = 0; i < obj->nfields; ++i) {
    const struct gl_field *f = &obj->fields[i];
    if (f->type == GL_FT_OBJECT && f->text) {
      const struct gl_object *sub = f->object;
      const void *sbase = gl_field_ptr (f, base);
      bool any = false;
      for (size_t j = 0; j < sub->nfields; ++j)
        if (sub->fields[j].type == GL_FT_STRINGS && sub->fields[j].text
            && GL_FIELD (&sub->fields[j], sbase, string_vector).len)
          any = true;
      if (!any)
        continue;
      fprintf (c->fp, "\n  %s\n", f->text);
      for (size_t j = 0; j < sub->nfields; ++j)
        if (sub->fields[j].type == GL_FT_STRINGS && sub->fields[j].text)
          inline_list (c, sub->fields[j].text, gl_field_ptr (&sub->fields[j], sbase),
                       sub->fields[j].text_sep ? sub->fields[j].text_sep : ", ");
    }
    else if (f->type == GL_FT_OBJECT)
      lists (c, f->object, gl_field_ptr (f, base));
    else if (f->type == GL_FT_STRINGS && f->text
             && GL_FIELD (f, base, string_vector).len) {
      fputc ('\n', c->fp);
      list (c, f->text, f->text_color, gl_field_ptr (f, base));
    }
  }
}

static void
os_text (struct tctx *c, const struct gl_image *img, const struct gl_os *os)
{
  verdict_line (c, os);
  image_line (c, img);
  head_lines (c, os);

  /* Kernels are looked for in Linux guests only. */
  bool kernels = os->kernels.len || gl_os_verdict (os) != GL_VERDICT_NOT_APPLICABLE;
  if (kernels)
    fputc ('\n', c->fp);
  if (kernels && os->kernels.len == 0)
    fputs ("  no kernels found\n", c->fp);
  else if (kernels)
    kernel_table (c, os);
  lists (c, &gl_os_object, os);
}

static void
error_text (struct tctx *c, const struct gl_image *img)
{
  paint (c, GL_ANSI_RED);
  fputs ("ERROR: ", c->fp);
  put (c, img->error ? img->error : NO_OS_MESSAGE);
  paint (c, GL_ANSI_RESET);
  fputc ('\n', c->fp);
  image_line (c, img);
}

int
gl_report_write_text (const struct gl_report *r, FILE *fp, bool color,
                      struct gl_err *err)
{
  struct tctx c = { .fp = fp, .color = color, .oom = false };
  bool first = true;
  for (size_t i = 0; r && i < r->images.len; ++i) {
    const struct gl_image *img = r->images.ptr[i];
    if (img->error || img->oses.len == 0) {
      if (!first)
        fputc ('\n', fp);
      first = false;
      error_text (&c, img);
    }
    /* Facts found before an error are still worth showing. */
    for (size_t j = 0; j < img->oses.len; ++j) {
      if (!first)
        fputc ('\n', fp);
      first = false;
      os_text (&c, img, img->oses.ptr[j]);
    }
  }
  return gl_report_write_done (fp, c.oom, err);
}
