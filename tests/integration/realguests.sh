#!/bin/bash
# tests/integration/realguests.sh: the real Debian 12 Xen guests made by
# tests/fixtures/build-realguests.sh are laid out as their MANIFEST says,
# checked from the outside with host tools (debugfs, sfdisk, blkid, file,
# lsinitramfs; no appliance), and are sound: bookworm-xt's own kernel and
# initramfs bring its disk to "login:" under qemu TCG, and bookworm-mbr's
# boot sector brings SeaBIOS to its grub.  The images are never written
# (qemu runs with snapshot=on; their mtimes are compared).
. "${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/lib.sh"

require_prog debugfs sfdisk blkid file lsinitramfs qemu-system-x86_64 timeout pgrep
require_realguests

R=$REALGUESTS
A=bookworm-xt B=bookworm-mbr D=bookworm-xt-badroot
adisk=$R/domains/$A/disk.img aswap=$R/domains/$A/swap.img
bdisk=$R/domains/$B/disk.img
ddisk=$R/domains/$D/disk.img dswap=$R/domains/$D/swap.img
MiB=1048576

t=$(mktemp -d "${TMPDIR:-/tmp}/realguests-test.XXXXXX")
qpid=
trap '[ -n "$qpid" ] && kill "$qpid" 2>/dev/null; rm -rf "$t"' EXIT

# efs IMAGE[?offset=N] CMD: a debugfs request on an ext4 image, read-only.
efs () { debugfs -R "$2" "$1" 2>/dev/null; }
# kernel_lines FILE: the kernel command lines of a menu.lst or grub.cfg.
kernel_lines () { grep -E '^[[:space:]]*(kernel|linux)[[:space:]]' "$1"; }
# all_match FILE REGEX: FILE has lines, and every one matches REGEX.
all_match () { [ -s "$1" ] && ! grep -Evq -e "$2" "$1"; }

mtimes () { stat -c '%n %Y %s' "$adisk" "$aswap" "$bdisk" "$ddisk" "$dswap"; }
mtimes_before=$(mtimes)

# --- the manifest ---------------------------------------------------------------
for g in $A $B $D; do
  tap_ok grep -q "^$g	$g.cfg	" "$R/MANIFEST" -- "MANIFEST lists $g with its cfg"
done
KVER=$(cat "$R/KERNEL")
tap_ok test -n "$KVER" -- "KERNEL names the guests' kernel ($KVER)"

# --- A: the classic xen-tools layout ----------------------------------------------
tap_ok test -f "$adisk" -a -f "$aswap" -a -f "$R/$A.cfg" -- "$A: disk.img, swap.img and $A.cfg exist"
tap_is "$(blkid -p -o value -s TYPE "$adisk")" ext4 "$A: disk.img is an ext4 filesystem"
tap_is "$(blkid -p -o value -s PTTYPE "$adisk")" "" "$A: disk.img has no partition table"
tap_fails sfdisk -q -d "$adisk"
tap_ok cmp -s -n 512 "$adisk" /dev/zero -- "$A: sector 0 of disk.img is zeros (no boot code)"
tap_is "$(blkid -p -o value -s TYPE "$aswap")" swap "$A: swap.img is swap"
apparent=$(stat -c %s "$adisk")
allocated=$(( $(stat -c %b "$adisk") * $(stat -c %B "$adisk") ))
tap_diag "$A disk.img: $((apparent / MiB)) MiB apparent, $((allocated / MiB)) MiB allocated"
tap_ok test "$allocated" -lt "$apparent" -- "$A: disk.img is sparse"

efs "$adisk" 'cat /boot/grub/menu.lst' > "$t/a-menu.lst"
kernel_lines "$t/a-menu.lst" > "$t/a-kernels"
tap_ok all_match "$t/a-kernels" ' root=/dev/xvda2 ro( |$)' -- "$A: every menu.lst entry says root=/dev/xvda2 ro"
tap_ok grep -q "^kernel[[:space:]]*/boot/vmlinuz-$KVER root=" "$t/a-menu.lst" -- "$A: menu.lst boots /boot/vmlinuz-$KVER"
tap_ok grep -q "^kernel[[:space:]]*/vmlinuz root=" "$t/a-menu.lst" -- "$A: menu.lst has an entry for the /vmlinuz symlink"
tap_ok grep -q '^# kopt=root=/dev/xvda2 ro' "$t/a-menu.lst" -- "$A: update-grub's kopt names /dev/xvda2"
tap_ok grep -Eq "^title[[:space:]]+Debian GNU/Linux, kernel $KVER\$" "$t/a-menu.lst" -- "$A: grub-legacy's update-grub listed the kernel"
tap_ok grep -Eq "^127\.0\.1\.1[[:space:]]+$A $A\$" <(efs "$adisk" 'cat /etc/hosts') -- "$A: /etc/hosts names the guest"
efs "$adisk" 'cat /etc/fstab' > "$t/a-fstab"
tap_ok grep -Eq '^/dev/xvda1[[:space:]]+none[[:space:]]+swap[[:space:]]' "$t/a-fstab" -- "$A: fstab has /dev/xvda1 swap"
tap_ok grep -Eq '^/dev/xvda2[[:space:]]+/[[:space:]]+ext4[[:space:]]' "$t/a-fstab" -- "$A: fstab has /dev/xvda2 /"
efs "$adisk" 'stat /vmlinuz' > "$t/a-vmlinuz"
tap_ok grep -q 'Type: symlink' "$t/a-vmlinuz" -- "$A: /vmlinuz is a symlink"
tap_ok grep -q "Fast link dest: \"boot/vmlinuz-$KVER\"" "$t/a-vmlinuz" -- "$A: /vmlinuz points at boot/vmlinuz-$KVER"
tap_ok grep -q "Fast link dest: \"boot/initrd.img-$KVER\"" <(efs "$adisk" 'stat /initrd.img') -- "$A: /initrd.img points at boot/initrd.img-$KVER"
efs "$adisk" "dump /boot/vmlinuz-$KVER $t/vmlinuz" >/dev/null
efs "$adisk" "dump /boot/initrd.img-$KVER $t/initrd" >/dev/null
tap_ok grep -q 'Linux kernel x86 boot executable' <(file -b "$t/vmlinuz") -- "$A: /boot/vmlinuz-$KVER is a Linux kernel"
lsinitramfs "$t/initrd" > "$t/initrd.list" 2>/dev/null
tap_ok grep -q '/virtio_blk\.ko' "$t/initrd.list" -- "$A: the initramfs holds virtio_blk"
tap_ok grep -q '/xen-blkfront\.ko' "$t/initrd.list" -- "$A: the initramfs holds xen-blkfront"
tap_ok grep -q '^12\.' <(efs "$adisk" 'cat /etc/debian_version') -- "$A: /etc/debian_version says 12.x"
efs "$adisk" 'cat /var/lib/dpkg/status' > "$t/a-status"
tap_ok grep -qx 'Package: grub-legacy' "$t/a-status" -- "$A: grub-legacy is installed (xen-tools' --pygrub)"
tap_ok grep -qx "Package: linux-image-$KVER" "$t/a-status" -- "$A: Debian's linux-image-$KVER is installed"

cfg=$R/$A.cfg
tap_ok grep -Fq "'file:$adisk,xvda2,w'" "$cfg" -- "$A.cfg: disk.img is xvda2"
tap_ok grep -Fq "'file:$aswap,xvda1,w'" "$cfg" -- "$A.cfg: swap.img is xvda1"
tap_ok grep -Eq "^bootloader *= *'pygrub'" "$cfg" -- "$A.cfg: bootloader = 'pygrub'"
tap_ok grep -Eq "^root *= *'/dev/xvda2 ro'" "$cfg" -- "$A.cfg: root = '/dev/xvda2 ro'"
tap_ok grep -Eq "^on_crash *= *'restart'" "$cfg" -- "$A.cfg: on_crash = 'restart' (not xl's default)"
tap_ok grep -Eq "^vif *= *\[ *'mac=00:16:3e:67:6c:0a,bridge=xenbr0' *\]" "$cfg" -- "$A.cfg: a vif with a MAC on xenbr0"

# --- B: the partitioned disk with grub-pc in its MBR ------------------------------
tap_ok test -f "$bdisk" -a -f "$R/$B.cfg" -- "$B: disk.img and $B.cfg exist"
# GRUB 2's boot.img (file(1) says only "DOS/MBR boot sector") carries
# its error strings; the sector after it starts diskboot.img ("loading").
tap_ok grep -aq 'GRUB .*Geom.*Hard Disk.*Read.* Error' <(head -c 446 "$bdisk" | tr -d '\0') -- "$B: the MBR holds GRUB's boot code"
tap_ok grep -aq 'loading' <(dd if="$bdisk" bs=512 skip=1 count=1 2>/dev/null | tr -d '\0') -- "$B: GRUB's core image follows the MBR"
tap_is "$(od -An -tx1 -j510 -N2 "$bdisk" | tr -d ' ')" 55aa "$B: the MBR has the boot signature"
sfdisk -q -d "$bdisk" > "$t/b-table" 2>/dev/null
tap_ok grep -q '^label: dos' "$t/b-table" -- "$B: an MBR partition table"
tap_ok grep -Eq 'disk\.img1 : start= *2048,.*type=83, bootable' "$t/b-table" -- "$B: p1 is Linux, at 1 MiB, bootable"
tap_ok grep -Eq 'disk\.img2 : .*type=82' "$t/b-table" -- "$B: p2 is Linux swap"
p1=$(( $(sed -n 's/.*disk\.img1 : start= *\([0-9]*\),.*/\1/p' "$t/b-table") * 512 ))
p2=$(( $(sed -n 's/.*disk\.img2 : start= *\([0-9]*\),.*/\1/p' "$t/b-table") * 512 ))
tap_is "$(blkid -p -O "$p1" -o value -s TYPE "$bdisk")" ext4 "$B: p1 is ext4"
tap_is "$(blkid -p -O "$p2" -o value -s TYPE "$bdisk")" swap "$B: p2 is swap"
bfs="$bdisk?offset=$p1"
efs "$bfs" 'cat /boot/grub/grub.cfg' > "$t/b-grub.cfg"
kernel_lines "$t/b-grub.cfg" > "$t/b-kernels"
tap_ok all_match "$t/b-kernels" " root=/dev/xvda1 ro( |$)" -- "$B: every grub.cfg entry says root=/dev/xvda1 ro"
tap_ok grep -q "linux[[:space:]]*/boot/vmlinuz-$KVER root=/dev/xvda1 ro console=hvc0" "$t/b-grub.cfg" -- "$B: the default entry boots $KVER with console=hvc0"
tap_ok grep -q '^serial --unit=0 --speed=115200' "$t/b-grub.cfg" -- "$B: grub.cfg sets up the serial line"
tap_ok grep -q '^terminal_output serial console' "$t/b-grub.cfg" -- "$B: grub talks on serial and console"
tap_fails grep -q loop "$t/b-grub.cfg"
tap_ok test -n "$(efs "$bfs" 'stat /boot/grub/i386-pc/core.img' | grep 'Type: regular')" -- "$B: grub-install left /boot/grub/i386-pc/core.img"
efs "$bfs" 'cat /etc/fstab' > "$t/b-fstab"
tap_ok grep -Eq '^/dev/xvda1[[:space:]]+/[[:space:]]+ext4[[:space:]]' "$t/b-fstab" -- "$B: fstab has /dev/xvda1 /"
tap_ok grep -Eq '^/dev/xvda2[[:space:]]+none[[:space:]]+swap[[:space:]]' "$t/b-fstab" -- "$B: fstab has /dev/xvda2 swap"
efs "$bfs" 'cat /var/lib/dpkg/status' > "$t/b-status"
tap_ok grep -qx 'Package: grub-pc' "$t/b-status" -- "$B: grub-pc is installed"
tap_fails grep -qx 'Package: grub-legacy' "$t/b-status"
tap_ok grep -q "^$B\$" <(efs "$bfs" 'cat /etc/hostname') -- "$B: its own hostname"
cfg=$R/$B.cfg
tap_ok grep -Fq "'file:$bdisk,xvda,w'" "$cfg" -- "$B.cfg: disk.img is the whole disk xvda"
tap_ok grep -Eq "^bootloader *= *'pygrub'" "$cfg" -- "$B.cfg: bootloader = 'pygrub'"
tap_ok grep -Eq "^vif *= *\[ *'mac=00:16:3e:67:6c:0b,bridge=xenbr0' *\]" "$cfg" -- "$B.cfg: a vif with a MAC on xenbr0"

# --- D: A with a root= that exists nowhere ------------------------------------------
efs "$ddisk" 'cat /boot/grub/menu.lst' > "$t/d-menu.lst"
kernel_lines "$t/d-menu.lst" > "$t/d-kernels"
tap_ok all_match "$t/d-kernels" ' root=/dev/xvdz9 ro( |$)' -- "$D: every menu.lst entry says root=/dev/xvdz9"
tap_fails grep -q 'xvda2' "$t/d-menu.lst"
tap_ok grep -Eq '^/dev/xvda2[[:space:]]+/[[:space:]]' <(efs "$ddisk" 'cat /etc/fstab') -- "$D: fstab still says /dev/xvda2 /"
tap_ok test "$(blkid -p -o value -s UUID "$ddisk")" = "$(blkid -p -o value -s UUID "$adisk")" -- "$D: a copy of $A's filesystem"
cfg=$R/$D.cfg
tap_ok grep -Fq "'file:$ddisk,xvda2,w'" "$cfg" -- "$D.cfg: its disk.img is xvda2"
tap_ok grep -Fq "'file:$dswap,xvda1,w'" "$cfg" -- "$D.cfg: its swap.img is xvda1"

# --- boots ------------------------------------------------------------------------
# boot_until (tests/lib.sh): qemu TCG until the console shows a pattern.

# B: SeaBIOS runs the MBR's boot code, which loads grub from p1.
# grub prints its countdown once the menu is drawn.
boot_until "$t/b-serial.log" 'highlighted entry will be executed' 120 \
  -drive "file=$bdisk,format=raw,if=virtio,snapshot=on"
tap_is $? 0 "$B: SeaBIOS boots its MBR into grub (grub's menu on the serial line)"
tap_ok grep -aq 'GNU GRUB' "$t/b-serial.log" -- "$B: grub's banner on the serial line"
tap_ok grep -aq 'Debian GNU/Linux' "$t/b-serial.log" -- "$B: grub shows the Debian entry"

# A: its own kernel and initramfs, its disk as virtio: userland to login:.
# fstab's /dev/xvda1 swap does not exist here; masking its unit spares the
# 90 s wait for the device.
boot_until "$t/a-serial.log" '(^|[^a-z])login: ' 420 \
  -kernel "$t/vmlinuz" -initrd "$t/initrd" \
  -append "root=/dev/vda ro console=ttyS0 systemd.mask=dev-xvda1.swap panic=-1" \
  -drive "file=$adisk,format=raw,if=virtio,snapshot=on"
tap_is $? 0 "$A: its kernel and initramfs boot disk.img (virtio) to login: under TCG"
tap_fails grep -aqE 'ALERT!|emergency mode|Kernel panic' "$t/a-serial.log"
tap_ok grep -aq 'Debian GNU/Linux 12' "$t/a-serial.log" -- "$A: the login banner is Debian 12's"

tap_is "$(mtimes)" "$mtimes_before" "no image was written"
no_qemu_left "$t" "no qemu left behind"

tap_done
