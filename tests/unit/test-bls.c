/* Unit tests for Boot Loader Specification entries (common/bootloader/bls.c) and
 * grub2's "blscfg" (common/bootloader/grub2.c): parsing, $kernelopts, microcode
 * initrds, blscfg's menu order in front of grub.cfg's own entries read from
 * a guest's files, a saved default naming a BLS id, and the rewriter of
 * the entries' options. */
#include <config.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "boot-test.h"
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

#define ENTRY(id) "/boot/loader/entries/" id ".conf"

static void
test_parse (void)
{
  struct gl_bootcfg c;
  struct gl_boot_entry *b;

  ok (boot_parse_env ("bls", ENTRY (MID "-5.14.0-362.8.1.el9_3.x86_64"), new_entry,
                      strlen (new_entry), env, &c) == 0 && c.entries.len == 1,
      "an entry file parses");
  b = &c.entries.ptr[0];
  is_str (b->title, "Rocky Linux (5.14.0-362.8.1.el9_3.x86_64) 9.3 (Blue Onyx)", "title");
  is_str (b->version, "5.14.0-362.8.1.el9_3.x86_64", "version");
  is_str (b->kernel, "/vmlinuz-5.14.0-362.8.1.el9_3.x86_64", "linux");
  is_str (b->initrd, "/initramfs-5.14.0-362.8.1.el9_3.x86_64.img",
          "initrd: the initramfs, not the early microcode before it nor an unset $tuned_initrd");
  is_str (b->cmdline, "root=UUID=0b1c ro resume=/dev/vda3  crashkernel=auto console=ttyS0  $ ${x",
          "options: $kernelopts from grubenv, $tuned_params (unset) to nothing, lone $ kept, lines joined");
  is_str (b->id, MID "-5.14.0-362.8.1.el9_3.x86_64", "id: the file name without .conf");
  gl_bootcfg_free (&c);

  ok (boot_parse_env ("bls", ENTRY ("old"), old_entry, strlen (old_entry), NULL, &c) == 0 &&
      c.entries.len == 1, "CRLF entry parses");
  is_str (c.entries.ptr[0].kernel, "/vmlinuz-5.14.0-284.11.1.el9_2.x86_64", "grub device prefix dropped");
  is_str (c.entries.ptr[0].cmdline, NULL, "${kernelopts} with no grubenv: no options");
  gl_bootcfg_free (&c);

  static const char micro_only[] = "linux /vmlinuz-6\ninitrd /amd-ucode.img\n";
  ok (boot_parse_env ("bls", ENTRY ("m"), micro_only, strlen (micro_only), NULL, &c) == 0 &&
      c.entries.len == 1, "microcode-only entry parses");
  is_str (c.entries.ptr[0].initrd, "/amd-ucode.img", "only microcode: that is the initrd");
  is_str (c.entries.ptr[0].title, "m", "no title, no version: the id is the title");
  gl_bootcfg_free (&c);

  static const char no_linux[] = "title Memtest\nefi /memtest.efi\n";
  ok (boot_parse_env ("bls", ENTRY ("memtest"), no_linux, strlen (no_linux), NULL, &c) == 0,
      "no linux key parses");
  is_int (c.entries.len, 0, "no linux key: not an entry");
  gl_bootcfg_free (&c);

  size_t max = boot_ops ("bls")->max_bytes;
  char *big = malloc (max + 2);
  memset (big, 'x', max + 1);
  big[max + 1] = '\0';
  is_int (boot_parse_env ("bls", ENTRY ("big"), big, max + 1, NULL, &c), -1, "oversize entry refused");
  is_int (boot_err.errnum, EFBIG, "with EFBIG");
  gl_bootcfg_free (&c);
  free (big);

  static const char garbage[] = "\0\0\xff\n linux\n\tversion\n";
  ok (boot_parse_env ("bls", ENTRY ("g"), garbage, sizeof garbage - 1, NULL, &c) == 0 &&
      c.entries.len == 0, "binary junk and keys without values: no entry, no crash");
  gl_bootcfg_free (&c);
}

/* A RHEL 9 guest: grub.cfg with blscfg, three entry files, grubenv. */
static const struct boot_file guest[] = {
  { "/boot/grub2/grub.cfg", grub_cfg },
  { "/boot/grub2/grubenv", env },
  { ENTRY (MID "-5.14.0-284.11.1.el9_2.x86_64"), old_entry },
  { ENTRY (MID "-0-rescue"), rescue_entry },
  { ENTRY (MID "-5.14.0-362.8.1.el9_3.x86_64"), new_entry },
  { "/boot/loader/entries/notes.txt", "not an entry" },
  { NULL, NULL }
};

static void
test_menu (void)
{
  struct gl_bootcfg c;
  ok (boot_parse ("grub2", grub_cfg, strlen (grub_cfg), &c) == 0, "RHEL 9 style grub.cfg parses");
  ok (c.blscfg, "blscfg seen (inside an if block)");
  is_int (c.entries.len, 2, "its own menuentries");
  gl_bootcfg_free (&c);

  string_vector warnings = empty_vector;
  struct gl_boot_reader r = boot_mem_reader (guest, &warnings);
  struct gl_boot_menu m;
  is_int (gl_boot_menu_find (&r, &m, NULL), 1, "the guest's menu is found");
  is_str (m.ops->name, "grub2", "it is grub2's");
  is_str (m.path, "/boot/grub2/grub.cfg", "at grub.cfg");
  is_int (m.cfg.entries.len, 5, "3 BLS entries + 2 of grub.cfg");
  is_int (m.cfg.bls_entries, 3, "the first 3 from BLS entry files");
  is_str (m.cfg.entries.ptr[0].id, MID "-5.14.0-362.8.1.el9_3.x86_64", "newest version first");
  is_str (m.cfg.entries.ptr[1].id, MID "-5.14.0-284.11.1.el9_2.x86_64", "then the older one");
  is_str (m.cfg.entries.ptr[2].id, MID "-0-rescue", "the rescue entry (version 0-...) last");
  is_str (m.cfg.entries.ptr[3].id, "uefi-firmware", "grub.cfg's own entries after them");
  is_int (m.cfg.entries.ptr[3].menu_pos, 3, "with their menu positions shifted");
  is_int (m.cfg.default_index, 1, "grubenv's saved_entry naming a BLS id resolves to that entry");
  is_str (m.cfg.entries.ptr[0].cmdline, "root=UUID=0b1c ro resume=/dev/vda3  crashkernel=auto console=ttyS0  $ ${x",
          "the entries' $variables come from grubenv");
  is_int (gl_grub2_resolve_default (&m.cfg, m.cfg.default_spec, NULL), 0,
          "no saved_entry: the first (newest) entry");
  is_int (gl_grub2_resolve_default (&m.cfg, "4", NULL), 4, "a number counts the BLS entries too");
  is_int (m.files.len, 5, "files to edit: grub.cfg, 3 entry files, grubenv");
  is_str (m.files.len == 5 ? m.files.ptr[4].path : NULL, "/boot/grub2/grubenv", "grubenv last");
  is_int (warnings.len, 0, "no bound was met");

  int index;
  char *saved;
  ok (gl_boot_menu_choose (&m, "vmlinuz-5.14.0-362.8.1.el9_3.x86_64", &index, &saved, NULL) == 0 &&
      index == 0, "the entry of a BLS kernel is chosen");
  is_str (saved, MID "-5.14.0-362.8.1.el9_3.x86_64", "and saved by its id");
  free (saved);
  ok (gl_boot_menu_choose (&m, "vmlinuz-4.18.0", &index, &saved, NULL) == 0 && index == 4,
      "grub.cfg's own entry of a kernel is chosen");
  is_str (saved, "4", "and saved by its place in the menu");
  free (saved);
  gl_boot_menu_free (&m);
  string_vector_free (&warnings);

  static const char inside[] = "menuentry 'x' {\n blscfg\n linux /vmlinuz-1\n}\n";
  ok (boot_parse ("grub2", inside, strlen (inside), &c) == 0 && !c.blscfg,
      "blscfg inside a menuentry body is not the menu's");
  gl_bootcfg_free (&c);
}

static void
test_rewrite (void)
{
  struct gl_boot_edits c = boot_kvm (NULL);
  CHECK (boot_rewrite ("bls", "title RHEL (4.18.0-80.el8.x86_64)\n"
                       "linux /vmlinuz-4.18.0-80.el8.x86_64\n"
                       "options root=/dev/xvda2 ro console=hvc0 $tuned_params\n"
                       "options   rd.lvm.lv=rhel/root\n", &c),
         "title RHEL (4.18.0-80.el8.x86_64)\n"
         "linux /vmlinuz-4.18.0-80.el8.x86_64\n"
         "options root=/dev/vda2 ro $tuned_params console=ttyS0\n"
         "options   rd.lvm.lv=rhel/root\n",
         "BLS entry: options rewritten, the console added on the first options line only");
  boot_unchanged ("bls", "linux /vmlinuz-5\noptions root=UUID=1 console=ttyS0\n", &c,
                  "BLS entry already right: unchanged");
  CHECK (boot_rewrite ("bls", "linux /vmlinuz-5\noptions\n#options console=hvc0\n"
                       "options\troot=/dev/xvda1\n", &c),
         "linux /vmlinuz-5\noptions\n#options console=hvc0\n"
         "options\troot=/dev/vda1 console=ttyS0\n",
         "BLS entry: an options key without a value and a comment are not options lines");
}

/* Configs as guests hold them: what the parser reads, the rewriter edits
 * (boot_consistent, boot-test.h). */
static const char commented[] =
  "title T\n"
  "version 1\n"
  "linux /vmlinuz-1\n"
  "# options commented=1\n"
  "options root=/dev/xvda2 console=hvc0\n"
  "options\t$kernelopts\n";

static void
test_consistency (void)
{
  boot_consistent ("bls", "(comments, tabs, $kernelopts)", commented, "kernelopts=ro quiet\n", 1);
}

int
main (void)
{
  test_parse ();
  test_menu ();
  test_rewrite ();
  test_consistency ();
  return boot_test_done ();
}
