/* guestlift: the dry-run rendering of a rewrite, old -> new, as a
 * unified-diff-like text (see gl_rewrite_diff in rewrite.h).
 *
 * Config files are small: the common head and tail are cut off, and the
 * middle is compared with a plain LCS table when it fits in
 * MAX_LCS_CELLS; beyond that the middle is shown as removed then added,
 * which is still correct, only less minimal.  Within a run of changes the
 * removed lines come first, then the added ones, as diff -u prints them.
 */
#include <config.h>

#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "rewrite.h"

/* 4M cells of 4 bytes: 16 MiB at most, e.g. 2000 x 2000 changed lines. */
#define MAX_LCS_CELLS (4u * 1024 * 1024)

struct line {
  const char *p;
  size_t n;
  bool nl;                      /* ends with a newline */
};

static struct line *
split (const char *text, size_t *count)
{
  size_t len = strlen (text), cap = 1, k = 0, pos = 0;
  struct line *v;

  for (size_t i = 0; i < len; ++i)
    cap += text[i] == '\n';
  v = calloc (cap, sizeof *v);
  if (!v)
    return NULL;
  while (pos < len) {
    const char *e = memchr (text + pos, '\n', len - pos);
    v[k].p = text + pos;
    v[k].n = e ? (size_t) (e - (text + pos)) : len - pos;
    v[k].nl = e != NULL;
    pos += v[k].n + (e != NULL);
    k++;
  }
  *count = k;
  return v;
}

static bool
same (const struct line *a, const struct line *b)
{
  return a->n == b->n && a->nl == b->nl && memcmp (a->p, b->p, a->n) == 0;
}

static int
put_line (struct gl_buf *b, char sign, const struct line *l)
{
  if (gl_buf_append (b, &sign, 1) == -1 ||
      gl_buf_append (b, l->p, l->n) == -1 ||
      gl_buf_puts (b, "\n") == -1)
    return -1;
  return l->nl ? 0 : gl_buf_puts (b, "\\ No newline at end of file\n");
}

static int
put_run (struct gl_buf *b, const struct line *a, size_t a0, size_t a1,
         const struct line *c, size_t c0, size_t c1)
{
  for (size_t i = a0; i < a1; ++i)
    if (put_line (b, '-', &a[i]) == -1)
      return -1;
  for (size_t j = c0; j < c1; ++j)
    if (put_line (b, '+', &c[j]) == -1)
      return -1;
  return 0;
}

/* The middle parts A[0..n) and C[0..m), which differ at both ends. */
static int
diff_middle (struct gl_buf *b, const struct line *a, size_t n,
             const struct line *c, size_t m)
{
  uint32_t *t;
  size_t i = 0, j = 0, ri = 0, rj = 0, w = m + 1;

  if (n == 0 || m == 0 || (n + 1) > MAX_LCS_CELLS / (m + 1))
    return put_run (b, a, 0, n, c, 0, m);
  t = calloc ((n + 1) * w, sizeof *t);
  if (!t)
    return put_run (b, a, 0, n, c, 0, m);
  /* t[i][j]: length of the LCS of a[i..] and c[j..]. */
  for (size_t ii = n; ii-- > 0; )
    for (size_t jj = m; jj-- > 0; )
      t[ii * w + jj] = same (&a[ii], &c[jj]) ? t[(ii + 1) * w + jj + 1] + 1 :
        t[(ii + 1) * w + jj] >= t[ii * w + jj + 1] ?
        t[(ii + 1) * w + jj] : t[ii * w + jj + 1];
  while (i < n && j < m) {
    if (same (&a[i], &c[j])) {
      if (put_run (b, a, ri, i, c, rj, j) == -1)
        goto err;
      ri = ++i;
      rj = ++j;
    }
    else if (t[(i + 1) * w + j] >= t[i * w + j + 1])
      i++;
    else
      j++;
  }
  free (t);
  return put_run (b, a, ri, n, c, rj, m);

 err:
  free (t);
  return -1;
}

char *
gl_rewrite_diff (const char *path, const char *old_text, const char *new_text)
{
  struct gl_buf b = GL_BUF_INIT;
  struct line *a = NULL, *c = NULL;
  size_t n = 0, m = 0, head = 0, tail = 0;
  char *safe_path = NULL, *r = NULL;

  if (!path) {
    errno = EINVAL;
    return NULL;
  }
  if (!old_text)
    old_text = "";
  if (!new_text)
    new_text = "";
  if (strnlen (old_text, GL_REWRITE_MAX_BYTES + 1) > GL_REWRITE_MAX_BYTES ||
      strnlen (new_text, GL_REWRITE_MAX_BYTES + 1) > GL_REWRITE_MAX_BYTES ||
      strnlen (path, 4097) > 4096) {
    errno = EFBIG;
    return NULL;
  }
  if (strcmp (old_text, new_text) == 0)
    return strdup ("");

  a = split (old_text, &n);
  c = split (new_text, &m);
  safe_path = strdup (path);
  if (!a || !c || !safe_path)
    goto out;
  /* The path goes on one line of the terminal: no control characters. */
  for (char *p = safe_path; *p; ++p)
    if ((unsigned char) *p < 0x20 || *p == 0x7f)
      *p = '?';
  while (head < n && head < m && same (&a[head], &c[head]))
    head++;
  while (tail < n - head && tail < m - head &&
         same (&a[n - 1 - tail], &c[m - 1 - tail]))
    tail++;
  if (gl_buf_printf (&b, "--- %s\n+++ %s\n", safe_path, safe_path) == -1 ||
      diff_middle (&b, a + head, n - head - tail,
                   c + head, m - head - tail) == -1)
    goto out;
  r = gl_buf_steal (&b);
 out:
  gl_buf_free (&b);
  free (a);
  free (c);
  free (safe_path);
  return r;
}
