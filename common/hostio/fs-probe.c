/* guestlift: what is on a device, as blkid says it (see fs-probe.h).
 *
 * libblkid's superblock chain (TYPE, UUID, LABEL; the partition chain
 * off: partitions are partwalk's) runs over the range's own descriptor
 * when it has one.  A range without one (a qemu format read through
 * NBD, a logical volume) is copied into a sparse memfd of its size: its
 * first 2 MiB and its last 1 MiB, because every signature libblkid
 * looks for lies there -- at the start (most filesystems, swap, LVM2,
 * LUKS, md 1.1/1.2: the first 64 KiB; btrfs 64 KiB; iso9660 and UDF
 * anchors 32 KiB-128 KiB; VMFS 1 MiB) or at the end (md 0.90/1.0, the
 * firmware RAIDs, ZFS's last labels, UDF's end anchors: the last
 * 1 MiB).  What libblkid finds only by following a pointer out of those
 * areas (the label of a vfat, exFAT or NTFS filesystem, kept in a
 * directory or the MFT; UDF's volume descriptors) would be missed in a
 * copy, so on that path only the types whose TYPE, UUID and LABEL all
 * come from the copied areas are answered; any other TYPE is ENOTSUP.
 */
#include <config.h>

#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include <blkid.h>

#include "cleanup.h"
#include "fs-probe.h"

#define HEAD_BYTES (2u << 20)
#define TAIL_BYTES (1u << 20)
#define COPY_CHUNK (256u << 10)

/* Types whose TYPE, UUID and LABEL libblkid reads from the head or the
 * tail alone (the memfd path answers these only). */
static const char *const copy_complete[] = {
  "ext2", "ext3", "ext4", "ext4dev", "jbd", "swap", "swsuspend",
  "LVM2_member", "LVM1_member", "xfs", "btrfs", "linux_raid_member",
  "crypto_LUKS", "zfs_member", "ddf_raid_member", "hpt37x_raid_member",
  "adaptec_raid_member", "hpt45x_raid_member", "isw_raid_member",
  "jmicron_raid_member", "lsi_mega_raid_member", "nvidia_raid_member",
  "promise_fasttrack_raid_member", "silicon_medley_raid_member",
  "via_raid_member", NULL,
};

/* The firmware RAID formats libblkid looks for only on a whole disk (or
 * a regular file): on a partition the appliance's blkid (on /dev/sdXN)
 * skips them, and so must a probe through an image file's descriptor. */
static const char *const whole_disk_only[] = {
  "adaptec_raid_member", "hpt45x_raid_member", "isw_raid_member",
  "jmicron_raid_member", "lsi_mega_raid_member", "nvidia_raid_member",
  "promise_fasttrack_raid_member", "silicon_medley_raid_member",
  "via_raid_member", NULL,
};

static void
cleanup_probe (void *ptr)
{
  blkid_probe pr = *(blkid_probe *) ptr;
  if (pr)
    blkid_free_probe (pr);
}

/* Copy [OFF, OFF + LEN) of DEV into FD at the same offset. */
static int
copy_area (const struct gl_range *dev, int fd, uint64_t off, uint64_t len,
           struct gl_err *err)
{
  CLEANUP_FREE char *buf = malloc (COPY_CHUNK);
  if (buf == NULL)
    return gl_err_set (err, ENOMEM, "out of memory");
  while (len > 0) {
    size_t n = len < COPY_CHUNK ? (size_t) len : COPY_CHUNK;
    if (gl_range_pread (dev, buf, n, off, err) == -1)
      return -1;
    for (size_t done = 0; done < n; ) {
      ssize_t w = pwrite (fd, buf + done, n - done, (off_t) (off + done));
      if (w == -1) {
        if (errno == EINTR)
          continue;
        return gl_err_errno (err, "copy of the device's ends");
      }
      done += (size_t) w;
    }
    off += n;
    len -= n;
  }
  return 0;
}

/* A sparse memfd holding DEV's head and tail: the descriptor, or -1
 * with err. */
static int
ends_memfd (const struct gl_range *dev, struct gl_err *err)
{
  int fd = memfd_create ("guestlift-fs-probe", MFD_CLOEXEC);
  if (fd == -1)
    return gl_err_errno (err, "memfd_create");
  uint64_t head = dev->size < HEAD_BYTES ? dev->size : HEAD_BYTES;
  uint64_t tail_start = dev->size > TAIL_BYTES ? dev->size - TAIL_BYTES : 0;
  if (tail_start < head)
    tail_start = head;
  if (ftruncate (fd, (off_t) dev->size) == -1) {
    gl_err_errno (err, "memfd of %llu bytes", (unsigned long long) dev->size);
    goto fail;
  }
  if (copy_area (dev, fd, 0, head, err) == -1 ||
      copy_area (dev, fd, tail_start, dev->size - tail_start, err) == -1)
    goto fail;
  return fd;
 fail:
  close (fd);
  return -1;
}

static bool
in_list (const char *const *list, const char *s)
{
  for (size_t i = 0; list[i]; i++)
    if (strcmp (list[i], s) == 0)
      return true;
  return false;
}

/* NAME's value from PR, malloc'd, NULL when absent or empty. */
static int
lookup (blkid_probe pr, const char *name, char **out, struct gl_err *err)
{
  const char *data;
  size_t len;

  *out = NULL;
  if (blkid_probe_lookup_value (pr, name, &data, &len) != 0 || data == NULL ||
      data[0] == '\0')
    return 0;
  *out = strdup (data);
  if (*out == NULL)
    return gl_err_set (err, ENOMEM, "out of memory");
  return 0;
}

static int
probe (const struct gl_range *dev, bool partition, struct gl_blkid *out,
       struct gl_err *err)
{
  CLEANUP_CLOSE int copy = -1;
  __attribute__ ((cleanup (cleanup_probe))) blkid_probe pr = NULL;
  int fd;
  uint64_t off;

  out->type = out->uuid = out->label = NULL;
  /* libblkid reads a size of 0 as "to the end of the file". */
  if (dev->size == 0)
    return 0;
  if (dev->size > INT64_MAX)
    return gl_err_set (err, EFBIG, "a device of %llu bytes",
                       (unsigned long long) dev->size);
  if (dev->fd >= 0) {
    fd = dev->fd;
    off = dev->fd_offset;
  }
  else {
    copy = ends_memfd (dev, err);
    if (copy == -1)
      return -1;
    fd = copy;
    off = 0;
  }

  pr = blkid_new_probe ();
  if (pr == NULL)
    return gl_err_set (err, ENOMEM, "blkid_new_probe failed");
  if (blkid_probe_set_device (pr, fd, (blkid_loff_t) off,
                              (blkid_loff_t) dev->size) != 0)
    return gl_err_set (err, EIO, "libblkid cannot use the device (%llu bytes "
                       "at byte %llu)", (unsigned long long) dev->size,
                       (unsigned long long) off);
  blkid_probe_enable_partitions (pr, 0);
  blkid_probe_enable_superblocks (pr, 1);
  blkid_probe_set_superblocks_flags (pr, BLKID_SUBLKS_TYPE | BLKID_SUBLKS_UUID |
                                     BLKID_SUBLKS_LABEL);
  if (partition &&
      blkid_probe_filter_superblocks_type (pr, BLKID_FLTR_NOTIN,
                                           (char **) whole_disk_only) != 0)
    return gl_err_set (err, ENOMEM, "libblkid: cannot filter types");

  int r = blkid_do_safeprobe (pr);
  if (r == -1)
    return gl_err_set (err, EIO, "libblkid could not probe the device");
  if (r != 0)     /* 1: nothing; -2: ambivalent (blkid -p says no TYPE) */
    return 0;

  CLEANUP_FREE char *type = NULL, *uuid = NULL, *label = NULL;
  if (lookup (pr, "TYPE", &type, err) == -1 || lookup (pr, "UUID", &uuid, err) == -1 ||
      lookup (pr, "LABEL", &label, err) == -1)
    return -1;
  if (type && copy >= 0 && !in_list (copy_complete, type))
    return gl_err_set (err, ENOTSUP, "a %s filesystem read from a copy of "
                       "the device's ends (no descriptor): its UUID or LABEL "
                       "may lie elsewhere", type);
  out->type = GL_STEAL (type);
  out->uuid = GL_STEAL (uuid);
  out->label = GL_STEAL (label);
  return 0;
}

int
gl_fs_probe (const struct gl_range *dev, struct gl_blkid *out,
             struct gl_err *err)
{
  return probe (dev, false, out, err);
}

int
gl_fs_probe_partition (const struct gl_range *dev, struct gl_blkid *out,
                       struct gl_err *err)
{
  return probe (dev, true, out, err);
}
