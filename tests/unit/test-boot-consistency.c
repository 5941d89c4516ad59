/* The promise of one lexer per bootloader format: the entries inspection
 * counts are exactly the entries a conversion edits, and the default the
 * rewriter writes is the entry inspection then reads as the default.
 *
 * For each format, configs written the way guests really hold them
 * (mixed-case keywords, tabs, '=' separators in grub legacy, quoting and
 * one-line blocks in grub2, comments everywhere) are parsed; then for
 * each entry's kernel the config is rewritten with that kernel as the
 * default, and the rewrite is parsed again:
 *  - the same entries (titles, kernels) in the same order;
 *  - each entry's command line edited as cmdline.h says, or left alone
 *    when it boots through a hypervisor and the format says so;
 *  - the default is the entry of that kernel.
 * grub legacy read case-insensitively and rewritten case-sensitively was
 * the bug: "Title" entries were skipped by the rewriter, and default=N
 * then pointed at another entry. */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "boot-test.h"
#include "cmdline.h"
#include "tap.h"

/* The words of a command line, sorted (BLS puts the console on its first
 * options line, so the order of the parsed, joined line may differ). */
static char *
sorted_words (const char *s)
{
  if (!s)
    return strdup ("");
  gl_cmdline_word_vector w = empty_vector;
  if (gl_cmdline_split (s, strlen (s), &w, NULL) == -1)
    abort ();
  char **v = calloc (w.len + 1, sizeof *v);
  for (size_t i = 0; i < w.len; ++i)
    v[i] = strndup (w.ptr[i].value, w.ptr[i].vlen);
  for (size_t i = 1; i < w.len; ++i)
    for (size_t j = i; j > 0 && strcmp (v[j - 1], v[j]) > 0; --j) {
      char *t = v[j]; v[j] = v[j - 1]; v[j - 1] = t;
    }
  size_t n = 1;
  for (size_t i = 0; i < w.len; ++i)
    n += strlen (v[i]) + 1;
  char *out = calloc (n, 1);
  for (size_t i = 0; i < w.len; ++i) {
    strcat (out, v[i]);
    strcat (out, " ");
    free (v[i]);
  }
  free (v);
  gl_cmdline_word_vector_reset (&w);
  return out;
}

static const char *
base (const char *path)
{
  const char *s = strrchr (path, '/');
  return s ? s + 1 : path;
}

static int
same_str (const char *a, const char *b)
{
  return (!a && !b) || (a && b && strcmp (a, b) == 0);
}

/* What the test asserts, for format NAME and the config TEXT. */
static void
check_format (const char *name, const char *what, const char *text, const char *env,
              size_t expect_entries)
{
  const struct gl_bootloader_ops *ops = boot_ops (name);
  struct gl_bootcfg c;
  ok (boot_parse_env (name, "/boot/loader/entries/t.conf", text, strlen (text), env, &c) == 0,
      "%s %s: parses", name, what);
  is_int (c.entries.len, expect_entries, "%s %s: %zu entries counted", name, what, expect_entries);

  for (size_t k = 0; k < c.entries.len; ++k) {
    const struct gl_boot_entry *ek = &c.entries.ptr[k];
    if (!ek->kernel || (ek->via_hypervisor && !ops->hypervisor_entries))
      continue;
    struct gl_boot_edits e = boot_kvm (base (ek->kernel));
    int chosen = gl_bootcfg_find_kernel (&c, e.default_kernel, ops->hypervisor_entries);
    int rc;
    char *out = boot_rewrite_rc (name, text, strlen (text), &e, &rc);
    ok (rc == 1, "%s %s, default %s: rewritten", name, what, e.default_kernel);
    struct gl_bootcfg n;
    boot_parse_env (name, "/boot/loader/entries/t.conf", out ? out : text,
                    strlen (out ? out : text), env, &n);
    free (out);

    bool same = n.entries.len == c.entries.len, edited = same;
    for (size_t i = 0; same && i < c.entries.len; ++i) {
      const struct gl_boot_entry *a = &c.entries.ptr[i], *b = &n.entries.ptr[i];
      same = same_str (a->title, b->title) && same_str (a->kernel, b->kernel);
      char *want = NULL;
      if (a->via_hypervisor && !ops->hypervisor_entries)
        want = strdup (a->cmdline ? a->cmdline : "");
      else if (gl_cmdline_edit (a->cmdline ? a->cmdline : "", a->cmdline ? strlen (a->cmdline) : 0,
                                e.devices, e.console, &want, NULL) == -1)
        abort ();
      char *ws = sorted_words (want), *gs = sorted_words (b->cmdline);
      if (strcmp (ws, gs) != 0) {
        edited = false;
        printf ("# entry %zu: want \"%s\", got \"%s\"\n", i, want, b->cmdline ? b->cmdline : "");
      }
      free (want); free (ws); free (gs);
    }
    ok (same, "%s %s, default %s: the same entries read back", name, what, e.default_kernel);
    ok (edited, "%s %s, default %s: every entry's command line edited as inspection reads it",
        name, what, e.default_kernel);
    if (expect_entries > 1)
      is_int (n.default_index, chosen, "%s %s, default %s: the default is entry %d, that kernel's",
              name, what, e.default_kernel, chosen);
    gl_bootcfg_free (&n);
  }
  gl_bootcfg_free (&c);
}

static const char legacy[] =
  "# grub.conf, with a commented-out entry\n"
  "#boot=/dev/xvda\n"
  "DEFAULT=1\n"
  "Timeout 5\n"
  "title=First (xen)\n"
  "\troot (hd0,0)\n"
  "\tKERNEL /xen.gz-4.1 dom0_mem=512M\n"
  "\tModule /vmlinuz-2.6.18-xen ro root=/dev/xvda2 console=xvc0\n"
  "\tmodule /initrd-2.6.18-xen.img\n"
  "TITLE Second\n"
  "  kernel=(hd0,0)/vmlinuz-2.6.18 ro root=/dev/xvda2\tquiet\n"
  "  initrd /initrd-2.6.18.img\n"
  "#title Ghost\n"
  "#\tkernel /vmlinuz-ghost\n"
  "Title\tThird\r\n"
  "\tKernel\t/boot/vmlinuz-3 root=/dev/xvda1 console=hvc0\r\n"
  "title Fourth\n"
  "\tkernel /vmlinuz-4\n";

static const char grub2[] =
  "set default=\"0\"\n"
  "# menuentry 'commented' { linux /vmlinuz-ghost }\n"
  "function f { menuentry 'in a function' { linux /vmlinuz-f root=/dev/xvda1 } }\n"
  "menuentry 'a { quoted }' --class x { linux /vmlinuz-a root=/dev/xvda2 console=hvc0 ; initrd /i }\n"
  "submenu \"Sub\" {\n"
  "\tmenuentry \"b \\\"q\\\"\" $menuentry_id_option 'b-id' {\n"
  "\t\tlinux\t/boot/vmlinuz-b 'root=/dev/xvda2'   quiet\n"
  "\t}\n"
  "\tmenuentry 'c' {\n"
  "\t\tlinux16 (hd0,msdos1)/boot/vmlinuz-c root=/dev/xvda2 \\\n"
  "\t\t\tconsole=xvc0\n"
  "\t}\n"
  "}\n"
  "if [ x ]; then menuentry 'd' { linux /vmlinuz-d } ; fi\n"
  "menuentry 'xen' {\n multiboot /xen.gz\n module /vmlinuz-a placeholder root=/dev/xvda2 console=hvc0\n}\n";

static const char extlinux[] =
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

static const char bls[] =
  "title T\n"
  "version 1\n"
  "linux /vmlinuz-1\n"
  "# options commented=1\n"
  "options root=/dev/xvda2 console=hvc0\n"
  "options\t$kernelopts\n";

/* The bug the issue names, alone: two entries, the first "Title". */
static const char drift[] =
  "default 0\n"
  "Title A\n"
  "kernel /vmlinuz-a\n"
  "title B\n"
  "kernel /vmlinuz-b\n";

int
main (void)
{
  check_format ("grub-legacy", "(mixed case, '=', tabs, comments, Xen)", legacy, NULL, 4);
  check_format ("grub-legacy", "(Title then title)", drift, NULL, 2);
  check_format ("grub2", "(quoting, one-line blocks, submenu, function, Xen)", grub2, NULL, 5);
  check_format ("extlinux", "(mixed case, MENU DEFAULT, mboot.c32)", extlinux, NULL, 3);
  check_format ("bls", "(comments, tabs, $kernelopts)", bls, "kernelopts=ro quiet\n", 1);

  /* Every format of the table is covered above. */
  for (size_t i = 0; gl_bootloaders[i]; ++i) {
    const char *n = gl_bootloaders[i]->name;
    ok (strcmp (n, "grub-legacy") == 0 || strcmp (n, "grub2") == 0 ||
        strcmp (n, "extlinux") == 0 || strcmp (n, "bls") == 0 ||
        strcmp (n, "grubenv") == 0,          /* no entries: test-grubenv */
        "format %s has a consistency case here", n);
  }
  boot_test_done ();
  return tap_done ();
}
