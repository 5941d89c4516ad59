/* Unit tests for inspect/parsers/xenrefs.c: Xen disks and consoles. */
#include <config.h>

#include <errno.h>
#include <string.h>

#include "xenrefs.h"
#include "tap.h"

static int
inittab (const char *t, string_vector *v)
{
  return gl_xen_consoles_in_inittab (t, strlen (t), v);
}

static int
securetty (const char *t, string_vector *v)
{
  return gl_xen_consoles_in_securetty (t, strlen (t), v);
}

static void
test_disks (void)
{
  static const struct { const char *spec; int r; } t[] = {
    { "/dev/xvda", 1 }, { "/dev/xvda1", 1 }, { "/dev/xvdb12", 1 },
    { "/dev/xvdaa3", 1 }, { "/dev/xvc0", 0 }, { "/dev/xvd", 0 },
    { "/dev/xvd1", 0 }, { "/dev/xvda1x", 0 }, { "/dev/xvdA1", 0 },
    { "/dev/sda1", 0 }, { "/dev/vda1", 0 }, { "xvda1", 0 },
    { "UUID=/dev/xvda1", 0 }, { "/dev/xvda/1", 0 }, { "", 0 },
  };
  for (size_t i = 0; i < sizeof t / sizeof t[0]; ++i)
    is_int (gl_is_xen_disk_device (t[i].spec), t[i].r,
            "\"%s\" is %sa Xen disk", t[i].spec, t[i].r ? "" : "not ");
  is_int (gl_is_xen_disk_device (NULL), 0, "NULL is not a Xen disk");
}

static void
test_inittab (void)
{
  string_vector v = empty_vector;
  /* RHEL 5 PV guest inittab (abridged). */
  is_int (inittab ("id:3:initdefault:\n"
                   "# co:2345:respawn:/sbin/agetty hvc1 9600 vt100-nav\n"
                   "co:2345:respawn:/sbin/agetty xvc0 9600 vt100-nav\n"
                   "1:2345:respawn:/sbin/mingetty --noclear hvc0\n"
                   "2:2345:respawn:/sbin/mingetty tty2\n"
                   "3:2345:respawn:/sbin/agetty /dev/hvc0 38400\n", &v), 0,
          "a RHEL 5 inittab parses");
  is_int (v.len, 2, "the inittab has two distinct consoles");
  is_str (v.len > 0 ? v.ptr[0] : NULL, "xvc0", "agetty xvc0 is found");
  is_str (v.len > 1 ? v.ptr[1] : NULL, "hvc0", "mingetty hvc0 is found");
  ok (!string_vector_contains (&v, "hvc1"), "a commented-out console is ignored");
  string_vector_free (&v);

  inittab ("x:1:respawn:/sbin/agetty myxvc0 hvc0x xvc hvc12345 hvc_0 xvc0\r\n"
           "   # y:1:respawn:/sbin/agetty hvc9\n"
           "z:1:respawn:/sbin/agetty hvc3", &v);
  is_int (v.len, 2, "only whole words with 1-4 digits count");
  is_str (v.len > 0 ? v.ptr[0] : NULL, "xvc0", "a console at the end of a CRLF line");
  is_str (v.len > 1 ? v.ptr[1] : NULL, "hvc3", "a console on a last line without newline");
  string_vector_free (&v);
}

static void
test_securetty (void)
{
  string_vector v = empty_vector;
  is_int (securetty ("console\nvc/1\ntty1\nxvc0\n  hvc0 \r\nhvc1 x\n#hvc2\nhvc\nttyS0\n", &v), 0,
          "a securetty parses");
  is_int (v.len, 2, "securetty: only lines that are exactly a console name");
  is_str (v.len > 0 ? v.ptr[0] : NULL, "xvc0", "securetty xvc0");
  is_str (v.len > 1 ? v.ptr[1] : NULL, "hvc0", "securetty hvc0 with blanks and CR around");
  securetty ("xvc0", &v);
  is_int (v.len, 2, "a name already listed is not added again");
  string_vector_free (&v);
}

static void
test_cmdline (void)
{
  string_vector v = empty_vector;
  is_int (gl_xen_consoles_in_cmdline ("ro root=/dev/VolGroup00/LogVol00 console=tty0 "
                                      "console=xvc0,115200 rhgb quiet", &v), 0,
          "a cmdline parses");
  is_int (v.len, 1, "console=tty0 is ignored, console=xvc0,115200 is found");
  is_str (v.len > 0 ? v.ptr[0] : NULL, "xvc0", "the console options are dropped");
  gl_xen_consoles_in_cmdline ("console=hvc0\tconsole=ttyS0,115200n8 xconsole=hvc1 "
                              "console=hvc2x console= console=hvc", &v);
  is_int (v.len, 2, "console=hvc0 is found; other values and look-alikes are not");
  is_str (v.len > 1 ? v.ptr[1] : NULL, "hvc0", "console=hvc0");
  string_vector_free (&v);
  is_int (gl_xen_consoles_in_cmdline (NULL, &v), 0, "a NULL cmdline is fine");
  is_int (v.len, 0, "a NULL cmdline gives nothing");
}

static void
test_bounds (void)
{
  string_vector v = empty_vector;
  static const char nul[] = "xvc0\0hvc0\n";
  gl_xen_consoles_in_securetty (nul, sizeof nul - 1, &v);
  is_int (v.len, 1, "a NUL byte ends the text");
  string_vector_free (&v);
  errno = 0;
  is_int (gl_xen_consoles_in_inittab ("x", (size_t) GL_XENREFS_MAX_BYTES + 1, &v), -1,
          "oversize inittab is refused");
  is_int (errno, EFBIG, "oversize inittab sets EFBIG");
  is_int (gl_xen_consoles_in_securetty (NULL, 0, &v), 0, "NULL securetty is fine");
}

int
main (void)
{
  test_disks ();
  test_inittab ();
  test_securetty ();
  test_cmdline ();
  test_bounds ();
  return tap_done ();
}
