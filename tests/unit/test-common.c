/* Unit tests for common/: vector, buffer, one-line messages, spawn. */
#include <config.h>

#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <unistd.h>
#include <sys/wait.h>

#include "buf.h"
#include "cleanup.h"
#include "error.h"
#include "spawn.h"
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

  {
    const char *argv[] = { "printf", "a;b $(x)", NULL };
    struct gl_spawn_result r;
    ok (gl_spawn (argv, 1024, &r) == 0, "gl_spawn runs printf");
    is_int (r.status, 0, "printf exits 0");
    is_str (r.out, "a;b $(x)", "arguments reach the program without a shell");
    gl_spawn_result_free (&r);
  }
  {
    const char *argv[] = { "sh", "-c", "yes | head -c 100000; echo err >&2; exit 7", NULL };
    struct gl_spawn_result r;
    ok (gl_spawn (argv, 1000, &r) == 0, "gl_spawn runs sh");
    is_int (r.status, 7, "exit status is returned");
    is_int (strlen (r.out), 1000, "stdout is bounded to max_bytes");
    is_str (r.err, "err\n", "stderr is captured");
    gl_spawn_result_free (&r);
  }
  {
    const char *argv[] = { "/nonexistent/program", NULL };
    struct gl_spawn_result r;
    ok (gl_spawn (argv, 1000, &r) == -1, "gl_spawn fails for a missing program");
  }
  {
    const char *argv[] = { "sleep", "10", NULL };
    struct gl_spawn_result r;
    ok (gl_spawn_timeout (argv, 1000, 200, &r) == 0, "gl_spawn_timeout runs sleep");
    ok (r.timed_out, "a program past its time limit is killed");
    is_int (r.status, 128 + 9, "a killed program's status is 128+SIGKILL");
    ok (r.err && strncmp (r.err, "sleep did not finish within 1 s", 31) == 0,
        "the first line of stderr says it was killed for time");
    gl_spawn_result_free (&r);
  }
  {
    /* A grandchild that keeps the pipes open must not hold us past the
     * limit (only its parent is killed). */
    const char *argv[] = { "sh", "-c", "sleep 30 & sleep 30", NULL };
    struct gl_spawn_result r;
    ok (gl_spawn_timeout (argv, 1000, 200, &r) == 0 && r.timed_out,
        "a program whose child holds its pipes is killed and left");
    gl_spawn_result_free (&r);
  }
  {
    /* keep_end: the last bytes of stderr, bounded. */
    const char *argv[] = { "sh", "-c", "i=0; while [ $i -lt 2000 ]; do echo line$i >&2; "
                           "i=$((i+1)); done; echo last >&2", NULL };
    struct gl_spawn_opts o = { .max_bytes = 100, .keep_end = true };
    struct gl_spawn_result r;
    ok (gl_spawn_ex (argv, &o, &r) == 0, "gl_spawn_ex runs sh");
    ok (r.err && strlen (r.err) <= 100, "keep_end: stderr stays within max_bytes");
    ok (r.err && strlen (r.err) >= 5 && strcmp (r.err + strlen (r.err) - 5, "last\n") == 0,
        "keep_end: the last line is kept");
    gl_spawn_result_free (&r);
  }
  {
    /* The child dies with its parent (PR_SET_PDEATHSIG): a parent process
     * spawns "sleep 30" and is killed; the sleep must go too. */
    int pfd[2];
    if (pipe (pfd) == 0) {
      pid_t mid = fork ();
      if (mid == 0) {
        close (pfd[0]);
        char ppid[32];
        snprintf (ppid, sizeof ppid, "%d", (int) getpid ());
        /* Tell the test our child's pid, then wait on it. */
        const char *argv[] = { "sh", "-c", "echo $$ >&3; exec sleep 30", NULL };
        dup2 (pfd[1], 3);
        struct gl_spawn_result r;
        gl_spawn_timeout (argv, 100, 60000, &r);
        _exit (0);
      }
      close (pfd[1]);
      char buf[32] = "";
      ssize_t n = read (pfd[0], buf, sizeof buf - 1);
      close (pfd[0]);
      int sleeper = n > 0 ? atoi (buf) : 0;
      kill (mid, SIGKILL);
      waitpid (mid, NULL, 0);
      bool gone = false;
      for (int i = 0; i < 100 && !gone; ++i) {
        char path[64], st[512] = "";
        snprintf (path, sizeof path, "/proc/%d/stat", sleeper);
        FILE *fp = fopen (path, "r");
        size_t m = fp ? fread (st, 1, sizeof st - 1, fp) : 0;
        if (fp)
          fclose (fp);
        st[m] = '\0';
        const char *p = strrchr (st, ')');
        gone = !fp || (p && (p[2] == 'Z' || p[2] == 'X'));
        if (!gone)
          usleep (50000);
      }
      ok (sleeper > 0 && gone, "a spawned program dies with the process that ran it");
    }
  }
  ok (gl_have_program ("sh"), "gl_have_program finds sh");
  ok (!gl_have_program ("no-such-program-guestlift"), "gl_have_program: missing program");

  return tap_done ();
}
