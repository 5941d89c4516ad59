#!/bin/sh
# guestlift: the libvirt domain XML that convert writes, for every target
# (KVM, KVM with direct kernel boot, Xen HVM, Xen PV with pygrub, Xen PV
# with direct kernel boot), is valid by libvirt's own schema
# (virt-xml-validate), escapes a hostile guest name, and has the elements
# each target needs (xmllint --xpath).  TAP output.
set -u
. "${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/lib.sh"

require_prog virt-xml-validate
: "${XMLLINT:=xmllint}"
[ "$XMLLINT" = no ] && XMLLINT=xmllint
require_prog "$XMLLINT"

sample="$top_builddir/tests/unit/domain-xml-sample"
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT INT TERM

tap_ok "$sample" "$tmp"
tap_ok "$sample" invalid

for f in kvm kvm-direct kvm-log kvm-backing xen-hvm xen-pv xen-pv-direct; do
  tap_ok virt-xml-validate "$tmp/$f.xml" domain
done

# xp FILE XPATH: the string value of XPATH in FILE.
xp () {
  "$XMLLINT" --xpath "$2" "$tmp/$1.xml" 2>/dev/null
}
# has FILE XPATH: ok when XPATH selects something (boolean true).
has () {
  tap_is "$(xp "$1" "boolean($2)")" true "$1: $2"
}
hasnt () {
  tap_is "$(xp "$1" "boolean($2)")" false "$1: no $2"
}

name='guest <&'"'"'"> 1'
for f in kvm kvm-direct xen-hvm xen-pv xen-pv-direct; do
  tap_is "$(xp $f 'string(/domain/name)')" "$name" "$f: the name survives escaping"
done
# A generated UUID is RFC 4122 version 4, variant 10xx.
for f in kvm xen-pv xen-pv-direct; do
  u=$(xp $f 'string(/domain/uuid)')
  tap_ok expr "$u" : '[0-9a-f]\{8\}-[0-9a-f]\{4\}-4[0-9a-f]\{3\}-[89ab][0-9a-f]\{3\}-[0-9a-f]\{12\}$'
done
tap_ok test "$(xp kvm 'string(/domain/uuid)')" != "$(xp xen-pv 'string(/domain/uuid)')"
tap_ok grep -q '<name>guest &lt;&amp;' "$tmp/kvm.xml"

# KVM
has kvm "/domain[@type='kvm']"
has kvm "/domain/os/type[@machine='pc' and @arch='x86_64' and .='hvm']"
has kvm "/domain/os/boot[@dev='hd']"
hasnt kvm "/domain/os/kernel"
has kvm "/domain/features/acpi and /domain/features/apic"
has kvm "/domain/clock[@offset='utc']"
has kvm "/domain/devices/disk[1][@type='file' and @device='disk']/driver[@name='qemu' and @type='qcow2']"
has kvm "/domain/devices/disk[1]/source[@file='/var/lib/guestlift/<a&b>.qcow2']"
has kvm "/domain/devices/disk[1]/target[@dev='vda' and @bus='virtio']"
has kvm "/domain/devices/disk[2][@type='block']/source[@dev='/dev/vg/data']"
has kvm "/domain/devices/disk[2]/target[@dev='vdb']"
has kvm "/domain/devices/disk[3][@device='cdrom']/readonly"
hasnt kvm "/domain/devices/disk[3]/source"
has kvm "/domain/devices/interface[1][@type='bridge']/source[@bridge='br0']"
has kvm "/domain/devices/interface[1]/mac[@address='00:16:3e:12:34:56']"
has kvm "/domain/devices/interface[1]/model[@type='virtio']"
has kvm "/domain/devices/interface[2][@type='network']/source[@network='default']"
has kvm "/domain/devices/interface[3]/source[@network=\"lan's\"]"
has kvm "/domain/devices/interface[3]/model[@type='e1000']"
has kvm "/domain/devices/serial[@type='pty']/target[@port='0']"
has kvm "/domain/devices/console[@type='pty']/target[@type='serial']"
has kvm "/domain/devices/graphics[@type='vnc' and @autoport='yes']"
has kvm "/domain/devices/video/model[@type='vga']"
has kvm "/domain/devices/memballoon[@model='virtio']"
has kvm "/domain/devices/rng[@model='virtio']/backend[@model='random' and .='/dev/urandom']"
tap_is "$(xp kvm 'string(/domain/memory)')" 1024 "kvm: memory"
tap_is "$(xp kvm 'string(/domain/memory/@unit)')" MiB "kvm: memory unit"
tap_is "$(xp kvm 'string(/domain/vcpu)')" 2 "kvm: vcpus"

# Backing files: none by default (an empty <backingStore/> ends the
# chain, so libvirt opens no file an image names)
has kvm "/domain/devices/disk[1]/backingStore[not(*) and not(@*)]"
has kvm "/domain/devices/disk[2]/backingStore[not(*)]"
hasnt kvm "/domain/devices/disk[3]/backingStore"
has xen-pv "/domain/devices/disk[1]/backingStore[not(*)]"
# a --snapshot overlay: its base and nothing further
has kvm-backing "/domain/devices/disk[1]/backingStore[@type='file']/format[@type='raw']"
has kvm-backing "/domain/devices/disk[1]/backingStore/source[@file='/srv/base <0>.img']"
has kvm-backing "/domain/devices/disk[1]/backingStore/backingStore[not(*)]"
# the user allowed the image's own chain: libvirt follows it
hasnt kvm-backing "/domain/devices/disk[2]/backingStore"
has kvm-backing "/domain/devices/disk[3]/backingStore/source[@file='/srv/overlay.qcow2']"
hasnt kvm-backing "/domain/devices/disk[3]/backingStore/backingStore"

# KVM, direct kernel boot
has kvm-direct "/domain/os/kernel[.='/boot/vmlinuz-<1>']"
has kvm-direct "/domain/os/initrd[.='/boot/initrd&2']"
tap_is "$(xp kvm-direct 'string(/domain/os/cmdline)')" \
  "root=/dev/vda1 console=ttyS0 x=\"'<>&'\"" "kvm-direct: cmdline"
hasnt kvm-direct "/domain/devices/graphics"
# the kernel boots: no disk's boot code is asked for
hasnt kvm-direct "/domain/os/boot"
# the source's actions carry over; unset ones are libvirt's defaults
tap_is "$(xp kvm-direct 'concat(/domain/on_poweroff, " ", /domain/on_reboot, " ", /domain/on_crash)')" \
  "destroy preserve coredump-restart" "kvm-direct: on_poweroff, on_reboot, on_crash as given"
tap_is "$(xp kvm 'concat(/domain/on_poweroff, " ", /domain/on_reboot, " ", /domain/on_crash)')" \
  "destroy restart destroy" "kvm: the default actions"
tap_is "$(xp kvm-direct 'string(/domain/uuid)')" \
  0123456789abcdef0123456789abcdef "kvm-direct: the given UUID"

# KVM, console to a log file
has kvm-log "/domain/devices/serial[@type='file']/source[@path='/tmp/console <x>.log']"
has kvm-log "/domain/devices/console[@type='file']/target[@type='serial']"

# Xen HVM
has xen-hvm "/domain[@type='xen']"
has xen-hvm "/domain/os/type[@machine='xenfv' and @arch='i686' and .='hvm']"
has xen-hvm "/domain/os/loader[@type='rom' and .='/usr/lib/xen/boot/hvmloader']"
has xen-hvm "/domain/features/acpi and /domain/features/apic and /domain/features/pae"
has xen-hvm "/domain/devices/disk[1]/target[@dev='hda' and @bus='ide']"
has xen-hvm "/domain/devices/disk[2]/target[@dev='hdb' and @bus='ide']"
has xen-hvm "/domain/devices/disk[2]/driver[@name='phy']"
has xen-hvm "/domain/devices/interface[1]/model[@type='e1000']"
has xen-hvm "/domain/devices/graphics[@type='spice']"
has xen-hvm "/domain/devices/video/model[@type='cirrus']"
hasnt xen-hvm "/domain/devices/memballoon"
has xen-hvm "/domain/devices/console/target[@type='serial']"

# Xen PV, pygrub
has xen-pv "/domain[@type='xen']"
has xen-pv "/domain/bootloader[.='/usr/lib/xen/bin/pygrub']"
has xen-pv "/domain/bootloader_args[.='-q --entry=<0>']"
has xen-pv "/domain/os/type[@machine='xenpv' and .='linux']"
hasnt xen-pv "/domain/os/kernel"
hasnt xen-pv "/domain/os/boot"
hasnt xen-pv "/domain/features"
has xen-pv "/domain/devices/disk[1]/target[@dev='xvda' and @bus='xen']"
has xen-pv "/domain/devices/disk[2]/target[@dev='xvdb' and @bus='xen']"
hasnt xen-pv "/domain/devices/interface/model"
hasnt xen-pv "/domain/devices/serial"
has xen-pv "/domain/devices/console[@type='pty']/target[@type='xen' and @port='0']"

# Xen PV, direct kernel boot
hasnt xen-pv-direct "/domain/bootloader"
has xen-pv-direct "/domain/os/kernel[.='/boot/vmlinuz-xen']"
has xen-pv-direct "/domain/os/cmdline[.='root=/dev/xvda1 console=hvc0']"
hasnt xen-pv-direct "/domain/os/initrd"

tap_done
