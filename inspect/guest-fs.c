/* guestlift: a guest's filesystems: which belong to it, which is a root,
 * how fstab names map to them, and read-only mounting. */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <ctype.h>
#include <errno.h>

#include "buf.h"
#include "cleanup.h"
#include "distro.h"
#include "drive-name.h"
#include "error.h"
#include "fstab.h"
#include "guest.h"
#include "guest-io.h"
#include "md-guests.h"
#include "mount-session.h"
#include "part-overlap.h"
#include "xenrefs.h"

/* Does DEV ("/dev/sdb3") live on whole-disk device DISK ("/dev/sdb")? */
static bool
on_disk (const char *dev, const char *disk)
{
  size_t n = strlen (disk);
  return strncmp (dev, disk, n) == 0 && (dev[n] == '\0' || isdigit ((unsigned char) dev[n]));
}

/* One blkid call gives type, UUID and label, and for a partition where
 * it lies on its disk.  A device without a TYPE (extended partition,
 * empty disk) is not a filesystem.  disk: index of its disk in
 * gg->devices. */
static int
add_candidate (struct gl_guest *gg, const char *dev, size_t disk, struct gl_err *err)
{
  struct gl_blkid b;
  /* Unreadable: not a filesystem of this guest's, like one without TYPE. */
  if (gl_guest_blkid (gg->io, dev, &b, NULL) == -1)
    return 0;
  if (!b.type) {
    gl_blkid_free (&b);
    return 0;
  }
  struct gl_fs fs = {
    .mountable = strdup (dev), .type = GL_STEAL (b.type),
    .uuid = GL_STEAL (b.uuid), .label = GL_STEAL (b.label),
    .span_known = b.span_known, .disk = disk,
    .part_start = b.part_start, .part_size = b.part_size,
  };
  gl_blkid_free (&b);
  if (!fs.mountable || gl_fs_vector_append (&gg->fs, fs) == -1) {
    free (fs.mountable); free (fs.type); free (fs.uuid); free (fs.label);
    return gl_err_set (err, ENOMEM, "out of memory");
  }
  return 0;
}

static void
free_fs (struct gl_fs *f)
{
  free (f->mountable);
  free (f->type);
  free (f->uuid);
  free (f->label);
}

/* "/dev/sdk3" as the guest names it alone ("/dev/sda3"); malloc'd. */
static char *
guest_name (struct gl_guest *gg, const char *dev)
{
  char *n = strdup (dev);
  if (n)
    gl_guest_canonical_name (gg, &n);
  return n;
}

/* Names listed in a warning, at most this many (then "and N more"). */
#define NAMES_LISTED 8

/* Partitions that show another one's filesystem (part-overlap.h) leave
 * gg->fs: one filesystem is inspected once.  A warning names them. */
static int
drop_overlapping (struct gl_guest *gg, struct gl_err *err)
{
  size_t n = gg->fs.len;
  if (n < 2)
    return 0;
  CLEANUP_FREE struct gl_part_span *spans = calloc (n, sizeof *spans);
  CLEANUP_FREE size_t *same_as = calloc (n, sizeof *same_as);
  if (!spans || !same_as)
    return gl_err_set (err, ENOMEM, "out of memory");
  for (size_t i = 0; i < n; ++i) {
    const struct gl_fs *f = &gg->fs.ptr[i];
    spans[i] = (struct gl_part_span) { f->span_known, f->disk, f->part_start, f->part_size };
  }
  gl_part_overlaps (spans, n, same_as);

  for (size_t k = 0; k < n; ++k) {
    size_t views = 0;
    CLEANUP_BUF struct gl_buf names = GL_BUF_INIT;
    for (size_t i = 0; i < n; ++i) {
      if (i == k || same_as[i] != k)
        continue;
      if (views++ < NAMES_LISTED) {
        CLEANUP_FREE char *name = guest_name (gg, gg->fs.ptr[i].mountable);
        gl_buf_printf (&names, "%s%s", views > 1 ? ", " : "", name ? name : "?");
      }
    }
    if (views == 0)
      continue;
    if (views > NAMES_LISTED)
      gl_buf_printf (&names, " and %zu more", views - NAMES_LISTED);
    CLEANUP_FREE char *kept = guest_name (gg, gg->fs.ptr[k].mountable);
    gl_guest_warn (gg, "partition%s %s lie%s on the sectors of %s: one filesystem "
                   "seen through %zu partitions, inspected once, as %s",
                   views > 1 ? "s" : "", names.data ? names.data : "?",
                   views > 1 ? "" : "s", kept ? kept : "?", views + 1,
                   kept ? kept : "?");
  }
  /* Keep the filesystems that are their own, in their order. */
  size_t out = 0;
  for (size_t i = 0; i < n; ++i) {
    if (same_as[i] != i) {
      free_fs (&gg->fs.ptr[i]);
      continue;
    }
    gg->fs.ptr[out++] = gg->fs.ptr[i];
  }
  gg->fs.len = out;
  return 0;
}

/* This guest's filesystems: the partitions of its disks and its disks
 * themselves when they carry no partition table (one blkid each, which
 * also finds its LVM physical volumes and their UUIDs).  At most
 * GL_MAX_PARTITIONS_PER_DISK partitions of a disk; partitions that show
 * one filesystem count once.
 * (libguestfs's list-filesystems does this for every disk of the
 * appliance, with parted calls, and costs seconds per call under TCG.) */
int
gl_guest_scan_disks (struct gl_guest *gg, struct gl_err *err)
{
  char *const *parts = gg->partitions;
  if (!parts)
    return gl_err_set (err, 0, "cannot list its partitions");
  for (size_t d = 0; d < gg->devices.len; ++d) {
    size_t seen = 0;
    for (size_t i = 0; parts[i]; ++i)
      if (on_disk (parts[i], gg->devices.ptr[d]) &&
          strcmp (parts[i], gg->devices.ptr[d]) != 0) {
        if (seen++ >= GL_MAX_PARTITIONS_PER_DISK)
          continue;
        if (add_candidate (gg, parts[i], d, err) == -1)
          return -1;
      }
    if (seen > GL_MAX_PARTITIONS_PER_DISK) {
      CLEANUP_FREE char *disk = guest_name (gg, gg->devices.ptr[d]);
      gl_guest_warn (gg, "%s: %zu partitions; only the first %d (the bound) "
                     "were looked at", disk ? disk : "?", seen,
                     GL_MAX_PARTITIONS_PER_DISK);
    }
    if (!seen && add_candidate (gg, gg->devices.ptr[d], d, err) == -1)
      return -1;
  }
  return drop_overlapping (gg, err);
}

/* Its logical volumes, once lvm-guests.c has said which they are. */
int
gl_guest_scan_lvs (struct gl_guest *gg, struct gl_err *err)
{
  size_t n = gg->lvs ? gg->lvs->len : 0;
  for (size_t i = 0; i < n && i < GL_MAX_LVS; ++i)
    if (add_candidate (gg, gg->lvs->ptr[i], 0, err) == -1)
      return -1;
  if (n > GL_MAX_LVS)
    gl_guest_warn (gg, "%zu logical volumes; only the first %d (the bound) "
                   "were looked at", n, GL_MAX_LVS);
  return 0;
}

int
gl_guest_add_device (struct gl_guest *gg, const char *device, struct gl_err *err)
{
  return add_candidate (gg, device, 0, err);
}

/* Is PART ("/dev/md127p1") a partition of the array MD ("/dev/md127")? */
static bool
is_md_partition (const char *part, const char *md)
{
  size_t n = strlen (md);
  if (strncmp (part, md, n) != 0 || part[n] != 'p' || !part[n + 1])
    return false;
  for (const char *p = part + n + 1; *p; ++p)
    if (!isdigit ((unsigned char) *p))
      return false;
  return true;
}

/* Its md arrays, once md-guests.c has said which they are (blkid on
 * each, like a partition: an array may hold a filesystem, an LVM PV, or
 * LUKS).  A partitioned array gives its partitions instead ("/dev/md127p1",
 * as libguestfs lists them), at most GL_MAX_PARTITIONS_PER_DISK. */
int
gl_guest_scan_md (struct gl_guest *gg, struct gl_err *err)
{
  char *const *parts = gg->partitions;
  for (size_t i = 0; i < gg->md.len; ++i) {
    const char *md = gg->md.ptr[i].device;
    size_t seen = 0;
    for (size_t k = 0; parts && parts[k]; ++k)
      if (is_md_partition (parts[k], md) && seen++ < GL_MAX_PARTITIONS_PER_DISK &&
          add_candidate (gg, parts[k], 0, err) == -1)
        return -1;
    if (seen > GL_MAX_PARTITIONS_PER_DISK) {
      CLEANUP_FREE char *name = guest_name (gg, md);
      gl_guest_warn (gg, "%s: %zu partitions; only the first %d (the bound) "
                     "were looked at", name ? name : "?", seen,
                     GL_MAX_PARTITIONS_PER_DISK);
    }
    if (!seen && add_candidate (gg, md, 0, err) == -1)
      return -1;
  }
  return 0;
}

void
gl_guest_free_filesystems (struct gl_guest *gg)
{
  gl_md_vector_free (&gg->md);
  string_vector_free (&gg->locked);
  for (size_t i = 0; i < gg->fs.len; ++i)
    free_fs (&gg->fs.ptr[i]);
  gl_fs_vector_reset (&gg->fs);
  string_vector_free (&gg->warnings);
}

/* Inspection's mounts that fail are no facts of the guest: debug
 * output only, never in the report. */
static void
debug_note (void *opaque, enum gl_note_kind kind, const char *msg)
{
  (void) kind;
  gl_debug ("%s: %s", (const char *) opaque, msg);
}

/* Mount WANT (N of them, the handle's names) read-only below the root
 * inspected (mounted on "/" already), nothing vital: how many mounted. */
static int
mount_below_root (struct gl_guest *gg, const struct gl_mount_want *want, size_t n)
{
  const struct gl_mount_tree tree = {
    .mounts = want, .n_mounts = n, .readonly = true, .through_symlinks = true,
    .note = { debug_note, (void *) gg->image },
  };
  return gl_mount_tree (gg->io, &tree, NULL);
}

/* CoreOS / Flatcar Container Linux: a root without /etc/fstab whose
 * /usr is a partition of its own (USR-A or USR-B), found by what it
 * holds (is_coreos_usr).  The rules are libguestfs's, so that the same
 * roots are found. */
static bool
is_coreos_root (struct gl_guest_io *io)
{
  return gl_guest_is_dir (io, "/etc") && gl_guest_is_dir (io, "/root") &&
    gl_guest_is_dir (io, "/home") && gl_guest_is_dir (io, "/usr") &&
    gl_guest_is_file (io, "/etc/coreos/update.conf");
}

/* Mounted at /usr: is it a CoreOS /usr? */
static bool
is_coreos_usr (struct gl_guest_io *io)
{
  return gl_guest_is_dir (io, "/usr/bin") && gl_guest_is_dir (io, "/usr/share") &&
    gl_guest_is_dir (io, "/usr/local") && gl_guest_is_dir (io, "/usr/share/coreos");
}

/* Kinds of filesystem that never hold a /usr or a root. */
static bool
is_container_or_swap (const char *type)
{
  static const char *const kinds[] = {
    "swap", "unknown", "crypto_LUKS", "LVM2_member", "linux_raid_member", NULL
  };
  for (size_t i = 0; kinds[i]; ++i)
    if (strcmp (type, kinds[i]) == 0)
      return true;
  return false;
}

/* The version (major, minor) of the CoreOS /usr mounted at /usr, read as
 * libguestfs reads it: its lib/os-release, else share/coreos/lsb-release;
 * (0, 0) when neither gives one. */
static void
coreos_usr_version (struct gl_guest_io *io, int *major, int *minor)
{
  size_t len;
  CLEANUP_FREE char *osr = gl_guest_read (io, "/usr/lib/os-release", GL_DISTRO_MAX_BYTES, &len);
  CLEANUP_FREE char *lsb = osr ? NULL :
    gl_guest_read (io, "/usr/share/coreos/lsb-release", GL_DISTRO_MAX_BYTES, &len);
  struct gl_release_files files = { .text = { NULL } };
  files.text[GL_REL_OS_RELEASE] = osr;
  files.text[GL_REL_LSB] = lsb;
  struct gl_distro d;
  *major = *minor = 0;
  if (gl_distro_detect (&files, &d) == 0)
    *major = d.major, *minor = d.minor;
  gl_distro_free (&d);
}

/* A CoreOS root (mounted at /, no fstab): its /usr is, among the
 * guest's other filesystems holding a CoreOS /usr (USR-A and USR-B once
 * an update was written), the one with the higher version, the first
 * of equal ones (libguestfs's choice: the active one is the newer).  It
 * is mounted at /usr and becomes the mount point "/usr".  Each try
 * remounts the root: mounts come off all at once. */
static void
mount_coreos_usr (struct gl_guest *gg, struct gl_os *os)
{
  struct gl_guest_io *io = gg->io;
  const char *best = NULL;
  int best_major = 0, best_minor = 0;
  for (size_t i = 0; i < gg->fs.len; ++i) {
    const struct gl_fs *f = &gg->fs.ptr[i];
    if (strcmp (f->mountable, os->root) == 0 || is_container_or_swap (f->type))
      continue;
    if (gl_guest_mount_ro (io, f->mountable, "/usr", NULL) == -1)
      continue;
    if (is_coreos_usr (io)) {
      int major, minor;
      coreos_usr_version (io, &major, &minor);
      if (!best || major > best_major || (major == best_major && minor > best_minor))
        best = f->mountable, best_major = major, best_minor = minor;
    }
    gl_guest_umount_all (io, NULL);
    if (gl_guest_mount_ro (io, os->root, "/", NULL) == -1)
      return;
  }
  /* Under the guest's own name (the appliance's may be another). */
  const struct gl_mount_want usr = { "/usr", best };
  if (best && mount_below_root (gg, &usr, 1) == 1)
    gl_os_add_filesystem (gg, os, "/usr", best);
}

const char *
gl_guest_root_kind (struct gl_guest *gg)
{
  struct gl_guest_io *io = gg->io;
  if (gl_guest_is_dir (io, "/etc") &&
      (gl_guest_is_file (io, "/etc/fstab") || gl_guest_is_file (io, "/etc/hosts")) &&
      (gl_guest_is_dir (io, "/bin") || gl_guest_is_dir (io, "/usr/bin")))
    return "linux";
  if (is_coreos_root (io))
    return "linux";
  CLEANUP_FREE char *win = gl_guest_case_sensitive_path (io, "/windows/system32");
  if (win && gl_guest_is_dir (io, win))
    return "windows";
  return NULL;
}

static const struct gl_fs *
find_fs (struct gl_guest *gg, const char *mountable)
{
  for (size_t i = 0; i < gg->fs.len; ++i)
    if (strcmp (gg->fs.ptr[i].mountable, mountable) == 0)
      return &gg->fs.ptr[i];
  return NULL;
}

/* "/dev/mapper/vg--a-lv" -> "/dev/vg-a/lv" (device-mapper doubles '-'). */
static char *
mapper_to_lv (const char *name)
{
  char vg[256], lv[256];
  size_t v = 0, l = 0;
  const char *p = name;
  for (; *p; ++p) {
    if (p[0] == '-' && p[1] == '-') { if (v < 255) vg[v++] = '-'; p++; }
    else if (*p == '-') { p++; break; }
    else if (v < 255) vg[v++] = *p;
  }
  for (; *p && l < 255; ++p) {
    if (p[0] == '-' && p[1] == '-') { lv[l++] = '-'; p++; }
    else lv[l++] = *p;
  }
  vg[v] = lv[l] = '\0';
  if (!v || !l)
    return NULL;
  return gl_printf ("/dev/%s/%s", vg, lv);
}

/* Disk names a guest may use for its own disks, by hypervisor:
 * xvd (Xen PV), sd (SCSI/SATA), hd (IDE), vd (virtio).  Letters give the
 * disk index (a=0 ... z=25, aa=26), digits the partition. */
static const char *const disk_prefixes[] = { "/dev/xvd", "/dev/sd", "/dev/hd", "/dev/vd", NULL };

static char *
guest_disk_to_appliance (struct gl_guest *gg, const char *spec)
{
  for (size_t i = 0; disk_prefixes[i]; ++i) {
    size_t n = strlen (disk_prefixes[i]);
    if (strncmp (spec, disk_prefixes[i], n) != 0)
      continue;
    unsigned index, part;
    if (gl_drive_parse (spec, disk_prefixes[i], &index, &part) == -1
        || index >= gg->devices.len)
      return NULL;
    char num[16] = "";
    if (part)
      snprintf (num, sizeof num, "%u", part);
    return gl_printf ("%s%s", gg->devices.ptr[index], num);
  }
  /* HP Smart Array: /dev/cciss/c0d0p1 */
  unsigned ctl, disk, partn;
  char tail;
  if (sscanf (spec, "/dev/cciss/c%ud%up%u%c", &ctl, &disk, &partn, &tail) == 3 &&
      disk < gg->devices.len)
    return gl_printf ("%s%u", gg->devices.ptr[disk], partn);
  return NULL;
}

const char *
gl_guest_resolve_spec (struct gl_guest *gg, const char *spec)
{
  const char *uuid = NULL, *label = NULL;
  if (strncasecmp (spec, "UUID=", 5) == 0) uuid = spec + 5;
  else if (strncmp (spec, "/dev/disk/by-uuid/", 18) == 0) uuid = spec + 18;
  else if (strncasecmp (spec, "LABEL=", 6) == 0) label = spec + 6;
  else if (strncmp (spec, "/dev/disk/by-label/", 19) == 0) label = spec + 19;

  for (size_t i = 0; i < gg->fs.len; ++i) {
    const struct gl_fs *f = &gg->fs.ptr[i];
    if (uuid && f->uuid && strcasecmp (f->uuid, uuid) == 0)
      return f->mountable;
    if (label && f->label && strcmp (f->label, label) == 0)
      return f->mountable;
  }
  if (uuid || label)
    return NULL;

  const struct gl_fs *f = find_fs (gg, spec);
  if (f)
    return f->mountable;
  if (strncmp (spec, "/dev/mapper/", 12) == 0) {
    CLEANUP_FREE char *lv = mapper_to_lv (spec + 12);
    f = lv ? find_fs (gg, lv) : NULL;
    return f ? f->mountable : NULL;
  }
  CLEANUP_FREE char *dev = guest_disk_to_appliance (gg, spec);
  f = dev ? find_fs (gg, dev) : NULL;
  return f ? f->mountable : NULL;
}

/* Filesystems mounted for inspection besides /: the kernels and boot
 * configs live in /boot, modules may live in /usr (merged /usr). */
static const char *const inspected_mountpoints[] = { "/usr", "/boot", NULL };

char *
gl_guest_btrfsvol (const char *dev, const char *subvol, size_t len)
{
  if (len == 0 || len > GL_SUBVOLUME_MAX)
    return NULL;
  for (size_t i = 0; i < len; ++i) {
    unsigned char c = (unsigned char) subvol[i];
    if (c < 0x20 || c == 0x7f || c == ',' || c == '\\')
      return NULL;
  }
  return gl_printf ("btrfsvol:%s/%.*s", dev, (int) len, subvol);
}

/* The subvolume a btrfs fstab entry names ("subvol=PATH" among its
 * options): "btrfsvol:DEVICE/PATH", PATH as fstab writes it (libguestfs
 * keeps a leading slash: subvol=/@home is "btrfsvol:/dev/sda1//@home").
 * NULL when there is none (the whole filesystem) or it cannot be named. */
static char *
btrfs_subvolume_mountable (const char *dev, const char *vfstype, const char *options)
{
  if (strcmp (vfstype, "btrfs") != 0 || !options)
    return NULL;
  for (const char *o = options; o && *o; ) {
    const char *end = strchrnul (o, ',');
    if (strncmp (o, "subvol=", 7) == 0 && end > o + 7)
      return gl_guest_btrfsvol (dev, o + 7, (size_t) (end - o - 7));
    o = *end ? end + 1 : end;
  }
  return NULL;
}

/* fstab entries libguestfs leaves out by their device: floppies,
 * CD-ROMs, installation media. */
static bool
removable_spec (const char *spec)
{
  static const char *const exact[] = { "/dev/floppy", "/dev/cdrom", NULL };
  for (size_t i = 0; exact[i]; ++i)
    if (strcmp (spec, exact[i]) == 0)
      return true;
  return ((strncmp (spec, "/dev/fd", 7) == 0 || strncmp (spec, "/dev/cd", 7) == 0) &&
          isdigit ((unsigned char) spec[7])) ||
    strncmp (spec, "/dev/iso9660/", 13) == 0;
}

/* ... and by their mount point: pseudo and removable media trees. */
static bool
skipped_mountpoint (const char *mp)
{
  static const char *const trees[] = { "/dev", "/media", "/proc", "/selinux", "/sys", NULL };
  for (size_t i = 0; trees[i]; ++i) {
    size_t n = strlen (trees[i]);
    if (strncmp (mp, trees[i], n) == 0 && (mp[n] == '\0' || mp[n] == '/'))
      return strcmp (trees[i], "/media") != 0 || mp[n] == '/';
  }
  return false;
}

/* "///usr//local//" -> "/usr/local" (a path that does not start with
 * '/', "swap" or "none", is kept as written). */
static char *
canonical_mountpoint (const char *file)
{
  if (file[0] != '/')
    return strdup (file);
  char *out = malloc (strlen (file) + 1);
  if (!out)
    return NULL;
  size_t o = 0;
  for (const char *p = file; *p; ++p)
    if (*p != '/' || o == 0 || out[o-1] != '/')
      out[o++] = *p;
  while (o > 1 && out[o-1] == '/')
    o--;
  out[o] = '\0';
  return out;
}

/* The name a device of fstab has for the guest alone when it is none of
 * its filesystems: a disk name of any hypervisor (xvd, sd, hd, vd;
 * cciss) becomes the sdX name of the guest's disk of that index,
 * whether or not the guest has it (libguestfs keeps /dev/sdb1 for
 * /dev/xvdb1 on a one-disk guest); any other name stays as written. */
static char *
fstab_name_as_is (const char *spec)
{
  unsigned index, part;
  for (size_t i = 0; disk_prefixes[i]; ++i)
    if (strncmp (spec, disk_prefixes[i], strlen (disk_prefixes[i])) == 0 &&
        gl_drive_parse (spec, disk_prefixes[i], &index, &part) == 0) {
      char letters[GL_DRIVE_LETTERS_MAX], num[16] = "";
      gl_drive_letters (index, letters);
      if (part)
        snprintf (num, sizeof num, "%u", part);
      return gl_printf ("/dev/sd%s%s", letters, num);
    }
  unsigned ctl, disk, partn;
  char tail;
  if (sscanf (spec, "/dev/cciss/c%ud%up%u%c", &ctl, &disk, &partn, &tail) == 3) {
    char letters[GL_DRIVE_LETTERS_MAX];
    gl_drive_letters (disk, letters);
    return gl_printf ("/dev/sd%s%u", letters, partn);
  }
  return strdup (spec);
}

static int
add_fs_name (struct gl_os *os, const char *mountpoint, char *name)
{
  if (!name)
    return -1;
  if (string_vector_add_unique (&os->filesystems, name) == -1) {
    free (name);
    return -1;
  }
  if (!mountpoint || mountpoint[0] != '/') {
    free (name);
    return 0;
  }
  struct gl_mountpoint mp = { strdup (mountpoint), name };
  if (!mp.mountpoint || gl_mountpoint_vector_append (&os->mountpoints, mp) == -1) {
    free (mp.mountpoint);
    free (name);
    return -1;
  }
  return 0;
}

int
gl_os_add_filesystem (struct gl_guest *gg, struct gl_os *os,
                      const char *mountpoint, const char *device)
{
  return add_fs_name (os, mountpoint, guest_name (gg, device));
}

int
gl_os_add_filesystem_as_is (struct gl_os *os, const char *mountpoint,
                            const char *device)
{
  return add_fs_name (os, mountpoint, strdup (device));
}

/* One fstab entry into os->filesystems and os->mountpoints, by
 * libguestfs's rules (swap, and devices on disks the guest lacks,
 * included); its appliance name in *mount_dev when the entry is one of
 * this guest's filesystems (what may be mounted).  MDCONF: the guest's
 * mdadm.conf files, or NULL. */
static int
add_fstab_entry (struct gl_guest *gg, struct gl_os *os,
                 const struct gl_fstab_entry *e, const char *mdconf,
                 char **mount_dev)
{
  *mount_dev = NULL;
  if (removable_spec (e->spec))
    return 0;
  CLEANUP_FREE char *mp = canonical_mountpoint (e->file);
  if (!mp)
    return -1;
  /* "/" is the root inspected, already there. */
  if (skipped_mountpoint (mp) || strcmp (mp, "/") == 0)
    return 0;
  bool by_id = strncasecmp (e->spec, "UUID=", 5) == 0 || strncasecmp (e->spec, "LABEL=", 6) == 0 ||
    strncmp (e->spec, "/dev/disk/by-uuid/", 18) == 0 || strncmp (e->spec, "/dev/disk/by-label/", 19) == 0;
  /* fstab may name arrays as mdadm.conf does ("/dev/md0"): mapped to
   * the guest's arrays through the UUIDs there, as libguestfs does. */
  const char *md = mdconf ? gl_md_from_conf (gg, mdconf, e->spec) : NULL;
  const char *dev = strcmp (e->spec, "/dev/root") == 0 ? os->root
    : gl_guest_resolve_spec (gg, md ? md : e->spec);
  /* A UUID or label no filesystem of the guest has, or a pseudo
   * filesystem (tmpfs, proc, a network share): left out. */
  if (!dev && (by_id || strncmp (e->spec, "/dev/", 5) != 0))
    return 0;
  if (dev) {
    CLEANUP_FREE char *sub = btrfs_subvolume_mountable (dev, e->vfstype, e->options);
    const char *m = sub ? sub : dev;
    if (mp[0] == '/' && !(*mount_dev = strdup (m)))
      return -1;
    return gl_os_add_filesystem (gg, os, mp, m);
  }
  CLEANUP_FREE char *name = fstab_name_as_is (e->spec);
  if (!name)
    return -1;
  CLEANUP_FREE char *sub = btrfs_subvolume_mountable (name, e->vfstype, e->options);
  return gl_os_add_filesystem_as_is (os, mp, sub ? sub : name);
}

int
gl_guest_mount_os (struct gl_guest *gg, struct gl_os *os)
{
  struct gl_guest_io *io = gg->io;
  if (gl_os_add_filesystem (gg, os, "/", os->root) == -1)
    return -1;

  size_t len;
  CLEANUP_FREE char *text = gl_os_read (gg, os, "/etc/fstab", GL_GUEST_SMALL_MAX, &len);
  if (!text) {
    if (is_coreos_root (io))
      mount_coreos_usr (gg, os);
    return 0;
  }
  gl_fstab tab = empty_vector;
  if (gl_fstab_parse (text, len, &tab) == -1)
    return -1;

  /* fstab may name arrays as mdadm.conf does ("/dev/md0"): mapped to
   * the guest's arrays through the UUIDs there, as libguestfs does. */
  CLEANUP_FREE char *mdconf = NULL;
  if (gg->md.len) {
    size_t l1 = 0, l2 = 0;
    CLEANUP_FREE char *c1 = gl_os_read (gg, os, "/etc/mdadm.conf", GL_GUEST_SMALL_MAX, &l1);
    CLEANUP_FREE char *c2 = gl_os_read (gg, os, "/etc/mdadm/mdadm.conf", GL_GUEST_SMALL_MAX, &l2);
    mdconf = gl_printf ("%s\n%s", c1 ? c1 : "", c2 ? c2 : "");
  }

  /* Each entry costs a lookup over the filesystems and may add a mount
   * point to the report.  The appliance names of what may be mounted
   * (/usr, /boot) are kept aside: the report has the guest's names. */
  if (tab.len > GL_MAX_FSTAB_ENTRIES)
    gl_os_warn (os, "/etc/fstab: %zu entries; only the first %d (the bound) "
                "were read", tab.len, GL_MAX_FSTAB_ENTRIES);
  gl_mountpoint_vector mounts = empty_vector;
  for (size_t i = 0; i < tab.len && i < GL_MAX_FSTAB_ENTRIES; ++i) {
    const struct gl_fstab_entry *e = &tab.ptr[i];
    if (gl_is_xen_disk_device (e->spec))
      string_vector_add_unique (&os->xen.fstab_devices, e->spec);
    if (strncmp (e->spec, "/dev/", 5) == 0 &&
        (strcmp (e->file, "/") == 0 || strcmp (e->vfstype, "swap") == 0))
      string_vector_add_unique (&os->fstab_boot_devices, e->spec);
    char *dev;
    if (add_fstab_entry (gg, os, e, mdconf, &dev) == -1 || !dev)
      continue;
    struct gl_mountpoint m = { canonical_mountpoint (e->file), dev };
    if (!m.mountpoint || gl_mountpoint_vector_append (&mounts, m) == -1) {
      free (m.mountpoint);
      free (dev);
    }
  }
  /* Mounted in table order ("/usr" before "/boot" is harmless: neither
   * nests in the other); the first entry of a mount point wins. */
  struct gl_mount_want want[sizeof inspected_mountpoints / sizeof inspected_mountpoints[0]];
  size_t n = 0;
  for (size_t k = 0; inspected_mountpoints[k]; ++k)
    for (size_t i = 0; i < mounts.len; ++i)
      if (strcmp (mounts.ptr[i].mountpoint, inspected_mountpoints[k]) == 0) {
        want[n++] = (struct gl_mount_want) { mounts.ptr[i].mountpoint,
                                             mounts.ptr[i].device };
        break;
      }
  mount_below_root (gg, want, n);
  for (size_t i = 0; i < mounts.len; ++i) {
    free (mounts.ptr[i].mountpoint);
    free (mounts.ptr[i].device);
  }
  gl_mountpoint_vector_reset (&mounts);
  gl_fstab_free (&tab);
  return 0;
}

void
gl_guest_umount (struct gl_guest *gg)
{
  gl_guest_umount_all (gg->io, NULL);
}
