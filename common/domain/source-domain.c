/* guestlift: a guest's definition read from libvirt by its name (-d
 * DOMAIN, -c URI): the domain's XML, inactive (as it boots next, not as
 * a running guest's live devices), read as a source config. */
#include <config.h>

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#ifdef HAVE_LIBVIRT
#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>
#endif

#include "err.h"
#include "source-config.h"

#ifdef HAVE_LIBVIRT
/* libvirt's last error (the error object makes it one line). */
static const char *
libvirt_message (void)
{
  const virError *e = virGetLastError ();
  return e && e->message ? e->message : "unknown libvirt error";
}

/* libvirt prints its errors on stderr unless a handler takes them:
 * guestlift reports them itself, once, in its own words. */
static void
quiet_errors (void *opaque, virErrorPtr e)
{
  (void) opaque;
  (void) e;
}
#endif

int
gl_source_domain_read (const char *uri, const char *name,
                       struct gl_source_config *out, struct gl_err *err)
{
#ifdef HAVE_LIBVIRT
  virSetErrorFunc (NULL, quiet_errors);
  /* NULL: libvirt's own default (LIBVIRT_DEFAULT_URI, its config,
   * then probing), as virsh does. */
  virConnectPtr conn = virConnectOpenReadOnly (uri);
  if (!conn)
    return gl_err_set (err, EIO, "cannot connect to libvirt%s%s: %s",
                       uri ? " at " : "", uri ? uri : "", libvirt_message ());
  int rc = -1;
  virDomainPtr dom = virDomainLookupByName (conn, name);
  char *xml = NULL;
  if (!dom) {
    gl_err_set (err, ENOENT, "no libvirt domain %s: %s", name,
                libvirt_message ());
    goto out;
  }
  xml = virDomainGetXMLDesc (dom, VIR_DOMAIN_XML_INACTIVE);
  if (!xml) {
    gl_err_set (err, EIO, "cannot read the XML of domain %s: %s", name,
                libvirt_message ());
    goto out;
  }
  rc = gl_source_config_read_data (xml, strlen (xml), out, err);
 out:
  free (xml);
  if (dom)
    virDomainFree (dom);
  virConnectClose (conn);
  return rc;
#else
  (void) uri;
  (void) out;
  return gl_err_set (err, ENOTSUP, "-d %s: guestlift was built without "
                     "libvirt (configure found no libvirt-dev)", name);
#endif
}
