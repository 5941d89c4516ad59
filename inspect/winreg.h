/* guestlift: the facts of a Windows guest's registry hives (SOFTWARE and
 * SYSTEM), read with hivex on host copies of the hives.
 *
 * Hives are hostile input and hivex is a C parser: it runs in a child
 * process (forked, no exec) under a time limit and a memory limit, and
 * hands back only the few values asked for, each bounded.  A child that
 * crashes, hangs or runs out of memory is an error for that guest's
 * registry facts, never for guestlift.
 */
#ifndef GUESTLIFT_WINREG_H
#define GUESTLIFT_WINREG_H

#include <stdbool.h>
#include <stddef.h>

#include "err.h"

/* A hive larger than this is not read (real SOFTWARE hives are tens of
 * MiB, up to ~200 MiB on servers with many programs). */
#define GL_WINREG_HIVE_MAX (512ULL * 1024 * 1024)
/* The child's limits: seconds, and bytes of data it may allocate (more
 * than the parent's data at the fork, which it shares). */
#define GL_WINREG_SECONDS 60
#define GL_WINREG_DATA_MAX (1024ULL * 1024 * 1024)
/* A string value longer than this (bytes of UTF-8) is left out. */
#define GL_WINREG_STRING_MAX 1024
/* MountedDevices values kept: the bytes of each (MBR values are 12,
 * GPT ones 24). */
#define GL_WINREG_BLOB_MAX 64

struct gl_winreg_drive {
  char letter;                            /* 'C' (as the key writes it) */
  unsigned char blob[GL_WINREG_BLOB_MAX];
  size_t len;
};

struct gl_winreg_facts {
  /* SOFTWARE\Microsoft\Windows NT\CurrentVersion */
  char *product_name;          /* ProductName */
  char *variant;               /* InstallationType ("Client", "Server") */
  bool have_version;
  int major, minor;            /* CurrentMajor/MinorVersionNumber, else
                                * CurrentVersion "6.1" */
  /* SYSTEM: Select\Current -> ControlSetNNN\Services\Tcpip\Parameters */
  char *hostname;
  /* SYSTEM\MountedDevices: \DosDevices\X: values of type REG_BINARY */
  size_t ndrives;
  struct gl_winreg_drive drives[26];
};

/* Read the facts of the hives at host paths software and system (either
 * NULL: not read).  0, or -1 with err when the child failed (the hive is
 * corrupt beyond what hivex accepts, it ran past its limits, ...): what
 * was read before is kept in *f.  Free *f with gl_winreg_facts_free. */
int gl_winreg_read (const char *software, const char *system,
                    struct gl_winreg_facts *f, struct gl_err *err);
void gl_winreg_facts_free (struct gl_winreg_facts *f);

#endif
