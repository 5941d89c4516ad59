/* guestlift: OS facts from a mounted Linux root: distribution (release
 * files, decided by distro.c), hostname, packaging, architecture.  Reads a
 * handful of small files; no Augeas, no guest binaries run. */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <ctype.h>

#include "cleanup.h"
#include "distro.h"
#include "error.h"
#include "guest.h"
#include "guest-io.h"

#define RELEASE_MAX (64 * 1024)
#define HOSTNAME_MAX 255

/* Release and host name files: a few lines each.  One over the bound is
 * said in the report. */
static char *
read_small (struct gl_guest *gg, struct gl_os *os, const char *path)
{
  return gl_os_read (gg, os, path, RELEASE_MAX, NULL);
}

/* The first line that is neither empty nor a "#" comment, its trailing
 * blanks cut; NULL when there is none or it is longer than a host name
 * can be. */
static char *
name_line (const char *text)
{
  for (const char *line = text; line && *line; ) {
    size_t n = strcspn (line, "\n");
    const char *next = line[n] ? line + n + 1 : NULL;
    while (n > 0 && isspace ((unsigned char) line[n-1]))
      n--;
    if (n > 0 && line[0] != '#')
      return n <= HOSTNAME_MAX ? strndup (line, n) : NULL;
    line = next;
  }
  return NULL;
}

/* KEY=VALUE in a shell variables file, VALUE as written (quotes kept:
 * libguestfs reads /etc/sysconfig/network with Augeas, which keeps
 * them). */
static char *
shellvar_as_written (const char *text, const char *key)
{
  size_t kl = strlen (key);
  for (const char *line = text; line && *line; ) {
    while (*line == ' ' || *line == '\t')
      line++;
    if (strncmp (line, key, kl) == 0 && line[kl] == '=') {
      CLEANUP_FREE char *v = strndup (line + kl + 1, strcspn (line + kl + 1, "\n"));
      return v ? name_line (v) : NULL;
    }
    line = strchr (line, '\n');
    if (line)
      line++;
  }
  return NULL;
}

/* Where distributions keep the host name, in libguestfs's order. */
struct hostname_source {
  const char *path;
  const char *key;     /* NULL: the file is just the name */
};
static const struct hostname_source hostname_sources[] = {
  { "/etc/HOSTNAME", NULL },                       /* old Debian, SUSE */
  { "/etc/hostname", NULL },
  { "/etc/sysconfig/network", "HOSTNAME" },        /* RHEL <= 6 */
  { NULL, NULL }
};

static char *
guest_hostname (struct gl_guest *gg, struct gl_os *os)
{
  for (const struct hostname_source *s = hostname_sources; s->path; ++s) {
    CLEANUP_FREE char *text = read_small (gg, os, s->path);
    if (!text)
      continue;
    char *name = s->key ? shellvar_as_written (text, s->key) : name_line (text);
    if (name)
      return name;
  }
  return NULL;
}

/* ELF machine of a guest binary, read from its header (no `file`). */
static const char *
elf_arch (struct gl_guest_io *io, const char *path)
{
  char h[20];
  size_t n = 0;
  if (gl_guest_read_head (io, path, h, sizeof h, &n) == -1 || n < 20 ||
      memcmp (h, "\177ELF", 4) != 0)
    return NULL;
  unsigned char cls = (unsigned char) h[4], data = (unsigned char) h[5];
  unsigned machine = data == 2
    ? ((unsigned char) h[18] << 8) | (unsigned char) h[19]
    : ((unsigned char) h[19] << 8) | (unsigned char) h[18];
  static const struct { unsigned machine; unsigned char cls; const char *arch; } table[] = {
    { 62, 2, "x86_64" }, { 3, 1, "i386" }, { 183, 2, "aarch64" },
    { 40, 1, "arm" }, { 21, 2, "ppc64" }, { 20, 1, "ppc" },
    { 22, 2, "s390x" }, { 243, 2, "riscv64" },
  };
  for (size_t i = 0; i < sizeof table / sizeof table[0]; ++i)
    if (table[i].machine == machine && table[i].cls == cls) {
      if (machine == 21 && data == 1)
        return "ppc64le";
      return table[i].arch;
    }
  return NULL;
}

static const char *const arch_probe_binaries[] = {
  "/bin/bash", "/usr/bin/bash", "/bin/sh", "/bin/ls", "/usr/bin/ls",
  "/bin/busybox", NULL
};

int
gl_guest_os_facts (struct gl_guest *gg, struct gl_os *os)
{
  /* Every release file the rules know; most guests have two or three. */
  struct gl_release_files f = { .has_dnf = gl_guest_is_file (gg->io, "/usr/bin/dnf") };
  char *text[GL_REL_COUNT] = { NULL };
  for (size_t i = 0; i < GL_REL_COUNT; ++i)
    f.text[i] = text[i] = read_small (gg, os, gl_release_file_paths[i]);
  if (!text[GL_REL_OS_RELEASE])
    f.text[GL_REL_OS_RELEASE] = text[GL_REL_OS_RELEASE] =
      read_small (gg, os, "/usr/lib/os-release");
  struct gl_distro d;
  int r = gl_distro_detect (&f, &d);
  for (size_t i = 0; i < GL_REL_COUNT; ++i)
    free (text[i]);
  if (r == -1)
    return -1;
  os->distro = GL_STEAL (d.distro);
  os->product_name = GL_STEAL (d.product_name);
  os->version_major = d.major;
  os->version_minor = d.minor;
  os->package_format = GL_STEAL (d.package_format);
  os->package_management = GL_STEAL (d.package_management);
  os->osinfo = GL_STEAL (d.osinfo);
  gl_distro_free (&d);

  os->hostname = guest_hostname (gg, os);

  for (size_t i = 0; !os->arch && arch_probe_binaries[i]; ++i) {
    const char *a = elf_arch (gg->io, arch_probe_binaries[i]);
    if (a)
      os->arch = strdup (a);
  }
  /* No readable binary: kernels.c fills the arch from the kernels. */
  return 0;
}
