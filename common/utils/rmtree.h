/* guestlift: remove a folder that guestlift made, with what it holds
 * (temporary folders, batch's partial folders).  Never follows a symlink:
 * a link is removed, not what it names.
 */
#ifndef GUESTLIFT_RMTREE_H
#define GUESTLIFT_RMTREE_H

/* Remove what the folder open as FD holds, DEPTH folder levels down (0:
 * its files only); FD stays open and the folder stays.  What cannot be
 * removed is left. */
void gl_empty_tree (int fd, int depth);

/* Remove DIR with what it holds, DEPTH folder levels down.  0, or -1 with
 * errno (the folder's own rmdir: ENOENT when it was not there, ENOTEMPTY
 * when something in it could not go). */
int gl_rmtree (const char *dir, int depth);

#endif
