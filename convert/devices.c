/* guestlift: a converted guest's disks as the guest sees them, and the
 * device-name map of its edits (see devices.h). */
#include <config.h>

#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "boot-cmdline.h"
#include "cleanup.h"
#include "devices.h"
#include "drive-name.h"
#include "error.h"

/* The map itself is common/bootloader's (gl_devmap_disks): inspection
 * judges a guest's device names with the same one. */
int
gl_devices_map (const struct gl_target_profile *target,
                const char *const *names, size_t n,
                struct gl_devmap *map, struct gl_err *err)
{
  if (n > target->max_disks)
    return gl_err_set (err, ERANGE, "too many disks for the target's bus");
  return gl_devmap_disks (map, target->device_prefix, names, n, err);
}

void
gl_devices_print (const struct gl_target_profile *target,
                  const char *const *names, const char *const *images,
                  size_t n, FILE *fp)
{
  fputs ("Disks (the guest's name -> its name on the target):\n", fp);
  for (size_t i = 0; i < n; ++i) {
    CLEANUP_FREE char *from = gl_devmap_disk_source_name (names, i);
    CLEANUP_FREE char *to = gl_target_device_name (target, (unsigned) i, 0);
    fprintf (fp, "  /dev/%s -> /dev/%s  %s%s\n", from ? from : "?", to ? to : "?",
             images[i], names && names[i] ? "" : " (default name)");
  }
}

/* Whether DEV (no "/dev/") is a drive name we can judge, and if so
 * whether it is the target's name of disk 0..n-1 or a partition of one. */
static bool
names_no_disk (const char *dev, const struct gl_target_profile *target, size_t n)
{
  unsigned idx, part;
  size_t row;
  if (gl_drive_parse (dev, target->device_prefix, &idx, &part) == 0)
    return idx >= n;
  return gl_devmap_xen_name (dev, &row, &idx, &part) == 0;
}

char *
gl_devices_unmapped_root (const char *cmdline,
                          const struct gl_target_profile *target, size_t n)
{
  gl_cmdline_word_vector w = empty_vector;
  char *bad = NULL;
  errno = 0;
  if (cmdline && gl_cmdline_boot_devices (cmdline, &w, NULL) == -1) {
    errno = ENOMEM;
    return NULL;
  }
  for (size_t i = 0; i < w.len && !bad; ++i) {
    if (w.ptr[i].vlen <= 5 || strncmp (w.ptr[i].value, "/dev/", 5) != 0)
      continue;
    CLEANUP_FREE char *dev = strndup (w.ptr[i].value + 5, w.ptr[i].vlen - 5);
    if (!dev)
      break;
    if (names_no_disk (dev, target, n) &&
        !(bad = strndup (cmdline + w.ptr[i].start, w.ptr[i].end - w.ptr[i].start)))
      break;
  }
  gl_cmdline_word_vector_reset (&w);
  return bad;
}

/* The file name of PATH (after its last '/'). */
static const char *
base_name (const char *path)
{
  const char *s = strrchr (path, '/');
  return s ? s + 1 : path;
}

static bool
convertible (const struct gl_source_disk *d, const char *const *drop)
{
  if (d->device != GL_DISK_DISK || !d->path)
    return false;
  for (size_t j = 0; drop && drop[j]; ++j)
    if (strcmp (drop[j], d->target) == 0)
      return false;
  return true;
}

int
gl_devices_match (const struct gl_source_config *sc,
                  const char *const *images, size_t n,
                  const char *const *drop,
                  int (*same) (const char *a, const char *b),
                  const char **names, struct gl_err *err)
{
  size_t nd = sc->disks.len;
  CLEANUP_FREE bool *taken = calloc (nd ? nd : 1, sizeof *taken);
  if (!taken)
    return gl_err_set (err, ENOMEM, "out of memory");
  for (size_t i = 0; i < n; ++i)
    names[i] = NULL;

  /* The same file, then the same file name (when only one disk has it). */
  for (int rule = 0; rule < 2; ++rule)
    for (size_t i = 0; i < n; ++i) {
      size_t found = nd, count = 0;
      for (size_t d = 0; !names[i] && d < nd; ++d) {
        const struct gl_source_disk *sd = &sc->disks.ptr[d];
        if (taken[d] || !convertible (sd, drop))
          continue;
        bool match = rule == 0 ? same (images[i], sd->path)
          : strcmp (base_name (images[i]), base_name (sd->path)) == 0;
        if (match && count++ == 0)
          found = d;
      }
      if (!names[i] && found < nd && (rule == 0 || count == 1)) {
        taken[found] = true;
        names[i] = sc->disks.ptr[found].target;
      }
    }
  /* Then in order: the next disk nobody took. */
  size_t next = 0;
  for (size_t i = 0; i < n; ++i) {
    if (names[i])
      continue;
    while (next < nd && (taken[next] || !convertible (&sc->disks.ptr[next], drop)))
      next++;
    if (next < nd) {
      taken[next] = true;
      names[i] = sc->disks.ptr[next].target;
    }
  }
  for (size_t d = 0; d < nd; ++d)
    if (!taken[d] && convertible (&sc->disks.ptr[d], drop))
      return gl_err_set (err, EINVAL, "its disk %s (%s) is not among the IMAGEs: "
                         "give its image too, or leave it out with --drop-disk %s",
                         sc->disks.ptr[d].target, sc->disks.ptr[d].path,
                         sc->disks.ptr[d].target);
  for (size_t i = 0; i < n; ++i)
    if (!names[i])
      return gl_err_set (err, EINVAL, "%s is not one of its disks (it has %zu to "
                         "convert, and every one has its IMAGE already)", images[i],
                         nd);
  return 0;
}

const char **
gl_devices_from_config (const struct gl_source_config *sc,
                        const char *const *drop, size_t *n)
{
  const char **v = calloc (sc->disks.len + 1, sizeof *v);
  if (!v)
    return NULL;
  *n = 0;
  for (size_t d = 0; d < sc->disks.len; ++d)
    if (convertible (&sc->disks.ptr[d], drop))
      v[(*n)++] = sc->disks.ptr[d].path;
  return v;
}
