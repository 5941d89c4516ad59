/* guestlift batch: what happened to each guest, kept in DIR/batch-state.json
 * so that --resume can skip the guests already done, and so that the
 * report can describe guests done by an earlier run.
 *
 *   {"version": 1, "guests": [{"name": "web01", "inputs_hash": "<sha256>",
 *     "status": "converted|blocked|failed|booted|boot-failed|pending",
 *     "outputs": ["/out/web01/web01-sda.qcow2", ...], "error": null|"...",
 *     "verdict": "bootable|blocked|unknown|error", "kernel": "..."|null,
 *     "blockers": [...], "convert_seconds": N, "boot_seconds": N|null}]}
 *
 * The file is written whole to a temporary file in the same folder,
 * fsync'ed and renamed (then the folder is fsync'ed): a reader sees the
 * previous state or the new one, never half of one.
 */
#ifndef GUESTLIFT_CONVERT_BATCH_STATE_H
#define GUESTLIFT_CONVERT_BATCH_STATE_H

#include <stdbool.h>
#include <stddef.h>

#include "err.h"
#include "netmap.h"
#include "sha256.h"
#include "vector.h"

#define GL_BATCH_STATE_MAX_SIZE (64 * 1024 * 1024)
#define GL_BATCH_STATE_FILE "batch-state.json"

enum gl_batch_status {
  GL_BATCH_PENDING = 0,    /* not done (yet), or interrupted */
  GL_BATCH_CONVERTED,
  GL_BATCH_BLOCKED,        /* every kernel is Xen PV-only: not converted */
  GL_BATCH_FAILED,
  GL_BATCH_BOOTED,         /* converted, and the boot test passed */
  GL_BATCH_BOOT_FAILED,    /* converted, but the boot test failed */
};

const char *gl_batch_status_name (enum gl_batch_status s);
/* 0, or -1 for an unknown name. */
int gl_batch_status_parse (const char *name, enum gl_batch_status *out);

struct gl_batch_entry {
  char *name;
  char *inputs_hash;             /* 64 hex digits, or NULL when unknown */
  enum gl_batch_status status;
  string_vector outputs;         /* absolute paths of the files made */
  string_vector edits;           /* what convert changed in the guest
                                  * ("/etc/fstab", "link ...", ...) */
  char *error;                   /* or NULL */
  char *verdict;                 /* "bootable", ... or NULL */
  char *kernel;                  /* the kernel chosen, or NULL */
  string_vector blockers;
  double convert_seconds;        /* -1: not run */
  double boot_seconds;           /* -1: no boot test */
};
DEFINE_VECTOR_TYPE (gl_batch_entry_vector, struct gl_batch_entry *);

struct gl_batch_state {
  gl_batch_entry_vector entries;
};

/* The entry named NAME, or NULL. */
struct gl_batch_entry *gl_batch_state_find (const struct gl_batch_state *st,
                                            const char *name);
/* The entry named NAME, created (pending) when missing; NULL on ENOMEM. */
struct gl_batch_entry *gl_batch_state_get (struct gl_batch_state *st,
                                           const char *name);
/* Forget what the entry says about an earlier attempt (status pending,
 * no outputs, error, kernel, times) but keep its name and hash. */
void gl_batch_entry_reset (struct gl_batch_entry *e);
void gl_batch_state_free (struct gl_batch_state *st);

/* The state as JSON text (malloc'd, ends with a newline), NULL on ENOMEM. */
char *gl_batch_state_to_json (const struct gl_batch_state *st);

/* Parse state text.  Entries with a bad shape are an error (the file is
 * guestlift's own; a damaged one is reported, not guessed at).  0, or -1
 * with ERR. */
int gl_batch_state_parse (const char *data, size_t len,
                          struct gl_batch_state *st, struct gl_err *err);

/* Read PATH; a file that does not exist is an empty state (0).  ERR does
 * not name PATH (the caller's subject). */
int gl_batch_state_read (const char *path, struct gl_batch_state *st,
                         struct gl_err *err);

/* Write PATH atomically (write-atomic.h).  0, or -1 with ERR ("PATH:
 * why"); the old file is then untouched. */
int gl_batch_state_write (const char *path, const struct gl_batch_state *st,
                          struct gl_err *err);

/* What makes a guest's result what it is. */
struct gl_batch_inputs {
  const char *const *disk_ids;   /* identity of each disk (gl_image_key) */
  size_t n_disks;
  const char *config_id;         /* identity of the source config, or NULL */
  const char *to;
  const char *output_format;
  bool direct_boot;
  bool boot_test;
  const char *wait_for;          /* NULL when !boot_test */
  bool allow_backing;            /* hashed only when true (older states
                                    stay valid) */
  const struct gl_netmap *nets;  /* convert's -b/-n (gl_netmap_merge's
                                    order), hashed only when there are
                                    some; may be NULL */
};

/* sha256 (hex) over every input, each field length-prefixed so that no
 * two different inputs hash the same text. */
void gl_batch_inputs_hash (const struct gl_batch_inputs *in,
                           char hex[GL_SHA256_HEX_SIZE]);

/* Is the guest done already, so that --resume skips it?  True when the
 * entry's hash is HASH and its status is final: blocked, or converted
 * (without boot test) or booted (with it) -- and every output it lists
 * still exists. */
bool gl_batch_entry_done (const struct gl_batch_entry *e, const char *hash,
                          bool boot_test);

#endif
