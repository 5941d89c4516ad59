/* guestlift: LVM2 text metadata parsed into a volume group (see
 * lvm-meta.h).
 *
 * Two steps.  The text (LVM2's configuration syntax: "key = value",
 * values strings, integers or [arrays], sections "name { ... }",
 * '#' comments) becomes a tree of nodes, bounded in depth, in node
 * count and in each number; then the tree is read as LVM2's importer
 * (format_text/import_vsn1.c) reads it: "contents" and "version" at the
 * top, the first section is the VG, every subsection of a logical
 * volume is one of its segments, segment_count must agree, segments
 * must cover the LV without gap or overlap.
 *
 * Guest data: every string is copied (escapes decoded), every number
 * checked against the field it fills, every error one line, "line N: ".
 */
#include <config.h>

#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cleanup.h"
#include "lvm-meta.h"

/* Sections nest five deep in a VG's metadata (top, VG,
 * logical_volumes, LV, segment); this leaves room for more. */
#define MAX_DEPTH 16
/* Nodes (keys and values): a VG of GL_LVM_MAX_LVS LVs needs ~40 000. */
#define MAX_NODES (1u << 18)

enum ntype { N_SECTION, N_STRING, N_INT, N_ARRAY };

struct node {
  enum ntype type;
  const char *key;          /* NULL for an array's items */
  const char *str;          /* N_STRING */
  int64_t num;              /* N_INT */
  unsigned line;
  int child, next;          /* indices, -1 for none */
};

struct parser {
  const char *p, *end;
  unsigned line;
  struct node *nodes;
  size_t nnodes, cap;
  char *strings;            /* decoded strings and keys, NUL-ended */
  size_t slen;
  struct gl_err *err;
};

static int
perr (struct parser *ps, const char *fmt, ...)
{
  va_list ap;
  char msg[200];
  va_start (ap, fmt);
  vsnprintf (msg, sizeof msg, fmt, ap);
  va_end (ap);
  return gl_err_set (ps->err, EINVAL, "LVM metadata: line %u: %s", ps->line, msg);
}

static int
new_node (struct parser *ps, enum ntype type, const char *key)
{
  if (ps->nnodes == ps->cap) {
    if (ps->cap >= MAX_NODES)
      return perr (ps, "more than %u values", MAX_NODES);
    size_t cap = ps->cap ? ps->cap * 2 : 256;
    struct node *n = realloc (ps->nodes, cap * sizeof *n);
    if (n == NULL)
      return gl_err_set (ps->err, ENOMEM, "out of memory");
    ps->nodes = n;
    ps->cap = cap;
  }
  ps->nodes[ps->nnodes] = (struct node) { .type = type, .key = key,
                                          .line = ps->line, .child = -1, .next = -1 };
  return (int) ps->nnodes++;
}

/* Skip white space and comments. */
static void
skip_space (struct parser *ps)
{
  while (ps->p < ps->end) {
    char c = *ps->p;
    if (c == '\n') {
      ps->line++;
      ps->p++;
    }
    else if (c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v')
      ps->p++;
    else if (c == '#') {
      while (ps->p < ps->end && *ps->p != '\n')
        ps->p++;
    }
    else
      break;
  }
}

static bool
ident_char (char c)
{
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
    (c >= '0' && c <= '9') || c == '_' || c == '.' || c == '+' || c == '-';
}

/* An identifier (a key or a section name), copied into the strings. */
static const char *
identifier (struct parser *ps)
{
  const char *start = ps->p;
  while (ps->p < ps->end && ident_char (*ps->p))
    ps->p++;
  if (ps->p == start) {
    perr (ps, "a name expected");
    return NULL;
  }
  char *out = ps->strings + ps->slen;
  memcpy (out, start, ps->p - start);
  out[ps->p - start] = '\0';
  ps->slen += ps->p - start + 1;
  return out;
}

/* A "string" with \ escapes, decoded into the strings. */
static const char *
string (struct parser *ps)
{
  unsigned start_line = ps->line;
  char *out = ps->strings + ps->slen, *o = out;
  ps->p++;                              /* the opening quote */
  for (;;) {
    if (ps->p >= ps->end) {
      ps->line = start_line;
      perr (ps, "unterminated string");
      return NULL;
    }
    char c = *ps->p++;
    if (c == '"')
      break;
    if (c == '\n')
      ps->line++;
    if (c == '\\') {
      if (ps->p >= ps->end)
        continue;                       /* reported as unterminated */
      c = *ps->p++;
      if (c == '\n')
        ps->line++;
    }
    *o++ = c;
  }
  *o = '\0';
  ps->slen += o - out + 1;
  return out;
}

/* An integer (LVM writes decimal; a float or an out-of-range value is
 * an error here, since no field read from the tree takes one). */
static int
number (struct parser *ps, int64_t *out)
{
  bool neg = false;
  uint64_t v = 0;
  const char *start;

  if (*ps->p == '-' || *ps->p == '+')
    neg = *ps->p++ == '-';
  start = ps->p;
  while (ps->p < ps->end && *ps->p >= '0' && *ps->p <= '9') {
    unsigned d = *ps->p++ - '0';
    if (v > (UINT64_C (1) << 62) / 10)
      return perr (ps, "number too large");
    v = v * 10 + d;
  }
  if (ps->p == start)
    return perr (ps, "a value expected");
  if (ps->p < ps->end && (*ps->p == '.' || *ps->p == 'e' || *ps->p == 'E'))
    return perr (ps, "a number that is not an integer");
  if (ps->p < ps->end && ident_char (*ps->p))
    return perr (ps, "junk after a number");
  *out = neg ? -(int64_t) v : (int64_t) v;
  return 0;
}

/* A scalar value: a string or an integer node. */
static int
scalar (struct parser *ps, const char *key)
{
  int n;
  if (*ps->p == '"') {
    const char *s = string (ps);
    if (s == NULL)
      return -1;
    n = new_node (ps, N_STRING, key);
    if (n >= 0)
      ps->nodes[n].str = s;
    return n;
  }
  int64_t v = 0;
  if (number (ps, &v) == -1)
    return -1;
  n = new_node (ps, N_INT, key);
  if (n >= 0)
    ps->nodes[n].num = v;
  return n;
}

static int
array (struct parser *ps, const char *key)
{
  int n = new_node (ps, N_ARRAY, key), last = -1;
  if (n == -1)
    return -1;
  ps->p++;                              /* [ */
  for (bool first = true;; first = false) {
    skip_space (ps);
    if (ps->p >= ps->end)
      return perr (ps, "unterminated array");
    if (*ps->p == ']') {
      ps->p++;
      return n;
    }
    if (!first) {
      if (*ps->p != ',')
        return perr (ps, "',' or ']' expected in an array");
      ps->p++;
      skip_space (ps);
      if (ps->p >= ps->end)
        return perr (ps, "unterminated array");
    }
    int item = scalar (ps, NULL);
    if (item == -1)
      return -1;
    if (last == -1)
      ps->nodes[n].child = item;
    else
      ps->nodes[last].next = item;
    last = item;
  }
}

/* The items of a section up to its '}' (or the end, at the top),
 * linked from node PARENT. */
static int
items (struct parser *ps, int parent, unsigned depth)
{
  int last = -1;
  if (depth > MAX_DEPTH)
    return perr (ps, "sections nested more than %d deep", MAX_DEPTH);
  for (;;) {
    skip_space (ps);
    if (ps->p >= ps->end) {
      if (depth > 0)
        return perr (ps, "unterminated section (a '}' missing)");
      return 0;
    }
    if (*ps->p == '}') {
      if (depth == 0)
        return perr (ps, "'}' without a section");
      ps->p++;
      return 0;
    }
    const char *key = identifier (ps);
    if (key == NULL)
      return -1;
    skip_space (ps);
    if (ps->p >= ps->end)
      return perr (ps, "'=' or '{' expected after \"%.40s\"", key);
    int n;
    if (*ps->p == '{') {
      ps->p++;
      n = new_node (ps, N_SECTION, key);
      if (n == -1 || items (ps, n, depth + 1) == -1)
        return -1;
    }
    else if (*ps->p == '=') {
      ps->p++;
      skip_space (ps);
      if (ps->p >= ps->end)
        return perr (ps, "a value expected after \"%.40s =\"", key);
      n = *ps->p == '[' ? array (ps, key) : scalar (ps, key);
      if (n == -1)
        return -1;
    }
    else
      return perr (ps, "'=' or '{' expected after \"%.40s\"", key);
    if (last == -1)
      ps->nodes[parent].child = n;
    else
      ps->nodes[last].next = n;
    last = n;
  }
}

/* --- reading the tree ------------------------------------------------- */

struct tree {
  const struct node *n;
  struct gl_err *err;
  const struct node *vgn;   /* the VG's section */
};

static const struct node *
at (const struct tree *t, int i)
{
  return i < 0 ? NULL : &t->n[i];
}

static const struct node *
find (const struct tree *t, const struct node *sec, const char *key)
{
  for (const struct node *c = at (t, sec->child); c; c = at (t, c->next))
    if (c->key && strcmp (c->key, key) == 0)
      return c;
  return NULL;
}

static int
terr (const struct tree *t, const struct node *where, const char *fmt, ...)
{
  va_list ap;
  char msg[200];
  va_start (ap, fmt);
  vsnprintf (msg, sizeof msg, fmt, ap);
  va_end (ap);
  return gl_err_set (t->err, EINVAL, "LVM metadata: line %u: %s", where->line, msg);
}

/* KEY of SEC as an integer from 0 to MAX. */
static int
get_uint (const struct tree *t, const struct node *sec, const char *key,
          uint64_t max, uint64_t *out)
{
  const struct node *n = find (t, sec, key);
  if (n == NULL)
    return terr (t, sec, "\"%s\" has no \"%s\"", sec->key ? sec->key : "", key);
  if (n->type != N_INT || n->num < 0 || (uint64_t) n->num > max)
    return terr (t, n, "\"%s\" must be an integer from 0 to %llu", key,
                 (unsigned long long) max);
  *out = (uint64_t) n->num;
  return 0;
}

static int
get_string (const struct tree *t, const struct node *sec, const char *key,
            const char **out)
{
  const struct node *n = find (t, sec, key);
  if (n == NULL)
    return terr (t, sec, "\"%s\" has no \"%s\"", sec->key ? sec->key : "", key);
  if (n->type != N_STRING)
    return terr (t, n, "\"%s\" must be a string", key);
  *out = n->str;
  return 0;
}

/* Does the array KEY of SEC hold the string WORD? */
static bool
has_flag (const struct tree *t, const struct node *sec, const char *key,
          const char *word)
{
  const struct node *a = find (t, sec, key);
  if (a == NULL || a->type != N_ARRAY)
    return false;
  for (const struct node *c = at (t, a->child); c; c = at (t, c->next))
    if (c->type == N_STRING && strcmp (c->str, word) == 0)
      return true;
  return false;
}

/* An LVM UUID ("xxxxxx-xxxx-...", 32 characters besides dashes) without
 * its dashes into OUT[33]. */
static int
uuid_nodash (const struct tree *t, const struct node *where, const char *s,
             char out[33])
{
  size_t n = 0;
  for (; *s; s++) {
    if (*s == '-')
      continue;
    if (n == 32 || !(ident_char (*s) || *s == '!' || *s == '#'))
      return terr (t, where, "not an LVM UUID");
    out[n++] = *s;
  }
  if (n != 32)
    return terr (t, where, "not an LVM UUID");
  out[32] = '\0';
  return 0;
}

static int
read_pvs (const struct tree *t, const struct node *vgn, struct gl_lvm_vg *vg)
{
  const struct node *pvs = find (t, vgn, "physical_volumes");
  if (pvs == NULL || pvs->type != N_SECTION)
    return terr (t, vgn, "the VG has no \"physical_volumes\" section");
  size_t n = 0;
  for (const struct node *c = at (t, pvs->child); c; c = at (t, c->next))
    if (c->type == N_SECTION)
      n++;
  if (n > GL_LVM_MAX_PVS)
    return terr (t, pvs, "more than %d physical volumes", GL_LVM_MAX_PVS);
  vg->pv = calloc (n ? n : 1, sizeof *vg->pv);
  if (vg->pv == NULL)
    return gl_err_set (t->err, ENOMEM, "out of memory");
  for (const struct node *c = at (t, pvs->child); c; c = at (t, c->next)) {
    if (c->type != N_SECTION)
      continue;
    __typeof__ (vg->pv[0]) *pv = &vg->pv[vg->npv];
    const char *id;
    uint64_t pe_start, pe_count;
    for (size_t i = 0; i < vg->npv; i++)
      if (strcmp (vg->pv[i].id, c->key) == 0)
        return terr (t, c, "physical volume \"%.40s\" twice", c->key);
    if (get_string (t, c, "id", &id) == -1 ||
        uuid_nodash (t, find (t, c, "id"), id, pv->uuid) == -1 ||
        get_uint (t, c, "pe_start", UINT64_MAX >> 10, &pe_start) == -1 ||
        get_uint (t, c, "pe_count", UINT32_MAX, &pe_count) == -1)
      return -1;
    pv->id = strdup (c->key);
    if (pv->id == NULL)
      return gl_err_set (t->err, ENOMEM, "out of memory");
    pv->pe_start = pe_start * 512;
    pv->pe_count = pe_count;
    vg->npv++;
  }
  return 0;
}

static int
pv_index (const struct gl_lvm_vg *vg, const char *id)
{
  for (size_t i = 0; i < vg->npv; i++)
    if (strcmp (vg->pv[i].id, id) == 0)
      return (int) i;
  return -1;
}

static int
not_linear (struct gl_lvm_lv *lv, const char *why)
{
  if (lv->linear) {
    lv->linear = false;
    lv->why_not_linear = strdup (why);
    if (lv->why_not_linear == NULL)
      return -1;
  }
  return 0;
}

/* One segment SN of LV into lv->seg[lv->nseg]. */
static int
read_segment (const struct tree *t, const struct node *sn, const struct gl_lvm_vg *vg,
              struct gl_lvm_lv *lv)
{
  struct gl_lvm_seg *seg = &lv->seg[lv->nseg];
  const char *type;
  uint64_t start, count, stripes;

  if (get_uint (t, sn, "start_extent", UINT32_MAX, &start) == -1 ||
      get_uint (t, sn, "extent_count", UINT32_MAX, &count) == -1 ||
      get_string (t, sn, "type", &type) == -1)
    return -1;
  if (count == 0)
    return terr (t, sn, "segment \"%.40s\" of no extent", sn->key);
  seg->start_extent = start;
  seg->extent_count = count;
  lv->nseg++;

  bool striped = strcmp (type, "striped") == 0;
  if (!striped && strcmp (type, "linear") != 0) {
    char why[80];
    snprintf (why, sizeof why, "a %.40s segment", type);
    return not_linear (lv, why) == -1 ? gl_err_set (t->err, ENOMEM, "out of memory") : 0;
  }
  if (striped) {
    if (get_uint (t, sn, "stripe_count", UINT32_MAX, &stripes) == -1)
      return -1;
    if (stripes != 1)
      return not_linear (lv, "a striped segment of several stripes") == -1 ?
        gl_err_set (t->err, ENOMEM, "out of memory") : 0;
  }
  /* stripes = [ "pv0", 0 ]: one area, a PV and its first extent. */
  const struct node *a = find (t, sn, "stripes");
  if (a == NULL || a->type != N_ARRAY)
    return terr (t, sn, "segment \"%.40s\" has no \"stripes\" array", sn->key);
  const struct node *name = at (t, a->child), *off = name ? at (t, name->next) : NULL;
  if (!name || !off || off->next != -1 || name->type != N_STRING || off->type != N_INT)
    return terr (t, a, "\"stripes\" must be one name and one extent");
  if (off->num < 0 || off->num > UINT32_MAX)
    return terr (t, off, "a stripe's extent must be from 0 to %u", UINT32_MAX);
  int pv = pv_index (vg, name->str);
  if (pv == -1) {
    /* A stacked segment (over another LV: mirror or raid images), or a
     * name LVM would not find either. */
    const struct node *lvs = find (t, t->vgn, "logical_volumes");
    if (lvs == NULL || find (t, lvs, name->str) == NULL)
      return terr (t, name, "no volume \"%.40s\" for segment \"%.40s\"",
                   name->str, sn->key);
    return not_linear (lv, "a segment over another logical volume") == -1 ?
      gl_err_set (t->err, ENOMEM, "out of memory") : 0;
  }
  if ((uint64_t) off->num + count > vg->pv[pv].pe_count)
    return terr (t, off, "segment \"%.40s\" lies beyond the end of %.40s",
                 sn->key, name->str);
  seg->pv = (size_t) pv;
  seg->pv_start_extent = (uint64_t) off->num;
  return 0;
}

static int
seg_cmp (const void *a, const void *b)
{
  const struct gl_lvm_seg *x = a, *y = b;
  return x->start_extent < y->start_extent ? -1 : x->start_extent > y->start_extent;
}

static int
read_lv (const struct tree *t, const struct node *lvn, const struct gl_lvm_vg *vg,
         struct gl_lvm_lv *lv)
{
  uint64_t count;
  size_t nsec = 0;

  lv->name = strdup (lvn->key);
  if (lv->name == NULL)
    return gl_err_set (t->err, ENOMEM, "out of memory");
  const struct node *status = find (t, lvn, "status");
  if (status == NULL || status->type != N_ARRAY)
    return terr (t, lvn, "logical volume \"%.40s\" has no \"status\" array", lvn->key);
  lv->visible = has_flag (t, lvn, "status", "VISIBLE");
  lv->linear = true;
  if (get_uint (t, lvn, "segment_count", GL_LVM_MAX_SEGS, &count) == -1)
    return -1;
  for (const struct node *c = at (t, lvn->child); c; c = at (t, c->next))
    if (c->type == N_SECTION)
      nsec++;
  if (nsec != count)
    return terr (t, lvn, "logical volume \"%.40s\": segment_count is %llu, "
                 "%zu segments", lvn->key, (unsigned long long) count, nsec);
  lv->seg = calloc (nsec ? nsec : 1, sizeof *lv->seg);
  if (lv->seg == NULL)
    return gl_err_set (t->err, ENOMEM, "out of memory");
  for (const struct node *c = at (t, lvn->child); c; c = at (t, c->next))
    if (c->type == N_SECTION && read_segment (t, c, vg, lv) == -1)
      return -1;

  /* No gap, no overlap, from extent 0 (LVM's check_lv_segments). */
  qsort (lv->seg, lv->nseg, sizeof *lv->seg, seg_cmp);
  uint64_t le = 0;
  for (size_t i = 0; i < lv->nseg; i++) {
    if (lv->seg[i].start_extent != le)
      return terr (t, lvn, "logical volume \"%.40s\": a gap or an overlap at "
                   "extent %llu", lvn->key, (unsigned long long) le);
    le += lv->seg[i].extent_count;
  }
  if (lv->nseg == 0)
    return not_linear (lv, "no segment") == -1 ?
      gl_err_set (t->err, ENOMEM, "out of memory") : 0;
  return 0;
}

static int
read_lvs (const struct tree *t, const struct node *vgn, struct gl_lvm_vg *vg)
{
  const struct node *lvs = find (t, vgn, "logical_volumes");
  size_t n = 0;
  if (lvs == NULL)
    return 0;
  if (lvs->type != N_SECTION)
    return terr (t, lvs, "\"logical_volumes\" must be a section");
  for (const struct node *c = at (t, lvs->child); c; c = at (t, c->next))
    if (c->type == N_SECTION)
      n++;
  if (n > GL_LVM_MAX_LVS)
    return terr (t, lvs, "more than %d logical volumes", GL_LVM_MAX_LVS);
  vg->lv = calloc (n ? n : 1, sizeof *vg->lv);
  if (vg->lv == NULL)
    return gl_err_set (t->err, ENOMEM, "out of memory");
  for (const struct node *c = at (t, lvs->child); c; c = at (t, c->next)) {
    if (c->type != N_SECTION)
      continue;
    for (size_t i = 0; i < vg->nlv; i++)
      if (strcmp (vg->lv[i].name, c->key) == 0)
        return terr (t, c, "logical volume \"%.40s\" twice", c->key);
    vg->nlv++;
    if (read_lv (t, c, vg, &vg->lv[vg->nlv - 1]) == -1)
      return -1;
  }
  return 0;
}

static int
read_vg (struct tree *t, const struct node *root, struct gl_lvm_vg *vg)
{
  const char *contents, *id;
  uint64_t version, seqno, extent_size;
  const struct node *vgn;

  if (get_string (t, root, "contents", &contents) == -1)
    return -1;
  if (strcmp (contents, "Text Format Volume Group") != 0)
    return terr (t, find (t, root, "contents"), "not a volume group's metadata");
  if (get_uint (t, root, "version", UINT32_MAX, &version) == -1)
    return -1;
  if (version != 1)
    return terr (t, find (t, root, "version"), "metadata version %llu, not 1",
                 (unsigned long long) version);
  for (vgn = at (t, root->child); vgn && vgn->type != N_SECTION; vgn = at (t, vgn->next))
    ;
  if (vgn == NULL)
    return terr (t, root, "no volume group section");
  t->vgn = vgn;
  vg->name = strdup (vgn->key);
  if (vg->name == NULL)
    return gl_err_set (t->err, ENOMEM, "out of memory");
  if (get_string (t, vgn, "id", &id) == -1 ||
      get_uint (t, vgn, "seqno", UINT32_MAX, &seqno) == -1 ||
      get_uint (t, vgn, "extent_size", UINT32_MAX, &extent_size) == -1)
    return -1;
  if (extent_size == 0)
    return terr (t, find (t, vgn, "extent_size"), "extent_size 0");
  vg->uuid = strdup (id);
  if (vg->uuid == NULL)
    return gl_err_set (t->err, ENOMEM, "out of memory");
  vg->seqno = seqno;
  vg->extent_size = extent_size * 512;
  if (read_pvs (t, vgn, vg) == -1 || read_lvs (t, vgn, vg) == -1)
    return -1;
  return 0;
}

int
gl_lvm_parse_text (const char *text, size_t len, struct gl_lvm_vg *vg,
                   struct gl_err *err)
{
  struct parser ps = { .line = 1, .err = err };
  int r = -1;

  memset (vg, 0, sizeof *vg);
  /* The metadata area holds the text with its terminating NUL. */
  while (len > 0 && text[len - 1] == '\0')
    len--;
  if (len > GL_LVM_TEXT_MAX)
    return gl_err_set (err, EFBIG, "LVM metadata: larger than %u bytes",
                       GL_LVM_TEXT_MAX);
  if (memchr (text, '\0', len))
    return gl_err_set (err, EINVAL, "LVM metadata: a NUL byte in the text");
  ps.p = text;
  ps.end = text + len;
  /* Every decoded string or name is shorter than its source. */
  ps.strings = malloc (len + 1);
  if (ps.strings == NULL)
    return gl_err_set (err, ENOMEM, "out of memory");
  int root = new_node (&ps, N_SECTION, NULL);
  if (root == -1 || items (&ps, root, 0) == -1)
    goto out;
  struct tree t = { ps.nodes, err, NULL };
  r = read_vg (&t, &ps.nodes[root], vg);
 out:
  free (ps.nodes);
  free (ps.strings);
  if (r == -1)
    gl_lvm_vg_free (vg);
  return r;
}

void
gl_lvm_vg_free (struct gl_lvm_vg *vg)
{
  if (vg == NULL)
    return;
  for (size_t i = 0; i < vg->npv; i++)
    free (vg->pv[i].id);
  for (size_t i = 0; i < vg->nlv; i++) {
    free (vg->lv[i].name);
    free (vg->lv[i].why_not_linear);
    free (vg->lv[i].seg);
  }
  free (vg->pv);
  free (vg->lv);
  free (vg->name);
  free (vg->uuid);
  memset (vg, 0, sizeof *vg);
}
