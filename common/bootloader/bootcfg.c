/* guestlift: what the bootloader readers share (see bootcfg.h): the
 * result's life cycle, line splitting, grub device prefixes. */
#include <config.h>

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "bootcfg.h"

void
gl_boot_entry_free (struct gl_boot_entry *e)
{
  free (e->title);
  free (e->kernel);
  free (e->initrd);
  free (e->cmdline);
  free (e->id);
  e->title = e->kernel = e->initrd = e->cmdline = e->id = NULL;
}

void
gl_bootcfg_free (struct gl_bootcfg *c)
{
  if (!c)
    return;
  for (size_t i = 0; i < c->entries.len; ++i)
    gl_boot_entry_free (&c->entries.ptr[i]);
  gl_boot_entry_vector_reset (&c->entries);
  for (size_t i = 0; i < c->submenus.len; ++i) {
    free (c->submenus.ptr[i].title);
    free (c->submenus.ptr[i].id);
  }
  gl_boot_submenu_vector_reset (&c->submenus);
  free (c->default_spec);
  c->default_spec = NULL;
  c->default_index = -1;
}

int
gl_bootcfg_init (size_t len, struct gl_bootcfg *out)
{
  memset (out, 0, sizeof *out);
  out->default_index = -1;
  if (len > GL_BOOTCFG_MAX_BYTES) {
    errno = EFBIG;
    return -1;
  }
  return 0;
}

struct gl_boot_entry *
gl_bootcfg_add_entry (struct gl_bootcfg *c)
{
  struct gl_boot_entry e = { .menu_parent = 0, .menu_pos = c->entries.len };
  if (gl_boot_entry_vector_append (&c->entries, e) == -1)
    return NULL;
  return &c->entries.ptr[c->entries.len - 1];
}

int
gl_bootcfg_set (char **dst, const char *s, size_t n)
{
  char *copy = NULL;
  if (s && (copy = strndup (s, n)) == NULL)
    return -1;
  free (*dst);
  *dst = copy;
  return 0;
}

static int
is_blank (char c)
{
  return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v';
}

int
gl_bootcfg_next_line (const char *text, size_t len, size_t *pos,
                      const char **line, size_t *linelen)
{
  if (*pos >= len)
    return 0;
  const char *start = text + *pos;
  const char *nl = memchr (start, '\n', len - *pos);
  const char *end = nl ? nl : text + len;
  *pos = nl ? (size_t) (nl - text) + 1 : len;
  while (start < end && is_blank (*start))
    start++;
  while (end > start && is_blank (end[-1]))
    end--;
  *line = start;
  *linelen = (size_t) (end - start);
  return 1;
}

char *
gl_bootcfg_strip_device (const char *path, size_t len)
{
  /* grub names a partition "(hd0,0)" (legacy) or "(hd0,msdos1)",
   * "($root)" (grub2) in front of the path inside it. */
  if (len > 0 && path[0] == '(') {
    const char *close = memchr (path, ')', len);
    if (close) {
      len -= (size_t) (close + 1 - path);
      path = close + 1;
    }
  }
  return strndup (path, len);
}

int
gl_bootcfg_is_microcode (const char *path)
{
  const char *base = strrchr (path, '/');
  base = base ? base + 1 : path;
  return strstr (base, "ucode") != NULL || strstr (base, "microcode") != NULL;
}
