/* Unit tests: the pure parts of guestlift batch -- the state file
 * (batch/batch-state.c), the inputs hash and the resume rule, the
 * children's command lines (batch-scheduler.c), moving outputs into place
 * (batch-outputs.c), totals and exit status (batch-report.c). */
#include <config.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

#include "batch-report.h"
#include "batch-scheduler.h"
#include "batch-state.h"
#include "cleanup.h"
#include "error.h"
#include "spawn.h"
#include "tap.h"

static void
write_file (const char *path, const char *text)
{
  FILE *fp = fopen (path, "w");
  if (fp) {
    fputs (text, fp);
    fclose (fp);
  }
}

static char *
read_text (const char *path)
{
  FILE *fp = fopen (path, "r");
  if (!fp)
    return NULL;
  char *buf = calloc (1, 65536);
  if (buf)
    fread (buf, 1, 65535, fp);
  fclose (fp);
  return buf;
}

static void
test_status (void)
{
  static const char *const names[] = { "pending", "converted", "blocked", "failed",
                                       "booted", "boot-failed" };
  for (size_t i = 0; i < 6; ++i) {
    enum gl_batch_status s;
    ok (gl_batch_status_parse (names[i], &s) == 0 && s == (enum gl_batch_status) i
        && strcmp (gl_batch_status_name (s), names[i]) == 0, "status %s round-trips",
        names[i]);
  }
  enum gl_batch_status s;
  ok (gl_batch_status_parse ("done", &s) == -1, "unknown status refused");
}

static void
test_round_trip (const char *dir)
{
  struct gl_batch_state st = { empty_vector };
  struct gl_batch_entry *a = gl_batch_state_get (&st, "web01");
  struct gl_batch_entry *b = gl_batch_state_get (&st, "db");
  ok (a && b && a != b, "two entries");
  ok (gl_batch_state_get (&st, "web01") == a, "get finds an existing entry");
  ok (gl_batch_state_find (&st, "nope") == NULL, "find of a missing name: NULL");
  a->inputs_hash = strdup ("0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef");
  a->status = GL_BATCH_BOOTED;
  string_vector_add (&a->outputs, "/out/web01/web01-sda.qcow2");
  string_vector_add (&a->outputs, "/out/web01/web01.xml");
  a->verdict = strdup ("bootable");
  a->kernel = strdup ("2.6.18-398.el5");
  a->convert_seconds = 12.34;
  a->boot_seconds = 30;
  b->status = GL_BATCH_BLOCKED;
  b->error = strdup ("quote \" backslash \\ newline \n tab \t é");
  string_vector_add (&b->blockers, "all kernels are Xen PV-only");

  CLEANUP_FREE char *path = gl_printf ("%s/%s", dir, GL_BATCH_STATE_FILE);
  CLEANUP_ERR struct gl_err err = GL_ERR_INIT;
  is_int (gl_batch_state_write (path, &st, &err), 0, "state written");
  struct stat s;
  ok (stat (path, &s) == 0 && (s.st_mode & 0777) == 0644, "state file mode 0644");

  struct gl_batch_state back = { empty_vector };
  is_int (gl_batch_state_read (path, &back, &err), 0, "state read back");
  is_int (back.entries.len, 2, "two entries read");
  struct gl_batch_entry *a2 = gl_batch_state_find (&back, "web01");
  struct gl_batch_entry *b2 = gl_batch_state_find (&back, "db");
  ok (a2 && b2, "both found by name");
  if (a2 && b2) {
    is_str (a2->inputs_hash, a->inputs_hash, "hash");
    is_int (a2->status, GL_BATCH_BOOTED, "status booted");
    is_int (a2->outputs.len, 2, "outputs");
    is_str (a2->outputs.ptr[1], "/out/web01/web01.xml", "output path");
    is_str (a2->kernel, "2.6.18-398.el5", "kernel");
    ok (a2->convert_seconds > 12.2 && a2->convert_seconds < 12.4, "convert seconds (tenths)");
    ok (a2->boot_seconds == 30, "boot seconds");
    is_int (b2->status, GL_BATCH_BLOCKED, "status blocked");
    is_str (b2->error, b->error, "hostile error text survives");
    is_str (b2->inputs_hash, NULL, "no hash: null");
    is_int (b2->blockers.len, 1, "blockers");
    ok (b2->convert_seconds == -1 && b2->boot_seconds == -1, "times not run: -1");
  }
  gl_batch_state_free (&back);

  /* No temporary file left next to it. */
  CLEANUP_FREE char *cmd = gl_printf ("ls -A '%s' | grep -c tmp", dir);
  FILE *p = popen (cmd, "r");
  int n = -1;
  if (p) {
    if (fscanf (p, "%d", &n) != 1)
      n = -1;
    pclose (p);
  }
  is_int (n, 0, "no temporary file left behind");

  /* Rewriting replaces it whole. */
  gl_batch_entry_reset (a);
  is_int (a->status, GL_BATCH_PENDING, "reset: pending");
  is_int (a->outputs.len, 0, "reset: no outputs");
  ok (a->inputs_hash != NULL, "reset keeps the hash");
  is_int (gl_batch_state_write (path, &st, &err), 0, "state rewritten");
  CLEANUP_FREE char *text = read_text (path);
  ok (text && strstr (text, "\"pending\"") && !strstr (text, "booted"),
      "the file holds the new state only");

  /* A file that does not exist is an empty state; a folder that cannot
   * be written is an error that leaves the old file. */
  struct gl_batch_state none = { empty_vector };
  CLEANUP_FREE char *missing = gl_printf ("%s/none.json", dir);
  ok (gl_batch_state_read (missing, &none, &err) == 0 && none.entries.len == 0,
      "missing state file: empty state");
  int rc = gl_batch_state_write ("/nonexistent/dir/state.json", &st, &err);
  ok (rc == -1 && err.errnum == ENOENT && err.msg
      && strncmp (err.msg, "/nonexistent/dir/state.json: ", 29) == 0,
      "unwritable folder: an error naming the file: %s", gl_err_msg (&err, "(none)"));
  gl_batch_state_free (&st);
  unlink (path);
}

static void
test_parse_errors (void)
{
  static const struct { const char *text, *want; } bad[] = {
    { "", "not valid JSON" },
    { "{}", "no \"guests\"" },
    { "{\"guests\": [{\"status\": \"converted\"}]}", "guests[0]: \"name\"" },
    { "{\"guests\": [{\"name\": \"a\", \"status\": \"done\"}]}", "unknown status" },
    { "{\"guests\": [{\"name\": \"a\", \"status\": \"failed\", \"inputs_hash\": \"xyz\"}]}",
      "not a sha256" },
    { "{\"guests\": [{\"name\": \"a\", \"status\": \"failed\", \"outputs\": \"x\"}]}",
      "guests[0]: \"outputs\" must be an array" },
    { "{\"guests\": [7]}", "not an object" },
  };
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; ++i) {
    struct gl_batch_state st = { empty_vector };
    CLEANUP_ERR struct gl_err err = GL_ERR_INIT;
    int rc = gl_batch_state_parse (bad[i].text, strlen (bad[i].text), &st, &err);
    ok (rc == -1 && err.msg && strstr (err.msg, bad[i].want), "bad state %zu: %s", i,
        gl_err_msg (&err, "(accepted)"));
    gl_batch_state_free (&st);
  }
  /* The same name twice: the later one wins, one entry. */
  const char *twice = "{\"guests\": [{\"name\": \"a\", \"status\": \"failed\"},"
    "{\"name\": \"a\", \"status\": \"converted\"}]}";
  struct gl_batch_state st = { empty_vector };
  CLEANUP_ERR struct gl_err err = GL_ERR_INIT;
  ok (gl_batch_state_parse (twice, strlen (twice), &st, &err) == 0 && st.entries.len == 1
      && st.entries.ptr[0]->status == GL_BATCH_CONVERTED, "a name twice: the later wins");
  gl_batch_state_free (&st);
}

static void
test_hash_and_resume (const char *dir)
{
  const char *ids[] = { "dev=1 ino=2", "dev=1 ino=3" };
  struct gl_batch_inputs in = {
    .disk_ids = ids, .n_disks = 2, .config_id = NULL, .to = "kvm",
    .output_format = "qcow2", .direct_boot = false, .boot_test = true,
    .wait_for = "login:",
  };
  char h0[GL_SHA256_HEX_SIZE], h[GL_SHA256_HEX_SIZE];
  gl_batch_inputs_hash (&in, h0);
  is_int (strlen (h0), 64, "hash is 64 hex digits");
  gl_batch_inputs_hash (&in, h);
  is_str (h, h0, "same inputs, same hash");

#define CHANGED(what, stmt) do {                        \
    struct gl_batch_inputs c = in; stmt;                \
    gl_batch_inputs_hash (&c, h);                       \
    ok (strcmp (h, h0) != 0, "hash changes with %s", what); \
  } while (0)
  const char *other[] = { "dev=1 ino=2", "dev=1 ino=4" };
  const char *joined[] = { "dev=1 ino=2dev=1 ino=3" };
  CHANGED ("a disk's identity", c.disk_ids = other);
  CHANGED ("the disk count", c.n_disks = 1);
  CHANGED ("disks joined differently", (c.disk_ids = joined, c.n_disks = 1));
  CHANGED ("a source config", c.config_id = "dev=1 ino=9");
  CHANGED ("an empty source config id vs none", c.config_id = "");
  CHANGED ("the target", c.to = "xen-hvm");
  CHANGED ("the output format", c.output_format = "raw");
  CHANGED ("direct boot", c.direct_boot = true);
  CHANGED ("the boot test", c.boot_test = false);
  CHANGED ("the pattern", c.wait_for = "login: ");
  struct gl_netmap_rule r_in = { true, (char *) "xenbr0", (char *) "br0" };
  struct gl_netmap_rule r_net = { false, (char *) "xenbr0", (char *) "br0" };
  struct gl_netmap_rule r_def = { true, NULL, (char *) "xenbr0:br0" };
  struct gl_netmap m_in = { &r_in, 1 }, m_net = { &r_net, 1 }, m_def = { &r_def, 1 };
  CHANGED ("a -b rule", c.nets = &m_in);
  CHANGED ("a -n rule", c.nets = &m_net);
#undef CHANGED
  /* Rules that look alike are told apart; no rule is no input (older
   * states stay valid). */
  char hb[GL_SHA256_HEX_SIZE], hn[GL_SHA256_HEX_SIZE], hd[GL_SHA256_HEX_SIZE];
  struct gl_batch_inputs ci = in;
  ci.nets = &m_in;
  gl_batch_inputs_hash (&ci, hb);
  ci.nets = &m_net;
  gl_batch_inputs_hash (&ci, hn);
  ci.nets = &m_def;
  gl_batch_inputs_hash (&ci, hd);
  ok (strcmp (hb, hn) != 0, "-b xenbr0:br0 and -n xenbr0:br0 hash apart");
  ok (strcmp (hb, hd) != 0, "-b xenbr0:br0 and a default bridge named so hash apart");
  struct gl_netmap none = GL_NETMAP_INIT;
  ci.nets = &none;
  gl_batch_inputs_hash (&ci, h);
  is_str (h, h0, "no NIC rule: the hash of a state without them");
  /* Without a boot test the pattern does not matter. */
  struct gl_batch_inputs nb = in, nb2 = in;
  nb.boot_test = nb2.boot_test = false;
  nb2.wait_for = "other";
  char h1[GL_SHA256_HEX_SIZE], h2[GL_SHA256_HEX_SIZE];
  gl_batch_inputs_hash (&nb, h1);
  gl_batch_inputs_hash (&nb2, h2);
  is_str (h1, h2, "no boot test: the pattern is not an input");

  /* The resume rule. */
  struct gl_batch_state st = { empty_vector };
  struct gl_batch_entry *e = gl_batch_state_get (&st, "g");
  CLEANUP_FREE char *out1 = gl_printf ("%s/g-sda.qcow2", dir);
  write_file (out1, "disk");
  e->inputs_hash = strdup (h0);
  e->status = GL_BATCH_CONVERTED;
  string_vector_add (&e->outputs, out1);
  ok (gl_batch_entry_done (e, h0, false), "converted, same hash: done");
  ok (!gl_batch_entry_done (e, h0, true), "converted but a boot test wanted: not done");
  ok (!gl_batch_entry_done (e, h1, false), "other hash: not done");
  ok (!gl_batch_entry_done (NULL, h0, false), "no entry: not done");
  e->status = GL_BATCH_BOOTED;
  ok (gl_batch_entry_done (e, h0, true), "booted: done");
  e->status = GL_BATCH_BOOT_FAILED;
  ok (!gl_batch_entry_done (e, h0, true), "boot-failed: redone");
  e->status = GL_BATCH_FAILED;
  ok (!gl_batch_entry_done (e, h0, false), "failed: redone");
  e->status = GL_BATCH_PENDING;
  ok (!gl_batch_entry_done (e, h0, false), "pending (interrupted): redone");
  e->status = GL_BATCH_BLOCKED;
  ok (gl_batch_entry_done (e, h0, false), "blocked: stays blocked");
  e->status = GL_BATCH_CONVERTED;
  unlink (out1);
  ok (!gl_batch_entry_done (e, h0, false), "an output removed: redone");
  gl_batch_state_free (&st);
}

static void
test_argv (void)
{
  struct gl_batch_guest g = { .name = (char *) "web01" };
  string_vector_add (&g.disks, "/img/a disk.img");
  string_vector_add (&g.disks, "-odd.img");
  g.source_config = (char *) "/etc/xen/web01.cfg";
  struct gl_batch_job j = {
    .guest = &g, .to = "kvm", .output_format = "raw", .direct_boot = true,
    .boot_test = true, .wait_for = "log'in:", .timeout = 60,
  };
  CLEANUP_FREE_STRING_LIST char **cv = gl_batch_convert_argv (&j, "/out/web01/.partial-x");
  CLEANUP_FREE char *cl = cv ? gl_argv_line ((const char *const *) cv, true) : NULL;
  is_str (cl, "guestlift convert --to kvm -o /out/web01/.partial-x --name web01 "
          "--output-format raw --source-config /etc/xen/web01.cfg --direct-boot -- "
          "'/img/a disk.img' -odd.img", "convert argv (disks after --, quoted for show)");
  j.command_timeout = 60;
  CLEANUP_FREE_STRING_LIST char **ct = gl_batch_convert_argv (&j, "/p");
  CLEANUP_FREE char *ctl_ = ct ? gl_argv_line ((const char *const *) ct, true) : NULL;
  ok (ctl_ && strstr (ctl_, " --command-timeout 60 -- "),
      "convert argv: --command-timeout before the disks when set");
  j.command_timeout = 0;
  string_vector disks = empty_vector;
  string_vector outs = empty_vector;
  string_vector_add (&outs, "/out/web01/web01-sda.raw");
  string_vector_add (&outs, "/out/web01/web01.xml");
  string_vector_add (&outs, "/out/web01/web01-vmlinuz");
  is_str (gl_batch_output_xml (&outs, "web01"), "/out/web01/web01.xml",
          "the boot test's XML among the outputs");
  ok (gl_batch_output_xml (&outs, "web0") == NULL, "... named after the guest exactly");
  string_vector_add (&disks, gl_batch_output_xml (&outs, "web01"));
  string_vector_free (&outs);
  CLEANUP_FREE_STRING_LIST char **lv = gl_batch_launch_argv (&j, &disks);
  CLEANUP_FREE char *ll = lv ? gl_argv_line ((const char *const *) lv, true) : NULL;
  is_str (ll, "guestlift launch --snapshot --wait-for 'log'\\''in:' --timeout 60 -- "
          "/out/web01/web01.xml", "launch argv for kvm: the domain XML");
  j.to = "xen-pv";
  CLEANUP_FREE_STRING_LIST char **xv = gl_batch_launch_argv (&j, &disks);
  CLEANUP_FREE char *xl = xv ? gl_argv_line ((const char *const *) xv, true) : NULL;
  ok (xl && strstr (xl, "--hypervisor xen-pv"), "launch of a xen-pv copy: --hypervisor xen-pv");
  char *ctl[] = { (char *) "a\nb", (char *) "", NULL };
  CLEANUP_FREE char *cline = gl_argv_line ((const char *const *) ctl, true);
  is_str (cline, "'a\\nb' ''", "control bytes escaped, empty argument quoted");
  string_vector_free (&disks);
  string_vector_free (&g.disks);

  char how[256];
  unsigned n = gl_batch_default_jobs (3, true, how, sizeof how);
  ok (n >= 1 && n <= 3, "default -j between 1 and the guest count (%u)", n);
  ok (strstr (how, "MiB") != NULL, "how -j was chosen: %s", how);
  is_int (gl_batch_default_jobs (1, false, NULL, 0), 1, "one guest: -j 1");
}

static void
test_outputs (const char *dir)
{
  CLEANUP_FREE char *partial = gl_printf ("%s/g/.partial-abc", dir);
  CLEANUP_FREE char *final = gl_printf ("%s/g", dir);
  mkdir (final, 0755);
  mkdir (partial, 0755);
  CLEANUP_FREE char *d1 = gl_printf ("%s/g-sda.qcow2", partial);
  CLEANUP_FREE char *d2 = gl_printf ("%s/g-sdb.qcow2", partial);
  CLEANUP_FREE char *x = gl_printf ("%s/g.xml", partial);
  CLEANUP_FREE char *tmp = gl_printf ("%s/.g.xml.guestlift-tmp.123", partial);
  write_file (d1, "a");
  write_file (d2, "b");
  write_file (tmp, "leftover");
  CLEANUP_FREE char *xml = gl_printf (
    "<domain type='kvm'><name>g</name><os><kernel>%s/g-vmlinuz</kernel></os>"
    "<devices><disk type='file'><source file='%s'/></disk>"
    "<disk type='file'><source file='%s'/></disk>"
    "<disk><source file='/elsewhere/%s'/></disk></devices></domain>\n",
    partial, d1, d2, "x.img");
  write_file (x, xml);
  string_vector outs = empty_vector;
  CLEANUP_ERR struct gl_err err = GL_ERR_INIT;
  is_int (gl_batch_outputs_commit (partial, final, &outs, &err), 0, "outputs moved");
  is_int (outs.len, 3, "three outputs (the hidden temporary file is not one)");
  CLEANUP_FREE char *fx = gl_printf ("%s/g.xml", final);
  CLEANUP_FREE char *text = read_text (fx);
  CLEANUP_FREE char *want1 = gl_printf ("'%s/g-sda.qcow2'", final);
  CLEANUP_FREE char *want1b = gl_printf ("\"%s/g-sda.qcow2\"", final);
  CLEANUP_FREE char *want2 = gl_printf ("<kernel>%s/g-vmlinuz</kernel>", final);
  ok (text && (strstr (text, want1) || strstr (text, want1b)), "XML disk path points into the final folder");
  ok (text && strstr (text, want2), "XML kernel path points into the final folder");
  ok (text && !strstr (text, ".partial-"), "no partial path left in the XML");
  ok (text && strstr (text, "/elsewhere/x.img"), "other paths untouched");
  is_int (gl_batch_partial_remove (partial), 0, "partial folder removed with its leftovers");
  ok (access (partial, F_OK) == -1, "partial folder gone");

  /* Failures: the reason in the error, nothing moved. */
  string_vector none = empty_vector;
  ok (gl_batch_outputs_commit (partial, final, &none, &err) == -1 && err.errnum == ENOENT,
      "a partial folder that is gone: an error");
  CLEANUP_FREE char *want3 = gl_printf ("%s: cannot list it: No such file or directory",
                                        partial);
  is_str (err.msg, want3, "  its message");
  mkdir (partial, 0755);
  ok (gl_batch_outputs_commit (partial, final, &none, &err) == -1,
      "an empty partial folder: an error");
  CLEANUP_FREE char *want4 = gl_printf ("convert succeeded but wrote nothing in %s",
                                        partial);
  is_str (err.msg, want4, "  its message");
  CLEANUP_FREE char *d3 = gl_printf ("%s/h-sda.raw", partial);
  CLEANUP_FREE char *x3 = gl_printf ("%s/h.xml", partial);
  write_file (d3, "c");
  write_file (x3, "<domain>");
  ok (gl_batch_outputs_commit (partial, final, &none, &err) == -1 && none.len == 0,
      "XML that does not parse: an error, no output");
  CLEANUP_FREE char *want5 = gl_printf ("%s: not well-formed XML", x3);
  is_str (err.msg, want5, "  its message");
  CLEANUP_FREE char *f3 = gl_printf ("%s/h-sda.raw", final);
  ok (access (d3, F_OK) == 0 && access (f3, F_OK) == -1, "  the disk stays in the partial folder");
  gl_batch_partial_remove (partial);

  string_vector disks = empty_vector;
  string_vector o2 = empty_vector;
  string_vector_add (&o2, "/o/g/g.xml");
  string_vector_add (&o2, "/o/g/g-sdaa.qcow2");
  string_vector_add (&o2, "/o/g/g-sdb.qcow2");
  string_vector_add (&o2, "/o/g/g-sda.qcow2");
  string_vector_add (&o2, "/o/g/g-vmlinuz");
  string_vector_add (&o2, "/o/g/g-sd1.qcow2");
  is_int (gl_batch_output_disks (&o2, "g", "qcow2", &disks), 0, "output disks");
  is_int (disks.len, 3, "three disks");
  if (disks.len == 3) {
    is_str (disks.ptr[0], "/o/g/g-sda.qcow2", "sda first");
    is_str (disks.ptr[1], "/o/g/g-sdb.qcow2", "sdb second");
    is_str (disks.ptr[2], "/o/g/g-sdaa.qcow2", "sdaa after sdz");
  }
  string_vector_free (&disks);
  string_vector_free (&o2);

  /* Past 26 disks: the 27th is sdaa, in index order after sdz. */
  string_vector many = empty_vector;
  is_int (gl_batch_disk_files ("/o/g", "g", "raw", 28, &many), 0, "files of 28 disks");
  is_int (many.len, 28, "28 disk files");
  if (many.len == 28) {
    is_str (many.ptr[25], "/o/g/g-sdz.raw", "the 26th is sdz");
    is_str (many.ptr[26], "/o/g/g-sdaa.raw", "the 27th is sdaa");
    is_str (many.ptr[27], "/o/g/g-sdab.raw", "the 28th is sdab");
  }
  string_vector back = empty_vector, shuffled = empty_vector;
  for (size_t i = many.len; i-- > 0; )
    string_vector_add (&shuffled, many.ptr[i]);
  is_int (gl_batch_output_disks (&shuffled, "g", "raw", &back), 0, "output disks of 28");
  bool same = back.len == many.len;
  for (size_t i = 0; same && i < many.len; ++i)
    same = strcmp (back.ptr[i], many.ptr[i]) == 0;
  ok (same, "28 output disks come back in disk order");
  string_vector_free (&back);
  string_vector_free (&shuffled);
  string_vector_free (&many);

  /* Stale partial folders go. */
  CLEANUP_FREE char *stale = gl_printf ("%s/.partial-old", final);
  mkdir (stale, 0755);
  CLEANUP_FREE char *sf = gl_printf ("%s/junk", stale);
  write_file (sf, "x");
  gl_batch_partials_clean (final);
  ok (access (stale, F_OK) == -1, "stale partial folder cleaned");

  for (size_t i = 0; i < outs.len; ++i)
    unlink (outs.ptr[i]);
  string_vector_free (&outs);
  rmdir (final);
}

static void
test_totals (void)
{
  struct gl_batch_state st = { empty_vector };
  struct gl_batch_guest g[4] = { { .name = (char *) "a" }, { .name = (char *) "b" },
                                 { .name = (char *) "c" }, { .name = (char *) "d" } };
  struct gl_batch_job j[4] = { { .guest = &g[0] }, { .guest = &g[1] },
                               { .guest = &g[2] }, { .guest = &g[3] } };
  enum gl_batch_status s[4] = { GL_BATCH_CONVERTED, GL_BATCH_BOOTED, GL_BATCH_BLOCKED,
                                GL_BATCH_CONVERTED };
  for (int i = 0; i < 4; ++i) {
    j[i].entry = gl_batch_state_get (&st, g[i].name);
    j[i].entry->status = s[i];
  }
  struct gl_batch_totals t;
  gl_batch_totals (j, 4, &t);
  ok (t.converted == 3 && t.blocked == 1 && t.booted == 1 && t.failed == 0,
      "totals: 3 converted (1 booted), 1 blocked");
  is_int (gl_batch_exit_status (&t), 3, "some blocked, none failed: exit 3");
  j[2].entry->status = GL_BATCH_CONVERTED;
  gl_batch_totals (j, 4, &t);
  is_int (gl_batch_exit_status (&t), 0, "all converted: exit 0");
  j[3].entry->status = GL_BATCH_BOOT_FAILED;
  j[2].entry->status = GL_BATCH_BLOCKED;
  gl_batch_totals (j, 4, &t);
  is_int (gl_batch_exit_status (&t), 1, "a boot test failed: exit 1 (over blocked)");
  j[3].entry->status = GL_BATCH_FAILED;
  gl_batch_totals (j, 4, &t);
  is_int (gl_batch_exit_status (&t), 1, "a guest failed: exit 1");
  j[3].entry->status = GL_BATCH_PENDING;
  gl_batch_totals (j, 4, &t);
  ok (t.not_done == 1 && gl_batch_exit_status (&t) == 1, "a guest not done: exit 1");

  /* The table and the report file. */
  j[3].entry->status = GL_BATCH_FAILED;
  j[3].entry->error = strdup ("disk x: No such file");
  string_vector_add (&j[2].entry->blockers, "all kernels are Xen PV-only");
  char *buf = NULL;
  size_t len = 0;
  FILE *fp = open_memstream (&buf, &len);
  gl_batch_table_print (fp, j, 4);
  fclose (fp);
  ok (buf && strncmp (buf, "NAME ", 5) == 0 && strstr (buf, "VERDICT")
      && strstr (buf, "KERNEL") && strstr (buf, "RESULT") && strstr (buf, "BOOT")
      && strstr (buf, "TIME"), "table header");
  ok (buf && strstr (buf, "c: blocked: all kernels are Xen PV-only"), "table: blocker line");
  ok (buf && strstr (buf, "d: failed: disk x: No such file"), "table: error line");
  ok (buf && strstr (buf, "4 guest(s): 2 converted, 1 blocked, 1 failed"), "table: totals");
  free (buf);

  char dir[] = "/tmp/test-batch-rep.XXXXXX";
  if (mkdtemp (dir)) {
    CLEANUP_FREE char *rp = gl_printf ("%s/report.json", dir);
    CLEANUP_ERR struct gl_err err = GL_ERR_INIT;
    is_int (gl_batch_report_write (rp, j, 4, &err), 0, "report written");
    CLEANUP_FREE char *text = read_text (rp);
    ok (text && strstr (text, "\"verdict_before\"") && strstr (text, "\"totals\"")
        && strstr (text, "\"boot_test\"") && strstr (text, "\"edits\""),
        "report has the documented keys");
    unlink (rp);
    rmdir (dir);
  }
  gl_batch_state_free (&st);
}

int
main (void)
{
  char dir[] = "/tmp/test-batch-state.XXXXXX";
  if (!mkdtemp (dir)) {
    printf ("Bail out! mkdtemp: %s\n", strerror (errno));
    return 1;
  }
  test_status ();
  test_round_trip (dir);
  test_parse_errors ();
  test_hash_and_resume (dir);
  test_argv ();
  test_outputs (dir);
  test_totals ();
  rmdir (dir);
  return tap_done ();
}
