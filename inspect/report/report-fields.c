/* guestlift: the report field table (see report-fields.h): the rows of
 * report.h's field lists made into tables, and the walks every writer
 * and reader shares (freeing, comparing, checking the tables). */
#include <config.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report-fields.h"
#include "report-write.h"

/* --- the tables ------------------------------------------------------ */

#define ROWS(n) (sizeof (n) / sizeof (n)[0])
#define OBJECT_OF(T, n, rows, new_fn, free_fn)                           \
  { .name = (n), .fields = (rows), .nfields = ROWS (rows), .size = sizeof (T), \
    .new_item = (new_fn), .free_item = (free_fn) }

#define VIRTIO_ROW(...) GL_FIELD_ROW (struct gl_virtio, __VA_ARGS__)
static const struct gl_field virtio_rows[] = { GL_VIRTIO_FIELDS (VIRTIO_ROW) };
const struct gl_object gl_virtio_object =
  OBJECT_OF (struct gl_virtio, "virtio", virtio_rows, NULL, NULL);

static void *kernel_new (void) { return gl_kernel_new (); }
static void kernel_free (void *k) { gl_kernel_free (k); }
#define KERNEL_ROW(...) GL_FIELD_ROW (struct gl_kernel, __VA_ARGS__)
static const struct gl_field kernel_rows[] = { GL_KERNEL_FIELDS (KERNEL_ROW) };
const struct gl_object gl_kernel_object =
  OBJECT_OF (struct gl_kernel, "kernel", kernel_rows, kernel_new, kernel_free);

#define BOOTLOADER_ROW(...) GL_FIELD_ROW (struct gl_bootloader, __VA_ARGS__)
static const struct gl_field bootloader_rows[] = {
  GL_BOOTLOADER_FIELDS (BOOTLOADER_ROW)
};
const struct gl_object gl_bootloader_object =
  OBJECT_OF (struct gl_bootloader, "bootloader", bootloader_rows, NULL, NULL);

#define XEN_ROW(...) GL_FIELD_ROW (struct gl_xen_refs, __VA_ARGS__)
static const struct gl_field xen_rows[] = { GL_XEN_REFS_FIELDS (XEN_ROW) };
const struct gl_object gl_xen_refs_object =
  OBJECT_OF (struct gl_xen_refs, "xen", xen_rows, NULL, NULL);

#define KVM_ROW(...) GL_FIELD_ROW (struct gl_kvm_verdict, __VA_ARGS__)
static const struct gl_field kvm_rows[] = { GL_KVM_VERDICT_FIELDS (KVM_ROW) };
const struct gl_object gl_kvm_verdict_object =
  OBJECT_OF (struct gl_kvm_verdict, "kvm", kvm_rows, NULL, NULL);

#define OS_ROW(...) GL_FIELD_ROW (struct gl_os, __VA_ARGS__)
static const struct gl_field os_version_rows[] = { GL_OS_VERSION_FIELDS (OS_ROW) };
/* A group: its rows are members of struct gl_os itself. */
const struct gl_object gl_os_version_object = {
  .name = "version", .fields = os_version_rows, .nfields = ROWS (os_version_rows),
};
static void *os_new (void) { return gl_os_new (); }
static void os_free (void *os) { gl_os_free (os); }
static const struct gl_field os_rows[] = { GL_OS_FIELDS (OS_ROW, GL_GROUP_ROW) };
const struct gl_object gl_os_object =
  OBJECT_OF (struct gl_os, "operating system", os_rows, os_new, os_free);

static void *image_new (void) { return gl_image_new (NULL); }
static void image_free (void *img) { gl_image_free (img); }
#define IMAGE_ROW(...) GL_FIELD_ROW (struct gl_image, __VA_ARGS__)
static const struct gl_field image_rows[] = { GL_IMAGE_FIELDS (IMAGE_ROW) };
const struct gl_object gl_image_object =
  OBJECT_OF (struct gl_image, "image", image_rows, image_new, image_free);

#define REPORT_ROW(...) GL_FIELD_ROW (struct gl_report, __VA_ARGS__)
static const struct gl_field report_rows[] = { GL_REPORT_FIELDS (REPORT_ROW) };
const struct gl_object gl_report_object =
  OBJECT_OF (struct gl_report, "report", report_rows, NULL, NULL);

/* GL_FT_MAP sees every map as a gl_string_map. */
_Static_assert (sizeof (struct gl_mountpoint) == sizeof (struct gl_string_pair)
                && offsetof (struct gl_mountpoint, mountpoint)
                   == offsetof (struct gl_string_pair, key)
                && offsetof (struct gl_mountpoint, device)
                   == offsetof (struct gl_string_pair, value),
                "gl_mountpoint is a pair of strings");

/* --- questions ------------------------------------------------------- */

const char *
gl_field_enum_name (const struct gl_field *f, int v)
{
  for (int i = 0; f->names[i]; ++i)
    if (i == v)
      return f->names[i];
  return f->names[0];
}

bool
gl_field_is_extra (const struct gl_field *f)
{
  return !f->json && !f->transient;
}

bool
gl_object_has_extras (const struct gl_object *obj)
{
  for (size_t i = 0; i < obj->nfields; ++i) {
    const struct gl_field *f = &obj->fields[i];
    if (f->type == GL_FT_OBJECT || f->type == GL_FT_OBJECTS
        ? gl_object_has_extras (f->object) : gl_field_is_extra (f))
      return true;
  }
  return false;
}

/* --- freeing --------------------------------------------------------- */

void
gl_object_free_members (const struct gl_object *obj, void *base)
{
  for (size_t i = 0; i < obj->nfields; ++i) {
    const struct gl_field *f = &obj->fields[i];
    switch (f->type) {
    case GL_FT_STRING:
      free (GL_FIELD (f, base, char *));
      GL_FIELD (f, base, char *) = NULL;
      break;
    case GL_FT_STRINGS:
      string_vector_free (&GL_FIELD (f, base, string_vector));
      break;
    case GL_FT_MAP: {
      gl_string_map *m = gl_field_ptr (f, base);
      for (size_t j = 0; j < m->len; ++j) {
        free (m->ptr[j].key);
        free (m->ptr[j].value);
      }
      free (m->ptr);
      *m = (gl_string_map) { NULL, 0, 0 };
      break;
    }
    case GL_FT_OBJECT:
      gl_object_free_members (f->object, gl_field_ptr (f, base));
      break;
    case GL_FT_OBJECTS: {
      gl_field_items *v = gl_field_ptr (f, base);
      for (size_t j = 0; j < v->len; ++j)
        f->object->free_item (v->ptr[j]);
      free (v->ptr);
      *v = (gl_field_items) { NULL, 0, 0 };
      break;
    }
    case GL_FT_INT: case GL_FT_SIZE: case GL_FT_BOOL: case GL_FT_TRISTATE:
    case GL_FT_ENUM:
      break;
    }
  }
}

/* --- comparing ------------------------------------------------------- */

static bool
same_str (const char *a, const char *b)
{
  return (!a && !b) || (a && b && strcmp (a, b) == 0);
}

/* Append ".name" (or "[i]" when name is NULL) to where; the old length. */
static size_t
path_push (char *where, size_t n, const char *name, size_t i)
{
  size_t old = strlen (where);
  if (old < n) {
    if (name)
      snprintf (where + old, n - old, "%s%s", old ? "." : "", name);
    else
      snprintf (where + old, n - old, "[%zu]", i);
  }
  return old;
}

static bool
same_field (const struct gl_field *f, const void *a, const void *b, bool extras,
            char *where, size_t n)
{
  switch (f->type) {
  case GL_FT_STRING:
    return same_str (GL_FIELD (f, a, char *), GL_FIELD (f, b, char *));
  case GL_FT_INT:
    return GL_FIELD (f, a, int) == GL_FIELD (f, b, int);
  case GL_FT_SIZE:
    return GL_FIELD (f, a, int64_t) == GL_FIELD (f, b, int64_t);
  case GL_FT_BOOL:
    return GL_FIELD (f, a, bool) == GL_FIELD (f, b, bool);
  case GL_FT_TRISTATE:
    return GL_FIELD (f, a, gl_tristate) == GL_FIELD (f, b, gl_tristate);
  case GL_FT_ENUM:
    return GL_FIELD (f, a, int) == GL_FIELD (f, b, int);
  case GL_FT_STRINGS: {
    const string_vector *x = gl_field_ptr (f, a), *y = gl_field_ptr (f, b);
    if (x->len != y->len)
      return false;
    for (size_t i = 0; i < x->len; ++i)
      if (!same_str (x->ptr[i], y->ptr[i]))
        return false;
    return true;
  }
  case GL_FT_MAP: {
    const gl_string_map *x = gl_field_ptr (f, a), *y = gl_field_ptr (f, b);
    if (x->len != y->len)
      return false;
    for (size_t i = 0; i < x->len; ++i)
      if (!same_str (x->ptr[i].key, y->ptr[i].key)
          || !same_str (x->ptr[i].value, y->ptr[i].value)) {
        path_push (where, n, NULL, i);
        return false;
      }
    return true;
  }
  case GL_FT_OBJECT:
    return gl_object_same (f->object, gl_field_ptr (f, a), gl_field_ptr (f, b),
                           extras, where, n);
  case GL_FT_OBJECTS: {
    const gl_field_items *x = gl_field_ptr (f, a), *y = gl_field_ptr (f, b);
    if (x->len != y->len)
      return false;
    for (size_t i = 0; i < x->len; ++i) {
      size_t old = path_push (where, n, NULL, i);
      if (!gl_object_same (f->object, x->ptr[i], y->ptr[i], extras, where, n))
        return false;
      where[old] = '\0';
    }
    return true;
  }
  }
  return false;
}

bool
gl_object_same (const struct gl_object *obj, const void *a, const void *b,
                bool extras, char *where, size_t n)
{
  if (!a || !b)
    return a == b;
  for (size_t i = 0; i < obj->nfields; ++i) {
    const struct gl_field *f = &obj->fields[i];
    if (f->transient || (!f->json && !extras))
      continue;
    size_t old = path_push (where, n, f->name, 0);
    if (!same_field (f, a, b, extras, where, n))
      return false;
    where[old] = '\0';
  }
  return true;
}

/* --- checking the tables --------------------------------------------- */

static size_t
type_size (enum gl_field_type t)
{
  switch (t) {
  case GL_FT_STRING: return sizeof (char *);
  case GL_FT_INT: return sizeof (int);
  case GL_FT_SIZE: return sizeof (int64_t);
  case GL_FT_BOOL: return sizeof (bool);
  case GL_FT_TRISTATE: return sizeof (gl_tristate);
  case GL_FT_ENUM: return sizeof (int);
  case GL_FT_STRINGS: return sizeof (string_vector);
  case GL_FT_MAP: return sizeof (gl_string_map);
  case GL_FT_OBJECTS: return sizeof (gl_field_items);
  case GL_FT_OBJECT: return 0;    /* the object's own size */
  }
  return 0;
}

/* Every member of obj's struct, in order of offset, with the members of
 * its groups: collected into spans. */
struct span { size_t offset, size, align; const char *name; };

static size_t
collect (const struct gl_object *obj, size_t base, struct span *s, size_t n,
         size_t max)
{
  for (size_t i = 0; i < obj->nfields && n < max; ++i) {
    const struct gl_field *f = &obj->fields[i];
    if (f->type == GL_FT_OBJECT && f->object->size == 0)
      n = collect (f->object, base + f->offset, s, n, max);
    else
      s[n++] = (struct span) { base + f->offset, f->size, f->align, f->name };
  }
  return n;
}

static int
cmp_span (const void *a, const void *b)
{
  const struct span *x = a, *y = b;
  return x->offset < y->offset ? -1 : x->offset > y->offset;
}

int
gl_object_check (const struct gl_object *obj, struct gl_err *err)
{
  for (size_t i = 0; i < obj->nfields; ++i) {
    const struct gl_field *f = &obj->fields[i];
    size_t want = f->type == GL_FT_OBJECT ? f->object->size : type_size (f->type);
    if (f->size != want)
      return gl_err_set (err, EINVAL, "%s.%s: size %zu, but its type's is %zu",
                      obj->name, f->name, f->size, want);
    if ((f->type == GL_FT_OBJECT || f->type == GL_FT_OBJECTS) && !f->object)
      return gl_err_set (err, EINVAL, "%s.%s: no object", obj->name, f->name);
    if (f->type == GL_FT_OBJECTS
        && (!f->object->new_item || !f->object->free_item))
      return gl_err_set (err, EINVAL, "%s.%s: items without constructor",
                         obj->name, f->name);
    if (f->type == GL_FT_ENUM && (!f->names || !f->names[0]))
      return gl_err_set (err, EINVAL, "%s.%s: an enum without names",
                         obj->name, f->name);
    if ((f->type == GL_FT_STRINGS || f->type == GL_FT_MAP) && f->xml && !f->xml_item)
      return gl_err_set (err, EINVAL, "%s.%s: a list without its XML item",
                         obj->name, f->name);
    if ((f->type == GL_FT_OBJECT || f->type == GL_FT_OBJECTS)
        && gl_object_check (f->object, err) == -1)
      return -1;
  }
  if (obj->size == 0)
    return 0;                   /* a group: checked with its struct */

  /* Every byte of the struct is a member with a row, or padding: the
   * few bytes that align the next member (or, at the end, the struct). */
  struct span s[64];
  size_t ns = collect (obj, 0, s, 0, sizeof s / sizeof s[0]);
  qsort (s, ns, sizeof s[0], cmp_span);
  size_t end = 0, align = 1;
  for (size_t i = 0; i < ns; ++i) {
    if (s[i].offset < end)
      return gl_err_set (err, EINVAL, "%s.%s overlaps the member before it",
                      obj->name, s[i].name);
    if (s[i].offset - end >= s[i].align)
      return gl_err_set (err, EINVAL, "%s: bytes %zu-%zu (before %s) have no row",
                      obj->name, end, s[i].offset - 1, s[i].name);
    end = s[i].offset + s[i].size;
    if (s[i].align > align)
      align = s[i].align;
  }
  if (obj->size - end >= align)
    return gl_err_set (err, EINVAL, "%s: bytes %zu-%zu (at the end) have no row",
                    obj->name, end, obj->size - 1);
  return 0;
}

int
gl_report_fields_check (struct gl_err *err)
{
  return gl_object_check (&gl_report_object, err);
}
