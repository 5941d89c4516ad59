#!/bin/bash
# guestlift inspect and audit on the Windows 7 parity guest
# (tests/fixtures/build-parity.sh: registry hives made with hivex's
# tools) and on two hostile copies of it, in ONE appliance: its facts in
# JSON (checked against the JSON schema), XML (against the RNG) and
# text; the verdict "not applicable" and the exit statuses of inspect and
# audit (0: a Windows guest has no KVM blockers); a SOFTWARE hive of
# garbage and a SYSTEM hive past its bound: a warning naming the hive,
# no crash, the other facts still there.
. "${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/lib.sh"
require_parity_fixtures
require_prog jq guestfish
: "${XMLLINT:=xmllint}"
require_prog "$XMLLINT"
grep -q '^windows.img	' "$PARITY/MANIFEST" ||
  tap_skip_all "windows.img was not built ($(grep '^# windows.img' "$PARITY/MANIFEST"))"

work=$(mktemp -d "${TMPDIR:-/tmp}/gl-windows.XXXXXX")
trap 'rm -rf "$work"' EXIT
private_cache "$work/cache"

win=$PARITY/windows.img
sum_before=$(sha256sum < "$win")
cp --sparse=always "$win" "$work/badhive.img"
cp --sparse=always "$win" "$work/bighive.img"
# badhive: SOFTWARE is text.  bighive: SYSTEM is a sparse file past the
# 512 MiB bound (NTFS keeps it sparse in this 96 MiB disk).
# (TCG as in hostile-bounds.sh: /dev/kvm may be there and not work.)
LIBGUESTFS_BACKEND_SETTINGS=force_tcg timeout 900 guestfish --rw \
  -a "$work/badhive.img" -a "$work/bighive.img" > "$work/guestfish.out" 2>&1 <<'GF'
run
mount /dev/sda2 /
write /Windows/System32/config/SOFTWARE "this is not a registry hive"
umount-all
mount /dev/sdb2 /
truncate-size /Windows/System32/config/SYSTEM 629145600
umount-all
GF
[ "$?" = 0 ] ||
  { sed 's/^/# /' "$work/guestfish.out"; tap_bail "guestfish could not make the hostile copies"; }

"$GUESTLIFT" inspect --format json "$win" "$work/badhive.img" "$work/bighive.img" \
  > "$work/all.json" 2> "$work/stderr"
tap_is "$?" 0 "inspect exits 0: Windows guests have no KVM blockers (not applicable)"
tap_ok jq -e . "$work/all.json" -- "the JSON report parses"

q () { jq -r --arg n "/$1" ".images[] | select(.path | endswith(\$n)) | $2" "$work/all.json"; }
os () { q "$1" ".operating_systems[0].$2"; }

tap_is "$(os windows.img root)" /dev/sda2 "root is C: (/dev/sda2), not System Reserved"
tap_is "$(os windows.img type)/$(os windows.img distro)" windows/windows "type and distro windows"
tap_is "$(os windows.img product_name)" "Windows 7 Professional" "product name (ProductName)"
tap_is "$(os windows.img version.major).$(os windows.img version.minor)" 6.1 "version 6.1 (CurrentVersion)"
tap_is "$(os windows.img arch)" x86_64 "arch x86_64 (cmd.exe is PE32+ x86-64)"
tap_is "$(os windows.img hostname)" WIN7-PARITY "hostname (ControlSet001 Tcpip Hostname)"
tap_is "$(os windows.img osinfo)" win7 "osinfo win7"
tap_is "$(os windows.img 'drive_mappings | to_entries | map("\(.key)=\(.value)") | join(" ")')" \
  C=/dev/sda2 "drive letters: C: is /dev/sda2 (MountedDevices); the System Reserved partition has none"
tap_is "$(os windows.img 'mountpoints | to_entries | map("\(.key)=\(.value)") | join(" ")')" \
  /=/dev/sda2 "mountpoints: / is the root"
tap_is "$(os windows.img 'filesystems | join(" ")')" /dev/sda2 "filesystems: the root"
tap_is "$(os windows.img 'kvm | [.bootable, (.blockers | length), (.warnings | length)] | join(",")')" \
  false,0,0 "kvm: not bootable, no blockers, no warnings (the verdict does not apply)"
tap_is "$(os windows.img 'kernels | length')" 0 "no kernels looked for"

tap_is "$(os badhive.img product_name)" null "a SOFTWARE hive of garbage: no product name"
tap_is "$(os badhive.img distro)/$(os badhive.img arch)" windows/x86_64 "  the other facts are still there"
tap_ok grep -q 'Windows registry of /Windows: SOFTWARE hive' \
  <(os badhive.img 'kvm.warnings[]') -- "  a warning names the hive ($(os badhive.img 'kvm.warnings[0]'))"
tap_is "$(os badhive.img 'version.major').$(os badhive.img 'version.minor')" 0.0 "  version unknown (0.0 in JSON)"
tap_is "$(os bighive.img hostname)" null "a SYSTEM hive past its bound: no host name"
tap_ok grep -q 'SYSTEM: too large (600 MiB; the bound is 512 MiB): not read' \
  <(os bighive.img 'kvm.warnings[]') -- "  a warning says it is too large ($(os bighive.img 'kvm.warnings[0]'))"
tap_is "$(q bighive.img .error)" null "  no error for the image"
tap_is "$(sha256sum < "$win")" "$sum_before" "the source image is unchanged"

if python3 -c 'import jsonschema' 2>/dev/null; then
  tap_ok python3 - "$top_srcdir/data/guestlift-report.schema.json" "$work/all.json" <<'PY' -- "the JSON report validates against the JSON schema"
import json, sys, jsonschema
schema = json.load(open(sys.argv[1]))
jsonschema.Draft202012Validator(schema).validate(json.load(open(sys.argv[2])))
PY
else
  tap_skip "the JSON report validates against the JSON schema" "python3-jsonschema is not installed"
fi

# The same guest again, from the cache (no appliance): XML, text, audit.
"$GUESTLIFT" inspect --format xml "$win" > "$work/win.xml" 2>/dev/null
tap_is "$?" 0 "inspect --format xml exits 0"
tap_ok "$XMLLINT" --noout --relaxng "$top_srcdir/data/guestlift-report.rng" "$work/win.xml" -- \
  "the XML validates against data/guestlift-report.rng"
tap_is "$("$XMLLINT" --xpath 'string(//drive-mapping[@letter="C"]/@device)' "$work/win.xml")" \
  /dev/sda2 "XML: <drive-mapping letter=\"C\" device=\"/dev/sda2\"/>"
tap_is "$("$XMLLINT" --xpath 'string(//operating-system/product-name)' "$work/win.xml")" \
  "Windows 7 Professional" "XML: product-name"
"$GUESTLIFT" inspect --format text "$win" > "$work/win.txt" 2>/dev/null
tap_is "$?" 0 "inspect --format text exits 0"
tap_ok grep -q '^KVM: NOT APPLICABLE' "$work/win.txt" -- "text: KVM: NOT APPLICABLE"
tap_ok grep -q '^  os: *windows 6.1 x86_64 (win7)$' "$work/win.txt" -- "text: os windows 6.1 x86_64 (win7)"
tap_ok grep -q '^  drives: *C: /dev/sda2$' "$work/win.txt" -- "text: drives C: /dev/sda2"

"$GUESTLIFT" audit --format json "$win" > "$work/audit.json" 2>/dev/null
tap_is "$?" 0 "audit exits 0 on a Windows guest"
tap_is "$(jq -c '.summary | [.bootable, .blocked, .unknown, .error, .not_applicable]' "$work/audit.json")" \
  "[0,0,0,0,1]" "audit summary: one guest, not applicable"
"$GUESTLIFT" audit --format table "$win" > "$work/audit.txt" 2>/dev/null
tap_ok grep -q 'windows 6.1 x86_64 .* n/a ' "$work/audit.txt" -- "audit table: windows 6.1 x86_64 ... n/a"
tap_ok grep -q '^Summary: 1 guest: 0 bootable, 0 blocked, 0 unknown, 0 error, 1 not applicable$' \
  "$work/audit.txt" -- "audit table summary: 1 not applicable"
"$GUESTLIFT" audit --format csv "$win" > "$work/audit.csv" 2>/dev/null
tap_ok grep -q ',windows,6.1,x86_64,0,0,not_applicable,' "$work/audit.csv" -- "audit CSV: verdict not_applicable"
tap_done
