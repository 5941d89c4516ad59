/* Unit tests for common/bootloader's device-name map (devmap.c) and
 * kernel command line edits (boot-cmdline.c): any name to any name, whole
 * disks and partitions, and the words of a command line. */
#include <config.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "boot-cmdline.h"
#include "devmap.h"
#include "tap.h"

static struct gl_devmap map = GL_DEVMAP_INIT;

static char *
lookup (const char *name)
{
  char *out = NULL;
  if (gl_devmap_lookup (&map, name, strlen (name), &out, NULL) == -1)
    abort ();
  return out;
}

static char *
rename_in (const struct gl_devmap *m, const char *s)
{
  char *out = NULL;
  if (gl_devmap_rename_in (m, s, strlen (s), &out, NULL) == -1)
    abort ();
  return out;
}

static char *
edit (const struct gl_devmap *m, const char *s, const char *console)
{
  char *out = NULL;
  if (gl_cmdline_edit (s, strlen (s), m, console, &out, NULL) == -1)
    abort ();
  return out;
}

static void
test_devmap (void)
{
  struct gl_err err = GL_ERR_INIT;
  /* A xen-tools guest: the filesystem disk.img is xvda2, swap.img xvda1. */
  ok (gl_devmap_add (&map, "xvda2", "vda", NULL) == 0 &&
      gl_devmap_add (&map, "xvda1", "vdb", NULL) == 0, "partition-level names map to disks");
  ok (gl_devmap_add (&map, "xvdb", "vdc", NULL) == 0, "a whole disk maps to a disk");
  ok (gl_devmap_add (&map, "sda", "nvme0n1", NULL) == 0, "a disk maps to an NVMe namespace");
  ok (gl_devmap_add (&map, "xvda2", "vdz", NULL) == 0, "a name given twice is accepted");
  ok (gl_devmap_add (&map, "bad/name", "vda", &err) == -1 && err.errnum == EINVAL,
      "a name with a slash is refused");
  gl_err_clear (&err);
  ok (gl_devmap_add_prefix (&map, "hd", "sd1", &err) == -1 && err.errnum == EINVAL,
      "a prefix with a digit is refused");
  gl_err_clear (&err);

  CHECK (lookup ("xvda2"), "vda", "xvda2 -> vda (as written)");
  CHECK (lookup ("xvda1"), "vdb", "xvda1 -> vdb");
  CHECK (lookup ("xvdb"), "vdc", "xvdb -> vdc");
  CHECK (lookup ("xvdb3"), "vdc3", "a partition follows its disk: xvdb3 -> vdc3");
  CHECK (lookup ("sda2"), "nvme0n1p2", "a disk ending in a digit takes 'p' before the partition");
  CHECK (lookup ("xvda3"), NULL, "an unmapped name stays (no prefix rule)");
  CHECK (lookup ("xvda"), NULL, "the disk of mapped partitions is not mapped itself");

  ok (gl_devmap_add_prefix (&map, "xvd", "vd", NULL) == 0, "today's prefix rule");
  CHECK (lookup ("xvda2"), "vda", "an exact name wins over the rule (its first mapping kept)");
  CHECK (lookup ("xvdaa12"), "vdaa12", "the rule: xvdaa12 -> vdaa12");
  CHECK (lookup ("xvdc"), "vdc", "the rule on a whole disk");
  CHECK (lookup ("xvd"), NULL, "a bare prefix is no device");
  CHECK (lookup ("xvda1x"), NULL, "junk after the partition: not a device name");

  CHECK (rename_in (&map, "root=/dev/xvda2 resume=/dev/xvda1 x=/dev/xvdb3"),
         "root=/dev/vda resume=/dev/vdb x=/dev/vdc3", "every token in a string");
  CHECK (rename_in (&map, "header=\"/dev/xvdc\",discard"), "header=\"/dev/vdc\",discard",
         "inside quotes, before a comma");
  CHECK (rename_in (&map, "/srv/dev/xvda /dev/xvda1p /dev/xvda1/x /dev/mapper/vg-root"), NULL,
         "only whole /dev/NAME tokens");
  CHECK (rename_in (NULL, "/dev/xvda1"), NULL, "no map: nothing renamed");
}

static void
test_cmdline (void)
{
  CHECK (edit (&map, "ro root=/dev/xvda2 console=xvc0", "ttyS0"),
         "ro root=/dev/vda console=ttyS0", "root renamed by the map, xvc0 replaced by ttyS0");
  CHECK (edit (&map, "console=hvc0  root=/dev/xvda1   ro", "ttyS0"),
         "root=/dev/vdb   ro console=ttyS0",
         "a dropped first argument takes the blanks after it, others keep theirs");
  CHECK (edit (&map, "quiet console=hvc0 xencons=tty", NULL), "quiet",
         "no console asked: the Xen ones still go, none is added");
  CHECK (edit (&map, "ro console=ttyS0,115200n8", "ttyS0"), "ro console=ttyS0,115200n8",
         "the console is not added twice");
  CHECK (edit (&map, "", "ttyS0"), "console=ttyS0", "an empty line gets the console");
  CHECK (edit (&map, "ro console=/dev/xvda1", "ttyS0"), "ro console=/dev/xvda1 console=ttyS0",
         "console= words are not device renames");

  static const char *const drop[] = { "xenblk", NULL };
  static const char *const add[] = { "virtio_blk", "virtio_pci", "virtio_blk", NULL };
  char *out = NULL;
  ok (gl_word_list_edit ("xenblk processor", 16, drop, add, &out, NULL) == 0, "a word list");
  is_str (out, "processor virtio_blk virtio_pci", "dropped, and the missing appended once");
  free (out);
}

int
main (void)
{
  test_devmap ();
  test_cmdline ();
  gl_devmap_free (&map);
  return tap_done ();
}
