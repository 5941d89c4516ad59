/* guestlift: the host guest I/O (common/hostio/guest-io-host.h) through
 * guest-io.h, as the engine calls it, on images made here with sfdisk,
 * mke2fs and mkfs.vfat: the appliance's device names and order, blkid
 * with partition spans, mounts and reads, read-only refusals, and launch
 * refusing (ENOTSUP, naming the device) what it leaves to the appliance. */
#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

#include "cleanup.h"
#include "error.h"
#include "guest-io.h"
#include "guest-io-host.h"
#include "scratch.h"
#include "tap.h"

static void
write_file (const char *p, const char *text)
{
  FILE *fp = fopen (p, "w");
  if (fp) {
    fputs (text, fp);
    fclose (fp);
  }
}

/* disk.img: 64 MiB, MBR: p1 ext4 (20 MiB at 1 MiB, a small tree), p2
 * type 82 with nothing on it, p3 extended holding p5 ext2.  true when
 * made. */
static bool
make_disk (const char *img, const char *tree)
{
  const char *sfdisk[] = { "sfdisk", "-q", img, NULL };
  const char *mk1[] = { "mke2fs", "-F", "-q", "-t", "ext4", "-L", "root",
                        "-E", "offset=1048576", "-d", tree, img, "20480k", NULL };
  const char *mk5[] = { "mke2fs", "-F", "-q", "-t", "ext2", "-L", "logical",
                        "-E", "offset=32505856", "-b", "1024", img, "8192k", NULL };
  /* p5 starts one MiB into the extended partition (31 MiB). */
  return scratch_sparse (img, 64 << 20) &&
    scratch_run_input (sfdisk, "label: dos\n"
                       "start=2048, size=40960, type=83\n"
                       "start=43008, size=16384, type=82\n"
                       "start=61440, size=40960, type=5\n"
                       "start=63488, size=16384, type=83\n") &&
    scratch_run (mk1) && scratch_run (mk5);
}

static struct gl_guest_io *
open_host (struct gl_err *trouble)
{
  struct gl_host_opts o = { .allow_backing = false, .trouble = trouble };
  return gl_guest_io_host_open (&o, NULL);
}

static char *
joined (char **list)
{
  size_t n = 1;
  for (size_t i = 0; list && list[i]; ++i)
    n += strlen (list[i]) + 1;
  char *s = calloc (1, n);
  for (size_t i = 0; s && list && list[i]; ++i) {
    if (i)
      strcat (s, " ");
    strcat (s, list[i]);
  }
  return s;
}

int
main (void)
{
  if (!scratch_open ("test-guest-io-host"))
    return 1;
  CLEANUP_FREE char *tree = scratch_path ("tree"), *etc = scratch_path ("tree/etc"),
    *hostname = scratch_path ("tree/etc/hostname"), *disk = scratch_path ("disk.img"),
    *fat = scratch_path ("fat.img");
  mkdir (tree, 0755);
  mkdir (etc, 0755);
  write_file (hostname, "hostguest\n");
  const char *mkfat[] = { "mkfs.vfat", "-C", fat, "8192", NULL };
  if (!make_disk (disk, tree) || !scratch_run (mkfat)) {
    printf ("1..0 # SKIP cannot make the images (sfdisk, mke2fs, mkfs.vfat)\n");
    scratch_close ();
    return 0;
  }

  /* --- a guest the host reads --- */
  struct gl_err trouble = GL_ERR_INIT, err = GL_ERR_INIT;
  struct gl_guest_io *io = open_host (&trouble);
  ok (io != NULL, "the host guest I/O opens");
  ok (gl_guest_add_drive (io, disk, "raw", false, &err) == -1 && err.errnum == EROFS,
      "a read-write drive is refused (EROFS)");
  gl_err_clear (&err);
  ok (gl_guest_add_drive (io, disk, "raw", true, &err) == 0, "a read-only drive is taken");
  ok (gl_guest_launch (io, &err) == 0, "launch: ext4, ext2, nothing (%s)",
      gl_err_msg (&err, "no error"));
  ok (!gl_guest_writable (io), "it is not writable");

  CLEANUP_FREE_STRING_LIST char **devs = gl_guest_list_devices (io, NULL);
  CLEANUP_FREE_STRING_LIST char **parts = gl_guest_list_partitions (io, NULL);
  CLEANUP_FREE char *d = joined (devs), *p = joined (parts);
  is_str (d, "/dev/sda", "list_devices");
  is_str (p, "/dev/sda1 /dev/sda2 /dev/sda3 /dev/sda5",
          "list_partitions: primaries, the extended one, logicals from 5");

  struct gl_blkid b;
  ok (gl_guest_blkid (io, "/dev/sda1", &b, NULL) == 0, "blkid /dev/sda1");
  is_str (b.type, "ext4", "... TYPE");
  is_str (b.label, "root", "... LABEL");
  ok (b.span_known && b.part_start == 2048 && b.part_size == 40960,
      "... its span in sectors (%llu, %llu)", (unsigned long long) b.part_start,
      (unsigned long long) b.part_size);
  gl_blkid_free (&b);
  ok (gl_guest_blkid (io, "/dev/sda2", &b, NULL) == 0 && !b.type,
      "blkid /dev/sda2 (nothing on it): no TYPE");
  gl_blkid_free (&b);
  ok (gl_guest_blkid (io, "/dev/sda3", &b, NULL) == 0 && !b.type,
      "blkid /dev/sda3 (extended): no TYPE");
  gl_blkid_free (&b);
  ok (gl_guest_blkid (io, "/dev/sda5", &b, NULL) == 0 && b.type &&
      strcmp (b.type, "ext2") == 0 && b.part_start == 63488, "blkid /dev/sda5: ext2 at 63488");
  gl_blkid_free (&b);
  ok (gl_guest_blkid (io, "/dev/sdb", &b, &err) == -1, "blkid of no such device: -1");
  gl_err_clear (&err);

  CLEANUP_FREE_STRING_LIST char **lvs = gl_guest_lvs (io, NULL);
  CLEANUP_FREE_STRING_LIST char **vgs = gl_guest_vgs (io, NULL);
  ok (lvs && !lvs[0] && vgs && !vgs[0], "no LVs, no VGs");
  CLEANUP_FREE_STRING_LIST char **mds = gl_guest_md_devices (io, NULL);
  ok (mds && !mds[0], "no md arrays (none can be there)");

  unsigned char head[512];
  size_t got = 0;
  ok (gl_guest_read_device_head (io, "/dev/sda", head, sizeof head, &got, NULL) == 0 &&
      got == 512 && head[510] == 0x55 && head[511] == 0xaa, "read_device_head: the MBR");

  ok (gl_guest_mount_ro (io, "/dev/sda2", "/", &err) == -1,
      "mounting a partition with no filesystem fails");
  gl_err_clear (&err);
  ok (gl_guest_mount_rw (io, "/dev/sda1", "/", &err) == -1, "a read-write mount is refused");
  gl_err_clear (&err);
  ok (gl_guest_mount_ro (io, "/dev/sda1", "/", &err) == 0, "mount /dev/sda1 on /");
  size_t len = 0;
  CLEANUP_FREE char *h = gl_guest_read (io, "/etc/hostname", 1024, &len);
  is_str (h, "hostguest\n", "its /etc/hostname read");
  ok (gl_guest_is_dir (io, "/etc") && !gl_guest_is_file (io, "/etc/missing"),
      "probes: a directory, a missing file");
  ok (gl_guest_umount_all (io, NULL) == 0 && !gl_guest_is_dir (io, "/etc"),
      "umount_all: /etc is gone");
  ok (trouble.msg == NULL, "no trouble recorded (%s)", gl_err_msg (&trouble, "none"));
  gl_guest_io_close (io);
  gl_err_clear (&trouble);

  /* --- what it leaves to the appliance --- */
  io = open_host (NULL);
  gl_guest_add_drive (io, fat, "raw", true, NULL);
  ok (gl_guest_launch (io, &err) == -1 && err.errnum == ENOTSUP,
      "a vfat disk: launch fails with ENOTSUP");
  is_str (err.msg, "/dev/sda holds vfat", "... naming the device and what it holds");
  gl_err_clear (&err);
  gl_guest_io_close (io);

  io = open_host (NULL);
  gl_guest_add_drive (io, disk, "raw", true, NULL);
  gl_guest_add_drive (io, fat, "raw", true, NULL);
  ok (gl_guest_launch (io, &err) == -1 && err.errnum == ENOTSUP,
      "a guest whose second disk is vfat: ENOTSUP");
  is_str (err.msg, "/dev/sdb holds vfat", "... the second disk is /dev/sdb");
  gl_err_clear (&err);
  gl_guest_io_close (io);

  io = open_host (NULL);
  ok (gl_guest_launch (io, &err) == -1, "launch with no drive fails");
  gl_err_clear (&err);
  gl_guest_io_close (io);

  scratch_close ();
  return tap_done ();
}
