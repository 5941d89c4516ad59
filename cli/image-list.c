/* guestlift: image lists and shards (see image-list.h). */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <ctype.h>
#include <errno.h>
#include <stdbool.h>
#include <sys/types.h>

#include "cleanup.h"
#include "error.h"
#include "image-list.h"
#include "shard.h"

/* Read one line (without its newline) into buf[0..size-1].  Returns its
 * length, -1 at the end of the input or on a read error, -2 when the line
 * is longer than size-1 (the rest of it is not read). */
static ssize_t
read_line (FILE *fp, char *buf, size_t size)
{
  size_t len = 0;
  int c;
  while ((c = getc (fp)) != EOF && c != '\n') {
    if (len + 1 >= size)
      return -2;
    buf[len++] = (char) c;
  }
  if (c == EOF && len == 0)
    return -1;
  buf[len] = '\0';
  return (ssize_t) len;
}

int
gl_image_list_from_file (const char *file, string_vector *out)
{
  bool is_stdin = strcmp (file, "-") == 0;
  const char *name = is_stdin ? "(standard input)" : file;
  FILE *fp = is_stdin ? stdin : fopen (file, "r");
  if (!fp) {
    gl_error (name, "cannot read the image list: %s", strerror (errno));
    return -1;
  }
  /* Bounded: a path is at most PATH_MAX, the list at most
   * GL_MAX_LIST_LINES of them. */
  CLEANUP_FREE char *line = malloc (GL_MAX_LIST_LINE + 2);
  size_t lineno = 0;
  ssize_t n;
  int ret = 0;
  if (!line) {
    gl_error (name, "out of memory");
    ret = -1;
  }
  while (ret == 0 && (n = read_line (fp, line, GL_MAX_LIST_LINE + 2)) != -1) {
    lineno++;
    if (n == -2) {
      gl_error (name, "line %zu: longer than %d bytes: not an image path",
                lineno, GL_MAX_LIST_LINE);
      errno = EFBIG;
      ret = -1;
      break;
    }
    char *p = line;
    while (isspace ((unsigned char) *p))
      p++;
    size_t len = strlen (p);
    if (len != (size_t) (n - (p - line))) {
      gl_error (name, "line %zu: holds a NUL byte: not an image path", lineno);
      ret = -1;
      break;
    }
    /* Trailing white space (a CR from a DOS file) is not part of a path. */
    while (len > 0 && isspace ((unsigned char) p[len-1]))
      p[--len] = '\0';
    if (len == 0 || *p == '#')
      continue;
    if (out->len >= GL_MAX_LIST_LINES) {
      gl_error (name, "more than %d images in the list", GL_MAX_LIST_LINES);
      errno = EFBIG;
      ret = -1;
      break;
    }
    if (string_vector_add (out, p) == -1) {
      gl_error (name, "out of memory");
      ret = -1;
      break;
    }
  }
  if (ret == 0 && ferror (fp)) {
    gl_error (name, "cannot read the image list: %s", strerror (errno));
    ret = -1;
  }
  if (!is_stdin)
    fclose (fp);
  return ret;
}

static int
cmp_str (const void *a, const void *b)
{
  return strcmp (*(char *const *) a, *(char *const *) b);
}

static void
free_str (void *elem)
{
  free (*(char **) elem);
}

void
gl_shard_apply (string_vector *paths, unsigned k, unsigned n)
{
  paths->len = gl_shard_keep (paths->ptr, paths->len, sizeof paths->ptr[0],
                              cmp_str, free_str, k, n);
}
