/* Unit tests for common/hostio/blocksrc.c: raw images by pread, qcow2
 * through a private qemu-nbd, backing files opened only when allowed. */
#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

#include "blocksrc.h"
#include "cleanup.h"
#include "scratch.h"
#include "spawn.h"
#include "tap.h"

#define SIZE (1024 * 1024)

/* A raw file of SIZE bytes, byte i = (i * 7 + SEED) & 0xff. */
static void
make_raw (const char *path, int seed)
{
  FILE *fp = fopen (path, "w");
  if (!fp)
    abort ();
  for (int i = 0; i < SIZE; i++)
    fputc ((i * 7 + seed) & 0xff, fp);
  fclose (fp);
}

/* Does B read back the pattern of SEED (or zeros when SEED < 0) at a
 * few offsets? */
static bool
reads_pattern (struct gl_blocksrc *b, int seed)
{
  const struct gl_range *r = gl_blocksrc_range (b);
  static const uint64_t offs[] = { 0, 511, 65536 + 3, SIZE - 100 };
  for (size_t k = 0; k < sizeof offs / sizeof offs[0]; k++) {
    unsigned char buf[100];
    if (gl_range_pread (r, buf, sizeof buf, offs[k], NULL) == -1)
      return false;
    for (size_t i = 0; i < sizeof buf; i++) {
      int want = seed < 0 ? 0 : (int) (((offs[k] + i) * 7 + seed) & 0xff);
      if (buf[i] != want)
        return false;
    }
  }
  return true;
}

static void
test_raw (void)
{
  CLEANUP_FREE char *raw = scratch_path ("disk.raw");
  make_raw (raw, 1);
  CLEANUP_ERR struct gl_err err = GL_ERR_INIT;
  struct gl_blocksrc *b = gl_blocksrc_open (raw, "raw", false, &err);
  ok (b != NULL, "raw image opens (%s)", gl_err_msg (&err, "no error"));
  if (!b)
    return;
  const struct gl_range *r = gl_blocksrc_range (b);
  is_int (r->size, SIZE, "raw: size is the file's");
  ok (r->fd >= 0 && r->fd_offset == 0, "raw: the range has a descriptor");
  int fl = fcntl (r->fd, F_GETFL), fdfl = fcntl (r->fd, F_GETFD);
  ok ((fl & O_ACCMODE) == O_RDONLY && (fdfl & FD_CLOEXEC), "raw: read-only, close-on-exec");
  ok (reads_pattern (b, 1), "raw: reads the file's bytes");
  unsigned char c;
  ok (gl_range_pread (r, &c, 1, SIZE, &err) == -1 && err.errnum == EIO,
      "raw: a read past the end is an error");
  gl_blocksrc_close (b);
}

static void
test_qcow2 (void)
{
  CLEANUP_FREE char *raw = scratch_path ("base.raw");
  /* Commas, a colon and a quote: only a file name, never options. */
  CLEANUP_FREE char *qcow = scratch_path ("a,b:c\"d.qcow2");
  CLEANUP_FREE char *over = scratch_path ("over.qcow2");
  CLEANUP_FREE char *dangling = scratch_path ("dangling.qcow2");
  CLEANUP_FREE char *gone = scratch_path ("gone.raw");
  make_raw (raw, 5);
  const char *conv[] = { "qemu-img", "convert", "-f", "raw", "-O", "qcow2", "--", raw, qcow, NULL };
  const char *mkover[] = { "qemu-img", "create", "-q", "-f", "qcow2", "-F", "raw",
                           "-b", raw, "--", over, NULL };
  make_raw (gone, 9);
  const char *mkdang[] = { "qemu-img", "create", "-q", "-f", "qcow2", "-F", "raw",
                           "-b", gone, "--", dangling, NULL };
  if (!scratch_run (conv) || !scratch_run (mkover) || !scratch_run (mkdang)) {
    ok (0, "qemu-img makes the test images");
    return;
  }
  unlink (gone);

  CLEANUP_ERR struct gl_err err = GL_ERR_INIT;
  struct gl_blocksrc *b = gl_blocksrc_open (qcow, "qcow2", false, &err);
  ok (b != NULL, "qcow2 (a name with , : \") opens through qemu-nbd (%s)",
      gl_err_msg (&err, "no error"));
  if (b) {
    const struct gl_range *r = gl_blocksrc_range (b);
    is_int (r->size, SIZE, "qcow2: size is the virtual size");
    is_int (r->fd, -1, "qcow2: no descriptor");
    ok (reads_pattern (b, 5), "qcow2: reads the guest's bytes");
    /* Larger than one NBD request. */
    void *big = malloc (SIZE);
    ok (big && gl_range_pread (r, big, SIZE, 0, NULL) == 0 &&
        ((unsigned char *) big)[SIZE - 1] == (((SIZE - 1) * 7 + 5) & 0xff),
        "qcow2: one read of the whole image");
    free (big);
    gl_blocksrc_close (b);
  }

  b = gl_blocksrc_open (over, "qcow2", true, &err);
  ok (b != NULL && reads_pattern (b, 5),
      "qcow2 over a host file, backing allowed: the backing file's bytes");
  gl_blocksrc_close (b);
  b = gl_blocksrc_open (over, "qcow2", false, &err);
  ok (b != NULL && reads_pattern (b, -1),
      "qcow2 over a host file, backing not allowed: zeros, the backing file unread");
  gl_blocksrc_close (b);

  b = gl_blocksrc_open (dangling, "qcow2", false, &err);
  ok (b != NULL, "missing backing file, not allowed: opens (never looked for)");
  gl_blocksrc_close (b);
  gl_err_clear (&err);
  b = gl_blocksrc_open (dangling, "qcow2", true, &err);
  ok (b == NULL && err.msg && strstr (err.msg, "gone.raw") &&
      strstr (err.msg, "qemu-nbd cannot serve it") && !strchr (err.msg, '\n'),
      "missing backing file, allowed: one line naming the cause");
  printf ("# %s\n", gl_err_msg (&err, ""));
  gl_blocksrc_close (b);

  gl_err_clear (&err);
  b = gl_blocksrc_open (raw, "qcow2", false, &err);
  ok (b == NULL && err.msg && strstr (err.msg, "qcow2"),
      "a raw file opened as qcow2: refused, cause named");
  printf ("# %s\n", gl_err_msg (&err, ""));
  gl_blocksrc_close (b);
}

static void
test_bad (void)
{
  CLEANUP_ERR struct gl_err err = GL_ERR_INIT;
  struct gl_blocksrc *b = gl_blocksrc_open ("/nonexistent/x.img", "raw", false, &err);
  ok (b == NULL && err.errnum == ENOENT, "a missing raw file: ENOENT");
  CLEANUP_FREE char *fifo = scratch_path ("fifo");
  if (mkfifo (fifo, 0600) == 0) {
    b = gl_blocksrc_open (fifo, "raw", false, &err);
    ok (b == NULL && err.errnum == EINVAL, "a FIFO: refused, without hanging");
  }
  b = gl_blocksrc_open ("/dev/null", "-o x", false, &err);
  ok (b == NULL && err.errnum == EINVAL, "a format that is no format name: refused");
  b = gl_blocksrc_open ("/dev/null", NULL, false, &err);
  ok (b == NULL && err.errnum == EINVAL, "no format: refused (never guessed)");
}

int
main (void)
{
  if (!scratch_open ("test-blocksrc"))
    return 1;
  test_raw ();
  if (gl_have_program ("qemu-nbd") && gl_have_program ("qemu-img"))
    test_qcow2 ();
  else
    printf ("# qemu-nbd or qemu-img missing: qcow2 tests skipped\n");
  test_bad ();
  scratch_close ();
  return tap_done ();
}
