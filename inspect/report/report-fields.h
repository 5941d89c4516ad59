/* guestlift: the report field table -- how the report carries each member
 * of the model.
 *
 * report.h lists, after each struct, one row per member (GL_KERNEL_FIELDS,
 * GL_OS_FIELDS, ...): its type, its JSON key (NULL: outside the public
 * contract), its XML element or attribute, its text label.  Everything
 * that walks the model walks these rows: the JSON writer and reader, the
 * XML writer, the text writer's labelled lines, the cache's extras (the
 * members outside the contract), freeing, comparing.  A member without a
 * row fails test-report (which reads report.h's structs), so none is
 * forgotten; gl_report_fields_check checks the rows against the layout.
 *
 * A row, as written in report.h:
 *   F (member, TYPE, "json_key" or NULL, options...)
 * TYPE is one of enum gl_field_type without the GL_FT_ prefix; the
 * options are designated initializers of struct gl_field (.xml = "name",
 * .xml_attr = true, .text = "label:", ...).  A group (G) is a JSON/XML
 * object made of members of the same struct (gl_os's version).
 */
#ifndef GUESTLIFT_REPORT_FIELDS_H
#define GUESTLIFT_REPORT_FIELDS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "err.h"
#include "report.h"

enum gl_field_type {
  GL_FT_STRING,    /* char *; NULL is JSON null and no XML */
  GL_FT_INT,       /* int */
  GL_FT_SIZE,      /* int64_t, -1 unknown: JSON -1, no XML */
  GL_FT_BOOL,      /* bool: XML "true" / "false" */
  GL_FT_TRISTATE,  /* gl_tristate: JSON true/false/null, XML "unknown" for null */
  GL_FT_ENUM,      /* an enum, by name (.names) */
  GL_FT_STRINGS,   /* string_vector: a JSON array, an XML list of .xml_item */
  GL_FT_MAP,       /* gl_string_map (or a vector of the same layout, as
                    * gl_mountpoint_vector): a JSON object, an XML list of
                    * .xml_item with attributes .xml_key and .xml_value;
                    * items with a NULL key are not printed */
  GL_FT_OBJECT,    /* a struct inside this one (.object), or a group */
  GL_FT_OBJECTS,   /* a vector of pointers to .object */
};

struct gl_object;

struct gl_field {
  const char *name;          /* the member; the cache's key for extras */
  enum gl_field_type type;
  size_t offset, size, align;   /* of the member (a group: 0, 0, 0) */
  const char *json;          /* key in the JSON contract, NULL: not in it */

  /* XML: an element .xml (lists and maps: holding .xml_item elements;
   * OBJECTS: .xml may be NULL for items straight in the parent), an
   * attribute .xml of the object's element (.xml_attr), or an attribute
   * .xml of the sibling element .xml_in.  NULL .xml: not in the XML. */
  const char *xml;
  bool xml_attr;
  const char *xml_in;
  const char *xml_item;
  const char *xml_key, *xml_value;   /* MAP items' attributes */

  const char *null_as;       /* STRING: what NULL is printed as ("none") */
  const char *const *names;  /* ENUM: names by value, NULL-terminated */
  const struct gl_object *object;   /* OBJECT, OBJECTS */
  size_t max_items;          /* STRINGS, MAP, OBJECTS: the reader's bound
                              * (0: GL_REPORT_READ_MAX_ITEMS) */
  bool transient;            /* engine scratch: not printed, not cached */

  /* The text report.  An OS's STRING with .text is a line "  label value"
   * placed by .text_line among the OS's first lines (report-text.c puts
   * its composed lines at 20, "os:", and 50, "bootloader:"), printed when
   * not NULL (.text_always: "-" then).  An OBJECT with .text is a section
   * title over its STRINGS with .text, one line each, items joined with
   * .text_sep (", " by default).  Other STRINGS with .text are a titled
   * list, one item a line, the title in .text_color. */
  const char *text;
  int text_line;
  bool text_always;
  const char *text_sep;
  const char *text_color;
};

struct gl_object {
  const char *name;          /* "kernel", for messages */
  const struct gl_field *fields;
  size_t nfields;
  size_t size;               /* sizeof the struct, 0 for a group */
  /* OBJECTS items: constructor and destructor (NULL for others). */
  void *(*new_item) (void);
  void (*free_item) (void *);
};

/* The objects of the model (report-fields.c). */
extern const struct gl_object gl_report_object, gl_image_object, gl_os_object,
  gl_os_version_object, gl_kernel_object, gl_virtio_object,
  gl_bootloader_object, gl_xen_refs_object, gl_kvm_verdict_object;

/* How a row is built from report.h's lists: T is the struct. */
#define GL_FIELD_ROW(T, m_, t_, json_, ...)                               \
  { .name = #m_, .type = GL_FT_##t_, .offset = offsetof (T, m_),          \
    .size = sizeof (((T *) 0)->m_), .align = __alignof__ (((T *) 0)->m_), \
    .json = (json_), ##__VA_ARGS__ },
#define GL_GROUP_ROW(n_, json_, ...)                                      \
  { .name = #n_, .type = GL_FT_OBJECT, .json = (json_), ##__VA_ARGS__ },

/* --- typed access ---------------------------------------------------- */

/* The member of the struct at base that row f describes. */
static inline void *
gl_field_ptr (const struct gl_field *f, const void *base)
{
  return (char *) base + f->offset;
}
#define GL_FIELD(f, base, ctype) (*(ctype *) gl_field_ptr ((f), (base)))

/* A GL_FT_OBJECTS member. */
typedef struct { void **ptr; size_t len, cap; } gl_field_items;

/* The name of ENUM value v (out of range: the first name). */
const char *gl_field_enum_name (const struct gl_field *f, int v);
/* Whether the cache carries the row beside the public JSON (a member
 * outside the contract that is not engine scratch). */
bool gl_field_is_extra (const struct gl_field *f);
/* Whether obj, or an object below it, has extras. */
bool gl_object_has_extras (const struct gl_object *obj);

/* --- walks ----------------------------------------------------------- */

/* Free what the members of the struct at base own (not base itself). */
void gl_object_free_members (const struct gl_object *obj, void *base);

/* Compare two structs member by member (only the contract's members
 * unless extras); false with the path of the first difference in where
 * (e.g. "oses[0].kernels[1].virtio.console"). */
bool gl_object_same (const struct gl_object *obj, const void *a, const void *b,
                     bool extras, char *where, size_t n);

/* Check the tables against the structs' layout: no gap between rows
 * wider than padding (a small member hidden in padding is for
 * test-report, which reads report.h), rows do not overlap, each row's
 * size is its type's, and the OBJECTS and enums are complete.  0, or -1
 * with the first problem in err. */
int gl_report_fields_check (struct gl_err *err);
/* The same for obj and the objects below it. */
int gl_object_check (const struct gl_object *obj, struct gl_err *err);

#endif
