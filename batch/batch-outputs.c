/* guestlift batch: a converted guest's files go from convert's partial
 * folder into DIR/NAME/ at once, and nothing half-done stays behind (see
 * batch-scheduler.h). */
#include <config.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

#include <libxml/parser.h>
#include <libxml/tree.h>

#include "batch-scheduler.h"
#include "cleanup.h"
#include "drive-name.h"
#include "error.h"
#include "read-file.h"
#include "rmtree.h"
#include "write-atomic.h"
#include "xml-cleanup.h"

/* convert's domain XML is small; anything bigger is not ours. */
#define XML_MAX (4 * 1024 * 1024)
#define XML_MAX_DEPTH 64

static int
cmp_str (const void *a, const void *b)
{
  return strcmp (*(char *const *) a, *(char *const *) b);
}

/* The regular, non-hidden files of DIR (names), sorted. */
static int
list_files (const char *dir, string_vector *out)
{
  CLEANUP_CLOSEDIR DIR *d = opendir (dir);
  if (!d)
    return -1;
  struct dirent *e;
  int rc = 0;
  while ((e = readdir (d)) != NULL) {
    if (e->d_name[0] == '.')
      continue;
    CLEANUP_FREE char *p = gl_printf ("%s/%s", dir, e->d_name);
    struct stat st;
    if (!p || (lstat (p, &st) == 0 && S_ISREG (st.st_mode)
               && string_vector_add (out, e->d_name) == -1)) {
      rc = -1;
      break;
    }
  }
  if (rc == 0)
    qsort (out->ptr, out->len, sizeof out->ptr[0], cmp_str);
  return rc;
}

/* S with its leading FROM (a folder) replaced by TO, or NULL when S does
 * not start with FROM/. */
static char *
moved (const char *s, const char *from, const char *to)
{
  size_t n = strlen (from);
  if (strncmp (s, from, n) != 0 || s[n] != '/')
    return NULL;
  return gl_printf ("%s%s", to, s + n);
}

/* Rewrite paths in every attribute and text node under NODE. */
static int
fix_node (xmlNodePtr node, const char *from, const char *to, int depth)
{
  if (depth > XML_MAX_DEPTH)
    return -1;
  for (xmlNodePtr c = node; c; c = c->next) {
    if (c->type == XML_TEXT_NODE && c->content) {
      CLEANUP_FREE char *m = moved ((const char *) c->content, from, to);
      if (m)
        xmlNodeSetContent (c, (const xmlChar *) m);
    }
    if (c->type != XML_ELEMENT_NODE)
      continue;
    for (xmlAttrPtr a = c->properties; a; a = a->next) {
      xmlChar *v = xmlNodeListGetString (c->doc, a->children, 1);
      CLEANUP_FREE char *m = v ? moved ((const char *) v, from, to) : NULL;
      xmlFree (v);
      if (m && !xmlSetProp (c, a->name, (const xmlChar *) m))
        return -1;
    }
    if (fix_node (c->children, from, to, depth + 1) == -1)
      return -1;
  }
  return 0;
}

/* Rewrite the XML file PATH (in the partial folder) in place. */
static int
fix_xml (const char *path, const char *from, const char *to, struct gl_err *err)
{
  CLEANUP_ERR struct gl_err e = GL_ERR_INIT;
  struct stat st;
  size_t len;
  CLEANUP_FREE char *text = stat (path, &st) == 0
    ? gl_read_file (path, XML_MAX, GL_READ_REGULAR, &len, &e) : NULL;
  if (!text)
    return gl_err_set (err, e.errnum ? e.errnum : errno,
                       "%s: cannot read it (or over %d MiB)", path, XML_MAX >> 20);
  CLEANUP_XMLDOC xmlDocPtr doc = xmlReadMemory (text, (int) len, path, NULL,
                                                XML_PARSE_NONET | XML_PARSE_NOERROR
                                                | XML_PARSE_NOWARNING);
  if (!doc)
    return gl_err_set (err, EINVAL, "%s: not well-formed XML", path);
  xmlChar *out = NULL;
  int outlen = 0;
  if (fix_node (xmlDocGetRootElement (doc), from, to, 0) == 0)
    xmlDocDumpFormatMemoryEnc (doc, &out, &outlen, "UTF-8", 1);
  int rc = out && outlen >= 0
    ? gl_write_atomic (path, out, (size_t) outlen, st.st_mode & 07777, &e) : -1;
  xmlFree (out);
  if (rc == -1)
    return gl_err_set (err, e.errnum ? e.errnum : ENOMEM,
                       "%s: cannot rewrite its paths", path);
  return 0;
}

static bool
is_xml (const char *name)
{
  size_t n = strlen (name);
  return n > 4 && strcmp (name + n - 4, ".xml") == 0;
}

int
gl_batch_outputs_commit (const char *partial, const char *final_dir,
                         string_vector *outputs, struct gl_err *err)
{
  CLEANUP_ERR struct gl_err e = GL_ERR_INIT;
  string_vector names = empty_vector;
  if (list_files (partial, &names) == -1) {
    gl_err_errno (err, "%s: cannot list it", partial);
    string_vector_free (&names);
    return -1;
  }
  if (names.len == 0) {
    string_vector_free (&names);
    return gl_err_set (err, 0, "convert succeeded but wrote nothing in %s", partial);
  }
  size_t done = 0;
  int rc = 0;
  for (size_t i = 0; i < names.len && rc == 0; ++i)
    if (is_xml (names.ptr[i])) {
      CLEANUP_FREE char *p = gl_printf ("%s/%s", partial, names.ptr[i]);
      rc = p ? fix_xml (p, partial, final_dir, &e) : -1;
    }
  for (; rc == 0 && done < names.len; ++done) {
    CLEANUP_FREE char *src = gl_printf ("%s/%s", partial, names.ptr[done]);
    CLEANUP_FREE char *dst = gl_printf ("%s/%s", final_dir, names.ptr[done]);
    if (!src || !dst || rename (src, dst) == -1) {
      rc = gl_err_errno (&e, "cannot move %s into %s", names.ptr[done], final_dir);
      break;
    }
  }
  if (rc == -1) {
    /* Back where they were: the partial folder is then removed whole. */
    for (size_t i = 0; i < done; ++i) {
      CLEANUP_FREE char *src = gl_printf ("%s/%s", partial, names.ptr[i]);
      CLEANUP_FREE char *dst = gl_printf ("%s/%s", final_dir, names.ptr[i]);
      if (src && dst)
        rename (dst, src);
    }
  }
  else {
    for (size_t i = 0; i < names.len; ++i) {
      CLEANUP_FREE char *dst = gl_printf ("%s/%s", final_dir, names.ptr[i]);
      if (!dst || string_vector_add (outputs, dst) == -1) {
        rc = -1;
        break;
      }
    }
    int dfd = open (final_dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dfd >= 0) {
      fsync (dfd);
      close (dfd);
    }
  }
  string_vector_free (&names);
  if (rc == -1 && !e.msg)
    gl_err_set (&e, ENOMEM, "out of memory");
  if (rc == -1)
    gl_err_move (err, &e);
  return rc;
}

int
gl_batch_partial_remove (const char *partial)
{
  /* convert writes files only: one level. */
  if (gl_rmtree (partial, 0) == -1)
    return errno == ENOENT ? 0 : -1;
  return 0;
}

void
gl_batch_partials_clean (const char *dir)
{
  string_vector found = empty_vector;
  {
    CLEANUP_CLOSEDIR DIR *d = opendir (dir);
    struct dirent *e;
    while (d && (e = readdir (d)) != NULL)
      if (strncmp (e->d_name, ".partial-", 9) == 0)
        string_vector_add (&found, e->d_name);
  }
  for (size_t i = 0; i < found.len; ++i) {
    CLEANUP_FREE char *p = gl_printf ("%s/%s", dir, found.ptr[i]);
    if (p)
      gl_batch_partial_remove (p);
  }
  string_vector_free (&found);
}

const char *
gl_batch_output_xml (const string_vector *outputs, const char *name)
{
  size_t n = strlen (name);
  for (size_t i = 0; i < outputs->len; ++i) {
    const char *p = outputs->ptr[i];
    const char *b = strrchr (p, '/');
    b = b ? b + 1 : p;
    if (strncmp (b, name, n) == 0 && strcmp (b + n, ".xml") == 0)
      return p;
  }
  return NULL;
}

/* Disk order: by the index their names say. */
struct disk {
  unsigned index;
  char *path;
};

static int
cmp_disk (const void *a, const void *b)
{
  const struct disk *x = a, *y = b;
  return x->index < y->index ? -1 : x->index > y->index;
}

int
gl_batch_output_disks (const string_vector *outputs, const char *name,
                       const char *fmt, string_vector *disks)
{
  CLEANUP_FREE struct disk *found = calloc (outputs->len + 1, sizeof *found);
  if (!found)
    return -1;
  size_t n = 0;
  for (size_t i = 0; i < outputs->len; ++i) {
    const char *p = outputs->ptr[i];
    const char *b = strrchr (p, '/');
    if (gl_drive_file_parse (b ? b + 1 : p, name, fmt, &found[n].index) == 0)
      found[n++].path = outputs->ptr[i];
  }
  qsort (found, n, sizeof found[0], cmp_disk);
  for (size_t i = 0; i < n; ++i)
    if (string_vector_add (disks, found[i].path) == -1)
      return -1;
  return 0;
}

int
gl_batch_disk_files (const char *dir, const char *name, const char *fmt,
                     size_t n, string_vector *disks)
{
  for (size_t i = 0; i < n; ++i) {
    char *p = gl_drive_file_name (dir, name, (unsigned) i, fmt);
    if (!p || string_vector_append (disks, p) == -1) {
      free (p);
      return -1;
    }
  }
  return 0;
}
