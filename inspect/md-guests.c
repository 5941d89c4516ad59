/* guestlift: md RAID arrays of several guests in one appliance (see
 * md-guests.h). */
#include <config.h>

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cleanup.h"
#include "error.h"
#include "md-guests.h"

/* Arrays looked at per appliance. */
#define MAX_ARRAYS 256

/* Does DEV ("/dev/sdb3") live on whole-disk device DISK ("/dev/sdb")? */
static bool
on_disk (const char *dev, const char *disk)
{
  size_t n = strlen (disk);
  if (strncmp (dev, disk, n) != 0)
    return false;
  for (const char *p = dev + n; *p; ++p)
    if (!isdigit ((unsigned char) *p))
      return false;
  return true;
}

/* Index of the guest disk DEV lives on, or -1. */
static long
disk_of (const struct gl_guest *gg, const char *dev)
{
  for (size_t d = 0; d < gg->devices.len; ++d)
    if (on_disk (dev, gg->devices.ptr[d]))
      return (long) d;
  return -1;
}

/* "9941eec8:c005a752:..." -> "9941eec8c005a752..." (mdadm writes UUIDs
 * with ':', '.', '-' or blanks between groups, in either case). */
static char *
uuid_hex (const char *s)
{
  char *out = malloc (strlen (s) + 1);
  size_t n = 0;
  if (!out)
    return NULL;
  for (; *s; ++s)
    if (isxdigit ((unsigned char) *s))
      out[n++] = (char) tolower ((unsigned char) *s);
    else if (!strchr (":.- ", *s)) {
      free (out);
      return NULL;
    }
  out[n] = '\0';
  return out;
}

struct found {
  struct gl_md md;
  size_t guest;
  long first_disk;         /* where its first member is, for the order */
  const char *first_member;
};

static int
by_position (const void *a, const void *b)
{
  const struct found *x = a, *y = b;
  if (x->guest != y->guest)
    return x->guest < y->guest ? -1 : 1;
  if (x->first_disk != y->first_disk)
    return x->first_disk < y->first_disk ? -1 : 1;
  /* Same disk: by partition number ("sda2" before "sda10"). */
  return strverscmp (x->first_member, y->first_member);
}

static int
by_version (const void *a, const void *b)
{
  return strverscmp (*(char *const *) a, *(char *const *) b);
}

static bool
member_of_own_array (const struct gl_guest *gg, const struct gl_fs *f)
{
  CLEANUP_FREE char *h = f->uuid ? uuid_hex (f->uuid) : NULL;
  for (size_t k = 0; h && k < gg->md.len; ++k)
    if (gg->md.ptr[k].uuid && strcmp (gg->md.ptr[k].uuid, h) == 0)
      return true;
  return false;
}

/* md members of the guest in no array of its own (the appliance did not
 * assemble it: its udev rules leave an array with members missing
 * inactive, as in libguestfs's own inspection): a
 * warning names each, by the guest's own names and in their order, so
 * that the words are the same alone and in any batch. */
static void
warn_orphans (struct gl_guest *gg)
{
  string_vector names = empty_vector;
  for (size_t i = 0; i < gg->fs.len; ++i)
    if (strcmp (gg->fs.ptr[i].type, "linux_raid_member") == 0 &&
        !member_of_own_array (gg, &gg->fs.ptr[i])) {
      char *name = strdup (gg->fs.ptr[i].mountable);
      if (name)
        gl_guest_canonical_name (gg, &name);
      if (name && string_vector_append (&names, name) == -1)
        free (name);
    }
  qsort (names.ptr, names.len, sizeof (char *), by_version);
  for (size_t i = 0; i < names.len; ++i)
    gl_guest_warn (gg, "%s: member of an md RAID array that the appliance "
                   "could not assemble (members missing?): not inspected "
                   "(give all its disks, with --one-guest)", names.ptr[i]);
  string_vector_free (&names);
}

/* The guest's md members (blkid: linux_raid_member) whose array UUID is
 * HEX: how many, and the first in its disk order (*first, *first_disk). */
static size_t
members_in (const struct gl_guest *gg, const char *hex, const char **first,
            long *first_disk)
{
  size_t count = 0;
  *first = NULL;
  *first_disk = -1;
  for (size_t i = 0; i < gg->fs.len; ++i) {
    const struct gl_fs *f = &gg->fs.ptr[i];
    if (strcmp (f->type, "linux_raid_member") != 0 || !f->uuid)
      continue;
    CLEANUP_FREE char *h = uuid_hex (f->uuid);
    if (!h || strcmp (h, hex) != 0)
      continue;
    count++;
    long d = disk_of (gg, f->mountable);
    if (!*first || d < *first_disk ||
        (d == *first_disk && strverscmp (f->mountable, *first) < 0))
      *first = f->mountable, *first_disk = d;
  }
  return count;
}

/* Members are found by the array's UUID, which blkid shows on each of
 * them, among the partitions each guest's scan found: the appliance's
 * own member names (md_stat, /proc/mdstat) are the kernel's, which
 * libguestfs renames in its listings when the appliance's own disk sits
 * between the guests' ones. */
static int
assign_arrays (struct gl_guest_io *io, struct gl_guest *guests, size_t n,
               bool *split, struct gl_err *err)
{
  CLEANUP_ERR struct gl_err e = GL_ERR_INIT;
  CLEANUP_FREE_STRING_LIST char **mds = gl_guest_md_devices (io, &e);
  if (!mds) {
    gl_debug ("md arrays: %s", gl_err_msg (&e, "?"));
    return 0;
  }
  size_t nmd = gl_string_list_length (mds);
  if (nmd > MAX_ARRAYS) {
    gl_debug ("%zu md arrays; only the first %d are looked at", nmd, MAX_ARRAYS);
    nmd = MAX_ARRAYS;
  }
  CLEANUP_FREE struct found *f = calloc (nmd ? nmd : 1, sizeof *f);
  if (!f)
    return gl_err_set (err, ENOMEM, "out of memory");
  size_t nf = 0;
  for (size_t m = 0; m < nmd; ++m) {
    CLEANUP_FREE char *uuid = NULL;
    CLEANUP_ERR struct gl_err ae = GL_ERR_INIT;
    size_t ndevices;
    if (gl_guest_md_array (io, mds[m], &uuid, &ndevices, &ae) == -1) {
      gl_debug ("%s: %s", mds[m], gl_err_msg (&ae, "?"));
      continue;
    }
    CLEANUP_FREE char *hex = uuid ? uuid_hex (uuid) : NULL;
    if (!hex || !*hex)
      continue;
    /* The one guest holding members, if only one does, whether it
     * holds all of them or the appliance runs the array degraded (its
     * call).  An array on several guests is nobody's here: each of
     * them is inspected again in an appliance of its own (split). */
    long owner = -1;
    size_t holders = 0, count = 0;
    const char *first = NULL;
    long first_disk = -1;
    for (size_t g = 0; g < n; ++g) {
      const char *fm;
      long fd;
      size_t c = guests[g].devices.len ? members_in (&guests[g], hex, &fm, &fd) : 0;
      if (c) {
        holders++;
        owner = (long) g, count = c, first = fm, first_disk = fd;
      }
    }
    if (holders > 1)
      for (size_t g = 0; g < n; ++g) {
        const char *fm;
        long fd;
        if (guests[g].devices.len && members_in (&guests[g], hex, &fm, &fd))
          split[g] = true;
      }
    if (holders != 1) {
      gl_debug ("%s: on %zu guests: nobody's", mds[m], holders);
      continue;
    }
    if (count < ndevices)
      gl_debug ("%s: %zu of %zu members: runs degraded", mds[m], count, ndevices);
    f[nf] = (struct found) {
      .md = { strdup (mds[m]), GL_STEAL (hex) },
      .guest = (size_t) owner, .first_disk = first_disk, .first_member = first,
    };
    if (!f[nf].md.device) {
      free (f[nf].md.uuid);
      return gl_err_set (err, ENOMEM, "out of memory");
    }
    nf++;
  }
  qsort (f, nf, sizeof *f, by_position);
  int r = 0;
  for (size_t i = 0; i < nf; ++i)
    if (r == 0 && gl_md_vector_append (&guests[f[i].guest].md, f[i].md) == 0)
      continue;
    else {
      r = gl_err_set (err, ENOMEM, "out of memory");
      free (f[i].md.device);
      free (f[i].md.uuid);
    }
  return r;
}

int
gl_md_assign (struct gl_guest_io *io, struct gl_guest *guests, size_t n,
              bool *split, struct gl_err *err)
{
  for (size_t g = 0; g < n; ++g)
    split[g] = false;
  int r = assign_arrays (io, guests, n, split, err);
  for (size_t g = 0; g < n; ++g)
    if (guests[g].devices.len && !split[g])
      warn_orphans (&guests[g]);
  return r;
}

/* mdadm.conf: "ARRAY DEVICE KEY=VALUE ..." lines; the UUID= (any case)
 * key names the array.  Lines are bounded by the file's own bound. */
const char *
gl_md_from_conf (const struct gl_guest *gg, const char *conf, const char *spec)
{
  size_t speclen = strlen (spec);
  for (const char *line = conf; line && *line; ) {
    const char *end = strchrnul (line, '\n');
    const char *p = line;
    while (p < end && isblank ((unsigned char) *p))
      p++;
    if (end - p > 6 && strncmp (p, "ARRAY", 5) == 0 && isblank ((unsigned char) p[5])) {
      p += 5;
      while (p < end && isblank ((unsigned char) *p))
        p++;
      const char *dev = p;
      while (p < end && !isblank ((unsigned char) *p))
        p++;
      if ((size_t) (p - dev) == speclen && strncmp (dev, spec, speclen) == 0)
        while (p < end) {
          while (p < end && isblank ((unsigned char) *p))
            p++;
          const char *w = p;
          while (p < end && !isblank ((unsigned char) *p))
            p++;
          if (p - w > 5 && strncasecmp (w, "uuid=", 5) == 0) {
            CLEANUP_FREE char *word = strndup (w + 5, (size_t) (p - w - 5));
            CLEANUP_FREE char *hex = word ? uuid_hex (word) : NULL;
            for (size_t k = 0; hex && k < gg->md.len; ++k)
              if (gg->md.ptr[k].uuid && strcmp (gg->md.ptr[k].uuid, hex) == 0)
                return gg->md.ptr[k].device;
          }
        }
    }
    line = *end ? end + 1 : end;
  }
  return NULL;
}

void
gl_md_vector_free (gl_md_vector *v)
{
  for (size_t i = 0; i < v->len; ++i) {
    free (v->ptr[i].device);
    free (v->ptr[i].uuid);
  }
  gl_md_vector_reset (v);
}
