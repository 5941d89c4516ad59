/* Fuzz target: guestlift batch's JSON readers -- the manifest
 * (batch/batch-manifest.c) and the state file (batch/batch-state.c),
 * the same bytes through both (both must refuse or accept cleanly, and an
 * accepted state must survive being written and read again). */
#include <config.h>

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "batch-manifest.h"
#include "batch-state.h"
#include "guest-name.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  gl_batch_guest_vector v = empty_vector;
  char *err = NULL;
  if (gl_batch_manifest_parse ((const char *) data, size, "/base", &v, &err) == 0) {
    for (size_t i = 0; i < v.len; ++i)
      if (!gl_guest_name_valid (v.ptr[i]->name) || v.ptr[i]->disks.len == 0)
        abort ();
  }
  else if (!err)
    abort ();
  free (err);
  gl_batch_guests_free (&v);

  struct gl_batch_state st = { empty_vector };
  err = NULL;
  if (gl_batch_state_parse ((const char *) data, size, &st, &err) == 0) {
    char *text = gl_batch_state_to_json (&st);
    struct gl_batch_state back = { empty_vector };
    char *err2 = NULL;
    if (!text || gl_batch_state_parse (text, strlen (text), &back, &err2) == -1
        || back.entries.len != st.entries.len)
      abort ();
    free (err2);
    free (text);
    gl_batch_state_free (&back);
  }
  free (err);
  gl_batch_state_free (&st);
  return 0;
}
