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

#include "error.h"
#include "source-config.h"

#ifdef HAVE_LIBVIRT
/* libvirt's last error, one line (malloc'd) or NULL. */
static char *
libvirt_message (void)
{
  const virError *e = virGetLastError ();
  return gl_one_line (e && e->message ? e->message : "unknown libvirt error");
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
                       struct gl_source_config *out, char **err)
{
  *err = NULL;
#ifdef HAVE_LIBVIRT
  virSetErrorFunc (NULL, quiet_errors);
  /* NULL: libvirt's own default (LIBVIRT_DEFAULT_URI, its config,
   * then probing), as virsh does. */
  virConnectPtr conn = virConnectOpenReadOnly (uri);
  if (!conn) {
    char *m = libvirt_message ();
    *err = gl_printf ("cannot connect to libvirt%s%s: %s", uri ? " at " : "",
                      uri ? uri : "", m ? m : "?");
    free (m);
    errno = EIO;
    return -1;
  }
  int rc = -1;
  virDomainPtr dom = virDomainLookupByName (conn, name);
  char *xml = NULL;
  if (!dom) {
    char *m = libvirt_message ();
    *err = gl_printf ("no libvirt domain %s: %s", name, m ? m : "?");
    free (m);
    errno = ENOENT;
    goto out;
  }
  xml = virDomainGetXMLDesc (dom, VIR_DOMAIN_XML_INACTIVE);
  if (!xml) {
    char *m = libvirt_message ();
    *err = gl_printf ("cannot read the XML of domain %s: %s", name, m ? m : "?");
    free (m);
    errno = EIO;
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
  (void) name;
  (void) out;
  *err = gl_printf ("-d %s: guestlift was built without libvirt "
                    "(configure found no libvirt-dev)", name);
  errno = ENOTSUP;
  return -1;
#endif
}
