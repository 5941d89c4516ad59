/* guestlift: aligned text columns for the human writers (the kernel table
 * of the text report, the audit table).  Widths are counted in code points
 * of the sanitised text, so U+FFFD and "—" do not break the alignment. */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>

#include "cleanup.h"
#include "report-write.h"

int
gl_columns_add (struct gl_columns *t, const char *s, const char *color)
{
  char *clean = gl_report_clean (s ? s : "-", GL_CLEAN_TERM);
  if (!clean)
    return -1;
  if (string_vector_append (&t->cells, clean) == -1) {
    free (clean);
    return -1;
  }
  if (string_vector_add (&t->colors, color ? color : "") == -1) {
    /* Keep cells and colors the same length. */
    free (t->cells.ptr[--t->cells.len]);
    return -1;
  }
  return 0;
}

int
gl_columns_print (const struct gl_columns *t, FILE *fp, const char *indent,
                  bool color)
{
  if (t->ncols == 0)
    return 0;
  CLEANUP_FREE size_t *width = calloc (t->ncols, sizeof *width);
  if (!width)
    return -1;
  for (size_t i = 0; i < t->cells.len; ++i) {
    size_t w = gl_report_width (t->cells.ptr[i]);
    if (w > width[i % t->ncols])
      width[i % t->ncols] = w;
  }
  /* Padding is emitted lazily, before the next non-empty cell, so that
   * lines carry no trailing blanks. */
  size_t pending = 0;
  for (size_t i = 0; i < t->cells.len; ++i) {
    size_t col = i % t->ncols;
    const char *cell = t->cells.ptr[i];
    bool last = col == t->ncols - 1 || i == t->cells.len - 1;
    bool colored = color && t->colors.ptr[i][0];
    if (col == 0) {
      fputs (indent, fp);
      pending = 0;
    }
    if (cell[0]) {
      fprintf (fp, "%*s", (int) pending, "");
      pending = 0;
      if (colored)
        fputs (t->colors.ptr[i], fp);
      fputs (cell, fp);
      if (colored)
        fputs (GL_ANSI_RESET, fp);
    }
    if (last)
      fputc ('\n', fp);
    else
      pending += width[col] - gl_report_width (cell) + 2;
  }
  return ferror (fp) ? -1 : 0;
}

void
gl_columns_free (struct gl_columns *t)
{
  string_vector_free (&t->cells);
  string_vector_free (&t->colors);
}
