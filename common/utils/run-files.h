/* guestlift: the temporary files and folders of a running guestlift, told
 * apart from those a dead one left behind.
 *
 * A run holds a lock on every temporary file and folder it makes, for as
 * long as it uses it.  The kernel drops a lock when the last descriptor
 * of it closes, that is when the process ends, however it ends (SIGKILL
 * too).  A later run that CAN take the lock knows the owner is gone and
 * removes what it left; a lock it cannot take means a live owner (on this
 * host, in another container of it, or on another NFS client): its files
 * stay.  Nothing is ever removed on a guess: a file whose lock cannot be
 * tried (no permission, a filesystem without locks) stays too.
 *
 *  - Files: an open-file-description write lock (F_OFD_SETLK) on one byte
 *    far past any data (GL_RUN_LOCK_OFFSET).  It never meets qemu's own
 *    image locks (bytes 100-299 of the same file), also on NFS, where
 *    flock(2) would become a whole-file lock that qemu-img then fails on.
 *  - Folders: flock(2) on the folder (byte-range locks need a file).
 *
 * The lock is taken just after the file or folder is created; a sweeper
 * may take it first in between.  The owner then finds the lock taken, or
 * the file already unlinked (no link left), and makes another.
 */
#ifndef GUESTLIFT_RUN_FILES_H
#define GUESTLIFT_RUN_FILES_H

#include <stdbool.h>
#include <stddef.h>

#define GL_RUN_LOCK_OFFSET (1LL << 62)

/* Hold FD, a file this process just created (open for writing) at PATH,
 * for as long as FD stays open.  0 held; 1 not held because locks do not
 * work there (go on: no sweeper can take it either); -1 with errno
 * EAGAIN when a sweeper got it first (close FD and make another). */
int gl_run_hold_file (int fd, const char *path);

/* Remove the files of DIR whose names MATCH accepts and whose owner is
 * gone (their lock can be taken): regular files of our user only.  Before
 * each is unlinked, while its lock is held, ON_DEAD (may be NULL) is
 * called with the folder (open), the name and the file (open for reading
 * and writing) to undo what its run left half done.  The number
 * removed. */
size_t gl_run_sweep_files (const char *dir, bool (*match) (const char *name),
                           void (*on_dead) (int dirfd, const char *name, int fd));

/* A private folder $TMPDIR/guestlift-run.XXXXXX (TMPDIR unset: /tmp; not
 * "guestlift.XXXXXX", the name of versions that held no lock), mode
 * 0700, held by this process until gl_run_tmpdir_remove.  The first call
 * in a process first removes the folders of that name whose owners are
 * gone (with what is inside, e.g. libguestfs's own folder).  malloc'd
 * path, or NULL with errno.  Thread-safe. */
char *gl_run_tmpdir (void);

/* Remove the folders gl_run_tmpdir made in dead runs (once a process:
 * gl_run_tmpdir does it at its first call).  The number removed. */
size_t gl_run_sweep_tmpdirs (void);

/* Remove DIR (made by gl_run_tmpdir) and what it holds, and release it.
 * DIR NULL: nothing. */
void gl_run_tmpdir_remove (const char *dir);

/* Is NAME (a file name, no folder) one gl_run_tmpdir makes? */
bool gl_run_tmpdir_name (const char *name);

#endif
