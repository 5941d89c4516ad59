/* guestlift: a unit test's scratch folder, and the host programs it runs
 * to make its inputs (header-only; for tests that build disk images with
 * sfdisk, mkfs, qemu-img...).
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

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>

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

/* Run ARGV; true when it exited 0 (otherwise its first message becomes
 * a TAP comment). */
static inline bool
scratch_run (const char *const *argv)
{
  struct gl_spawn_result r;
  bool good = gl_spawn (argv, 4096, &r) == 0 && r.status == 0;
  if (!good)
    printf ("# %s failed: %s\n", argv[0], gl_first_message (r.err ? r.err : "") ?: "");
  gl_spawn_result_free (&r);
  return good;
}

static inline void
scratch_close (void)
{
  gl_rmtree (scratch_dir, 4);
}

#endif
