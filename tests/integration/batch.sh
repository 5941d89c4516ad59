#!/bin/bash
# guestlift batch on fixture guests: a manifest of four guests (RHEL 5
# mixed, RHEL 5 PV-only, Debian pvops, the really bootable Debian-kernel
# guest with a boot test): three converted, one blocked with its reason,
# the boot test passes; --resume then does nothing and says so; a run
# interrupted with SIGINT after its first guest resumes correctly, and a
# missing disk in its manifest fails that guest only; a --from-xen-dir
# folder of xl.cfg files works.  NICs: -b/-n and a guest's own "bridge"/
# "network" reach convert (its XML and, with --dry-run, its command
# line), the guest's rules over the command line's.  Appliances are slow under TCG (a convert
# is ~2 launches of ~15 s, a boot test ~30 s): -j 2, few guests.
. "${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/lib.sh"

require_prog jq qemu-img
require_fixtures

for f in rhel5-mixed.img rhel5-pv.img debian-pvops.img bootable-xen.img; do
  [ -f "$FIXTURES/$f" ] || tap_skip_all "fixture $f is missing (see $FIXTURES/MANIFEST)"
done
FX=$(realpath "$FIXTURES")
MARKER=GUESTLIFT-BOOT-OK

work=$(mktemp -d "${TMPDIR:-/tmp}/gl-batch.XXXXXX")
batch_pid=
trap '[ -n "$batch_pid" ] && kill -TERM "$batch_pid" 2>/dev/null; rm -rf "$work"' EXIT
export XDG_CACHE_HOME=$work/cache

# st DIR NAME: the guest's status in DIR/batch-state.json.
st () { jq -r --arg n "$2" '.guests[] | select(.name == $n) | .status' "$1/batch-state.json"; }
# rep FILE NAME FILTER: FILTER on the guest's entry of a --report file.
rep () { jq -r --arg n "$2" ".guests[] | select(.name == \$n) | $3" "$1"; }
no_partials () { [ -z "$(find "$1" -name '.partial-*')" ]; }

# --- usage errors (no appliance) -------------------------------------------
"$GUESTLIFT" batch > /dev/null 2>&1
tap_is "$?" 2 "no manifest: usage error (exit 2)"
echo '{"guests": [{"name": "a", "disks": ["a.img"], "disk": "x"}]}' > "$work/bad.json"
"$GUESTLIFT" batch -o "$work/bad" "$work/bad.json" 2> "$work/bad.err"
tap_is "$?" 1 "a manifest with an unknown key is refused (exit 1)"
tap_ok grep -q 'guests\[0\] (a): unknown key "disk"' "$work/bad.err" \
  -- "the error names the guest index and the key"
tap_ok test ! -e "$work/bad/batch-state.json" -- "a refused manifest writes no state"
"$GUESTLIFT" batch -b xenbr0: "$work/bad.json" > /dev/null 2> "$work/badb.err"
tap_is "$?" 2 "-b IN: without OUT: usage error (exit 2)"
tap_ok grep -q -- '--bridge xenbr0:: give IN:OUT or OUT' "$work/badb.err" \
  -- "the error names the option and its argument"
"$GUESTLIFT" batch -n lan --network=wan "$work/bad.json" > /dev/null 2>&1
tap_is "$?" 2 "two default networks (-n OUT twice): usage error (exit 2)"
echo '{"guests": [{"name": "a", "disks": ["a.img"], "bridge": ["xenbr0:br0", "xenbr0:br1"]}]}' \
  > "$work/badnic.json"
"$GUESTLIFT" batch -o "$work/bad" "$work/badnic.json" 2> "$work/badnic.err"
tap_is "$?" 1 "a manifest guest mapping a bridge twice is refused (exit 1)"
tap_ok grep -q 'guests\[0\] (a): "bridge"\[1\]: --bridge xenbr0:br1: xenbr0 is mapped twice' \
  "$work/badnic.err" -- "the error names the guest, the key, its index and the cause"

# --- the four guests -----------------------------------------------------
cat > "$work/four.json" <<EOF
{"guests": [
  {"name": "mixed", "disks": ["$FX/rhel5-mixed.img"]},
  {"name": "pvonly", "disks": ["$FX/rhel5-pv.img"]},
  {"name": "deb", "disks": ["$FX/debian-pvops.img"], "network": ["kvmnet"]},
  {"name": "boot", "disks": ["$FX/bootable-xen.img"], "boot_test": true,
   "wait_for": "$MARKER"}
]}
EOF
if command -v python3 >/dev/null && python3 -c 'import jsonschema' 2>/dev/null; then
  tap_ok python3 -m jsonschema -i "$work/four.json" \
    "$top_srcdir/data/guestlift-batch-manifest.schema.json" -- "the manifest validates against the schema"
  tap_fails python3 -m jsonschema -i "$work/bad.json" \
    "$top_srcdir/data/guestlift-batch-manifest.schema.json"
fi

out=$work/out
sums_before=$(cd "$FX" && sha256sum rhel5-mixed.img rhel5-pv.img debian-pvops.img bootable-xen.img)
"$GUESTLIFT" batch -j 2 --timeout 240 -o "$out" --report "$work/four-report.json" \
  "$work/four.json" > "$work/four.out" 2> "$work/four.err"
rc=$?
tap_is "$rc" 3 "three converted, one blocked: exit 3"
[ "$rc" = 3 ] || { tap_diag "$(cat "$work/four.out")"; tap_diag "$(tail -n 20 "$work/four.err")"; }
tap_is "$(st "$out" mixed)" converted "mixed: converted"
tap_is "$(st "$out" deb)" converted "deb: converted"
tap_is "$(st "$out" boot)" booted "boot: converted and booted"
tap_is "$(st "$out" pvonly)" blocked "pvonly: blocked"
tap_ok test -f "$out/mixed/mixed-sda.qcow2" -a -f "$out/mixed/mixed.xml" -- "mixed: disk and XML in DIR/NAME/"
tap_ok test -f "$out/deb/deb-sda.qcow2" -a -f "$out/deb/deb.xml" -- "deb: disk and XML in DIR/NAME/"
tap_ok test ! -e "$out/pvonly/pvonly-sda.qcow2" -- "pvonly: nothing converted"
tap_ok grep -q "source file=.$out/deb/deb-sda.qcow2" "$out/deb/deb.xml" \
  -- "the domain XML points at the disk in its final place"
if command -v virt-xml-validate >/dev/null; then
  tap_ok virt-xml-validate "$out/deb/deb.xml" domain -- "the moved domain XML is still valid"
fi
# deb has no source config: convert gives it one NIC on "default", which
# its manifest's "network" moves; mixed's stays there.
tap_ok grep -q "<source network=.kvmnet./>" "$out/deb/deb.xml" \
  -- "deb: its manifest \"network\" moved its NIC to kvmnet"
tap_ok grep -q "guestlift convert .* -n kvmnet -- $FX/debian-pvops.img" "$out/deb/guestlift.log" \
  -- "deb: convert was given -n kvmnet (before --, as an option)"
tap_ok grep -q "<source network=.default./>" "$out/mixed/mixed.xml" \
  -- "mixed: no rule, its NIC stays on the network default"
tap_ok no_partials "$out" -- "no partial folder left"
tap_ok grep -q "guestlift convert --to kvm" "$out/deb/guestlift.log" -- "each guest has its log (convert's command line)"
tap_ok grep -q "guestlift launch --snapshot --wait-for $MARKER" "$out/boot/guestlift.log" \
  -- "the boot test ran launch --snapshot --wait-for, logged"
tap_ok grep -q "guestlift launch --snapshot --wait-for $MARKER .* -- $out/boot/boot.xml\$" "$out/boot/guestlift.log" \
  -- "the boot test boots the domain XML convert wrote"
tap_is "$(cd "$FX" && sha256sum rhel5-mixed.img rhel5-pv.img debian-pvops.img bootable-xen.img)" \
  "$sums_before" "the source images are unchanged"

# The table on stdout and the report.
tap_ok grep -qE '^NAME +VERDICT +KERNEL +RESULT +BOOT +TIME' "$work/four.out" -- "the table's header"
tap_ok grep -qE '^boot +bootable +6\.1\.0-[^ ]+ +booted +passed' "$work/four.out" -- "the table: boot passed"
tap_ok grep -q '^pvonly: blocked: all kernels are Xen PV-only (2.6.18-398.el5xen)' "$work/four.out" \
  -- "the table says why pvonly is blocked"
r=$work/four-report.json
tap_ok jq -e . "$r" -- "the report is JSON"
tap_is "$(rep "$r" pvonly .verdict_before)" blocked "report: pvonly verdict before: blocked"
tap_ok grep -q 'PV-only' <(rep "$r" pvonly '.blockers[]') -- "report: pvonly's blockers"
tap_is "$(rep "$r" mixed .verdict_before)/$(rep "$r" mixed .kernel)" bootable/2.6.18-398.el5 \
  "report: mixed was bootable; kernel chosen 2.6.18-398.el5 (not the PV-only default)"
tap_is "$(rep "$r" boot .boot_test.result)" passed "report: boot test passed"
tap_ok test "$(rep "$r" boot '.boot_test.seconds | floor')" -gt 0 -- "report: boot test time"
tap_is "$(rep "$r" deb .boot_test.result)" skipped "report: no boot test for deb"
tap_is "$(rep "$r" deb '.outputs | length')" 4 "report: deb's four outputs (disk, XML, and the kernel and initrd its XML boots: its disk has no boot code)"
tap_ok grep -qx /etc/fstab <(rep "$r" mixed '.edits[]') -- "report: mixed's edits name /etc/fstab"
tap_ok grep -q grub <(rep "$r" mixed '.edits[]') -- "report: mixed's edits name its grub config"
tap_is "$(jq -c '.totals | [.guests, .converted, .blocked, .failed, .booted]' "$r")" \
  "[4,3,1,0,1]" "report totals"

# --- --resume: nothing to do ---------------------------------------------
start=$(date +%s)
"$GUESTLIFT" batch -j 2 --timeout 240 -o "$out" --resume "$work/four.json" \
  > "$work/resume.out" 2> "$work/resume.err"
rc=$?
took=$(( $(date +%s) - start ))
tap_is "$rc" 3 "--resume: same exit status (3)"
tap_ok grep -qx "nothing to do: 4 guests already done" "$work/resume.out" -- "--resume says there is nothing to do"
tap_ok test "$took" -lt 20 -- "--resume started no appliance (${took}s)"
tap_ok grep -qE '^deb .*converted \(resumed\)' "$work/resume.out" -- "the table marks resumed guests"

# --- interrupted after the first guest, a missing disk, then --resume -----
cat > "$work/two.json" <<EOF
{"guests": [
  {"name": "first", "disks": ["$FX/debian-pvops.img"]},
  {"name": "gone", "disks": ["missing-disk.img"]},
  {"name": "second", "disks": ["$FX/rhel5-mixed.img"]}
]}
EOF
out2=$work/out2
"$GUESTLIFT" batch -j 1 -o "$out2" "$work/two.json" > "$work/int.out" 2> "$work/int.err" &
batch_pid=$!
for _ in $(seq 1 600); do
  [ -f "$out2/batch-state.json" ] && [ "$(st "$out2" first 2>/dev/null)" = converted ] && break
  kill -0 "$batch_pid" 2>/dev/null || break
  sleep 0.5
done
sleep 2      # the second guest's convert is under way
kill -INT "$batch_pid"
wait "$batch_pid"
rc=$?
batch_pid=
tap_is "$rc" 130 "SIGINT after the first guest: exit 130"
tap_is "$(st "$out2" first)" converted "the first guest stays converted"
tap_ok test -f "$out2/first/first-sda.qcow2" -- "the first guest's outputs stay"
tap_is "$(st "$out2" second)" pending "the interrupted guest is pending"
tap_ok test -z "$(ls "$out2/second" 2>/dev/null | grep -v '^guestlift.log$')" \
  -- "the interrupted guest left nothing but its log"
tap_ok no_partials "$out2" -- "no partial folder after the interrupt"
tap_ok test -z "$(find "$out2" -name '*guestlift-tmp*')" -- "no temporary file of convert left"
tap_is "$(st "$out2" gone)" failed "the guest with a missing disk failed"
tap_ok grep -q "missing-disk.img" <(jq -r '.guests[] | select(.name == "gone") | .error' "$out2/batch-state.json") \
  -- "its error names the missing disk"
tap_ok grep -q "run again with --resume" "$work/int.err" -- "the interrupt says how to go on"

"$GUESTLIFT" batch -j 1 -o "$out2" --resume --report "$work/two-report.json" "$work/two.json" \
  > "$work/res2.out" 2> "$work/res2.err"
rc=$?
tap_is "$rc" 1 "--resume after the interrupt: exit 1 (the missing disk still fails)"
tap_is "$(st "$out2" first)" converted "first: still converted"
tap_is "$(rep "$work/two-report.json" first .resumed)" true "first: skipped (done before)"
tap_is "$(st "$out2" second)" converted "second: converted by --resume"
tap_ok test -f "$out2/second/second-sda.qcow2" -- "second: its disk is there"
tap_is "$(rep "$work/two-report.json" gone .status)" failed "gone: reported failed"
tap_ok grep -q '^gone: failed: disk .*missing-disk.img' "$work/res2.out" -- "the table says why gone failed"

# --- --from-xen-dir ---------------------------------------------------------
xd=$work/xen
mkdir -p "$xd/scripts"
cat > "$xd/deb.cfg" <<EOF
name = "xdeb"
memory = 512
vcpus = 2
disk = [ 'file:$FX/debian-pvops.img,xvda,w' ]
vif = [ 'mac=00:16:3e:11:22:33,bridge=xenbr0' ]
EOF
cat > "$xd/pv.cfg" <<EOF
name = "xpv"
disk = [ 'file:$FX/rhel5-pv.img,xvda,w' ]
EOF
cat > "$xd/phy.cfg" <<EOF
name = "xphy"
disk = [ 'phy:/dev/vg0/xphy,xvda,w' ]
EOF
echo "These are Xen guest configs." > "$xd/README"
echo 'autoballoon = "off"' > "$xd/xl.conf"
out3=$work/out3
if command -v script > /dev/null; then
  # stderr on a terminal (script's pty), stdout to a file: the progress line.
  script -qec "'$GUESTLIFT' batch -j 2 -b xenbr0:br0 -o '$out3' --from-xen-dir '$xd' > '$work/xen.out'" \
    "$work/xen.tty" > /dev/null 2>&1
  rc=$?
  tr -d '\r' < "$work/xen.tty" > "$work/xen.err"
  tap_ok grep -q $'\r' "$work/xen.tty" -- "on a terminal: batch shows a progress line (carriage returns)"
  tap_ok grep -Eq "batch \[0/[1-3]\] [0-9hms]+ xdeb: converting" "$work/xen.tty" -- "the progress line counts guests done / total, the time so far, and names the guest and its step"
  tap_ok grep -Eq "batch \[([1-3])/\1\] " "$work/xen.tty" -- "it ends with all done (N/N)"
  tap_is "$(grep -c "batch \[" "$work/xen.out")" 0 "no progress on standard output"
else
  "$GUESTLIFT" batch -j 2 -b xenbr0:br0 -o "$out3" --from-xen-dir "$xd" > "$work/xen.out" 2> "$work/xen.err"
  rc=$?
  tap_diag "script (bsdutils) not found: progress on a terminal not tested"
fi
tap_is "$rc" 1 "--from-xen-dir: exit 1 (the phy: guest cannot be converted)"
tap_is "$(st "$out3" xdeb)" converted "xdeb (from deb.cfg): converted"
tap_ok grep -q "00:16:3e:11:22:33" "$out3/xdeb/xdeb.xml" -- "xdeb: the MAC of its config carried over"
tap_ok grep -q "<source bridge=.br0./>" "$out3/xdeb/xdeb.xml" -- "xdeb: -b xenbr0:br0 put its NIC on br0"
tap_ok test -z "$(grep xenbr0 "$out3/xdeb/xdeb.xml")" -- "xdeb: xenbr0 is gone from its XML"
if command -v virt-xml-validate >/dev/null; then
  tap_ok virt-xml-validate "$out3/xdeb/xdeb.xml" domain -- "xdeb: its domain XML with the mapped bridge is valid"
fi
tap_ok grep -q "guestlift convert .* -b xenbr0:br0 -- $FX/debian-pvops.img" "$out3/xdeb/guestlift.log" \
  -- "xdeb: convert was given -b xenbr0:br0"
tap_ok grep -q "source-config $xd/deb.cfg" "$out3/xdeb/guestlift.log" -- "convert got the config as --source-config"
tap_is "$(st "$out3" xpv)" blocked "xpv: blocked"
tap_is "$(st "$out3" xphy)" failed "xphy: failed"
tap_ok grep -q 'block device' <(jq -r '.guests[] | select(.name == "xphy") | .error' "$out3/batch-state.json") \
  -- "xphy: the reason is its block device"
tap_ok grep -q 'README: skipped' "$work/xen.err" -- "README skipped with a note"
tap_ok grep -q 'xl.conf: skipped' "$work/xen.err" -- "xl.conf skipped with a note"

# --- --dry-run and --shard: no appliance needed any more (cached) ------------
"$GUESTLIFT" batch --dry-run --shard 1/2 -o "$work/dry" "$work/four.json" > "$work/dry.out" 2>&1
tap_is "$?" 0 "--dry-run --shard 1/2 exits 0"
tap_ok test ! -e "$work/dry" -- "--dry-run creates nothing"
tap_ok grep -q "guestlift convert --to kvm -o $work/dry/boot/.partial-XXXXXX --name boot" "$work/dry.out" \
  -- "--dry-run prints convert's command line"
tap_ok grep -q "guestlift launch --snapshot --wait-for $MARKER .* -- $work/dry/boot/boot.xml\$" "$work/dry.out" \
  -- "--dry-run prints launch's command line: it boots the XML convert writes"
# Sorted by name: boot deb | mixed pvonly.
tap_ok test -z "$(grep -E '^(mixed|pvonly):' "$work/dry.out")" -- "--shard 1/2 keeps the first half by name"

# NIC rules: the command line's for every guest, a guest's own over them
# for the names they map (the same disks as above: cached, no appliance).
cat > "$work/nics.json" <<EOF
{"guests": [
  {"name": "plain", "disks": ["$FX/debian-pvops.img"]},
  {"name": "own", "disks": ["$FX/rhel5-mixed.img"],
   "bridge": ["xenbr1:brB", "xenbr0:brA"], "network": ["guestnet"]}
]}
EOF
"$GUESTLIFT" batch --dry-run -o "$work/drynic" -b xenbr0:br0 --bridge br9 -n kvmnet \
  "$work/nics.json" > "$work/drynic.out" 2>&1
tap_is "$?" 0 "--dry-run with -b/-n exits 0"
tap_ok grep -qx "  guestlift convert .* -b xenbr0:br0 -b br9 -n kvmnet -- $FX/debian-pvops.img" \
  "$work/drynic.out" -- "--dry-run: a guest without rules of its own gets the command line's"
tap_ok grep -qx "  guestlift convert .* -b xenbr0:brA -b xenbr1:brB -b br9 -n guestnet -- $FX/rhel5-mixed.img" \
  "$work/drynic.out" -- "--dry-run: a guest's rules override the command line's for xenbr0 and the default network, add xenbr1, keep br9"
tap_is "$(grep -c 'xenbr0:br0' "$work/drynic.out")" 1 "--dry-run: the overridden -b xenbr0:br0 is given to one guest only"
if command -v python3 >/dev/null && python3 -c 'import jsonschema' 2>/dev/null; then
  tap_ok python3 -m jsonschema -i "$work/nics.json" \
    "$top_srcdir/data/guestlift-batch-manifest.schema.json" -- "a manifest with bridge/network validates against the schema"
fi

# The rules are inputs: a new -n redoes mixed, not deb (whose own
# "network" overrides it: the same rules as its run).
"$GUESTLIFT" batch --dry-run --resume -o "$out" -n other "$work/four.json" \
  > "$work/drynic2.out" 2>&1
tap_is "$?" 0 "--dry-run --resume -n other exits 0"
tap_ok grep -q "^deb: done by an earlier run" "$work/drynic2.out" \
  -- "--resume: deb's rules did not change (its own network wins): skipped"
tap_ok grep -q "guestlift convert .* -n other -- $FX/rhel5-mixed.img" "$work/drynic2.out" \
  -- "--resume: mixed's rules changed: it would be converted again, with -n other"

tap_done
