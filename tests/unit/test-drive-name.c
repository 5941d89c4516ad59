/* Unit tests for common/utils/drive-name.c: disk names and their
 * inverse. */
#include <config.h>

#include <errno.h>
#include <limits.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "cleanup.h"
#include "drive-name.h"
#include "tap.h"

int
main (void)
{
  static const struct { unsigned index, part; const char *prefix, *name; } t[] = {
    { 0, 0, "sd", "sda" },
    { 0, 1, "sd", "sda1" },
    { 1, 0, "vd", "vdb" },
    { 2, 0, "hd", "hdc" },
    { 0, 2, "xvd", "xvda2" },
    { 25, 0, "xvd", "xvdz" },
    { 26, 0, "xvd", "xvdaa" },
    { 27, 3, "sd", "sdab3" },
    { 51, 0, "sd", "sdaz" },
    { 52, 0, "sd", "sdba" },
    { 701, 0, "vd", "vdzz" },
    { 702, 15, "vd", "vdaaa15" },
    { 18277, 0, "sd", "sdzzz" },
    { 18278, 0, "sd", "sdaaaa" },
    { 0, 4096, "/dev/sd", "/dev/sda4096" },
    { 4, 0, "", "e" },
    { UINT_MAX, 0, "sd", "sdmwlqkwv" },
  };
  for (size_t i = 0; i < sizeof t / sizeof t[0]; ++i) {
    CLEANUP_FREE char *n = gl_drive_name (t[i].prefix, t[i].index, t[i].part);
    is_str (n, t[i].name, "name of disk %u partition %u", t[i].index, t[i].part);
    unsigned idx = 12345, part = 12345;
    ok (gl_drive_parse (t[i].name, t[i].prefix, &idx, &part) == 0
        && idx == t[i].index && part == t[i].part, "parse %s", t[i].name);
  }

  /* Every index up to four letters, and a stride beyond, round-trips;
   * names grow by one letter exactly at 26, 702, 18278. */
  bool all = true, lengths = true;
  for (unsigned long long i = 0; i < 600000; i += i < 20000 ? 1 : 97) {
    char l[GL_DRIVE_LETTERS_MAX];
    gl_drive_letters ((unsigned) i, l);
    size_t want = i < 26 ? 1 : i < 702 ? 2 : i < 18278 ? 3 : i < 475254 ? 4 : 5;
    lengths &= strlen (l) == want;
    char name[16] = "xvd";
    strcat (name, l);
    unsigned idx, part;
    all &= gl_drive_parse (name, "xvd", &idx, &part) == 0 && idx == i && part == 0;
  }
  ok (all, "round trip for indices 0 to 600000");
  ok (lengths, "one letter more exactly at 26, 702, 18278 and 475254");

  /* Malformed names: refused, errno EINVAL. */
  static const struct { const char *name, *prefix; } bad[] = {
    { "xvd", "xvd" },             /* no letters */
    { "", "sd" },
    { "xvdA", "xvd" },            /* upper case */
    { "xvd1", "xvd" },            /* partition without disk */
    { "xvda0", "xvd" },           /* no partition 0 */
    { "xvda01", "xvd" },          /* leading zero */
    { "xvda1x", "xvd" },          /* trailing garbage */
    { "xvda1a", "xvd" },
    { "xvda-1", "xvd" },
    { "xvda+1", "xvd" },
    { "xvda 1", "xvd" },
    { "sda", "xvd" },             /* another prefix */
    { "xvda", "sd" },
    { "/dev/sda", "sd" },
    { "sda4097", "sd" },          /* past GL_DRIVE_MAX_PARTITION */
    { "sda99999999999999999999", "sd" },
    { "sdmwlqkww", "sd" },        /* UINT_MAX + 1 */
    { "sdzzzzzzzzzzzzzzzzzzzz", "sd" },
  };
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; ++i) {
    unsigned idx = 7, part = 7;
    errno = 0;
    ok (gl_drive_parse (bad[i].name, bad[i].prefix, &idx, &part) == -1 && errno == EINVAL
        && idx == 7 && part == 7, "refused: \"%s\" with prefix \"%s\"", bad[i].name,
        bad[i].prefix);
  }
  unsigned idx;
  ok (gl_drive_parse ("sdb", "sd", &idx, NULL) == 0 && idx == 1,
      "no partition wanted: a whole disk is fine");
  ok (gl_drive_parse ("sdb1", "sd", &idx, NULL) == -1 && errno == EINVAL,
      "no partition wanted: a partition is refused");
  ok (gl_drive_parse (NULL, "sd", &idx, NULL) == -1, "NULL is refused");

  /* Convert's disk files. */
  {
    CLEANUP_FREE char *a = gl_drive_file_name ("/o", "web", 0, "qcow2");
    CLEANUP_FREE char *z = gl_drive_file_name ("/o", "web", 26, "raw");
    is_str (a, "/o/web-sda.qcow2", "file of disk 0");
    is_str (z, "/o/web-sdaa.raw", "file of disk 26");
    unsigned i = 99;
    ok (gl_drive_file_parse ("web-sdab.qcow2", "web", "qcow2", &i) == 0 && i == 27,
        "file parse: web-sdab.qcow2 is disk 27");
    ok (gl_drive_file_parse ("a-b-sdc.raw", "a-b", "raw", &i) == 0 && i == 2,
        "file parse: a name with a dash");
    static const char *const no[] = {
      "web-sda1.qcow2", "web-sd.qcow2", "web-vda.qcow2", "web-sda.raw", "web-sda.qcow",
      "web-sda.qcow2.tmp", "webx-sda.qcow2", "web-sdA.qcow2", "web.xml", "web-sdaqcow2",
      "web-sda", "", "other-sda.qcow2",
    };
    for (size_t k = 0; k < sizeof no / sizeof no[0]; ++k)
      ok (gl_drive_file_parse (no[k], "web", "qcow2", &i) == -1 && errno == EINVAL,
          "file parse refuses \"%s\"", no[k]);
  }
  return tap_done ();
}
