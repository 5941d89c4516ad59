/* TEMPORARY (hostint): stand-ins for the pieces not merged yet; removed
 * when hostblk and hostfs land.  Every one refuses with ENOTSUP. */
#include <config.h>
#include <errno.h>
#include "fs-probe.h"
#include "hostfs.h"
#include "lvm-meta.h"
#include "partwalk.h"

#define NO(err) gl_err_set (err, ENOTSUP, "not built yet")
struct gl_hostfs *gl_hostfs_open (const struct gl_range *d, struct gl_err *err) { (void) d; NO (err); return NULL; }
void gl_hostfs_close (struct gl_hostfs *fs) { (void) fs; }
struct gl_hosttree *gl_hosttree_new (void) { return NULL; }
int gl_hosttree_mount (struct gl_hosttree *t, struct gl_hostfs *fs, const char *m, struct gl_err *err) { (void) t; (void) fs; (void) m; return NO (err); }
void gl_hosttree_umount_all (struct gl_hosttree *t) { (void) t; }
void gl_hosttree_free (struct gl_hosttree *t) { (void) t; }
int gl_hosttree_probe (struct gl_hosttree *t, const char *p, enum gl_probe w) { (void) t; (void) p; (void) w; return -1; }
int gl_hosttree_filesize (struct gl_hosttree *t, const char *p, uint64_t *s, struct gl_err *err) { (void) t; (void) p; (void) s; return NO (err); }
int gl_hosttree_pread (struct gl_hosttree *t, const char *p, void *b, size_t c, uint64_t o, size_t *g, struct gl_err *err) { (void) t; (void) p; (void) b; (void) c; (void) o; (void) g; return NO (err); }
char **gl_hosttree_glob (struct gl_hosttree *t, const char *d, const char *p, struct gl_err *err) { (void) t; (void) d; (void) p; NO (err); return NULL; }
char *gl_hosttree_readlink (struct gl_hosttree *t, const char *p, struct gl_err *err) { (void) t; (void) p; NO (err); return NULL; }
char *gl_hosttree_realpath (struct gl_hosttree *t, const char *p, struct gl_err *err) { (void) t; (void) p; NO (err); return NULL; }
char *gl_hosttree_case_sensitive_path (struct gl_hosttree *t, const char *p, struct gl_err *err) { (void) t; (void) p; NO (err); return NULL; }
