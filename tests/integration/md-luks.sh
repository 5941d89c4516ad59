#!/bin/bash
# tests/integration/md-luks.sh: md RAID and LUKS guests of the parity set
# (tests/fixtures/build-parity.sh), beyond what parity.sh compares with
# virt-inspector:
#   - a batch of md members (md2-a.img, md2-b.img, two halves of one
#     guest) with unrelated images: no guest is made across images, each
#     image gets its own answer (the halves are inspected again, each in
#     an appliance of its own, where its arrays stay inactive as in
#     virt-inspector's), and the halves say why they hold none;
#   - LUKS without a key names the encrypted device (not just "no
#     operating system found"), and is not cached; a wrong key likewise
#     (LVM inside LUKS inside LVM too: with its key, parity.sh compares
#     it with virt-inspector);
#   - --key (file:, by UUID) and --keys-from-stdin open LUKS on LVM and
#     LVM on LUKS, and no key shows in the report, in -v/-x output or in
#     the cache folder, which keeps no entry for an encrypted image;
#   - convert --key converts LUKS on LVM: the copy's LUKS devices opened
#     read-write with the key, the guest mounted and edited inside them,
#     the source unchanged, the key nowhere in outputs, -v -x or cache;
#   - launch --keys-from-stdin on that copy: its kernel and initrd are
#     copied into the kernel cache through its LUKS devices (the same
#     files convert exported), the root's UUID the one inside LUKS;
#   - a batch-mate holding a VG named like the VG inside a guest's LUKS
#     does not change that guest's answer;
#   - usage errors of the key options (inspect, audit, convert, launch)
#     do not echo the key.
# Thirteen appliance launches (two for the halves of the md batch, three
# for the VG name clash).
. "${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/lib.sh"
require_parity_fixtures
require_prog jq
P=$PARITY
work=$(mktemp -d "${TMPDIR:-/tmp}/gl-md-luks.XXXXXX")
trap 'rm -rf "$work"' EXIT
private_cache "$work/cache"
PASS=guestlift-test        # the fixtures' passphrase
WRONG=not-the-passphrase-4711
( umask 077; printf '%s\n' "$PASS" > "$work/key" )
ROOT_UUID=949ec3bb-9817-46e8-a6fc-c4968096bbec
SWAP_UUID=6ba8f18c-350f-48af-8427-3e785e6a70bd

field () { # JSON IMAGE JQ: JQ applied to IMAGE's entry
  jq -r --arg p "$2" ".images[] | select(.path == \$p) | $3" "$1"
}

# --- md: halves of a RAID pair among unrelated images; a wrong key ----------
"$GUESTLIFT" inspect --no-cache --format json --key "all:key:$WRONG" "$P/md2-a.img" \
  "$P/debian5.img" "$P/md2-b.img" "$P/md1disk.img" "$P/lvm-on-luks.img" \
  > "$work/md.json" 2> "$work/md.err"
tap_is "$(field "$work/md.json" "$P/debian5.img" '[.operating_systems[].root] | join(" ")')" \
  /dev/sda1 "md batch: debian5.img has its own OS only (no guest from md2-a + md2-b)"
tap_is "$(field "$work/md.json" "$P/md1disk.img" '[.operating_systems[].root] | join(" ")')" \
  /dev/md127 "md batch: md1disk.img's root is its array, named as if alone (/dev/md127)"
for h in md2-a md2-b; do
  tap_is "$(field "$work/md.json" "$P/$h.img" '.operating_systems | length')" 0 \
    "md batch: $h.img alone holds no OS (half of each array)"
  e=$(field "$work/md.json" "$P/$h.img" '.error')
  case $e in
    *"/dev/sda1: member of an md RAID array"*"/dev/sda2: member of an md RAID array"*"--one-guest"*) r=0 ;;
    *) r=1; tap_diag "error: $e" ;;
  esac
  tap_result $r "md batch: $h.img's error names its members /dev/sda1, /dev/sda2 and --one-guest"
done
e=$(field "$work/md.json" "$P/lvm-on-luks.img" '.error')
case $e in
  "/dev/sda2: encrypted (LUKS): none of the 1 key given for it opens it"*) r=0 ;;
  *) r=1; tap_diag "error: $e" ;;
esac
tap_result $r "LVM on LUKS, wrong key: the error names /dev/sda2 and says the key does not open it"
tap_fails grep -qF -- "$WRONG" "$work/md.json" "$work/md.err" \
  -- "a wrong key is in neither the report nor stderr"

# --- LUKS without a key (the cache on) ---------------------------------------
"$GUESTLIFT" inspect --format json "$P/luks-on-lvm.img" "$P/lvm-on-luks.img" "$P/arch.img" \
  "$P/lvm-luks-lvm.img" > "$work/nokey.json" 2> "$work/nokey.err"
tap_is "$?" 1 "LUKS without a key: exit status 1 (no OS found in them)"
e=$(field "$work/nokey.json" "$P/luks-on-lvm.img" '.error')
case $e in
  "/dev/cs/root: encrypted (LUKS) and no key was given for it"*"/dev/cs/swap: encrypted (LUKS) and no key was given"*) r=0 ;;
  *) r=1; tap_diag "error: $e" ;;
esac
tap_result $r "LUKS on LVM, no key: the error names /dev/cs/root and /dev/cs/swap as encrypted, no key given"
e=$(field "$work/nokey.json" "$P/lvm-on-luks.img" '.error')
case $e in
  "/dev/sda2: encrypted (LUKS) and no key was given for it"*) r=0 ;;
  *) r=1; tap_diag "error: $e" ;;
esac
tap_result $r "LVM on LUKS, no key: the error names /dev/sda2 as encrypted, no key given"
e=$(field "$work/nokey.json" "$P/lvm-luks-lvm.img" '.error')
case $e in
  "/dev/vg_nest_outer/crypt: encrypted (LUKS) and no key was given for it"*) r=0 ;;
  *) r=1; tap_diag "error: $e" ;;
esac
tap_result $r "LVM inside LUKS inside LVM, no key: the error names the LV /dev/vg_nest_outer/crypt as encrypted"
tap_is "$(find "$XDG_CACHE_HOME/guestlift" -path '*inspect*' -type f | wc -l)" 1 \
  "encrypted images are not cached (only arch.img's answer is)"

# --- LUKS with keys: --key file: by UUID, --keys-from-stdin, -v -x ----------
printf '%s\n' "$PASS" | "$GUESTLIFT" inspect -v -x --format json \
  --key "$ROOT_UUID:file:$work/key" --key "$SWAP_UUID:file:$work/key" --keys-from-stdin \
  "$P/luks-on-lvm.img" "$P/lvm-on-luks.img" > "$work/keys.json" 2> "$work/keys.err"
tap_is "$?" 0 "LUKS with keys: both guests inspected (exit 0)"
tap_is "$(field "$work/keys.json" "$P/luks-on-lvm.img" '[.operating_systems[] | .root, .distro, .mountpoints["/boot"]] | join(" ")')" \
  "/dev/mapper/luks-$ROOT_UUID centos /dev/sda1" \
  "LUKS on LVM with --key UUID:file: root /dev/mapper/luks-UUID, centos, /boot on /dev/sda1"
tap_is "$(field "$work/keys.json" "$P/lvm-on-luks.img" '[.operating_systems[] | .root, .distro, .mountpoints["/boot"]] | join(" ")')" \
  "/dev/ubuntu-vg/ubuntu-lv ubuntu /dev/sda1" \
  "LVM on LUKS with --keys-from-stdin: root /dev/ubuntu-vg/ubuntu-lv, ubuntu, /boot on /dev/sda1"
tap_ok grep -q 'cryptsetup_open "/dev/sd.2" "\*\*\*"' "$work/keys.err" \
  -- "-x traced the LUKS open with its key hidden"
tap_fails grep -rqF -- "$PASS" "$work/keys.json" "$work/keys.err" "$XDG_CACHE_HOME" \
  -- "the passphrase is in neither the report, the -v -x output nor the cache"
tap_is "$(find "$XDG_CACHE_HOME/guestlift" -path '*inspect*' -type f | wc -l)" 1 \
  "a run with keys stores nothing in the cache (arch.img's entry only)"

# --- convert and launch with keys (LUKS on LVM) ---------------------------------
INNER_ROOT_UUID=7ce26b67-6eb0-4e44-8a4b-d883233a49db   # the ext4 inside $ROOT_UUID
src_sum=$(sha256sum < "$P/luks-on-lvm.img")
mkdir "$work/out"
"$GUESTLIFT" convert --to kvm -o "$work/out" -v -x \
  --key "$ROOT_UUID:file:$work/key" --key "all:key:$PASS" \
  "$P/luks-on-lvm.img" > "$work/conv.out" 2> "$work/conv.err"
rc=$?
[ "$rc" = 0 ] || tap_diag "convert: $(grep '^guestlift:' "$work/conv.err" | tail -3)"
tap_is "$rc" 0 "convert --key, LUKS on LVM: converted (exit 0)"
name=$(basename "$(sed -n 's/\.xml$//p' "$work/conv.out")")
tap_ok test -s "$work/out/$name-sda.qcow2" -a -s "$work/out/$name.xml" \
  -a -s "$work/out/$name-vmlinuz" -- "convert --key: the disk copy, the XML and the exported kernel"
tap_ok grep -q 'cryptsetup_open "/dev/cs/root" "\*\*\*" "luks-'"$ROOT_UUID"'" "readonly:false"' \
  "$work/conv.err" -- "convert --key: the copy's LUKS device opened read-write, the key hidden in -x"
tap_ok grep -q 'trace: mount "/dev/mapper/luks-'"$ROOT_UUID"'" "/"' "$work/conv.err" \
  -- "convert --key: the copy's root mounted read-write from inside LUKS"
tap_is "$(sha256sum < "$P/luks-on-lvm.img")" "$src_sum" "convert --key: the source image is unchanged"
tap_fails grep -rqaF -- "$PASS" "$work/conv.out" "$work/conv.err" "$work/out" "$XDG_CACHE_HOME" \
  -- "convert --key: the passphrase is in neither the outputs (disk included), -v -x output nor the cache"

printf '%s\n' "$PASS" | "$GUESTLIFT" launch --keys-from-stdin --snapshot \
  --wait-for 'never-printed-4711' --timeout 10 "$work/out/$name-sda.qcow2" \
  > "$work/launch.out" 2> "$work/launch.err"
entry=$(dirname "$(find "$XDG_CACHE_HOME/guestlift/kernels" -name vmlinuz | head -1)")
tap_ok cmp "$entry/vmlinuz" "$work/out/$name-vmlinuz" \
  -- "launch --keys-from-stdin: the kernel cached from the encrypted copy is the one convert exported"
tap_ok cmp "$entry/initrd" "$work/out/$name-initrd" -- "... and so is the initrd"
tap_ok grep -qx "uuid=$INNER_ROOT_UUID" "$entry/root" \
  -- "launch --keys-from-stdin: the root's UUID is the filesystem's inside LUKS"
tap_fails grep -rqaF -- "$PASS" "$work/launch.out" "$work/launch.err" "$XDG_CACHE_HOME" \
  -- "launch: the passphrase is in neither its output nor the cache"

# --- a batch-mate's VG named like a VG inside LUKS ---------------------------
# vg-clash.img (made here, one guestfish session) holds a VG named
# vg_nest_inner, like the VG inside lvm-luks-lvm.img's LUKS: in one
# appliance LVM refuses the name it sees twice, so lvm-luks-lvm.img is
# inspected again alone and keeps its alone answer (parity.sh compares
# that one with virt-inspector).
truncate -s 64M "$work/vg-clash.img"
LIBGUESTFS_BACKEND_SETTINGS=${LIBGUESTFS_BACKEND_SETTINGS:-force_tcg} \
  guestfish -a "$work/vg-clash.img" > "$work/clash-gf.out" 2>&1 <<'EOF2'
run
part-disk /dev/sda mbr
pvcreate /dev/sda1
vgcreate vg_nest_inner /dev/sda1
lvcreate-free root vg_nest_inner 100
mkfs ext4 /dev/vg_nest_inner/root
EOF2
tap_is "$?" 0 "vg-clash.img made (a VG vg_nest_inner, no OS)"
GUESTLIFT_DEBUG=1 "$GUESTLIFT" inspect --no-cache --appliance --format json \
  --key "all:file:$work/key" "$work/vg-clash.img" "$P/lvm-luks-lvm.img" \
  > "$work/clash.json" 2> "$work/clash.err"
tap_is "$(field "$work/clash.json" "$P/lvm-luks-lvm.img" \
  '[.operating_systems[] | .root + " " + .distro] | join(" ")')" \
  "/dev/vg_nest_inner/root ubuntu" \
  "VG name clash in a batch: lvm-luks-lvm.img keeps its alone answer (root /dev/vg_nest_inner/root, ubuntu)"
tap_ok grep -q "lvm-luks-lvm.img: md members or a VG name shared with other guests of the batch: inspected again alone" \
  "$work/clash.err" -- "... because it was inspected again in an appliance of its own (-v says so)"
tap_is "$(field "$work/clash.json" "$work/vg-clash.img" '.error')" "no operating system found" \
  "VG name clash in a batch: vg-clash.img has no OS"

# --- usage errors ------------------------------------------------------------
"$GUESTLIFT" inspect --key "no-colon-$WRONG" "$P/arch.img" > /dev/null 2> "$work/u1.err"
tap_is "$?" 2 "--key without ID:method: usage error"
"$GUESTLIFT" audit --key "/dev/sda2:bogus:$WRONG" "$P/arch.img" > /dev/null 2> "$work/u2.err"
tap_is "$?" 2 "--key ID:bogus:...: usage error"
"$GUESTLIFT" convert --to kvm --dry-run --key "no-colon-$WRONG" "$P/arch.img" > /dev/null 2> "$work/u4.err"
tap_is "$?" 2 "convert --key without ID:method: usage error"
"$GUESTLIFT" launch --dry-run --key "/dev/sda2:bogus:$WRONG" "$P/arch.img" > /dev/null 2> "$work/u5.err"
tap_is "$?" 2 "launch --key ID:bogus:...: usage error"
tap_fails grep -qF -- "$WRONG" "$work/u1.err" "$work/u2.err" "$work/u4.err" "$work/u5.err" \
  -- "the messages about bad selectors do not repeat the key"
printf '%s\n' "$P/arch.img" | "$GUESTLIFT" audit --keys-from-stdin --from - > /dev/null 2> "$work/u3.err"
tap_is "$?" 2 "audit --keys-from-stdin with --from -: usage error (one standard input)"

tap_done
