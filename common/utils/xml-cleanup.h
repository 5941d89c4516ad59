/* guestlift: typed cleanup (cleanup.h) for libxml2's objects.  Header
 * only, and only for the rooms that link libxml2: including it is what
 * pulls the libxml2 headers in.
 *
 *   CLEANUP_XMLDOC xmlDocPtr doc = xmlReadMemory (...);
 *
 * Like the other cleanups, they keep errno.
 */
#ifndef GUESTLIFT_XML_CLEANUP_H
#define GUESTLIFT_XML_CLEANUP_H

#include <errno.h>

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xpath.h>

static inline void
gl_cleanup_xmldoc (void *ptr)
{
  xmlDocPtr doc = *(xmlDocPtr *) ptr;
  int e = errno;
  if (doc)
    xmlFreeDoc (doc);
  errno = e;
}

static inline void
gl_cleanup_xpath_ctx (void *ptr)
{
  xmlXPathContextPtr ctx = *(xmlXPathContextPtr *) ptr;
  int e = errno;
  if (ctx)
    xmlXPathFreeContext (ctx);
  errno = e;
}

static inline void
gl_cleanup_xpath_obj (void *ptr)
{
  xmlXPathObjectPtr obj = *(xmlXPathObjectPtr *) ptr;
  int e = errno;
  if (obj)
    xmlXPathFreeObject (obj);
  errno = e;
}

static inline void
gl_cleanup_xml_parser (void *ptr)
{
  xmlParserCtxtPtr ctxt = *(xmlParserCtxtPtr *) ptr;
  int e = errno;
  if (ctxt)
    xmlFreeParserCtxt (ctxt);
  errno = e;
}

#define CLEANUP_XMLDOC __attribute__ ((cleanup (gl_cleanup_xmldoc)))
#define CLEANUP_XPATH_CTX __attribute__ ((cleanup (gl_cleanup_xpath_ctx)))
#define CLEANUP_XPATH_OBJ __attribute__ ((cleanup (gl_cleanup_xpath_obj)))
#define CLEANUP_XML_PARSER __attribute__ ((cleanup (gl_cleanup_xml_parser)))

#endif
