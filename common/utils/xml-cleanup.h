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

/* static inline void NAME (void *ptr): FREE (*ptr) unless NULL. */
#define GL_XML_CLEANUP_FN(name, type, free_fn)                          \
  static inline void                                                    \
  name (void *ptr)                                                      \
  {                                                                     \
    type v_ = *(type *) ptr;                                            \
    int e_ = errno;                                                     \
    if (v_)                                                             \
      free_fn (v_);                                                     \
    errno = e_;                                                         \
  }

GL_XML_CLEANUP_FN (gl_cleanup_xmldoc, xmlDocPtr, xmlFreeDoc)
GL_XML_CLEANUP_FN (gl_cleanup_xpath_ctx, xmlXPathContextPtr, xmlXPathFreeContext)
GL_XML_CLEANUP_FN (gl_cleanup_xpath_obj, xmlXPathObjectPtr, xmlXPathFreeObject)
GL_XML_CLEANUP_FN (gl_cleanup_xml_parser, xmlParserCtxtPtr, xmlFreeParserCtxt)

#define CLEANUP_XMLDOC __attribute__ ((cleanup (gl_cleanup_xmldoc)))
#define CLEANUP_XPATH_CTX __attribute__ ((cleanup (gl_cleanup_xpath_ctx)))
#define CLEANUP_XPATH_OBJ __attribute__ ((cleanup (gl_cleanup_xpath_obj)))
#define CLEANUP_XML_PARSER __attribute__ ((cleanup (gl_cleanup_xml_parser)))

#endif
