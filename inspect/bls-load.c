/* guestlift: BLS entries read from a guest (see bls-load.h). */
#include <config.h>

#include <stdlib.h>
#include <string.h>

#include <guestfs.h>

#include "bls-load.h"
#include "cleanup.h"
#include "error.h"
#include "guest-io.h"

int
gl_bls_load (guestfs_h *g, const char *cfgpath, struct gl_bootcfg *cfg)
{
  CLEANUP_FREE_STRING_LIST char **names =
    gl_guest_ls (g, "/boot/loader/entries", GL_BLS_MAX_ENTRIES);
  if (!names)
    return 0;
  /* The variables entries use ($kernelopts on RHEL 8) live in grubenv. */
  const char *slash = strrchr (cfgpath, '/');
  CLEANUP_FREE char *dir = slash ? strndup (cfgpath, (size_t) (slash - cfgpath)) : NULL;
  CLEANUP_FREE char *env = dir ? gl_printf ("%s/grubenv", dir) : NULL;
  size_t envlen = 0;
  CLEANUP_FREE char *envtext = env ? gl_guest_read (g, env, 64 * 1024, &envlen) : NULL;

  size_t n = gl_string_list_length (names);
  CLEANUP_FREE struct gl_bls_entry *bls = calloc (n ? n : 1, sizeof *bls);
  if (!bls)
    return -1;
  size_t got = 0;
  for (size_t i = 0; i < n; ++i) {
    size_t nl = strlen (names[i]);
    if (nl <= 5 || strcmp (names[i] + nl - 5, ".conf") != 0)
      continue;
    CLEANUP_FREE char *path = gl_printf ("/boot/loader/entries/%s", names[i]);
    CLEANUP_FREE char *id = strndup (names[i], nl - 5);
    size_t len;
    CLEANUP_FREE char *text = path && id ?
      gl_guest_read (g, path, GL_BLS_ENTRY_MAX_BYTES, &len) : NULL;
    if (text && gl_bls_parse (id, text, len, envtext, envlen, &bls[got]) == 1)
      got++;
  }
  int r = gl_bls_prepend (cfg, bls, got) == -1 ? -1 : (int) got;
  for (size_t i = 0; i < got; ++i)
    gl_bls_entry_free (&bls[i]);
  return r;
}
