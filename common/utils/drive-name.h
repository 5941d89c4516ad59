/* guestlift: disk and partition names as Linux's sd, vd, xvd and hd
 * drivers make them (pure), and their inverse:
 *
 *   disk 0 "sda", 25 "sdz", 26 "sdaa", 701 "sdzz", 702 "sdaaa"
 *   disk 1 partition 2 "vdb2"; disk 26 "xvdaa"
 *
 * The letters are the disk index in bijective base 26 (a = 1 ... z = 26,
 * no zero digit); the digits after them the partition (1, 2, ...; none
 * for the whole disk).  The prefix is the caller's: "sd", "xvd",
 * "/dev/vd"...
 */
#ifndef GUESTLIFT_DRIVE_NAME_H
#define GUESTLIFT_DRIVE_NAME_H

#include <stddef.h>

/* Room for the letters of any unsigned index and their NUL
 * ("mwlqkwv" is UINT_MAX's). */
#define GL_DRIVE_LETTERS_MAX 8

/* The highest partition number a name may carry (Linux numbers
 * partitions from 1; GPT's default table holds 128). */
#define GL_DRIVE_MAX_PARTITION 4096

/* The letters of disk INDEX ("a", "z", "aa"); returns BUF. */
char *gl_drive_letters (unsigned index, char buf[GL_DRIVE_LETTERS_MAX]);

/* PREFIX, the letters of disk INDEX, then PARTITION unless it is 0:
 * ("xvd", 0, 2) "xvda2", ("sd", 26, 0) "sdaa".  malloc'd, or NULL with
 * errno (ENOMEM). */
char *gl_drive_name (const char *prefix, unsigned index, unsigned partition);

/* The inverse: NAME must be PREFIX, one or more lower-case letters, then
 * nothing or a partition number (1 to GL_DRIVE_MAX_PARTITION, no sign,
 * no leading zero).  0 with *INDEX and *PARTITION (0: the whole disk),
 * or -1 with errno EINVAL for anything else ("xvd", "xvdA", "xvda0",
 * "xvda01", "xvda1x", "sda" for prefix "xvd", an index past UINT_MAX).
 * PARTITION may be NULL: a name with a partition is then refused. */
int gl_drive_parse (const char *name, const char *prefix,
                    unsigned *index, unsigned *partition);

/* The file convert writes a guest's disk INDEX to, "DIR/NAME-sdX.FMT"
 * (the letters of sd names whatever the target: "web-sda.qcow2",
 * "web-sdaa.qcow2" for the 27th disk).  malloc'd, or NULL (ENOMEM). */
char *gl_drive_file_name (const char *dir, const char *name, unsigned index,
                          const char *format);

/* The inverse on a file name without its folder: "NAME-sdX.FMT" gives
 * the disk's index.  0, or -1 with errno EINVAL for any other name. */
int gl_drive_file_parse (const char *base, const char *name,
                         const char *format, unsigned *index);

#endif
