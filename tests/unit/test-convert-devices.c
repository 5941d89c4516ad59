/* Unit tests for convert/devices.c: the map from the source's disk names
 * (the Xen config's, or the defaults) to the target's, which disk of the
 * config each IMAGE is, and the root= that names no disk. */
#include <config.h>

#include <stdlib.h>
#include <string.h>

#include "cleanup.h"
#include "devices.h"
#include "tap.h"

/* NAME renamed by M, or "-" when M leaves it. */
static char *
lookup (const struct gl_devmap *m, const char *name)
{
  char *out = NULL;
  int r = gl_devmap_lookup (m, name, strlen (name), &out, NULL);
  return r == 1 ? out : strdup ("-");
}

#define MAPS(m, from, to, msg) do {                 \
    CLEANUP_FREE char *got_ = lookup ((m), (from));   \
    is_str (got_, (to), "%s: %s -> %s", (msg), (from), (to)); \
  } while (0)

/* Same file: the same string, for the tests. */
static int
same_name (const char *a, const char *b)
{
  return strcmp (a, b) == 0;
}

static void
add_disk (struct gl_source_config *sc, const char *path, const char *vdev,
          enum gl_disk_device dev)
{
  struct gl_source_disk d = { .path = path ? strdup (path) : NULL,
                              .target = strdup (vdev), .device = dev };
  gl_source_disk_vector_append (&sc->disks, d);
}

int
main (void)
{
  const struct gl_target_profile *kvm = gl_target_parse ("kvm");
  const struct gl_target_profile *hvm = gl_target_parse ("xen-hvm");
  const struct gl_target_profile *pv = gl_target_parse ("xen-pv");
  CLEANUP_ERR struct gl_err e = GL_ERR_INIT;

  /* xen-tools: disk.img is the filesystem xvda2, swap.img is xvda1. */
  {
    const char *names[] = { "xvda2", "xvda1" };
    struct gl_devmap m = GL_DEVMAP_INIT;
    ok (gl_devices_map (kvm, names, 2, &m, &e) == 0, "xen-tools map built");
    MAPS (&m, "xvda2", "vda", "a whole-disk filesystem");
    MAPS (&m, "xvda1", "vdb", "the second disk");
    MAPS (&m, "xvda", "-", "a disk the guest never had");
    MAPS (&m, "xvdz9", "-", "no such disk");
    MAPS (&m, "sda2", "vda", "its SCSI spelling");
    MAPS (&m, "hda1", "vdb", "its IDE spelling");
    gl_devmap_free (&m);
  }
  /* Default names in IMAGE order: whole disks, partitions follow. */
  {
    struct gl_devmap m = GL_DEVMAP_INIT;
    ok (gl_devices_map (kvm, NULL, 2, &m, &e) == 0, "default map built");
    MAPS (&m, "xvda1", "vda1", "default: a partition follows its disk");
    MAPS (&m, "xvdb", "vdb", "default: the second disk");
    MAPS (&m, "sdb3", "vdb3", "default: a P2V sdX name");
    MAPS (&m, "xvdc1", "vdc1", "default: a disk past the IMAGEs follows the prefix");
    gl_devmap_free (&m);
  }
  /* An HVM guest's hda keeps its number; names as written win. */
  {
    const char *names[] = { "hda", "xvda" };
    struct gl_devmap m = GL_DEVMAP_INIT;
    ok (gl_devices_map (hvm, names, 2, &m, &e) == 0, "hvm map built");
    MAPS (&m, "hda1", "hda1", "xen-hvm: hda stays hda");
    MAPS (&m, "xvda", "hdb", "a disk named xvda keeps it (not hda's alias)");
    gl_devmap_free (&m);
  }
  {
    struct gl_devmap m = GL_DEVMAP_INIT;
    const char *names[] = { "xvda2" };
    ok (gl_devices_map (pv, names, 1, &m, &e) == 0 && gl_devmap_empty (&m),
        "xen-pv: nothing renamed");
    const char *bad[] = { "vda" };
    ok (gl_devices_map (kvm, bad, 1, &m, &e) == -1 && e.errnum == EINVAL,
        "a name that is not Xen's is refused");
    gl_devmap_free (&m);
  }

  /* root= that names no disk. */
  {
    CLEANUP_FREE char *a = gl_devices_unmapped_root ("root=/dev/vda ro resume=/dev/vdb", kvm, 2);
    ok (a == NULL, "root=/dev/vda, resume=/dev/vdb: disks of the guest");
    CLEANUP_FREE char *b = gl_devices_unmapped_root ("ro root=/dev/xvdz9 quiet", kvm, 2);
    is_str (b, "root=/dev/xvdz9", "an unmapped Xen name");
    CLEANUP_FREE char *c = gl_devices_unmapped_root ("root=/dev/vdc1", kvm, 2);
    is_str (c, "root=/dev/vdc1", "a third disk of a two-disk guest");
    CLEANUP_FREE char *d = gl_devices_unmapped_root ("root=UUID=x root=/dev/mapper/vg-root", kvm, 1);
    ok (d == NULL, "UUID= and /dev/mapper are not judged");
  }

  /* Which config disk each IMAGE is. */
  {
    struct gl_source_config sc = { 0 };
    add_disk (&sc, "/xen/web/disk.img", "xvda2", GL_DISK_DISK);
    add_disk (&sc, "/xen/web/swap.img", "xvda1", GL_DISK_DISK);
    add_disk (&sc, NULL, "hdc", GL_DISK_CDROM);
    const char *names[3];
    const char *by_path[] = { "/xen/web/disk.img", "/xen/web/swap.img" };
    ok (gl_devices_match (&sc, by_path, 2, NULL, same_name, names, &e) == 0 &&
        strcmp (names[0], "xvda2") == 0 && strcmp (names[1], "xvda1") == 0,
        "the same files: their vdevs");
    const char *by_base[] = { "/copy/swap.img", "/copy/disk.img" };
    ok (gl_devices_match (&sc, by_base, 2, NULL, same_name, names, &e) == 0 &&
        strcmp (names[0], "xvda1") == 0 && strcmp (names[1], "xvda2") == 0,
        "the same file names, given in another order");
    const char *by_order[] = { "/a.qcow2", "/b.qcow2" };
    ok (gl_devices_match (&sc, by_order, 2, NULL, same_name, names, &e) == 0 &&
        strcmp (names[0], "xvda2") == 0 && strcmp (names[1], "xvda1") == 0,
        "other names: in the config's order");
    const char *one[] = { "/xen/web/disk.img" };
    int r = gl_devices_match (&sc, one, 1, NULL, same_name, names, &e);
    const char *msg = gl_err_msg (&e, "");
    ok (r == -1 && strstr (msg, "xvda1") && strstr (msg, "--drop-disk"),
        "a config disk without its IMAGE: refused, naming it (%s)", msg);
    const char *drop[] = { "xvda1", NULL };
    ok (gl_devices_match (&sc, one, 1, drop, same_name, names, &e) == 0 &&
        strcmp (names[0], "xvda2") == 0, "... unless dropped");
    const char *three[] = { "/a", "/b", "/c" };
    ok (gl_devices_match (&sc, three, 3, NULL, same_name, names, &e) == -1,
        "an IMAGE the config does not have: refused");
    size_t n;
    const char **from = gl_devices_from_config (&sc, NULL, &n);
    ok (from && n == 2 && strcmp (from[0], "/xen/web/disk.img") == 0 &&
        strcmp (from[1], "/xen/web/swap.img") == 0 && from[2] == NULL,
        "no IMAGE: the config's disks, CD-ROMs left out");
    free (from);
    gl_source_config_free (&sc);
  }
  return tap_done ();
}
