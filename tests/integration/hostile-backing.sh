#!/bin/bash
# Hostile images, part 1: images that name other files.  Built here, small
# and sparse: qcow2 overlays whose backing file is a canary file of this
# test (the issue's /etc/shadow trick: an ext4 guest written from byte
# 1024 on), a json: and a protocol backing name, a qcow2 external data
# file, a vmdk descriptor whose extent is the canary, a vmdk whose parent
# hint names another file, a qed overlay, differencing VHD and VHDX
# images, and IMAGE names that qemu would read as protocols.  Each is
# refused by audit, inspect, convert, launch --dry-run and batch (exit 1,
# the image and the file it names in the message) before anything opens
# the named file: no appliance runs, the canary's bytes reach no output,
# the sources are unchanged and no qemu is left.
#
# Then --allow-backing-file on an overlay of a fixture guest (ONE appliance
# launch): inspect works; the cache answers an opted-in run only, and
# stops answering when the backing file changes; convert flattens it; the
# qemu command line and batch pass the opt-in on.
#
# And the KVM probe (issue 11 part 6): with LIBGUESTFS_BACKEND_SETTINGS or
# LIBGUESTFS_BACKEND set there is none; its notice is one line.
. "${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/lib.sh"

require_prog qemu-img qemu-io jq pgrep sha256sum cmp

t=$(realpath "$(mktemp -d "${TMPDIR:-/tmp}/gl-hostile-backing.XXXXXX")")
trap 'rm -rf "$t"' EXIT
export XDG_CACHE_HOME=$t/cache
img=$t/img
mkdir -p "$img" "$t/out"

# The canary: what must never be read.  Its name is in the messages; its
# contents must be nowhere.
MARKER="GUESTLIFT-CANARY-CONTENT-$$-$RANDOM"
CANARY=$t/canary
{ printf '%s\n' "$MARKER"; head -c 4096 /dev/zero | tr '\0' 'C'; } > "$CANARY"
truncate -s 1M "$CANARY"

# no_canary WHAT FILE...: a test point: the canary's contents are in none
# of the files (grep -a: binary disk images included).
no_canary () {
  local what=$1; shift
  if grep -rlaF -- "$MARKER" "$@" >&2 2>/dev/null; then
    tap_result 1 "$what: the canary's contents are in no output"
  else
    tap_result 0 "$what: the canary's contents are in no output"
  fi
}

# --- the images ---------------------------------------------------------------
# 1. The issue's case: 512-byte clusters, the canary as raw backing file,
#    an ext4 guest from byte 1024 on (ext4 ignores bytes 0-1023, which the
#    canary provides).
qemu-img create -q -f qcow2 -o cluster_size=512 -b "$CANARY" -F raw "$img/shadow.qcow2" 8M
if command -v mkfs.ext4 >/dev/null 2>&1; then
  truncate -s 8M "$t/fs.raw"
  mkfs.ext4 -q -F "$t/fs.raw" 2>/dev/null
  tail -c +1025 "$t/fs.raw" > "$t/fs-tail.raw"
  qemu-io -f qcow2 -c "write -s $t/fs-tail.raw 1024 $((8 * 1048576 - 1024))" \
    "$img/shadow.qcow2" > /dev/null
  rm -f "$t/fs.raw" "$t/fs-tail.raw"
fi
# 2. A json: backing name, and protocol ones (-u: not opened here either).
qemu-img create -q -f qcow2 -u -F raw \
  -b "json:{\"driver\":\"raw\",\"file\":{\"driver\":\"file\",\"filename\":\"$CANARY\"}}" \
  "$img/json.qcow2" 8M
qemu-img create -q -f qcow2 -u -F raw -b "nbd://127.0.0.1:1/export" "$img/nbd.qcow2" 8M
qemu-img create -q -f qcow2 -u -F raw -b "http://127.0.0.1:1/disk.img" "$img/http.qcow2" 8M
# 3. An external data file holding the canary's contents.
qemu-img create -q -f qcow2 -o "data_file=$img/data.raw,data_file_raw=on" "$img/datafile.qcow2" 1M
cp "$CANARY" "$img/data.raw"
# 4. A vmdk descriptor whose extent is the canary.
cat > "$img/desc.vmdk" <<EOF
# Disk DescriptorFile
version=1
CID=fffffffe
parentCID=ffffffff
createType="monolithicFlat"

RW 2048 FLAT "$CANARY" 0

ddb.virtualHWVersion = "4"
EOF
# 5. A sparse vmdk whose parent hint names another vmdk.
qemu-img create -q -f vmdk "$img/parent.vmdk" 1M
qemu-img create -q -f vmdk -b "$img/parent.vmdk" -F vmdk "$img/child.vmdk"
# 6. A qed overlay of the canary.
qemu-img create -q -f qed -b "$CANARY" -F raw "$img/overlay.qed" 1M
# 7. A local file whose name qemu would read as a protocol: read as a file
#    (and refused for its backing file).
qemu-img create -q -f qcow2 -b "$CANARY" -F raw "$img/nbd:local.qcow2" 1M
# 8. Differencing VHD and VHDX (qemu-img makes neither: dynamic ones,
#    patched).
cases_vhd=
if command -v python3 >/dev/null 2>&1; then
  qemu-img create -q -f vpc -o subformat=dynamic "$img/diff.vhd" 1M
  qemu-img create -q -f vhdx "$img/diff.vhdx" 8M
  python3 - "$img/diff.vhd" "$img/diff.vhdx" <<'EOF'
import struct, sys
# VHD: disk type 4 (differencing) in both footers, checksums fixed, and a
# parent name in the dynamic header.
vhd = bytearray(open(sys.argv[1], 'rb').read())
def footer(off):
    f = vhd[off:off + 512]
    f[60:64] = struct.pack('>I', 4)
    f[64:68] = b'\0\0\0\0'
    f[64:68] = struct.pack('>I', ~sum(f) & 0xffffffff)
    vhd[off:off + 512] = f
footer(0); footer(len(vhd) - 512)
dyn = struct.unpack('>Q', vhd[16:24])[0]
vhd[dyn + 64:dyn + 64 + 20] = 'canary.vhd'.encode('utf-16-be')
open(sys.argv[1], 'wb').write(vhd)
# VHDX: the file parameters' "has parent" bit.
x = bytearray(open(sys.argv[2], 'rb').read())
meta_guid = bytes.fromhex('06a27c8b90479a4bb8fe575f050f886e')
params_guid = bytes.fromhex('3767a1ca36fa434db3b633f0aa44e76b')
rt = 0x30000
for i in range(struct.unpack('<I', x[rt + 8:rt + 12])[0]):
    e = x[rt + 16 + 32 * i:rt + 48 + 32 * i]
    if e[:16] == meta_guid:
        meta = struct.unpack('<Q', e[16:24])[0]
for i in range(struct.unpack('<H', x[meta + 10:meta + 12])[0]):
    e = x[meta + 32 + 32 * i:meta + 64 + 32 * i]
    if e[:16] == params_guid:
        off = meta + struct.unpack('<I', e[16:20])[0]
        x[off + 4] |= 2
open(sys.argv[2], 'wb').write(x)
EOF
  cases_vhd="diff.vhd:parent diff.vhdx:parent"
else
  tap_diag "python3 missing: no differencing VHD/VHDX cases"
fi

# IMAGE:WHAT-THE-MESSAGE-NAMES
cases="shadow.qcow2:$CANARY json.qcow2:json: nbd.qcow2:nbd://127.0.0.1:1/export
http.qcow2:http://127.0.0.1:1/disk.img datafile.qcow2:$img/data.raw
desc.vmdk:$CANARY child.vmdk:$img/parent.vmdk overlay.qed:$CANARY
nbd:local.qcow2:$CANARY $cases_vhd"

sources_record "$CANARY" "$img"/*

# --- every case refused by every command ----------------------------------------
# refused NAME WHAT CMD...: CMD exits 1, its message names the image and
# WHAT, and says how to opt in (or, for a differencing image, why not):
# on stderr, or for audit in its report.
refused () {
  local name=$1 what=$2; shift 2
  local cmd="${1##*/} $2"
  "$@" > "$t/stdout" 2> "$t/stderr"
  local rc=$?
  tap_is "$rc" 1 "$name: $cmd refuses it (exit 1)"
  local msg
  if [ "$2" = audit ]; then
    msg=$(jq -r '.images[0] | "\(.path): \(.error)"' "$t/stdout")
  else
    msg=$(cat "$t/stderr")
  fi
  local ok=0
  grep -qF -- "$name: " <<< "$msg" || ok=1
  if [ "$what" = parent ]; then
    grep -q 'a differencing VHDX\?\b.*qemu does not read the parent' <<< "$msg" || ok=1
  else
    grep -qF -- "'$what" <<< "$msg" && grep -qF -- '--allow-backing-file' <<< "$msg" || ok=1
  fi
  tap_result $ok "$name: $cmd: the message names the image and what it names"
  [ $ok = 0 ] || tap_diag "$msg"
  no_canary "$name: $cmd" "$t/stdout" "$t/stderr" "$t/out" "$XDG_CACHE_HOME"
}

cd "$img" || exit 1
for c in $cases; do
  name=${c%%:*}
  [ "$name" = nbd ] && name=nbd:local.qcow2     # the one name with a ':'
  what=${c#"$name":}
  refused "$name" "$what" "$GUESTLIFT" inspect --format json "$name"
  refused "$name" "$what" "$GUESTLIFT" audit --format json "$name"
  refused "$name" "$what" "$GUESTLIFT" convert --to kvm --output-format raw -o "$t/out" "$name"
  refused "$name" "$what" "$GUESTLIFT" launch --dry-run "$name"
  tap_is "$(ls -A "$t/out")" "" "$name: convert left nothing in the output folder"
  sources_unchanged "$name: every source unchanged"
  no_qemu_left "$t" "$name: no qemu left"
done
tap_ok test ! -e "$XDG_CACHE_HOME/guestlift/inspect" -o -z "$(ls -A "$XDG_CACHE_HOME/guestlift/inspect" 2>/dev/null)" \
  -- "no refused image reached the inspection cache"
tap_ok test ! -e "$XDG_CACHE_HOME/guestlift/accel" -- "no refusal started (or probed for) an appliance"

# The audit report says why, in the image's error.
"$GUESTLIFT" audit --format json shadow.qcow2 desc.vmdk > "$t/audit.json" 2> /dev/null
tap_is "$?" 1 "audit of two refused images: exit 1"
tap_is "$(jq -r '.images[0].error' "$t/audit.json" | grep -c "backing file '$CANARY'")" 1 \
  "the JSON report's error names the backing file"
tap_is "$(jq -r '.images[1].error' "$t/audit.json" | grep -c "vmdk extent '$CANARY'")" 1 \
  "... and the vmdk extent"

# IMAGE names that are protocols or json: are not local files.
for name in "nbd://127.0.0.1:1/export" "json:{\"driver\":\"raw\",\"file\":{\"filename\":\"$CANARY\"}}"; do
  "$GUESTLIFT" inspect --allow-backing-file --format json "$name" > "$t/stdout" 2> "$t/stderr"
  tap_is "$?" 1 "IMAGE ${name:0:12}...: refused, even with --allow-backing-file (exit 1)"
  tap_ok grep -q 'does not open qemu protocol or json: names' "$t/stderr" \
    -- "... saying guestlift reads local files"
  no_canary "IMAGE ${name:0:12}..." "$t/stdout" "$t/stderr"
done

# batch: the guest fails before anything opens the canary.
cat > "$t/bad.json" <<EOF
{"guests": [{"name": "shadow", "disks": ["$img/shadow.qcow2"], "to": "xen-pv"}]}
EOF
"$GUESTLIFT" batch -q -o "$t/bout" "$t/bad.json" > "$t/stdout" 2> "$t/stderr"
tap_is "$?" 1 "batch: a guest whose disk has a backing file fails (exit 1)"
tap_is "$(jq -r '.guests[0].status' "$t/bout/batch-state.json")" failed "... its state says failed"
tap_ok grep -qF "its backing file '$CANARY'" "$t/bout/batch-state.json" \
  -- "... with the backing file named"
no_canary "batch" "$t/stdout" "$t/stderr" "$t/bout"
sources_unchanged "batch: every source unchanged"
no_qemu_left "$t" "batch: no qemu left"
cd "$t" || exit 1

# --- part 6: the KVM probe ----------------------------------------------------------
# A disk that is fine, and an appliance that cannot start (LIBGUESTFS_HV):
# enough to reach the appliance policy without booting anything
# (--appliance: the host-side reader would answer for the empty disk).
truncate -s 1M "$t/zero.img"
for var in LIBGUESTFS_BACKEND_SETTINGS=force_tcg LIBGUESTFS_BACKEND=direct; do
  rm -rf "$t/probe-cache"
  env -u LIBGUESTFS_BACKEND -u LIBGUESTFS_BACKEND_SETTINGS "$var" \
    XDG_CACHE_HOME="$t/probe-cache" GUESTLIFT_DEBUG=1 LIBGUESTFS_HV=/bin/false \
    "$GUESTLIFT" inspect --appliance --format json "$t/zero.img" > /dev/null 2> "$t/probe.err"
  tap_ok grep -q 'KVM not probed' "$t/probe.err" -- "$var: the appliance policy says it leaves the choice"
  tap_ok test -z "$(grep -e 'probing KVM' -e 'KVM cannot run guests' "$t/probe.err")" \
    -- "$var: no KVM probe, no TCG notice"
  tap_ok test ! -e "$t/probe-cache/guestlift/accel" -- "$var: no accelerator remembered"
done
# Without them the probe runs (so the points above can fail), and what it
# says is one line.
rm -rf "$t/probe-cache"
env -u LIBGUESTFS_BACKEND -u LIBGUESTFS_BACKEND_SETTINGS \
  XDG_CACHE_HOME="$t/probe-cache" GUESTLIFT_DEBUG=1 LIBGUESTFS_HV=/bin/false \
  "$GUESTLIFT" inspect --appliance --format json "$t/zero.img" > /dev/null 2> "$t/probe.err"
tap_ok grep -q 'probing KVM' "$t/probe.err" -- "neither set: KVM is probed"
notice=$(grep 'KVM cannot run guests' "$t/probe.err")
tap_ok test "$(printf '%s' "$notice" | grep -c .)" -le 1 -- "at most one TCG notice"
case $notice in
  *'\n'*|*'\x'*) r=1 ;;
  *) r=0 ;;
esac
tap_is "$r" 0 "the notice is one readable line (no escaped newlines)"
[ -z "$notice" ] || tap_diag "notice: $notice"
no_qemu_left "$t" "probe: no qemu left"

# --- the opt-in: an overlay of a fixture guest ---------------------------------------
# The fixtures (built once, one appliance launch) in a subshell: when they
# cannot be built here, only these cases are skipped.
( GUESTLIFT_TAP_DRIVER=0 require_fixtures ) > /dev/null
if [ ! -f "$FIXTURES/MANIFEST" ] || [ ! -f "$FIXTURES/debian-pvops.img" ]; then
  tap_skip "the --allow-backing-file cases" "no debian-pvops.img fixture"
  tap_done
fi
mkdir -p "$t/opt"
cd "$t/opt" || exit 1
cp --sparse=always "$FIXTURES/debian-pvops.img" base.img
# A relative backing name: resolved against the overlay's folder.
qemu-img create -q -f qcow2 -b base.img -F raw over.qcow2
sources_record "$t/opt/base.img" "$t/opt/over.qcow2"

# The one appliance launch.  Without the LIBGUESTFS_BACKEND variables: the
# notice (if KVM cannot run here) must be one line here too.
env -u LIBGUESTFS_BACKEND -u LIBGUESTFS_BACKEND_SETTINGS \
  "$GUESTLIFT" inspect --allow-backing-file --format json over.qcow2 > "$t/opt.json" 2> "$t/opt.err"
rc=$?
tap_ok test "$rc" = 0 -o "$rc" = 3 -- "inspect --allow-backing-file of an overlay works (exit $rc)"
[ "$rc" = 0 ] || [ "$rc" = 3 ] || tap_diag "$(tail -n 5 "$t/opt.err")"
tap_is "$(jq -r '.images[0].operating_systems[0].distro' "$t/opt.json")" debian \
  "... and sees the guest of its backing file"
tap_ok test -z "$(grep 'KVM cannot run guests' "$t/opt.err" | grep -F '\n')" \
  -- "... any TCG notice is one line"
no_qemu_left "$t" "opt-in inspect: no qemu left"

# Without the opt-in the cached answer is not given: refused.
"$GUESTLIFT" audit --format json over.qcow2 > "$t/stdout" 2> /dev/null
tap_is "$?" 1 "audit without the opt-in refuses the overlay, cached or not"
tap_ok grep -q "its backing file 'base.img'" "$t/stdout" -- "... naming base.img"

# With it, the cache answers: no appliance can start (LIBGUESTFS_HV), yet
# the audit succeeds.
# (--appliance: with no appliance able to start, only the cache can
# answer; the host-side reader would read the overlay itself.)
cached_audit () {
  GUESTLIFT_DEBUG=1 LIBGUESTFS_HV=/bin/false \
    "$GUESTLIFT" audit --appliance --allow-backing-file --format json over.qcow2 \
    > "$t/audit.json" 2> "$t/audit.err"
}
cached_audit
rc=$?
tap_ok test "$rc" = 0 -o "$rc" = 3 -- "the opted-in audit is answered from the cache (exit $rc)"
tap_ok grep -q '1 from the cache' "$t/audit.err" -- "... the debug line says so"

# convert flattens it: a self-contained copy with the backing file's data.
"$GUESTLIFT" convert --to xen-pv --allow-backing-file --output-format raw --name flat \
  -o "$t/out" over.qcow2 > /dev/null 2> "$t/convert.err"
tap_is "$?" 0 "convert --allow-backing-file of the overlay (xen-pv, cached: no appliance)"
tap_ok cmp base.img "$t/out/flat-sda.raw" -- "the output is the flattened disk"
tap_ok test -z "$(qemu-img info --output=json "$t/out/flat-sda.raw" | jq -r '.["backing-filename"] // empty')" \
  -- "... with no backing file"
tap_ok grep -q '<backingStore/>' "$t/out/flat.xml" -- "its XML says the disk has no backing file"
rm -rf "$t/out"/*

# launch and batch pass the opt-in on.
"$GUESTLIFT" launch --dry-run --allow-backing-file over.qcow2 > "$t/launch.cmd" 2> /dev/null
tap_is "$?" 0 "launch --dry-run --allow-backing-file of the overlay"
tap_ok grep -q "file=$t/opt/over.qcow2,format=qcow2,if=virtio" "$t/launch.cmd" \
  -- "... the disk is the file itself, its chain left to qemu"
cat > "$t/opt.manifest" <<EOF
{"guests": [{"name": "ov", "disks": ["$t/opt/over.qcow2"], "to": "xen-pv",
             "allow_backing_file": true},
            {"name": "strict", "disks": ["$t/opt/over.qcow2"], "to": "xen-pv"}]}
EOF
LIBGUESTFS_HV=/bin/false "$GUESTLIFT" batch --dry-run -o "$t/bout2" "$t/opt.manifest" \
  > "$t/batch.out" 2> /dev/null
tap_ok grep -q -- "--allow-backing-file" "$t/batch.out" \
  -- "batch: the manifest key gives convert --allow-backing-file"
tap_ok grep -q "strict: would fail: .*its backing file 'base.img'" "$t/batch.out" \
  -- "batch: the guest without it would fail, naming base.img"

sources_unchanged "opt-in: every source unchanged"

# A changed backing file: the cache no longer answers (the appliance cannot
# start, so the audit fails).
over_sum=$(sha256sum < over.qcow2)
printf 'changed' | dd of=base.img bs=1 seek=$((128 * 1048576 - 7)) conv=notrunc status=none
cached_audit
tap_is "$?" 1 "after the backing file changed, the cache is not served"
tap_ok grep -q '0 from the cache' "$t/audit.err" -- "... the debug line says so"
tap_is "$(sha256sum < over.qcow2)" "$over_sum" "the overlay is unchanged"
no_qemu_left "$t" "opt-in: no qemu left"

tap_done
