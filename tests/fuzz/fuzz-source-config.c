/* Fuzz target: common/domain/source-config.c (xl/xm configs through libxlutil,
 * libvirt XML through libxml2).  The bytes are written to a temporary file
 * and read back through gl_source_config_read, as convert does; input
 * starting with '<' takes the XML path, anything else the xl path. */
#include <config.h>

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "err.h"
#include "source-config.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);
const char *__lsan_default_suppressions (void);

/* libxlutil 4.17's bison parser loses a value on some syntax errors
 * (reproduced with a plain program and valgrind): not ours to fix, and
 * nothing we allocate passes through it.  (Matched by module: the stack
 * through libxlutil is too short to name the function reliably.) */
const char *
__lsan_default_suppressions (void)
{
  return "leak:libxlutil.so\n";
}

static char path[64];

static void
remove_tmp (void)
{
  if (path[0])
    unlink (path);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  struct gl_source_config c;
  struct gl_err err = GL_ERR_INIT;
  FILE *fp;

  if (path[0] == '\0') {
    int fd;
    snprintf (path, sizeof path, "/tmp/fuzz-source-config.XXXXXX");
    fd = mkstemp (path);
    if (fd == -1)
      abort ();
    close (fd);
    atexit (remove_tmp);
  }
  fp = fopen (path, "w");
  if (fp == NULL || fwrite (data, 1, size, fp) != size || fclose (fp) != 0)
    abort ();

  if (gl_source_config_read (path, &c, &err) == 0) {
    /* Promises of the API: a name, disks with a device name. */
    if (c.name == NULL || err.msg != NULL)
      abort ();
    for (size_t i = 0; i < c.disks.len; ++i)
      if (c.disks.ptr[i].target == NULL ||
          (c.disks.ptr[i].path == NULL &&
           c.disks.ptr[i].device == GL_DISK_DISK && c.syntax == GL_SOURCE_LIBVIRT))
        abort ();
    (void) gl_guest_type_name (c.type);
    gl_source_config_free (&c);
  }
  else {
    /* Every failure explains itself on one line. */
    if (err.msg == NULL || strchr (err.msg, '\n'))
      abort ();
    gl_err_clear (&err);
  }
  return 0;
}
