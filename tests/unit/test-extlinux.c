/* Unit tests for the extlinux/syslinux reader (common/bootloader/extlinux.c). */
#include <config.h>

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "bootcfg.h"
#include "tap.h"

static const char conf[] =
  "## /boot/extlinux/extlinux.conf\n"
  "default linux\n"
  "prompt 1\n"
  "timeout 50\n"
  "ONTIMEOUT old\n"
  "menu title Boot menu\n"
  "\n"
  "label old\n"
  "  kernel /boot/vmlinuz-4.19.0-6-amd64\n"
  "  append root=/dev/xvda1 ro initrd=/boot/intel-ucode.img,/boot/initrd.img-4.19.0-6-amd64\n"
  "\n"
  "LABEL linux\n"
  "  MENU LABEL Debian GNU/Linux, kernel 6.1.0-18-amd64\n"
  "  LINUX /boot/vmlinuz-6.1.0-18-amd64\n"
  "  APPEND root=/dev/vda1 ro quiet\n"
  "  INITRD /boot/initrd.img-6.1.0-18-amd64\n"
  "\n"
  "Label rescue\n"
  "\tLinux /boot/vmlinuz-rescue\n"
  "\tAppend -\n";

int
main (void)
{
  struct gl_bootcfg c;

  ok (gl_extlinux_parse (conf, strlen (conf), &c) == 0, "extlinux.conf parses");
  is_int (c.entries.len, 3, "three labels, three entries");
  is_str (c.default_spec, "linux", "DEFAULT value kept");
  is_int (c.default_index, 1, "DEFAULT names the LABEL (ONTIMEOUT ignored)");
  is_str (c.entries.ptr[0].id, "old", "LABEL is the id");
  is_str (c.entries.ptr[0].title, "old", "without MENU LABEL the title is the LABEL");
  is_str (c.entries.ptr[0].kernel, "/boot/vmlinuz-4.19.0-6-amd64",
          "lower-case kernel keyword");
  is_str (c.entries.ptr[0].initrd, "/boot/initrd.img-4.19.0-6-amd64",
          "APPEND initrd= gives the initrd, microcode skipped");
  is_str (c.entries.ptr[0].cmdline,
          "root=/dev/xvda1 ro initrd=/boot/intel-ucode.img,/boot/initrd.img-4.19.0-6-amd64",
          "APPEND is the cmdline as written");
  is_str (c.entries.ptr[1].title, "Debian GNU/Linux, kernel 6.1.0-18-amd64",
          "MENU LABEL is the title");
  is_str (c.entries.ptr[1].kernel, "/boot/vmlinuz-6.1.0-18-amd64", "LINUX keyword");
  is_str (c.entries.ptr[1].initrd, "/boot/initrd.img-6.1.0-18-amd64", "INITRD keyword");
  is_str (c.entries.ptr[1].cmdline, "root=/dev/vda1 ro quiet", "APPEND cmdline");
  is_str (c.entries.ptr[2].kernel, "/boot/vmlinuz-rescue", "mixed-case keywords");
  ok (c.entries.ptr[2].cmdline == NULL, "APPEND - means no cmdline");
  gl_bootcfg_free (&c);

  {
    const char *s =
      "DEFAULT a\nLABEL a\n KERNEL /a\nLABEL b\n MENU DEFAULT\n KERNEL /b\n";
    gl_extlinux_parse (s, strlen (s), &c);
    is_int (c.default_index, 1, "MENU DEFAULT inside a label wins over DEFAULT");
    gl_bootcfg_free (&c);
  }
  {
    const char *s = "LABEL a\n KERNEL /a\nLABEL b\n KERNEL /b\n";
    gl_extlinux_parse (s, strlen (s), &c);
    is_int (c.default_index, 0, "no DEFAULT means entry 0");
    gl_bootcfg_free (&c);
  }
  {
    const char *s = "DEFAULT B\nLABEL a\n KERNEL /a\nLABEL b\n KERNEL /b\n";
    gl_extlinux_parse (s, strlen (s), &c);
    is_int (c.default_index, 1, "DEFAULT matches a LABEL case-insensitively");
    gl_bootcfg_free (&c);
  }
  {
    const char *s = "DEFAULT nothere\nLABEL a\n KERNEL /a\n";
    gl_extlinux_parse (s, strlen (s), &c);
    is_int (c.default_index, -1, "DEFAULT naming no LABEL is -1");
    gl_bootcfg_free (&c);
  }
  {
    const char *s = "LABEL a\n INITRD /i1\n APPEND initrd=/i2\n KERNEL /a\n";
    gl_extlinux_parse (s, strlen (s), &c);
    is_str (c.entries.ptr[0].initrd, "/i1", "INITRD wins over APPEND initrd=");
    gl_bootcfg_free (&c);
  }
  {
    const char *s = "KERNEL /orphan\nPROMPT 0\n";
    ok (gl_extlinux_parse (s, strlen (s), &c) == 0 && c.entries.len == 0,
        "a file with no LABEL has no entries");
    is_int (c.default_index, -1, "no entries: default -1");
    gl_bootcfg_free (&c);
  }
  {
    size_t n = GL_BOOTCFG_MAX_BYTES + 1;
    char *big = calloc (n, 1);
    errno = 0;
    ok (gl_extlinux_parse (big, n, &c) == -1 && errno == EFBIG,
        "oversize input is refused with EFBIG");
    gl_bootcfg_free (&c);
    free (big);
  }
  return tap_done ();
}
