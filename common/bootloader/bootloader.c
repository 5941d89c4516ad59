/* guestlift: the table of bootloader formats and what callers do through
 * it: parse, rewrite, read a guest's menu, choose its default entry (see
 * bootloader.h). */
#include <config.h>

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "boot-text.h"
#include "bootloader.h"
#include "bounds.h"
#include "cleanup.h"
#include "error.h"

/* The formats (one file each). */
extern const struct gl_bootloader_ops gl_bootloader_grub2;
extern const struct gl_bootloader_ops gl_bootloader_grub_legacy;
extern const struct gl_bootloader_ops gl_bootloader_extlinux;

/* In the order inspection tries them: grub2 first, as a guest upgraded
 * from grub legacy may still carry an old menu.lst, but grub.cfg is what
 * boots.  Formats without config paths (BLS entries, grubenv) are reached
 * through grub2. */
const struct gl_bootloader_ops *const gl_bootloaders[] = {
  &gl_bootloader_grub2,
  &gl_bootloader_grub_legacy,
  &gl_bootloader_extlinux,
  &gl_bootloader_bls,
  &gl_bootloader_grubenv,
  NULL
};

const struct gl_bootloader_ops *
gl_bootloader_by_name (const char *name)
{
  for (size_t i = 0; name && gl_bootloaders[i]; ++i)
    if (strcmp (gl_bootloaders[i]->name, name) == 0)
      return gl_bootloaders[i];
  return NULL;
}

int
gl_bootloader_parse (const struct gl_bootloader_ops *ops,
                     const struct gl_boot_input *in, struct gl_bootcfg *out,
                     struct gl_err *err)
{
  memset (out, 0, sizeof *out);
  out->default_index = -1;
  if (in->len > ops->max_bytes)
    return gl_err_set (err, EFBIG, "%s: larger than %zu bytes",
                       in->path ? in->path : ops->name, ops->max_bytes);
  if ((ops->walker ? gl_boot_walk_parse (ops->walker, in, out, err) :
       ops->parse (in, out, err)) == -1) {
    gl_bootcfg_free (out);
    return -1;
  }
  return 0;
}

int
gl_bootloader_rewrite (const struct gl_bootloader_ops *ops,
                       const char *text, size_t len,
                       const struct gl_boot_edits *e, char **out,
                       struct gl_err *err)
{
  *out = NULL;
  if (!text && len > 0)
    return gl_err_set (err, EINVAL, "no text");
  if (len > ops->max_bytes)
    return gl_err_set (err, EFBIG, "larger than %zu bytes", ops->max_bytes);
  /* The result is a C string: a NUL byte could not be given back (and a
   * config file holding one is not a text file to edit). */
  if (len > 0 && memchr (text, '\0', len))
    return gl_err_set (err, EINVAL, "a NUL byte in the text");
  if (!text)
    text = "";
  return ops->walker ? gl_boot_walk_rewrite (ops, text, len, e, out, err) :
    ops->rewrite (text, len, e, out, err);
}

void
gl_boot_warn (const struct gl_boot_reader *r, char *w)
{
  if (r->warnings && w)
    string_vector_add_unique (r->warnings, w);
  free (w);
}

char *
gl_boot_read (const struct gl_boot_reader *r, const char *path, size_t max,
              size_t *len)
{
  uint64_t too_large = 0;
  char *text = r->read (r->opaque, path, max, len, &too_large);
  if (!text && too_large)
    gl_boot_warn (r, gl_too_large (path, too_large, max));
  return text;
}

int
gl_boot_file_add (gl_boot_file_vector *files, const char *path,
                  const struct gl_bootloader_ops *ops, struct gl_err *err)
{
  struct gl_boot_file f = { strdup (path), ops };
  if (!f.path || gl_boot_file_vector_append (files, f) == -1) {
    free (f.path);
    return gl_err_set (err, ENOMEM, "out of memory");
  }
  return 0;
}

void
gl_boot_menu_free (struct gl_boot_menu *menu)
{
  if (!menu)
    return;
  free (menu->path);
  gl_bootcfg_free (&menu->cfg);
  for (size_t i = 0; i < menu->files.len; ++i)
    free (menu->files.ptr[i].path);
  gl_boot_file_vector_reset (&menu->files);
  memset (menu, 0, sizeof *menu);
  menu->cfg.default_index = -1;
}

int
gl_boot_menu_load (const struct gl_boot_reader *r,
                   const struct gl_bootloader_ops *ops, const char *path,
                   struct gl_boot_menu *menu, struct gl_err *err)
{
  memset (menu, 0, sizeof *menu);
  menu->cfg.default_index = -1;
  menu->ops = ops;
  if (!(menu->path = strdup (path)))
    return gl_err_set (err, ENOMEM, "out of memory");
  if (gl_boot_file_add (&menu->files, path, ops, err) == -1)
    return -1;

  size_t len;
  uint64_t too_large = 0;
  CLEANUP_FREE char *text = r->read (r->opaque, path, ops->max_bytes, &len,
                                     &too_large);
  if (!text && too_large) {
    /* It is there, and it is what boots: not "none", and not an older
     * config further down the list. */
    CLEANUP_FREE char *w = gl_too_large (path, too_large, ops->max_bytes);
    gl_boot_warn (r, w ? gl_printf ("%s; the default kernel is unknown", w) : NULL);
    menu->too_large = true;
    return 1;
  }
  if (!text)
    return 0;

  CLEANUP_ERR struct gl_err perr = GL_ERR_INIT;
  struct gl_boot_input in = { path, text, len, NULL, 0 };
  if (gl_bootloader_parse (ops, &in, &menu->cfg, &perr) == -1) {
    if (perr.errnum == ENOMEM)
      return gl_err_move (err, &perr);
    return 0;                   /* not this bootloader's config after all */
  }
  if (ops->complete &&
      ops->complete (r, path, &menu->cfg, &menu->files, err) == -1)
    return -1;
  return menu->cfg.entries.len > 0 || menu->cfg.too_deep;
}

int
gl_boot_menu_find (const struct gl_boot_reader *r, struct gl_boot_menu *menu,
                   struct gl_err *err)
{
  memset (menu, 0, sizeof *menu);
  menu->cfg.default_index = -1;
  for (size_t f = 0; gl_bootloaders[f]; ++f) {
    const struct gl_bootloader_ops *ops = gl_bootloaders[f];
    for (size_t p = 0; ops->config_paths && ops->config_paths[p]; ++p) {
      int found = gl_boot_menu_load (r, ops, ops->config_paths[p], menu, err);
      if (found != 0)
        return found;
      gl_boot_menu_free (menu);
    }
  }
  return 0;
}

int
gl_boot_menu_choose (const struct gl_boot_menu *menu, const char *kname,
                     int *index, char **saved_entry, struct gl_err *err)
{
  const struct gl_bootcfg *c = &menu->cfg;
  *saved_entry = NULL;
  *index = gl_bootcfg_find_kernel (c, kname, menu->ops->hypervisor_entries);
  /* A default saved in grubenv names a BLS entry by its id, grub.cfg's own
   * entries by their place in the menu. */
  if (*index < 0 || !c->blscfg)
    return 0;
  const struct gl_boot_entry *e = &c->entries.ptr[*index];
  *saved_entry = (size_t) *index < c->bls_entries && e->id ? strdup (e->id) :
    gl_bootcfg_menu_path (c, (size_t) *index);
  return *saved_entry ? 0 : gl_err_set (err, ENOMEM, "out of memory");
}
