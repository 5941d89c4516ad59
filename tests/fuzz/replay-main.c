/* guestlift: replays a fuzz target's seed corpus without libFuzzer.
 *
 * Linked with one tests/fuzz/fuzz-NAME.c, this main() makes the program
 * tests/fuzz/fuzz-NAME.replay (gcc, no sanitizer), which "make check"
 * runs under valgrind like the unit tests: every seed is fed once to
 * LLVMFuzzerTestOneInput, in a buffer of exactly its size (as libFuzzer
 * does, so a read past the end is a valgrind error), and is one TAP point.
 * A crash or an abort() in the target ends the program before its plan,
 * which the TAP driver reports as an error.
 *
 *   tests/fuzz/fuzz-NAME.replay              every file of the corpus
 *                                            $top_srcdir/tests/fuzz/corpus/NAME
 *                                            (top_srcdir from the environment,
 *                                            else the program's folder's ../..)
 *   tests/fuzz/fuzz-NAME.replay FILE|DIR...  those files (e.g. a crash libFuzzer
 *                                            found, to read it under gdb/valgrind)
 */
#include <config.h>

#include <dirent.h>
#include <errno.h>
#include <libgen.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "../unit/tap.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

/* libFuzzer's default -max_len is far below this: a larger seed is a
 * mistake in the corpus, not something to load. */
#define SEED_MAX (16 * 1024 * 1024)

/* Reads FILE whole into *DATA (malloc'd, exactly *SIZE bytes; a 0-byte
 * seed gets a 1-byte block) and returns 0, or -1 with errno set. */
static int
read_seed (const char *file, uint8_t **data, size_t *size)
{
  FILE *fp = fopen (file, "rb");
  struct stat st;
  uint8_t *buf = NULL;
  int e;

  if (fp == NULL)
    return -1;
  if (fstat (fileno (fp), &st) == -1)
    goto fail;
  errno = EINVAL;
  if (!S_ISREG (st.st_mode))
    goto fail;
  errno = EFBIG;
  if (st.st_size > SEED_MAX)
    goto fail;
  buf = malloc (st.st_size > 0 ? (size_t) st.st_size : 1);
  if (buf == NULL)
    goto fail;
  errno = EIO;
  if (fread (buf, 1, st.st_size, fp) != (size_t) st.st_size)
    goto fail;
  fclose (fp);
  *data = buf;
  *size = st.st_size;
  return 0;

 fail:
  e = errno;
  free (buf);
  fclose (fp);
  errno = e;
  return -1;
}

/* One point for FILE, named LABEL. */
static void
replay_file (const char *file, const char *label)
{
  uint8_t *data;
  size_t size;

  if (read_seed (file, &data, &size) == -1) {
    ok (0, "%s: cannot read: %s", label, strerror (errno));
    return;
  }
  LLVMFuzzerTestOneInput (data, size);
  free (data);
  ok (1, "%s (%zu bytes)", label, size);
}

/* Every file of DIR in name order (hidden files left out, as a corpus
 * folder holds none), each named LABEL/FILE; a folder with no seed is a
 * failure, since a fuzz target whose corpus is empty would replay
 * nothing. */
static void
replay_dir (const char *dir, const char *label)
{
  struct dirent **names;
  int n = scandir (dir, &names, NULL, alphasort);
  int seeds = 0;

  if (n == -1) {
    ok (0, "%s: cannot list: %s", label, strerror (errno));
    return;
  }
  for (int i = 0; i < n; i++) {
    if (names[i]->d_name[0] != '.') {
      char *path, *name;
      if (asprintf (&path, "%s/%s", dir, names[i]->d_name) == -1)
        path = NULL;
      if (asprintf (&name, "%s/%s", label, names[i]->d_name) == -1)
        name = NULL;
      if (path == NULL || name == NULL)
        ok (0, "%s/%s: out of memory", label, names[i]->d_name);
      else
        replay_file (path, name);
      free (path);
      free (name);
      seeds++;
    }
    free (names[i]);
  }
  free (names);
  if (seeds == 0)
    ok (0, "%s holds seeds", label);
}

static void
replay (const char *path)
{
  struct stat st;

  if (stat (path, &st) == 0 && S_ISDIR (st.st_mode))
    replay_dir (path, path);
  else
    replay_file (path, path);
}

/* This program's corpus: NAME from its own name fuzz-NAME.replay; the
 * folder *DIR and the points' prefix *LABEL (corpus/NAME, whatever the
 * build folder).  Returns 0, or -1 when out of memory. */
static int
default_corpus (const char *argv0, char **dir, char **label)
{
  char *copy0 = strdup (argv0), *copy1 = strdup (argv0);
  const char *srcdir = getenv ("top_srcdir");
  char *base, *dot;
  int r = -1;

  *dir = *label = NULL;
  if (copy0 == NULL || copy1 == NULL)
    goto out;
  base = basename (copy0);
  if (strncmp (base, "fuzz-", 5) == 0)
    base += 5;
  dot = strrchr (base, '.');
  if (dot)
    *dot = '\0';
  if (asprintf (label, "corpus/%s", base) == -1) {
    *label = NULL;
    goto out;
  }
  if (srcdir && *srcdir) {
    if (asprintf (dir, "%s/tests/fuzz/%s", srcdir, *label) == -1)
      *dir = NULL;
  } else if (asprintf (dir, "%s/%s", dirname (copy1), *label) == -1)
    *dir = NULL;
  r = *dir ? 0 : -1;
 out:
  free (copy0);
  free (copy1);
  return r;
}

int
main (int argc, char *argv[])
{
  if (argc > 1) {
    for (int i = 1; i < argc; i++)
      replay (argv[i]);
  } else {
    char *dir, *label;
    if (default_corpus (argv[0], &dir, &label) == -1) {
      printf ("Bail out! out of memory\n");
      free (label);
      return 1;
    }
    replay_dir (dir, label);
    free (dir);
    free (label);
  }
  return tap_done ();
}
