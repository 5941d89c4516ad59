/* guestlift: the inspection engine (see engine.h). */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <ctype.h>
#include <dirent.h>
#include <unistd.h>

#include <guestfs.h>

#include "appliance.h"
#include "cleanup.h"
#include "engine.h"
#include "error.h"
#include "guest.h"
#include "guest-io.h"
#include "image-probe.h"

/* One guest of a batch: its images (one, or several with --one-guest). */
struct guest_slot {
  struct gl_image **imgs;
  size_t nimgs;
  size_t first_drive;     /* index of its first drive in the appliance */
  bool has_pvs;           /* some LVM physical volume is on its disks */
  bool skip;              /* failed before the appliance started */
};

/* The first line of a libguestfs message, without its "see the FAQ"
 * boilerplate. */
static char *
first_line (const char *msg)
{
  return strndup (msg, strcspn (msg, "\n"));
}

static void
set_errors (struct guest_slot *s, const char *msg)
{
  for (size_t i = 0; i < s->nimgs; ++i)
    if (!s->imgs[i]->error)
      gl_image_set_error (s->imgs[i], "%s", msg);
}

static void
remove_tree (const char *dir)
{
  DIR *d = opendir (dir);
  if (d) {
    struct dirent *e;
    while ((e = readdir (d)) != NULL) {
      if (strcmp (e->d_name, ".") == 0 || strcmp (e->d_name, "..") == 0)
        continue;
      CLEANUP_FREE char *p = gl_printf ("%s/%s", dir, e->d_name);
      if (p)
        unlink (p);
    }
    closedir (d);
  }
  rmdir (dir);
}

static bool
on_disk (const char *dev, const char *disk)
{
  size_t n = strlen (disk);
  return strncmp (dev, disk, n) == 0 && (dev[n] == '\0' || isdigit ((unsigned char) dev[n]));
}

/* Let LVM see only this guest's disks. */
static int
lvm_scope (guestfs_h *g, char **devices, size_t ndev)
{
  CLEANUP_FREE char **list = calloc (ndev + 1, sizeof (char *));
  if (!list)
    return -1;
  for (size_t i = 0; i < ndev; ++i)
    list[i] = devices[i];
  return guestfs_lvm_set_filter (g, list);
}

/* How many times NAME appears in the batch's volume group list. */
static size_t
count_name (char *const *names, const char *name)
{
  size_t n = 0;
  for (size_t i = 0; names && names[i]; ++i)
    n += strcmp (names[i], name) == 0;
  return n;
}

static void
inspect_slot (guestfs_h *g, char **devices, struct guest_slot *s,
              const char *tmpdir, bool scope_lvm, char *const *all_vgs)
{
  struct gl_guest gg = { .g = g, .tmpdir = tmpdir, .image = s->imgs[0]->path };
  for (size_t i = 0; i < s->nimgs; ++i)
    string_vector_append (&gg.devices, devices[s->first_drive + i]);

  /* Volume groups whose names are unique in the appliance were activated
   * when it booted; a name several guests share was not (LVM refuses):
   * those are activated now, with LVM seeing only this guest's disks,
   * and deactivated again after, so the next guest can have its turn. */
  bool activated = false;
  if (!scope_lvm)
    gg.own_lvs = s->has_pvs;
  else if (s->has_pvs) {
    lvm_scope (g, gg.devices.ptr, gg.devices.len);
    CLEANUP_FREE_STRING_LIST char **mine = guestfs_vgs (g);
    for (size_t i = 0; mine && mine[i]; ++i)
      if (count_name (all_vgs, mine[i]) > 1)
        activated = true;
    if (activated)
      guestfs_vg_activate_all (g, 1);
    gg.own_lvs = true;
  }

  gl_inspect_guest (&gg, s->imgs[0]);

  if (activated)
    guestfs_vg_activate_all (g, 0);
  gl_guest_free_filesystems (&gg);
  string_vector_reset (&gg.devices);   /* strings belong to devices[] */
}

/* Run one appliance over the slots.  Returns 0, or -1 if the appliance
 * could not start (the caller may retry the slots one by one). */
static int
run_batch (struct guest_slot *slots, size_t nslots,
           const struct gl_inspect_opts *o, size_t *done, size_t total,
           char **err)
{
  char tmpl[] = "/tmp/guestlift.XXXXXX";
  if (!mkdtemp (tmpl)) {
    *err = gl_printf ("cannot make a temporary directory: %m");
    return -1;
  }
  guestfs_h *g = gl_appliance_open (err);
  if (!g) {
    rmdir (tmpl);
    return -1;
  }

  /* A disk libguestfs refuses (it makes an overlay with qemu-img here)
   * fails its own guest only. */
  size_t drive = 0;
  for (size_t s = 0; s < nslots; ++s) {
    slots[s].first_drive = drive;
    size_t i;
    for (i = 0; i < slots[s].nimgs; ++i) {
      struct gl_image *img = slots[s].imgs[i];
      if (guestfs_add_drive_opts (g, img->path,
                                  GUESTFS_ADD_DRIVE_OPTS_READONLY, 1,
                                  GUESTFS_ADD_DRIVE_OPTS_FORMAT, img->format,
                                  -1) == -1) {
        CLEANUP_FREE char *why = first_line (gl_guestfs_error (g));
        set_errors (&slots[s], why ? why : "libguestfs cannot open the disk");
        break;
      }
    }
    if (i < slots[s].nimgs) {
      /* Drives of this slot already added stay, unused; skip the slot. */
      drive += i;
      slots[s].skip = true;
      continue;
    }
    drive += slots[s].nimgs;
  }

  if (gl_appliance_launch (g, err) == -1) {
    guestfs_close (g);
    rmdir (tmpl);
    return -1;
  }

  CLEANUP_FREE_STRING_LIST char **devices = guestfs_list_devices (g);
  if (!devices || gl_string_list_length (devices) < drive) {
    *err = gl_printf ("the appliance lists fewer disks than were added");
    guestfs_close (g);
    rmdir (tmpl);
    return -1;
  }

  /* Which guests have LVM physical volumes.  With at most one, every
   * logical volume is its own; with several, each is inspected with LVM
   * scoped to its own disks (see inspect_slot). */
  bool scope_lvm = false;
  CLEANUP_FREE_STRING_LIST char **all_vgs = NULL;
  CLEANUP_FREE_STRING_LIST char **pvs = guestfs_pvs (g);
  size_t with_pvs = 0;
  for (size_t s = 0; s < nslots; ++s) {
    if (slots[s].skip)
      continue;
    for (size_t i = 0; pvs && pvs[i]; ++i)
      for (size_t d = 0; d < slots[s].nimgs; ++d)
        if (on_disk (pvs[i], devices[slots[s].first_drive + d]))
          slots[s].has_pvs = true;
    with_pvs += slots[s].has_pvs;
  }
  if (with_pvs > 1) {
    scope_lvm = true;
    all_vgs = guestfs_vgs (g);
  }

  for (size_t s = 0; s < nslots; ++s) {
    if (slots[s].skip) {
      (*done)++;
      continue;
    }
    if (o->progress)
      o->progress (o->progress_opaque, *done, total, slots[s].imgs[0]->path);
    inspect_slot (g, devices, &slots[s], tmpl, scope_lvm, all_vgs);
    (*done)++;
  }
  /* No lvm-clear-filter: with duplicate VG names attached it fails (it
   * activates everything), and the appliance is shut down next anyway. */

  guestfs_shutdown (g);
  guestfs_close (g);
  remove_tree (tmpl);
  return 0;
}

int
gl_inspect_fill (struct gl_image **imgs, size_t n,
                 const struct gl_inspect_opts *o)
{
  size_t max_drives = o->max_drives ? o->max_drives : GL_DEFAULT_MAX_DRIVES;

  /* Probe every image on the host first: qemu's block layer rejects bad
   * images here, cheaply, instead of failing a whole appliance later. */
  for (size_t i = 0; i < n; ++i) {
    struct gl_image_info info;
    CLEANUP_FREE char *err = NULL;
    if (gl_image_probe (imgs[i]->path, o->disk_format, &info, &err) == -1) {
      gl_image_set_error (imgs[i], "%s", err ? err : "cannot read it");
      continue;
    }
    imgs[i]->format = GL_STEAL (info.format);
    imgs[i]->virtual_size = info.virtual_size;
    gl_image_info_free (&info);
  }

  /* Slots: one per good image, or one for all with --one-guest. */
  CLEANUP_FREE struct guest_slot *slots = calloc (n ? n : 1, sizeof *slots);
  CLEANUP_FREE struct gl_image **good = calloc (n ? n : 1, sizeof *good);
  if (!slots || !good)
    return -1;
  size_t ngood = 0, nslots = 0;
  for (size_t i = 0; i < n; ++i)
    if (!imgs[i]->error)
      good[ngood++] = imgs[i];

  if (o->one_guest) {
    if (ngood < n) {
      /* A guest with an unreadable disk cannot be inspected as a whole. */
      for (size_t i = 0; i < ngood; ++i)
        gl_image_set_error (good[i], "another disk of this guest cannot be read");
      return 0;
    }
    if (ngood) {
      slots[0].imgs = good;
      slots[0].nimgs = ngood;
      nslots = 1;
      for (size_t i = 1; i < ngood; ++i)
        good[i]->secondary_disk = true;
    }
  }
  else
    for (size_t i = 0; i < ngood; ++i) {
      slots[nslots].imgs = &good[i];
      slots[nslots].nimgs = 1;
      nslots++;
    }

  size_t done = 0;
  for (size_t s = 0; s < nslots; ) {
    size_t drives = 0, end = s;
    while (end < nslots && (end == s || drives + slots[end].nimgs <= max_drives))
      drives += slots[end++].nimgs;
    CLEANUP_FREE char *err = NULL;
    if (run_batch (&slots[s], end - s, o, &done, nslots, &err) == -1) {
      if (end - s == 1)
        set_errors (&slots[s], err);
      else
        /* Fault isolation: an appliance that will not start with this
         * batch is retried one guest at a time. */
        for (size_t k = s; k < end; ++k) {
          CLEANUP_FREE char *err1 = NULL;
          if (run_batch (&slots[k], 1, o, &done, nslots, &err1) == -1)
            set_errors (&slots[k], err1);
        }
    }
    s = end;
  }
  return 0;
}

int
gl_inspect_images (const char *const *paths, size_t n,
                   const struct gl_inspect_opts *o, struct gl_report *r)
{
  size_t first = r->images.len;
  for (size_t i = 0; i < n; ++i) {
    struct gl_image *img = gl_image_new (paths[i]);
    if (!img || gl_image_vector_append (&r->images, img) == -1) {
      gl_image_free (img);
      return -1;
    }
  }
  return gl_inspect_fill (&r->images.ptr[first], n, o);
}
