/* guestlift launch: the libvirt backend -- the guest as a transient libvirt
 * domain (virDomainCreateXML), its serial console in a log file
 * (<serial type='file'>) that the watcher follows, virDomainDestroy at
 * the end.  The XML comes from common/domain/domain-xml.c (the kvm profile with
 * <kernel>/<initrd>/<cmdline>; <domain type='qemu'> when KVM cannot run
 * guests here), or is a DOMAIN.xml given by the user (e.g. written by
 * "convert --direct-boot"), launched as it is.
 *
 * The connection URI: $LIBVIRT_DEFAULT_URI, else qemu:///system for root
 * and qemu:///session for other users.  libvirt is optional (HAVE_LIBVIRT):
 * without it --dry-run still prints the XML and a launch says why not.
 */
#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xpath.h>

#ifdef HAVE_LIBVIRT
#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>
#endif

#include "host-kvm.h"
#include "backend.h"
#include "cleanup.h"
#include "domain-file.h"
#include "domain-xml.h"
#include "error.h"
#include "xml-cleanup.h"

#define DOMAIN_XML_MAX GL_DOMAIN_XML_MAX

/* The generated XML (malloc'd): the kvm profile, domain type 'qemu' when
 * the guest must run under TCG, console to CONSOLE_LOG.  NULL with err. */
static char *
generated_xml (const struct gl_launch_spec *spec,
               const struct gl_launch_disk *disks, const char *console_log,
               struct gl_err *err)
{
  CLEANUP_FREE struct gl_domain_disk *dd =
    calloc (spec->n_disks ? spec->n_disks : 1, sizeof *dd);
  if (!dd) {
    gl_err_set (err, ENOMEM, "out of memory");
    return NULL;
  }
  for (size_t i = 0; i < spec->n_disks; ++i) {
    dd[i].path = disks[i].path;
    dd[i].format = disks[i].format;
    dd[i].backing_allowed = spec->allow_backing;
    /* At launch, --snapshot gives each disk an overlay of our own: its
     * one backing file is the disk. */
    if (disks != spec->disks && spec->snapshot) {
      dd[i].backing = spec->disks[i].path;
      dd[i].backing_format = spec->disks[i].format;
    }
  }
  struct gl_domain_spec ds = {
    .target = gl_hypervisor_target (spec->hv),
    .name = spec->name, .memory_mib = spec->memory_mib, .vcpus = spec->vcpus,
    .disks = dd, .n_disks = spec->n_disks,
    .kernel = spec->kernel, .initrd = spec->initrd, .cmdline = spec->cmdline,
    .graphics = GL_GRAPHICS_NONE, .console_log = console_log,
  };
  char *raw = NULL;
  size_t rawlen = 0;
  FILE *fp = open_memstream (&raw, &rawlen);
  if (!fp) {
    gl_err_errno (err, "cannot write the libvirt XML");
    return NULL;
  }
  int r = gl_domain_xml_write (&ds, fp);
  if (fclose (fp) == EOF || r == -1) {
    const char *why = gl_domain_spec_invalid (&ds);
    gl_err_set (err, errno, "cannot write the libvirt XML: %s",
                why ? why : strerror (errno));
    free (raw);
    return NULL;
  }
  bool kvm = spec->hv == GL_HV_KVM && gl_host_kvm_usable (&spec->note);
  if (kvm)
    return raw;
  /* <domain type='qemu'>: the same guest under TCG.  Our own document,
   * re-read with libxml2 rather than edited as text. */
  CLEANUP_XMLDOC xmlDocPtr doc = xmlReadMemory (raw, (int) rawlen, "domain.xml", NULL,
                                                XML_PARSE_NONET | XML_PARSE_NOBLANKS);
  free (raw);
  if (!doc) {
    gl_err_set (err, EINVAL, "cannot read back the libvirt XML");
    return NULL;
  }
  xmlNodePtr root = xmlDocGetRootElement (doc);
  xmlSetProp (root, BAD_CAST "type", BAD_CAST "qemu");
  xmlChar *out = NULL;
  int outlen = 0;
  xmlDocDumpFormatMemoryEnc (doc, &out, &outlen, "UTF-8", 1);
  char *s = out ? strdup ((char *) out) : NULL;
  xmlFree (out);
  if (!s)
    gl_err_set (err, ENOMEM, "out of memory");
  return s;
}

/* Read a DOMAIN.xml (bounded); NULL with err. */
static char *
read_domain_xml (const char *path, struct gl_err *err)
{
  size_t len;
  return gl_domain_xml_read (path, &len, err);
}

/* From a domain XML: its <name> and the path of a file-backed serial or
 * console (NULL if none).  0, or -1 when it is not a <domain>. */
static int
domain_facts (const char *xml, char **name, char **log)
{
  *name = *log = NULL;
  CLEANUP_XMLDOC xmlDocPtr doc = xmlReadMemory (xml, (int) strlen (xml), "domain.xml",
                                                NULL, XML_PARSE_NONET | XML_PARSE_NOERROR
                                                | XML_PARSE_NOWARNING);
  if (!doc)
    return -1;
  int ret = -1;
  xmlNodePtr root = xmlDocGetRootElement (doc);
  CLEANUP_XPATH_CTX xmlXPathContextPtr ctx = xmlXPathNewContext (doc);
  if (root && ctx && xmlStrcmp (root->name, BAD_CAST "domain") == 0) {
    static const char *const q[] = {
      "string(/domain/name)",
      "string((/domain/devices/serial[@type='file']/source/@path"
      " | /domain/devices/console[@type='file']/source/@path)[1])",
    };
    char **dst[] = { name, log };
    for (size_t i = 0; i < 2; ++i) {
      CLEANUP_XPATH_OBJ xmlXPathObjectPtr o = xmlXPathEvalExpression (BAD_CAST q[i], ctx);
      if (o && o->type == XPATH_STRING && o->stringval && *o->stringval)
        *dst[i] = strdup ((char *) o->stringval);
    }
    ret = 0;
  }
  return ret;
}

int
gl_libvirt_domain_file (const char *path, char **name, struct gl_err *err)
{
  *name = NULL;
  size_t n = strlen (path);
  struct stat st;
  if (n < 4 || strcmp (path + n - 4, ".xml") != 0 ||
      stat (path, &st) == -1 || !S_ISREG (st.st_mode) ||
      st.st_size > DOMAIN_XML_MAX)
    return 0;
  CLEANUP_FREE char *xml = read_domain_xml (path, err);
  CLEANUP_FREE char *log = NULL;
  if (!xml || domain_facts (xml, name, &log) == -1)
    return 0;
  return 1;
}

/* SPEC's origin as an XML comment ("--" is not allowed in one). */
static int
put_origin (const struct gl_launch_spec *spec, FILE *fp)
{
  CLEANUP_FREE char *o = spec->origin ? gl_one_line (spec->origin) : NULL;
  if (!o)
    return 0;
  for (char *p = strstr (o, "--"); p; p = strstr (p, "--"))
    p[1] = '=';
  return fprintf (fp, "<!-- %s -->\n", o) < 0 ? -1 : 0;
}

static int
libvirt_dry_run (const struct gl_launch_spec *spec, FILE *fp, struct gl_err *err)
{
  CLEANUP_FREE char *xml = NULL;
  if (spec->domain_xml)
    xml = read_domain_xml (spec->domain_xml, err);
  else
    /* The real log goes into a temporary folder made at launch time. */
    xml = generated_xml (spec, spec->disks,
                         "/tmp/guestlift-launch.XXXXXX/console.log", err);
  if (!xml)
    return GL_EXIT_ERROR;
  if (spec->snapshot && !spec->domain_xml)
    gl_note (&spec->note, GL_NOTE_NOTICE, "%s: --snapshot: at launch each disk "
             "is replaced by a temporary qcow2 overlay", spec->subject);
  /* The origin goes after the XML declaration (nothing may precede it). */
  const char *body = xml;
  if (!spec->domain_xml && strncmp (xml, "<?xml", 5) == 0 && strchr (xml, '\n'))
    body = strchr (xml, '\n') + 1;
  if ((body != xml && fwrite (xml, 1, (size_t) (body - xml), fp) != (size_t) (body - xml)) ||
      (!spec->domain_xml && put_origin (spec, fp) == -1) ||
      fputs (body, fp) == EOF || fflush (fp) != 0) {
    gl_err_errno (err, "write error");
    return GL_EXIT_ERROR;
  }
  return GL_EXIT_OK;
}

#ifdef HAVE_LIBVIRT

static void
quiet_errors (void *opaque, virErrorPtr e)
{
  (void) opaque; (void) e;   /* reported by the caller, once */
}

static const char *
last_error (void)
{
  const char *m = virGetLastErrorMessage ();
  return m && *m ? m : "unknown libvirt error";
}

struct lv_dom {
  virDomainPtr dom;
  bool destroyed;
};

static int
lv_alive (void *opaque)
{
  struct lv_dom *d = opaque;
  /* A transient domain that shut down is gone: IsActive fails (-1). */
  return !d->destroyed && virDomainIsActive (d->dom) == 1;
}

static void
lv_stop (void *opaque)
{
  struct lv_dom *d = opaque;
  if (d->destroyed)
    return;
  if (virDomainIsActive (d->dom) == 1)
    virDomainDestroy (d->dom);
  d->destroyed = true;
}

/* Does the URI name a system daemon ("qemu:///system",
 * "qemu+ssh://host/system"), whose qemu runs as another user? */
static bool
system_uri (const char *uri)
{
  const char *path = strstr (uri, "://");
  path = path ? strchr (path + 3, '/') : NULL;
  return path && strncmp (path, "/system", 7) == 0 &&
    (path[7] == '\0' || path[7] == '?');
}

static int
libvirt_run (const struct gl_launch_spec *spec, const struct gl_watch_opts *w,
             struct gl_err *err)
{
  const char *uri = getenv ("LIBVIRT_DEFAULT_URI");
  if (!uri || !*uri)
    uri = geteuid () == 0 ? "qemu:///system" : "qemu:///session";
  virSetErrorFunc (NULL, quiet_errors);

  CLEANUP_FREE char *xml = NULL, *name = NULL, *log = NULL;
  CLEANUP_FREE char *boot_kernel = NULL, *boot_initrd = NULL;
  char *tmp = NULL;
  struct gl_launch_disk *disks = NULL;
  if (spec->domain_xml) {
    xml = read_domain_xml (spec->domain_xml, err);
    if (!xml)
      return GL_EXIT_ERROR;
    if (domain_facts (xml, &name, &log) == -1) {
      gl_err_set (err, EINVAL, "not a libvirt <domain> document");
      return GL_EXIT_ERROR;
    }
    if (!log && w->matcher) {
      gl_err_set (err, EINVAL, "--wait-for needs the domain's console "
                  "in a file (<serial type='file'>); this XML has none");
      return GL_EXIT_ERROR;
    }
  }
  else {
    tmp = gl_launch_tmpdir (err);
    if (!tmp)
      return GL_EXIT_ERROR;
    /* The daemon (another user for qemu:///system) writes the log. */
    chmod (tmp, 0755);
    log = gl_printf ("%s/console.log", tmp);
    disks = gl_launch_snapshot_disks (spec, tmp, err);
    /* A system daemon runs qemu as its own user, who cannot read our
     * kernel cache: it gets copies next to the log. */
    struct gl_launch_spec readable = *spec;
    if (disks && system_uri (uri)) {
      if (gl_launch_copy_boot_files (spec, tmp, &boot_kernel, &boot_initrd, err) == 0) {
        readable.kernel = boot_kernel;
        readable.initrd = boot_initrd;
      }
      else {
        gl_launch_disks_free (disks, spec->n_disks);
        disks = NULL;
      }
    }
    xml = log && disks ? generated_xml (&readable, disks, log, err) : NULL;
    name = strdup (spec->name);
    if (!xml || !name) {
      if (!log || (xml && !name))
        gl_err_set (err, ENOMEM, "out of memory");
      gl_launch_disks_free (disks, spec->n_disks);
      gl_launch_tmpdir_remove (tmp);
      free (tmp);
      return GL_EXIT_ERROR;
    }
  }

  int status = GL_EXIT_ERROR;
  virConnectPtr conn = virConnectOpen (uri);
  if (!conn) {
    gl_err_set (err, 0, "cannot connect to libvirt at %s: %s",
                uri, last_error ());
    goto out;
  }
  struct lv_dom d = { 0 };
  d.dom = virDomainCreateXML (conn, xml, VIR_DOMAIN_NONE);
  if (!d.dom) {
    gl_err_set (err, 0, "libvirt (%s) cannot start the domain: %s",
                uri, last_error ());
    goto out_conn;
  }
  if (gl_watch_interrupted ()) {
    lv_stop (&d);
    status = 130;
    goto out_dom;
  }
  int fd = -1;
  if (log) {
    /* The log appears when the domain starts; give it a few seconds. */
    for (int i = 0; i < 100 && fd == -1 && !gl_watch_interrupted (); ++i) {
      fd = open (log, O_RDONLY | O_CLOEXEC);
      if (fd == -1) {
        struct timespec ts = { 0, 50 * 1000 * 1000 };
        nanosleep (&ts, NULL);
      }
    }
    if (fd == -1) {
      gl_err_errno (err, "cannot read the console log %s", log);
      lv_stop (&d);
      goto out_dom;
    }
  }
  else {
    /* No file console: follow nothing, wait for the domain to end. */
    fd = open ("/dev/null", O_RDONLY | O_CLOEXEC);
  }
  struct gl_guest_ctl ctl = {
    .fd = fd, .fd_is_file = true, .opaque = &d,
    .alive = lv_alive, .stop = lv_stop, .exit_note = NULL,
  };
  status = gl_watch_run (w, &ctl, err);
  lv_stop (&d);
  close (fd);
 out_dom:
  virDomainFree (d.dom);
 out_conn:
  virConnectClose (conn);
 out:
  gl_launch_disks_free (disks, spec->n_disks);
  if (tmp) {
    gl_launch_tmpdir_remove (tmp);
    free (tmp);
  }
  return status;
}

#else /* !HAVE_LIBVIRT */

static int
libvirt_run (const struct gl_launch_spec *spec, const struct gl_watch_opts *w,
             struct gl_err *err)
{
  (void) spec; (void) w;
  gl_err_set (err, ENOTSUP, "guestlift was built without libvirt "
              "(install libvirt-dev and rebuild), use --via qemu");
  return GL_EXIT_ERROR;
}

#endif

static char *
libvirt_describe (const struct gl_launch_spec *spec)
{
  const char *uri = getenv ("LIBVIRT_DEFAULT_URI");
  if (!uri || !*uri)
    uri = geteuid () == 0 ? "qemu:///system" : "qemu:///session";
  if (spec->domain_xml)
    return gl_printf ("libvirt at %s, the domain as it is", uri);
  bool kvm = spec->hv == GL_HV_KVM && gl_host_kvm_usable (&spec->note);
  return gl_printf ("libvirt at %s, domain type %s%s", uri, kvm ? "kvm" : "qemu",
                    kvm ? "" : spec->hv == GL_HV_KVM
                    ? " (TCG: KVM cannot run guests here)" : " (TCG)");
}

const struct gl_launch_backend gl_backend_libvirt = {
  .name = "libvirt",
  .help = "libvirt",
  .hypervisors = GL_HV_BIT (GL_HV_KVM) | GL_HV_BIT (GL_HV_QEMU),
  .domain_xml = GL_DOMXML_AS_IS,
  .describe = libvirt_describe,
  .dry_run = libvirt_dry_run,
  .run = libvirt_run,
};
