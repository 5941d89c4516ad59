/* guestlift: image lists and shards (see image-list.h). */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <ctype.h>
#include <errno.h>

#include "cleanup.h"
#include "error.h"
#include "image-list.h"

int
gl_image_list_from_file (const char *file, string_vector *out)
{
  bool is_stdin = strcmp (file, "-") == 0;
  FILE *fp = is_stdin ? stdin : fopen (file, "r");
  if (!fp) {
    gl_error (file, "cannot read the image list: %s", strerror (errno));
    return -1;
  }
  char *line = NULL;
  size_t cap = 0, total = 0;
  ssize_t n;
  int ret = 0;
  while ((n = getline (&line, &cap, fp)) != -1) {
    total += (size_t) n;
    if (total > GL_MAX_LIST_BYTES) {
      gl_error (file, "image list larger than %d MiB", GL_MAX_LIST_BYTES >> 20);
      ret = -1;
      break;
    }
    char *p = line;
    while (isspace ((unsigned char) *p))
      p++;
    size_t len = strlen (p);
    while (len > 0 && isspace ((unsigned char) p[len-1]))
      p[--len] = '\0';
    if (len == 0 || *p == '#')
      continue;
    if (string_vector_add (out, p) == -1) {
      gl_error (file, "out of memory");
      ret = -1;
      break;
    }
  }
  if (ret == 0 && ferror (fp)) {
    gl_error (file, "cannot read the image list: %s", strerror (errno));
    ret = -1;
  }
  free (line);
  if (!is_stdin)
    fclose (fp);
  return ret;
}

int
gl_shard_parse (const char *spec, unsigned *k, unsigned *n)
{
  char extra;
  if (sscanf (spec, "%u/%u%c", k, n, &extra) != 2 || *n == 0 || *k == 0 ||
      *k > *n || *n > 1000000) {
    gl_error (NULL, "--shard: '%s' is not K/N with 1 <= K <= N (e.g. 2/8)", spec);
    return -1;
  }
  return 0;
}

static int
cmp_str (const void *a, const void *b)
{
  return strcmp (*(char *const *) a, *(char *const *) b);
}

void
gl_shard_apply (string_vector *paths, unsigned k, unsigned n)
{
  size_t total = paths->len;
  qsort (paths->ptr, total, sizeof (char *), cmp_str);
  size_t from = total * (k - 1) / n, to = total * k / n;
  for (size_t i = 0; i < total; ++i)
    if (i < from || i >= to)
      free (paths->ptr[i]);
  memmove (paths->ptr, paths->ptr + from, (to - from) * sizeof (char *));
  paths->len = to - from;
}
