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
  return tap_done ();
}
