/* Unit tests for convert/rewrite-device.c and rewrite-shell.c: device
 * names, devices inside strings, kernel command lines, word lists, shell
 * variable lines. */
#include <config.h>

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "rewrite-test.h"

static void
test_device (void)
{
  CHECK (gl_rewrite_device ("/dev/xvda1", &kvm), "/dev/vda1",
         "xvda1 becomes vda1 on kvm");
  CHECK (gl_rewrite_device ("/dev/xvda1", &hvm), "/dev/hda1",
         "xvda1 becomes hda1 on xen-hvm");
  CHECK (gl_rewrite_device ("/dev/xvdb", &kvm), "/dev/vdb",
         "a whole disk keeps having no partition number");
  CHECK (gl_rewrite_device ("/dev/xvdaa12", &kvm), "/dev/vdaa12",
         "multi-letter disk xvdaa12 becomes vdaa12");
  UNCHANGED (gl_rewrite_device ("UUID=0e3c-11", &kvm), "UUID= stays");
  UNCHANGED (gl_rewrite_device ("LABEL=/boot", &kvm), "LABEL= stays");
  UNCHANGED (gl_rewrite_device ("/dev/VolGroup00/LogVol00", &kvm),
             "an LVM logical volume stays");
  UNCHANGED (gl_rewrite_device ("/dev/mapper/vg-root", &kvm),
             "a device-mapper name stays");
  UNCHANGED (gl_rewrite_device ("/dev/xvda1x", &kvm),
             "a name with junk after the partition stays");
  UNCHANGED (gl_rewrite_device ("/dev/xvd", &kvm), "a bare /dev/xvd stays");
  UNCHANGED (gl_rewrite_device ("/dev/xvda1", &pv),
             "xen-pv keeps the xvd names");
  errno = 0;
  ok (gl_rewrite_device (NULL, &kvm) == NULL && errno == EINVAL,
      "a NULL device is EINVAL");
}

static void
test_devices_in (void)
{
  CHECK (gl_rewrite_devices_in ("resume=/dev/xvdb1 root=/dev/xvda2", &kvm),
         "resume=/dev/vdb1 root=/dev/vda2",
         "devices after '=' are renamed, every one of them");
  CHECK (gl_rewrite_devices_in ("header=\"/dev/xvdc\",discard", &kvm),
         "header=\"/dev/vdc\",discard", "devices inside quotes are renamed");
  UNCHANGED (gl_rewrite_devices_in ("/srv/dev/xvda /dev/xvda1p", &kvm),
             "only whole /dev/xvd tokens are renamed");
}

static void
test_cmdline (void)
{
  CHECK (gl_rewrite_cmdline ("ro root=/dev/xvda2 console=xvc0", &kvm),
         "ro root=/dev/vda2 console=ttyS0",
         "RHEL 5 xen cmdline: root renamed, xvc0 replaced by ttyS0");
  CHECK (gl_rewrite_cmdline ("ro root=/dev/VolGroup00/LogVol00 rhgb quiet",
                             &kvm),
         "ro root=/dev/VolGroup00/LogVol00 rhgb quiet console=ttyS0",
         "an LVM root stays and the console is appended at the end");
  CHECK (gl_rewrite_cmdline ("root=UUID=1b2c ro console=hvc0 quiet", &kvm),
         "root=UUID=1b2c ro quiet console=ttyS0",
         "console=hvc0 is dropped with the blank before it");
  CHECK (gl_rewrite_cmdline ("console=hvc0  root=/dev/xvda1   ro", &kvm),
         "root=/dev/vda1   ro console=ttyS0",
         "a dropped first argument takes the blanks after it, others keep theirs");
  CHECK (gl_rewrite_cmdline ("console=tty0 console=xvc0 xencons=tty", &kvm),
         "console=tty0 console=ttyS0",
         "console=tty0 is kept and xencons= dropped");
  CHECK (gl_rewrite_cmdline ("ro console=ttyS0,115200n8 console=hvc0", &kvm),
         "ro console=ttyS0,115200n8",
         "an existing ttyS0 console is not added twice");
  CHECK (gl_rewrite_cmdline ("ro console=hvc10 xencons", &kvm),
         "ro console=ttyS0", "hvcN with several digits and bare xencons go");
  CHECK (gl_rewrite_cmdline ("ro console=hvcX", &kvm),
         "ro console=hvcX console=ttyS0",
         "console=hvcX is not a Xen console and stays");
  CHECK (gl_rewrite_cmdline ("ro resume=/dev/xvdb1 root=/dev/xvda2", &hvm),
         "ro resume=/dev/hdb1 root=/dev/hda2 console=ttyS0",
         "xen-hvm renames root= and resume= to IDE names");
  CHECK (gl_rewrite_cmdline ("ro quiet ", &kvm), "ro quiet console=ttyS0 ",
         "trailing blanks stay after the appended console");
  CHECK (gl_rewrite_cmdline ("", &kvm), "console=ttyS0",
         "an empty cmdline gets the console");
  CHECK (gl_rewrite_cmdline ("ro foo=\"a console=hvc0 b\"", &kvm),
         "ro foo=\"a console=hvc0 b\" console=ttyS0",
         "quoted blanks stay inside their argument");
  CHECK (gl_rewrite_cmdline ("ro console=xvc0", &pv), "ro console=xvc0",
         "xen-pv: the cmdline is returned unchanged");
  CHECK (gl_rewrite_cmdline_opts ("quiet console=hvc0", &kvm, false),
         "quiet", "without add_console only the removals are made");
}

static void
test_word_list (void)
{
  static const char *const drop[] = { "xenblk", "xennet", NULL };
  static const char *const add[] = { "virtio_pci", "virtio_blk", NULL };
  CHECK (gl_rewrite_word_list ("processor thermal xenblk fan", drop, add),
         "processor thermal fan virtio_pci virtio_blk",
         "word list drops Xen modules and appends the missing ones");
  CHECK (gl_rewrite_word_list ("virtio_blk xenblk", drop, add),
         "virtio_blk virtio_pci", "a word present already is not added");
  CHECK (gl_rewrite_word_list ("xenblk xennet", drop, NULL), "",
         "dropping every word leaves an empty list");
}

static char *
upper (const char *v, void *opaque)
{
  (void) opaque;
  if (strcmp (v, "same") == 0) {
    errno = 0;
    return NULL;
  }
  char *s = strdup (v);
  for (char *p = s; *p; ++p)
    if (*p >= 'a' && *p <= 'z')
      *p -= 32;
  return s;
}

static char *
two_words (const char *v, void *opaque)
{
  (void) opaque;
  char *s = NULL;
  if (asprintf (&s, "%s b", v) == -1)
    return NULL;
  return s;
}

static void
test_shell_value (void)
{
  CHECK (gl_rewrite_shell_value ("K=\"abc\" # note", "K", upper, NULL),
         "K=\"ABC\" # note", "double quotes and a trailing comment kept");
  CHECK (gl_rewrite_shell_value ("export K='abc'", "K", upper, NULL),
         "export K='ABC'", "single quotes and export kept");
  CHECK (gl_rewrite_shell_value ("K=a", "K", two_words, NULL), "K=\"a b\"",
         "a bare value that gains a blank gets double quotes");
  UNCHANGED (gl_rewrite_shell_value ("KK=abc", "K", upper, NULL),
             "another key is not touched");
  UNCHANGED (gl_rewrite_shell_value ("K=\"abc", "K", upper, NULL),
             "an unterminated quote is left alone");
  UNCHANGED (gl_rewrite_shell_value ("K=same", "K", upper, NULL),
             "an unchanged value gives NULL");
}

static void
test_limits (void)
{
  char *big = malloc (GL_REWRITE_MAX_BYTES + 2);
  memset (big, 'a', GL_REWRITE_MAX_BYTES + 1);
  big[GL_REWRITE_MAX_BYTES + 1] = '\0';
  errno = 0;
  ok (gl_rewrite_cmdline (big, &kvm) == NULL && errno == EFBIG,
      "an oversize cmdline is EFBIG");
  free (big);
}

int
main (void)
{
  rewrite_test_init ();

  test_device ();
  test_devices_in ();
  test_cmdline ();
  test_word_list ();
  test_shell_value ();
  test_limits ();
  return rewrite_test_done ();
}
