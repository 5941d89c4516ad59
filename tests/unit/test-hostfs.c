/* guestlift: the host reader's ext2/3/4 trees (common/hostio/hostfs.h).
 *
 * The test makes a root tree and a /boot tree in a temporary directory
 * (nested directories, absolute, relative, dangling and looping
 * symlinks, ".." escapes above "/", a symlink into /boot and back,
 * names with spaces and glob characters, a sparse file, a file past
 * 4 GiB, many entries, names differing only in case), builds ext2, ext3,
 * ext4 (directories indexed by e2fsck -D) and ext4 with inline data
 * images from it with mke2fs -d, mounts each with /boot at /boot, and
 * asks the path ops.
 *
 * The answers are checked twice: against facts written here (always),
 * and against the kernel itself where this machine lets the test mount
 * the same images (root, loop devices): a child in a mount namespace of
 * its own mounts them read-only, chroots into them and answers every
 * query with the system calls and glibc functions the appliance's
 * daemon uses (stat, lstat, readlink, realpath, glob, readdir and chdir,
 * pread): the host reader must give exactly its answers.
 *
 * Then the filesystems gl_hostfs_open must refuse (ENOTSUP): a journal
 * that needs recovery, orphan inodes, casefold, encrypt, verity, a
 * filesystem larger than its device.
 */
#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <glob.h>
#include <limits.h>
#include <sched.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <dirent.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>

#include "cleanup.h"
#include "err.h"
#include "error.h"
#include "hostfs.h"
#include "range.h"
#include "rmtree.h"
#include "tap.h"

static char *tmp;

/* --- Making the trees and images --- */

static char *
in_tmp (const char *rel)
{
  char *p = gl_printf ("%s/%s", tmp, rel);
  if (!p)
    abort ();
  return p;
}

static void
put_at (const char *root, const char *rel, const char *content)
{
  CLEANUP_FREE char *p = gl_printf ("%s/%s", root, rel);
  int fd = open (p, O_WRONLY | O_CREAT | O_TRUNC, 0644);
  if (fd == -1 || write (fd, content, strlen (content)) != (ssize_t) strlen (content))
    abort ();
  close (fd);
}

static void
dir_at (const char *root, const char *rel)
{
  CLEANUP_FREE char *p = gl_printf ("%s/%s", root, rel);
  if (mkdir (p, 0755) == -1)
    abort ();
}

static void
link_at (const char *root, const char *rel, const char *target)
{
  CLEANUP_FREE char *p = gl_printf ("%s/%s", root, rel);
  if (symlink (target, p) == -1)
    abort ();
}

/* A sparse file of SIZE bytes with WHAT written at each offset. */
static void
sparse_at (const char *root, const char *rel, off_t size, const off_t *offs,
           const char *const *what, size_t n)
{
  CLEANUP_FREE char *p = gl_printf ("%s/%s", root, rel);
  int fd = open (p, O_WRONLY | O_CREAT | O_TRUNC, 0644);
  if (fd == -1 || ftruncate (fd, size) == -1)
    abort ();
  for (size_t i = 0; i < n; ++i)
    if (pwrite (fd, what[i], strlen (what[i]), offs[i]) != (ssize_t) strlen (what[i]))
      abort ();
  close (fd);
}

#define GiB (1024LL * 1024 * 1024)
#define HUGE_NAMES 1300

/* A directory path of 3000 bytes or more: /d/NNN...(12 names of 250). */
static const char *
huge_dir (void)
{
  static char dir[4096];
  if (!dir[0]) {
    char *p = stpcpy (dir, "/d");
    for (int i = 0; i < 12; ++i)
      p += sprintf (p, "/%02d%0248d", i, 0);
  }
  return dir;
}
#define MiB (1024LL * 1024)

static void
make_root_tree (const char *root)
{
  if (mkdir (root, 0755) == -1)
    abort ();
  dir_at (root, "etc");
  put_at (root, "etc/fstab", "/dev/sda1 / ext4 defaults 0 1\n");
  put_at (root, "etc/hosts", "127.0.0.1 localhost\n");
  link_at (root, "etc/fstab.link", "fstab");
  link_at (root, "abs", "/etc/fstab");
  link_at (root, "dangling", "/nowhere");
  link_at (root, "loop1", "loop2");
  link_at (root, "loop2", "loop1");
  /* c1 -> c2 -> ... -> c40 -> /etc/fstab: 40 symlinks; c0 makes 41. */
  for (int i = 0; i <= 40; ++i) {
    char name[8], target[16];
    snprintf (name, sizeof name, "c%d", i);
    if (i == 40)
      snprintf (target, sizeof target, "/etc/fstab");
    else
      snprintf (target, sizeof target, "c%d", i + 1);
    link_at (root, name, target);
  }
  link_at (root, "escape", "../../../etc");
  dir_at (root, "dir");
  dir_at (root, "dir/sub");
  put_at (root, "dir/sub/deep.txt", "deep\n");
  link_at (root, "dir/up", "..");
  link_at (root, "dir/self", ".");
  put_at (root, "sp ace", "space\n");
  put_at (root, "glob*[x]?{a,b}", "glob\n");
  put_at (root, "a\\b", "backslash\n");
  put_at (root, ".hidden", "hidden\n");
  put_at (root, "..dots", "dots\n");
  link_at (root, "bootlink", "/boot/grub");
  dir_at (root, "boot");
  put_at (root, "boot/hidden.txt", "under the mount\n");
  /* Longer than 60 bytes: a slow symlink (or inline data). */
  link_at (root, "longlink", "/dir/sub/.././sub/./.././sub/./.././sub/./.././sub/./deep.txt");
  static const off_t soffs[] = { 0, 1 * MiB + 4000, 3 * MiB - 4 };
  static const char *const swhat[] = { "head", "in the middle, across blocks", "tail" };
  sparse_at (root, "sparse", 3 * MiB, soffs, swhat, 3);
  /* Data at its end too: mke2fs -d with inline_data drops a trailing
   * hole. */
  static const off_t boffs[] = { 4 * GiB + 512 * MiB, 5 * GiB + 4096 - 4 };
  static const char *const bwhat[] = { "far beyond 4 GiB", "end\n" };
  sparse_at (root, "big", 5 * GiB + 4096, boffs, bwhat, 2);
  put_at (root, "inline.txt", "tiny inline\n");
  dir_at (root, "many");
  for (int i = 0; i < 3000; ++i) {
    char name[16];
    snprintf (name, sizeof name, "many/f%04d", i);
    put_at (root, name, "");
  }
  put_at (root, "many/Mixed", "1");
  put_at (root, "many/MIXED", "2");
  put_at (root, "many/mixed", "3");
  dir_at (root, "CaseDir");
  dir_at (root, "CASEDIR");
  dir_at (root, "casedir");
  put_at (root, "CaseDir/x", "");
  put_at (root, "CASEDIR/X", "");
  dir_at (root, "Windows");
  dir_at (root, "Windows/System32");
  dir_at (root, "Windows/System32/Drivers");
  put_at (root, "Windows/System32/config.sys", "x\n");
  /* HUGE_NAMES names of 250 bytes (hard links: no inode each) in a
   * directory HUGE_DIR of 3000 bytes or more: more than a 4 MiB answer
   * as "DIR/NAME" strings. */
  CLEANUP_FREE char *hdir = gl_printf ("%s%s", root, huge_dir ());
  CLEANUP_FREE char *mk = strdup (hdir);
  for (char *p = mk + strlen (root) + 1; (p = strchr (p, '/')); ++p) {
    *p = '\0';
    if (mkdir (mk, 0755) == -1 && errno != EEXIST)
      abort ();
    *p = '/';
  }
  if (mkdir (hdir, 0755) == -1)
    abort ();
  CLEANUP_FREE char *target = gl_printf ("%s/target", hdir);
  put_at (hdir, "target", "");
  for (int i = 0; i < HUGE_NAMES; ++i) {
    CLEANUP_FREE char *name = gl_printf ("%s/%05d%0245d", hdir, i, 0);
    if (link (target, name) == -1)
      abort ();
  }
  CLEANUP_FREE char *fifo = gl_printf ("%s/fifo", root);
  if (mkfifo (fifo, 0644) == -1)
    abort ();
}

static void
make_boot_tree (const char *boot)
{
  if (mkdir (boot, 0755) == -1)
    abort ();
  dir_at (boot, "grub");
  put_at (boot, "grub/grub.cfg", "set timeout=5\n");
  put_at (boot, "vmlinuz-6.1.0-13-amd64", "kernel\n");
  put_at (boot, "vmlinux-x", "kernel x\n");
  put_at (boot, "initrd.img-6.1.0-13-amd64", "initrd\n");
  put_at (boot, "config-6.1.0-13-amd64", "CONFIG_X=y\n");
  link_at (boot, "rootlink", "/etc");
  link_at (boot, "up", "..");
  link_at (boot, "self", "/boot");
}

/* Run ARGV (no shell), its output thrown away: its exit status, or -1. */
static int
run (const char *const *argv)
{
  pid_t pid = fork ();
  if (pid == -1)
    return -1;
  if (pid == 0) {
    int null = open ("/dev/null", O_RDWR);
    dup2 (null, 1);
    dup2 (null, 2);
    execvp (argv[0], (char *const *) argv);
    _exit (127);
  }
  int status;
  if (waitpid (pid, &status, 0) == -1 || !WIFEXITED (status))
    return -1;
  return WEXITSTATUS (status);
}

/* --- A range over an image file --- */

struct file_range {
  struct gl_range r;
  int fd;
};

static int
file_pread (void *opaque, void *buf, size_t count, uint64_t offset, struct gl_err *err)
{
  struct file_range *f = opaque;
  while (count > 0) {
    ssize_t n = pread (f->fd, buf, count, (off_t) offset);
    if (n <= 0)
      return gl_err_set (err, EIO, "short read");
    buf = (char *) buf + n;
    count -= (size_t) n;
    offset += (uint64_t) n;
  }
  return 0;
}

static bool
open_range (struct file_range *f, const char *path)
{
  struct stat st;
  f->fd = open (path, O_RDONLY | O_CLOEXEC);
  if (f->fd == -1 || fstat (f->fd, &st) == -1)
    return false;
  f->r = (struct gl_range) {
    .pread = file_pread, .opaque = f, .size = (uint64_t) st.st_size, .fd = -1,
  };
  return true;
}

/* --- The queries, answered by the tree and by the kernel --- */

static const char *const paths[] = {
  "/", "/etc", "/etc/", "/etc/fstab", "/etc/fstab/", "/etc/fstab/x",
  "/etc/fstab/.", "/etc/fstab/..", "/etc/fstab.link", "/etc/fstab.link/",
  "/abs", "/dangling", "/dangling/", "/dangling/x", "/loop1", "/loop1/",
  "/loop1/x", "/c0", "/c1", "/c1/", "/c40", "/escape", "/escape/fstab",
  "/../../etc/fstab", "/..", "/dir/up/dir/self/sub/deep.txt",
  "/dir/up/../../etc", "/bootlink", "/bootlink/grub.cfg", "/bootlink/..",
  "/bootlink/../..", "/boot", "/boot/", "/boot/..", "/boot/../etc",
  "/boot/up", "/boot/up/etc/hosts", "/boot/rootlink", "/boot/rootlink/fstab",
  "/boot/self/grub", "/boot/hidden.txt", "/boot/grub/../vmlinux-x",
  "/sp ace", "/glob*[x]?{a,b}", "/a\\b", "/.hidden", "/..dots", "/missing",
  "/missing/..", "/dir/sub/../sub/./deep.txt", "//etc//fstab", "/etc/./fstab",
  "/longlink", "/sparse", "/big", "/inline.txt", "/many", "/many/f0042",
  "/many/F0042", "/fifo", "/Windows/System32", "/CaseDir/x",
  "/dir/sub/deep.txt/", "/etc/hosts/../hosts", "relative",
};

static const char *const case_paths[] = {
  "/windows/system32", "/WINDOWS/system32/drivers", "/windows/system32/missing",
  "/nowin/x", "/etc/FSTAB", "/etc/fstab/.", "/ETC/./fstab", "/casedir/X",
  "/MANY/mixed", "/", "/etc/", "/bootlink/GRUB.CFG", "/boot/Grub/grub.cfg",
  "//etc//hosts", "/dangling/x", "/etc/fstab/x", "/Boot/UP/etc",
};

static const char *const globs[][2] = {
  { "/boot", "{vmlinuz,vmlinux,kernel}-*" }, { "/boot", "*" },
  { "/", "{*,.[!.]*,..?*}" }, { "/", ".*" }, { "/", "*" }, { "/", "d*" },
  { "/", "dangling" }, { "/", "missing" }, { "/", "glob\\*\\[x\\]\\?\\{a,b\\}" },
  { "/", "{a,a*,abs}" }, { "/", "{sp ace,abs}" }, { "/", "{a" }, { "/", "{}abs" },
  { "/", "[[:upper:]]*" }, { "/many", "f00[0-3]?" }, { "/many", "*" },
  { "/many", "{f0001,f0001,f000[1]}" }, { "/many", "[mM]*" }, { "/nowhere", "*" },
  { "/etc/fstab", "*" }, { "/bootlink", "*" }, { "/boot/up", "b*" },
  { "/dangling", "*" }, { "/", "." }, { "/", ".." }, { "/loop1", "*" },
  { "/etc", "fstab" }, { "/etc", "fstab.link" }, { "/", "c?" },
  { "/boot/rootlink", "f*" }, { "/", "a\\\\b" }, { "/", "{a\\\\b,x{y,z}}" },
};

static const struct { const char *path; uint64_t off; size_t count; } reads[] = {
  { "/sparse", 0, 4096 }, { "/sparse", 1 * MiB + 3990, 200 },
  { "/sparse", 3 * MiB - 4, 100 }, { "/sparse", 3 * MiB, 10 },
  { "/sparse", 3 * MiB + 10, 10 }, { "/big", 4 * GiB + 512 * MiB - 3, 32 },
  { "/big", 5 * GiB + 4096 - 1, 10 }, { "/inline.txt", 0, 100 },
  { "/etc/fstab", 5, 3 }, { "/dir", 0, 10 }, { "/longlink", 0, 10 },
  { "/abs", 0, 4096 }, { "/many/f0001", 0, 10 }, { "/missing", 0, 10 },
  { "/loop1", 0, 10 }, { "/big", 0, 1024 * 1024 },
};

/* One answer, as text both sides can write: "=VALUE" or "E<errno>". */
static char *
answer_err (int errnum)
{
  return gl_printf ("E%d", errnum);
}

static uint32_t
fnv (const unsigned char *p, size_t n)
{
  uint32_t h = 2166136261u;
  for (size_t i = 0; i < n; ++i)
    h = (h ^ p[i]) * 16777619u;
  return h;
}

/* The names list as one string. */
static char *
joined (char **names)
{
  size_t len = 1;
  for (size_t i = 0; names[i]; ++i)
    len += strlen (names[i]) + 1;
  char *s = calloc (1, len + 1), *p = s;
  if (!s)
    abort ();
  *p++ = '[';
  for (size_t i = 0; names[i]; ++i)
    p = stpcpy (stpcpy (p, names[i]), "|");
  return s;
}

/* --- The host reader's side --- */

static char *
tree_probe (struct gl_hosttree *t, const char *p)
{
  return gl_printf ("%d %d %d %d", gl_hosttree_probe (t, p, GL_PROBE_FILE),
                    gl_hosttree_probe (t, p, GL_PROBE_DIR),
                    gl_hosttree_probe (t, p, GL_PROBE_SYMLINK),
                    gl_hosttree_probe (t, p, GL_PROBE_EXISTS));
}

static char *
tree_size (struct gl_hosttree *t, const char *p)
{
  CLEANUP_ERR struct gl_err e = GL_ERR_INIT;
  uint64_t s;
  if (gl_hosttree_filesize (t, p, &s, &e) == -1)
    return answer_err (e.errnum);
  return gl_printf ("=%llu", (unsigned long long) s);
}

static char *
tree_string (char *s, const struct gl_err *e)
{
  if (!s)
    return answer_err (e->errnum);
  char *r = gl_printf ("=%s", s);
  free (s);
  return r;
}

static char *
tree_read (struct gl_hosttree *t, const char *p, uint64_t off, size_t count)
{
  CLEANUP_ERR struct gl_err e = GL_ERR_INIT;
  CLEANUP_FREE unsigned char *buf = malloc (count);
  size_t got = 0;
  if (!buf)
    abort ();
  if (gl_hosttree_pread (t, p, buf, count, off, &got, &e) == -1)
    return answer_err (e.errnum);
  return gl_printf ("n=%zu h=%08x", got, fnv (buf, got));
}

/* --- The kernel's side (in the chroot) --- */

static char *
kernel_probe (const char *p)
{
  struct stat st;
  int r[4];
  for (int k = 0; k < 4; ++k) {
    bool follow = k < 2;
    if (p[0] != '/') {
      r[k] = -1;
      continue;
    }
    if ((follow ? stat : lstat) (p, &st) == -1) {
      r[k] = errno == ENOENT || errno == ENOTDIR ? 0 : -1;
      continue;
    }
    r[k] = k == 0 ? S_ISREG (st.st_mode) : k == 1 ? S_ISDIR (st.st_mode)
      : k == 2 ? S_ISLNK (st.st_mode) : 1;
  }
  return gl_printf ("%d %d %d %d", r[0], r[1], r[2], r[3]);
}

static char *
kernel_size (const char *p)
{
  struct stat st;
  if (p[0] != '/')
    return answer_err (EINVAL);
  if (stat (p, &st) == -1)
    return answer_err (errno);
  return gl_printf ("=%llu", (unsigned long long) st.st_size);
}

static char *
kernel_readlink (const char *p)
{
  char buf[PATH_MAX];
  if (p[0] != '/')
    return answer_err (EINVAL);
  ssize_t n = readlink (p, buf, sizeof buf - 1);
  if (n == -1)
    return answer_err (errno);
  buf[n] = '\0';
  return gl_printf ("=%s", buf);
}

static char *
kernel_realpath (const char *p)
{
  if (p[0] != '/')
    return answer_err (EINVAL);
  char *r = realpath (p, NULL);
  if (!r)
    return answer_err (errno);
  char *a = gl_printf ("=%s", r);
  free (r);
  return a;
}

static char *
kernel_read (const char *p, uint64_t off, size_t count)
{
  int fd = open (p, O_RDONLY | O_CLOEXEC);
  if (fd == -1)
    return answer_err (errno);
  unsigned char *buf = malloc (count);
  ssize_t n = buf ? pread (fd, buf, count, (off_t) off) : -1;
  int e = errno;
  close (fd);
  char *a = n == -1 ? answer_err (e) : gl_printf ("n=%zd h=%08x", n, fnv (buf, (size_t) n));
  free (buf);
  return a;
}

static int
cmp_str (const void *a, const void *b)
{
  return strcmp (*(char *const *) a, *(char *const *) b);
}

/* What guest-io-appliance.c's a_glob and the daemon's glob_expand do. */
static char *
kernel_glob (const char *dir, const char *pattern)
{
  bool root = strcmp (dir, "/") == 0;
  CLEANUP_FREE char *edir = calloc (1, 2 * strlen (dir) + 1);
  char *o = edir;
  for (const char *c = dir; *c; ++c) {
    if (strchr ("*?[]{}\\", *c))
      *o++ = '\\';
    *o++ = *c;
  }
  CLEANUP_FREE char *full = gl_printf ("%s/%s", root ? "" : edir, pattern);
  glob_t g = { 0 };
  int r = glob (full, GLOB_BRACE, NULL, &g);
  if (r != 0 && r != GLOB_NOMATCH) {
    globfree (&g);
    return gl_printf ("E");
  }
  size_t skip = root ? 1 : strlen (dir) + 1, n = 0;
  char **names = calloc (g.gl_pathc + 1, sizeof *names);
  for (size_t i = 0; i < g.gl_pathc; ++i)
    if (strlen (g.gl_pathv[i]) > skip)
      names[n++] = g.gl_pathv[i] + skip;
  qsort (names, n, sizeof *names, cmp_str);
  char *a = joined (names);
  free (names);
  globfree (&g);
  return a;
}

/* The daemon's case_sensitive_path (daemon/realpath.ml): readdir to find
 * each element, chdir into all but the last. */
static char *
kernel_case (const char *path)
{
  if (chdir ("/") == -1)
    return gl_printf ("E");
  CLEANUP_FREE char *copy = strdup (path + 1);
  char out[8192] = "";
  for (char *elem = copy, *next; elem; elem = next) {
    char *slash = strchr (elem, '/');
    next = slash ? slash + 1 : NULL;
    if (slash)
      *slash = '\0';
    if (!next && (strcmp (elem, ".") == 0 || strcmp (elem, "..") == 0))
      return gl_printf ("E");
    if (!*elem)
      continue;
    DIR *d = opendir (".");
    if (!d)
      return gl_printf ("E");
    char found[NAME_MAX + 1] = "";
    struct dirent *de;
    while ((de = readdir (d)))
      if (strcmp (de->d_name, ".") && strcmp (de->d_name, "..") &&
          strcasecmp (de->d_name, elem) == 0) {
        snprintf (found, sizeof found, "%s", de->d_name);
        break;
      }
    closedir (d);
    if (!next) {
      strcat (strcat (out, "/"), found[0] ? found : elem);
      break;
    }
    if (!found[0] || chdir (found) == -1)
      return gl_printf ("E");
    strcat (strcat (out, "/"), found);
  }
  return gl_printf ("=%s", out[0] ? out : "/");
}

/* --- Both sides over the same queries --- */

enum op { OP_PROBE, OP_SIZE, OP_READLINK, OP_REALPATH, OP_READ, OP_GLOB, OP_CASE };
static const char *const op_names[] = {
  "probe", "filesize", "readlink", "realpath", "pread", "glob", "case_sensitive_path",
};

struct query {
  enum op op;
  const char *a, *b;
  uint64_t off;
  size_t count;
};

static struct query *queries;
static size_t nqueries;
static char *long_name, *long_name_ok, *long_path, *long_path_ok;

static void
add_query (struct query q)
{
  queries = realloc (queries, (nqueries + 1) * sizeof *queries);
  if (!queries)
    abort ();
  queries[nqueries++] = q;
}

static void
make_queries (void)
{
  /* A name of 256 bytes, one of 255; a path of 4096 bytes, one of 4095. */
  long_name = calloc (1, 258);
  long_name_ok = calloc (1, 257);
  long_name[0] = long_name_ok[0] = '/';
  memset (long_name + 1, 'a', 256);
  memset (long_name_ok + 1, 'a', 255);
  long_path = calloc (1, 4097);
  long_path_ok = calloc (1, 4097);
  strcpy (long_path, "/etc");
  strcpy (long_path_ok, "/etc");
  for (size_t i = 4; i < 4096; i += 2)
    memcpy (long_path + i, "/.", 2);
  for (size_t i = 4; i < 4094; i += 2)
    memcpy (long_path_ok + i, "/.", 2);
  strcat (long_path_ok, "/");   /* 4095 bytes */
  const char *extra[] = { long_name, long_name_ok, long_path, long_path_ok };
  for (size_t i = 0; i < sizeof paths / sizeof paths[0] + 4; ++i) {
    const char *p = i < sizeof paths / sizeof paths[0] ? paths[i]
      : extra[i - sizeof paths / sizeof paths[0]];
    for (enum op op = OP_PROBE; op <= OP_REALPATH; ++op)
      add_query ((struct query) { .op = op, .a = p });
    /* Not the FIFO: the appliance would wait on it for ever. */
    if (strcmp (p, "/fifo") != 0)
      add_query ((struct query) { .op = OP_READ, .a = p, .count = 4096 });
  }
  for (size_t i = 0; i < sizeof reads / sizeof reads[0]; ++i)
    add_query ((struct query) { .op = OP_READ, .a = reads[i].path, .off = reads[i].off,
                                .count = reads[i].count });
  for (size_t i = 0; i < sizeof globs / sizeof globs[0]; ++i)
    add_query ((struct query) { .op = OP_GLOB, .a = globs[i][0], .b = globs[i][1] });
  for (size_t i = 0; i < sizeof case_paths / sizeof case_paths[0]; ++i)
    add_query ((struct query) { .op = OP_CASE, .a = case_paths[i] });
}

static char *
tree_answer (struct gl_hosttree *t, const struct query *q)
{
  CLEANUP_ERR struct gl_err e = GL_ERR_INIT;
  switch (q->op) {
  case OP_PROBE: return tree_probe (t, q->a);
  case OP_SIZE: return tree_size (t, q->a);
  case OP_READLINK: { char *s = gl_hosttree_readlink (t, q->a, &e); return tree_string (s, &e); }
  case OP_REALPATH: { char *s = gl_hosttree_realpath (t, q->a, &e); return tree_string (s, &e); }
  case OP_READ: return tree_read (t, q->a, q->off, q->count);
  case OP_GLOB: {
    char **names = gl_hosttree_glob (t, q->a, q->b, &e);
    if (!names)
      return gl_printf ("E");
    char *a = joined (names);
    gl_free_string_list (names);
    return a;
  }
  case OP_CASE: {
    char *s = gl_hosttree_case_sensitive_path (t, q->a, &e);
    char *a = s ? gl_printf ("=%s", s) : gl_printf ("E");
    free (s);
    return a;
  }
  }
  abort ();
}

static char *
kernel_answer (const struct query *q)
{
  switch (q->op) {
  case OP_PROBE: return kernel_probe (q->a);
  case OP_SIZE: return kernel_size (q->a);
  case OP_READLINK: return kernel_readlink (q->a);
  case OP_REALPATH: return kernel_realpath (q->a);
  case OP_READ: return q->a[0] == '/' ? kernel_read (q->a, q->off, q->count)
      : answer_err (EINVAL);
  case OP_GLOB: return kernel_glob (q->a, q->b);
  case OP_CASE: return kernel_case (q->a);
  }
  abort ();
}

/* The kernel's answers to every query on ROOT_IMG with BOOT_IMG at
 * /boot, from a child that mounts them in a namespace of its own and
 * chroots into them: NULL when this machine does not let it (not root,
 * no loop devices). */
static char **
kernel_answers (const char *root_img, const char *boot_img)
{
  int fds[2];
  if (pipe (fds) == -1)
    return NULL;
  CLEANUP_FREE char *mnt = in_tmp ("mnt");
  CLEANUP_FREE char *mnt_boot = in_tmp ("mnt/boot");
  pid_t pid = fork ();
  if (pid == -1)
    abort ();
  if (pid == 0) {
    close (fds[0]);
    const char *m1[] = { "mount", "-o", "ro,loop", root_img, mnt, NULL };
    const char *m2[] = { "mount", "-o", "ro,loop", boot_img, mnt_boot, NULL };
    if (unshare (CLONE_NEWNS) == -1 ||
        mount ("none", "/", "none", MS_REC | MS_PRIVATE, NULL) == -1 ||
        (mkdir (mnt, 0755) == -1 && errno != EEXIST) ||
        run (m1) != 0 || run (m2) != 0 || chroot (mnt) == -1 || chdir ("/") == -1)
      _exit (77);
    FILE *out = fdopen (fds[1], "w");
    for (size_t i = 0; out && i < nqueries; ++i) {
      char *a = kernel_answer (&queries[i]);
      fwrite (a, 1, strlen (a) + 1, out);
      free (a);
    }
    _exit (out && fclose (out) == 0 ? 0 : 1);
  }
  close (fds[1]);
  char **answers = calloc (nqueries + 1, sizeof *answers);
  FILE *in = fdopen (fds[0], "r");
  size_t n = 0;
  char *line = NULL;
  size_t cap = 0;
  while (in && n < nqueries && getdelim (&line, &cap, '\0', in) > 0)
    answers[n++] = strdup (line);
  free (line);
  if (in)
    fclose (in);
  int status;
  waitpid (pid, &status, 0);
  if (!WIFEXITED (status) || WEXITSTATUS (status) != 0 || n != nqueries) {
    gl_free_string_list (answers);
    return NULL;
  }
  return answers;
}

static const char *
query_name (const struct query *q, char *buf, size_t len)
{
  const char *a = q->a;
  char shortened[64];
  if (strlen (a) > 40) {
    snprintf (shortened, sizeof shortened, "%.20s...(%zu bytes)", a, strlen (a));
    a = shortened;
  }
  if (q->op == OP_GLOB)
    snprintf (buf, len, "%s %s %s", op_names[q->op], a, q->b);
  else if (q->op == OP_READ)
    snprintf (buf, len, "%s %s %llu+%zu", op_names[q->op], a,
              (unsigned long long) q->off, q->count);
  else
    snprintf (buf, len, "%s %s", op_names[q->op], a);
  return buf;
}

/* --- Facts written here --- */

static void
check_facts (const char *kind, struct gl_hosttree *t)
{
  CLEANUP_ERR struct gl_err e = GL_ERR_INIT;
  ok (gl_hosttree_probe (t, "/etc/fstab", GL_PROBE_FILE) == 1, "%s: /etc/fstab is a file", kind);
  ok (gl_hosttree_probe (t, "/abs", GL_PROBE_FILE) == 1, "%s: an absolute symlink to it is followed", kind);
  ok (gl_hosttree_probe (t, "/dangling", GL_PROBE_EXISTS) == 1 &&
      gl_hosttree_probe (t, "/dangling", GL_PROBE_FILE) == 0 &&
      gl_hosttree_probe (t, "/dangling", GL_PROBE_SYMLINK) == 1,
      "%s: a dangling symlink exists, is no file, is a symlink", kind);
  ok (gl_hosttree_probe (t, "/loop1", GL_PROBE_FILE) == -1,
      "%s: a symlink loop: cannot tell (ELOOP)", kind);
  ok (gl_hosttree_probe (t, "/boot/hidden.txt", GL_PROBE_EXISTS) == 0,
      "%s: what lies under a mount point is hidden", kind);
  ok (gl_hosttree_probe (t, "/boot/grub/grub.cfg", GL_PROBE_FILE) == 1,
      "%s: the mounted /boot is read", kind);
  CLEANUP_FREE char *r1 = gl_hosttree_realpath (t, "/abs", &e);
  is_str (r1, "/etc/fstab", "%s: realpath of an absolute symlink", kind);
  CLEANUP_FREE char *r2 = gl_hosttree_realpath (t, "/escape/fstab", &e);
  is_str (r2, "/etc/fstab", "%s: \"..\" above / stays at /", kind);
  CLEANUP_FREE char *r3 = gl_hosttree_realpath (t, "/boot/up/etc", &e);
  is_str (r3, "/etc", "%s: \"..\" from a mounted root goes back up", kind);
  CLEANUP_FREE char *r4 = gl_hosttree_realpath (t, "/bootlink/grub.cfg", &e);
  is_str (r4, "/boot/grub/grub.cfg", "%s: a symlink into another filesystem", kind);
  CLEANUP_FREE char *r5 = gl_hosttree_realpath (t, "/c1", &e);
  is_str (r5, "/etc/fstab", "%s: 40 symlinks are followed", kind);
  gl_err_clear (&e);
  ok (gl_hosttree_realpath (t, "/c0", &e) == NULL && e.errnum == ELOOP,
      "%s: the 41st is ELOOP", kind);
  gl_err_clear (&e);
  ok (gl_hosttree_realpath (t, "/missing", &e) == NULL && e.errnum == ENOENT,
      "%s: realpath of a missing path is ENOENT", kind);
  gl_err_clear (&e);
  ok (gl_hosttree_realpath (t, long_name, &e) == NULL && e.errnum == ENAMETOOLONG,
      "%s: a name of 256 bytes is ENAMETOOLONG", kind);
  gl_err_clear (&e);
  uint64_t size = 0;
  ok (gl_hosttree_filesize (t, long_path, &size, &e) == -1 && e.errnum == ENAMETOOLONG,
      "%s: a path of 4096 bytes is ENAMETOOLONG", kind);
  /* realpath(3) hands the kernel only resolved paths. */
  CLEANUP_FREE char *r6 = gl_hosttree_realpath (t, long_path, &e);
  is_str (r6, "/etc", "%s: realpath of a path of 4096 bytes", kind);
  CLEANUP_FREE char *l1 = gl_hosttree_readlink (t, "/boot/rootlink", &e);
  is_str (l1, "/etc", "%s: readlink gives the body as written", kind);
  ok (gl_hosttree_filesize (t, "/big", &size, &e) == 0 && size == 5 * GiB + 4096,
      "%s: the size of a file past 4 GiB", kind);
  char buf[64] = "";
  size_t got = 0;
  ok (gl_hosttree_pread (t, "/big", buf, 16, 4 * GiB + 512 * MiB, &got, &e) == 0 &&
      got == 16 && memcmp (buf, "far beyond 4 GiB", 16) == 0,
      "%s: read past 4 GiB", kind);
  ok (gl_hosttree_pread (t, "/sparse", buf, 8, 2 * MiB, &got, &e) == 0 && got == 8 &&
      memcmp (buf, "\0\0\0\0\0\0\0\0", 8) == 0, "%s: a hole reads as zeros", kind);
  ok (gl_hosttree_pread (t, "/sparse", buf, 8, 3 * MiB, &got, &e) == 0 && got == 0,
      "%s: a read at the end of the file gives nothing", kind);
  ok (gl_hosttree_pread (t, "/inline.txt", buf, sizeof buf, 0, &got, &e) == 0 &&
      got == 12 && memcmp (buf, "tiny inline\n", 12) == 0, "%s: a small file", kind);
  CLEANUP_FREE_STRING_LIST char **k =
    gl_hosttree_glob (t, "/boot", "{vmlinuz,vmlinux,kernel}-*", &e);
  CLEANUP_FREE char *kj = k ? joined (k) : NULL;
  is_str (kj, "[vmlinux-x|vmlinuz-6.1.0-13-amd64|", "%s: glob with alternatives", kind);
  CLEANUP_FREE_STRING_LIST char **dots = gl_hosttree_glob (t, "/", ".*", &e);
  CLEANUP_FREE char *dj = dots ? joined (dots) : NULL;
  is_str (dj, "[.|..|..dots|.hidden|", "%s: glob of hidden names (as glibc: . and .. too)", kind);
  CLEANUP_FREE_STRING_LIST char **none = gl_hosttree_glob (t, "/nowhere", "*", &e);
  ok (none && !none[0], "%s: glob in a missing directory: nothing", kind);
  CLEANUP_FREE_STRING_LIST char **all = gl_hosttree_glob (t, "/many", "{*,.[!.]*,..?*}", &e);
  ok (all && gl_string_list_length (all) == 3003, "%s: every name of a large directory", kind);
  gl_err_clear (&e);
  ok (gl_hosttree_glob (t, huge_dir (), "*", &e) == NULL && e.errnum == E2BIG,
      "%s: glob: more than 4 MiB of matches is an error", kind);
  CLEANUP_FREE_STRING_LIST char **half = gl_hosttree_glob (t, huge_dir (), "00*", &e);
  ok (half && gl_string_list_length (half) == 1000,
      "%s: glob: the names that match, however many do not", kind);
  gl_err_clear (&e);
  ok (gl_hosttree_glob (t, "d", "*", &e) == NULL && e.errnum == EINVAL,
      "%s: glob in a relative directory: refused", kind);
  CLEANUP_FREE char *c1 = gl_hosttree_case_sensitive_path (t, "/windows/system32/drivers", &e);
  is_str (c1, "/Windows/System32/Drivers", "%s: case_sensitive_path", kind);
  CLEANUP_FREE char *c2 = gl_hosttree_case_sensitive_path (t, "/windows/system32/new", &e);
  is_str (c2, "/Windows/System32/new", "%s: case_sensitive_path of a new last name", kind);
  ok (gl_hosttree_case_sensitive_path (t, "/nowin/x", &e) == NULL,
      "%s: case_sensitive_path of a missing directory fails", kind);
}

/* --- Mount points --- */

static void
check_mounts (const char *kind, struct gl_hostfs *rootfs, struct gl_hostfs *bootfs)
{
  CLEANUP_ERR struct gl_err e = GL_ERR_INIT;
  struct gl_hosttree *t = gl_hosttree_new ();
  ok (gl_hosttree_mount (t, bootfs, "/boot", &e) == -1 && e.errnum == ENOENT,
      "%s: nothing but / is mounted first", kind);
  ok (gl_hosttree_probe (t, "/", GL_PROBE_DIR) == -1,
      "%s: nothing mounted: cannot tell", kind);
  ok (gl_hosttree_mount (t, rootfs, "/", &e) == 0, "%s: / mounted", kind);
  gl_err_clear (&e);
  ok (gl_hosttree_mount (t, bootfs, "/etc/fstab", &e) == -1 && e.errnum == ENOTDIR,
      "%s: a file is no mount point", kind);
  gl_err_clear (&e);
  ok (gl_hosttree_mount (t, bootfs, "/missing", &e) == -1 && e.errnum == ENOENT,
      "%s: a missing mount point", kind);
  gl_err_clear (&e);
  ok (gl_hosttree_mount (t, bootfs, "/boot", &e) == 0, "%s: /boot mounted", kind);
  ok (gl_hosttree_mount (t, rootfs, "/bootlink", &e) == -1 && e.errnum == ENOTSUP,
      "%s: a mount point through a symlink is the appliance's", kind);
  /* Mounted twice on /boot: the second hides the first; umount_all
   * leaves nothing. */
  ok (gl_hosttree_mount (t, rootfs, "/boot", &e) == 0 &&
      gl_hosttree_probe (t, "/boot/etc/fstab", GL_PROBE_FILE) == 1 &&
      gl_hosttree_probe (t, "/boot/grub", GL_PROBE_DIR) == 0,
      "%s: the last mount on a directory is what it shows", kind);
  CLEANUP_FREE char *up = gl_hosttree_realpath (t, "/boot/dir/up/../etc", &e);
  is_str (up, "/etc", "%s: \"..\" through two mounts", kind);
  gl_hosttree_umount_all (t);
  ok (gl_hosttree_probe (t, "/etc", GL_PROBE_DIR) == -1, "%s: all unmounted", kind);
  gl_hosttree_free (t);
}

/* --- Refused filesystems --- */

static void
check_refused (const char *what, const char *const *mkfs, const char *const *tweak)
{
  CLEANUP_FREE char *img = in_tmp ("refused.img");
  unlink (img);
  if (run (mkfs) != 0 || (tweak && run (tweak) != 0)) {
    ok (1, "# skip %s: cannot make it here", what);
    return;
  }
  struct file_range f;
  if (!open_range (&f, img))
    abort ();
  CLEANUP_ERR struct gl_err e = GL_ERR_INIT;
  struct gl_hostfs *fs = gl_hostfs_open (&f.r, &e);
  ok (!fs && e.errnum == ENOTSUP, "%s: refused (ENOTSUP): %s", what, gl_err_msg (&e, "opened"));
  gl_hostfs_close (fs);
  close (f.fd);
}

int
main (void)
{
  char tmpl[] = "/tmp/test-hostfs-XXXXXX";
  tmp = mkdtemp (tmpl);
  if (!tmp)
    abort ();
  CLEANUP_FREE char *src = in_tmp ("root"), *bsrc = in_tmp ("boot");
  make_root_tree (src);
  make_boot_tree (bsrc);
  make_queries ();

  CLEANUP_FREE char *boot_img = in_tmp ("boot.img");
  const char *mkboot[] = { "mke2fs", "-q", "-t", "ext4", "-d", bsrc, "-F", boot_img,
                           "16M", NULL };
  if (run (mkboot) != 0) {
    printf ("1..0 # SKIP mke2fs -d does not work here\n");
    gl_rmtree (tmp, 32);
    return 0;
  }
  static const struct { const char *kind, *type, *opts; bool index; } kinds[] = {
    { "ext2", "ext2", NULL, false },
    { "ext3", "ext3", NULL, false },
    { "ext4", "ext4", NULL, true },
    { "ext4+inline_data", "ext4", "inline_data", false },
  };
  for (size_t k = 0; k < sizeof kinds / sizeof kinds[0]; ++k) {
    CLEANUP_FREE char *img = gl_printf ("%s/%s.img", tmp, kinds[k].kind);
    const char *mk[16] = { "mke2fs", "-q", "-t", kinds[k].type, "-d", src, "-F", img };
    size_t n = 8;
    if (kinds[k].opts) {
      mk[n++] = "-O";
      mk[n++] = kinds[k].opts;
    }
    mk[n++] = "96M";
    const char *fsck[] = { "e2fsck", "-fyD", img, NULL };
    int fr = 0;
    bool made = run (mk) == 0 && (!kinds[k].index || (fr = run (fsck)) == 0 || fr == 1);
    ok (made, "%s: image made", kinds[k].kind);
    if (!made)
      continue;
    /* The kernel's answers first: its child then holds nothing of the
     * host reader's. */
    char **kernel = kernel_answers (img, boot_img);
    struct file_range rf, bf;
    if (!open_range (&rf, img) || !open_range (&bf, boot_img))
      abort ();
    CLEANUP_ERR struct gl_err e = GL_ERR_INIT;
    struct gl_hostfs *rootfs = gl_hostfs_open (&rf.r, &e);
    ok (rootfs != NULL, "%s: opened (%s)", kinds[k].kind, gl_err_msg (&e, "ok"));
    struct gl_hostfs *bootfs = gl_hostfs_open (&bf.r, &e);
    struct gl_hosttree *t = gl_hosttree_new ();
    ok (rootfs && bootfs && t && gl_hosttree_mount (t, rootfs, "/", &e) == 0 &&
        gl_hosttree_mount (t, bootfs, "/boot", &e) == 0,
        "%s: / and /boot mounted (%s)", kinds[k].kind, gl_err_msg (&e, "ok"));
    if (rootfs && bootfs && t) {
      check_facts (kinds[k].kind, t);
      check_mounts (kinds[k].kind, rootfs, bootfs);
      for (size_t i = 0; i < nqueries; ++i) {
        char name[160];
        query_name (&queries[i], name, sizeof name);
        if (!kernel) {
          ok (1, "# skip %s: %s: the kernel cannot mount the image here", kinds[k].kind, name);
          continue;
        }
        CLEANUP_FREE char *mine = tree_answer (t, &queries[i]);
        is_str (mine, kernel[i], "%s: %s: as the kernel", kinds[k].kind, name);
      }
    }
    gl_free_string_list (kernel);
    gl_hosttree_free (t);
    gl_hostfs_close (rootfs);
    gl_hostfs_close (bootfs);
    close (rf.fd);
    close (bf.fd);
  }

  /* Filesystems the kernel would read differently. */
  CLEANUP_FREE char *img = in_tmp ("refused.img");
  const char *mk4[] = { "mke2fs", "-q", "-t", "ext4", "-F", img, "8M", NULL };
  const char *recover[] = { "debugfs", "-w", "-R", "feature needs_recovery", img, NULL };
  check_refused ("a journal that needs recovery", mk4, recover);
  const char *orphan[] = { "debugfs", "-w", "-R", "ssv last_orphan 12", img, NULL };
  check_refused ("orphan inodes", mk4, orphan);
  const char *casefold[] = { "mke2fs", "-q", "-t", "ext4", "-O", "casefold", "-F", img, "8M", NULL };
  check_refused ("casefold", casefold, NULL);
  const char *encrypt[] = { "mke2fs", "-q", "-t", "ext4", "-O", "encrypt", "-F", img, "8M", NULL };
  check_refused ("encrypt", encrypt, NULL);
  const char *verity[] = { "mke2fs", "-q", "-t", "ext4", "-O", "verity", "-F", img, "8M", NULL };
  check_refused ("verity", verity, NULL);
  const char *shrink[] = { "truncate", "-s", "4M", img, NULL };
  check_refused ("a filesystem larger than its device", mk4, shrink);

  free (queries);
  free (long_name);
  free (long_name_ok);
  free (long_path);
  free (long_path_ok);
  gl_rmtree (tmp, 32);     /* the tree is 16 levels deep (huge_dir) */
  return tap_done ();
}
