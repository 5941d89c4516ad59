/* The promise of one lexer per bootloader format, for every format of the
 * table: the entries inspection counts are exactly the entries a
 * conversion edits, and the default the rewriter writes is the entry
 * inspection then reads as the default (boot_consistent, boot-test.h).
 *
 * The configs are the format's fuzz seeds, tests/fuzz/corpus/boot-NAME/
 * (written the way guests hold them: mixed-case keywords, tabs, '='
 * separators, quoting, comments, Xen entries; a seed's text after a NUL
 * byte is its grubenv), so a format added to the table is checked here
 * with no change to this file, and one without seeds fails.  The
 * format's own unit test checks its cases with the number of entries. */
#include <config.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tap.h"
#include "boot-test.h"

/* The whole of FILE, and its length. */
static char *
slurp (const char *path, size_t *len)
{
  FILE *fp = fopen (path, "rb");
  char *buf = NULL;
  if (!fp)
    return NULL;
  if (fseek (fp, 0, SEEK_END) == 0) {
    long n = ftell (fp);
    if (n >= 0 && fseek (fp, 0, SEEK_SET) == 0 && (buf = malloc ((size_t) n + 1))) {
      *len = fread (buf, 1, (size_t) n, fp);
      buf[*len] = '\0';
    }
  }
  fclose (fp);
  return buf;
}

static int
by_name (const void *a, const void *b)
{
  return strcmp (*(char *const *) a, *(char *const *) b);
}

int
main (void)
{
  const char *srcdir = getenv ("top_srcdir");
  if (!srcdir)
    srcdir = ".";

  for (size_t f = 0; gl_bootloaders[f]; ++f) {
    const char *name = gl_bootloaders[f]->name;
    char dir[4096];
    snprintf (dir, sizeof dir, "%s/tests/fuzz/corpus/boot-%s", srcdir, name);
    DIR *d = opendir (dir);
    char *seeds[256];
    size_t n = 0;
    for (struct dirent *de; d && n < 256 && (de = readdir (d)); )
      if (de->d_name[0] != '.')
        seeds[n++] = strdup (de->d_name);
    if (d)
      closedir (d);
    qsort (seeds, n, sizeof *seeds, by_name);
    ok (n > 0, "format %s has seeds in tests/fuzz/corpus/boot-%s", name, name);

    for (size_t i = 0; i < n; ++i) {
      char path[8192];
      size_t len = 0;
      snprintf (path, sizeof path, "%s/%s", dir, seeds[i]);
      char *text = slurp (path, &len);
      ok (text != NULL, "%s: seed %s read", name, seeds[i]);
      if (text) {
        /* "FILE\0GRUBENV": the text up to the NUL is the file. */
        const char *env = strlen (text) < len ? text + strlen (text) + 1 : NULL;
        char what[300];
        snprintf (what, sizeof what, "(seed %s)", seeds[i]);
        boot_consistent (name, what, text, env, -1);
      }
      free (text);
      free (seeds[i]);
    }
  }
  return boot_test_done ();
}
