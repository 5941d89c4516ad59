#!/bin/bash
# tests/integration/fixtures.sh: the fixture images exist and are what
# tests/fixtures/MANIFEST says, checked with host tools only (qemu-img,
# sfdisk, blkid, debugfs); no appliance is launched here.
: "${top_srcdir:=$(cd "$(dirname "$0")/../.." && pwd)}"
. "${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/lib.sh"

require_prog qemu-img
require_fixtures

MiB=1048576
manifest=$FIXTURES/MANIFEST

# qemu_field IMAGE FIELD: a top-level string or number from
# "qemu-img info --output=json" (no backing chain is opened).
qemu_field () {
  qemu-img info --output=json "$1" 2>/dev/null |
    sed -n "s/^    \"$2\": \"\{0,1\}\([^\",]*\)\"\{0,1\},\{0,1\}\$/\1/p" | head -n 1
}

# Every image the tests rely on is listed.
for name in rhel5-pv.img rhel5-pv-fork.img rhel5-mixed.img debian-pvops.img xen-named-pvops.img \
            ikconfig-xen.img centos5-i386.img sles11.img two-os.img blank.img \
            noos.img empty.img random.img truncated.qcow2 missing-backing.qcow2 \
            debian-pvops.qcow2 rocky9-bls.img debian-btrfs.img; do
  tap_ok grep -q "^$name	" "$manifest"
done

# Every listed image exists, is small, and probes as the format listed.
grep -v '^#' "$manifest" | while IFS='	' read -r name format what; do
  printf '%s %s\n' "$name" "$format"
done > "${TMPDIR:-/tmp}/fixtures-list.$$"
while read -r name format; do
  f=$FIXTURES/$name
  tap_ok test -f "$f"
  size=$(stat -c %s "$f")
  tap_ok test "$size" -le $((512 * MiB))
  if [ "$name" != empty.img ]; then
    tap_is "$(qemu_field "$f" format)" "$format" "$name: qemu-img probes $format"
    vsize=$(qemu_field "$f" virtual-size)
    tap_ok test "${vsize:-0}" -gt 0 -a "${vsize:-0}" -le $((512 * MiB))
  fi
done < "${TMPDIR:-/tmp}/fixtures-list.$$"
rm -f "${TMPDIR:-/tmp}/fixtures-list.$$"

# Raw images are sparse: far less disk used than their size.
for name in rhel5-pv.img sles11.img two-os.img blank.img rocky9-bls.img rhel5-pv-fork.img; do
  used=$(( $(stat -c %b "$FIXTURES/$name") * $(stat -c %B "$FIXTURES/$name") ))
  tap_ok test "$used" -lt $((64 * MiB))
done

# The bad inputs are bad in the way the MANIFEST says.
tap_is "$(stat -c %s "$FIXTURES/empty.img")" 0 "empty.img is empty"
tap_is "$(stat -c %s "$FIXTURES/random.img")" $MiB "random.img is 1 MiB"
tap_fails cmp -s -n 512 "$FIXTURES/random.img" /dev/zero
# truncated.qcow2: the header still says qcow2, the data is gone.
qemu-img check -f qcow2 "$FIXTURES/truncated.qcow2" >/dev/null 2>&1
tap_is $? 2 "qemu-img check finds corruption in truncated.qcow2 (exit 2)"
# missing-backing.qcow2: the image opens, its backing chain does not.
tap_is "$(qemu_field "$FIXTURES/missing-backing.qcow2" backing-filename)" \
  /nonexistent/base.img "missing-backing.qcow2 names /nonexistent/base.img"
tap_fails qemu-img info --backing-chain "$FIXTURES/missing-backing.qcow2"
tap_fails qemu-img check "$FIXTURES/missing-backing.qcow2"
# blank.img: zeros only.
tap_ok cmp -s -n $((64 * MiB)) "$FIXTURES/blank.img" /dev/zero
# The qcow2 copy holds the same disk as the raw image.
tap_ok qemu-img compare -q -f raw -F qcow2 "$FIXTURES/debian-pvops.img" "$FIXTURES/debian-pvops.qcow2"

# Partition tables (sfdisk reads them from the files).
if command -v sfdisk >/dev/null 2>&1; then
  nparts () { sfdisk -d "$FIXTURES/$1" 2>/dev/null | grep -c '^/\{0,1\}[^ ]*[0-9] : start='; }
  tap_is "$(nparts rhel5-pv.img)" 2 "rhel5-pv.img has 2 partitions"
  tap_ok sh -c "sfdisk -d '$FIXTURES/rhel5-pv.img' | grep -q 'type=8e'"
  tap_is "$(nparts rhel5-mixed.img)" 2 "rhel5-mixed.img has 2 partitions"
  tap_is "$(nparts sles11.img)" 2 "sles11.img has 2 partitions"
  tap_is "$(nparts two-os.img)" 2 "two-os.img has 2 partitions"
  tap_is "$(nparts debian-pvops.img)" 1 "debian-pvops.img has 1 partition"
  tap_is "$(nparts noos.img)" 1 "noos.img has 1 partition"
  tap_fails sh -c "sfdisk -d '$FIXTURES/blank.img' 2>/dev/null | grep -q start="
  tap_ok sh -c "sfdisk -d '$FIXTURES/rocky9-bls.img' | grep -q '^label: gpt'"
  tap_is "$(nparts rocky9-bls.img)" 3 "rocky9-bls.img has 3 GPT partitions"
else
  tap_diag "sfdisk is not installed: partition table checks skipped"
fi

# Filesystem UUIDs and a few files, read from the ext filesystems with
# e2fsprogs (the first partition starts at sector 2048).
if command -v blkid >/dev/null 2>&1; then
  uuid () { blkid -p -o value -s UUID -O "$2" "$FIXTURES/$1"; }
  tap_is "$(uuid debian-pvops.img $MiB)" 5c1e4f6a-1b2c-4d3e-8f9a-0b1c2d3e4f50 \
    "debian-pvops.img root has the UUID its fstab names"
  tap_is "$(uuid two-os.img $MiB)" 5c1e4f6a-1b2c-4d3e-8f9a-0b1c2d3e4f51 \
    "two-os.img p1 has the UUID its fstab names"
  tap_is "$(blkid -p -o value -s LABEL -O $MiB "$FIXTURES/rhel5-pv.img")" /boot \
    "rhel5-pv.img /boot is labelled /boot"
  tap_is "$(blkid -p -o value -s TYPE -O $((206848 * 512)) "$FIXTURES/rhel5-pv.img")" LVM2_member \
    "rhel5-pv.img p2 is an LVM PV"
  tap_is "$(blkid -p -o value -s TYPE -O $((208896 * 512)) "$FIXTURES/rocky9-bls.img")/$(uuid rocky9-bls.img $((208896 * 512)))" \
    xfs/9d2f6a3c-5e41-4b8a-9c07-3f1e2d4c5b6a "rocky9-bls.img p3 is XFS with the UUID its fstab names"
  tap_is "$(uuid rocky9-bls.img $((4096 * 512)))" 4e7b1c2d-8a9f-4d3e-b6c5-1a2b3c4d5e6f \
    "rocky9-bls.img p2 (/boot) has the UUID its fstab names"
fi
if command -v debugfs >/dev/null 2>&1; then
  gcat () { debugfs -R "cat $2" "$FIXTURES/$1?offset=${3:-$MiB}" 2>/dev/null; }
  tap_ok sh -c "debugfs -R 'ls -l /boot' '$FIXTURES/debian-pvops.img?offset=$MiB' 2>/dev/null | grep -q vmlinuz-6.1.0-18-amd64"
  tap_is "$(gcat debian-pvops.img /etc/hostname)" debian-pvops "debian-pvops hostname"
  tap_is "$(gcat two-os.img /etc/sysconfig/network $((264192 * 512)) | sed -n 's/^HOSTNAME=//p')" \
    "\"evil<&'\\\">host\"" "two-os.img RHEL root has the hostile hostname (shell-quoted)"
  tap_ok sh -c "debugfs -R 'ls /boot' '$FIXTURES/ikconfig-xen.img?offset=$MiB' 2>/dev/null | grep -q vmlinuz-2.6.18-nocfg.el5xen"
  tap_fails sh -c "debugfs -R 'ls /boot' '$FIXTURES/ikconfig-xen.img?offset=$MiB' 2>/dev/null | grep -q config-"
  tap_is "$(gcat noos.img /data/readme.txt | head -c 9)" "This disk" "noos.img holds /data/readme.txt"
fi

# A second build is a no-op: the stamp matches.
tap_ok sh -c "MKKERNEL='$top_builddir/tests/fixtures/mkkernel' bash '$top_srcdir/tests/fixtures/build-fixtures.sh' '$FIXTURES' 2>&1 | grep -q 'up to date'"

tap_done
