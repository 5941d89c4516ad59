/* Fuzz target: inspect/parsers/windows-bin.c.  The input is a
 * MountedDevices value (its first byte says how long, at most 64 bytes)
 * followed by a disk's head; the same bytes are also a PE image. */
#include <config.h>

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "windows-bin.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  const char *arch = gl_pe_arch (data, size);
  if (arch && (size < 0x40 || data[0] != 'M' || data[1] != 'Z'))
    abort ();                   /* only an MZ image has an arch */
  if (size == 0)
    return 0;
  size_t blen = data[0] % 65;
  if (blen > size - 1)
    blen = size - 1;
  /* Copies of exactly their length, so that a read past either is seen. */
  uint8_t *blob = malloc (blen ? blen : 1), *head = malloc (size - 1 - blen + 1);
  if (!blob || !head)
    abort ();
  memcpy (blob, data + 1, blen);
  memcpy (head, data + 1 + blen, size - 1 - blen);
  uint64_t off = 0;
  int r = gl_win_blob_partition (blob, blen, head, size - 1 - blen, &off);
  if (r != 0 && r != 1)
    abort ();
  if (r == 1 && blen != 12 && off % 512)
    abort ();                   /* a GPT answer is whole sectors */
  free (blob);
  free (head);
  return 0;
}
