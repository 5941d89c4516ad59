/* Unit tests for common/utils: vector, buffer, one-line messages. */
#include <config.h>

#include <stdlib.h>
#include <string.h>
#include <stdio.h>

#include "buf.h"
#include "cleanup.h"
#include "error.h"
#include "vector.h"
#include "tap.h"

int
main (void)
{
  string_vector v = empty_vector;
  for (int i = 0; i < 100; ++i) {
    char s[16];
    snprintf (s, sizeof s, "s%d", i % 10);
    string_vector_add_unique (&v, s);
  }
  is_int (v.len, 10, "string_vector_add_unique keeps one copy of each");
  ok (string_vector_contains (&v, "s9"), "string_vector_contains finds s9");
  ok (!string_vector_contains (&v, "s10"), "string_vector_contains rejects s10");
  string_vector_free (&v);
  ok (v.ptr == NULL && v.len == 0, "string_vector_free resets the vector");

  {
    CLEANUP_BUF struct gl_buf b = GL_BUF_INIT;
    gl_buf_puts (&b, "a");
    gl_buf_printf (&b, "%d-%s", 42, "x");
    is_str (b.data, "a42-x", "gl_buf appends and formats");
    is_int (b.len, 5, "gl_buf length");
  }

  {
    CLEANUP_FREE char *s = gl_one_line ("line1\nline2\t\x1b[31m");
    is_str (s, "line1\\nline2\\t\\x1b[31m", "gl_one_line escapes control bytes");
  }

  {
    /* What the KVM probe prints of qemu's failure: one readable line. */
    static const struct { const char *in, *want; } t[] = {
      { "qemu-system-x86_64: error: failed to set MSR 0x10a to 0x69\n"
        "qemu-system-x86_64: ../../target/i386/kvm/kvm.c:3183: kvm_buf_set_msrs: "
        "Assertion `ret == cpu->kvm_msr_buf->nmsrs' failed.\n",
        "failed to set MSR 0x10a to 0x69" },
      { "\n  \r\n\tCould not access KVM kernel module: No such file or directory\r\n",
        "Could not access KVM kernel module: No such file or directory" },
      { "/dev/kvm: Permission denied\n", "/dev/kvm: Permission denied" },
      { "libguestfs: error: appliance closed the connection\nmore\n",
        "appliance closed the connection" },
    };
    for (size_t i = 0; i < sizeof t / sizeof t[0]; ++i) {
      CLEANUP_FREE char *s = gl_first_message (t[i].in);
      is_str (s, t[i].want, "gl_first_message %zu", i);
    }
    CLEANUP_FREE char *blank = gl_first_message (" \n\t\n");
    ok (blank == NULL, "gl_first_message of white space: NULL");
    char lng[400];
    memset (lng, 'x', sizeof lng - 1);
    lng[sizeof lng - 1] = '\0';
    CLEANUP_FREE char *cut = gl_first_message (lng);
    ok (cut && strlen (cut) == 200, "gl_first_message cuts at 200 bytes");
  }

  return tap_done ();
}
