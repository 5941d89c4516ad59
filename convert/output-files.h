/* guestlift: convert's output files appear complete or not at all.
 *
 * Each output is written under a temporary name in the output directory
 * (".NAME-sda.qcow2.guestlift-tmp.XXXXXX") and registered here.  When
 * everything is written, gl_outputs_commit renames them all to their final
 * names.  On failure gl_outputs_abort removes them; on SIGINT, SIGTERM or
 * SIGHUP a signal handler does the same with unlink(2) only (async-signal
 * safe), stops the registered child process (qemu-img), then re-raises the
 * signal so the exit status tells what happened.
 *
 * SIGKILL cannot be caught: a run killed so leaves its temporary files.
 * Each temporary file is therefore held with a run lock
 * (common/utils/run-files.h) while its run lives, and gl_outputs_sweep, called
 * by the next run into the same folder, removes those whose run is gone.
 * The commit renames several files, which no system call does at once:
 * it first writes a journal (".guestlift-commit.XXXXXX", held too) of
 * the final names and their inodes, so that the sweep also removes the
 * outputs of a run killed between two renames.  A killed run leaves no
 * final name, at any moment.
 */
#ifndef GUESTLIFT_CONVERT_OUTPUT_H
#define GUESTLIFT_CONVERT_OUTPUT_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

/* At most this many outputs (disks + XML + kernel + initrd). */
#define GL_OUTPUTS_MAX 64

/* Install the signal handlers (once).  0, or -1 with errno. */
int gl_outputs_install_signals (void);

/* Remove the temporary files of dead runs (".*.guestlift-tmp.XXXXXX"
 * whose run lock can be taken) from DIR, and undo their half-done commits
 * (journals); a live run's files stay.  The number of temporary files
 * and journals removed. */
size_t gl_outputs_sweep (const char *dir);

/* Reserve a temporary file for FINAL (a path in its directory): the file
 * is created empty (O_EXCL, mode 0644 less umask), registered, and its
 * path returned (malloc'd; the registry keeps its own copy).  NULL with
 * errno (EEXIST when FINAL already exists: outputs never overwrite;
 * ENOSPC when the registry is full). */
char *gl_outputs_reserve (const char *final);

/* Rename every registered temporary file to its final name (refusing to
 * replace a file that appeared meanwhile), then forget them.  On failure
 * the ones already renamed are removed again: 0, or -1 with errno and
 * *failed pointing at the final name that could not be made. */
int gl_outputs_commit (const char **failed);

/* Remove every registered file (temporary names) and forget them. */
void gl_outputs_abort (void);

/* The child process the signal handler stops (SIGTERM) before cleaning
 * up, or 0 for none. */
void gl_outputs_set_child (pid_t pid);

#endif
