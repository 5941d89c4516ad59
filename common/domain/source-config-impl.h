/* guestlift: internals shared by the source config readers
 * (source-config.c dispatches to source-xl.c or source-libvirt.c). */
#ifndef GUESTLIFT_DOMAIN_SOURCE_CONFIG_IMPL_H
#define GUESTLIFT_DOMAIN_SOURCE_CONFIG_IMPL_H

#include <stddef.h>

#include "err.h"
#include "source-config.h"

/* Bounds on what a guest definition may list. */
#define GL_SOURCE_MAX_DISKS 256
#define GL_SOURCE_MAX_NICS 64
#define GL_SOURCE_MAX_VCPUS 4096

/* Both readers fill a zeroed *OUT, return 0, or -1 with ERR set; the
 * caller frees *OUT on failure. */
int gl_source_read_xl (const char *data, size_t len,
                       struct gl_source_config *out, struct gl_err *err);
int gl_source_read_libvirt (const char *data, size_t len,
                            struct gl_source_config *out, struct gl_err *err);

/* Out of memory while building *OUT: ERR is ENOMEM with its strerror
 * text (what the readers have always said); -1. */
int gl_source_oom (struct gl_err *err);

/* OUT->root, when not set, from the root= word of OUT->cmdline (if any):
 * 0, or -1 with ERR (out of memory). */
int gl_source_root_from_cmdline (struct gl_source_config *out,
                                 struct gl_err *err);

#endif
