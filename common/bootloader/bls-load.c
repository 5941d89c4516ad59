/* guestlift: BLS entries read from a guest (see bls-load.h). */
#include <config.h>

#include <stdlib.h>
#include <string.h>

#include "bls-load.h"
#include "bounds.h"
#include "cleanup.h"
#include "error.h"
#include "guest-io.h"

#define ENTRIES_DIR "/boot/loader/entries"
#define ENTRY_SUFFIX ".conf"

char **
gl_bls_entry_paths (struct gl_guest_io *io, size_t *found)
{
  if (found)
    *found = 0;
  /* Only the entry files: whatever else the directory holds costs nothing. */
  CLEANUP_FREE_STRING_LIST char **names = gl_guest_glob (io, ENTRIES_DIR, "?*" ENTRY_SUFFIX, NULL);
  if (!names)
    return NULL;
  size_t n = gl_string_list_length (names), got = 0;
  if (found)
    *found = n;
  if (n > GL_BLS_MAX_ENTRIES)
    n = GL_BLS_MAX_ENTRIES;
  char **paths = calloc (n + 1, sizeof *paths);
  if (!paths)
    return NULL;
  const size_t sl = sizeof ENTRY_SUFFIX - 1;
  for (size_t i = 0; i < n; ++i) {
    size_t nl = strlen (names[i]);
    if (nl <= sl || strcmp (names[i] + nl - sl, ENTRY_SUFFIX) != 0)
      continue;
    if (!(paths[got] = gl_printf ("%s/%s", ENTRIES_DIR, names[i]))) {
      gl_free_string_list (paths);
      return NULL;
    }
    got++;
  }
  return paths;
}

/* The warning a bound gives, if anyone listens. */
static void
warn (string_vector *warnings, char *w)
{
  if (warnings && w)
    string_vector_add_unique (warnings, w);
  free (w);
}

/* gl_guest_read that says when the file is too large. */
static char *
read_bounded (struct gl_guest_io *io, const char *path, size_t max, size_t *len,
              string_vector *warnings)
{
  uint64_t too_large;
  char *text = gl_guest_read_sized (io, path, max, len, &too_large);
  if (too_large)
    warn (warnings, gl_too_large (path, too_large, max));
  return text;
}

int
gl_bls_load (struct gl_guest_io *io, const char *cfgpath, struct gl_bootcfg *cfg,
             string_vector *warnings)
{
  size_t found;
  CLEANUP_FREE_STRING_LIST char **paths = gl_bls_entry_paths (io, &found);
  if (found > GL_BLS_MAX_ENTRIES)
    warn (warnings, gl_printf ("%s: %zu entry files; only the first %d (the bound) "
                               "were read", ENTRIES_DIR, found, GL_BLS_MAX_ENTRIES));
  if (!paths)
    return 0;
  /* The variables entries use ($kernelopts on RHEL 8) live in grubenv. */
  const char *slash = strrchr (cfgpath, '/');
  CLEANUP_FREE char *dir = slash ? strndup (cfgpath, (size_t) (slash - cfgpath)) : NULL;
  CLEANUP_FREE char *env = dir ? gl_printf ("%s/grubenv", dir) : NULL;
  size_t envlen = 0;
  CLEANUP_FREE char *envtext = env ?
    read_bounded (io, env, 64 * 1024, &envlen, warnings) : NULL;

  size_t n = gl_string_list_length (paths);
  CLEANUP_FREE struct gl_bls_entry *bls = calloc (n ? n : 1, sizeof *bls);
  if (!bls)
    return -1;
  size_t got = 0;
  for (size_t i = 0; i < n; ++i) {
    /* ID: the file name without ENTRY_SUFFIX. */
    const char *base = paths[i] + sizeof ENTRIES_DIR;
    CLEANUP_FREE char *id = strndup (base, strlen (base) - (sizeof ENTRY_SUFFIX - 1));
    size_t len;
    CLEANUP_FREE char *text = id ?
      read_bounded (io, paths[i], GL_BLS_ENTRY_MAX_BYTES, &len, warnings) : NULL;
    if (text && gl_bls_parse (id, text, len, envtext, envlen, &bls[got]) == 1)
      got++;
  }
  int r = gl_bls_prepend (cfg, bls, got) == -1 ? -1 : (int) got;
  for (size_t i = 0; i < got; ++i)
    gl_bls_entry_free (&bls[i]);
  return r;
}
