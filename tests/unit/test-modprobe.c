/* Unit tests for inspect/parsers/modprobe.c: Xen PV driver aliases. */
#include <config.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "modprobe.h"
#include "tap.h"

static int
aliases (const char *text, string_vector *out)
{
  return gl_modprobe_xen_aliases (text, strlen (text), out);
}

int
main (void)
{
  string_vector v = empty_vector;

  /* RHEL 5 /etc/modprobe.conf of a PV guest. */
  is_int (aliases ("alias eth0 xennet\n"
                   "alias scsi_hostadapter xenblk\n"
                   "alias eth1 e1000\n"
                   "options xennet rx_copy=1\n"
                   "install xenblk /sbin/modprobe --ignore-install xenblk\n", &v),
          0, "a RHEL 5 modprobe.conf parses");
  is_int (v.len, 2, "a RHEL 5 modprobe.conf has two Xen aliases");
  is_str (v.len > 0 ? v.ptr[0] : NULL, "alias eth0 xennet", "the xennet alias is found");
  is_str (v.len > 1 ? v.ptr[1] : NULL, "alias scsi_hostadapter xenblk", "the xenblk alias is found");
  string_vector_free (&v);

  aliases ("alias\teth0   \t xen-netfront\r\n"
           "  alias  scsi_hostadapter1\txen_blkfront  # the disks\n"
           "alias eth2 xen-vnif#comment\n"
           "alias blk xen_vbd extra words\n", &v);
  is_int (v.len, 4, "tabs, runs of spaces, CRLF, trailing comments and extra words");
  is_str (v.len > 0 ? v.ptr[0] : NULL, "alias eth0 xen-netfront", "tabs and spaces normalised to single spaces");
  is_str (v.len > 1 ? v.ptr[1] : NULL, "alias scsi_hostadapter1 xen_blkfront", "a trailing comment is dropped");
  is_str (v.len > 2 ? v.ptr[2] : NULL, "alias eth2 xen-vnif", "a comment right after the module is dropped");
  is_str (v.len > 3 ? v.ptr[3] : NULL, "alias blk xen_vbd", "words after the module are dropped");
  string_vector_free (&v);

  aliases ("# alias eth0 xennet\n"
           "#alias eth0 xennet\n"
           "alias eth0\n"
           "alias eth0 xennet2\n"
           "aliases eth0 xennet\n"
           "ALIAS eth0 xennet\n"
           "install eth0 xennet\n"
           "alias eth0 e1000 xennet\n", &v);
  is_int (v.len, 0, "comments, short lines, other commands and other modules give nothing");
  string_vector_free (&v);

  aliases ("alias eth0 \\\n   xennet\n", &v);
  is_str (v.len == 1 ? v.ptr[0] : NULL, "alias eth0 xennet", "a backslash continues the line");
  string_vector_free (&v);

  aliases ("alias eth0 xen_netfront\nalias eth0 xen_netfront\n", &v);
  is_int (v.len, 1, "a repeated alias line is listed once");
  aliases ("alias eth0 xen_netfront", &v);
  is_int (v.len, 1, "lines already in the vector are not added again; no final newline is fine");
  string_vector_free (&v);

  static const char nul[] = "alias eth0 xennet\0alias eth1 xennet\n";
  gl_modprobe_xen_aliases (nul, sizeof nul - 1, &v);
  is_int (v.len, 1, "a NUL byte ends the text");
  string_vector_free (&v);

  /* Bounded: a file of 1000 distinct aliases fills the vector up to the
   * bound and says how many it left out. */
  {
    char *many = malloc (1000 * 32);
    size_t p = 0;
    for (int i = 0; i < 1000; ++i)
      p += (size_t) sprintf (many + p, "alias eth%d xennet\n", i);
    is_int (gl_modprobe_xen_aliases (many, p, &v), 1000 - GL_MODPROBE_MAX_ALIASES,
            "aliases past the bound are counted, not added");
    is_int ((int) v.len, GL_MODPROBE_MAX_ALIASES, "the vector holds the bound");
    is_str (v.ptr[GL_MODPROBE_MAX_ALIASES - 1], "alias eth255 xennet", "the first ones are kept");
    is_int (gl_modprobe_xen_aliases ("alias eth0 xennet\n", 18, &v), 0,
            "a full vector still knows the aliases it holds");
    string_vector_free (&v);
    free (many);
  }

  is_int (gl_modprobe_xen_aliases ("", 0, &v), 0, "empty input is fine");
  is_int (gl_modprobe_xen_aliases (NULL, 0, &v), 0, "NULL input is fine");
  is_int (v.len, 0, "empty input gives nothing");
  errno = 0;
  is_int (gl_modprobe_xen_aliases ("x", (size_t) GL_MODPROBE_MAX_BYTES + 1, &v), -1,
          "oversize input is refused");
  is_int (errno, EFBIG, "oversize input sets EFBIG");
  return tap_done ();
}
