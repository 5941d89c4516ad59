/* guestlift: the shared model of the bootloader formats (see bootcfg.h)
 * and the helpers that build it (boot-text.h): life cycle, lines, grub
 * device prefixes, finding the entry of a kernel. */
#include <config.h>

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "boot-text.h"
#include "bootcfg.h"
#include "buf.h"
#include "guest-text.h"

void
gl_boot_entry_free (struct gl_boot_entry *e)
{
  free (e->title);
  free (e->kernel);
  free (e->initrd);
  free (e->cmdline);
  free (e->id);
  free (e->version);
  e->title = e->kernel = e->initrd = e->cmdline = e->id = e->version = NULL;
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
  memset (c, 0, sizeof *c);
  c->default_index = -1;
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

int
gl_bootcfg_next_line (const char *text, size_t len, size_t *pos,
                      const char **line, size_t *linelen)
{
  const char *p = text + (*pos < len ? *pos : len), *start, *end;
  if (!gl_text_line (&p, text + len, &start, &end))
    return 0;
  *pos = (size_t) (p - text);
  gl_text_trim (&start, &end);
  *line = start;
  *linelen = (size_t) (end - start);
  return 1;
}

/* Skip a grub device "(hd0,0)", "(hd0,msdos1)", "($root)" in front of the
 * path inside it. */
static void
skip_device (const char **path, size_t *len)
{
  if (*len > 0 && (*path)[0] == '(') {
    const char *close = memchr (*path, ')', *len);
    if (close) {
      *len -= (size_t) (close + 1 - *path);
      *path = close + 1;
    }
  }
}

char *
gl_bootcfg_strip_device (const char *path, size_t len)
{
  skip_device (&path, &len);
  return strndup (path, len);
}

int
gl_bootcfg_set_path (char **dst, const char *path, size_t len)
{
  char *copy = gl_bootcfg_strip_device (path, len);
  if (!copy)
    return -1;
  free (*dst);
  *dst = copy;
  return 0;
}

/* The base name of path[0..n), after any grub device. */
static void
base_name (const char **path, size_t *n)
{
  skip_device (path, n);
  const char *slash = memrchr (*path, '/', *n);
  if (slash) {
    *n -= (size_t) (slash + 1 - *path);
    *path = slash + 1;
  }
}

bool
gl_bootcfg_basename_starts (const char *path, size_t n, const char *prefix)
{
  size_t plen = strlen (prefix);
  base_name (&path, &n);
  return n >= plen && memcmp (path, prefix, plen) == 0;
}

bool
gl_bootcfg_is_microcode (const char *path)
{
  const char *base = strrchr (path, '/');
  base = base ? base + 1 : path;
  return strstr (base, "ucode") != NULL || strstr (base, "microcode") != NULL;
}

static bool
boots (const struct gl_boot_entry *e, const char *kname)
{
  if (!e->kernel)
    return false;
  const char *p = e->kernel;
  size_t n = strlen (p);
  base_name (&p, &n);
  return n == strlen (kname) && memcmp (p, kname, n) == 0;
}

int
gl_bootcfg_find_kernel (const struct gl_bootcfg *c, const char *kname,
                        bool hypervisor_entries)
{
  if (!kname || !*kname)
    return -1;
  for (int pass = 0; pass < 1 + hypervisor_entries; ++pass)
    for (size_t i = 0; i < c->entries.len; ++i) {
      const struct gl_boot_entry *e = &c->entries.ptr[i];
      if (e->via_hypervisor == (pass == 1) && boots (e, kname))
        return (int) i;
    }
  return -1;
}

char *
gl_bootcfg_menu_path (const struct gl_bootcfg *c, size_t i)
{
  /* Walk up from the entry to the top level, then write top-down. */
  size_t pos[GL_GRUB2_MAX_DEPTH + 1], depth = 0;
  size_t parent = c->entries.ptr[i].menu_parent;
  pos[depth++] = c->entries.ptr[i].menu_pos;
  while (parent > 0 && parent <= c->submenus.len && depth <= GL_GRUB2_MAX_DEPTH) {
    const struct gl_boot_submenu *s = &c->submenus.ptr[parent - 1];
    pos[depth++] = s->menu_pos;
    parent = s->menu_parent;
  }
  struct gl_buf b = GL_BUF_INIT;
  while (depth-- > 0)
    if (gl_buf_printf (&b, "%zu%s", pos[depth], depth ? ">" : "") == -1) {
      gl_buf_free (&b);
      return NULL;
    }
  return gl_buf_steal (&b);
}
