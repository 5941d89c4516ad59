/* guestlift: the inspection engine (see engine.h). */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <unistd.h>

#include "cleanup.h"
#include "clock.h"
#include "engine.h"
#include "error.h"
#include "guest.h"
#include "guest-io.h"
#include "guest-io-appliance.h"
#include "guest-io-host.h"
#include "host-path.h"
#include "guest-memo.h"
#include "image-probe.h"
#include "luks.h"
#include "lvm-guests.h"
#include "md-guests.h"
#include "run-files.h"

/* One guest of a batch: its images (one, or several with --one-guest). */
struct guest_slot {
  struct gl_image **imgs;
  size_t nimgs;
  size_t first_drive;     /* index of its first drive in the appliance */
  bool has_pvs;           /* some LVM physical volume is on its disks */
  bool skip;              /* failed before the appliance started */
  bool own_appliance;     /* inspected again in an appliance of its own:
                             it holds md members of an array spread over
                             several guests of the batch (md-guests.h), or
                             a VG inside LUKS named like another guest's */
};

static void
set_errors (struct guest_slot *s, const char *msg)
{
  for (size_t i = 0; i < s->nimgs; ++i)
    if (!s->imgs[i]->error)
      gl_image_set_error (s->imgs[i], "%s", msg);
}

static void
inspect_slot (struct gl_guest_io *io, struct gl_guest *gg, struct guest_slot *s,
              struct gl_lvm_guest *lvm)
{
  if (lvm->scoped)
    gl_lvm_scope_enter (io, lvm);
  gg->lvs = &lvm->lvs;
  gl_inspect_guest (gg, s->imgs[0]);
}

/* The guest I/O for a batch: the appliance, or inside the host
 * reader's child (o->host_io) the host's.  Its files go in TMPDIR. */
static struct gl_guest_io *
open_guest_io (const struct gl_inspect_opts *o, const char *tmpdir,
               struct gl_err *err)
{
  if (o->host_io)
    return gl_guest_io_host_open (o->host_io, err);
  const struct gl_appliance_opts ao = {
    .tmpdir = tmpdir, .side_by_side = o->side_by_side, .note = o->note,
  };
  return gl_guest_io_appliance_open (&ao, err);
}

/* Stop IO (read-only disks: nothing to flush) and remove TMPDIR. */
static void
close_guest_io (struct gl_guest_io *io, const char *tmpdir)
{
  gl_guest_io_close (io);
  gl_run_tmpdir_remove (tmpdir);
}

static int run_batch (struct guest_slot *slots, size_t nslots,
                      const struct gl_inspect_opts *o, size_t *done, size_t total,
                      struct gl_err *err);

static void
count (size_t *counter)
{
  __atomic_add_fetch (counter, 1, __ATOMIC_RELAXED);
}

/* What inspect_slot found for the slot's images, dropped: the slot is
 * inspected again (run_split_alone). */
static void
forget_answers (struct guest_slot *s)
{
  for (size_t i = 0; i < s->nimgs; ++i) {
    struct gl_image *img = s->imgs[i];
    for (size_t k = 0; k < img->oses.len; ++k)
      gl_os_free (img->oses.ptr[k]);
    gl_os_vector_reset (&img->oses);
    free (img->error);
    img->error = NULL;
    img->encrypted = false;
  }
}

/* The slots run_batch set aside (own_appliance: md members of an array
 * spread over several guests, or a guest whose VG inside LUKS has the
 * name of another guest's VG), each in an appliance of its own, with
 * its own members only (the array as the appliance assembles it from
 * them: libguestfs's leaves it inactive): the answer it gets alone,
 * whatever the batch.  One launch each; a guest alone is never split. */
static void
run_split_alone (struct guest_slot *slots, size_t nslots,
                 const struct gl_inspect_opts *o, size_t *done, size_t total)
{
  for (size_t s = 0; s < nslots; ++s) {
    if (!slots[s].own_appliance)
      continue;
    slots[s].own_appliance = false;
    gl_debug ("%s: md members or a VG name shared with other guests of "
              "the batch: inspected again alone", slots[s].imgs[0]->path);
    CLEANUP_ERR struct gl_err err = GL_ERR_INIT;
    if (o->counts)
      count (&o->counts->appliances);
    if (run_batch (&slots[s], 1, o, done, total, &err) == -1)
      set_errors (&slots[s], gl_err_msg (&err, "?"));
  }
}

/* Run one appliance over the slots.  Returns 0, or -1 with err if the
 * appliance could not start (the caller may retry the slots one by
 * one). */
static int
run_batch (struct guest_slot *slots, size_t nslots,
           const struct gl_inspect_opts *o, size_t *done, size_t total,
           struct gl_err *err)
{
  /* A folder of this run's own (held while it lives: a later run
   * removes it if this one is killed; common/utils/run-files.h). */
  CLEANUP_FREE char *tmpl = gl_run_tmpdir ();
  if (!tmpl)
    return gl_err_errno (err, "cannot make a temporary directory");
  struct gl_guest_io *io = open_guest_io (o, tmpl, err);
  if (!io) {
    gl_run_tmpdir_remove (tmpl);
    return -1;
  }

  /* A disk the appliance refuses (libguestfs makes an overlay with
   * qemu-img here) fails its own guest only. */
  size_t drive = 0;
  for (size_t s = 0; s < nslots; ++s) {
    slots[s].first_drive = drive;
    size_t i;
    for (i = 0; i < slots[s].nimgs; ++i) {
      struct gl_image *img = slots[s].imgs[i];
      CLEANUP_ERR struct gl_err e = GL_ERR_INIT;
      if (gl_guest_add_drive (io, img->path, img->format, true, &e) == -1) {
        set_errors (&slots[s], gl_err_msg (&e, "libguestfs cannot open the disk"));
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

  if (gl_guest_launch (io, err) == -1) {
    close_guest_io (io, tmpl);
    return -1;
  }

  CLEANUP_FREE_STRING_LIST char **devices = gl_guest_list_devices (io, NULL);
  if (!devices || gl_string_list_length (devices) < drive) {
    gl_err_set (err, 0, "the appliance lists fewer disks than were added");
    close_guest_io (io, tmpl);
    return -1;
  }

  /* Every guest's disks are scanned first (blkid also finds its LVM PVs
   * and their UUIDs); then whose logical volumes are whose (see
   * lvm-guests.h): unscoped guests are inspected with what the appliance
   * activated at boot, then the guests that share VG names or clone PVs,
   * one at a time. */
  CLEANUP_FREE struct gl_lvm_guest *lvm = calloc (nslots, sizeof *lvm);
  CLEANUP_FREE struct gl_guest *gg = calloc (nslots, sizeof *gg);
  /* Borrowed strings: devices[], the guests' md arrays and filesystems. */
  CLEANUP_FREE string_vector *scopes = calloc (nslots, sizeof *scopes);
  CLEANUP_FREE bool *split = calloc (nslots, sizeof *split);
  if (!lvm || !gg || !scopes || !split) {
    gl_err_set (err, ENOMEM, "out of memory");
    close_guest_io (io, tmpl);
    return -1;
  }
  /* Read-only from here on: path probes may be answered from listings. */
  if (gl_guest_memo_enable (io) == -1)
    gl_debug ("no memory for directory listings: every probe is asked");
  CLEANUP_ERR struct gl_err perr = GL_ERR_INIT;
  CLEANUP_FREE_STRING_LIST char **partitions = gl_guest_list_partitions (io, &perr);
  for (size_t s = 0; s < nslots; ++s) {
    if (slots[s].skip)
      continue;
    gg[s] = (struct gl_guest) { .io = io, .tmpdir = tmpl, .image = slots[s].imgs[0]->path,
                                .partitions = partitions, .keys = o->keys };
    for (size_t i = 0; i < slots[s].nimgs; ++i)
      string_vector_append (&gg[s].devices, devices[slots[s].first_drive + i]);
    lvm[s].disks = &devices[slots[s].first_drive];
    lvm[s].ndisks = slots[s].nimgs;
    CLEANUP_ERR struct gl_err serr = GL_ERR_INIT;
    if (gl_guest_scan_disks (&gg[s], &serr) == -1) {
      set_errors (&slots[s], partitions ? gl_err_msg (&serr, "cannot list its partitions")
                  : gl_err_msg (&perr, "cannot list its partitions"));
      slots[s].skip = true;
      string_vector_reset (&gg[s].devices);
      continue;
    }
  }
  /* md arrays go to the guest holding all their members (md-guests.h);
   * their filesystems and PVs join that guest's. */
  bool pv_in_luks = false;
  CLEANUP_ERR struct gl_err merr = GL_ERR_INIT;
  if (gl_md_assign (io, gg, nslots, split, &merr) == -1)
    gl_debug ("md arrays: %s", gl_err_msg (&merr, "?"));
  for (size_t s = 0; s < nslots; ++s) {
    if (slots[s].skip)
      continue;
    slots[s].own_appliance = split[s];
    CLEANUP_ERR struct gl_err serr = GL_ERR_INIT;
    if (gl_guest_scan_md (&gg[s], &serr) == -1)
      gl_debug ("%s: md arrays: %s", slots[s].imgs[0]->path, gl_err_msg (&serr, "?"));
    /* LUKS on partitions and arrays (on LVs: once the LVs are sorted
     * out, inspect/guest.c). */
    CLEANUP_ERR struct gl_err lerr = GL_ERR_INIT;
    if (gl_guest_open_luks (&gg[s], 0, &pv_in_luks, &lerr) == -1)
      gl_debug ("%s: LUKS: %s", slots[s].imgs[0]->path, gl_err_msg (&lerr, "?"));
  }
  /* PVs inside opened LUKS devices: their VGs come up now, before the
   * LVM sort-out. */
  if (pv_in_luks) {
    CLEANUP_ERR struct gl_err lerr = GL_ERR_INIT;
    if (gl_guest_lvm_rescan (io, &lerr) == -1)
      gl_debug ("LVM rescan: %s", gl_err_msg (&lerr, "?"));
  }
  for (size_t s = 0; s < nslots; ++s) {
    if (slots[s].skip)
      continue;
    for (size_t f = 0; f < gg[s].fs.len; ++f)
      if (strcmp (gg[s].fs.ptr[f].type, "LVM2_member") == 0 && gg[s].fs.ptr[f].uuid)
        string_vector_add (&lvm[s].pv_uuids, gg[s].fs.ptr[f].uuid);
    /* A scoped guest's LVM must see its md arrays and opened LUKS
     * devices too (PVs on them): its scope is its disks and those. */
    if (gg[s].md.len || gg[s].encrypted) {
      string_vector *scope = &scopes[s];
      for (size_t i = 0; i < slots[s].nimgs; ++i)
        string_vector_append (scope, devices[slots[s].first_drive + i]);
      for (size_t i = 0; i < gg[s].md.len; ++i)
        string_vector_append (scope, gg[s].md.ptr[i].device);
      for (size_t f = 0; f < gg[s].fs.len; ++f)
        if (strncmp (gg[s].fs.ptr[f].mountable, "/dev/mapper/", 12) == 0)
          string_vector_append (scope, gg[s].fs.ptr[f].mountable);
      /* Out of memory part way: the disks alone, as before. */
      if (scope->len >= slots[s].nimgs) {
        lvm[s].disks = scope->ptr;
        lvm[s].ndisks = scope->len;
      }
    }
  }
  bool any_scoped = gl_lvm_assign (io, lvm, nslots);

  for (int pass = 0; pass < 2; ++pass) {
    if (pass == 1 && !any_scoped)
      break;
    for (size_t s = 0; s < nslots; ++s) {
      if (lvm[s].scoped != (pass == 1) || slots[s].own_appliance)
        continue;
      if (slots[s].skip) {
        (*done)++;
        continue;
      }
      if (o->progress)
        o->progress (o->progress_opaque, *done, total, slots[s].imgs[0]->path);
      inspect_slot (io, &gg[s], &slots[s], &lvm[s]);
      if (gg[s].vg_clash && nslots > 1) {
        forget_answers (&slots[s]);
        slots[s].own_appliance = true;
        continue;
      }
      (*done)++;
    }
  }
  for (size_t s = 0; s < nslots; ++s) {
    gl_lvm_guest_free (&lvm[s]);
    string_vector_reset (&scopes[s]);
    gl_guest_free_filesystems (&gg[s]);
    string_vector_reset (&gg[s].devices);   /* strings belong to devices[] */
  }
  /* No LVM scope is undone: with duplicate VG names attached that fails
   * (it activates everything), and the appliance is stopped next anyway.
   * Every drive is read-only (writes went to throw-away overlays): the
   * appliance is killed rather than shut down (guest-io-appliance.c). */
  close_guest_io (io, tmpl);
  run_split_alone (slots, nslots, o, done, total);
  return 0;
}

/* --- the host-side reader (host-path.h) ------------------------------ */

/* In the host reader's child: the batch runner over one guest, with the
 * host's guest I/O (open_guest_io) and nobody to tell progress or notes
 * to (the child's output goes nowhere). */
static int
host_inspect (struct gl_image **imgs, size_t n, void *opaque,
              struct gl_host_opts *ho, struct gl_err *err)
{
  struct gl_inspect_opts co = *(const struct gl_inspect_opts *) opaque;
  co.progress = NULL;
  co.note = (struct gl_note_sink) { 0 };
  co.counts = NULL;
  co.host_io = ho;
  struct guest_slot slot = { .imgs = imgs, .nimgs = n };
  size_t done = 0;
  return run_batch (&slot, 1, &co, &done, 1, err);
}

/* Each slot is tried with the host-side reader first; the slots it
 * answered leave SLOTS (the others keep their order).  How many are
 * left for the appliance. */
static size_t
host_pass (struct guest_slot *slots, size_t nslots, const struct gl_inspect_opts *o,
           size_t *done, size_t total)
{
  size_t left = 0;
  for (size_t s = 0; s < nslots; ++s) {
    if (o->progress)
      o->progress (o->progress_opaque, *done, total, slots[s].imgs[0]->path);
    CLEANUP_FREE char *why = NULL;
    struct gl_contained_usage u = { 0 };
    double t0 = gl_now ();
    int answered = gl_host_path_try (slots[s].imgs, slots[s].nimgs, o->allow_backing,
                                     host_inspect, (void *) o, &why, &u);
    /* (The image's content, its path too, is the child's answer now.) */
    const char *path = slots[s].imgs[0]->path;
    double secs = gl_now () - t0;
    if (answered == 1) {
      gl_debug ("%s: answered by the host reader (%.2f s, %.2f s of CPU, peak RSS %ld KiB)",
                path, secs, u.cpu_seconds, u.max_rss_kib);
      if (o->counts)
        count (&o->counts->host_guests);
      (*done)++;
      continue;
    }
    gl_debug ("%s: host reader: %s: inspected with the appliance", path,
              why ? why : "out of memory");
    slots[left++] = slots[s];
  }
  return left;
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
    CLEANUP_ERR struct gl_err err = GL_ERR_INIT;
    if (gl_image_probe (imgs[i]->path, o->disk_format, o->allow_backing,
                        &info, &err) == -1) {
      gl_image_set_error (imgs[i], "%s", gl_err_msg (&err, "cannot read it"));
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

  size_t done = 0, total = nslots;
  if (!o->appliance_only && !o->host_io)
    nslots = host_pass (slots, nslots, o, &done, total);
  for (size_t s = 0; s < nslots; ) {
    size_t drives = 0, end = s;
    while (end < nslots && (end == s || drives + slots[end].nimgs <= max_drives))
      drives += slots[end++].nimgs;
    CLEANUP_ERR struct gl_err err = GL_ERR_INIT;
    if (o->counts)
      count (&o->counts->appliances);
    if (run_batch (&slots[s], end - s, o, &done, total, &err) == -1) {
      if (end - s == 1)
        set_errors (&slots[s], gl_err_msg (&err, "?"));
      else
        /* Fault isolation: an appliance that will not start with this
         * batch is retried one guest at a time. */
        for (size_t k = s; k < end; ++k) {
          CLEANUP_ERR struct gl_err err1 = GL_ERR_INIT;
          if (o->counts)
            count (&o->counts->appliances);
          if (run_batch (&slots[k], 1, o, &done, total, &err1) == -1)
            set_errors (&slots[k], gl_err_msg (&err1, "?"));
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
