#!/bin/bash
# Hostile images: guest commands that never end, and runs killed with
# SIGKILL.
#
# The hanging guest is built here, small and sparse: a copy of the
# rhel5-mixed fixture (its el5 kernel's initrd lacks virtio_blk, so
# convert --to kvm rebuilds it with the guest's /sbin/mkinitrd) whose
# /sbin/mkinitrd is a shell script that loops forever, with busybox as the
# guest's /bin/sh (one guestfish session).  Then:
#   - convert with --command-timeout 20 fails in bounded time, naming the
#     command, the limit and the option; no output, no qemu left;
#   - batch of that guest (manifest key command_timeout) and a good one:
#     only the hanging guest fails;
#   - runs killed with SIGKILL during the inspection, the copy and the
#     edits leave no final name and no process; each next convert into the
#     same folder removes what the dead runs left (temporary outputs,
#     private folders in TMPDIR) while a live run's (A, busy in its edits
#     meanwhile) stay.
# Every source image is unchanged at the end.
. "${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/lib.sh"
require_fixtures
require_prog guestfish qemu-img jq sha256sum busybox timeout file
file -L "$(command -v busybox)" | grep -q 'statically linked' ||
  tap_skip_all "busybox is not statically linked (install busybox-static)"

export LC_ALL=C
work=$(mktemp -d "${TMPDIR:-/tmp}/gl-hostile-cmd.XXXXXX")
bg_pids=
cleanup () {
  for p in $bg_pids; do kill -9 "$p" 2>/dev/null; done
  rm -rf "$work"
}
trap cleanup EXIT
# guestlift's private folders go to the test's own TMPDIR, where the
# sweep is checked (and where no other run's folders are); libguestfs's
# appliance cache stays where it is (it follows TMPDIR otherwise).
export LIBGUESTFS_CACHEDIR=${LIBGUESTFS_CACHEDIR:-${TMPDIR:-/var/tmp}}
export TMPDIR=$work/tmp
export XDG_CACHE_HOME=$work/cache
mkdir "$TMPDIR"

# wait_until SECONDS CMD...: poll CMD every 0.2 s (a bound, not a timing
# assertion: the test only uses it to reach a moment).
wait_until () {
  local n=$(( $1 * 5 )); shift
  while [ $n -gt 0 ]; do
    "$@" && return 0
    sleep 0.2; n=$((n - 1))
  done
  return 1
}
gone () { [ ! -e "/proc/$1" ] || [ "$(awk '{print $3}' "/proc/$1/stat" 2>/dev/null)" = Z ]; }
# A killed run lives on in libguestfs's recovery process (a fork of it,
# holding the same locks) until that has killed qemu: the moment to wait
# for before the next run is when no process of that command line is left.
none_left () { ! pgrep -f "$1" > /dev/null; }
listing () { ls -A "$1" | tr '\n' ' '; }
run_dirs () { ls -A "$TMPDIR" | grep '^guestlift-run\.' | tr '\n' ' '; }

# --- the hanging guest ------------------------------------------------------
hang=$work/hang.img
cp --sparse=always "$FIXTURES/rhel5-mixed.img" "$hang"
printf '#!/bin/sh\n# a hostile guest'"'"'s initrd tool: it never ends\nwhile :; do :; done\n' \
  > "$work/mkinitrd"
LIBGUESTFS_BACKEND_SETTINGS=${LIBGUESTFS_BACKEND_SETTINGS:-force_tcg} \
timeout 900 guestfish -a "$hang" > "$work/build.log" 2>&1 <<EOF
run
mount /dev/VolGroup00/LogVol00 /
upload $(command -v busybox) /bin/busybox
chmod 0755 /bin/busybox
rm-f /bin/sh
ln-s busybox /bin/sh
upload $work/mkinitrd /sbin/mkinitrd
chmod 0755 /sbin/mkinitrd
EOF
if [ $? != 0 ]; then
  sed 's/^/# /' "$work/build.log"
  tap_bail "cannot build the hanging guest"
fi
good=$FIXTURES/debian-pvops.img
sources_record "$hang" "$good"

# --- convert: the command is stopped at its limit ---------------------------
out=$work/out
mkdir "$out"
# timeout: should convert hang after all, the test fails instead of waiting.
timeout 900 "$GUESTLIFT" convert --to kvm --command-timeout 20 -o "$out" "$hang" \
  > "$work/hang.out" 2> "$work/hang.err"
rc=$?
tap_is "$rc" 1 "hanging guest: convert fails with exit 1 (it does not hang)"
[ "$rc" = 1 ] || sed 's/^/# /' "$work/hang.err"
want="guestlift: $hang: the guest's /sbin/mkinitrd (rebuilding the initrd of kernel 2.6.18-398.el5) did not finish within 20 s; the appliance was stopped (--command-timeout SECONDS sets the limit)"
tap_is "$(tail -n 1 "$work/hang.err")" "$want" \
  "hanging guest: one error line naming the guest, the command, the limit and the option"
tap_is "$(grep -c "^guestlift: $hang: " "$work/hang.err")" 1 "hanging guest: no other error"
tap_fails grep -q "may not find its root disk" "$work/hang.err"
tap_is "$(listing "$out")" "" "hanging guest: nothing in the output folder (no final name, no temporary file)"
tap_is "$(cat "$work/hang.out")" "" "hanging guest: no output path printed"
no_qemu_left "$work" "hanging guest: no qemu left"
tap_is "$(run_dirs)" "" "hanging guest: its private temporary folders are removed"
"$GUESTLIFT" convert --to kvm --command-timeout 0 -o "$out" "$hang" > /dev/null 2> "$work/zero.err"
tap_is "$?" 2 "--command-timeout 0: usage error (there is no 'no limit')"
tap_ok grep -q -- "--command-timeout 0: give a number of seconds from 1 to 86400" "$work/zero.err" \
  -- "--command-timeout 0: the message says the range"

# --- batch: only the hanging guest fails ------------------------------------
cat > "$work/fleet.json" <<EOF
{"guests": [
  {"name": "hang", "disks": ["$hang"], "command_timeout": 20},
  {"name": "good", "disks": ["$good"]}
]}
EOF
fleet=$work/fleet
timeout 1800 "$GUESTLIFT" batch -j 1 -o "$fleet" "$work/fleet.json" \
  > "$work/fleet.out" 2> "$work/fleet.err"
rc=$?
tap_is "$rc" 1 "batch: exit 1 (a guest failed)"
st () { jq -r --arg n "$1" ".guests[] | select(.name == \$n) | .$2" "$fleet/batch-state.json"; }
tap_is "$(st hang status)" failed "batch: the hanging guest failed"
tap_ok grep -q "/sbin/mkinitrd .*did not finish within 20 s.*--command-timeout" <(st hang error) \
  -- "batch: its error names the command, the limit and the option"
tap_ok grep -q -- "--command-timeout 20 " "$fleet/hang/guestlift.log" \
  -- "batch: the manifest's command_timeout reached convert"
tap_is "$(listing "$fleet/hang")" "guestlift.log " "batch: the hanging guest's folder holds its log only"
tap_is "$(st good status)" converted "batch: the good guest converted"
tap_ok test -f "$fleet/good/good-sda.qcow2" -- "batch: the good guest's disk is there"
[ "$(st good status)" = converted ] || sed 's/^/# /' "$fleet/good/guestlift.log"
no_qemu_left "$work" "batch: no qemu left"

# A batch killed with SIGKILL (it cannot pass the signal on): its convert
# child stops all the same, as on an interrupt, removing its temporary
# files; no qemu is left.
cat > "$work/one.json" <<EOF
{"guests": [{"name": "hang", "disks": ["$hang"], "command_timeout": 3600}]}
EOF
killed=$work/killed
"$GUESTLIFT" batch -j 1 -o "$killed" "$work/one.json" > /dev/null 2>&1 &
b_pid=$!
bg_pids="$bg_pids $b_pid"
wait_until 900 grep -qs "rebuilding the initrd" "$killed/hang/guestlift.log"
child=$(pgrep -o -f "guestlift convert .*-o $killed/hang/")   # not its libguestfs recovery process
tap_ok test -n "$child" -- "batch: its convert runs the guest's tool"
kill -9 "$b_pid"
wait "$b_pid" 2>/dev/null
tap_ok wait_until 60 gone "${child:-0}" -- "batch killed: its convert stopped too"
tap_is "$(find "$killed" -name '*guestlift-tmp*')" "" "batch killed: convert removed its temporary files"
no_qemu_left "$killed" "batch killed: no qemu left"

# --- killed runs --------------------------------------------------------------
shared=$work/shared
mkdir "$shared"

# A: a live run, busy in its edits (the hanging tool, a long limit).
"$GUESTLIFT" convert --to kvm --command-timeout 3600 -o "$shared" "$hang" \
  > /dev/null 2> "$work/a.err" &
a_pid=$!
bg_pids="$bg_pids $a_pid"
wait_until 900 grep -qs "rebuilding the initrd" "$work/a.err"
tap_ok kill -0 "$a_pid" -- "live run: running the guest's tool"
a_files=$(listing "$shared")
a_dirs=$(run_dirs)
tap_ok grep -q "^\.rhel5-mixed-sda\.qcow2\.guestlift-tmp\.[A-Za-z0-9]\{6\} \.rhel5-mixed\.xml\.guestlift-tmp\.[A-Za-z0-9]\{6\} $" <<< "$a_files" \
  -- "live run: its temporary outputs are there"
tap_ok test -n "$a_dirs" -- "live run: its private folder is there"
# The launch watchdog finds an appliance's qemu by a mark of its own on
# the appliance kernel's command line (a read-write appliance's qemu
# names no folder of ours).
tap_ok pgrep -f "qemu-system.*guestlift\.appliance=$a_pid\.[0-9]+( |\$)" \
  -- "live run: its appliance's qemu carries the watchdog's mark"

# D: killed during the inspection (no cache, and --appliance, so its
# appliance starts: the host-side reader would need none).
GUESTLIFT_NO_CACHE=1 "$GUESTLIFT" convert --appliance --to kvm --name insp -o "$shared" "$hang" \
  > /dev/null 2> "$work/d.err" &
d_pid=$!
bg_pids="$bg_pids $d_pid"
new_run_dir () {
  for d in $(run_dirs); do
    case " $a_dirs " in *" $d "*) ;; *) d_dir=$TMPDIR/$d; return 0 ;; esac
  done
  return 1
}
d_dir=
wait_until 300 new_run_dir
wait_until 600 pgrep -f "qemu-system.*${d_dir:-no-such-dir}" > /dev/null
tap_ok pgrep -f "qemu-system.*${d_dir:-no-such-dir}" -- "killed during the inspection: its appliance was running"
kill -9 "$d_pid"
wait "$d_pid" 2>/dev/null
tap_ok test ! -e "$shared/insp-sda.qcow2" -a ! -e "$shared/insp.xml" \
  -- "killed during the inspection: no final name"
no_qemu_left "${d_dir:-no-such-dir}" "killed during the inspection: no qemu left"
tap_ok wait_until 30 none_left "guestlift convert --to kvm --name insp " \
  -- "killed during the inspection: no process of it is left"
tap_ok test -d "${d_dir:-no-such-dir}" -- "killed during the inspection: it left its private folder"
tap_is "$(listing "$shared")" "$a_files" "killed during the inspection: it left nothing in the output folder"

# C: killed during the copy; its start also sweeps (D is dead, A lives).
# qemu-img convert stalls (a qemu-img first in PATH; every other qemu-img
# call goes through), so the moment is sure.
mkdir "$work/bin"
cat > "$work/bin/qemu-img" <<EOF
#!/bin/sh
if [ "\$1" = convert ] && [ -n "\${GL_TEST_STALL_COPY:-}" ]; then
  echo \$\$ > "\$GL_TEST_STALL_COPY.tmp" && mv "\$GL_TEST_STALL_COPY.tmp" "\$GL_TEST_STALL_COPY"
  exec sleep 3600
fi
exec $(command -v qemu-img) "\$@"
EOF
chmod 755 "$work/bin/qemu-img"
GL_TEST_STALL_COPY=$work/stalled PATH=$work/bin:$PATH \
  "$GUESTLIFT" convert --to kvm --name copy -o "$shared" "$hang" > /dev/null 2> "$work/c.err" &
c_pid=$!
bg_pids="$bg_pids $c_pid"
wait_until 300 test -f "$work/stalled"
stall_pid=$(cat "$work/stalled" 2>/dev/null)
tap_ok test -n "$stall_pid" -- "killed during the copy: the copy had started"
kill -9 "$c_pid"
wait "$c_pid" 2>/dev/null
tap_ok test ! -e "$shared/copy-sda.qcow2" -a ! -e "$shared/copy.xml" \
  -- "killed during the copy: no final name"
tap_ok wait_until 10 gone "${stall_pid:-0}" -- "killed during the copy: qemu-img died with it"
tap_ok wait_until 30 none_left "guestlift convert --to kvm --name copy " \
  -- "killed during the copy: no process of it is left"
tap_ok test -n "$(compgen -G "$shared/.copy-sda.qcow2.guestlift-tmp.*")" \
  -- "killed during the copy: it left its temporary files (SIGKILL cannot be caught)"
tap_ok test ! -e "${d_dir:-no-such-dir}" -- "the run after D removed D's private folder"
tap_is "$(run_dirs)" "$a_dirs" "the run after D kept the live run's private folder"

# E: another convert into the same folder while A still runs (cached
# inspection, xen-pv: no appliance).
"$GUESTLIFT" convert --to xen-pv --name later -o "$shared" "$hang" > /dev/null 2> "$work/e.err"
tap_is "$?" 0 "next run (A alive): converts"
tap_ok grep -q "removed 2 temporary files of interrupted conversions from $shared" "$work/e.err" \
  -- "next run: says it removed the dead run's 2 temporary files"
tap_is "$(listing "$shared" | tr ' ' '\n' | grep guestlift-tmp | tr '\n' ' ')" "$a_files" \
  "next run: the dead run's temporary files are gone, the live run's stay"
tap_is "$(run_dirs)" "$a_dirs" "next run: the live run's private folder stays"
tap_ok kill -0 "$a_pid" -- "the live run still runs"

# A killed during its edits.
kill -9 "$a_pid"
wait "$a_pid" 2>/dev/null
tap_ok test ! -e "$shared/rhel5-mixed-sda.qcow2" -a ! -e "$shared/rhel5-mixed.xml" \
  -- "killed during the edits: no final name"
no_qemu_left "$work" "killed during the edits: no qemu left"
tap_ok wait_until 30 none_left "guestlift convert --to kvm --command-timeout 3600 " \
  -- "killed during the edits: no process of it is left"

# F: the next run removes what A left.
"$GUESTLIFT" convert --to xen-pv --name last -o "$shared" "$hang" > /dev/null 2> "$work/f.err"
tap_is "$?" 0 "the run after: converts"
tap_ok grep -q "removed 2 temporary files of interrupted conversions" "$work/f.err" \
  -- "the run after: says it removed the killed run's 2 temporary files"
tap_is "$(listing "$shared")" "last-sda.qcow2 last.xml later-sda.qcow2 later.xml " \
  "the run after: only complete outputs are left in the folder"
tap_is "$(run_dirs)" "" "the run after: no private folder is left in TMPDIR"

sources_unchanged "every source image is unchanged"
tap_done
