/* Unit tests: the batch manifest reader, names, shards, --from-xen-dir
 * (batch/batch-manifest.c). */
#include <config.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

#include "batch-manifest.h"
#include "cleanup.h"
#include "error.h"
#include "tap.h"

/* Parse TEXT; return the error (malloc'd) or NULL on success. */
static char *
parse_err (const char *text, gl_batch_guest_vector *v)
{
  CLEANUP_ERR struct gl_err err = GL_ERR_INIT;
  if (gl_batch_manifest_parse (text, strlen (text), "/base", v, &err) == 0)
    return NULL;
  return strdup (gl_err_msg (&err, "(no message)"));
}

/* ok when TEXT is refused with an error containing WANT. */
static void
refused (const char *text, const char *want, const char *what)
{
  gl_batch_guest_vector v = empty_vector;
  CLEANUP_FREE char *err = parse_err (text, &v);
  ok (err && strstr (err, want) != NULL, "refused: %s", what);
  if (!err || !strstr (err, want))
    printf ("#   got: %s\n#   want: ...%s...\n", err ? err : "(accepted)", want);
  is_int (v.len, 0, "  nothing appended (%s)", what);
  gl_batch_guests_free (&v);
}

static void
test_parse (void)
{
  gl_batch_guest_vector v = empty_vector;
  const char *text =
    "{\"guests\": [\n"
    " {\"name\": \"web01\", \"disks\": [\"web01.img\", \"/abs/data.img\"],\n"
    "  \"source_config\": \"cfg/web01.cfg\", \"to\": \"xen-pv\",\n"
    "  \"output_format\": \"raw\", \"direct_boot\": true, \"boot_test\": false,\n"
    "  \"wait_for\": \"login:\", \"command_timeout\": 60,\n"
    "  \"allow_backing_file\": true,\n"
    "  \"bridge\": [\"xenbr0:br0\", \"br9\", \"a:b:c\"], \"network\": [\"lan\"]},\n"
    " {\"name\": \"db\", \"disks\": [\"db.qcow2\"], \"source_config\": null,\n"
    "  \"bridge\": [], \"network\": []}\n"
    "]}\n";
  CLEANUP_FREE char *err = parse_err (text, &v);
  is_str (err, NULL, "a full manifest parses");
  is_int (v.len, 2, "two guests");
  if (v.len == 2) {
    struct gl_batch_guest *g = v.ptr[0];
    is_str (g->name, "web01", "name");
    is_int (g->disks.len, 2, "two disks");
    is_str (g->disks.ptr[0], "/base/web01.img", "relative disk from the manifest's folder");
    is_str (g->disks.ptr[1], "/abs/data.img", "absolute disk as given");
    is_str (g->source_config, "/base/cfg/web01.cfg", "relative source config");
    is_str (g->to, "xen-pv", "to");
    is_str (g->output_format, "raw", "output_format");
    is_int (g->direct_boot, 1, "direct_boot true");
    is_int (g->boot_test, 0, "boot_test false");
    is_str (g->wait_for, "login:", "wait_for");
    is_int (g->command_timeout, 60, "command_timeout");
    is_int (g->allow_backing_file, 1, "allow_backing_file true");
    is_int (g->nets.n, 4, "bridge and network: four rules");
    if (g->nets.n == 4) {
      const struct gl_netmap_rule *r = g->nets.rules;
      ok (r[0].bridge && !strcmp (r[0].in, "xenbr0") && !strcmp (r[0].out, "br0"),
          "bridge[0]: xenbr0 -> br0");
      ok (r[1].bridge && !r[1].in && !strcmp (r[1].out, "br9"),
          "bridge[1]: every other bridge -> br9");
      ok (r[2].bridge && !strcmp (r[2].in, "a:b") && !strcmp (r[2].out, "c"),
          "bridge[2]: the last colon splits, as -b's");
      ok (!r[3].bridge && !r[3].in && !strcmp (r[3].out, "lan"),
          "network[0]: every network -> lan");
    }
    /* Where a NIC goes is netmap's (test-netmap); one look that it is
     * the rules read here that apply. */
    const char *br = NULL, *net = NULL;
    gl_netmap_apply (&g->nets, "xenbr1", NULL, &br, &net);
    is_str (br, "br9", "a NIC on xenbr1 goes on br9");
    g = v.ptr[1];
    is_int (g->nets.n, 0, "empty bridge and network lists: no rule (the command line's)");
    is_str (g->source_config, NULL, "source_config null");
    is_str (g->to, NULL, "to unset: the command line's");
    is_int (g->direct_boot, -1, "direct_boot unset");
    is_int (g->boot_test, -1, "boot_test unset");
    is_int (g->command_timeout, 0, "command_timeout unset: the command line's");
    is_int (g->allow_backing_file, -1, "allow_backing_file unset");
    is_str (g->error, NULL, "no error");
  }
  gl_batch_guests_free (&v);
}

static void
test_refused (void)
{
  refused ("", "not valid JSON", "empty input");
  refused ("{\"guests\": [", "not valid JSON", "truncated JSON");
  refused ("[]", "must be a JSON object", "an array at the top");
  refused ("{\"guests\": []}", "empty", "no guests");
  refused ("{\"guest\": []}", "unknown key \"guest\" at the top level", "unknown top key");
  refused ("{\"guests\": [{\"name\": \"a\", \"disks\": [\"x\"]}]} x", "not valid JSON",
           "trailing garbage");
  refused ("{\"guests\": [{\"name\": \"a\", \"disks\": [\"x\"], \"disk\": 1}]}",
           "guests[0] (a): unknown key \"disk\"", "unknown guest key names guest and key");
  refused ("{\"guests\": [{\"name\": \"a\", \"disks\": [\"x\"]}, "
           "{\"name\": \"b\", \"disks\": [\"y\"], \"bootTest\": true}]}",
           "guests[1] (b): unknown key \"bootTest\"", "index of the second guest");
  refused ("{\"guests\": [{\"name\": \"a\", \"disks\": [\"x\"], \"command_timeout\": 0}]}",
           "guests[0] (a): \"command_timeout\" must be a number of seconds from 1 to 86400",
           "command_timeout 0 (there is no \"no limit\")");
  refused ("{\"guests\": [{\"name\": \"a\", \"disks\": [\"x\"], \"command_timeout\": 86401}]}",
           "\"command_timeout\" must be a number", "command_timeout above a day");
  refused ("{\"guests\": [{\"name\": \"a\", \"disks\": [\"x\"], \"command_timeout\": \"60\"}]}",
           "\"command_timeout\" must be a number", "command_timeout as a string");
  refused ("{\"guests\": [{\"name\": \"a\", \"disks\": [\"x\"], \"command_timeout\": 1.5}]}",
           "\"command_timeout\" must be a number", "command_timeout not whole");
  refused ("{\"guests\": [{\"disks\": [\"x\"]}]}", "guests[0]: \"name\" is missing",
           "missing name");
  refused ("{\"guests\": [{\"name\": \"a/b\", \"disks\": [\"x\"]}]}",
           "guests[0]: \"name\" is not valid", "bad name");
  refused ("{\"guests\": [{\"name\": 7, \"disks\": [\"x\"]}]}",
           "\"name\" must be a string", "name not a string");
  refused ("{\"guests\": [{\"name\": \"a\"}]}", "guests[0] (a): \"disks\" is missing",
           "missing disks");
  refused ("{\"guests\": [{\"name\": \"a\", \"disks\": []}]}", "at least one disk",
           "empty disks");
  refused ("{\"guests\": [{\"name\": \"a\", \"disks\": \"x.img\"}]}",
           "\"disks\" must be an array", "disks not an array");
  refused ("{\"guests\": [{\"name\": \"a\", \"disks\": [\"\"]}]}",
           "must not be empty", "empty disk path");
  refused ("{\"guests\": [{\"name\": \"a\", \"disks\": [\"x\\u0000y\"]}]}",
           "NUL byte", "NUL in a path");
  refused ("{\"guests\": [{\"name\": \"a\", \"disks\": [\"x\"], \"to\": \"vmware\"}]}",
           "\"to\" must be kvm, xen-hvm or xen-pv", "bad target");
  refused ("{\"guests\": [{\"name\": \"a\", \"disks\": [\"x\"], \"output_format\": \"vmdk\"}]}",
           "\"output_format\" must be qcow2 or raw", "bad format");
  refused ("{\"guests\": [{\"name\": \"a\", \"disks\": [\"x\"], \"boot_test\": \"yes\"}]}",
           "\"boot_test\" must be true or false", "boot_test not a boolean");
  refused ("{\"guests\": [{\"name\": \"a\", \"disks\": [\"x\"], \"allow_backing_file\": 1}]}",
           "\"allow_backing_file\" must be true or false",
           "allow_backing_file not a boolean");
  refused ("{\"guests\": [{\"name\": \"a\", \"disks\": [\"x\"]}, "
           "{\"name\": \"a\", \"disks\": [\"y\"]}]}",
           "guests[1] (a): the name is already used by guests[0]", "duplicate name");
  refused ("{\"guests\": [[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]]}", "not valid JSON",
           "deep nesting refused by the depth bound");
  refused ("{\"guests\": [7]}", "guests[0]: must be an object", "guest not an object");

  /* "bridge" and "network": -b and -n arguments, checked as those are. */
  refused ("{\"guests\": [{\"name\": \"a\", \"disks\": [\"x\"], \"bridge\": \"br0\"}]}",
           "guests[0] (a): \"bridge\" must be an array", "bridge not an array");
  refused ("{\"guests\": [{\"name\": \"a\", \"disks\": [\"x\"], \"network\": [7]}]}",
           "guests[0] (a): \"network\"[0] must be a string", "network entry not a string");
  refused ("{\"guests\": [{\"name\": \"a\", \"disks\": [\"x\"], \"bridge\": [\"\"]}]}",
           "\"bridge\"[0] must not be empty", "empty bridge entry");
  refused ("{\"guests\": [{\"name\": \"a\", \"disks\": [\"x\"], "
           "\"bridge\": [\"br0\", \"xenbr0:\"]}]}",
           "guests[0] (a): \"bridge\"[1]: --bridge xenbr0:: give IN:OUT or OUT",
           "bridge entry without OUT names its index");
  refused ("{\"guests\": [{\"name\": \"a\", \"disks\": [\"x\"], "
           "\"network\": [\"lan\\nx\"]}]}",
           "\"network\"[0]: --network", "control character in a network name");
  refused ("{\"guests\": [{\"name\": \"a\", \"disks\": [\"x\"], "
           "\"bridge\": [\"xenbr0:br0\", \"xenbr0:br1\"]}]}",
           "\"bridge\"[1]: --bridge xenbr0:br1: xenbr0 is mapped twice", "a bridge mapped twice");
  refused ("{\"guests\": [{\"name\": \"a\", \"disks\": [\"x\"], "
           "\"network\": [\"n1\", \"n2\"]}]}",
           "\"network\"[1]: --network n2: a second default", "two default networks");
  {
    CLEANUP_FREE char *one = malloc (GL_BATCH_MAX_NIC_RULE + 80);
    strcpy (one, "{\"guests\": [{\"name\": \"a\", \"disks\": [\"x\"], \"bridge\": [\"");
    size_t at = strlen (one);
    memset (one + at, 'b', GL_BATCH_MAX_NIC_RULE + 1);
    strcpy (one + at + GL_BATCH_MAX_NIC_RULE + 1, "\"]}]}");
    refused (one, "\"bridge\"[0]", "a bridge entry over the bound");
    CLEANUP_FREE char *rules = malloc (16 * (GL_BATCH_MAX_NIC_RULES + 1) + 80);
    strcpy (rules, "{\"guests\": [{\"name\": \"a\", \"disks\": [\"x\"], \"bridge\": [");
    for (int i = 0; i < GL_BATCH_MAX_NIC_RULES + 1; ++i)
      sprintf (rules + strlen (rules), "%s\"b%d:o\"", i ? "," : "", i);
    strcat (rules, "]}]}");
    refused (rules, "\"bridge\" has more than 64", "65 bridge rules");
  }

  /* Oversize input: EFBIG without parsing. */
  gl_batch_guest_vector v = empty_vector;
  struct gl_err e = GL_ERR_INIT;
  int rc = gl_batch_manifest_parse ("{}", (size_t) GL_BATCH_MANIFEST_MAX_SIZE + 1, NULL,
                                    &v, &e);
  ok (rc == -1 && e.errnum == EFBIG, "oversize manifest: EFBIG");
  is_str (e.msg, "the manifest is larger than 16 MiB", "oversize manifest: its message");
  gl_err_clear (&e);
  char *err;

  /* Too many disks. */
  CLEANUP_FREE char *many = malloc (64 * 8 + 64);
  strcpy (many, "{\"guests\": [{\"name\": \"a\", \"disks\": [");
  for (int i = 0; i < GL_BATCH_MAX_DISKS + 1; ++i)
    strcat (many, i ? ",\"d\"" : "\"d\"");
  strcat (many, "]}]}");
  refused (many, "too many disks", "61 disks");

  /* A failure leaves what was there before. */
  struct gl_batch_guest *keep = calloc (1, sizeof *keep);
  keep->name = strdup ("keep");
  gl_batch_guest_vector_append (&v, keep);
  err = parse_err ("{\"guests\": [{\"name\": \"a\", \"disks\": [\"x\"]}, {}]}", &v);
  ok (err != NULL && v.len == 1 && v.ptr[0] == keep, "a failed parse leaves OUT as it was");
  free (err);
  gl_batch_guests_free (&v);
}

static void
test_shard (void)
{
  static const char *const names[] = { "e", "a", "d", "b", "c" };
  size_t seen[5] = { 0 };
  for (unsigned k = 1; k <= 3; ++k) {
    gl_batch_guest_vector v = empty_vector;
    for (size_t i = 0; i < 5; ++i) {
      struct gl_batch_guest *g = calloc (1, sizeof *g);
      g->name = strdup (names[i]);
      gl_batch_guest_vector_append (&v, g);
    }
    gl_batch_shard (&v, k, 3);
    for (size_t i = 0; i < v.len; ++i)
      seen[v.ptr[i]->name[0] - 'a']++;
    for (size_t i = 1; i < v.len; ++i)
      ok (strcmp (v.ptr[i - 1]->name, v.ptr[i]->name) < 0, "shard %u/3 sorted", k);
    if (k == 1)
      is_int (v.len, 1, "shard 1/3 of 5 holds 1 guest");
    gl_batch_guests_free (&v);
  }
  int once = 1;
  for (size_t i = 0; i < 5; ++i)
    once &= seen[i] == 1;
  ok (once, "every guest is in exactly one of 3 shards");
}

static void
write_file (const char *path, const char *text)
{
  FILE *fp = fopen (path, "w");
  if (fp) {
    fputs (text, fp);
    fclose (fp);
  }
}

static void
test_xen_dir (void)
{
  char dir[] = "/tmp/test-batch-xen.XXXXXX";
  if (!mkdtemp (dir)) {
    ok (0, "mkdtemp: %m");
    return;
  }
  CLEANUP_FREE char *img = gl_printf ("%s/web.img", dir);
  write_file (img, "x");
  CLEANUP_FREE char *p1 = gl_printf ("%s/web.cfg", dir);
  write_file (p1, "name = \"web\"\nmemory = 512\n"
              "disk = [ 'file:web.img,xvda,w', 'file:/dev/null,hdc:cdrom,r' ]\n");
  CLEANUP_FREE char *p2 = gl_printf ("%s/db.cfg", dir);
  write_file (p2, "name = \"db server\"\ndisk = [ 'phy:/dev/vg/db,xvda,w' ]\n");
  CLEANUP_FREE char *p3 = gl_printf ("%s/gone.cfg", dir);
  write_file (p3, "name = \"gone\"\ndisk = [ 'file:/nonexistent/gone.img,xvda,w' ]\n");
  CLEANUP_FREE char *p4 = gl_printf ("%s/README", dir);
  write_file (p4, "not a config\n");
  CLEANUP_FREE char *p5 = gl_printf ("%s/xl.conf", dir);
  write_file (p5, "autoballoon = \"off\"\n");
  CLEANUP_FREE char *p6 = gl_printf ("%s/web.cfg~", dir);
  write_file (p6, "name = \"web\"\n");
  CLEANUP_FREE char *p7 = gl_printf ("%s/notes.txt", dir);
  write_file (p7, "this is ] not [ xl syntax\n");
  CLEANUP_FREE char *p8 = gl_printf ("%s/web2.cfg", dir);
  write_file (p8, "name = \"web\"\ndisk = [ 'file:web.img,xvda,w' ]\n");
  CLEANUP_FREE char *sub = gl_printf ("%s/scripts", dir);
  mkdir (sub, 0755);

  gl_batch_guest_vector v = empty_vector;
  string_vector notes = empty_vector;
  CLEANUP_ERR struct gl_err err = GL_ERR_INIT;
  int rc = gl_batch_from_xen_dir (dir, &v, &notes, &err);
  is_int (rc, 0, "--from-xen-dir reads the folder");
  /* Files in name order: db.cfg, gone.cfg, web.cfg, web2.cfg. */
  is_int (v.len, 4, "four guest configs found");
  if (v.len == 4) {
    is_str (v.ptr[0]->name, "db_server", "a name with a space is made folder-safe");
    ok (v.ptr[0]->error && strstr (v.ptr[0]->error, "block device"),
        "a phy: disk is reported: %s", v.ptr[0]->error ? v.ptr[0]->error : "(none)");
    ok (v.ptr[1]->error && strstr (v.ptr[1]->error, "No such file"),
        "a missing disk is reported: %s", v.ptr[1]->error ? v.ptr[1]->error : "(none)");
    is_str (v.ptr[2]->name, "web", "web");
    is_str (v.ptr[2]->error, NULL, "web is fine");
    is_int (v.ptr[2]->disks.len, 1, "the CD-ROM is left out");
    ok (v.ptr[2]->disks.len == 1 && strcmp (v.ptr[2]->disks.ptr[0], img) == 0,
        "a relative disk is taken from the folder");
    ok (v.ptr[2]->source_config && strcmp (v.ptr[2]->source_config, p1) == 0,
        "source_config is the file");
    ok (v.ptr[3]->error && strstr (v.ptr[3]->error, "already used"),
        "a second guest of the same name is reported");
  }
  size_t skipped_readme = 0, skipped_xl = 0, skipped_tilde = 0, skipped_txt = 0;
  for (size_t i = 0; i < notes.len; ++i) {
    skipped_readme += strstr (notes.ptr[i], "/README: skipped") != NULL;
    skipped_xl += strstr (notes.ptr[i], "/xl.conf: skipped") != NULL;
    skipped_tilde += strstr (notes.ptr[i], "/web.cfg~: skipped") != NULL;
    skipped_txt += strstr (notes.ptr[i], "/notes.txt: skipped") != NULL;
  }
  ok (skipped_readme == 1, "README skipped with a note");
  ok (skipped_xl == 1, "xl.conf (no name) skipped with a note");
  ok (skipped_tilde == 1, "a backup file skipped with a note");
  ok (skipped_txt == 1, "a file that does not parse skipped with a note");
  gl_batch_guests_free (&v);
  string_vector_free (&notes);

  CLEANUP_FREE char *nodir = gl_printf ("%s/nonexistent", dir);
  ok (gl_batch_from_xen_dir (nodir, &v, &notes, &err) == -1 && err.errnum == ENOENT,
      "a folder that does not exist is an error");
  is_str (err.msg, "cannot read the folder: No such file or directory",
          "  its message");

  const char *files[] = { img, p1, p2, p3, p4, p5, p6, p7, p8 };
  for (size_t i = 0; i < sizeof files / sizeof files[0]; ++i)
    unlink (files[i]);
  rmdir (sub);
  rmdir (dir);
}

static void
test_read_file (void)
{
  char dir[] = "/tmp/test-batch-man.XXXXXX";
  if (!mkdtemp (dir)) {
    ok (0, "mkdtemp: %m");
    return;
  }
  CLEANUP_FREE char *p = gl_printf ("%s/m.json", dir);
  write_file (p, "{\"guests\": [{\"name\": \"a\", \"disks\": [\"a.img\"]}]}");
  gl_batch_guest_vector v = empty_vector;
  CLEANUP_ERR struct gl_err err = GL_ERR_INIT;
  is_int (gl_batch_manifest_read (p, &v, &err), 0, "manifest file read");
  CLEANUP_FREE char *want = gl_printf ("%s/a.img", dir);
  ok (v.len == 1 && strcmp (v.ptr[0]->disks.ptr[0], want) == 0,
      "relative disk resolved against the manifest's folder");
  gl_batch_guests_free (&v);
  ok (gl_batch_manifest_read (dir, &v, &err) == -1, "a folder is not a manifest");
  is_str (err.msg, "not a regular file", "  its message");
  CLEANUP_FREE char *missing = gl_printf ("%s/none.json", dir);
  ok (gl_batch_manifest_read (missing, &v, &err) == -1 && err.errnum == ENOENT,
      "a missing manifest is an error");
  is_str (err.msg, "cannot read it: No such file or directory", "  its message");
  unlink (p);
  rmdir (dir);
}

int
main (void)
{
  test_parse ();
  test_refused ();
  test_shard ();
  test_xen_dir ();
  test_read_file ();
  return tap_done ();
}
