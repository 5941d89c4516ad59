/* Unit tests for extlinux/syslinux (common/bootloader/extlinux.c): the
 * parser and the rewriter. */
#include <config.h>

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "boot-test.h"
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

static void
test_rewrite (void)
{
  struct gl_boot_edits c = boot_kvm ("vmlinuz-3.2.0-4-amd64");
  CHECK (boot_rewrite ("extlinux", "DEFAULT xen\n"
                       "TIMEOUT 50\n"
                       "LABEL xen\n"
                       "  KERNEL mboot.c32\n"
                       "  APPEND xen.gz --- vmlinuz-3.2.0-4-amd64 console=hvc0 --- initrd.img\n"
                       "LABEL linux\n"
                       "  KERNEL /boot/vmlinuz-3.2.0-4-amd64\n"
                       "  APPEND root=/dev/xvda1 ro console=hvc0\n", &c),
         "DEFAULT linux\n"
         "TIMEOUT 50\n"
         "LABEL xen\n"
         "  KERNEL mboot.c32\n"
         "  APPEND xen.gz --- vmlinuz-3.2.0-4-amd64 console=hvc0 --- initrd.img\n"
         "LABEL linux\n"
         "  KERNEL /boot/vmlinuz-3.2.0-4-amd64\n"
         "  APPEND root=/dev/vda1 ro console=ttyS0\n",
         "extlinux: DEFAULT names the chosen label, APPEND rewritten, mboot.c32 left alone");
  CHECK (boot_rewrite ("extlinux", "label l\n linux vmlinuz-3.2.0-4-amd64\n append ro\n", &c),
         "DEFAULT l\nlabel l\n linux vmlinuz-3.2.0-4-amd64\n append ro console=ttyS0\n",
         "extlinux without DEFAULT gets one; lowercase keywords understood");

  /* What syslinux reads, the rewriter edits. */
  CHECK (boot_rewrite ("extlinux", "LABEL a\n KERNEL /vmlinuz-1\n MENU DEFAULT\n"
                       "DEFAULT a\nLabel b\n\tLinux /boot/vmlinuz-3.2.0-4-amd64\n\tAppend -\n", &c),
         "LABEL a\n KERNEL /vmlinuz-1\n APPEND console=ttyS0\n"
         "DEFAULT b\nLabel b\n\tLinux /boot/vmlinuz-3.2.0-4-amd64\n\tAppend console=ttyS0\n",
         "extlinux: a DEFAULT after a LABEL is the one changed, another label's MENU DEFAULT goes, "
         "APPEND - gets the console, a label without APPEND gets one");
  c.default_kernel = "vmlinuz-2";
  CHECK (boot_rewrite ("extlinux", "APPEND root=/dev/xvda1\nLABEL a\n\tkernel /vmlinuz-1\n"
                       "LABEL b\n\tkernel /vmlinuz-2\n\tappend ro", &c),
         "DEFAULT b\nAPPEND root=/dev/vda1 console=ttyS0\nLABEL a\n\tkernel /vmlinuz-1\n"
         "LABEL b\n\tkernel /vmlinuz-2\n\tappend ro console=ttyS0",
         "extlinux: the global APPEND is edited, it is the command line of labels without one");
  boot_unchanged ("extlinux", "", &c, "an empty extlinux.conf: unchanged");
}

static void
test_parse (void)
{
  struct gl_bootcfg c;

  ok (boot_parse ("extlinux", conf, strlen (conf), &c) == 0, "extlinux.conf parses");
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

  boot_default_is ("extlinux", "DEFAULT a\nLABEL a\n KERNEL /a\nLABEL b\n MENU DEFAULT\n KERNEL /b\n",
                   1, "MENU DEFAULT inside a label wins over DEFAULT");
  boot_default_is ("extlinux", "LABEL a\n KERNEL /a\nLABEL b\n KERNEL /b\n",
                   0, "no DEFAULT means entry 0");
  boot_default_is ("extlinux", "DEFAULT B\nLABEL a\n KERNEL /a\nLABEL b\n KERNEL /b\n",
                   1, "DEFAULT matches a LABEL case-insensitively");
  boot_default_is ("extlinux", "DEFAULT nothere\nLABEL a\n KERNEL /a\n",
                   -1, "DEFAULT naming no LABEL is -1");
  {
    const char *s = "LABEL a\n INITRD /i1\n APPEND initrd=/i2\n KERNEL /a\n";
    boot_parse ("extlinux", s, strlen (s), &c);
    is_str (c.entries.ptr[0].initrd, "/i1", "INITRD wins over APPEND initrd=");
    gl_bootcfg_free (&c);
  }
  {
    const char *s = "APPEND root=/dev/vda1 initrd=/i0\nLABEL a\n KERNEL /a\n"
      "LABEL b\n KERNEL /b\n APPEND -\nLABEL c\n KERNEL /c\n APPEND ro\n";
    boot_parse ("extlinux", s, strlen (s), &c);
    is_str (c.entries.ptr[0].cmdline, "root=/dev/vda1 initrd=/i0",
            "a label without APPEND boots with the global one");
    is_str (c.entries.ptr[0].initrd, "/i0", "and its initrd=");
    ok (c.entries.ptr[1].cmdline == NULL, "APPEND - means none, not the global one");
    is_str (c.entries.ptr[2].cmdline, "ro", "a label's own APPEND wins");
    gl_bootcfg_free (&c);
  }
  {
    const char *s = "KERNEL /orphan\nPROMPT 0\n";
    ok (boot_parse ("extlinux", s, strlen (s), &c) == 0 && c.entries.len == 0,
        "a file with no LABEL has no entries");
    is_int (c.default_index, -1, "no entries: default -1");
    gl_bootcfg_free (&c);
  }
  boot_oversize_refused ("extlinux");
}

/* Configs as guests hold them: what the parser reads, the rewriter edits
 * (boot_consistent, boot-test.h). */
static const char mixed[] =
  "# DEFAULT commented\n"
  "default first\n"
  "PROMPT 0\n"
  "label first\n"
  "  MENU LABEL First one\n"
  "  KERNEL /boot/vmlinuz-1\n"
  "  APPEND root=/dev/xvda2 console=hvc0\n"
  "LABEL xen\n"
  "  kernel mboot.c32\n"
  "  append xen.gz --- /boot/vmlinuz-1 root=/dev/xvda2 --- initrd\n"
  "Label third\n"
  "\tLinux /boot/vmlinuz-3\n"
  "\tAppend -\n"
  "\tMENU DEFAULT\n";

static void
test_consistency (void)
{
  boot_consistent ("extlinux", "(mixed case, MENU DEFAULT, mboot.c32)", mixed, NULL, 3);
}

int
main (void)
{
  test_parse ();
  test_rewrite ();
  test_consistency ();
  return boot_test_done ();
}
