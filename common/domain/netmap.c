/* guestlift: NIC mapping (see netmap.h). */
#include <config.h>

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "netmap.h"

static bool
name_ok (const char *s, size_t n)
{
  if (n == 0)
    return false;
  for (size_t i = 0; i < n; ++i)
    if ((unsigned char) s[i] < 0x20 || s[i] == 0x7f)
      return false;
  return true;
}

/* The rule of this kind for IN (NULL: the default), or NULL. */
static const struct gl_netmap_rule *
find (const struct gl_netmap *m, bool bridge, const char *in)
{
  for (size_t i = 0; m && i < m->n; ++i) {
    const struct gl_netmap_rule *r = &m->rules[i];
    if (r->bridge == bridge &&
        (in ? r->in && strcmp (r->in, in) == 0 : r->in == NULL))
      return r;
  }
  return NULL;
}

int
gl_netmap_add (struct gl_netmap *m, bool bridge, const char *arg,
               struct gl_err *err)
{
  const char *opt = bridge ? "--bridge" : "--network";
  /* The last colon splits: a name may hold none, but an OUT never does
   * (libvirt network and Linux bridge names have no colon). */
  const char *colon = strrchr (arg, ':');
  size_t in_len = colon ? (size_t) (colon - arg) : 0;
  const char *out = colon ? colon + 1 : arg;
  if ((colon && !name_ok (arg, in_len)) || !name_ok (out, strlen (out)))
    return gl_err_set (err, EINVAL, "%s %s: give IN:OUT or OUT, names without "
                       "control characters", opt, arg);
  char *in = colon ? strndup (arg, in_len) : NULL;
  if (colon && !in)
    return gl_err_set (err, ENOMEM, "out of memory");
  if (find (m, bridge, in)) {
    int r = in ? gl_err_set (err, EINVAL, "%s %s: %s is mapped twice", opt, arg, in)
      : gl_err_set (err, EINVAL, "%s %s: a second default (OUT alone) %s", opt, arg,
                    bridge ? "bridge" : "network");
    free (in);
    return r;
  }
  struct gl_netmap_rule *rules = realloc (m->rules, (m->n + 1) * sizeof *rules);
  char *o = strdup (out);
  if (!rules || !o) {
    if (rules)
      m->rules = rules;
    free (in);
    free (o);
    return gl_err_set (err, ENOMEM, "out of memory");
  }
  m->rules = rules;
  m->rules[m->n++] = (struct gl_netmap_rule) { bridge, in, o };
  return 0;
}

void
gl_netmap_apply (const struct gl_netmap *m, const char *src_bridge,
                 const char *src_network, const char **bridge,
                 const char **network)
{
  bool is_bridge = src_bridge != NULL;
  const char *name = is_bridge ? src_bridge : src_network ? src_network : "default";
  const struct gl_netmap_rule *r = find (m, is_bridge, name);
  if (!r)
    r = find (m, is_bridge, NULL);
  const char *to = r ? r->out : name;
  *bridge = is_bridge ? to : NULL;
  *network = is_bridge ? NULL : to;
}

/* Bridges first; in a kind, IN by byte order, the default last. */
static int
rule_cmp (const void *a, const void *b)
{
  const struct gl_netmap_rule *x = a, *y = b;
  if (x->bridge != y->bridge)
    return x->bridge ? -1 : 1;
  if (!x->in || !y->in)
    return !x->in - !y->in;
  return strcmp (x->in, y->in);
}

static int
copy_rule (struct gl_netmap *out, const struct gl_netmap_rule *r)
{
  char *in = r->in ? strdup (r->in) : NULL;
  char *o = strdup (r->out);
  if ((r->in && !in) || !o) {
    free (in);
    free (o);
    return -1;
  }
  out->rules[out->n++] = (struct gl_netmap_rule) { r->bridge, in, o };
  return 0;
}

int
gl_netmap_merge (struct gl_netmap *out, const struct gl_netmap *under,
                 const struct gl_netmap *over)
{
  size_t max = (under ? under->n : 0) + (over ? over->n : 0);
  *out = (struct gl_netmap) GL_NETMAP_INIT;
  if (max == 0)
    return 0;
  if (!(out->rules = calloc (max, sizeof *out->rules)))
    return -1;
  for (size_t i = 0; under && i < under->n; ++i) {
    const struct gl_netmap_rule *r = &under->rules[i];
    if (!find (over, r->bridge, r->in) && copy_rule (out, r) == -1)
      goto nomem;
  }
  for (size_t i = 0; over && i < over->n; ++i)
    if (copy_rule (out, &over->rules[i]) == -1)
      goto nomem;
  qsort (out->rules, out->n, sizeof *out->rules, rule_cmp);
  return 0;
 nomem:
  gl_netmap_free (out);
  errno = ENOMEM;
  return -1;
}

char *
gl_netmap_rule_arg (const struct gl_netmap_rule *r)
{
  if (!r->in)
    return strdup (r->out);
  size_t a = strlen (r->in), b = strlen (r->out);
  char *s = malloc (a + b + 2);
  if (s) {
    memcpy (s, r->in, a);
    s[a] = ':';
    memcpy (s + a + 1, r->out, b + 1);
  }
  return s;
}

void
gl_netmap_free (struct gl_netmap *m)
{
  for (size_t i = 0; i < m->n; ++i) {
    free (m->rules[i].in);
    free (m->rules[i].out);
  }
  free (m->rules);
  m->rules = NULL;
  m->n = 0;
}
