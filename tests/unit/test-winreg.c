/* Unit tests for inspect/winreg.c: registry facts read from hives made
 * here (an empty hive from tests/fixtures/mkwinblob.pl, filled with
 * hivex's write API), and hostile hives (garbage, truncated, empty):
 * an error, never a crash of guestlift. */
#include <config.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <hivex.h>

#include "cleanup.h"
#include "spawn.h"
#include "tap.h"
#include "winreg.h"

static char dir[] = "/tmp/gl-test-winreg.XXXXXX";

/* An empty hive whose root key is NAME, at dir/FILE. */
static char *
empty_hive (const char *name, const char *file)
{
  const char *srcdir = getenv ("top_srcdir");
  CLEANUP_FREE char *script = NULL, *out = NULL;
  if (asprintf (&script, "%s/tests/fixtures/mkwinblob.pl", srcdir ? srcdir : ".") == -1 ||
      asprintf (&out, "%s/%s", dir, file) == -1)
    abort ();
  const char *argv[] = { "perl", script, "hive", name, out, NULL };
  struct gl_spawn_result res;
  int r = gl_spawn (argv, 4096, &res);
  bool good = r == 0 && res.status == 0;
  gl_spawn_result_free (&res);
  return good ? GL_STEAL (out) : NULL;
}

/* UTF-16LE of an ASCII string, with its NUL. */
static struct hive_set_value
sz (const char *key, const char *s)
{
  size_t n = strlen (s) + 1;
  char *v = calloc (n, 2);
  for (size_t i = 0; i < n; ++i)
    v[2 * i] = s[i];
  return (struct hive_set_value) { (char *) key, hive_t_REG_SZ, 2 * n, v };
}

static struct hive_set_value
dword (const char *key, uint32_t d)
{
  char *v = malloc (4);
  memcpy (v, &d, 4);
  return (struct hive_set_value) { (char *) key, hive_t_REG_DWORD, 4, v };
}

static struct hive_set_value
binary (const char *key, const void *data, size_t len)
{
  char *v = malloc (len);
  memcpy (v, data, len);
  return (struct hive_set_value) { (char *) key, hive_t_REG_BINARY, len, v };
}

/* Create the key PATH ("A\\B\\C") and give it VALUES. */
static void
set (hive_h *h, const char *path, struct hive_set_value *values, size_t n)
{
  hive_node_h node = hivex_root (h);
  CLEANUP_FREE char *copy = strdup (path);
  for (char *save = NULL, *p = strtok_r (copy, "\\", &save); p; p = strtok_r (NULL, "\\", &save)) {
    hive_node_h child = hivex_node_get_child (h, node, p);
    node = child ? child : hivex_node_add_child (h, node, p);
    if (!node)
      abort ();
  }
  if (hivex_node_set_values (h, node, n, values, 0) == -1)
    abort ();
  for (size_t i = 0; i < n; ++i)
    free (values[i].value);
}

static char *
software_hive (const char *file, bool numbers)
{
  char *path = empty_hive ("SOFTWARE", file);
  hive_h *h = path ? hivex_open (path, HIVEX_OPEN_WRITE) : NULL;
  if (!h)
    return NULL;
  struct hive_set_value v[] = {
    sz ("ProductName", numbers ? "Windows 10 Pro" : "Windows 7 Professional"),
    sz ("CurrentVersion", numbers ? "6.3" : "6.1"),
    sz ("InstallationType", "Client"),
    dword ("CurrentMajorVersionNumber", 10),
    dword ("CurrentMinorVersionNumber", 0),
  };
  size_t n = numbers ? 5 : 3;
  set (h, "Microsoft\\Windows NT\\CurrentVersion", v, n);
  for (size_t i = n; i < sizeof v / sizeof v[0]; ++i)
    free (v[i].value);
  if (hivex_commit (h, NULL, 0) == -1)
    abort ();
  hivex_close (h);
  return path;
}

static const unsigned char c_blob[12] = {
  0xef, 0xbe, 0xad, 0xde, 0x00, 0x00, 0x50, 0x06, 0x00, 0x00, 0x00, 0x00,
};

static char *
system_hive (const char *file)
{
  char *path = empty_hive ("SYSTEM", file);
  hive_h *h = path ? hivex_open (path, HIVEX_OPEN_WRITE) : NULL;
  if (!h)
    return NULL;
  struct hive_set_value sel[] = { dword ("Current", 2) };
  set (h, "Select", sel, 1);
  struct hive_set_value tcp[] = { sz ("Hostname", "WIN-TEST") };
  set (h, "ControlSet002\\Services\\Tcpip\\Parameters", tcp, 1);
  struct hive_set_value wrong[] = { sz ("Hostname", "NOT-CURRENT") };
  set (h, "ControlSet001\\Services\\Tcpip\\Parameters", wrong, 1);
  static const char cdrom[] = "\\??\\IDE#CdRomQEMU_QEMU_DVD-ROM_____________________2.5+#5&3a4b6c7d&0&1.0.0#{53f5630d-b6bf-11d0-94f2-00a0c91efb8b}";
  unsigned char gpt[24] = "DMIO:ID:";
  memset (gpt + 8, 0x42, 16);
  struct hive_set_value md[] = {
    binary ("\\DosDevices\\C:", c_blob, sizeof c_blob),
    binary ("\\DosDevices\\D:", cdrom, sizeof cdrom),
    binary ("\\DosDevices\\E:", gpt, sizeof gpt),
    binary ("\\??\\Volume{01234567-89ab-cdef-0123-456789abcdef}", c_blob, sizeof c_blob),
    sz ("\\DosDevices\\F:", "not binary"),
  };
  set (h, "MountedDevices", md, 5);
  if (hivex_commit (h, NULL, 0) == -1)
    abort ();
  hivex_close (h);
  return path;
}

static char *
host_file (const char *name, const void *data, size_t len)
{
  char *path;
  if (asprintf (&path, "%s/%s", dir, name) == -1)
    abort ();
  FILE *fp = fopen (path, "w");
  if (!fp || fwrite (data, 1, len, fp) != len || fclose (fp) != 0)
    abort ();
  return path;
}

static char *
slurp (const char *path, size_t *len)
{
  FILE *fp = fopen (path, "r");
  char *buf = malloc (1 << 20);
  *len = fp ? fread (buf, 1, 1 << 20, fp) : 0;
  if (fp)
    fclose (fp);
  return buf;
}

int
main (void)
{
  if (!mkdtemp (dir))
    abort ();
  CLEANUP_FREE char *soft = software_hive ("SOFTWARE", false);
  CLEANUP_FREE char *soft10 = software_hive ("SOFTWARE10", true);
  CLEANUP_FREE char *sys = system_hive ("SYSTEM");
  ok (soft && soft10 && sys, "hives made (perl tests/fixtures/mkwinblob.pl, hivex)");
  if (!soft || !soft10 || !sys)
    return tap_done ();

  struct gl_winreg_facts f;
  struct gl_err err = GL_ERR_INIT;
  is_int (gl_winreg_read (soft, sys, &f, &err), 0, "a Windows 7 registry is read");
  is_str (f.product_name, "Windows 7 Professional", "ProductName");
  is_str (f.variant, "Client", "InstallationType");
  ok (f.have_version && f.major == 6 && f.minor == 1, "CurrentVersion 6.1");
  is_str (f.hostname, "WIN-TEST", "Hostname of ControlSet002 (Select\\Current = 2)");
  is_int ((int) f.ndrives, 2, "two binary \\DosDevices\\X: values (C: and E:; the "
          "CD-ROM's is longer than a blob kept, F: is not binary)");
  ok (f.ndrives >= 1 && f.drives[0].letter == 'C' && f.drives[0].len == 12 &&
      memcmp (f.drives[0].blob, c_blob, 12) == 0, "C: and its 12 bytes");
  ok (f.ndrives >= 2 && f.drives[1].letter == 'E' && f.drives[1].len == 24,
      "E: and its 24 bytes (GPT)");
  gl_winreg_facts_free (&f);

  is_int (gl_winreg_read (soft10, NULL, &f, &err), 0, "a Windows 10 SOFTWARE hive is read");
  ok (f.have_version && f.major == 10 && f.minor == 0,
      "CurrentMajor/MinorVersionNumber win over CurrentVersion (10.0, not 6.3)");
  ok (f.hostname == NULL && f.ndrives == 0, "no SYSTEM hive: no host name, no drives");
  gl_winreg_facts_free (&f);

  /* Hostile hives. */
  static const char garbage[] = "this is no registry hive at all, just text";
  CLEANUP_FREE char *junk = host_file ("junk", garbage, sizeof garbage);
  gl_err_clear (&err);
  is_int (gl_winreg_read (junk, sys, &f, &err), -1, "a SOFTWARE hive of garbage is an error");
  ok (strstr (gl_err_msg (&err, ""), "SOFTWARE hive") != NULL,
      "which names the hive (%s)", gl_err_msg (&err, ""));
  is_str (f.hostname, "WIN-TEST", "the SYSTEM hive's facts are still read");
  gl_winreg_facts_free (&f);

  CLEANUP_FREE char *empty = host_file ("empty", "", 0);
  gl_err_clear (&err);
  is_int (gl_winreg_read (soft, empty, &f, &err), -1, "an empty SYSTEM hive is an error");
  ok (strstr (gl_err_msg (&err, ""), "SYSTEM hive") != NULL,
      "which names the hive (%s)", gl_err_msg (&err, ""));
  gl_winreg_facts_free (&f);

  /* Every truncation and a few byte flips of a real hive: an answer or
   * an error, never a crash of the caller. */
  size_t len;
  CLEANUP_FREE char *bytes = slurp (sys, &len);
  bool survived = true;
  for (size_t cut = 0; cut < len; cut += 1024) {
    CLEANUP_FREE char *t = host_file ("cut", bytes, cut);
    gl_err_clear (&err);
    int r = gl_winreg_read (NULL, t, &f, &err);
    survived &= r == 0 || r == -1;
    gl_winreg_facts_free (&f);
  }
  for (size_t at = 0x1000; at < len; at += 97) {
    bytes[at] ^= 0x5a;
    CLEANUP_FREE char *t = host_file ("flip", bytes, len);
    bytes[at] ^= 0x5a;
    gl_err_clear (&err);
    int r = gl_winreg_read (NULL, t, &f, &err);
    survived &= r == 0 || r == -1;
    gl_winreg_facts_free (&f);
  }
  ok (survived, "truncated and corrupted SYSTEM hives: answers or errors (%zu bytes)", len);
  gl_err_clear (&err);

  const char *rm[] = { "rm", "-rf", dir, NULL };
  struct gl_spawn_result res;
  gl_spawn (rm, 0, &res);
  gl_spawn_result_free (&res);
  return tap_done ();
}
