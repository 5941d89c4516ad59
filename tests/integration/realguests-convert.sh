#!/bin/bash
# tests/integration/realguests-convert.sh: the real Debian 12 Xen guests
# (tests/fixtures/build-realguests.sh) converted to KVM with their own xl
# configs, then booted AS THEIR XML SAYS by `guestlift launch OUT.xml
# --snapshot --wait-for login:` (qemu TCG: the XML's memory, its
# <kernel>/<initrd>/<cmdline> when it has them, else SeaBIOS from its
# first disk; its disks in order, virtio, their format; --dry-run shows
# that command):
#   bookworm-xt (bare filesystem xvda2 + swap xvda1, no boot code): the map
#     xvda2 -> vda, xvda1 -> vdb in menu.lst and fstab, direct kernel boot,
#     reaches login:;
#   bookworm-mbr (grub-pc in its MBR): BIOS boot, reaches login:;
#   bookworm-xt-badroot (root=/dev/xvdz9): convert warns, and the boot
#     fails (no login:): launch stops at the initramfs shell and says so.
# Each convert is one run (one inspection, one appliance session); the
# sources are never written (sha256 before and after).
. "${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/lib.sh"

require_prog qemu-system-x86_64 qemu-img virt-xml-validate xmllint debugfs sfdisk pgrep sha256sum jq
require_realguests

R=$REALGUESTS
A=bookworm-xt B=bookworm-mbr D=bookworm-xt-badroot
adisk=$R/domains/$A/disk.img aswap=$R/domains/$A/swap.img
bdisk=$R/domains/$B/disk.img
ddisk=$R/domains/$D/disk.img dswap=$R/domains/$D/swap.img

t=$(mktemp -d "${TMPDIR:-/tmp}/realguests-convert.XXXXXX")
trap 'rm -rf "$t"' EXIT

sources_record "$adisk" "$aswap" "$bdisk"
dstat () { stat -c '%n %Y %s' "$ddisk" "$dswap"; }
dstat_before=$(dstat)

xp () { xmllint --xpath "$2" "$1" 2>/dev/null; }
efs () { debugfs -R "$2" "$1" 2>/dev/null; }
kernel_lines () { grep -E '^[[:space:]]*(kernel|linux)[[:space:]]' "$1"; }
all_match () { [ -s "$1" ] && ! grep -Evq -e "$2" "$1"; }

# boot XML LOG SECONDS [LAUNCH-OPTIONS...]: guestlift launch boots the
# domain as its XML says, until login: (a failed boot stops it early).
LOGIN='(^|[^a-z])login: '
boot () {
  local xml=$1 log=$2 secs=$3; shift 3
  "$GUESTLIFT" launch "$xml" --snapshot --wait-for "$LOGIN" --timeout "$secs" \
    --serial-log "$log" "$@" > /dev/null 2> "$log.err"
  local rc=$?
  tap_diag "$(tail -n 2 "$log.err" | cut -c1-400)"
  return $rc
}

# raw_of QCOW2: a raw (sparse) copy in $t that debugfs can read.
raw_of () { local r=$t/$(basename "$1" .qcow2).raw; qemu-img convert -O raw "$1" "$r" && echo "$r"; }

# --- A: the cfg's disks, and the map shown by --dry-run ------------------------
# A cfg disk without its IMAGE is refused before any work, naming it.
"$GUESTLIFT" convert --to kvm --dry-run --source-config "$R/$A.cfg" -o "$t" "$adisk" \
  > /dev/null 2> "$t/a-missing.err"
tap_is "$?" 1 "$A with disk.img only: refused (exit 1)"
tap_ok grep -q "disk xvda1 ($aswap) is not among the IMAGEs: .*--drop-disk xvda1" "$t/a-missing.err" \
  -- "$A with disk.img only: names the cfg's disk left out, and --drop-disk"
# No IMAGE: the cfg's disks, in its order.
"$GUESTLIFT" convert --to kvm --dry-run --source-config "$R/$A.cfg" -o "$t" \
  > "$t/a-dry.out" 2> "$t/a-dry.err"
tap_is "$?" 0 "$A --dry-run, disks from the cfg: exit 0"
tap_ok grep -Eq "^  /dev/xvda2 -> /dev/vda  $adisk\$" "$t/a-dry.out" -- "$A --dry-run: shows xvda2 -> vda (disk.img)"
tap_ok grep -Eq "^  /dev/xvda1 -> /dev/vdb  $aswap\$" "$t/a-dry.out" -- "$A --dry-run: shows xvda1 -> vdb (swap.img)"
tap_ok grep -q '^Boot: direct kernel boot: the boot disk .* has no boot code (sector 0 is zeros)' "$t/a-dry.out" -- "$A --dry-run: says it boots the kernel directly, and why"
tap_ok grep -q "^  $t/$A-vmlinuz\$" "$t/a-dry.out" -- "$A --dry-run: lists the exported kernel among the outputs"
tap_is "$(ls "$t" | grep -c "^$A")" 0 "$A --dry-run: nothing written"

# --- A unconverted: launch boots the guest's own entry; the cache serves it ---
"$GUESTLIFT" launch --dry-run "$adisk" "$aswap" > "$t/a-own.cmd" 2> "$t/a-own.err"
tap_is "$?" 0 "$A: launch --dry-run disk.img swap.img: exit 0"
tap_ok grep -Eq "^# kernel 6\.[^ ]+ \(/boot/vmlinuz-6\.[^)]+\) of $adisk; command line: the guest's default boot entry \(/boot/grub/menu.lst\) with console=ttyS0\$" "$t/a-own.cmd" \
  -- "$A: the comment names the kernel and says the command line is the guest's own entry's"
tap_ok grep -q " -append 'root=/dev/xvda2 ro .*console=ttyS0' " "$t/a-own.cmd" -- "$A: -append is menu.lst's (root=/dev/xvda2), console added"
# The same again with an appliance that cannot start: only the cache
# (one guest over two disks) can answer.
LIBGUESTFS_BACKEND=no-such-backend "$GUESTLIFT" launch --dry-run "$adisk" "$aswap" > "$t/a-own2.cmd" 2> "$t/a-own2.err"
tap_is "$?" 0 "$A: a second launch --dry-run of both disks starts no appliance (served from the inspection cache)"
# (The VM's name carries launch's pid: two launches never clash.)
nopid () { sed 's/ -name guestlift-[^ ]*-[0-9]* / -name NAME /' "$1"; }
tap_is "$(nopid "$t/a-own2.cmd")" "$(nopid "$t/a-own.cmd")" "$A: ... and prints the same"

# --- A: convert, the edits, the XML, the boot ---------------------------------
out=$t/a
mkdir "$out"
"$GUESTLIFT" convert --to kvm --source-config "$R/$A.cfg" -o "$out" "$adisk" "$aswap" > "$t/a.out" 2> "$t/a.err"
rc=$?
tap_is "$rc" 0 "$A -> kvm: exit 0"
[ "$rc" = 0 ] || sed 's/^/# /' "$t/a.err"
tap_ok grep -q '^guestlift: boot: direct kernel boot: the boot disk .* has no boot code' "$t/a.err" -- "$A -> kvm: says it boots the kernel directly"
xml=$out/$A.xml
tap_ok virt-xml-validate "$xml" domain -- "$A: the XML validates"
tap_is "$(xp "$xml" 'string(/domain/os/kernel)')" "$out/$A-vmlinuz" "$A: <kernel> is the exported kernel"
tap_is "$(xp "$xml" 'string(/domain/os/initrd)')" "$out/$A-initrd" "$A: <initrd> is the exported initrd"
tap_ok test -s "$out/$A-vmlinuz" -a -s "$out/$A-initrd" -- "$A: kernel and initrd exported beside the disks"
cmdline=$(xp "$xml" 'string(/domain/os/cmdline)')
tap_ok grep -Eq '(^| )root=/dev/vda( |$)' <<< "$cmdline" -- "$A: <cmdline> says root=/dev/vda ($cmdline)"
tap_fails grep -q xvd <<< "$cmdline"
tap_is "$(xp "$xml" 'count(/domain/os/boot)')" 0 "$A: no <boot dev=\"hd\"/> (sector 0 cannot boot)"
tap_is "$(xp "$xml" 'string(/domain/devices/disk[1]/source/@file)') $(xp "$xml" 'string(/domain/devices/disk[1]/target/@dev)')" \
  "$out/$A-sda.qcow2 vda" "$A: disk.img is the first disk, vda"
tap_is "$(xp "$xml" 'string(/domain/devices/disk[2]/source/@file)') $(xp "$xml" 'string(/domain/devices/disk[2]/target/@dev)')" \
  "$out/$A-sdb.qcow2 vdb" "$A: swap.img is the second disk, vdb"
tap_is "$(xp "$xml" 'concat(/domain/on_poweroff, " ", /domain/on_reboot, " ", /domain/on_crash)')" \
  "destroy restart restart" "$A: on_poweroff, on_reboot, on_crash carried over from the cfg"
araw=$(raw_of "$out/$A-sda.qcow2")
efs "$araw" 'cat /boot/grub/menu.lst' > "$t/a-menu.lst"
kernel_lines "$t/a-menu.lst" > "$t/a-kernels"
tap_ok all_match "$t/a-kernels" ' root=/dev/vda ro( |$)' -- "$A: every menu.lst entry says root=/dev/vda"
tap_fails grep -Eq 'xvd|/dev/vda[0-9]' "$t/a-kernels"
efs "$araw" 'cat /etc/fstab' > "$t/a-fstab"
tap_ok grep -Eq '^/dev/vda[[:space:]]+/[[:space:]]+ext4[[:space:]]' "$t/a-fstab" -- "$A: fstab mounts /dev/vda on /"
tap_ok grep -Eq '^/dev/vdb[[:space:]]+none[[:space:]]+swap[[:space:]]' "$t/a-fstab" -- "$A: fstab swaps on /dev/vdb"
tap_fails grep -Eq '/dev/(xvd|vda[0-9]|vdb[0-9])' "$t/a-fstab"
rm -f "$araw"

# What launch runs for the XML: its kernel, initrd, cmdline, memory, disks.
"$GUESTLIFT" launch --dry-run "$xml" --snapshot > "$t/a-launch.cmd" 2> "$t/a-launch.err"
tap_is "$?" 0 "$A: launch --dry-run OUT.xml: exit 0"
tap_ok grep -q "^# $xml: direct kernel boot as its XML says: <kernel> $out/$A-vmlinuz, <initrd> $out/$A-initrd, <cmdline> \"$cmdline\"\$" "$t/a-launch.cmd" \
  -- "$A: launch --dry-run says it boots the XML's kernel, initrd and cmdline"
tap_ok grep -qF " -m $(xp "$xml" 'string(/domain/memory)') -smp 1 -kernel $out/$A-vmlinuz -initrd $out/$A-initrd -append '$cmdline' " "$t/a-launch.cmd" \
  -- "$A: ... with the XML's memory, kernel, initrd and cmdline"
tap_ok grep -q "\"filename\":\"$out/$A-sda.qcow2\"}.*,id=disk0' -device virtio-blk-pci,drive=disk0 .*\"filename\":\"$out/$A-sdb.qcow2\"}.*,id=disk1' -device virtio-blk-pci,drive=disk1 -snapshot " "$t/a-launch.cmd" \
  -- "$A: ... and the XML's disks in order, virtio, under -snapshot"
boot "$xml" "$t/a-serial.log" 600
tap_is $? 0 "$A: launch OUT.xml boots it as its XML says: it reaches login: under TCG"
tap_fails grep -aqE 'ALERT!|emergency mode|Kernel panic|Dependency failed' "$t/a-serial.log"

# --- B: grub in the MBR: BIOS boot ----------------------------------------------
out=$t/b
mkdir "$out"
"$GUESTLIFT" convert --to kvm --source-config "$R/$B.cfg" -o "$out" "$bdisk" > "$t/b.out" 2> "$t/b.err"
rc=$?
tap_is "$rc" 0 "$B -> kvm: exit 0"
[ "$rc" = 0 ] || sed 's/^/# /' "$t/b.err"
xml=$out/$B.xml
tap_ok virt-xml-validate "$xml" domain -- "$B: the XML validates"
tap_ok grep -q '^guestlift: boot: BIOS runs the boot disk' "$t/b.err" -- "$B -> kvm: says BIOS boots the disk's boot code"
tap_is "$(xp "$xml" 'count(/domain/os/boot[@dev="hd"])') $(xp "$xml" 'count(/domain/os/kernel)')" "1 0" \
  "$B: <boot dev=\"hd\"/>, no <kernel>"
braw=$(raw_of "$out/$B-sda.qcow2")
p1=$(( $(sfdisk -q -d "$braw" | sed -n 's/.*\.raw1 : start= *\([0-9]*\),.*/\1/p') * 512 ))
efs "$braw?offset=$p1" 'cat /boot/grub/grub.cfg' > "$t/b-grub.cfg"
kernel_lines "$t/b-grub.cfg" > "$t/b-kernels"
tap_ok all_match "$t/b-kernels" ' root=/dev/vda1 ro( |.*console=ttyS0)' -- "$B: every grub.cfg entry says root=/dev/vda1 and console=ttyS0"
efs "$braw?offset=$p1" 'cat /etc/fstab' > "$t/b-fstab"
tap_ok grep -Eq '^/dev/vda1[[:space:]]+/[[:space:]]' "$t/b-fstab" -- "$B: fstab mounts /dev/vda1 on /"
tap_ok grep -Eq '^/dev/vda2[[:space:]]+none[[:space:]]+swap' "$t/b-fstab" -- "$B: fstab swaps on /dev/vda2"
rm -f "$braw"
"$GUESTLIFT" launch --dry-run "$xml" --snapshot > "$t/b-launch.cmd" 2> "$t/b-launch.err"
tap_ok grep -q "^# $xml: BIOS boot as its XML says: the boot code of disk 1 ($out/$B-sda.qcow2)\$" "$t/b-launch.cmd" \
  -- "$B: launch --dry-run says BIOS boots the first disk's boot code"
tap_ok grep -q "id=disk0' -device virtio-blk-pci,drive=disk0,bootindex=1 " "$t/b-launch.cmd" -- "$B: ... the first disk is the boot disk"
tap_fails grep -q -- ' -kernel ' "$t/b-launch.cmd"
boot "$xml" "$t/b-serial.log" 900
tap_is $? 0 "$B: launch OUT.xml boots it as its XML says (SeaBIOS, its MBR, grub): it reaches login: under TCG"
tap_ok grep -aq 'GNU GRUB' "$t/b-serial.log" -- "$B: grub drew its menu on the way"

# --- D: inspection says it: the device map, and a blocker naming the device ---
"$GUESTLIFT" inspect --no-cache --one-guest --format json "$ddisk" "$dswap" > "$t/d-inspect.json" 2> "$t/d-inspect.err"
tap_is "$?" 3 "$D: inspect exits 3 (a KVM blocker)"
dos='.images[0].operating_systems[0]'
tap_is "$(jq -c "$dos.device_map" "$t/d-inspect.json")" '{"/dev/xvda":"/dev/vda","/dev/xvdb":"/dev/vdb"}' \
  "$D: the report shows the device map, disk by disk"
tap_is "$(jq -r "$dos.kvm.bootable" "$t/d-inspect.json")" false "$D: not bootable"
tap_is "$(jq -c "[$dos.kernels[].vmlinuz]" "$t/d-inspect.json")" '["/boot/vmlinuz-'"$(cat "$R/KERNEL")"'"]' \
  "$D: one kernel: menu.lst's /vmlinuz symlink is the kernel it points at"
tap_is "$(jq -c "$dos.xen.consoles" "$t/d-inspect.json")" '["hvc0"]' \
  "$D: its Xen console is hvc0 (a pvops kernel; securetty's xvc0 is not it)"
tap_ok grep -q '^/dev/xvdz9 (the default boot entry.s root) names no disk of the guest: on KVM it would be /dev/vdz9, and the guest has 2 disks' \
  <(jq -r "$dos.kvm.blockers[]" "$t/d-inspect.json") -- "$D: a blocker names /dev/xvdz9"

# --- D: root=/dev/xvdz9 names no disk: warned, and the boot fails --------------
out=$t/d
mkdir "$out"
"$GUESTLIFT" convert --to kvm --source-config "$R/$D.cfg" -o "$out" "$ddisk" "$dswap" > "$t/d.out" 2> "$t/d.err"
tap_is "$?" 0 "$D -> kvm: exit 0 (it converts what is there)"
tap_ok grep -q 'warning: .*root=/dev/xvdz9, which names no disk of the converted guest' "$t/d.err" -- "$D -> kvm: warns that root=/dev/xvdz9 names no disk"
xml=$out/$D.xml
tap_ok grep -q 'root=/dev/xvdz9' <(xp "$xml" 'string(/domain/os/cmdline)') -- "$D: the XML keeps the guest's own (broken) root="
boot "$xml" "$t/d-serial.log" 600
tap_is $? 1 "$D: launch OUT.xml --wait-for login: fails (exit 1)"
tap_fails grep -aqE "$LOGIN" "$t/d-serial.log"
tap_ok grep -q 'the boot failed: the guest dropped to the initramfs shell: it cannot find its root device ("ALERT! */dev/xvdz9 does not exist' "$t/d-serial.log.err" \
  -- "$D: the error says it dropped to the initramfs shell, its root /dev/xvdz9 missing"
tap_fails grep -q 'did not appear on the console within' "$t/d-serial.log.err"

sources_unchanged "$A and $B: source images unchanged (sha256)"
tap_is "$(dstat)" "$dstat_before" "$D: source images unchanged (mtime, size)"
no_qemu_left "$t" "no qemu left behind"

tap_done
