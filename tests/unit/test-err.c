/* Unit tests for common/utils/err.c: the error object of library code. */
#include <config.h>

#include <errno.h>
#include <string.h>

#include "cleanup.h"
#include "err.h"
#include "tap.h"

static int
fails_with_errno (struct gl_err *err)
{
  errno = ENOENT;
  return gl_err_errno (err, "%s: open", "/boot/config-x");
}

int
main (void)
{
  {
    CLEANUP_ERR struct gl_err e = GL_ERR_INIT;
    is_str (gl_err_msg (&e, "none"), "none", "no error: the default message");
    is_int (gl_err_set (&e, EFBIG, "%s: larger than %d bytes", "grub.cfg", 4), -1,
            "gl_err_set returns -1");
    is_str (e.msg, "grub.cfg: larger than 4 bytes", "gl_err_set formats the message");
    is_int (e.errnum, EFBIG, "gl_err_set keeps the errno value");
    gl_err_set (&e, EINVAL, "second");
    is_str (e.msg, "second", "a second error replaces the first");
  }
  {
    CLEANUP_ERR struct gl_err e = GL_ERR_INIT;
    is_int (fails_with_errno (&e), -1, "gl_err_errno returns -1");
    is_str (e.msg, "/boot/config-x: open: No such file or directory",
            "gl_err_errno appends strerror");
    is_int (e.errnum, ENOENT, "gl_err_errno keeps errno");
    is_int (errno, ENOENT, "errno is preserved");
    gl_err_prefix (&e, "kernel %s", "6.1");
    is_str (e.msg, "kernel 6.1: /boot/config-x: open: No such file or directory",
            "gl_err_prefix puts context in front");
    is_int (e.errnum, ENOENT, "gl_err_prefix keeps errnum");
  }
  {
    CLEANUP_ERR struct gl_err e = GL_ERR_INIT;
    gl_err_set (&e, 0, "line1\nline2\x1b[31m");
    is_str (e.msg, "line1\\nline2\\x1b[31m", "messages are one line, escaped");
    CLEANUP_ERR struct gl_err d = GL_ERR_INIT;
    gl_err_move (&d, &e);
    ok (e.msg == NULL && d.msg != NULL, "gl_err_move moves the message");
    gl_err_prefix (&e, "ctx");
    is_str (e.msg, "ctx", "gl_err_prefix on an empty error sets it");
  }
  is_int (gl_err_set (NULL, EIO, "ignored"), -1, "a NULL error is allowed");
  is_int (fails_with_errno (NULL), -1, "a NULL error is allowed (errno)");
  return tap_done ();
}
