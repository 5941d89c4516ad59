/* Unit tests for common/utils: guest names, shards, enum names. */
#include <config.h>

#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "cleanup.h"
#include "enum-names.h"
#include "err.h"
#include "guest-name.h"
#include "shard.h"
#include "tap.h"

static void
test_guest_names (void)
{
  ok (gl_guest_name_valid ("web01"), "name web01");
  ok (gl_guest_name_valid ("a.b_c-D9"), "name a.b_c-D9");
  ok (!gl_guest_name_valid (""), "empty name refused");
  ok (!gl_guest_name_valid (NULL), "NULL refused");
  ok (!gl_guest_name_valid (".hidden"), "leading dot refused");
  ok (!gl_guest_name_valid ("a/b"), "slash refused");
  ok (!gl_guest_name_valid ("a b"), "space refused");
  ok (!gl_guest_name_valid (".."), ".. refused");
  ok (!gl_guest_name_valid ("caf\xc3\xa9"), "non-ASCII refused");
  char long_name[66];
  memset (long_name, 'x', 65);
  long_name[65] = '\0';
  ok (!gl_guest_name_valid (long_name), "65 characters refused");
  long_name[64] = '\0';
  ok (gl_guest_name_valid (long_name), "64 characters accepted");

  static const struct { const char *in; size_t n; const char *want; } t[] = {
    { "web01", 5, "web01" },
    { "web01.example.com", 5, "web01" },        /* a hostname's first label */
    { ".hidden", 7, "_hidden" },
    { "a/b c:d", 7, "a_b_c_d" },
    { "..", 2, "_." },
    { "caf\xc3\xa9", 5, "caf__" },
  };
  for (size_t i = 0; i < sizeof t / sizeof t[0]; ++i) {
    CLEANUP_FREE char *s = gl_guest_name_sanitise (t[i].in, t[i].n);
    is_str (s, t[i].want, "sanitised %zu", i);
    ok (s && gl_guest_name_valid (s), "sanitised %zu is valid", i);
  }
  CLEANUP_FREE char *longer = malloc (200);
  memset (longer, 'y', 199);
  longer[199] = '\0';
  CLEANUP_FREE char *cut = gl_guest_name_sanitise (longer, 199);
  ok (cut && strlen (cut) == GL_GUEST_NAME_MAX, "sanitised: cut to %d", GL_GUEST_NAME_MAX);
  errno = 0;
  ok (gl_guest_name_sanitise ("x", 0) == NULL && errno == EINVAL, "sanitised: nothing left is NULL");
}

static int
cmp_int (const void *a, const void *b)
{
  int x = *(const int *) a, y = *(const int *) b;
  return (x > y) - (x < y);
}

static size_t dropped;
static void
drop (void *elem)
{
  (void) elem;
  dropped++;
}

static void
test_shards (void)
{
  unsigned k = 0, n = 0;
  CLEANUP_ERR struct gl_err err = GL_ERR_INIT;
  ok (gl_shard_parse ("2/8", &k, &n, &err) == 0 && k == 2 && n == 8, "2/8");
  ok (gl_shard_parse ("1000000/1000000", &k, &n, &err) == 0 && k == 1000000,
      "the largest shard count");
  static const char *const bad[] = {
    "0/2", "3/2", "1/0", "1/1000001", "-1/2", "+1/2", " 1/2", "1/2 ", "1/", "/2",
    "1", "1//2", "a/b", "1/2/3", "",
  };
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; ++i) {
    k = n = 77;
    ok (gl_shard_parse (bad[i], &k, &n, &err) == -1 && errno == EINVAL
        && k == 77 && n == 77, "refused: \"%s\"", bad[i]);
  }
  is_str (err.msg, "'' is not K/N with 1 <= K <= N <= 1000000 (e.g. 2/8)",
          "the message says what K/N may be");

  /* Every item in exactly one shard, each shard sorted, for many sizes. */
  bool once = true, sorted = true, sizes = true;
  for (size_t total = 0; total <= 40; ++total)
    for (unsigned nn = 1; nn <= 9; ++nn) {
      int seen[41] = { 0 };
      dropped = 0;
      size_t kept_sum = 0;
      for (unsigned kk = 1; kk <= nn; ++kk) {
        int v[41];
        for (size_t i = 0; i < total; ++i)
          v[i] = (int) ((i * 7919) % (total ? total : 1));   /* a permutation */
        size_t before = dropped;
        size_t kept = gl_shard_keep (v, total, sizeof v[0], cmp_int, drop, kk, nn);
        sizes &= dropped - before == total - kept;
        sizes &= kept + 1 >= total / nn && kept <= total / nn + 1;
        kept_sum += kept;
        for (size_t i = 0; i < kept; ++i) {
          seen[v[i]]++;
          if (i)
            sorted &= v[i - 1] < v[i];
        }
      }
      for (size_t i = 0; i < total; ++i)
        once &= seen[i] == 1;
      once &= kept_sum == total;
    }
  ok (once, "every item is in exactly one shard");
  ok (sorted, "each shard is sorted");
  ok (sizes, "shards differ by one item at most; the rest is dropped");
  int v[] = { 3, 1, 2 };
  is_int (gl_shard_keep (v, 3, sizeof v[0], cmp_int, NULL, 0, 0), 3,
          "no shard asked: everything kept");
}

enum colour { RED, GREEN, BLUE, UNNAMED, };
static const char *const colour_names[] = {
  [GREEN] = "green", [RED] = "red", [BLUE] = "blue",
};

static void
test_enum_names (void)
{
  is_str (GL_ENUM_NAME (colour_names, GREEN, "?"), "green", "enum name by value");
  is_str (GL_ENUM_NAME (colour_names, UNNAMED, "?"), "?", "past the table: the default");
  is_str (GL_ENUM_NAME (colour_names, -1, "?"), "?", "a negative value: the default");
  is_int (GL_ENUM_PARSE (colour_names, "blue"), BLUE, "enum parse");
  errno = 0;
  ok (GL_ENUM_PARSE (colour_names, "Blue") == -1 && errno == EINVAL, "parse: case matters");
  ok (GL_ENUM_PARSE (colour_names, NULL) == -1, "parse: NULL is no name");
  static const char *const holes[] = { [2] = "two" };
  is_str (GL_ENUM_NAME (holes, 1, "none"), "none", "a hole in the table: the default");
  is_int (GL_ENUM_PARSE (holes, "two"), 2, "parse skips holes");
}

int
main (void)
{
  test_guest_names ();
  test_shards ();
  test_enum_names ();
  return tap_done ();
}
