/* guestlift: a unit test's scratch folder, and the host programs it runs
 * to make its inputs (header-only; for tests that build disk images with
 * sfdisk, mkfs, qemu-img...): sparse files, programs run with a text on
 * their standard input.
 *
 *   if (!scratch_open ("test-foo"))      // "Bail out!" already printed
 *     return 1;
 *   CLEANUP_FREE char *img = scratch_path ("disk.raw");
 *   const char *argv[] = { "mkfs.ext4", "-q", "-F", img, NULL };
 *   ok (scratch_run (argv), "mkfs.ext4");
 *   ...
 *   scratch_close ();
 */
#ifndef GUESTLIFT_SCRATCH_H
#define GUESTLIFT_SCRATCH_H

#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "error.h"
#include "rmtree.h"
#include "spawn.h"

static char scratch_dir[256];

static inline bool
scratch_open (const char *name)
{
  snprintf (scratch_dir, sizeof scratch_dir, "/tmp/%s.XXXXXX", name);
  if (!mkdtemp (scratch_dir)) {
    printf ("Bail out! mkdtemp\n");
    return false;
  }
  return true;
}

/* NAME in the scratch folder (malloc'd; aborts when out of memory). */
static inline char *
scratch_path (const char *name)
{
  char *p;
  if (asprintf (&p, "%s/%s", scratch_dir, name) == -1)
    abort ();
  return p;
}

/* Run ARGV with TEXT (NULL: nothing) on its standard input; true when
 * it exited 0 (otherwise its first message becomes a TAP comment). */
static inline bool
scratch_run_input (const char *const *argv, const char *text)
{
  struct gl_spawn_opts o = { .max_bytes = 4096 };
  char *in = NULL;
  if (text) {
    in = scratch_path ("stdin");
    FILE *fp = fopen (in, "w");
    if (!fp || fputs (text, fp) == EOF || fclose (fp) == EOF)
      abort ();
    o.in = (struct gl_spawn_stream) { .how = GL_SPAWN_FILE, .path = in, .flags = O_RDONLY };
  }
  struct gl_spawn_result r = { .status = -1 };
  bool good = gl_spawn_ex (argv, &o, &r, NULL) == 0 && r.status == 0;
  if (!good)
    printf ("# %s failed: %s\n", argv[0], gl_first_message (r.err ? r.err : "") ?: "");
  gl_spawn_result_free (&r);
  free (in);
  return good;
}

static inline bool
scratch_run (const char *const *argv)
{
  return scratch_run_input (argv, NULL);
}

/* An empty (sparse) file of SIZE bytes at PATH, made or emptied: the
 * disk the test's tools then write.  false when it cannot be made. */
static inline bool
scratch_sparse (const char *path, off_t size)
{
  int fd = open (path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
  bool good = fd >= 0 && ftruncate (fd, size) == 0;
  if (fd >= 0)
    close (fd);
  return good;
}

static inline void
scratch_close (void)
{
  gl_rmtree (scratch_dir, 4);
}

#endif
