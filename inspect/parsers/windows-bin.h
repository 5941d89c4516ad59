/* guestlift: the binary bits of a Windows guest that are not registry
 * hives (pure): the architecture of a PE executable (system32/cmd.exe),
 * which partition a MountedDevices value names (an MBR disk signature and
 * byte offset, or a GPT partition GUID), and the libosinfo id of a
 * Windows version. */
#ifndef GUESTLIFT_WINDOWS_BIN_H
#define GUESTLIFT_WINDOWS_BIN_H

#include <stddef.h>
#include <stdint.h>

/* Bytes of a PE file read to find its machine type (the PE header of a
 * real cmd.exe is within the first few hundred bytes). */
#define GL_PE_HEAD_MAX 4096

/* The architecture of the PE image whose first len bytes are buf
 * ("i386", "x86_64", "aarch64", "arm", "ia64"), or NULL when it is not
 * a PE image or its machine is another one. */
const char *gl_pe_arch (const void *buf, size_t len);

/* Bytes from a disk's start looked at for its partition table: the MBR,
 * the GPT header and up to 256 entries of 128 bytes (GPT says 128). */
#define GL_DISK_HEAD_MAX (64 * 1024)

/* Where the partition named by a MountedDevices value (blob) lies on the
 * disk whose first hlen bytes are head, as a byte offset from the disk's
 * start: 1 with *offset set when blob names a partition of this disk,
 * 0 when it does not (another disk, a CD-ROM or volume GUID value, a
 * malformed blob, a GPT entry past hlen).  512-byte sectors. */
int gl_win_blob_partition (const void *blob, size_t blen,
                           const void *head, size_t hlen, uint64_t *offset);

/* The libosinfo short id of a Windows version ("win7", "win2k8r2", ...)
 * from its major and minor version, product name and installation type
 * (product variant: "Client", "Server", or NULL), as libguestfs guesses
 * it; "unknown" when none fits.  Never NULL. */
const char *gl_windows_osinfo (int major, int minor, const char *product_name,
                               const char *variant);

#endif
