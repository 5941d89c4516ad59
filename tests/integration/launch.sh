#!/bin/bash
# guestlift launch: real boots of tests/fixtures/images/bootable-xen.img
# under qemu (TCG here: ~20-45 s each, so there are few of them), the
# kernel cache, the failure and signal paths (no qemu left behind), and
# --dry-run for every backend.
. "${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/lib.sh"

require_prog qemu-system-x86_64 pgrep sha256sum script
require_fixtures

IMG=$FIXTURES/bootable-xen.img
if [ ! -f "$IMG" ]; then
  why=$(sed -n 's/^# bootable-xen.img not built: //p' "$FIXTURES/MANIFEST")
  tap_skip_all "no bootable fixture: ${why:-bootable-xen.img is missing}"
fi
IMG=$(realpath "$IMG")
MARKER=GUESTLIFT-BOOT-OK

t=$(mktemp -d "${TMPDIR:-/tmp}/launch-test.XXXXXX")
trap 'rm -rf "$t"' EXIT

# The guest's own boot entry says root=/dev/xvda1 (a Xen PV guest): on
# KVM its root is /dev/vda1, which --append gives (the last root= wins).
FIXROOT=root=/dev/vda1

# --- a real boot, with --snapshot --------------------------------------------
sum_before=$(sha256sum < "$IMG")
"$GUESTLIFT" launch --snapshot --append "$FIXROOT" --wait-for "$MARKER" --timeout 240 \
  --serial-log "$t/serial.log" "$IMG" 2> "$t/boot.err"
rc=$?
tap_is "$rc" 0 "launch --snapshot --wait-for $MARKER boots the guest (exit 0)"
[ "$rc" = 0 ] || { tap_diag "stderr:"; tap_diag "$(tail -n 5 "$t/boot.err")"; }
tap_ok grep -q "$MARKER" "$t/serial.log" -- "--serial-log holds the console with the marker"
tap_is "$(sha256sum < "$IMG")" "$sum_before" "the image is unchanged after --snapshot"
tap_fails grep -q "waiting for" "$t/boot.err" -- "--wait-for off a terminal: no progress line"
no_qemu_left "$IMG" "no qemu left after the boot"

# --- the kernel cache: a second launch extracts nothing -------------------------
"$GUESTLIFT" launch --dry-run --snapshot "$IMG" > "$t/qemu.cmd" 2> "$t/dry.err"
tap_is "$?" 0 "launch --dry-run (qemu) exits 0"
cmd=$(cat "$t/qemu.cmd")
kernel=$(sed -n 's/.* -kernel \([^ ]*\) .*/\1/p' "$t/qemu.cmd")
initrd=$(sed -n 's/.* -initrd \([^ ]*\) .*/\1/p' "$t/qemu.cmd")
tap_ok test -f "$kernel" -- "-kernel names the cached vmlinuz ($kernel)"
tap_ok test -f "$initrd" -- "-initrd names the cached initrd"
case $cmd in
  *" -append 'root=/dev/xvda1 ro console=hvc0 console=ttyS0'"*) r=0 ;;
  *) r=1 ;;
esac
tap_is "$r" 0 "-append is the guest's own default entry (root=/dev/xvda1 ro console=hvc0), console=ttyS0 added"
tap_ok grep -Eq "^# kernel 6\.[^ ]+ \(/boot/vmlinuz-6\.[^)]+\) of $IMG; command line: the guest's default boot entry \(/boot/grub/grub.cfg\) with console=ttyS0\$" "$t/qemu.cmd" \
  -- "--dry-run's comment line names the kernel version and where the command line came from"
tap_ok grep -q "booting kernel 6\..* with qemu-system-x86_64 under TCG (KVM cannot run guests here), watching the console" "$t/boot.err" \
  -- "the real launch says it runs qemu under TCG, not \"on kvm\""
"$GUESTLIFT" launch --dry-run --cmdline "root=/dev/vda1 quiet" "$IMG" > "$t/cmdline.cmd" 2> /dev/null
tap_ok grep -q "^# kernel .*; command line: --cmdline\$" "$t/cmdline.cmd" -- "--cmdline: the comment says so"
tap_ok grep -q " -append 'root=/dev/vda1 quiet' " "$t/cmdline.cmd" -- "--cmdline replaces the entry's command line"
case $cmd in *" -snapshot "*) r=0 ;; *) r=1 ;; esac
tap_is "$r" 0 "--snapshot gives -snapshot"
case $cmd in *"file=$IMG,format=raw,if=virtio"*) r=0 ;; *) r=1 ;; esac
tap_is "$r" 0 "the disk is virtio with its detected format"
mtime_before=$(stat -c %Y.%y "$kernel" "$initrd")
"$GUESTLIFT" launch --dry-run "$IMG" > /dev/null 2>&1
tap_is "$(stat -c %Y.%y "$kernel" "$initrd")" "$mtime_before" \
  "a second launch reuses the cached kernel (files untouched)"
tap_ok test -z "$(grep 'not extracted yet' "$t/dry.err")" -- "--dry-run after a launch finds the kernel cached"

# --dry-run with the kernel not extracted yet (a private cache holding the
# inspection only): it names the files a launch would write, extracts
# nothing, and the root is the device on the virtio bus.
mkdir -p "$t/cold/guestlift"
src=${XDG_CACHE_HOME:-$HOME/.cache}/guestlift
find "$src" -maxdepth 1 -type f -exec cp {} "$t/cold/guestlift/" \;
[ ! -d "$src/inspect" ] || cp -R "$src/inspect" "$t/cold/guestlift/"
XDG_CACHE_HOME=$t/cold "$GUESTLIFT" launch --dry-run "$IMG" > "$t/cold.cmd" 2> "$t/cold.err"
tap_is "$?" 0 "--dry-run with the kernel not in the cache exits 0"
tap_ok grep -q 'not extracted yet' "$t/cold.err" -- "... says the kernel is not extracted yet"
tap_ok grep -q " -kernel $t/cold/guestlift/kernels/[0-9a-f]*/vmlinuz " "$t/cold.cmd" -- "... names the path it would have"
tap_ok test ! -e "$t/cold/guestlift/kernels" -- "... and extracts nothing"
tap_ok grep -q "root=/dev/xvda1 ro console=hvc0 console=ttyS0" "$t/cold.cmd" -- "... the command line is the guest's entry's all the same"
"$GUESTLIFT" launch --dry-run --via xl "$IMG" > /dev/null 2>&1
tap_is "$?" 2 "--via xl for a kvm guest is a usage error"

# --- a pattern that never comes ---------------------------------------------------
start=$(date +%s)
# On a terminal (script(1) gives stderr one): the wait shows as a line
# with the time waited and the limit, cleared before the error.
script -qec "'$GUESTLIFT' launch --snapshot --append '$FIXROOT' --wait-for 'NEVER-APPEARS-[0-9]{6}' --timeout 20 '$IMG'" \
  "$t/never.err" > /dev/null
rc=$?
took=$(( $(date +%s) - start ))
tap_is "$rc" 1 "a pattern that never comes: exit 1 (after $took s)"
tap_ok grep -q 'last console lines: [^(]' "$t/never.err" -- "the message quotes the last console lines"
tap_diag "$(grep -ao $'guestlift: [^\r]*: launch: [^\r]*' "$t/never.err" | tail -n 1 | cut -c1-300)"
no_qemu_left "$IMG" "no qemu left after the timeout"
tap_ok grep -aq "waiting for 'NEVER-APPEARS-\[0-9\]{6}' on the console: [0-9]*s of 20s" "$t/never.err" \
  -- "--wait-for on a terminal: a line with the time waited and the limit"
tap_ok grep -aq $'\r *\rguestlift: .*: launch: ' "$t/never.err" \
  -- "--wait-for on a terminal: the line is cleared before the error"

# --- Ctrl-C stops the guest ---------------------------------------------------------
"$GUESTLIFT" launch --snapshot "$IMG" > "$t/fg.out" 2> "$t/fg.err" &
pid=$!
# Interrupt it once the console is flowing (the kernel is up).
for _ in $(seq 1 300); do
  [ -s "$t/fg.out" ] && break
  sleep 0.2
done
kill -INT "$pid"
wait "$pid"
tap_is "$?" 130 "SIGINT: launch exits 130"
sleep 0.5
no_qemu_left "$IMG" "SIGINT: the guest is stopped"
tap_ok test -s "$t/fg.out" -- "without --wait-for the console goes to stdout"

# --- usage and runtime errors -------------------------------------------------------
"$GUESTLIFT" launch --wait-for 'a(b' "$IMG" 2> "$t/err"
tap_is "$?" 2 "an invalid --wait-for regex is a usage error (exit 2)"
"$GUESTLIFT" launch --dry-run --kernel 9.9.9-nope "$IMG" 2> "$t/err"
rc=$?
tap_is "$rc" 1 "--kernel of a kernel the guest lacks: exit 1"
tap_ok grep -q 'available: 6\.' "$t/err" -- "... and the message names the available kernels"
"$GUESTLIFT" launch --hypervisor xen-pv "$IMG" 2> "$t/err"
rc=$?
tap_is "$rc" 1 "--hypervisor xen-pv on a non-Xen host: exit 1"
tap_ok grep -q 'not a Xen host' "$t/err" -- "... saying \"not a Xen host\""

# --- --dry-run of every backend -----------------------------------------------------
"$GUESTLIFT" launch --dry-run --via libvirt --append "$FIXROOT" "$IMG" > "$t/domain.xml" 2> "$t/err"
tap_is "$?" 0 "--via libvirt --dry-run exits 0"
if command -v virt-xml-validate >/dev/null; then
  tap_ok virt-xml-validate "$t/domain.xml" domain -- "the libvirt XML is valid (virt-xml-validate)"
else
  tap_skip "the libvirt XML is valid (virt-xml-validate)" "virt-xml-validate is not installed"
fi
tap_ok grep -q "<cmdline>root=/dev/xvda1 ro console=hvc0 console=ttyS0 $FIXROOT</cmdline>" "$t/domain.xml" -- "libvirt XML: the entry's cmdline, the console, --append"
tap_ok grep -q "^<!-- kernel 6\..*; command line: the guest's default boot entry" "$t/domain.xml" -- "libvirt XML: the origin as a comment"
tap_ok grep -q "<serial type=.file.>" "$t/domain.xml" -- "libvirt XML: the serial console goes to a file"
tap_ok grep -q "<backingStore/>" "$t/domain.xml" -- "libvirt XML: the disk has no backing file"
"$GUESTLIFT" launch --dry-run --via libvirt "$t/domain.xml" > "$t/domain2.xml" 2> "$t/err"
tap_ok cmp "$t/domain.xml" "$t/domain2.xml" -- "--via libvirt: a DOMAIN.xml is taken as it is"
# The qemu backend (the default) boots what the DOMAIN.xml says.
"$GUESTLIFT" launch --dry-run --snapshot "$t/domain.xml" > "$t/domain-qemu.cmd" 2> "$t/err"
tap_is "$?" 0 "a DOMAIN.xml, qemu backend: --dry-run exits 0"
dk=$(sed -n 's|.*<kernel>\(.*\)</kernel>.*|\1|p' "$t/domain.xml")
tap_ok grep -q "^# $t/domain.xml: direct kernel boot as its XML says: <kernel> $dk, " "$t/domain-qemu.cmd" -- "... the comment says it boots the XML's kernel"
tap_ok grep -q " -m 1024 -smp 1 -kernel $dk -initrd [^ ]* -append 'root=/dev/xvda1 ro console=hvc0 console=ttyS0 $FIXROOT' " "$t/domain-qemu.cmd" \
  -- "... with the XML's memory, vcpus, kernel, initrd and cmdline"
tap_ok grep -q " -drive file=$IMG,format=raw,if=none,id=disk0 -device virtio-blk-pci,drive=disk0 -snapshot " "$t/domain-qemu.cmd" \
  -- "... and its disk (raw, virtio), --snapshot"
sed -e 's|<kernel>.*</kernel>||' -e 's|<initrd>.*</initrd>||' -e 's|<cmdline>.*</cmdline>|<boot dev="hd"/>|' \
  "$t/domain.xml" > "$t/bios.xml"
"$GUESTLIFT" launch --dry-run "$t/bios.xml" > "$t/bios.cmd" 2> "$t/err"
tap_ok grep -q "^# $t/bios.xml: BIOS boot as its XML says: the boot code of disk 1 ($IMG)" "$t/bios.cmd" -- "<boot dev=\"hd\"/>: BIOS boot, said"
tap_ok grep -q "device virtio-blk-pci,drive=disk0,bootindex=1 " "$t/bios.cmd" -- "... the first disk boots (bootindex=1), no -kernel"
tap_fails grep -q -- "-kernel" "$t/bios.cmd"
"$GUESTLIFT" launch --dry-run --memory 64 "$t/domain.xml" > /dev/null 2> "$t/err"
tap_is "$?" 2 "a DOMAIN.xml with --memory: usage error (it boots as it says)"

for hv in hvm pv; do
  "$GUESTLIFT" launch --dry-run --hypervisor "xen-$hv" "$IMG" > "$t/xen-$hv.out" 2> "$t/err"
  tap_is "$?" 0 "--hypervisor xen-$hv --dry-run exits 0 without Xen"
  tap_ok grep -qx "type = \"$hv\"" "$t/xen-$hv.out" -- "xen-$hv: xl.cfg type = \"$hv\""
  tap_ok grep -q "^# kernel 6\..*; command line: the guest's default boot entry" "$t/xen-$hv.out" -- "xen-$hv: the origin as a comment"
  tap_ok grep -q '^kernel = "/.*vmlinuz"$' "$t/xen-$hv.out" -- "xen-$hv: xl.cfg kernel ="
  tap_ok grep -q '^ramdisk = "/.*initrd"$' "$t/xen-$hv.out" -- "xen-$hv: xl.cfg ramdisk ="
  sed -n '/^<?xml/,$p' "$t/xen-$hv.out" > "$t/xen-$hv.xml"
  if command -v virt-xml-validate >/dev/null; then
    tap_ok virt-xml-validate "$t/xen-$hv.xml" domain -- "xen-$hv: the libvirt XML is valid"
  fi
done
tap_ok grep -q '^cmdline = "root=/dev/xvda1 ro console=hvc0 console=ttyS0"$' "$t/xen-hvm.out" -- "xen-hvm: the entry's cmdline with console=ttyS0"
tap_ok grep -q '^extra = "root=/dev/xvda1 ro console=hvc0"$' "$t/xen-pv.out" -- "xen-pv: the entry's extra, hvc0 already its console"
tap_ok grep -q "vdev=xvda,access=rw,target=$IMG'" "$t/xen-pv.out" -- "xen-pv: the disk is xvda"

# --- libvirt, for real, when a session daemon can run here ---------------------------
# As root qemu:///session does not work; a non-root user (nobody) with
# private XDG folders gets a session daemon that libvirt starts by itself.
libvirt_why=
if [ "$(id -u)" != 0 ]; then
  libvirt_why="needs root to run the session daemon as another user"
elif ! command -v setpriv >/dev/null; then
  libvirt_why="setpriv is not installed"
elif ! command -v virtqemud >/dev/null && ! command -v libvirtd >/dev/null &&
     [ ! -x /usr/sbin/virtqemud ] && [ ! -x /usr/sbin/libvirtd ]; then
  libvirt_why="no libvirt daemon installed (libvirt-daemon-driver-qemu)"
fi
if [ -z "$libvirt_why" ]; then
  # A DOMAIN.xml (the one --dry-run printed) with every file where nobody
  # can read it, launched as it is: no inspection, no appliance as nobody.
  # Its disk becomes an overlay of the image, so the <backingStore/> that
  # says "no backing file" goes: this DOMAIN.xml is ours to describe.
  lv=$t/libvirt
  mkdir -p "$lv/home" "$lv/run" "$lv/config" "$lv/cache" "$lv/data"
  cp "$kernel" "$lv/vmlinuz"; cp "$initrd" "$lv/initrd"
  qemu-img create -q -f qcow2 -b "$IMG" -F raw "$lv/disk.qcow2"
  sed -e "s|<kernel>.*</kernel>|<kernel>$lv/vmlinuz</kernel>|" \
      -e "s|<initrd>.*</initrd>|<initrd>$lv/initrd</initrd>|" \
      -e "s|<source file=\"[^\"]*\"/>|<source file=\"$lv/disk.qcow2\"/>|" \
      -e "s|type=\"raw\"/>|type=\"qcow2\"/>|" -e "s|<backingStore/>||" \
      -e "s|<source path=\"[^\"]*\"/>|<source path=\"$lv/console.log\"/>|" \
      "$t/domain.xml" > "$lv/guest.xml"
  chown -R 65534:65534 "$lv"; chmod 755 "$t"
  setpriv --reuid=65534 --regid=65534 --clear-groups env -i PATH="$PATH" \
    HOME="$lv/home" XDG_RUNTIME_DIR="$lv/run" XDG_CONFIG_HOME="$lv/config" \
    XDG_CACHE_HOME="$lv/cache" XDG_DATA_HOME="$lv/data" \
    LIBVIRT_DEFAULT_URI=qemu:///session \
    "$GUESTLIFT" launch --via libvirt --wait-for "$MARKER" --timeout 240 "$lv/guest.xml" \
    > "$t/lv.out" 2> "$t/lv.err"
  rc=$?
  tap_is "$rc" 0 "libvirt (qemu:///session as nobody): the DOMAIN.xml guest boots"
  [ "$rc" = 0 ] || tap_diag "$(tail -n 3 "$t/lv.err")"
  tap_ok test -z "$(pgrep -f "qemu-system-x86_64.*$lv/disk.qcow2")" -- "libvirt: the domain is destroyed"

  # The generated XML, with --snapshot: nobody gets copies of our cache
  # entries (inspection and kernel: same image identity), so this launch
  # starts no appliance either.
  src=${XDG_CACHE_HOME:-$HOME/.cache}/guestlift
  dst=$lv/cache/guestlift
  mkdir -p "$dst/kernels"
  find "$src" -maxdepth 1 -type f -exec cp {} "$dst/" \;
  [ ! -d "$src/inspect" ] || cp -R "$src/inspect" "$dst/"
  cp -R "$(dirname "$kernel")" "$dst/kernels/"
  chown -R 65534:65534 "$lv"
  timeout -k 5 300 setpriv --reuid=65534 --regid=65534 --clear-groups env -i PATH="$PATH" \
    HOME="$lv/home" XDG_RUNTIME_DIR="$lv/run" XDG_CONFIG_HOME="$lv/config" \
    XDG_CACHE_HOME="$lv/cache" XDG_DATA_HOME="$lv/data" \
    LIBVIRT_DEFAULT_URI=qemu:///session TMPDIR="$lv" \
    "$GUESTLIFT" launch --via libvirt --snapshot --append "$FIXROOT" --wait-for "$MARKER" --timeout 240 \
    "$IMG" > "$t/lv2.out" 2> "$t/lv2.err"
  rc=$?
  tap_is "$rc" 0 "libvirt --snapshot (generated XML, qemu:///session as nobody): the guest boots"
  [ "$rc" = 0 ] || tap_diag "$(tail -n 3 "$t/lv2.err")"
  tap_is "$(sha256sum < "$IMG")" "$sum_before" "libvirt --snapshot: the image is unchanged"
  tap_ok test -z "$(find "$lv" -maxdepth 1 -name 'guestlift-launch.*')" -- "libvirt: the temporary folder is gone"
else
  tap_skip "libvirt real launch" "$libvirt_why"
fi

# --- libvirt's system daemon, when one runs here (root) ---------------------------
# Its qemu runs as the daemon's own user (libvirt-qemu), who cannot read
# root's kernel cache (~/.cache is 0700): guestlift hands it copies.
# The daemon's qemu user must reach the image (the --snapshot overlay's
# backing file) and $TMPDIR (the overlay, the kernel copies, the console
# log): a clone under a private home would not let it.
qemu_user_reads () {
  id libvirt-qemu > /dev/null 2>&1 && command -v setpriv > /dev/null &&
    setpriv --reuid="$(id -u libvirt-qemu)" --regid="$(id -g libvirt-qemu)" \
      --clear-groups sh -c 'test -r "$1" && test -x "$2"' sh "$IMG" "${TMPDIR:-/tmp}"
}
system_daemon_up () {
  [ -S /run/libvirt/libvirt-sock ] && command -v virsh > /dev/null &&
    timeout 20 virsh -c qemu:///system uri > /dev/null 2>&1
}
if [ "$(id -u)" = 0 ] && system_daemon_up && qemu_user_reads; then
  timeout -k 5 300 env LIBVIRT_DEFAULT_URI=qemu:///system \
    "$GUESTLIFT" launch --via libvirt --snapshot --append "$FIXROOT" --wait-for "$MARKER" --timeout 240 \
    "$IMG" > "$t/lvsys.out" 2> "$t/lvsys.err"
  rc=$?
  tap_is "$rc" 0 "libvirt (qemu:///system as root): the guest boots from copies of the cached kernel"
  [ "$rc" = 0 ] || tap_diag "$(tail -n 3 "$t/lvsys.err")"
  tap_is "$(sha256sum < "$IMG")" "$sum_before" "libvirt qemu:///system --snapshot: the image is unchanged"
else
  tap_skip "libvirt qemu:///system" "no system libvirt daemon running here, or its qemu user (libvirt-qemu) cannot read $IMG"
fi

# --- after "convert --to kvm" the converted copy boots too -------------------------
mkdir -p "$t/conv"
"$GUESTLIFT" convert --to kvm -q -o "$t/conv" "$IMG" > "$t/conv.out" 2> "$t/conv.err"
rc=$?
copy=$(ls "$t/conv"/*.qcow2 "$t/conv"/*.img 2>/dev/null | head -n 1)
if [ "$rc" != 0 ] && grep -q 'not implemented' "$t/conv.err"; then
  tap_skip "convert --to kvm of the bootable guest" "guestlift convert is not implemented yet"
else
  tap_is "$rc" 0 "convert --to kvm of the bootable guest succeeds"
  [ "$rc" = 0 ] || tap_diag "$(tail -n 3 "$t/conv.err")"
  if [ -n "$copy" ]; then
    # A private cache: the copy's inspection and kernel entries go away
    # with $t (the host's KVM answer is carried over).
    mkdir -p "$t/cache/guestlift"
    find "${XDG_CACHE_HOME:-$HOME/.cache}/guestlift" -maxdepth 1 -type f \
      -exec cp {} "$t/cache/guestlift/" \; 2>/dev/null
    # Booted as the XML convert wrote says (no inspection needed).
    cxml=$(ls "$t/conv"/*.xml | head -n 1)
    XDG_CACHE_HOME=$t/cache "$GUESTLIFT" launch -q --snapshot --wait-for "$MARKER" \
      --timeout 240 "$cxml" 2> "$t/conv-boot.err"
    rc=$?
    tap_is "$rc" 0 "the converted guest boots as its XML says (launch OUT.xml --wait-for $MARKER)"
    [ "$rc" = 0 ] || tap_diag "$(tail -n 3 "$t/conv-boot.err")"
  else
    tap_is "no copy" "a copy" "convert wrote a disk copy"
  fi
fi
no_qemu_left "$IMG" "no qemu left at the end"

tap_done
