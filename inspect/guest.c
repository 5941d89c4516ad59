/* guestlift: inspect one guest (its disks in a launched guest I/O handle):
 * find its roots, and for each one run the inspection steps in order. */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <ctype.h>
#include <errno.h>

#include "buf.h"
#include "cleanup.h"
#include "drive-name.h"
#include "error.h"
#include "guest.h"
#include "guest-io.h"
#include "luks.h"
#include "lvm-guests.h"
#include "md-guests.h"

/* The steps that fill an OS, in order (bootloader after kernels: it marks
 * the default kernel and adds kernels kept outside /boot; the verdict
 * last: it reads everything). */
static int (*const os_steps[]) (struct gl_guest *, struct gl_os *) = {
  gl_guest_os_facts,
  gl_guest_kernels,
  gl_guest_bootloader,
  gl_guest_xen_refs,
};

/* Device names as the guest's own disks would be named if they were
 * inspected alone (/dev/sda for its first disk...), whatever position the
 * disks had in a shared appliance: a report must not depend on batching. */
void
gl_guest_canonical_name (struct gl_guest *gg, char **name)
{
  /* One of its md arrays (md-guests.h), or a partition of one ("p1"). */
  for (size_t k = 0; k < gg->md.len; ++k) {
    const char *dev = gg->md.ptr[k].device;
    size_t n = strlen (dev);
    if (strncmp (*name, dev, n) != 0 || ((*name)[n] && (*name)[n] != 'p'))
      continue;
    char *c = gl_printf ("/dev/md%zu%s", GL_MD_FIRST_MINOR - k, *name + n);
    if (c) {
      free (*name);
      *name = c;
    }
    return;
  }
  /* A btrfs subvolume, "btrfsvol:/dev/sdc2/@/root": its device part. */
  static const char btrfsvol[] = "btrfsvol:";
  size_t pre = strncmp (*name, btrfsvol, sizeof btrfsvol - 1) == 0 ? sizeof btrfsvol - 1 : 0;
  for (size_t i = 0; i < gg->devices.len; ++i) {
    const char *dev = gg->devices.ptr[i];
    size_t n = strlen (dev);
    const char *rest = *name + pre;
    if (strncmp (rest, dev, n) != 0)
      continue;
    /* What may follow the disk: nothing, a partition number, and for a
     * subvolume then "/PATH". */
    size_t after = n;
    while (isdigit ((unsigned char) rest[after]))
      after++;
    if (rest[after] && !(pre && rest[after] == '/'))
      continue;
    char letters[GL_DRIVE_LETTERS_MAX];
    gl_drive_letters ((unsigned) i, letters);
    char *c = gl_printf ("%.*s/dev/sd%s%s", (int) pre, *name, letters, rest + n);
    if (c) {
      free (*name);
      *name = c;
    }
    return;
  }
}


static struct gl_os *
inspect_root (struct gl_guest *gg, const char *root, const char *kind)
{
  struct gl_os *os = gl_os_new ();
  if (!os)
    return NULL;
  os->root = strdup (root);
  os->type = strdup (kind);
  if (!os->root || !os->type) {
    gl_os_free (os);
    return NULL;
  }
  if (strcmp (kind, "linux") == 0) {
    if (gl_guest_mount_os (gg, os) == 0)
      for (size_t i = 0; i < sizeof os_steps / sizeof os_steps[0]; ++i)
        if (os_steps[i] (gg, os) == -1)
          gl_debug ("%s: %s: inspection step %zu failed (out of memory)",
                    gg->image, root, i);
  }
  else if (strcmp (kind, "windows") == 0 && gl_guest_windows (gg, os) == -1)
    gl_debug ("%s: %s: Windows inspection failed (out of memory)", gg->image, root);
  gl_guest_umount (gg);
  /* Mount points, filesystems and drive letters got the guest's own
   * names when they were added (gl_os_add_filesystem). */
  gl_guest_canonical_name (gg, &os->root);
  gl_kvm_verdict (os);
  if (strcmp (kind, "linux") == 0)
    gl_kvm_device_names (os, gg->devices.len);
  return os;
}

/* Mount MOUNTABLE on / and, if it is an OS root, inspect it.  True when
 * it was one. */
static bool
try_root (struct gl_guest *gg, struct gl_image *img, const char *mountable)
{
  if (gl_guest_mount_ro (gg->io, mountable, "/", NULL) == -1)
    return false;
  const char *kind = gl_guest_root_kind (gg);
  if (!kind) {
    gl_guest_umount (gg);
    return false;
  }
  /* Still mounted at /: inspect_root goes on from there. */
  struct gl_os *os = inspect_root (gg, mountable, kind);
  if (os && gl_os_vector_append (&img->oses, os) == -1)
    gl_os_free (os);
  return true;
}

/* btrfs whose default subvolume is not an OS root: the root may be a
 * subvolume (Fedora's "root", openSUSE/SLES's "@", Ubuntu's "@").
 * Snapshots (snapper's .snapshots) are earlier copies of a root, not
 * other guests: skipped. */
static void
try_subvolumes (struct gl_guest *gg, struct gl_image *img, const struct gl_fs *fs)
{
  if (gl_guest_mount_ro (gg->io, fs->mountable, "/", NULL) == -1)
    return;
  CLEANUP_FREE_STRING_LIST char **subvols = gl_guest_btrfs_subvolumes (gg->io, "/", NULL);
  gl_guest_umount (gg);
  if (!subvols)
    return;
  size_t tried = 0, left = 0;
  for (size_t i = 0; subvols[i]; ++i) {
    const char *p = subvols[i];
    CLEANUP_FREE char *m = !strstr (p, ".snapshots")
      ? gl_guest_btrfsvol (fs->mountable, p, strlen (p)) : NULL;
    if (!m)
      continue;
    if (tried == GL_MAX_SUBVOLUMES) {
      left++;
      continue;
    }
    tried++;
    try_root (gg, img, m);
  }
  if (left) {
    CLEANUP_FREE char *dev = strdup (fs->mountable);
    if (dev)
      gl_guest_canonical_name (gg, &dev);
    gl_guest_warn (gg, "%s: %zu btrfs subvolumes; only the first %d (the bound) "
                   "were tried as roots", dev ? dev : fs->mountable,
                   tried + left, GL_MAX_SUBVOLUMES);
  }
}

/* The guest-wide warnings go to each of its OSes; with none, they say
 * why in the image's error (a bound may have hidden the OS). */
static void
hand_out_warnings (struct gl_guest *gg, struct gl_image *img)
{
  if (gg->warnings.len == 0)
    return;
  for (size_t o = 0; o < img->oses.len; ++o)
    for (size_t i = 0; i < gg->warnings.len; ++i)
      gl_os_warn (img->oses.ptr[o], "%s", gg->warnings.ptr[i]);
  if (img->oses.len || !img->error || !gl_image_is_no_os (img))
    return;
  CLEANUP_BUF struct gl_buf b = GL_BUF_INIT;
  for (size_t i = 0; i < gg->warnings.len; ++i)
    gl_buf_printf (&b, "%s%s", i ? "; " : "", gg->warnings.ptr[i]);
  if (b.data)
    gl_image_set_error (img, "%s (%s)", GL_NO_OS_ERROR, b.data);
}

/* LVM inside LUKS inside LVM: the PVs found in the LUKS devices opened
 * on its LVs (gg->fs[from..]) bring up their VGs (a rescan), whose LVs
 * join its filesystems, as libguestfs's inspection lists them. */
static int
scan_lvm_in_luks (struct gl_guest *gg, size_t from, struct gl_err *err)
{
  string_vector pvs = empty_vector, lvs = empty_vector;
  int r = 0;
  for (size_t i = from; i < gg->fs.len && r == 0; ++i)
    if (strcmp (gg->fs.ptr[i].type, "LVM2_member") == 0 && gg->fs.ptr[i].uuid &&
        string_vector_add (&pvs, gg->fs.ptr[i].uuid) == -1)
      r = gl_err_set (err, ENOMEM, "out of memory");
  if (r == 0 && pvs.len) {
    CLEANUP_ERR struct gl_err lerr = GL_ERR_INIT;
    if (gl_guest_lvm_rescan (gg->io, &lerr) == -1)
      gl_debug ("%s: LVM rescan: %s", gg->image, gl_err_msg (&lerr, "?"));
    if (gl_lvm_lvs_of_pvs (gg->io, &pvs, &lvs, &gg->vg_clash) == -1)
      r = gl_err_set (err, ENOMEM, "out of memory");
  }
  for (size_t i = 0; i < lvs.len && i < GL_MAX_LVS && r == 0; ++i)
    r = gl_guest_add_device (gg, lvs.ptr[i], err);
  if (r == 0 && lvs.len > GL_MAX_LVS)
    gl_guest_warn (gg, "%zu logical volumes inside LUKS; only the first %d "
                   "(the bound) were looked at", lvs.len, GL_MAX_LVS);
  string_vector_free (&pvs);
  string_vector_free (&lvs);
  return r;
}

int
gl_inspect_guest (struct gl_guest *gg, struct gl_image *img)
{
  CLEANUP_ERR struct gl_err err = GL_ERR_INIT;
  size_t before_lvs = gg->fs.len;
  if (gl_guest_scan_lvs (gg, &err) == -1) {
    gl_image_set_error (img, "cannot list its filesystems: %s",
                        gl_err_msg (&err, "?"));
    return -1;
  }
  /* LUKS on its LVs, and LVM inside those (not deeper). */
  bool pv_inside = false;
  if (gl_guest_open_luks (gg, before_lvs, &pv_inside, &err) == -1) {
    gl_image_set_error (img, "cannot open its LUKS devices: %s",
                        gl_err_msg (&err, "?"));
    return -1;
  }
  if (pv_inside && scan_lvm_in_luks (gg, before_lvs, &err) == -1) {
    gl_image_set_error (img, "cannot list its filesystems: %s",
                        gl_err_msg (&err, "?"));
    return -1;
  }
  img->encrypted = gg->encrypted;
  for (size_t i = 0; i < gg->fs.len; ++i) {
    const struct gl_fs *fs = &gg->fs.ptr[i];
    if (strcmp (fs->type, "swap") == 0 || strcmp (fs->type, "unknown") == 0 ||
        strcmp (fs->type, "crypto_LUKS") == 0 || strcmp (fs->type, "LVM2_member") == 0 ||
        strcmp (fs->type, "linux_raid_member") == 0)
      continue;
    if (!try_root (gg, img, fs->mountable) && strcmp (fs->type, "btrfs") == 0)
      try_subvolumes (gg, img, fs);
  }
  /* LUKS devices left shut: a warning for each OS found; with none,
   * they are the error (the OS may well be inside them). */
  for (size_t i = 0; i < gg->locked.len; ++i)
    for (size_t o = 0; o < img->oses.len; ++o)
      gl_os_warn (img->oses.ptr[o], "%s", gg->locked.ptr[i]);
  if (img->oses.len == 0 && !img->error && gg->locked.len) {
    CLEANUP_BUF struct gl_buf b = GL_BUF_INIT;
    for (size_t i = 0; i < gg->locked.len; ++i)
      gl_buf_printf (&b, "%s%s", i ? "; " : "", gg->locked.ptr[i]);
    gl_image_set_error (img, "%s; no operating system found outside %s",
                        b.data ? b.data : "?", gg->locked.len > 1 ? "them" : "it");
  }
  if (img->oses.len == 0 && !img->error)
    gl_image_set_error (img, "%s", GL_NO_OS_ERROR);
  hand_out_warnings (gg, img);
  return 0;
}
