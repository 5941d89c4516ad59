/* guestlift: LVM2 volume groups read from their physical volumes' own
 * metadata, without device-mapper or the lvm binary.
 *
 * A physical volume: the label ("LABELONE" in one of the first four
 * sectors), its pv_header (UUID, size, data and metadata areas), the
 * metadata area's header and the current text metadata it points to
 * (which may wrap around the circular buffer).  The text metadata is
 * parsed into a volume group; linear logical volumes (segments of type
 * "striped" with one stripe) are mapped onto their PVs by extent.
 * Anything else (striped with more stripes, mirror, raid, thin, cache,
 * snapshots, vdo...) is reported as such so that the caller leaves the
 * image to the appliance.
 *
 * Pure: reads only through ranges; the text parser is fuzzed
 * (tests/fuzz/fuzz-lvm-meta).  Every size is bounded.
 */
#ifndef GUESTLIFT_LVM_META_H
#define GUESTLIFT_LVM_META_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "err.h"
#include "range.h"

/* Bounds: text metadata larger than this, or more PVs/LVs/segments than
 * these, is an error. */
#define GL_LVM_TEXT_MAX (4u << 20)
#define GL_LVM_MAX_PVS 256
#define GL_LVM_MAX_LVS 1024
#define GL_LVM_MAX_SEGS 1024

/* What the label of one device says. */
struct gl_lvm_pv {
  char uuid[33];            /* 32 characters, no dashes (as blkid's
                               UUID without its dashes) */
  uint64_t dev_size;        /* bytes, from the pv_header */
  char *text;               /* the current metadata text (NUL-ended), or
                               NULL when the PV has no metadata area */
  size_t text_len;
};

/* 1 with *pv filled when DEV holds an LVM2 label; 0 when it has none;
 * -1 with err when the label or metadata is damaged or out of bounds. */
int gl_lvm_read_pv (const struct gl_range *dev, struct gl_lvm_pv *pv,
                    struct gl_err *err);
void gl_lvm_pv_free (struct gl_lvm_pv *pv);

struct gl_lvm_seg {
  uint64_t start_extent, extent_count;  /* in the LV */
  size_t pv;                /* index in gl_lvm_vg.pv */
  uint64_t pv_start_extent; /* on that PV */
};

struct gl_lvm_lv {
  char *name;
  bool visible;             /* status has VISIBLE: what lvs lists */
  bool linear;              /* every segment striped with one stripe
                               (or "linear"); false: leave to the appliance */
  char *why_not_linear;     /* when !linear: the segment type, for -v */
  struct gl_lvm_seg *seg;
  size_t nseg;
};

struct gl_lvm_vg {
  char *name;
  char *uuid;               /* as written (with dashes) */
  uint64_t seqno;
  uint64_t extent_size;     /* bytes */
  struct {
    char *id;               /* "pv0": the key segments' stripes name */
    char uuid[33];          /* no dashes */
    uint64_t pe_start;      /* bytes from the PV's start */
    uint64_t pe_count;
  } *pv;
  size_t npv;
  struct gl_lvm_lv *lv;
  size_t nlv;
};

/* Parse text metadata (a VG's, as gl_lvm_read_pv returns it) into *vg.
 * -1 with err (EINVAL: "line N: ...") on anything malformed or out of
 * bounds. */
int gl_lvm_parse_text (const char *text, size_t len, struct gl_lvm_vg *vg,
                       struct gl_err *err);
void gl_lvm_vg_free (struct gl_lvm_vg *vg);

/* A linear LV as a range over its PVs' ranges (PVS[i] is the range of
 * vg->pv[i]; NULL when that PV is missing: then -1, ENODEV).  OUT is
 * malloc'd; free with gl_lvm_lv_range_free. */
int gl_lvm_lv_range (const struct gl_lvm_vg *vg, const struct gl_lvm_lv *lv,
                     const struct gl_range *const *pvs, struct gl_range **out,
                     struct gl_err *err);
void gl_lvm_lv_range_free (struct gl_range *r);

#endif
