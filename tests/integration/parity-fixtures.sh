#!/bin/bash
# tests/integration/parity-fixtures.sh: the parity fixture images
# (tests/fixtures/build-parity.sh) are what their MANIFEST says, checked
# with host tools only (sfdisk, blkid, mdadm --examine, cryptsetup
# luksDump, debugfs); no appliance is launched here.
. "${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/lib.sh"
require_parity_fixtures
require_prog sfdisk blkid

MiB=1048576
work=$(mktemp -d "${TMPDIR:-/tmp}/gl-parity-fx.XXXXXX")
trap 'rm -rf "$work"' EXIT

# Every image of GUESTS is listed in MANIFEST, exists, is small and sparse.
grep -v '^#' "$PARITY/GUESTS" | cut -f2 | tr ' ' '\n' | grep . > "$work/images"
tap_ok test -s "$work/images" -- "GUESTS names images"
while read -r i; do
  tap_ok grep -q "^$i	raw	" "$PARITY/MANIFEST" -- "$i is in MANIFEST"
  size=$(stat -c %s "$PARITY/$i" 2>/dev/null || echo 0)
  used=$(( $(stat -c %b "$PARITY/$i" 2>/dev/null || echo 0) * 512 ))
  tap_ok test "$size" -gt 0 -a "$size" -le $((512 * MiB)) -a "$used" -lt $((64 * MiB)) \
    -- "$i: at most 512 MiB, sparse ($((used / MiB)) MiB used)"
done < "$work/images"

# start IMAGE N: the byte offset of partition N.
start () {
  sfdisk -d "$PARITY/$1" 2>/dev/null |
    sed -n "s|^$PARITY/$1$2 : start= *\([0-9]*\).*|\1|p" | awk '{ print $1 * 512 }'
}
# part IMAGE N OUT: partition N copied out (sparse) to OUT.
part () {
  local size
  size=$(sfdisk -d "$PARITY/$1" 2>/dev/null |
           sed -n "s|^$PARITY/$1$2 : start=.*size= *\([0-9]*\).*|\1|p")
  dd if="$PARITY/$1" of="$3" bs=512 skip=$(( $(start "$1" "$2") / 512 )) count="$size" \
     conv=sparse status=none
}
fstype () { blkid -p -o value -s TYPE -O "$(start "$1" "$2")" "$PARITY/$1"; }
fsuuid () { blkid -p -o value -s UUID -O "$(start "$1" "$2")" "$PARITY/$1"; }

# --- partition tables and what sits on them
tap_is "$(sfdisk -d "$PARITY/coreos.img" | sed -n 's/.*name="\([^"]*\)".*/\1/p' | paste -sd,)" \
  EFI-SYSTEM,BIOS-BOOT,USR-A,USR-B,ROOT-C,OEM,OEM-CONFIG,ROOT "coreos.img: CoreOS's GPT partition names"
tap_ok sh -c "sfdisk -d '$PARITY/coreos.img' | grep -q '^$PARITY/coreos.img9 : .*name=\"ROOT\"'" -- "coreos.img: ROOT is partition 9"
tap_is "$(fstype coreos.img 3)/$(fstype coreos.img 9)" ext4/ext4 "coreos.img: USR-A and ROOT are ext4"
tap_is "$(fstype debian5.img 1)/$(fstype debian5.img 5)" ext3/swap "debian5.img: ext3 root, swap on the logical p5"
tap_is "$(fstype mdpart.img 1)/$(fstype mdpart.img 2)/$(fstype lvm-luks-lvm.img 2)" \
  linux_raid_member/linux_raid_member/LVM2_member "mdpart.img: two md members; lvm-luks-lvm.img p2: the outer PV"
tap_is "$(fstype md1disk.img 1)/$(fstype md1disk.img 2)/$(fstype md1disk.img 3)" \
  linux_raid_member/linux_raid_member/swap "md1disk.img: two md members and a swap partition"
tap_is "$(fstype luks-on-lvm.img 2)" LVM2_member "luks-on-lvm.img: p2 is an LVM PV"
tap_is "$(fstype lvm-on-luks.img 2)/$(fsuuid lvm-on-luks.img 2)" crypto_LUKS/5aa0594e-f745-4417-aeb9-4ff808a1e9f6 \
  "lvm-on-luks.img: p2 is LUKS with the UUID crypttab names"
for img in distros-el.img distros-misc.img distros-deb.img; do
  n=$(grep -c . < <(sfdisk -d "$PARITY/$img" | grep "^$PARITY/$img"))
  types=$(for ((k = 1; k <= n; k++)); do fstype "$img" $k; done | sort -u | paste -sd,)
  tap_is "$types" ext4 "$img: $n ext4 roots"
done
if grep -q '^windows.img	' "$PARITY/MANIFEST"; then
  tap_is "$(sfdisk -d "$PARITY/windows.img" | sed -n 's/^label-id: //p')" 0x7e1c0dea \
    "windows.img: the MBR disk signature the registry's MountedDevices names"
  tap_is "$(fstype windows.img 1)/$(fstype windows.img 2)" ntfs/ntfs "windows.img: two NTFS partitions"
fi

# --- md superblocks: metadata versions and the UUIDs mdadm.conf names
if command -v mdadm >/dev/null 2>&1; then
  part md2-a.img 1 "$work/p"
  tap_ok sh -c "mdadm --examine '$work/p' | grep -q 'Version : 0.90'" -- "md2-a.img p1: md metadata 0.90"
  tap_ok sh -c "mdadm --examine '$work/p' | grep -q 'UUID : 9941eec8:c005a752:3112c57c:10e20de4'" -- "md2-a.img p1: the md0 UUID of mdadm.conf"
  part md2-b.img 2 "$work/p"
  tap_ok sh -c "mdadm --examine '$work/p' | grep -q 'Version : 1.2'" -- "md2-b.img p2: md metadata 1.2"
  tap_ok sh -c "mdadm --examine '$work/p' | grep -q 'Name : md2disk:1'" -- "md2-b.img p2: array name md2disk:1"
  tap_ok sh -c "mdadm --examine '$work/p' | grep -q 'State : clean'" -- "md2-b.img p2: clean (a lone half can start degraded)"
  part mdpart.img 1 "$work/p"
  tap_ok sh -c "mdadm --examine '$work/p' | grep -q 'Array UUID : 5a1d7c3e:92b4f6a0:c8e2d514:7f3b9a62'" -- "mdpart.img p1: the array UUID of mdadm.conf"
  part md1disk.img 2 "$work/p"
  tap_ok sh -c "mdadm --examine '$work/p' | grep -q 'Array UUID : 46ec4084:c5d85b5c:5bb8bc4d:86801683'" -- "md1disk.img p2: the array UUID of mdadm.conf"
  rm -f "$work/p"
else
  tap_skip "md superblocks" "mdadm is not installed"
fi

# --- LUKS: cheap key derivation, the UUIDs fstab and crypttab name
if command -v cryptsetup >/dev/null 2>&1; then
  dd if="$PARITY/lvm-on-luks.img" of="$work/hdr" bs=$MiB skip=$(( $(start lvm-on-luks.img 2) / MiB )) \
     count=16 conv=sparse status=none
  cryptsetup luksDump "$work/hdr" > "$work/dump" 2>&1
  tap_ok grep -q 'PBKDF:[[:space:]]*pbkdf2' "$work/dump" -- "lvm-on-luks.img: PBKDF2 key derivation"
  tap_ok grep -q 'Iterations:[[:space:]]*1000$' "$work/dump" -- "lvm-on-luks.img: 1000 iterations (opening is cheap under TCG)"
  tap_ok grep -q 'UUID:[[:space:]]*5aa0594e-f745-4417-aeb9-4ff808a1e9f6' "$work/dump" -- "lvm-on-luks.img: the LUKS UUID"
else
  tap_skip "LUKS headers" "cryptsetup is not installed"
fi

# --- a few files, read with debugfs
if command -v debugfs >/dev/null 2>&1; then
  gcat () { debugfs -R "cat $3" "$PARITY/$1?offset=$(start "$1" "$2")" 2>/dev/null; }
  gls () { debugfs -R "ls $3" "$PARITY/$1?offset=$(start "$1" "$2")" 2>/dev/null; }
  tap_is "$(gcat debian5.img 1 /etc/debian_version)" 5.0.1 "debian5.img: /etc/debian_version 5.0.1"
  tap_fails sh -c "debugfs -R 'stat /etc/os-release' '$PARITY/debian5.img?offset=$(start debian5.img 1)' 2>/dev/null | grep -q Inode"
  tap_is "$(debugfs -R 'stat /etc/arch-release' "$PARITY/arch.img?offset=$(start arch.img 1)" 2>/dev/null | sed -n 's/.*Size: \([0-9]*\).*/\1/p' | head -n 1)" \
    0 "arch.img: /etc/arch-release is empty"
  tap_ok sh -c "debugfs -R 'ls /var/lib/pacman/local' '$PARITY/arch.img?offset=$(start arch.img 1)' 2>/dev/null | grep -q ALPM_DB_VERSION" -- "arch.img: a pacman database"
  tap_ok sh -c "debugfs -R 'ls /etc/coreos' '$PARITY/coreos.img?offset=$(start coreos.img 9)' 2>/dev/null | grep -q update.conf" -- "coreos.img ROOT: /etc/coreos/update.conf"
  tap_fails sh -c "debugfs -R 'ls /etc' '$PARITY/coreos.img?offset=$(start coreos.img 9)' 2>/dev/null | grep -qw -e fstab -e hosts"
  tap_ok sh -c "debugfs -R 'ls /share/coreos' '$PARITY/coreos.img?offset=$(start coreos.img 3)' 2>/dev/null | grep -q lsb-release" -- "coreos.img USR-A: /share/coreos"
  tap_is "$(gcat coreos-2usr.img 3 /lib/os-release | sed -n 's/^VERSION_ID=//p')/$(gcat coreos-2usr.img 4 /lib/os-release | sed -n 's/^VERSION_ID=//p')" \
    1911.5.0/2345.3.0 "coreos-2usr.img: USR-A holds 1911.5.0, USR-B the higher 2345.3.0"
  tap_is "$(gcat distros-el.img 3 /etc/centos-release)" "CentOS Linux release 7.9.2009 (Core)" "distros-el.img p3: CentOS 7.9"
  tap_is "$(gcat distros-misc.img 6 /etc/conf.d/hostname | sed -n 's/^hostname=//p')" '"gentoo-openrc"' \
    "distros-misc.img p6: Gentoo's hostname only in /etc/conf.d/hostname"
  tap_fails sh -c "debugfs -R 'ls /etc' '$PARITY/distros-misc.img?offset=$(start distros-misc.img 6)' 2>/dev/null | grep -qw hostname"
  tap_is "$(gcat distros-deb.img 1 /etc/lsb-release | sed -n 's/^DISTRIB_RELEASE=//p')" 10.10 "distros-deb.img p1: Ubuntu 10.10's lsb-release"
  # fstab placeholders were all filled in.
  tap_fails sh -c "debugfs -R 'cat /etc/fstab' '$PARITY/distros-el.img?offset=$(start distros-el.img 1)' 2>/dev/null | grep -q @"
else
  tap_skip "guest files" "debugfs is not installed"
fi

# A second build is a no-op: the stamp matches.
tap_ok sh -c "MKKERNEL='$top_builddir/tests/fixtures/mkkernel' bash '$top_srcdir/tests/fixtures/build-parity.sh' '$PARITY' 2>&1 | grep -q 'up to date'" \
  -- "build-parity.sh: a second build is a no-op"

tap_done
