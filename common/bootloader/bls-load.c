/* guestlift: BLS entries read from a guest (see bls-load.h). */
#include <config.h>

#include <stdlib.h>
#include <string.h>

#include <guestfs.h>

#include "bls-load.h"
#include "cleanup.h"
#include "error.h"
#include "guest-io.h"

#define ENTRIES_DIR "/boot/loader/entries"
#define ENTRY_SUFFIX ".conf"

char **
gl_bls_entry_paths (guestfs_h *g)
{
  CLEANUP_FREE_STRING_LIST char **names = gl_guest_ls (g, ENTRIES_DIR, GL_BLS_MAX_ENTRIES);
  if (!names)
    return NULL;
  size_t n = gl_string_list_length (names), got = 0;
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

int
gl_bls_load (guestfs_h *g, const char *cfgpath, struct gl_bootcfg *cfg)
{
  CLEANUP_FREE_STRING_LIST char **paths = gl_bls_entry_paths (g);
  if (!paths)
    return 0;
  /* The variables entries use ($kernelopts on RHEL 8) live in grubenv. */
  const char *slash = strrchr (cfgpath, '/');
  CLEANUP_FREE char *dir = slash ? strndup (cfgpath, (size_t) (slash - cfgpath)) : NULL;
  CLEANUP_FREE char *env = dir ? gl_printf ("%s/grubenv", dir) : NULL;
  size_t envlen = 0;
  CLEANUP_FREE char *envtext = env ? gl_guest_read (g, env, 64 * 1024, &envlen) : NULL;

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
      gl_guest_read (g, paths[i], GL_BLS_ENTRY_MAX_BYTES, &len) : NULL;
    if (text && gl_bls_parse (id, text, len, envtext, envlen, &bls[got]) == 1)
      got++;
  }
  int r = gl_bls_prepend (cfg, bls, got) == -1 ? -1 : (int) got;
  for (size_t i = 0; i < got; ++i)
    gl_bls_entry_free (&bls[i]);
  return r;
}
