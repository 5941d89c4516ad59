/* Unit tests for common/hostio/fs-probe.c: TYPE, UUID and LABEL of
 * filesystems made by the host's mkfs tools, as "blkid -p -o export"
 * gives them, through the range's descriptor and through the memfd copy
 * of its ends (a range without descriptor).  Tools that are missing or
 * cannot make their filesystem in a file are skipped (a "# skip" line). */
#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "blocksrc.h"
#include "cleanup.h"
#include "error.h"
#include "fs-probe.h"
#include "guest-io.h"
#include "scratch.h"
#include "spawn.h"
#include "tap.h"

#define MiB (1024 * 1024)

struct ids {
  char *type, *uuid, *label;
};

static void
ids_free (struct ids *i)
{
  free (i->type);
  free (i->uuid);
  free (i->label);
}

/* "blkid -p -o export" of PATH (at OFFSET for SIZE bytes when SIZE). */
static bool
blkid_ids (const char *path, long long offset, long long size, struct ids *out)
{
  char o[32], s[32];
  snprintf (o, sizeof o, "%lld", offset);
  snprintf (s, sizeof s, "%lld", size);
  const char *argv[] = { "blkid", "-p", "-o", "export", "-O", o,
                         size ? "-S" : path, size ? s : NULL, path, NULL };
  struct gl_spawn_result r;
  memset (out, 0, sizeof *out);
  if (gl_spawn (argv, 65536, &r) == -1)
    return false;
  /* Exit 2: nothing found (no lines). */
  for (char *line = r.out, *nl; line && *line; line = nl) {
    nl = strchr (line, '\n');
    if (nl)
      *nl++ = '\0';
    char **slot = strncmp (line, "TYPE=", 5) == 0 ? &out->type :
      strncmp (line, "UUID=", 5) == 0 ? &out->uuid :
      strncmp (line, "LABEL=", 6) == 0 ? &out->label : NULL;
    if (slot && strchr (line, '=')[1])
      *slot = strdup (strchr (line, '=') + 1);
  }
  bool good = r.status == 0 || r.status == 2;
  gl_spawn_result_free (&r);
  return good;
}

/* The range of FILE from OFFSET (SIZE bytes; 0: to the end), probed
 * through its descriptor or (NOFD) through a copy of its ends. */
static int
probe (const char *file, uint64_t offset, uint64_t size, bool nofd, bool partition,
       struct gl_blkid *b, struct gl_err *err)
{
  struct gl_blocksrc *src = gl_blocksrc_open (file, "raw", false, err);
  if (!src)
    return -1;
  const struct gl_range *whole = gl_blocksrc_range (src);
  struct gl_subrange sub;
  int r = -1;
  if (gl_range_sub (&sub, whole, offset, size ? size : whole->size - offset, err) == 0) {
    if (nofd)
      sub.range.fd = -1;
    memset (b, 0, sizeof *b);
    r = partition ? gl_fs_probe_partition (&sub.range, b, err)
      : gl_fs_probe (&sub.range, b, err);
  }
  gl_blocksrc_close (src);
  return r;
}

/* NAME's filesystem in FILE: both paths agree with blkid (the copy
 * path: ENOTSUP instead when COPY_ENOTSUP). */
static void
compare (const char *name, const char *file, long long offset, long long size,
         bool copy_enotsup)
{
  struct ids want;
  if (!blkid_ids (file, offset, size, &want)) {
    ok (0, "%s: blkid runs", name);
    return;
  }
  printf ("# %s: blkid: TYPE=%s UUID=%s LABEL=%s\n", name, want.type ?: "",
          want.uuid ?: "", want.label ?: "");
  for (int nofd = 0; nofd <= 1; nofd++) {
    const char *how = nofd ? "copy of its ends" : "descriptor";
    struct gl_blkid b;
    CLEANUP_ERR struct gl_err err = GL_ERR_INIT;
    int r = probe (file, offset, size, nofd, false, &b, &err);
    if (nofd && copy_enotsup) {
      ok (r == -1 && err.errnum == ENOTSUP && strstr (err.msg, want.type),
          "%s, %s: ENOTSUP naming %s", name, how, want.type);
      continue;
    }
    if (!ok (r == 0, "%s, %s: probed", name, how)) {
      printf ("# %s\n", gl_err_msg (&err, ""));
      continue;
    }
    is_str (b.type, want.type, "%s, %s: TYPE", name, how);
    is_str (b.uuid, want.uuid, "%s, %s: UUID", name, how);
    is_str (b.label, want.label, "%s, %s: LABEL", name, how);
    gl_blkid_free (&b);
  }
  ids_free (&want);
}

struct fs {
  const char *name;
  off_t size;
  const char *argv[16];      /* the file is appended */
  bool copy_enotsup;
};

static const struct fs filesystems[] = {
  { "ext4", 32 * MiB, { "mkfs.ext4", "-q", "-F", "-L", "root-fs", "-U",
                        "11111111-2222-3333-4444-555555555555" }, false },
  { "ext3", 32 * MiB, { "mkfs.ext3", "-q", "-F", "-L", "ext3lbl" }, false },
  { "ext2", 16 * MiB, { "mkfs.ext2", "-q", "-F", "-L", "ext2lbl" }, false },
  { "swap", 16 * MiB, { "mkswap", "-L", "swaplbl", "-U",
                        "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee" }, false },
  { "vfat", 64 * MiB, { "mkfs.vfat", "-F", "32", "-n", "ESPLBL" }, true },
  { "xfs", 320 * MiB, { "mkfs.xfs", "-q", "-L", "xfslbl" }, false },
  { "btrfs", 128 * MiB, { "mkfs.btrfs", "-q", "-L", "btrlbl" }, false },
  { "luks2", 32 * MiB, { "cryptsetup", "luksFormat", "--batch-mode", "--type",
                         "luks2", "--pbkdf", "pbkdf2", "--pbkdf-force-iterations",
                         "1000", "--label", "lukslbl", "--key-file", "@KEY" }, false },
};

static void
test_filesystems (void)
{
  CLEANUP_FREE char *key = scratch_path ("key");
  FILE *fp = fopen (key, "w");
  fputs ("secret", fp);
  fclose (fp);

  for (size_t i = 0; i < sizeof filesystems / sizeof filesystems[0]; i++) {
    const struct fs *f = &filesystems[i];
    CLEANUP_FREE char *file = scratch_path (f->name);
    const char *argv[18];
    size_t n = 0;
    for (; f->argv[n]; n++)
      argv[n] = strcmp (f->argv[n], "@KEY") == 0 ? key : f->argv[n];
    argv[n++] = file;
    argv[n] = NULL;
    if (!gl_have_program (argv[0])) {
      printf ("# skip %s: %s is not installed\n", f->name, argv[0]);
      continue;
    }
    if (!scratch_sparse (file, f->size) || !scratch_run (argv)) {
      printf ("# skip %s: %s cannot make one in a file here\n", f->name, argv[0]);
      continue;
    }
    compare (f->name, file, 0, 0, f->copy_enotsup);
    unlink (file);
  }
}

static void
test_special (void)
{
  /* Nothing there. */
  CLEANUP_FREE char *empty = scratch_path ("empty");
  scratch_sparse (empty, 8 * MiB);
  struct gl_blkid b = { .type = (char *) "stale" };
  ok (probe (empty, 0, 0, false, false, &b, NULL) == 0 && b.type == NULL &&
      b.uuid == NULL && b.label == NULL, "empty: no TYPE, UUID, LABEL (descriptor)");
  b.type = (char *) "stale";
  ok (probe (empty, 0, 0, true, false, &b, NULL) == 0 && b.type == NULL,
      "empty: no TYPE (copy of its ends)");
  compare ("empty", empty, 0, 0, false);

  /* A range of 0 bytes inside a file holding a filesystem after it:
   * nothing (libblkid would read "size 0" as "to the end"). */
  CLEANUP_FREE char *after = scratch_path ("after");
  const char *mkafter[] = { "mkfs.ext4", "-q", "-F", "-E", "offset=1048576", after, "8M", NULL };
  if (scratch_sparse (after, 9 * MiB) && scratch_run (mkafter)) {
    struct gl_blocksrc *src = gl_blocksrc_open (after, "raw", false, NULL);
    struct gl_subrange zero;
    b.type = (char *) "stale";
    ok (src && gl_range_sub (&zero, gl_blocksrc_range (src), MiB, 0, NULL) == 0 &&
        gl_fs_probe (&zero.range, &b, NULL) == 0 && b.type == NULL,
        "a range of 0 bytes before a filesystem: no TYPE");
    gl_blocksrc_close (src);
  }

  /* ext4 1 MiB into a larger file: the range's offset reaches libblkid;
   * the copy path copies from the range's start. */
  CLEANUP_FREE char *inner = scratch_path ("inner");
  const char *mk[] = { "mkfs.ext4", "-q", "-F", "-L", "inner", "-E", "offset=1048576",
                       inner, "16M", NULL };
  if (scratch_sparse (inner, 17 * MiB + 4096) && scratch_run (mk)) {
    compare ("ext4 at 1 MiB", inner, MiB, 16 * MiB, false);
    CLEANUP_ERR struct gl_err err = GL_ERR_INIT;
    ok (probe (inner, MiB, 16 * MiB, false, true, &b, &err) == 0 && b.type &&
        strcmp (b.type, "ext4") == 0 && b.label && strcmp (b.label, "inner") == 0,
        "ext4 at 1 MiB, probed as a partition: the same");
    gl_blkid_free (&b);
  }
  else
    printf ("# skip ext4 at an offset: mkfs.ext4 -E offset failed\n");

  /* A firmware RAID signature at the end (an LSI one): libblkid reports
   * it for a whole disk, never for a partition. */
  CLEANUP_FREE char *lsi = scratch_path ("lsi");
  scratch_sparse (lsi, 4 * MiB);
  int fd = open (lsi, O_WRONLY);
  if (fd == -1 || pwrite (fd, "$XIDE$", 6, 4 * MiB - 512) != 6)
    abort ();
  close (fd);
  ok (probe (lsi, 0, 0, false, false, &b, NULL) == 0 && b.type &&
      strcmp (b.type, "lsi_mega_raid_member") == 0,
      "an LSI RAID signature at the end of a whole disk: lsi_mega_raid_member");
  gl_blkid_free (&b);
  ok (probe (lsi, 0, 0, true, false, &b, NULL) == 0 && b.type &&
      strcmp (b.type, "lsi_mega_raid_member") == 0,
      "the same through the copy of its ends: the tail was copied");
  gl_blkid_free (&b);
  ok (probe (lsi, 0, 0, false, true, &b, NULL) == 0 && b.type == NULL,
      "the same range as a partition: nothing (as blkid on /dev/sdXN)");
  gl_blkid_free (&b);
}

int
main (void)
{
  if (!scratch_open ("test-fs-probe"))
    return 1;
  if (!gl_have_program ("blkid")) {
    printf ("1..0 # SKIP blkid is not installed\n");
    return 0;
  }
  test_filesystems ();
  test_special ();
  scratch_close ();
  return tap_done ();
}
