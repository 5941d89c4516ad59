/* guestlift: internals shared by the source config readers
 * (source-config.c dispatches to source-xl.c or source-libvirt.c). */
#ifndef GUESTLIFT_DOMAIN_SOURCE_CONFIG_IMPL_H
#define GUESTLIFT_DOMAIN_SOURCE_CONFIG_IMPL_H

#include <stddef.h>

#include "source-config.h"

/* Bounds on what a guest definition may list. */
#define GL_SOURCE_MAX_DISKS 256
#define GL_SOURCE_MAX_NICS 64
#define GL_SOURCE_MAX_VCPUS 4096

/* Both readers fill a zeroed *OUT, return 0, or -1 with errno and *ERR
 * set; the caller frees *OUT on failure. */
int gl_source_read_xl (const char *data, size_t len,
                       struct gl_source_config *out, char **err);
int gl_source_read_libvirt (const char *data, size_t len,
                            struct gl_source_config *out, char **err);

/* Set *ERR (if ERR) to a one-line message; set errno to ERRNUM; -1. */
int gl_source_fail (char **err, int errnum, const char *fmt, ...)
  __attribute__ ((format (printf, 3, 4)));

/* The value of the root= word of a kernel command line, or NULL (also
 * NULL on ENOMEM, with errno set). */
char *gl_source_cmdline_root (const char *cmdline);

#endif
