#!/bin/bash
# common/hostio/lvm-meta against LVM2 itself: a PV made by pvcreate,
# vgcreate and lvcreate (activation off: no device-mapper needed) on a
# loop device over a file, then read from the file by
# tests/unit/lvm-dump and compared with what vgs/pvs/lvs report: the VG,
# the PV's pe_start, every LV's segments (a linear LV extended into two
# segments, a hidden LV, a snapshot), and each linear LV's bytes read
# through the segment map against the same bytes cut out of the file
# where lvs says they are.  Skipped where root, losetup or the lvm tools
# are missing or a loop device cannot be set up.
. "${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/lib.sh"

[ "$(id -u)" = 0 ] || tap_skip_all "needs root (losetup)"
require_prog losetup pvcreate vgcreate lvcreate lvs pvs vgs vgremove pvremove sha256sum
dump=$top_builddir/tests/unit/lvm-dump
[ -x "$dump" ] || tap_bail "$dump is not built"

export LVM_SUPPRESS_FD_WARNINGS=1
work=$(mktemp -d /tmp/test-lvm-real.XXXXXX) || tap_bail "mktemp"
img=$work/pv.img
vg=gltest$$
loop=
cfg='global { activation = 0 } devices { obtain_device_list_from_udev = 0 }'
cleanup () {
  if [ -n "$loop" ]; then
    vgremove --config "$cfg" -q -f "$vg" >/dev/null 2>&1
    pvremove --config "$cfg" -q -ff -y "$loop" >/dev/null 2>&1
    losetup -d "$loop" 2>/dev/null
  fi
  rm -rf "$work"
}
trap cleanup EXIT

truncate -s 64M "$img"
loop=$(losetup -f --show "$img" 2>/dev/null) || { loop=; tap_skip_all "no loop device here"; }
lvm_do () { "$@" --config "$cfg" -q >"$work/lvm.log" 2>&1; }
lvm_do pvcreate "$loop" && lvm_do vgcreate -s 4M "$vg" "$loop" ||
  tap_skip_all "pvcreate/vgcreate fail here: $(head -1 "$work/lvm.log")"
lvm_do lvcreate -an -Zn -Wn -L 8M -n lvone "$vg" &&
  lvm_do lvcreate -an -Zn -Wn -L 12M -n lvtwo "$vg" &&
  lvm_do lvextend -L 16M "$vg/lvone" ||
  tap_skip_all "lvcreate fails here: $(head -1 "$work/lvm.log")"
snap=yes
lvm_do lvcreate -an -s -L 4M -n snap "$vg/lvtwo" ||
  { snap=no; tap_diag "lvcreate -s: $(grep -v WARNING "$work/lvm.log" | head -1)"; }

# Random bytes in the data area (after pe_start), where the LVs live.
pe_start=$(pvs --config "$cfg" --noheadings --units b --nosuffix -o pe_start "$loop" 2>/dev/null | tr -d ' ')
dd if=/dev/urandom of="$img" bs=1M seek=$((pe_start / 1048576)) count=32 conv=notrunc status=none

out=$("$dump" "$img" 2>"$work/dump.err")
tap_result $? "lvm-dump reads the PV"
[ -s "$work/dump.err" ] && tap_diag "$(cat "$work/dump.err")"
tap_diag "$out"

want=$(vgs --config "$cfg" --noheadings --units b --nosuffix -o vg_name,vg_seqno,vg_extent_size "$vg" 2>/dev/null | awk '{print "vg", $1, $2, $3}')
tap_is "$(grep '^vg ' <<<"$out")" "$want" "VG name, seqno, extent size"
want=$(pvs --config "$cfg" --noheadings --units b --nosuffix -o pv_uuid,pe_start,pv_pe_count "$loop" 2>/dev/null | awk '{gsub("-", "", $1); print "pv", $1, $2, $3}')
tap_is "$(grep '^pv ' <<<"$out")" "$want" "PV UUID, pe_start, pe_count"

# lvs -a: every LV, hidden ones in [brackets]; segments of linear ones.
lvs_out=$(lvs --config "$cfg" -a --noheadings --separator '|' \
  -o lv_name,segtype,seg_start_pe,seg_size_pe,seg_pe_ranges "$vg" 2>/dev/null | tr -d ' ')
tap_diag "$lvs_out"
want=$(awk -F'|' '{ n = $1; vis = 1; if (n ~ /^\[/) { vis = 0; gsub(/[][]/, "", n) }
                    if (!(n in seen)) { seen[n] = 1; order[++k] = n; v[n] = vis; lin[n] = 1 }
                    if ($2 != "linear") lin[n] = 0 }
                  END { for (i = 1; i <= k; i++) print "lv", order[i], v[order[i]], lin[order[i]] }' <<<"$lvs_out" | sort)
tap_is "$(grep '^lv ' <<<"$out" | sort)" "$want" "every LV: visible, linear"
want=$(awk -F'|' '$2 == "linear" { n = $1; gsub(/[][]/, "", n); split($5, r, ":"); split(r[2], e, "-");
                                    print "seg", n, $3, $4, e[1] }' <<<"$lvs_out" | sort)
tap_is "$(grep '^seg ' <<<"$out" | sort)" "$want" "linear LVs' segments (LV extent, count, PV extent)"
tap_ok grep -q '^seg lvone 2 2 ' <<<"$out" -- "lvone extended: a second segment"
if [ $snap = yes ]; then
  tap_ok grep -q '^lv snap 1 0$' <<<"$out" -- "a snapshot: visible, not linear"
else
  tap_skip "a snapshot" "lvcreate -s fails here"
fi

# Each linear LV's bytes where lvs says they are, against the map's.
ext=$(vgs --config "$cfg" --noheadings --units b --nosuffix -o vg_extent_size "$vg" 2>/dev/null | tr -d ' ')
for lv in $(awk -F'|' '$2 == "linear" { n = $1; gsub(/[][]/, "", n); print n }' <<<"$lvs_out" | sort -u); do
  want=$(awk -F'|' -v lv="$lv" '{ n = $1; gsub(/[][]/, "", n) } n == lv && $2 == "linear" {
           split($5, r, ":"); split(r[2], e, "-"); print $3, e[1], $4 }' <<<"$lvs_out" | sort -n |
         while read -r start pvext count; do
           dd if="$img" bs=1M iflag=skip_bytes,count_bytes skip=$(( pe_start + pvext * ext )) \
              count=$(( count * ext )) status=none
         done | sha256sum | cut -d' ' -f1)
  tap_is "$(awk -v lv="$lv" '$1 == "sha" && $2 == lv { print $3 }' <<<"$out")" "$want" \
    "$lv: the bytes read through the map are the bytes lvs places there"
done
tap_done
