# tests/lib.sh: the one TAP library of every shell test (tests/unit/*.sh,
# tests/integration/*.sh), sourced first:
#
#   . "${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/lib.sh"
#
# TAP output helpers, the fixture images and small guards.  "make check"
# exports top_srcdir, top_builddir and GUESTLIFT; run by hand from the
# source tree (tests/integration/foo.sh) the defaults below find them.
# Tests print nothing on stdout but what these functions print.
#
#   tap_result STATUS MSG     a point: ok when STATUS is 0
#   tap_ok CMD... [-- MSG]    ok when CMD succeeds (its output goes to stderr)
#   tap_fails CMD... [-- MSG] ok when CMD fails
#   tap_is GOT EXPECTED MSG   ok when the two strings are equal
#   tap_diag MSG...           a "# MSG" diagnostic line
#   tap_skip MSG REASON       a point that cannot run here ("# SKIP")
#   tap_is_todo GOT EXP MSG REASON  tap_is for a known gap ("# TODO")
#   tap_skip_all REASON       "1..0 # SKIP REASON" and exit (77; 0 under the
#                             TAP driver, which takes any other status as
#                             an error)
#   tap_bail MSG              "Bail out! MSG" and exit 1 (the test cannot go on)
#   tap_done                  prints the plan "1..N"; exits 1 if any failed
#   valgrind_run LOG PROG...  runs a compiled helper as the unit tests run
#                             (under valgrind when configure found it);
#                             status 99 when valgrind found errors
#   require_prog NAME...      skip the whole test unless NAME is installed
#   require_fixtures          make sure $FIXTURES holds the images (builds
#                             them once, under a lock; skips when the
#                             libguestfs appliance cannot run here)
#   require_realguests        make sure $REALGUESTS holds the real Debian
#                             Xen guests (builds them once, under a lock;
#                             skips when they cannot be built here: not
#                             root, xen-tools missing, no mirror)
#   require_parity_fixtures   the same for $PARITY (build-parity.sh)

# A command that does not exist (a helper renamed, a program missing
# without require_prog) must not just drop its test points: it stops the
# test with an error the TAP driver reports.  bash runs this handler in
# a subshell, so it reports and then ends the test from there.
command_not_found_handle () {
  printf 'Bail out! %s: command not found (in %s)\n' "$1" "${0##*/}"
  kill -TERM "$$" 2>/dev/null
  exit 127
}

if [ -z "${top_srcdir:-}" ]; then
  top_srcdir=$(cd "$(dirname "$0")/../.." && pwd)
fi
: "${top_builddir:=$top_srcdir}"
: "${GUESTLIFT:=$top_builddir/guestlift}"
export top_srcdir top_builddir GUESTLIFT

FIXTURES=$top_builddir/tests/fixtures/images
REALGUESTS=$top_builddir/tests/fixtures/realguests

_tap_n=0
_tap_failed=0

# tap_result STATUS MSG: a test point, ok when STATUS is 0.
tap_result () {
  _tap_n=$((_tap_n + 1))
  if [ "$1" = 0 ]; then
    printf 'ok %d - %s\n' "$_tap_n" "$2"
  else
    printf 'not ok %d - %s\n' "$_tap_n" "$2"
    _tap_failed=$((_tap_failed + 1))
  fi
}

tap_diag () {
  printf '%s\n' "$*" | sed 's/^/# /'
}

# tap_ok CMD [ARGS...] [-- MESSAGE]: a test point that passes when CMD
# succeeds; the point is named MESSAGE when given, else the command line.
tap_ok () {
  local n=$# msg=
  if [ $n -ge 3 ] && [ "${@:$((n-1)):1}" = "--" ]; then
    msg=${@:$n:1}
    set -- "${@:1:$((n-2))}"
  fi
  "$@" >&2
  tap_result $? "${msg:-$*}"
}

# tap_fails CMD [ARGS...] [-- MESSAGE]: a test point that passes when CMD
# fails; named MESSAGE when given, else "fails: " and the command line.
tap_fails () {
  local n=$# msg=
  if [ $n -ge 3 ] && [ "${@:$((n-1)):1}" = "--" ]; then
    msg=${@:$n:1}
    set -- "${@:1:$((n-2))}"
  fi
  if "$@" >&2; then tap_result 1 "${msg:-fails: $*}"; else tap_result 0 "${msg:-fails: $*}"; fi
}

tap_is () {
  if [ "$1" = "$2" ]; then
    tap_result 0 "$3"
  else
    tap_result 1 "$3"
    tap_diag "got:      '$1'" "expected: '$2'"
  fi
}

# tap_skip MSG REASON: a test point that could not be run here.
tap_skip () {
  _tap_n=$((_tap_n + 1))
  printf 'ok %d - %s # SKIP %s\n' "$_tap_n" "$1" "$2"
}

# tap_is_todo GOT EXPECTED MSG REASON: tap_is for a fact the program is
# known not to get right yet.  A mismatch is "not ok ... # TODO REASON"
# (expected, not a failure); a match is "ok ... # TODO REASON", which the
# TAP driver reports as XPASS, a failure: the fix is then done and the
# TODO mark must go.  With REASON empty this is tap_is.
tap_is_todo () {
  if [ -z "$4" ]; then
    tap_is "$1" "$2" "$3"
    return
  fi
  _tap_n=$((_tap_n + 1))
  if [ "$1" = "$2" ]; then
    printf 'ok %d - %s # TODO %s\n' "$_tap_n" "$3" "$4"
    _tap_failed=$((_tap_failed + 1))
    tap_diag "unexpectedly right now: remove its TODO mark"
  else
    printf 'not ok %d - %s # TODO %s\n' "$_tap_n" "$3" "$4"
    tap_diag "got:      '$1'" "expected: '$2'"
  fi
}

tap_skip_all () {
  printf '1..0 # SKIP %s\n' "$*"
  if [ "${GUESTLIFT_TAP_DRIVER:-0}" = 1 ]; then exit 0; fi
  exit 77
}

tap_bail () {
  printf 'Bail out! %s\n' "$*"
  exit 1
}

tap_done () {
  printf '1..%d\n' "$_tap_n"
  if [ "$_tap_failed" != 0 ]; then
    tap_diag "$_tap_failed of $_tap_n failed"
    exit 1
  fi
  exit 0
}

# The unit tests' valgrind policy (tests/run-test runs every compiled
# unit test through this): full leak check, definite and indirect leaks
# are errors, exit status 99 on any error.  Off when configure found no
# valgrind or GUESTLIFT_VALGRIND=0.
valgrind_wanted () {
  [ -n "${VALGRIND:-}" ] && [ "$VALGRIND" != no ] && [ "${GUESTLIFT_VALGRIND:-1}" != 0 ]
}
valgrind_run () {
  local log=$1; shift
  if valgrind_wanted; then
    "$VALGRIND" --quiet --error-exitcode=99 --leak-check=full \
      --errors-for-leak-kinds=definite,indirect ${log:+--log-file="$log"} "$@"
  else
    "$@"
  fi
}

# private_cache DIR: guestlift's cache is DIR (XDG_CACHE_HOME, exported),
# holding only the host's KVM-or-TCG answer (so that KVM is not probed
# again); the environment's cache and debug switches are unset.
private_cache () {
  export XDG_CACHE_HOME=$1
  mkdir -p "$XDG_CACHE_HOME/guestlift"
  if [ -f "${HOME:-/nonexistent}/.cache/guestlift/accel" ]; then
    cp "$HOME/.cache/guestlift/accel" "$XDG_CACHE_HOME/guestlift/accel"
  fi
  unset GUESTLIFT_NO_CACHE GUESTLIFT_DEBUG
}

require_prog () {
  for _p; do
    command -v "$_p" >/dev/null 2>&1 || tap_skip_all "$_p is not installed"
  done
}

# The images are built by "make fixtures" and "make parity-fixtures"
# (tests/fixtures/local.mk), whose builders reuse them while their inputs
# are unchanged, so calling these from every test costs a hash.  flock
# serialises parallel tests: the first one builds, the others wait and
# then find the images up to date.
require_fixtures () {
  _require_built fixtures "$FIXTURES" images build-fixtures
}

# $PARITY: the images of tests/fixtures/build-parity.sh (md RAID, LUKS,
# CoreOS, Arch, Debian 5, many distros' release files, Windows), their
# MANIFEST and their GUESTS list (which images make one guest).
PARITY=$top_builddir/tests/fixtures/parity
require_parity_fixtures () {
  _require_built parity-fixtures "$PARITY" parity build-parity
}

# _require_built TARGET DIR NAME PROG: "make TARGET" under the lock
# tests/fixtures/.NAME.lock with its output in tests/fixtures/NAME.log;
# skips the test when the builder PROG says it cannot build here.
_require_built () {
  require_prog make flock
  _fx_target=$1 _fx_dir=$2 _fx_prog=$4
  _fx_log=$top_builddir/tests/fixtures/$3.log
  _fx_lock=$top_builddir/tests/fixtures/.$3.lock
  mkdir -p "$top_builddir/tests/fixtures"
  # Not MAKEFLAGS from an enclosing "make check" (its jobserver, its
  # command-line variables such as TESTS=...).  The log is opened inside
  # the lock, so a waiting test does not truncate the builder's log.
  if flock "$_fx_lock" sh -c 'log=$1; shift; exec "$@" > "$log" 2>&1' sh "$_fx_log" \
       env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL make -s -C "$top_builddir" "$_fx_target"; then
    [ -f "$_fx_dir/MANIFEST" ] && return 0
    tap_diag "make $_fx_target succeeded but $_fx_dir/MANIFEST is missing"
  fi
  _fx_skip=$(sed -n "s/^$_fx_prog: SKIP: //p" "$_fx_log" | tail -n 1)
  if [ -n "$_fx_skip" ]; then
    # CI installs everything: there a skip would hide a broken setup.
    if [ -n "${GUESTLIFT_REQUIRE_APPLIANCE:-}" ]; then
      tap_bail "the appliance must run here (GUESTLIFT_REQUIRE_APPLIANCE is set): $_fx_skip"
    fi
    tap_skip_all "cannot build the test images: $_fx_skip"
  fi
  tail -n 30 "$_fx_log" | sed 's/^/# /'
  tap_bail "building the test images failed (see $_fx_log)"
}

# The real guests take minutes to build from Debian's mirror: "make
# realguests" (tests/fixtures/local.mk) reuses them while the builder's
# inputs are unchanged, so this costs a hash when they are there.  The
# same lock-then-log dance as require_fixtures, with its own lock and log.
require_realguests () {
  _require_built realguests "$REALGUESTS" realguests build-realguests
}

# --- hostile-image suite helpers (tests/integration/hostile-*.sh) -------
#
#   sources_record IMG...   remember each source image's sha256
#   sources_unchanged MSG   a test point: every recorded image is unchanged
#   no_qemu_left DIR MSG    a test point: no qemu process mentions DIR
#                           (waits up to 10 s for stragglers to exit)

_src_sums=

sources_record () {
  for _s; do
    _src_sums="$_src_sums$(sha256sum "$_s")
"
  done
}

sources_unchanged () {
  if [ -z "$_src_sums" ]; then
    tap_result 1 "$1 (no image recorded)"
    return
  fi
  printf '%s' "$_src_sums" | sha256sum --quiet -c - >&2
  tap_result $? "$1"
}

no_qemu_left () {
  _nq_dir=$1 _nq_i=0
  while [ $_nq_i -lt 20 ]; do
    pgrep -f "qemu.*$_nq_dir" >/dev/null 2>&1 || break
    sleep 0.5; _nq_i=$((_nq_i + 1))
  done
  if pgrep -af "qemu.*$_nq_dir" >&2; then tap_result 1 "$2"; else tap_result 0 "$2"; fi
}

# --- booting guests (realguests*.sh) -------------------------------------
#
#   boot_until LOG REGEX SECONDS QEMU-ARGS...
#       runs qemu (TCG, 1 GiB unless QEMU-ARGS give -m, serial to LOG)
#       until LOG matches REGEX, qemu exits or SECONDS pass; then kills
#       it.  Succeeds when REGEX was seen.  $qpid is the running qemu's pid
#       (for the caller's EXIT trap), empty when none runs.
boot_until () {
  local log=$1 re=$2 secs=$3 i=0 seen=1; shift 3
  : > "$log"
  local mem=1024
  case " $* " in *" -m "*) mem= ;; esac
  timeout "$secs" qemu-system-x86_64 -machine accel=tcg ${mem:+-m $mem} -smp 1 -nodefaults \
    -display none -monitor none -no-reboot -serial "file:$log" "$@" > "$log.qemu" 2>&1 &
  qpid=$!
  while kill -0 "$qpid" 2>/dev/null; do
    if grep -aEq "$re" "$log"; then seen=0; break; fi
    sleep 2
    i=$((i + 2))
  done
  grep -aEq "$re" "$log" && seen=0
  kill "$qpid" 2>/dev/null
  wait "$qpid" 2>/dev/null
  qpid=
  tap_diag "qemu ran about $i s"
  [ $seen = 0 ] || { tap_diag "last console lines:"; tap_diag "$(tail -c 600 "$log" | tr -d '\r' | tail -n 5)"; tap_diag "$(cat "$log.qemu")"; }
  return $seen
}
