/* guestlift test helper: what common/hostio/lvm-meta reads from a PV in
 * FILE (a raw image of one physical volume), one fact per line, in the
 * terms "lvs"/"pvs"/"vgs" report them (tests/unit/test-lvm-real.sh
 * compares the two):
 *   vg NAME SEQNO EXTENT_SIZE_BYTES
 *   pv UUID PE_START_BYTES PE_COUNT
 *   lv NAME VISIBLE(0/1) LINEAR(0/1)
 *   seg LV START_EXTENT EXTENT_COUNT PV_START_EXTENT     (linear LVs)
 *   sha LV SHA256 of the LV read through its segment map (linear LVs
 *       whose PVs are all in FILE)
 * Exit 1 with a message on stderr when FILE holds no PV or bad data. */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "blocksrc.h"
#include "cleanup.h"
#include "lvm-meta.h"
#include "sha256.h"

int
main (int argc, char *argv[])
{
  CLEANUP_ERR struct gl_err err = GL_ERR_INIT;
  struct gl_lvm_pv pv;
  struct gl_lvm_vg vg;

  if (argc != 2) {
    fprintf (stderr, "usage: lvm-dump FILE\n");
    return 2;
  }
  struct gl_blocksrc *b = gl_blocksrc_open (argv[1], "raw", false, &err);
  if (!b) {
    fprintf (stderr, "lvm-dump: %s\n", err.msg);
    return 1;
  }
  const struct gl_range *dev = gl_blocksrc_range (b);
  int r = gl_lvm_read_pv (dev, &pv, &err);
  if (r != 1 || pv.text == NULL ||
      gl_lvm_parse_text (pv.text, pv.text_len, &vg, &err) == -1) {
    fprintf (stderr, "lvm-dump: %s\n", r == 0 ? "no PV" : gl_err_msg (&err, "no text"));
    gl_lvm_pv_free (&pv);
    gl_blocksrc_close (b);
    return 1;
  }
  printf ("vg %s %llu %llu\n", vg.name, (unsigned long long) vg.seqno,
          (unsigned long long) vg.extent_size);
  for (size_t i = 0; i < vg.npv; i++)
    printf ("pv %s %llu %llu\n", vg.pv[i].uuid, (unsigned long long) vg.pv[i].pe_start,
            (unsigned long long) vg.pv[i].pe_count);
  for (size_t i = 0; i < vg.nlv; i++) {
    const struct gl_lvm_lv *lv = &vg.lv[i];
    printf ("lv %s %d %d\n", lv->name, lv->visible, lv->linear);
    if (!lv->linear)
      continue;
    const struct gl_range **pvs = calloc (vg.npv, sizeof *pvs);
    for (size_t k = 0; k < vg.npv; k++)
      pvs[k] = strcmp (vg.pv[k].uuid, pv.uuid) == 0 ? dev : NULL;
    for (size_t k = 0; k < lv->nseg; k++)
      printf ("seg %s %llu %llu %llu\n", lv->name,
              (unsigned long long) lv->seg[k].start_extent,
              (unsigned long long) lv->seg[k].extent_count,
              (unsigned long long) lv->seg[k].pv_start_extent);
    struct gl_range *lr;
    if (gl_lvm_lv_range (&vg, lv, pvs, &lr, NULL) == 0) {
      struct sha256_ctx ctx;
      char hex[GL_SHA256_HEX_SIZE];
      static char buf[1 << 16];
      sha256_init (&ctx);
      for (uint64_t off = 0; off < lr->size; off += sizeof buf) {
        size_t n = lr->size - off < sizeof buf ? lr->size - off : sizeof buf;
        if (gl_range_pread (lr, buf, n, off, &err) == -1) {
          fprintf (stderr, "lvm-dump: %s\n", err.msg);
          return 1;
        }
        sha256_update (&ctx, n, (const uint8_t *) buf);
      }
      gl_sha256_final_hex (&ctx, hex);
      printf ("sha %s %s\n", lv->name, hex);
      gl_lvm_lv_range_free (lr);
    }
    free (pvs);
  }
  gl_lvm_vg_free (&vg);
  gl_lvm_pv_free (&pv);
  gl_blocksrc_close (b);
  return 0;
}
