/* guestlift: a guest's block devices laid out on the host (see
 * host-disks.h). */
#include <config.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "blocksrc.h"
#include "cleanup.h"
#include "drive-name.h"
#include "error.h"
#include "fs-probe.h"
#include "host-disks.h"
#include "hostfs.h"
#include "lvm-meta.h"
#include "partwalk.h"

/* What the host reader reads: everything else on any device of the
 * guest sends the whole guest to the appliance.  (LVM2_member is read
 * as volume groups, below; a device with no TYPE is nothing.) */
static const char *const host_types[] = {
  "ext2", "ext3", "ext4", "swap", "LVM2_member", NULL
};

/* "sda" to "sdzz". */
#define GL_HOST_MAX_DISKS (26 * 27)

static bool
host_reads (const char *type)
{
  if (!type)
    return true;
  for (size_t i = 0; host_types[i]; ++i)
    if (strcmp (type, host_types[i]) == 0)
      return true;
  return false;
}

/* MBR extended partitions (DOS, Windows LBA, Linux): containers of the
 * logical ones, which Linux shows as a 1 KiB device without a TYPE. */
static bool
is_container (const struct gl_part *p)
{
  return p->mbr_type == 0x05 || p->mbr_type == 0x0f || p->mbr_type == 0x85;
}

static struct gl_host_dev *
add_dev (struct gl_host_disks *d, char *name, enum gl_host_dev_kind kind,
         struct gl_err *err)
{
  struct gl_host_dev **n = name ? realloc (d->dev, (d->ndev + 1) * sizeof *n) : NULL;
  struct gl_host_dev *dev = n ? calloc (1, sizeof *dev) : NULL;
  if (n)
    d->dev = n;
  if (!dev) {
    free (name);
    gl_err_set (err, ENOMEM, "out of memory");
    return NULL;
  }
  dev->name = name;
  dev->kind = kind;
  d->dev[d->ndev++] = dev;
  return dev;
}

/* One image: its whole-disk device and its partitions. */
static int
open_disk (struct gl_host_disks *d, size_t i, struct gl_err *err)
{
  const struct gl_range *disk = gl_blocksrc_range (d->src[i]);
  struct gl_host_dev *dd = add_dev (d, gl_drive_name ("/dev/sd", (unsigned) i, 0),
                                    GL_HOST_DISK, err);
  if (!dd)
    return -1;
  dd->disk = i;
  dd->range = disk;
  struct gl_parts parts = { 0 };
  if (gl_partwalk (disk, &parts, err) == -1)
    return gl_err_prefix (err, "%s", dd->name);
  int r = 0;
  for (size_t k = 0; k < parts.n && r == 0; ++k) {
    const struct gl_part *p = &parts.part[k];
    struct gl_host_dev *pd = add_dev (d, gl_drive_name ("/dev/sd", (unsigned) i, p->number),
                                      GL_HOST_PART, err);
    if (!pd) {
      r = -1;
      break;
    }
    pd->disk = i;
    pd->container = is_container (p);
    /* Linux gives an extended partition 1 KiB (2 sectors) of the disk,
     * but blkid reports its table entry's span. */
    uint64_t len = pd->container && p->size > 1024 ? 1024 : p->size;
    if (gl_range_sub (&pd->sub, disk, p->start, len, err) == -1) {
      r = gl_err_prefix (err, "%s", pd->name);
      break;
    }
    pd->range = &pd->sub.range;
    pd->id.span_known = true;
    pd->id.part_start = p->start / 512;
    pd->id.part_size = p->size / 512;
  }
  gl_parts_free (&parts);
  return r;
}

/* blkid on every disk without partitions and every partition. */
static int
probe_devices (struct gl_host_disks *d, size_t from, struct gl_err *err)
{
  for (size_t k = from; k < d->ndev; ++k) {
    struct gl_host_dev *dev = d->dev[k];
    if (dev->container)
      continue;
    /* A disk with partitions: the appliance's blkid of it says PTTYPE
     * only, and inspection never asks. */
    if (dev->kind == GL_HOST_DISK && k + 1 < d->ndev &&
        d->dev[k + 1]->kind == GL_HOST_PART && d->dev[k + 1]->disk == dev->disk)
      continue;
    struct gl_blkid b = { 0 };
    /* A partition is probed as the appliance's blkid probes /dev/sdXN; a
     * disk or an LV (device-mapper) as a whole disk. */
    int r = dev->kind == GL_HOST_PART ? gl_fs_probe_partition (dev->range, &b, err)
      : gl_fs_probe (dev->range, &b, err);
    if (r == -1)
      return gl_err_prefix (err, "%s: blkid", dev->name);
    dev->id.type = b.type;
    dev->id.uuid = b.uuid;
    dev->id.label = b.label;
    if (!host_reads (dev->id.type))
      return gl_err_set (err, ENOTSUP, "%s holds %s", dev->name, dev->id.type);
  }
  return 0;
}

/* One PV as found on a device. */
struct pv_found {
  struct gl_host_dev *dev;
  struct gl_lvm_pv pv;
};

static bool
lvm_name_ok (const char *s)
{
  if (!s || !*s || *s == '-' || strlen (s) > 127 || strcmp (s, ".") == 0 ||
      strcmp (s, "..") == 0)
    return false;
  for (; *s; ++s)
    if (!strchr ("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                 "0123456789+_.-", *s))
      return false;
  return true;
}

static int
cmp_vg (const void *a, const void *b)
{
  return strcmp (((const struct gl_lvm_vg *) a)->name, ((const struct gl_lvm_vg *) b)->name);
}

/* Map one VG's LVs (all linear, all PVs present, checked) as devices. */
static int
map_vg (struct gl_host_disks *d, const struct gl_lvm_vg *vg,
        const struct pv_found *pvs, size_t npvs, struct gl_err *err)
{
  CLEANUP_FREE const struct gl_range **ranges = calloc (vg->npv ? vg->npv : 1, sizeof *ranges);
  if (!ranges)
    return gl_err_set (err, ENOMEM, "out of memory");
  for (size_t i = 0; i < vg->npv; ++i) {
    for (size_t k = 0; k < npvs && !ranges[i]; ++k)
      if (strcmp (pvs[k].pv.uuid, vg->pv[i].uuid) == 0)
        ranges[i] = pvs[k].dev->range;
    if (!ranges[i])
      return gl_err_set (err, ENOTSUP, "volume group %s: physical volume %s is "
                         "not on this guest's disks", vg->name, vg->pv[i].uuid);
  }
  /* LVs sorted by name, as lvs lists them. */
  CLEANUP_FREE size_t *order = calloc (vg->nlv ? vg->nlv : 1, sizeof *order);
  if (!order)
    return gl_err_set (err, ENOMEM, "out of memory");
  size_t n = 0;
  for (size_t i = 0; i < vg->nlv; ++i) {
    if (!vg->lv[i].visible)
      continue;
    size_t j = n++;
    while (j > 0 && strcmp (vg->lv[order[j - 1]].name, vg->lv[i].name) > 0) {
      order[j] = order[j - 1];
      j--;
    }
    order[j] = i;
  }
  for (size_t k = 0; k < n; ++k) {
    const struct gl_lvm_lv *lv = &vg->lv[order[k]];
    if (!lvm_name_ok (lv->name))
      return gl_err_set (err, ENOTSUP, "volume group %s: a logical volume name "
                         "LVM would not make", vg->name);
    struct gl_host_dev *dev = add_dev (d, gl_printf ("/dev/%s/%s", vg->name, lv->name),
                                       GL_HOST_LV, err);
    if (!dev)
      return -1;
    if (gl_lvm_lv_range (vg, lv, (const struct gl_range *const *) ranges, &dev->lv, err) == -1)
      return gl_err_prefix (err, "%s", dev->name);
    dev->range = dev->lv;
  }
  return 0;
}

/* The newest metadata of each VG among the PVs found; every condition
 * under which the appliance's LVM could show something else is
 * ENOTSUP. */
static int
read_lvm (struct gl_host_disks *d, struct pv_found *pvs, size_t npvs,
          struct gl_err *err)
{
  for (size_t i = 0; i < npvs; ++i)
    for (size_t k = i + 1; k < npvs; ++k)
      if (strcmp (pvs[i].pv.uuid, pvs[k].pv.uuid) == 0)
        return gl_err_set (err, ENOTSUP, "%s and %s are one LVM physical volume "
                           "(the same UUID)", pvs[i].dev->name, pvs[k].dev->name);
  for (size_t i = 0; i < npvs; ++i) {
    if (!pvs[i].pv.text)
      continue;
    struct gl_lvm_vg vg = { 0 };
    if (gl_lvm_parse_text (pvs[i].pv.text, pvs[i].pv.text_len, &vg, err) == -1) {
      gl_lvm_vg_free (&vg);
      return gl_err_prefix (err, "%s: LVM metadata", pvs[i].dev->name);
    }
    /* Another PV's copy of a VG already read: keep the newer. */
    size_t v;
    for (v = 0; v < d->nvg; ++v)
      if (strcmp (d->vg[v].uuid, vg.uuid) == 0)
        break;
    if (v < d->nvg) {
      if (vg.seqno > d->vg[v].seqno) {
        gl_lvm_vg_free (&d->vg[v]);
        d->vg[v] = vg;
      }
      else
        gl_lvm_vg_free (&vg);
      continue;
    }
    struct gl_lvm_vg *n = realloc (d->vg, (d->nvg + 1) * sizeof *n);
    if (!n) {
      gl_lvm_vg_free (&vg);
      return gl_err_set (err, ENOMEM, "out of memory");
    }
    d->vg = n;
    d->vg[d->nvg++] = vg;
  }
  /* A PV whose VG no metadata describes (all its copies on missing
   * PVs, or none with a metadata area): LVM would not activate it. */
  for (size_t i = 0; i < npvs; ++i) {
    bool known = false;
    for (size_t v = 0; v < d->nvg && !known; ++v)
      for (size_t p = 0; p < d->vg[v].npv && !known; ++p)
        known = strcmp (d->vg[v].pv[p].uuid, pvs[i].pv.uuid) == 0;
    if (!known)
      return gl_err_set (err, ENOTSUP, "%s: an LVM physical volume of no volume "
                         "group found on this guest's disks", pvs[i].dev->name);
  }
  if (d->nvg > 1)
    qsort (d->vg, d->nvg, sizeof *d->vg, cmp_vg);
  for (size_t v = 0; v < d->nvg; ++v) {
    const struct gl_lvm_vg *vg = &d->vg[v];
    if (!lvm_name_ok (vg->name))
      return gl_err_set (err, ENOTSUP, "a volume group name LVM would not make");
    if (v + 1 < d->nvg && strcmp (vg->name, d->vg[v + 1].name) == 0)
      return gl_err_set (err, ENOTSUP, "two volume groups named %s", vg->name);
    for (size_t l = 0; l < vg->nlv; ++l)
      if (!vg->lv[l].linear)
        return gl_err_set (err, ENOTSUP, "logical volume %s/%s is %s (not linear)",
                           vg->name, vg->lv[l].name,
                           vg->lv[l].why_not_linear ? vg->lv[l].why_not_linear : "not linear");
  }
  size_t first_lv = d->ndev;
  for (size_t v = 0; v < d->nvg; ++v)
    if (map_vg (d, &d->vg[v], pvs, npvs, err) == -1)
      return -1;
  return probe_devices (d, first_lv, err);
}

static int
find_pvs (struct gl_host_disks *d, struct gl_err *err)
{
  struct pv_found *pvs = NULL;
  size_t npvs = 0;
  int r = 0;
  for (size_t k = 0; k < d->ndev && r == 0; ++k) {
    struct gl_host_dev *dev = d->dev[k];
    if (!dev->id.type || strcmp (dev->id.type, "LVM2_member") != 0)
      continue;
    struct pv_found *n = realloc (pvs, (npvs + 1) * sizeof *n);
    if (!n) {
      r = gl_err_set (err, ENOMEM, "out of memory");
      break;
    }
    pvs = n;
    pvs[npvs] = (struct pv_found) { .dev = dev };
    int got = gl_lvm_read_pv (dev->range, &pvs[npvs].pv, err);
    if (got == 1) {
      npvs++;
      continue;
    }
    gl_lvm_pv_free (&pvs[npvs].pv);
    r = got == 0 ? gl_err_set (err, ENOTSUP, "%s: blkid says LVM2_member but it has "
                               "no LVM2 label", dev->name)
      : gl_err_prefix (err, "%s: LVM label", dev->name);
  }
  if (r == 0 && npvs)
    r = read_lvm (d, pvs, npvs, err);
  for (size_t i = 0; i < npvs; ++i)
    gl_lvm_pv_free (&pvs[i].pv);
  free (pvs);
  return r;
}

int
gl_host_disks_open (struct gl_host_disks *d, char *const *paths,
                    char *const *formats, size_t n, bool allow_backing,
                    struct gl_err *err)
{
  *d = (struct gl_host_disks) { 0 };
  if (n == 0)
    return gl_err_set (err, EINVAL, "no disk was added");
  /* More disks than "sda" to "sdzz" name: the appliance's business. */
  if (n > GL_HOST_MAX_DISKS)
    return gl_err_set (err, ENOTSUP, "more than %d disks", GL_HOST_MAX_DISKS);
  if (!(d->src = calloc (n, sizeof *d->src)))
    return gl_err_set (err, ENOMEM, "out of memory");
  for (size_t i = 0; i < n; ++i) {
    d->src[i] = gl_blocksrc_open (paths[i], formats[i], allow_backing, err);
    if (!d->src[i])
      return -1;
    d->nsrc++;
  }
  for (size_t i = 0; i < n; ++i)
    if (open_disk (d, i, err) == -1)
      return -1;
  if (probe_devices (d, 0, err) == -1)
    return -1;
  return find_pvs (d, err);
}

struct gl_host_dev *
gl_host_disks_find (const struct gl_host_disks *d, const char *name)
{
  for (size_t k = 0; k < d->ndev; ++k)
    if (strcmp (d->dev[k]->name, name) == 0)
      return d->dev[k];
  return NULL;
}

void
gl_host_disks_close (struct gl_host_disks *d)
{
  for (size_t k = 0; k < d->ndev; ++k) {
    struct gl_host_dev *dev = d->dev[k];
    if (dev->fs)
      gl_hostfs_close (dev->fs);
    if (dev->lv)
      gl_lvm_lv_range_free (dev->lv);
    free (dev->id.type);
    free (dev->id.uuid);
    free (dev->id.label);
    free (dev->name);
    free (dev);
  }
  free (d->dev);
  for (size_t v = 0; v < d->nvg; ++v)
    gl_lvm_vg_free (&d->vg[v]);
  free (d->vg);
  for (size_t i = 0; i < d->nsrc; ++i)
    gl_blocksrc_close (d->src[i]);
  free (d->src);
  *d = (struct gl_host_disks) { 0 };
}
