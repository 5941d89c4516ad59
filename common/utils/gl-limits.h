/* guestlift: the limits that more than one room uses, defined once.
 * (Not "limits.h": every room has common/utils on its include path, and
 * a limits.h there would stand in for the system's <limits.h>.)
 *
 * A room's own bounds (a parser's input, a list's length) stay in its
 * header, next to what they bound.
 */
#ifndef GUESTLIFT_GL_LIMITS_H
#define GUESTLIFT_GL_LIMITS_H

/* A guest's kernel image and initrd, wherever they are copied out of the
 * guest or read: inspect (kernel facts, virtio in the initrd), launch's
 * kernel cache and convert --direct-boot.  One value each, so that
 * convert never copies a kernel that launch then refuses.  Real kernels
 * are 5-15 MiB, real initrds up to ~200 MiB (firmware included). */
#define GL_KERNEL_MAX_BYTES (64 * 1024 * 1024)
#define GL_INITRD_MAX_BYTES (512 * 1024 * 1024)

/* How long one appliance may take to launch before it is killed and
 * tried once more (GUESTLIFT_LAUNCH_TIMEOUT overrides): a TCG launch was
 * seen hanging for 20+ minutes under load. */
#define GL_APPLIANCE_LAUNCH_TIMEOUT_S 300

/* How long a booted guest is watched for --wait-for's text: launch's
 * default --timeout, and batch's boot test (which runs launch). */
#define GL_BOOT_WAIT_TIMEOUT_S 300

/* Commands run inside a guest (convert's initrd rebuild): the default
 * time limit and the largest --command-timeout (convert, batch and the
 * manifest's command_timeout). */
#define GL_GUEST_COMMAND_TIMEOUT_S 1800
#define GL_GUEST_COMMAND_TIMEOUT_MAX_S 86400

/* Host memory for the default -j (host.h): one libguestfs appliance
 * (its RAM and qemu), and a booted guest (launch's default --memory,
 * which batch's boot test uses). */
#define GL_APPLIANCE_MIB 700
#define GL_GUEST_MEMORY_MIB 1024

#endif
