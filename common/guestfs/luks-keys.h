/* guestlift: keys for LUKS devices, given as libguestfs's tools take
 * them: --key SELECTOR (repeatable) and --keys-from-stdin.
 *
 *   ID:key:PASSPHRASE    the passphrase itself
 *   ID:file:FILENAME     the first line of FILENAME (read when given)
 *
 * ID is a device as the guest alone names it ("/dev/sda2",
 * "/dev/VG/LV"), the LUKS UUID, or "all" (every device).  Keys read from
 * stdin (one a line) are tried on every encrypted device, after the keys
 * given for it.  Keys are held in memory only, wiped when freed; messages
 * about a bad selector never repeat its key.
 */
#ifndef GUESTLIFT_LUKS_KEYS_H
#define GUESTLIFT_LUKS_KEYS_H

#include <stdbool.h>
#include <stddef.h>

#include "err.h"
#include "vector.h"

/* A passphrase or key file line: at most this many bytes (cryptsetup's
 * own default limit for an interactive passphrase is 512). */
#define GL_LUKS_KEY_MAX 4096
/* Keys held, from --key and stdin together. */
#define GL_LUKS_KEYS_MAX 256

struct gl_luks_key {
  char *id;        /* "all", a device name or a UUID */
  char *key;
};
DEFINE_VECTOR_TYPE (gl_luks_key_vector, struct gl_luks_key);

struct gl_luks_keys {
  gl_luks_key_vector keys;     /* --key, in the order given */
  string_vector from_stdin;    /* --keys-from-stdin, in order */
};

/* Parse one --key SELECTOR (reading its file).  0, or -1 with err. */
int gl_luks_keys_add (struct gl_luks_keys *k, const char *selector, struct gl_err *err);
/* One key a line from FD until its end (empty lines skipped); NAME for
 * messages.  0, or -1 with err. */
int gl_luks_keys_read_fd (struct gl_luks_keys *k, int fd, const char *name,
                          struct gl_err *err);
bool gl_luks_keys_any (const struct gl_luks_keys *k);
/* The keys to try on DEVICE (the guest's own name) whose LUKS UUID is
 * UUID (NULL: unknown), in order: those given for it (by name or UUID),
 * then "all:" ones, then stdin's; borrowed pointers into OUT[0..max).
 * Returns how many. */
size_t gl_luks_keys_for (const struct gl_luks_keys *k, const char *device,
                         const char *uuid, const char **out, size_t max);
/* Wipe and free. */
void gl_luks_keys_free (struct gl_luks_keys *k);
#define CLEANUP_LUKS_KEYS __attribute__ ((cleanup (gl_luks_keys_free)))

#endif
