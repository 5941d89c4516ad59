/* Fuzz target: guestlift batch's JSON readers -- the manifest
 * (batch/batch-manifest.c) and the state file (batch/batch-state.c),
 * the same bytes through both (both must refuse or accept cleanly, and an
 * accepted state must survive being written and read again). */
#include <config.h>

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "batch-manifest.h"
#include "batch-state.h"
#include "guest-name.h"
#include "netmap.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

/* Every "bridge"/"network" rule accepted, given to convert as its
 * argument, is read back by convert as the same rule. */
static bool
nics_read_back (const struct gl_netmap *m)
{
  for (size_t i = 0; i < m->n; ++i) {
    const struct gl_netmap_rule *r = &m->rules[i];
    struct gl_netmap back = GL_NETMAP_INIT;
    struct gl_err e = GL_ERR_INIT;
    char *arg = gl_netmap_rule_arg (r);
    bool same = arg && gl_netmap_add (&back, r->bridge, arg, &e) == 0
      && back.n == 1 && strcmp (back.rules[0].out, r->out) == 0
      && (r->in ? back.rules[0].in && strcmp (back.rules[0].in, r->in) == 0
          : back.rules[0].in == NULL);
    free (arg);
    gl_err_clear (&e);
    gl_netmap_free (&back);
    if (!same)
      return false;
  }
  return true;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  gl_batch_guest_vector v = empty_vector;
  struct gl_err err = GL_ERR_INIT;
  if (gl_batch_manifest_parse ((const char *) data, size, "/base", &v, &err) == 0) {
    for (size_t i = 0; i < v.len; ++i)
      if (!gl_guest_name_valid (v.ptr[i]->name) || v.ptr[i]->disks.len == 0
          || !nics_read_back (&v.ptr[i]->nets))
        abort ();
  }
  else if (!err.msg)
    abort ();
  gl_err_clear (&err);
  gl_batch_guests_free (&v);

  struct gl_batch_state st = { empty_vector };
  if (gl_batch_state_parse ((const char *) data, size, &st, &err) == 0) {
    char *text = gl_batch_state_to_json (&st);
    struct gl_batch_state back = { empty_vector };
    struct gl_err err2 = GL_ERR_INIT;
    if (!text || gl_batch_state_parse (text, strlen (text), &back, &err2) == -1
        || back.entries.len != st.entries.len)
      abort ();
    gl_err_clear (&err2);
    free (text);
    gl_batch_state_free (&back);
  }
  else if (!err.msg)
    abort ();
  gl_err_clear (&err);
  gl_batch_state_free (&st);
  return 0;
}
