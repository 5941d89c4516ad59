/* guestlift: the XML writer (libxml2 xmlTextWriter).  Same facts as the
 * JSON, in the shape data/guestlift-report.rng describes (keep the two in
 * step): the field table's rows with an XML name, attributes first, then
 * elements in the table's order.  Fields that are null in the JSON are
 * left out; tri-states are spelled true / false / unknown.
 *
 * The writer escapes markup characters, but XML 1.0 cannot carry most
 * control characters even as character references, and libxml2 wants
 * valid UTF-8: every guest string goes through gl_report_clean
 * (GL_CLEAN_XML) so the output is always well-formed. */
#include <config.h>

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/xmlwriter.h>

#include "cleanup.h"
#include "report-fields.h"
#include "report-write.h"

/* The first failure sets fail; later calls do nothing, so the builders
 * below read as plain sequences of elements. */
struct xctx {
  xmlTextWriterPtr w;
  bool fail;
};

#define X(expr) do { if (!c->fail && (expr) < 0) c->fail = true; } while (0)

static void
start (struct xctx *c, const char *name)
{
  X (xmlTextWriterStartElement (c->w, BAD_CAST name));
}

static void
end (struct xctx *c)
{
  X (xmlTextWriterEndElement (c->w));
}

/* Guest data made fit for XML (malloc'd), or NULL: s is NULL (left out)
 * or memory ran out (c->fail). */
static char *
clean (struct xctx *c, const char *s)
{
  if (!s || c->fail)
    return NULL;
  char *r = gl_report_clean (s, GL_CLEAN_XML);
  if (!r)
    c->fail = true;
  return r;
}

/* Attribute from guest data; NULL leaves it out. */
static void
attr (struct xctx *c, const char *name, const char *value)
{
  CLEANUP_FREE char *v = clean (c, value);
  if (v)
    X (xmlTextWriterWriteAttribute (c->w, BAD_CAST name, BAD_CAST v));
}

/* <name>text</name> from guest data; NULL leaves the element out. */
static void
elem (struct xctx *c, const char *name, const char *text)
{
  CLEANUP_FREE char *t = clean (c, text);
  if (t)
    X (xmlTextWriterWriteElement (c->w, BAD_CAST name, BAD_CAST t));
}

static const char *
boolstr (bool b)
{
  return b ? "true" : "false";
}

static const char *
tristr (gl_tristate t)
{
  return t == GL_NULL ? "unknown" : boolstr (t == GL_TRUE);
}

static void
attr_int (struct xctx *c, const char *name, int64_t n)
{
  char s[32];
  snprintf (s, sizeof s, "%" PRId64, n);
  attr (c, name, s);
}

/* <list><item>..</item>...</list>, always present even when empty. */
static void
strings (struct xctx *c, const char *list, const char *item,
         const string_vector *v)
{
  start (c, list);
  for (size_t i = 0; i < v->len; ++i)
    elem (c, item, v->ptr[i]);
  end (c);
}

/* A scalar member as XML text ("true", "unknown", "42", a string); NULL
 * when it is left out (a NULL string, an unknown size). */
static const char *
scalar_text (const struct gl_field *f, const void *base, char buf[32])
{
  switch (f->type) {
  case GL_FT_STRING: {
    const char *s = GL_FIELD (f, base, char *);
    return s ? s : f->null_as;
  }
  case GL_FT_INT:
    snprintf (buf, 32, "%d", GL_FIELD (f, base, int));
    return buf;
  case GL_FT_SIZE:
    if (GL_FIELD (f, base, int64_t) < 0)
      return NULL;
    snprintf (buf, 32, "%" PRId64, GL_FIELD (f, base, int64_t));
    return buf;
  case GL_FT_BOOL:
    return boolstr (GL_FIELD (f, base, bool));
  case GL_FT_TRISTATE:
    return tristr (GL_FIELD (f, base, gl_tristate));
  case GL_FT_ENUM:
    return gl_field_enum_name (f, GL_FIELD (f, base, int));
  case GL_FT_STRINGS: case GL_FT_MAP: case GL_FT_OBJECT: case GL_FT_OBJECTS:
    break;
  }
  return NULL;
}

static void members_xml (struct xctx *c, const struct gl_object *obj,
                         const void *base);

/* <element ATTRS>MEMBERS</element> for an object. */
static void
object_xml (struct xctx *c, const char *element, const struct gl_object *obj,
            const void *base)
{
  start (c, element);
  members_xml (c, obj, base);
  end (c);
}

/* The element of member f (rows with .xml_attr are done by the caller). */
static void
field_xml (struct xctx *c, const struct gl_object *obj, const struct gl_field *f,
           const void *base)
{
  char buf[32];
  switch (f->type) {
  case GL_FT_STRINGS:
    strings (c, f->xml, f->xml_item, gl_field_ptr (f, base));
    return;
  case GL_FT_MAP: {
    const gl_string_map *m = gl_field_ptr (f, base);
    start (c, f->xml);
    for (size_t i = 0; i < m->len; ++i) {
      if (!m->ptr[i].key)
        continue;
      start (c, f->xml_item);
      attr (c, f->xml_key, m->ptr[i].key);
      attr (c, f->xml_value, m->ptr[i].value);
      end (c);
    }
    end (c);
    return;
  }
  case GL_FT_OBJECT:
    object_xml (c, f->xml, f->object, gl_field_ptr (f, base));
    return;
  case GL_FT_OBJECTS: {
    const gl_field_items *v = gl_field_ptr (f, base);
    if (f->xml)
      start (c, f->xml);
    for (size_t i = 0; i < v->len; ++i)
      object_xml (c, f->xml_item, f->object, v->ptr[i]);
    if (f->xml)
      end (c);
    return;
  }
  default: {
    CLEANUP_FREE char *text = clean (c, scalar_text (f, base, buf));
    if (!text)
      return;
    start (c, f->xml);
    /* Siblings that are attributes of this element. */
    for (size_t i = 0; i < obj->nfields; ++i) {
      const struct gl_field *a = &obj->fields[i];
      if (a->xml_in && strcmp (a->xml_in, f->xml) == 0)
        attr (c, a->xml, scalar_text (a, base, buf));
    }
    X (xmlTextWriterWriteString (c->w, BAD_CAST text));
    end (c);
    return;
  }
  }
}

/* An object's attributes, then its elements, in the table's order. */
static void
members_xml (struct xctx *c, const struct gl_object *obj, const void *base)
{
  char buf[32];
  for (size_t i = 0; i < obj->nfields; ++i) {
    const struct gl_field *f = &obj->fields[i];
    if (f->xml && f->xml_attr)
      attr (c, f->xml, scalar_text (f, base, buf));
  }
  for (size_t i = 0; i < obj->nfields; ++i) {
    const struct gl_field *f = &obj->fields[i];
    bool element = f->xml ? !f->xml_attr && !f->xml_in
      : f->type == GL_FT_OBJECTS && f->xml_item;   /* items without a wrapper */
    if (element)
      field_xml (c, obj, f, base);
  }
}

int
gl_report_write_xml_ex (const struct gl_report *r, FILE *fp, bool with_summary,
                        struct gl_err *err)
{
  xmlOutputBufferPtr out = xmlOutputBufferCreateFile (fp, NULL);
  if (!out)
    return gl_err_set (err, ENOMEM, "out of memory");
  /* The writer owns out from here on (and never closes fp). */
  struct xctx ctx = { .w = xmlNewTextWriter (out), .fail = false };
  struct xctx *c = &ctx;
  if (!c->w) {
    xmlOutputBufferClose (out);
    return gl_err_set (err, ENOMEM, "out of memory");
  }
  X (xmlTextWriterSetIndent (c->w, 1));
  X (xmlTextWriterSetIndentString (c->w, BAD_CAST "  "));
  X (xmlTextWriterStartDocument (c->w, NULL, "UTF-8", NULL));
  static const struct gl_report none = { empty_vector };
  start (c, "guestlift-report");
  members_xml (c, &gl_report_object, r ? r : &none);
  if (with_summary) {
    struct gl_report_summary s;
    gl_report_summary (r, &s);
    start (c, "summary");
    attr_int (c, "bootable", (int64_t) s.bootable);
    attr_int (c, "blocked", (int64_t) s.blocked);
    attr_int (c, "unknown", (int64_t) s.unknown);
    attr_int (c, "error", (int64_t) s.error);
    attr_int (c, "not-applicable", (int64_t) s.not_applicable);
    struct gl_report_guest g = GL_REPORT_GUEST_INIT;
    while (gl_report_next_guest (r, &g)) {
      if (g.verdict != GL_VERDICT_BLOCKED)
        continue;
      start (c, "blocked-guest");
      attr (c, "path", g.img->path);
      attr (c, "root", g.os->root);
      for (size_t k = 0; k < g.os->kvm.blockers.len; ++k)
        elem (c, "blocker", g.os->kvm.blockers.ptr[k]);
      end (c);
    }
    end (c);
  }
  end (c);
  X (xmlTextWriterEndDocument (c->w));
  xmlFreeTextWriter (c->w);

  /* libxml2 says no more than that a call failed: out of memory, or
   * the stream's error (which gl_report_write_done finds first). */
  return gl_report_write_done (fp, c->fail, err);
}

int
gl_report_write_xml (const struct gl_report *r, FILE *fp, struct gl_err *err)
{
  return gl_report_write_xml_ex (r, fp, false, err);
}
