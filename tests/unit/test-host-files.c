/* Unit tests for common/utils: the atomic file writer and the bounded
 * file reader. */
#include <config.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

#include "cleanup.h"
#include "error.h"
#include "read-file.h"
#include "write-atomic.h"
#include "tap.h"

/* How many names DIR holds besides . and .. */
static size_t
count_entries (const char *dir)
{
  DIR *d = opendir (dir);
  size_t n = 0;
  struct dirent *e;
  while (d && (e = readdir (d)))
    if (strcmp (e->d_name, ".") && strcmp (e->d_name, ".."))
      n++;
  if (d)
    closedir (d);
  return n;
}

static void
test_writer (const char *dir)
{
  CLEANUP_FREE char *path = gl_printf ("%s/state.json", dir);
  CLEANUP_ERR struct gl_err err = GL_ERR_INIT;

  is_int (gl_write_atomic (path, "first\n", 6, 0640, &err), 0, "writer: a new file");
  size_t len = 0;
  CLEANUP_FREE char *got = gl_read_file (path, 100, GL_READ_REGULAR, &len, &err);
  is_str (got, "first\n", "writer: the content is there");
  struct stat st;
  ok (stat (path, &st) == 0 && (st.st_mode & 07777) == 0640,
      "writer: the mode is the one asked for, not the umask's");
  is_int (count_entries (dir), 1, "writer: no temporary left beside it");

  is_int (gl_write_atomic (path, "second", 6, 0644, &err), 0, "writer: replaces a file");
  CLEANUP_FREE char *got2 = gl_read_file (path, 100, 0, &len, &err);
  is_str (got2, "second", "writer: the new content replaced the old whole");

  /* A folder in the way of the final name: rename fails, nothing stays. */
  CLEANUP_FREE char *sub = gl_printf ("%s/taken", dir);
  mkdir (sub, 0700);
  ok (gl_write_atomic (sub, "x", 1, 0644, &err) == -1, "writer: fails when rename cannot replace");
  ok (err.msg && strncmp (err.msg, sub, strlen (sub)) == 0 && strstr (err.msg, "rename"),
      "writer: the message names the file and the step (%s)", gl_err_msg (&err, "-"));
  is_int (count_entries (dir), 2, "writer: a failed write leaves no temporary");
  rmdir (sub);

  CLEANUP_FREE char *nodir = gl_printf ("%s/no/such/file", dir);
  ok (gl_write_atomic (nodir, "x", 1, 0644, &err) == -1 && err.errnum == ENOENT,
      "writer: a missing folder is ENOENT");
  ok (strstr (gl_err_msg (&err, ""), "temporary") != NULL,
      "writer: says it could not make the temporary file");

  CLEANUP_FREE char *t = gl_write_atomic_template ("/a/b/c.json");
  is_str (t, "/a/b/.c.json.XXXXXX", "template: a dot name in the same folder");
  CLEANUP_FREE char *t2 = gl_write_atomic_template ("c.json");
  is_str (t2, ".c.json.XXXXXX", "template: a relative name");
  unlink (path);
}

static void
test_reader (const char *dir)
{
  CLEANUP_ERR struct gl_err err = GL_ERR_INIT;
  CLEANUP_FREE char *path = gl_printf ("%s/f", dir);
  size_t len = 99;

  gl_write_atomic (path, "0123456789", 10, 0644, NULL);
  CLEANUP_FREE char *a = gl_read_file (path, 10, GL_READ_REGULAR, &len, &err);
  ok (a && len == 10 && strcmp (a, "0123456789") == 0, "reader: exactly the bound is read");
  char *b = gl_read_file (path, 9, GL_READ_REGULAR, &len, &err);
  ok (!b && errno == EFBIG && err.errnum == EFBIG, "reader: one byte over is EFBIG");
  ok (err.msg && strstr (err.msg, "larger than 9 bytes") && strstr (err.msg, path),
      "reader: the message names the file and the bound (%s)", gl_err_msg (&err, "-"));

  gl_write_atomic (path, "a\0b", 3, 0644, NULL);
  CLEANUP_FREE char *c = gl_read_file (path, 100, 0, &len, &err);
  ok (c && len == 3 && c[1] == '\0' && c[2] == 'b' && c[3] == '\0',
      "reader: a NUL inside is kept, the length says where the data ends");

  gl_write_atomic (path, "", 0, 0644, NULL);
  CLEANUP_FREE char *e = gl_read_file (path, 100, GL_READ_REGULAR, &len, &err);
  ok (e && len == 0 && e[0] == '\0', "reader: an empty file");

  CLEANUP_FREE char *missing = gl_printf ("%s/missing", dir);
  ok (!gl_read_file (missing, 100, 0, &len, &err) && errno == ENOENT
      && err.errnum == ENOENT, "reader: a missing file is ENOENT");

  ok (!gl_read_file (dir, 100, GL_READ_REGULAR, &len, &err) && errno == EINVAL
      && strstr (gl_err_msg (&err, ""), "not a regular file"),
      "reader: GL_READ_REGULAR refuses a folder");
  ok (!gl_read_file (dir, 100, GL_READ_NO_DIR, &len, &err) && errno == EISDIR,
      "reader: GL_READ_NO_DIR refuses a folder");

  CLEANUP_FREE char *link = gl_printf ("%s/link", dir);
  ok (symlink (path, link) == 0 && !gl_read_file (link, 100, GL_READ_NOFOLLOW, &len, &err)
      && errno == ELOOP, "reader: GL_READ_NOFOLLOW refuses a symlink");
  CLEANUP_FREE char *via = gl_read_file (link, 100, 0, &len, &err);
  ok (via != NULL, "reader: a symlink is followed without GL_READ_NOFOLLOW");
  unlink (link);

  /* /proc files say size 0: read to their end all the same. */
  CLEANUP_FREE char *st = gl_read_file ("/proc/self/status", 1 << 20, 0, &len, &err);
  ok (st && len > 0 && strstr (st, "Pid:"), "reader: a /proc file is read whole");
  ok (!gl_read_file ("/proc/self/status", 16, 0, &len, &err) && errno == EFBIG,
      "reader: a /proc file over the bound is EFBIG");

  /* A pipe larger than the bound, larger than the first buffer too. */
  int p[2];
  if (pipe (p) == 0) {
    static char big[20000];
    memset (big, 'x', sizeof big);
    if (fork () == 0) {
      close (p[0]);
      if (write (p[1], big, sizeof big) < 0) { /* nothing */ }
      _exit (0);
    }
    close (p[1]);
    CLEANUP_FREE char *pp = gl_read_fd (p[0], "(pipe)", 30000, &len, &err);
    ok (pp && len == sizeof big, "reader: a pipe is read to its end across buffers");
    close (p[0]);
  }
  unlink (path);
}

int
main (void)
{
  char tmpl[] = "/tmp/test-host-files.XXXXXX";
  if (!mkdtemp (tmpl)) {
    printf ("Bail out! mkdtemp\n");
    return 1;
  }
  umask (022);
  test_writer (tmpl);
  test_reader (tmpl);
  rmdir (tmpl);
  return tap_done ();
}
