/* guestlift: shell-style KEY=value files (pure): os-release, lsb-release,
 * /etc/default/grub, /etc/sysconfig/network, /etc/sysconfig/kernel,
 * grubenv (KEY=value without quoting). */
#ifndef GUESTLIFT_KEYVALUE_H
#define GUESTLIFT_KEYVALUE_H

#include <stddef.h>

/* Value of the last assignment of KEY in text, with shell quoting removed
 * ('...', "..." with \" \\ \$ \` escapes, unquoted with \x); "export KEY="
 * accepted; comments ignored.  Returns malloc'd string or NULL if absent
 * (errno 0) or on ENOMEM (errno ENOMEM). */
char *gl_keyvalue_get (const char *text, size_t len, const char *key);

#endif
