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

/* Additions.
 *
 * Inputs larger than GL_KEYVALUE_MAX_BYTES are refused by both functions:
 * NULL with errno EFBIG.  Details of gl_keyvalue_get: an unquoted value ends
 * at a blank, newline or ';' (the rest of the line is ignored); quoted
 * values may span lines; an unterminated quote runs to the end of the
 * text; "\<newline>" continues the value; lines that are not NAME=... are
 * skipped.
 *
 * gl_keyvalue_get_raw is for grubenv, whose values are not quoted and may
 * hold blanks ("saved_entry=Debian GNU/Linux, with Linux 6.1.0-18"): the
 * value is the rest of the line after "KEY=", with grub's escapes "\\"
 * -> "\" and "\n" -> newline undone. */
#define GL_KEYVALUE_MAX_BYTES (1024 * 1024)

char *gl_keyvalue_get_raw (const char *text, size_t len, const char *key);

#endif
