/* Unit tests for common/domain/netmap.c: -b/-n rules and where a NIC
 * goes. */
#include <config.h>

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "netmap.h"
#include "tap.h"

static void
check (const struct gl_netmap *m, const char *sb, const char *sn,
       const char *eb, const char *en, const char *what)
{
  const char *b = "x", *n = "x";
  gl_netmap_apply (m, sb, sn, &b, &n);
  is_str (b, eb, "%s: bridge", what);
  is_str (n, en, "%s: network", what);
}

/* M's rules as their options would be given, one line: "-b X -n Y". */
static char *
args_of (const struct gl_netmap *m)
{
  static char line[512];
  line[0] = '\0';
  for (size_t i = 0; i < m->n; ++i) {
    char *a = gl_netmap_rule_arg (&m->rules[i]);
    snprintf (line + strlen (line), sizeof line - strlen (line), "%s%s %s",
              i ? " " : "", m->rules[i].bridge ? "-b" : "-n", a ? a : "?");
    free (a);
  }
  return line;
}

static void
add_all (struct gl_netmap *m, const char *const *args)
{
  CLEANUP_ERR struct gl_err e = GL_ERR_INIT;
  for (; *args; args += 2)
    if (gl_netmap_add (m, args[0][1] == 'b', args[1], &e) == -1)
      ok (0, "%s %s: %s", args[0], args[1], e.msg);
}

/* batch: a guest's rules over the command line's. */
static void
test_merge (void)
{
  static const char *const cli[] = {
    "-n", "kvmnet", "-b", "xenbr1:br1", "-b", "xenbr0:br0", "-b", "br9", NULL };
  static const char *const guest[] = {
    "-b", "xenbr0:brA", "-n", "guestnet", "-n", "lan:prod", NULL };
  struct gl_netmap under = GL_NETMAP_INIT, over = GL_NETMAP_INIT, m;
  add_all (&under, cli);
  add_all (&over, guest);

  ok (gl_netmap_merge (&m, &under, NULL) == 0, "merge with no guest rules");
  is_str (args_of (&m), "-b xenbr0:br0 -b xenbr1:br1 -b br9 -n kvmnet",
          "the command line's rules alone, in one order (bridges, by IN, default last)");
  gl_netmap_free (&m);

  ok (gl_netmap_merge (&m, &under, &over) == 0, "merge");
  is_str (args_of (&m), "-b xenbr0:brA -b xenbr1:br1 -b br9 -n lan:prod -n guestnet",
          "the guest's xenbr0 and default network override, the others add");
  check (&m, "xenbr0", NULL, "brA", NULL, "merged: the guest's xenbr0");
  check (&m, "xenbr1", NULL, "br1", NULL, "merged: the command line's xenbr1");
  check (&m, "xenbr7", NULL, "br9", NULL, "merged: the command line's default bridge");
  check (&m, NULL, NULL, NULL, "guestnet", "merged: the guest's default network");
  check (&m, NULL, "lan", NULL, "prod", "merged: the guest's lan");
  gl_netmap_free (&m);

  ok (gl_netmap_merge (&m, NULL, NULL) == 0 && m.n == 0 && m.rules == NULL,
      "merge of nothing: no rule");
  gl_netmap_free (&m);

  /* An argument read back is the rule (an IN may hold a colon). */
  struct gl_netmap back = GL_NETMAP_INIT;
  static const char *const colon[] = { "-b", "a:b:c", NULL };
  add_all (&back, colon);
  char *arg = back.n == 1 ? gl_netmap_rule_arg (&back.rules[0]) : NULL;
  is_str (arg, "a:b:c", "the argument of IN a:b, OUT c");
  free (arg);
  check (&back, "a:b", NULL, "c", NULL, "read back: IN a:b");
  gl_netmap_free (&back);
  gl_netmap_free (&under);
  gl_netmap_free (&over);
}

int
main (void)
{
  struct gl_netmap m = GL_NETMAP_INIT;
  CLEANUP_ERR struct gl_err e = GL_ERR_INIT;

  /* No rules: names are kept, a NIC with neither is on "default". */
  check (NULL, "xenbr0", NULL, "xenbr0", NULL, "no map keeps a bridge");
  check (&m, NULL, "lan", NULL, "lan", "no rule keeps a network");
  check (&m, NULL, NULL, NULL, "default", "no name is the default network");

  ok (gl_netmap_add (&m, true, "xenbr0:br0", &e) == 0, "-b xenbr0:br0");
  ok (gl_netmap_add (&m, true, "br9", &e) == 0, "-b br9 (default)");
  ok (gl_netmap_add (&m, false, "lan:prod", &e) == 0, "-n lan:prod");
  check (&m, "xenbr0", NULL, "br0", NULL, "IN:OUT bridge");
  check (&m, "xenbr1", NULL, "br9", NULL, "other bridges go to the default");
  check (&m, NULL, "lan", NULL, "prod", "IN:OUT network");
  check (&m, NULL, "dmz", NULL, "dmz", "no default network: kept");
  check (&m, NULL, NULL, NULL, "default", "-b leaves networks alone");
  ok (gl_netmap_add (&m, false, "isolated", &e) == 0, "-n isolated (default)");
  check (&m, NULL, "dmz", NULL, "isolated", "other networks go to the default");
  check (&m, NULL, NULL, NULL, "isolated", "an unnamed network too");
  check (&m, NULL, "lan", NULL, "prod", "IN:OUT wins over the default");
  check (&m, "lan", NULL, "br9", NULL, "a bridge named like a network rule is a bridge");

  /* Refusals: EINVAL and one line naming the option. */
  static const struct { bool bridge; const char *arg; const char *why; } bad[] = {
    { true, "", "empty" }, { true, "xenbr0:", "empty OUT" },
    { true, ":br0", "empty IN" }, { false, "a\nb", "newline" },
    { true, "xenbr0:br1", "IN twice" }, { true, "br7", "second default bridge" },
    { false, "x", "second default network" },
  };
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; ++i) {
    gl_err_clear (&e);
    ok (gl_netmap_add (&m, bad[i].bridge, bad[i].arg, &e) == -1 &&
        e.errnum == EINVAL && e.msg &&
        strstr (e.msg, bad[i].bridge ? "--bridge" : "--network") &&
        !strchr (e.msg, '\n'), "refused: %s", bad[i].why);
  }
  ok (m.n == 4, "refusals add no rule");
  gl_netmap_free (&m);
  ok (m.n == 0 && m.rules == NULL, "freed");
  test_merge ();
  return tap_done ();
}
