/* guestlift: sample reports built in C, shared by test-report.c,
 * test-report-read.c and test-cache.c (which #include this file with
 * GL_REPORT_SAMPLE_NO_MAIN) and by the schema test (this program writes
 * them to a file for xmllint / a JSON Schema check).
 *
 *   report-sample FILE [xml|xml-summary|json|json-summary|golden]
 *
 * "golden" writes what tests/unit/report.golden holds: every writer's
 * output for both samples and the cache entry of the rich one, each as a
 * section "=== NAME: N bytes ===\n" followed by exactly N bytes and a
 * newline (test-report.c compares it byte for byte).
 *
 * The guests: a RHEL 5 PV-only guest (1 kernel, blocked), a mixed CentOS 5
 * guest (2 kernels, bootable, hostile hostname and product name), an image
 * that failed (no OS), and a guest whose kernel config was not found
 * (unknown, nulls everywhere the contract allows them), and a Windows 7
 * guest (the verdict does not apply: "not applicable").
 *
 * The rich sample (sample_rich_report) sets every field of the model,
 * those outside the JSON contract too, with NULLs and tri-states of every
 * kind and strings that need escaping. */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cache.h"
#include "report.h"
#include "report-write.h"

#define HOSTILE_HOSTNAME "web<&'\"\x01\xff>01"
#define HOSTILE_PRODUCT "CentOS release 5.11 (Final)\x1b[2J"
#define FORMULA_PATH "=HYPERLINK(\"http://x\",\"y\"), nokernel.img"

static char *
xs (const char *s)
{
  if (!s)
    return NULL;
  char *r = strdup (s);
  if (!r)
    abort ();
  return r;
}

static void
xadd (string_vector *v, const char *s)
{
  if (string_vector_add (v, s) == -1)
    abort ();
}

static void
add_mount (struct gl_os *os, const char *mp, const char *dev)
{
  struct gl_mountpoint m = { xs (mp), xs (dev) };
  if (gl_mountpoint_vector_append (&os->mountpoints, m) == -1)
    abort ();
}

static struct gl_kernel *
new_kernel (struct gl_os *os)
{
  struct gl_kernel *k = gl_kernel_new ();
  if (!k || gl_kernel_vector_append (&os->kernels, k) == -1)
    abort ();
  return k;
}

static struct gl_kernel *
add_kernel (struct gl_os *os, const char *version)
{
  struct gl_kernel *k = new_kernel (os);
  k->version = xs (version);
  char path[256];
  snprintf (path, sizeof path, "/boot/vmlinuz-%s", version);
  k->vmlinuz = xs (path);
  return k;
}

static struct gl_os *
add_os (struct gl_image *img)
{
  struct gl_os *os = gl_os_new ();
  if (!os || gl_os_vector_append (&img->oses, os) == -1)
    abort ();
  return os;
}

static struct gl_image *
new_image (const char *path, const char *format, int64_t size)
{
  struct gl_image *img = gl_image_new (path);
  if (!img)
    abort ();
  img->format = format ? xs (format) : NULL;
  img->virtual_size = size;
  return img;
}

static void
rhel5_like (struct gl_os *os, const char *distro, const char *product,
            const char *hostname)
{
  os->root = xs ("/dev/VolGroup00/LogVol00");
  os->type = xs ("linux");
  os->distro = xs (distro);
  os->product_name = xs (product);
  os->version_major = 5;
  os->version_minor = 11;
  os->arch = xs ("x86_64");
  os->hostname = xs (hostname);
  os->package_format = xs ("rpm");
  os->package_management = xs ("yum");
  add_mount (os, "/", "/dev/VolGroup00/LogVol00");
  add_mount (os, "/boot", "/dev/sda1");
  xadd (&os->filesystems, "/dev/sda1");
  xadd (&os->filesystems, "/dev/VolGroup00/LogVol00");
  os->bootloader.type = xs ("grub-legacy");
  os->bootloader.config = xs ("/boot/grub/grub.conf");
  xadd (&os->xen.fstab_devices, "/dev/xvda1");
  xadd (&os->xen.consoles, "xvc0");
  xadd (&os->xen.modprobe_aliases, "alias eth0 xennet");
  struct gl_string_pair dm = { xs ("/dev/xvda"), xs ("/dev/vda") };
  if (gl_string_map_append (&os->device_map, dm) == -1)
    abort ();
}

static struct gl_kernel *
xen_kernel (struct gl_os *os)
{
  struct gl_kernel *k = add_kernel (os, "2.6.18-398.el5xen");
  k->initrd = xs ("/boot/initrd-2.6.18-398.el5xen.img");
  k->config = xs ("/boot/config-2.6.18-398.el5xen");
  k->config_source = GL_CONFIG_FILE;
  k->arch = xs ("x86_64");
  k->xen_pv_only = GL_TRUE;
  k->xen_pv_only_evidence = xs ("CONFIG_X86_64_XEN=y");
  k->initrd_has_virtio_blk = GL_FALSE;
  return k;
}

/* RHEL 5 with only kernel-xen: PV-only, blocked. */
struct gl_image *
sample_rhel5_image (void)
{
  struct gl_image *img = new_image ("/images/rhel5.img", "raw",
                                    INT64_C (8589934592));
  struct gl_os *os = add_os (img);
  rhel5_like (os, "rhel",
              "Red Hat Enterprise Linux Server release 5.11 (Tikanga)",
              "rhel5.example.com");
  os->osinfo = xs ("rhel5.11");
  os->bootloader.default_kernel = xs ("2.6.18-398.el5xen");
  os->default_cmdline = xs ("ro root=/dev/VolGroup00/LogVol00 console=xvc0");
  xen_kernel (os)->is_default = true;
  os->kvm.bootable = false;
  xadd (&os->kvm.blockers, "all kernels are Xen PV-only (2.6.18-398.el5xen)");
  xadd (&os->kvm.warnings, "console xvc0 does not exist on KVM");
  return img;
}

/* CentOS 5 with kernel-xen and a plain kernel: bootable, hostile names. */
struct gl_image *
sample_mixed_image (void)
{
  struct gl_image *img = new_image ("/images/centos5.qcow2", "qcow2",
                                    INT64_C (10737418240));
  struct gl_os *os = add_os (img);
  rhel5_like (os, "centos", HOSTILE_PRODUCT, HOSTILE_HOSTNAME);
  os->bootloader.default_kernel = xs ("2.6.18-398.el5xen");
  xen_kernel (os)->is_default = true;
  struct gl_kernel *k = add_kernel (os, "2.6.18-398.el5");
  k->initrd = xs ("/boot/initrd-2.6.18-398.el5.img");
  k->config_source = GL_CONFIG_IKCONFIG;
  k->arch = xs ("x86_64");
  k->xen_pv_only = GL_FALSE;
  k->virtio.blk = k->virtio.net = k->virtio.balloon = true;
  k->initrd_has_virtio_blk = GL_TRUE;
  os->kvm.bootable = true;
  os->kvm.recommended_kernel = xs ("2.6.18-398.el5");
  xadd (&os->kvm.warnings,
        "the default kernel 2.6.18-398.el5xen is Xen PV-only");
  return img;
}

/* An image that could not be opened. */
struct gl_image *
sample_error_image (void)
{
  struct gl_image *img = new_image ("/images/broken.qcow2", NULL, -1);
  gl_image_set_error (img, "cannot open the image: %s", "Permission denied");
  return img;
}

/* A guest whose kernel config was not found anywhere: not bootable, no
 * blocker, nulls wherever the contract allows them. */
struct gl_image *
sample_unknown_image (void)
{
  struct gl_image *img = new_image (FORMULA_PATH, "raw", 1048576);
  struct gl_os *os = add_os (img);
  os->root = xs ("/dev/sda1");
  os->type = xs ("linux");
  os->version_major = 0;
  os->version_minor = 0;
  add_kernel (os, "3.0.0-custom");
  os->kvm.bootable = false;
  return img;
}

static void
add_drive (struct gl_os *os, const char *letter, const char *dev)
{
  struct gl_string_pair p = { xs (letter), xs (dev) };
  if (gl_string_map_append (&os->drive_mappings, p) == -1)
    abort ();
}

/* A Windows 7 guest as its registry describes it: no kernels, no
 * bootloader of ours, no verdict ("not applicable"). */
struct gl_image *
sample_windows_image (void)
{
  struct gl_image *img = new_image ("/images/win7.img", "raw", INT64_C (1073741824));
  struct gl_os *os = add_os (img);
  os->root = xs ("/dev/sda2");
  os->type = xs ("windows");
  os->distro = xs ("windows");
  os->product_name = xs ("Windows 7 Professional");
  os->version_major = 6;
  os->version_minor = 1;
  os->arch = xs ("x86_64");
  os->hostname = xs ("WIN7-PARITY");
  os->osinfo = xs ("win7");
  add_mount (os, "/", "/dev/sda2");
  xadd (&os->filesystems, "/dev/sda2");
  add_drive (os, "C", "/dev/sda2");
  add_drive (os, "E", "/dev/sdb1");
  os->bootloader.type = xs ("none");
  os->kvm.bootable = false;
  return img;
}

/* A healthy image with two guests: a RHEL 5 with three kernels (PV-only
 * with a config file, pvops from ikconfig, and one nothing is known
 * about) and a sparse Debian with unusual strings. */
struct gl_image *
sample_rich_image (const char *path)
{
  struct gl_image *img = new_image (path, "raw", INT64_C (8589934592));

  struct gl_os *os = add_os (img);
  os->root = xs ("/dev/VolGroup00/LogVol00");
  os->type = xs ("linux");
  os->distro = xs ("rhel");
  os->product_name = xs ("Red Hat Enterprise Linux Server release 5.11 (Tikanga)");
  os->version_major = 5;
  os->version_minor = 11;
  os->arch = xs ("x86_64");
  os->hostname = xs ("rhel5.example.com");
  os->package_format = xs ("rpm");
  os->package_management = xs ("yum");
  os->osinfo = xs ("rhel5.11");
  os->default_cmdline = xs ("ro root=/dev/VolGroup00/LogVol00 console=xvc0");
  add_mount (os, "/", "/dev/VolGroup00/LogVol00");
  add_mount (os, "/boot", "/dev/sda1");
  add_mount (os, "/odd \"quoted\" \\ dir", NULL);
  xadd (&os->filesystems, "/dev/sda1");
  xadd (&os->filesystems, "/dev/VolGroup00/LogVol00");
  xadd (&os->filesystems, "/dev/VolGroup00/LogVol01");
  add_drive (os, "C", "/dev/sda1");
  add_drive (os, "\"<&>", NULL);
  os->bootloader.type = xs ("grub-legacy");
  os->bootloader.config = xs ("/boot/grub/grub.conf");
  os->bootloader.default_kernel = xs ("2.6.18-398.el5xen");

  struct gl_kernel *k = xen_kernel (os);
  k->is_default = true;
  k->modules_dir = xs ("/lib/modules/2.6.18-398.el5xen");
  k->format_hint = xs ("XenLinux ELF image (gzip, Xen notes), not a bzImage");

  k = new_kernel (os);
  k->version = xs ("2.6.18-398.el5");
  k->vmlinuz = xs ("/boot/vmlinuz-2.6.18-398.el5");
  k->initrd = xs ("/boot/initrd-2.6.18-398.el5.img");
  k->config_source = GL_CONFIG_IKCONFIG;
  k->arch = xs ("x86_64");
  k->xen_pv_only = GL_FALSE;
  k->virtio = (struct gl_virtio) { .blk = true, .net = true, .scsi = false,
                                   .rng = true, .balloon = false, .console = true };
  k->initrd_has_virtio_blk = GL_NULL;
  k->has_ide = true;
  k->virtio_blk_builtin = true;
  k->modules_dir = xs ("/lib/modules/2.6.18-398.el5");

  k = new_kernel (os);                 /* nothing known */
  k->version = xs ("9.9.9-unknown");
  k->vmlinuz = xs ("/boot/vmlinuz-9.9.9-unknown");
  k->initrd_has_virtio_blk = GL_TRUE;

  xadd (&os->xen.fstab_devices, "/dev/xvda1");
  xadd (&os->xen.consoles, "xvc0");
  xadd (&os->xen.consoles, "hvc0");
  xadd (&os->xen.modprobe_aliases, "alias eth0 xennet");
  os->kvm.bootable = true;
  os->kvm.recommended_kernel = xs ("2.6.18-398.el5");
  xadd (&os->kvm.warnings, "the default kernel is PV-only");
  xadd (&os->kvm.warnings, "fstab names /dev/xvda1");

  os = add_os (img);
  os->root = xs ("/dev/sdb1");
  os->type = xs ("linux");
  os->distro = xs ("debian");
  os->product_name = xs ("Debian GNU/Linux 12 \xe2\x80\x94 b\xc3\xbc" "ckeye \xf0\x9f\x90\xa7");
  os->version_major = 12;
  os->version_minor = -1;
  os->hostname = xs ("tab\there\nnewline \x01 </script> \"q\" \\");
  os->bootloader.type = xs ("none");
  xadd (&os->kvm.blockers, "no kernel found in /boot");
  return img;
}

/* An image that failed. */
struct gl_image *
sample_failed_image (const char *path)
{
  struct gl_image *img = new_image (path, NULL, -1);
  gl_image_set_error (img, "cannot open the image: Permission denied");
  return img;
}

/* The rich sample (test-report-read.c, test-cache.c): a healthy image
 * with every field set, an image that failed, and one with nothing known
 * (not even its path). */
struct gl_report *
sample_rich_report (void)
{
  struct gl_report *r = gl_report_new ();
  struct gl_image *a = sample_rich_image ("/srv/images/rhel5.img");
  struct gl_image *b = sample_failed_image ("/srv/images/broken.qcow2");
  struct gl_image *c = gl_image_new (NULL);
  if (!r || !c
      || gl_image_vector_append (&r->images, a) == -1
      || gl_image_vector_append (&r->images, b) == -1
      || gl_image_vector_append (&r->images, c) == -1)
    abort ();
  return r;
}

struct gl_report *
sample_report (void)
{
  struct gl_report *r = gl_report_new ();
  if (!r)
    abort ();
  struct gl_image *(*const build[]) (void) = {
    sample_rhel5_image, sample_mixed_image, sample_error_image,
    sample_unknown_image, sample_windows_image,
  };
  for (size_t i = 0; i < sizeof build / sizeof build[0]; ++i)
    if (gl_image_vector_append (&r->images, build[i] ()) == -1)
      abort ();
  return r;
}

/* --- golden outputs ---------------------------------------------------- */

enum sample_writer { SW_JSON, SW_JSON_SUMMARY, SW_XML, SW_XML_SUMMARY,
                     SW_TEXT, SW_TEXT_COLOR, SW_TABLE, SW_TABLE_COLOR, SW_CSV };

static int
sample_write (const struct gl_report *r, enum sample_writer w, FILE *fp)
{
  switch (w) {
  case SW_JSON: return gl_report_write_json (r, fp, NULL);
  case SW_JSON_SUMMARY: return gl_report_write_json_ex (r, fp, GL_REPORT_JSON_SUMMARY, NULL);
  case SW_XML: return gl_report_write_xml (r, fp, NULL);
  case SW_XML_SUMMARY: return gl_report_write_xml_ex (r, fp, true, NULL);
  case SW_TEXT: return gl_report_write_text (r, fp, false, NULL);
  case SW_TEXT_COLOR: return gl_report_write_text (r, fp, true, NULL);
  case SW_TABLE: return gl_report_write_table (r, fp, false, NULL);
  case SW_TABLE_COLOR: return gl_report_write_table (r, fp, true, NULL);
  case SW_CSV: return gl_report_write_csv (r, fp, NULL);
  }
  return -1;
}

static void
golden_section (FILE *fp, const char *name, const char *data, size_t len)
{
  fprintf (fp, "=== %s: %zu bytes ===\n", name, len);
  fwrite (data, 1, len, fp);
  fputc ('\n', fp);
}

/* Every writer on both samples, then the rich image's cache entry (keyed
 * by a made-up hash).  -1 if a writer failed. */
int
sample_golden (FILE *fp)
{
  static const struct { const char *name; enum sample_writer w; } writers[] = {
    { "json", SW_JSON }, { "json-summary", SW_JSON_SUMMARY },
    { "xml", SW_XML }, { "xml-summary", SW_XML_SUMMARY },
    { "text", SW_TEXT }, { "text-color", SW_TEXT_COLOR },
    { "table", SW_TABLE }, { "table-color", SW_TABLE_COLOR },
    { "csv", SW_CSV },
  };
  struct gl_report *reports[] = { sample_report (), sample_rich_report () };
  static const char *const report_names[] = { "sample", "rich" };
  int ret = 0;
  for (size_t i = 0; i < sizeof reports / sizeof reports[0]; ++i)
    for (size_t j = 0; j < sizeof writers / sizeof writers[0]; ++j) {
      char *out = NULL, name[64];
      size_t len = 0;
      FILE *mem = open_memstream (&out, &len);
      if (!mem)
        abort ();
      if (sample_write (reports[i], writers[j].w, mem) == -1)
        ret = -1;
      fclose (mem);
      snprintf (name, sizeof name, "%s %s", report_names[i], writers[j].name);
      golden_section (fp, name, out, len);
      free (out);
    }

  static const char hash[] =
    "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
  char *entry = gl_cache_entry_text (reports[1]->images.ptr[0], hash, NULL);
  if (!entry)
    ret = -1;
  else
    golden_section (fp, "rich cache entry", entry, strlen (entry));
  free (entry);
  for (size_t i = 0; i < sizeof reports / sizeof reports[0]; ++i)
    gl_report_free (reports[i]);
  return ret;
}

#ifndef GL_REPORT_SAMPLE_NO_MAIN
int
main (int argc, char *argv[])
{
  if (argc < 2 || argc > 3) {
    fprintf (stderr, "usage: %s FILE [xml|xml-summary|json|json-summary|golden]\n",
             argv[0]);
    return 2;
  }
  const char *what = argc == 3 ? argv[2] : "xml";
  FILE *fp = fopen (argv[1], "w");
  if (!fp) {
    perror (argv[1]);
    return 1;
  }
  struct gl_report *r = sample_report ();
  static const struct { const char *what; enum sample_writer w; } outputs[] = {
    { "xml", SW_XML }, { "xml-summary", SW_XML_SUMMARY },
    { "json", SW_JSON }, { "json-summary", SW_JSON_SUMMARY },
  };
  int ret = -1;
  if (strcmp (what, "golden") == 0)
    ret = sample_golden (fp);
  else {
    size_t i;
    for (i = 0; i < sizeof outputs / sizeof outputs[0]; ++i)
      if (strcmp (what, outputs[i].what) == 0)
        break;
    if (i < sizeof outputs / sizeof outputs[0])
      ret = sample_write (r, outputs[i].w, fp);
    else
      fprintf (stderr, "%s: unknown output %s\n", argv[0], what);
  }
  gl_report_free (r);
  if (fclose (fp) == EOF)
    ret = -1;
  return ret == 0 ? 0 : 1;
}
#endif
