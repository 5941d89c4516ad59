/* guestlift: open one LUKS device of a guest with the keys the user gave
 * (luks-keys.h), as libguestfs's tools do: as /dev/mapper/luks-UUID
 * (luks-NAME for a device without a UUID).  Inspection (inspect/luks.c)
 * and the mount session (mount-session.h) open devices this way, so the
 * names in a report are the names the session mounts.
 */
#ifndef GUESTLIFT_LUKS_OPEN_H
#define GUESTLIFT_LUKS_OPEN_H

#include <stddef.h>

#include "err.h"
#include "guest-io.h"
#include "luks-keys.h"

/* The mapper name for a device whose LUKS UUID is UUID (NULL: none)
 * and which the guest alone calls GUEST_NAME: "luks-UUID", else
 * "luks-sda2", "luks-VG-LV"; only characters device-mapper takes.
 * malloc'd, or NULL (ENOMEM). */
char *gl_luks_mapname (const char *uuid, const char *guest_name);

/* Try the keys KEYS gives for the LUKS device DEV (the handle's name),
 * which the guest alone calls NAME, with LUKS UUID UUID (NULL: none), in
 * their order (gl_luks_keys_for), at most GL_LUKS_KEYS_TRIED of them
 * (each wrong one costs a key derivation: seconds with argon2).  Opened
 * read-write when the handle's disks are writable, else read-only.
 * *OPENED: "/dev/mapper/MAPNAME" (malloc'd) when a key opened it, else
 * NULL; *TRIED: how many keys were tried (0: none was given for it).
 * 0, or -1 only when out of memory.  The keys are never in a message. */
#define GL_LUKS_KEYS_TRIED 16
int gl_luks_open_keyed (struct gl_guest_io *io, const char *dev, const char *name,
                        const char *uuid, const struct gl_luks_keys *keys,
                        char **opened, size_t *tried, struct gl_err *err);

#endif
