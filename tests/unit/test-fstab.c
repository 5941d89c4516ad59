/* Unit tests for inspect/parsers/fstab.c: the fstab/crypttab reader. */
#include <config.h>

#include <errno.h>
#include <string.h>

#include "fstab.h"
#include "tap.h"

static int
parse (const char *text, gl_fstab *f)
{
  return gl_fstab_parse (text, strlen (text), f);
}

int
main (void)
{
  gl_fstab f = empty_vector;

  /* A RHEL 5 Xen PV guest's fstab. */
  is_int (parse ("/dev/VolGroup00/LogVol00 /                       ext3    defaults        1 1\n"
                 "LABEL=/boot             /boot                   ext3    defaults        1 2\n"
                 "tmpfs                   /dev/shm                tmpfs   defaults        0 0\n"
                 "# /dev/xvdb1 /data ext3 defaults 0 0\n"
                 "\n"
                 "/dev/xvda3\tswap\tswap\tdefaults\t0 0\n", &f), 0,
          "a RHEL 5 fstab parses");
  is_int (f.len, 4, "a RHEL 5 fstab has four entries (comment and blank line skipped)");
  if (f.len == 4) {
    is_str (f.ptr[0].spec, "/dev/VolGroup00/LogVol00", "LVM spec");
    is_str (f.ptr[0].file, "/", "root mount point");
    is_str (f.ptr[0].vfstype, "ext3", "vfstype");
    is_str (f.ptr[0].options, "defaults", "options");
    is_str (f.ptr[1].spec, "LABEL=/boot", "LABEL= spec kept as is");
    is_str (f.ptr[3].spec, "/dev/xvda3", "tab-separated spec");
    is_str (f.ptr[3].file, "swap", "tab-separated file");
    is_str (f.ptr[3].options, "defaults", "tab-separated options");
  }
  gl_fstab_free (&f);
  ok (f.ptr == NULL && f.len == 0, "gl_fstab_free leaves the vector empty");

  parse ("LABEL=My\\040Disk /mnt/my\\040data\\011x ext4 rw\\054noatime 0 2\n"
         "/dev/a /b\\\\c\\0 x\\999 y\\000z\n", &f);
  is_int (f.len, 2, "two escaped entries");
  if (f.len == 2) {
    is_str (f.ptr[0].spec, "LABEL=My Disk", "\\040 in the spec is a space");
    is_str (f.ptr[0].file, "/mnt/my data\tx", "\\040 and \\011 in the mount point are decoded");
    is_str (f.ptr[0].options, "rw,noatime", "\\054 in the options is a comma");
    is_str (f.ptr[1].file, "/b\\\\c\\0", "backslashes without three octal digits stay");
    is_str (f.ptr[1].vfstype, "x\\999", "non-octal digits stay");
    is_str (f.ptr[1].options, "y\\000z", "\\000 is not decoded (no NUL in strings)");
  }
  gl_fstab_free (&f);

  parse ("/dev/xvda1 /boot\r\n/dev/xvda2 / ext3\r\nonlyone\r\n   # indented comment\r\n", &f);
  is_int (f.len, 2, "CRLF; a one-field line and an indented comment are skipped");
  if (f.len == 2) {
    is_str (f.ptr[0].file, "/boot", "CR is not part of the last field");
    is_str (f.ptr[0].vfstype, "", "a missing vfstype is \"\"");
    is_str (f.ptr[0].options, "", "a missing options field is \"\"");
    is_str (f.ptr[1].vfstype, "ext3", "CRLF: vfstype read");
    is_str (f.ptr[1].options, "", "CRLF: missing options is \"\"");
  }
  gl_fstab_free (&f);

  parse ("a b c d 0 0\n", &f);
  parse ("e f", &f);
  is_int (f.len, 2, "entries are appended; no final newline is fine");
  gl_fstab_free (&f);

  static const char nul[] = "a b\0c d\n";
  gl_fstab_parse (nul, sizeof nul - 1, &f);
  is_int (f.len, 1, "a NUL byte ends the text");
  gl_fstab_free (&f);

  /* /etc/crypttab has the same shape. */
  parse ("luks-1234 UUID=1234 none luks,discard\n", &f);
  is_str (f.len == 1 ? f.ptr[0].options : NULL, "luks,discard", "a crypttab line reads too");
  gl_fstab_free (&f);

  is_int (gl_fstab_parse (NULL, 0, &f), 0, "NULL input is fine");
  is_int (f.len, 0, "NULL input gives nothing");
  errno = 0;
  is_int (gl_fstab_parse ("x", (size_t) GL_FSTAB_MAX_BYTES + 1, &f), -1, "oversize input is refused");
  is_int (errno, EFBIG, "oversize input sets EFBIG");
  gl_fstab_free (NULL);
  return tap_done ();
}
