/* Unit tests for Boot Loader Specification entries (common/bootloader/bls.c) and
 * grub2's "blscfg" (common/bootloader/grub2.c): parsing, $kernelopts, microcode
 * initrds, blscfg's menu order in front of grub.cfg's own entries, and a
 * saved default naming a BLS id. */
#include <config.h>

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "bootcfg.h"
#include "tap.h"

#define MID "8f3a1c0e2b7d4e5f9a6b1c2d3e4f5a6b"

static const char new_entry[] =
  "# written by kernel-install\n"
  "title Rocky Linux (5.14.0-362.8.1.el9_3.x86_64) 9.3 (Blue Onyx)\n"
  "version 5.14.0-362.8.1.el9_3.x86_64\n"
  "linux /vmlinuz-5.14.0-362.8.1.el9_3.x86_64\n"
  "initrd /intel-ucode.img /initramfs-5.14.0-362.8.1.el9_3.x86_64.img $tuned_initrd\n"
  "options root=UUID=0b1c $kernelopts  crashkernel=auto\n"
  "options console=ttyS0 $tuned_params $ ${x\n"
  "grub_users $grub_users\n"
  "grub_arg --unrestricted\n"
  "grub_class rocky\n";

static const char old_entry[] =
  "title Rocky Linux (5.14.0-284.11.1.el9_2.x86_64) 9.2 (Blue Onyx)\r\n"
  "version 5.14.0-284.11.1.el9_2.x86_64\r\n"
  "linux (hd0,gpt2)/vmlinuz-5.14.0-284.11.1.el9_2.x86_64\r\n"
  "initrd /initramfs-5.14.0-284.11.1.el9_2.x86_64.img\r\n"
  "options ${kernelopts}\r\n";

static const char rescue_entry[] =
  "title Rocky Linux (0-rescue-" MID ") 9.3\n"
  "version 0-rescue-" MID "\n"
  "linux /vmlinuz-0-rescue-" MID "\n"
  "initrd /initramfs-0-rescue-" MID ".img\n";

static const char grub_cfg[] =
  "set default=\"${saved_entry}\"\n"
  "if [ -f ${config_directory}/grubenv ]; then\n"
  "  load_env -f ${config_directory}/grubenv\n"
  "fi\n"
  "insmod blscfg\n"
  "if [ x$feature_blscfg = xy ]; then\n"
  "  blscfg\n"
  "fi\n"
  "menuentry 'UEFI Firmware Settings' --id 'uefi-firmware' {\n"
  "  fwsetup\n"
  "}\n"
  "menuentry 'Old style' --id old-style {\n"
  "  linux /vmlinuz-4.18.0 root=/dev/vda1\n"
  "}\n";

/* A grubenv (RHEL 8): a 1 KiB block of NAME=value lines padded with '#'. */
static const char env[] =
  "# GRUB Environment Block\n"
  "saved_entry=" MID "-5.14.0-284.11.1.el9_2.x86_64\n"
  "kernelopts=ro resume=/dev/vda3\n"
  "##########";

int
main (void)
{
  struct gl_bls_entry b;

  is_int (gl_bls_parse (MID "-5.14.0-362.8.1.el9_3.x86_64", new_entry, strlen (new_entry),
                        env, strlen (env), &b), 1, "an entry file parses");
  is_str (b.entry.title, "Rocky Linux (5.14.0-362.8.1.el9_3.x86_64) 9.3 (Blue Onyx)", "title");
  is_str (b.version, "5.14.0-362.8.1.el9_3.x86_64", "version");
  is_str (b.entry.kernel, "/vmlinuz-5.14.0-362.8.1.el9_3.x86_64", "linux");
  is_str (b.entry.initrd, "/initramfs-5.14.0-362.8.1.el9_3.x86_64.img",
          "initrd: the initramfs, not the early microcode before it nor an unset $tuned_initrd");
  is_str (b.entry.cmdline, "root=UUID=0b1c ro resume=/dev/vda3  crashkernel=auto console=ttyS0  $ ${x",
          "options: $kernelopts from grubenv, $tuned_params (unset) to nothing, lone $ kept, lines joined");
  is_str (b.entry.id, MID "-5.14.0-362.8.1.el9_3.x86_64", "id: the file name without .conf");
  gl_bls_entry_free (&b);

  is_int (gl_bls_parse ("old", old_entry, strlen (old_entry), NULL, 0, &b), 1,
          "CRLF entry parses");
  is_str (b.entry.kernel, "/vmlinuz-5.14.0-284.11.1.el9_2.x86_64", "grub device prefix dropped");
  is_str (b.entry.cmdline, NULL, "${kernelopts} with no grubenv: no options");
  gl_bls_entry_free (&b);

  static const char micro_only[] = "linux /vmlinuz-6\ninitrd /amd-ucode.img\n";
  is_int (gl_bls_parse ("m", micro_only, strlen (micro_only), NULL, 0, &b), 1, "microcode-only entry parses");
  is_str (b.entry.initrd, "/amd-ucode.img", "only microcode: that is the initrd");
  is_str (b.entry.title, "m", "no title, no version: the id is the title");
  gl_bls_entry_free (&b);

  static const char no_linux[] = "title Memtest\nefi /memtest.efi\n";
  is_int (gl_bls_parse ("memtest", no_linux, strlen (no_linux), NULL, 0, &b), 0,
          "no linux key: not an entry");
  ok (b.entry.title == NULL && b.version == NULL, "and nothing is left allocated");

  char *big = malloc (GL_BLS_ENTRY_MAX_BYTES + 2);
  memset (big, 'x', GL_BLS_ENTRY_MAX_BYTES + 1);
  big[GL_BLS_ENTRY_MAX_BYTES + 1] = '\0';
  errno = 0;
  is_int (gl_bls_parse ("big", big, GL_BLS_ENTRY_MAX_BYTES + 1, NULL, 0, &b), -1, "oversize entry refused");
  is_int (errno, EFBIG, "with EFBIG");
  free (big);

  static const char garbage[] = "\0\0\xff\n linux\n\tversion\n";
  is_int (gl_bls_parse ("g", garbage, sizeof garbage - 1, NULL, 0, &b), 0,
          "binary junk and keys without values: no entry, no crash");

  /* grub.cfg with blscfg: its own entries come after the BLS ones. */
  struct gl_bootcfg c;
  ok (gl_grub2_parse (grub_cfg, strlen (grub_cfg), &c) == 0, "RHEL 9 style grub.cfg parses");
  ok (c.blscfg, "blscfg seen (inside an if block)");
  is_int (c.entries.len, 2, "its own menuentries");

  struct gl_bls_entry bls[3];
  is_int (gl_bls_parse (MID "-5.14.0-284.11.1.el9_2.x86_64", old_entry, strlen (old_entry), NULL, 0, &bls[0]), 1, "old");
  is_int (gl_bls_parse (MID "-0-rescue", rescue_entry, strlen (rescue_entry), NULL, 0, &bls[1]), 1, "rescue");
  is_int (gl_bls_parse (MID "-5.14.0-362.8.1.el9_3.x86_64", new_entry, strlen (new_entry), NULL, 0, &bls[2]), 1, "new");
  ok (gl_bls_prepend (&c, bls, 3) == 0, "prepend");
  is_int (c.entries.len, 5, "3 BLS entries + 2 of grub.cfg");
  is_str (c.entries.ptr[0].id, MID "-5.14.0-362.8.1.el9_3.x86_64", "newest version first");
  is_str (c.entries.ptr[1].id, MID "-5.14.0-284.11.1.el9_2.x86_64", "then the older one");
  is_str (c.entries.ptr[2].id, MID "-0-rescue", "the rescue entry (version 0-...) last");
  is_str (c.entries.ptr[3].id, "uefi-firmware", "grub.cfg's own entries after them");
  is_int (c.entries.ptr[3].menu_pos, 3, "with their menu positions shifted");
  is_int (gl_grub2_resolve_default (&c, c.default_spec, MID "-5.14.0-284.11.1.el9_2.x86_64"), 1,
          "saved_entry naming a BLS id resolves to that entry");
  is_int (gl_grub2_resolve_default (&c, c.default_spec, NULL), 0,
          "no saved_entry: the first (newest) entry");
  is_int (gl_grub2_resolve_default (&c, "4", NULL), 4, "a number counts the BLS entries too");
  for (size_t i = 0; i < 3; ++i)
    gl_bls_entry_free (&bls[i]);
  gl_bootcfg_free (&c);

  static const char inside[] = "menuentry 'x' {\n blscfg\n linux /vmlinuz-1\n}\n";
  ok (gl_grub2_parse (inside, strlen (inside), &c) == 0 && !c.blscfg,
      "blscfg inside a menuentry body is not the menu's");
  gl_bootcfg_free (&c);

  return tap_done ();
}
