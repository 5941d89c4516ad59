/* guestlift: where a converted guest's NICs go, as virt-v2v's
 * -b/--bridge and -n/--network say.
 *
 *   -b IN:OUT   a NIC on the source bridge IN goes on the bridge OUT
 *   -b OUT      every other bridged NIC goes on the bridge OUT
 *   -n IN:OUT   a NIC on the source network IN goes on the network OUT
 *   -n OUT      every other network NIC goes on the network OUT
 *
 * A NIC keeps its kind (bridge or network) and its MAC; a name no rule
 * maps is kept as it is.
 */
#ifndef GUESTLIFT_DOMAIN_NETMAP_H
#define GUESTLIFT_DOMAIN_NETMAP_H

#include <stdbool.h>
#include <stddef.h>

#include "err.h"

struct gl_netmap_rule {
  bool bridge;     /* -b (bridges) or -n (networks) */
  char *in;        /* NULL: every other one */
  char *out;
};

struct gl_netmap {
  struct gl_netmap_rule *rules;
  size_t n;
};
#define GL_NETMAP_INIT { NULL, 0 }

/* Add the rule of one -b (BRIDGE true) or -n argument: "IN:OUT" or
 * "OUT".  -1 with EINVAL (an empty name, a control character, IN given
 * twice, two defaults) or ENOMEM. */
int gl_netmap_add (struct gl_netmap *m, bool bridge, const char *arg,
                   struct gl_err *err);

/* Where a source NIC goes: on bridge SRC_BRIDGE, else on network
 * SRC_NETWORK (NULL: "default").  Sets *BRIDGE (a bridge) or *NETWORK
 * (a network), the other NULL; borrowed from M or the arguments.  M may
 * be NULL (no rules). */
void gl_netmap_apply (const struct gl_netmap *m, const char *src_bridge,
                      const char *src_network, const char **bridge,
                      const char **network);

/* Into OUT (empty): the rules of OVER, and those of UNDER that OVER has
 * no rule for (the same kind and the same IN, or both the default): a
 * rule of OVER overrides UNDER's, UNDER's others still apply.  Either may
 * be NULL.  OUT's rules are in one order whatever the inputs' was:
 * bridges, then networks; in each kind the IN:OUT rules by IN (byte
 * order), the default last.  0, or -1 with errno ENOMEM (OUT empty). */
int gl_netmap_merge (struct gl_netmap *out, const struct gl_netmap *under,
                     const struct gl_netmap *over);

/* R as the argument of its option ("IN:OUT" or "OUT", what
 * gl_netmap_add reads back as R), malloc'd; NULL on ENOMEM. */
char *gl_netmap_rule_arg (const struct gl_netmap_rule *r);

void gl_netmap_free (struct gl_netmap *m);

#endif
