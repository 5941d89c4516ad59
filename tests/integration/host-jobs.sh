#!/bin/bash
# The default -j comes from the CPUs this process may use, not from the
# host's (issue 15): under `taskset -c 0` an audit chooses 1.  The debug
# line "inspect: -j N: ..." says how it was chosen.  Missing images are
# refused after -j is chosen and before any appliance starts, so this
# test needs no appliance.  (cgroup v2 cpu.max and memory.max are tested
# with fake files in tests/unit/test-host.)
. "${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/lib.sh"

require_prog taskset

work=$(mktemp -d "${TMPDIR:-/tmp}/gl-host-jobs.XXXXXX")
trap 'rm -rf "$work"' EXIT
imgs=()
for i in 1 2 3 4 5 6 7 8; do imgs+=("$work/missing-$i.img"); done

# jobs OUT: the "-j ..." line of the debug output in file OUT.
jobs () { sed -n 's/^guestlift: debug: inspect: //p' "$1"; }

GUESTLIFT_DEBUG=1 taskset -c 0 "$GUESTLIFT" audit --no-cache --format json \
  "${imgs[@]}" > "$work/one.out" 2> "$work/one.err"
tap_is "$?" 1 "audit of missing images: exit 1, no appliance"
tap_ok grep -q '^-j 1: 1 CPU(s) (affinity)' <(jobs "$work/one.err") \
  -- "under taskset -c 0 the default -j is 1, from the affinity"
tap_ok grep -q '8 image(s) / 4 a job = 2' <(jobs "$work/one.err") \
  -- "  and the line says what the images would allow"

# With two CPUs allowed, the same eight images (two appliances' worth)
# may use both (unless memory is short: then the line says so).
if [ "$(taskset -c 0,1 nproc 2>/dev/null)" = 2 ]; then
  GUESTLIFT_DEBUG=1 taskset -c 0,1 "$GUESTLIFT" audit --no-cache --format json \
    "${imgs[@]}" > "$work/two.out" 2> "$work/two.err"
  tap_ok grep -qE '^-j (2: 2 CPU\(s\)|1: 2 CPU\(s\).* = [01],)' <(jobs "$work/two.err") \
    -- "under taskset -c 0,1: 2 CPUs, -j 2 unless memory is short"
else
  tap_skip "two CPUs" "this host lets us use fewer than 2 CPUs"
fi

tap_done
