/* Fuzz target: inspect/report/report-read.c.  The input is a JSON report
 * document; whatever it holds, gl_report_read_json must return a report
 * or NULL with a one-line message and an errno value, and never crash or
 * leak. */
#include <config.h>

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "report-read.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  struct gl_err err = GL_ERR_INIT;
  struct gl_report *r = gl_report_read_json ((const char *) data, size, &err);
  if (r) {
    if (err.msg)
      abort ();
    /* Walk what was read: every OS and kernel is there and usable. */
    for (size_t i = 0; i < r->images.len; ++i)
      for (size_t j = 0; j < r->images.ptr[i]->oses.len; ++j) {
        const struct gl_os *os = r->images.ptr[i]->oses.ptr[j];
        for (size_t k = 0; k < os->kernels.len; ++k)
          if (!os->kernels.ptr[k])
            abort ();
        for (size_t m = 0; m < os->mountpoints.len; ++m)
          if (!os->mountpoints.ptr[m].mountpoint)
            abort ();
      }
    (void) gl_report_exit_status (r);
    gl_report_free (r);
  }
  else if (!err.msg || strchr (err.msg, '\n') || err.errnum == 0)
    abort ();
  gl_err_clear (&err);
  return 0;
}
