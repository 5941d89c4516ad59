/* Fuzz target: common/hostio/lvm-text.c and lvm-meta.c.
 *
 * The input is read twice: as LVM2 text metadata (parsed; every linear
 * LV is then mapped over zero-filled PVs of the sizes the metadata
 * gives and read at its first and last byte), and as a device that may
 * hold a PV label and metadata area. */
#include <config.h>

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lvm-meta.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

static int
zero_pread (void *opaque, void *buf, size_t count, uint64_t offset,
            struct gl_err *err)
{
  (void) opaque; (void) offset; (void) err;
  memset (buf, 0, count);
  return 0;
}

struct mem {
  const uint8_t *data;
};

static int
mem_pread (void *opaque, void *buf, size_t count, uint64_t offset,
           struct gl_err *err)
{
  const struct mem *m = opaque;
  (void) err;
  memcpy (buf, m->data + offset, count);
  return 0;
}

static void
map_lvs (const struct gl_lvm_vg *vg)
{
  struct gl_range *pvr = calloc (vg->npv ? vg->npv : 1, sizeof *pvr);
  const struct gl_range **pvs = calloc (vg->npv ? vg->npv : 1, sizeof *pvs);
  if (!pvr || !pvs)
    abort ();
  for (size_t i = 0; i < vg->npv; i++) {
    pvr[i] = (struct gl_range) { .pread = zero_pread, .fd = -1,
      .size = vg->pv[i].pe_start + vg->pv[i].pe_count * vg->extent_size };
    pvs[i] = &pvr[i];
  }
  for (size_t i = 0; i < vg->nlv; i++) {
    const struct gl_lvm_lv *lv = &vg->lv[i];
    struct gl_range *r;
    struct gl_err err = GL_ERR_INIT;
    if (!lv->linear && !lv->why_not_linear)
      abort ();
    if (gl_lvm_lv_range (vg, lv, pvs, &r, &err) == 0) {
      unsigned char b;
      if (r->size == 0 || gl_range_pread (r, &b, 1, 0, NULL) == -1 ||
          gl_range_pread (r, &b, 1, r->size - 1, NULL) == -1 ||
          gl_range_pread (r, &b, 1, r->size, NULL) != -1)
        abort ();
      gl_lvm_lv_range_free (r);
    }
    gl_err_clear (&err);
  }
  free (pvr);
  free (pvs);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  struct gl_lvm_vg vg;
  struct gl_err err = GL_ERR_INIT;

  if (gl_lvm_parse_text ((const char *) data, size, &vg, &err) == 0) {
    map_lvs (&vg);
    gl_lvm_vg_free (&vg);
  }
  else if (err.msg == NULL || strchr (err.msg, '\n'))
    abort ();
  gl_err_clear (&err);

  struct mem m = { data };
  struct gl_range dev = { .pread = mem_pread, .opaque = &m, .size = size, .fd = -1 };
  struct gl_lvm_pv pv;
  int r = gl_lvm_read_pv (&dev, &pv, &err);
  if (r == 1) {
    if (strlen (pv.uuid) != 32 || (pv.text && strlen (pv.text) != pv.text_len))
      abort ();
    gl_lvm_pv_free (&pv);
  }
  gl_err_clear (&err);
  return 0;
}
