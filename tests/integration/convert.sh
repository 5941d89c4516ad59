#!/bin/bash
# guestlift convert on the fixtures.  Appliance launches are the cost
# (~15 s each under TCG), so the runs are few and the inspection cache
# (one XDG_CACHE_HOME for the whole test) is shared between them:
#   rhel5-mixed -> kvm (inspect + edit), checked inside the OUTPUT image
#     (guestlift inspect on it, then one guestfish session);
#   rhel5-pv -> kvm refused; rhel5-pv -> xen-pv, and again with an
#     xl.cfg source config (cached inspection: no appliance at all);
#   debian-pvops --dry-run (inspect + read-only plan);
#   debian-pvops and sles11 -> kvm, both outputs checked by one inspect;
#   a libvirt XML source config (--dry-run on a cached inspection);
#   sles11 interrupted with SIGINT while converting;
#   bad input.
. "${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/lib.sh"
require_fixtures
require_prog jq qemu-img virt-xml-validate guestfish sha256sum script

work=$(mktemp -d "${TMPDIR:-/tmp}/gl-convert.XXXXXX")
trap 'rm -rf "$work"' EXIT
export XDG_CACHE_HOME=$work/cache

sum () { sha256sum "$1" | cut -d' ' -f1; }
# The directory's entries (hidden ones too), one a line.
listing () { ls -A "$1"; }

# --- RHEL 5 mixed (el5xen default + el5) -> kvm ------------------------------
out=$work/mixed
mkdir "$out"
src=$FIXTURES/rhel5-mixed.img
before=$(sum "$src")
# On a terminal (script(1) gives stderr one): the phase lines show, the
# initrd rebuild's among them (the guest's mkinitrd runs, and fails).
script -qec "'$GUESTLIFT' convert --to kvm -o '$out' '$src' > '$work/mixed.out'" \
  "$work/mixed.err" > /dev/null
rc=$?
tap_is "$rc" 0 "rhel5-mixed -> kvm: exit 0"
[ "$rc" = 0 ] || sed 's/^/# /' "$work/mixed.err"
# Its disk is partitioned without boot code (sector 0 is a bare MBR): the
# XML boots the exported kernel and initrd.
tap_is "$(listing "$out" | tr '\n' ' ')" "rhel5-mixed-initrd rhel5-mixed-sda.qcow2 rhel5-mixed-vmlinuz rhel5-mixed.xml " \
  "rhel5-mixed -> kvm: NAME (hostname's first label)-sda.qcow2, NAME.xml and the kernel and initrd, nothing else"
tap_ok grep -q "^guestlift: boot: direct kernel boot: .* has no boot code (sector 0 has a partition table but no boot code)" "$work/mixed.err" \
  -- "rhel5-mixed -> kvm: says the disk cannot boot by BIOS, so the XML boots the kernel"
tap_ok grep -q "<kernel>$out/rhel5-mixed-vmlinuz</kernel>" "$out/rhel5-mixed.xml" -- "rhel5-mixed -> kvm: the XML boots the exported kernel"
tap_fails grep -q '<boot dev="hd"/>' "$out/rhel5-mixed.xml"
tap_is "$(qemu-img info --output=json "$out/rhel5-mixed-sda.qcow2" 2>/dev/null | jq -r .format)" \
  qcow2 "rhel5-mixed -> kvm: the disk is qcow2"
tap_ok virt-xml-validate "$out/rhel5-mixed.xml" domain -- "rhel5-mixed -> kvm: the XML validates"
tap_ok grep -q "<domain type=\"kvm\">" "$out/rhel5-mixed.xml" -- "rhel5-mixed -> kvm: a kvm domain"
tap_ok grep -q "file=\"$out/rhel5-mixed-sda.qcow2\"" "$out/rhel5-mixed.xml" \
  -- "rhel5-mixed -> kvm: the XML names the output disk by absolute path"
tap_ok grep -q 'dev="vda" bus="virtio"' "$out/rhel5-mixed.xml" -- "rhel5-mixed -> kvm: virtio disk vda"
tap_is "$(sum "$src")" "$before" "rhel5-mixed -> kvm: source image unchanged"
tap_ok grep -q "kernel 2.6.18-398.el5: .*may not find its root disk on virtio" "$work/mixed.err" \
  -- "rhel5-mixed -> kvm: the initrd that could not be rebuilt is warned about"
tap_ok grep -aq '\[ *[0-9.]*\] rebuilding the initramfs of kernel 2.6.18-398.el5' "$work/mixed.err" \
  -- "rhel5-mixed -> kvm on a terminal: the initrd rebuild's phase line"

# The edits, as inspection sees them in the output image.
"$GUESTLIFT" inspect --no-cache --format json "$out/rhel5-mixed-sda.qcow2" \
  > "$work/after.json" 2> "$work/after.err"
os () { jq -r ".images[0].operating_systems[0].$1" "$work/after.json"; }
tap_is "$(os 'bootloader.default_kernel')" 2.6.18-398.el5 "output: default kernel is now 2.6.18-398.el5"
tap_is "$(os 'xen.fstab_devices | length')" 0 "output: fstab names no Xen disk"
tap_is "$(os 'xen.modprobe_aliases | length')" 0 "output: no Xen modprobe aliases"
tap_is "$(os 'kvm.recommended_kernel')" 2.6.18-398.el5 "output: recommended kernel el5"
tap_is "$(os 'kvm.bootable')" true "output: bootable on KVM"
tap_ok sh -c "! jq -r '.images[0].operating_systems[0].kvm.warnings[]' '$work/after.json' | grep -q 'default boot entry is the Xen'" \
  -- "output: no 'default entry is Xen PV-only' warning any more"
tap_is "$(os 'xen.consoles | join(",")')" "" "output: no Xen console left (inittab, cmdline, securetty)"

# The files themselves: one guestfish session on the output (no -i: the
# report says where everything is).
LIBGUESTFS_BACKEND_SETTINGS=${LIBGUESTFS_BACKEND_SETTINGS:-force_tcg} \
guestfish --ro -a "$out/rhel5-mixed-sda.qcow2" > "$work/files" 2> "$work/gf.err" <<'EOF'
run
mount-ro /dev/VolGroup00/LogVol00 /
mount-ro /dev/sda1 /boot
echo ==fstab
cat /etc/fstab
echo ==grub
cat /boot/grub/grub.conf
echo ==inittab
cat /etc/inittab
echo ==securetty
cat /etc/securetty
echo ==modprobe
cat /etc/modprobe.conf
echo ==autorelabel
is-file /.autorelabel
EOF
tap_is "$?" 0 "guestfish reads the output image"
section () { sed -n "/^==$1\$/,/^==/p" "$work/files" | sed '1d;/^==/d'; }
tap_ok grep -q "^/dev/vda1 " <(section fstab) -- "output fstab: /dev/vda1 for /boot"
tap_ok sh -c "! grep -q xvd '$work/files'" -- "output files: no xvd names left"
tap_ok grep -qx "default=1" <(section grub) -- "output grub.conf: default=1 (the el5 entry)"
tap_ok grep -q "vmlinuz-2.6.18-398.el5 .*console=ttyS0" <(section grub) -- "output grub.conf: el5 entry has console=ttyS0"
tap_ok sh -c "! grep -q 'console=xvc0' '$work/files'" -- "output grub.conf: console=xvc0 gone"
tap_ok grep -q "^co:2345:respawn:/sbin/agetty ttyS0 " <(section inittab) -- "output inittab: getty on ttyS0, same shape"
tap_ok grep -qx ttyS0 <(section securetty) -- "output securetty: ttyS0"
tap_ok grep -qx "alias eth0 virtio_net" <(section modprobe) -- "output modprobe.conf: eth0 virtio_net"
tap_ok grep -qx "alias scsi_hostadapter virtio_blk" <(section modprobe) -- "output modprobe.conf: virtio_blk"
tap_is "$(section autorelabel)" true "output: /.autorelabel (SELinux enforcing)"

# --- RHEL 5 PV-only -> kvm: refused, nothing written ------------------------
out=$work/pv-kvm
mkdir "$out"
src=$FIXTURES/rhel5-pv.img
before=$(sum "$src")
"$GUESTLIFT" convert --to kvm -o "$out" "$src" > /dev/null 2> "$work/pv-kvm.err"
tap_is "$?" 1 "rhel5-pv -> kvm: refused with exit 1"
tap_ok grep -q "2.6.18-398.el5xen" "$work/pv-kvm.err" -- "rhel5-pv -> kvm: the message names the kernel"
tap_ok grep -q "install a non-Xen kernel" "$work/pv-kvm.err" -- "rhel5-pv -> kvm: the message says what to do"
tap_is "$(wc -l < "$work/pv-kvm.err")" 1 "rhel5-pv -> kvm: one line"
tap_is "$(listing "$out")" "" "rhel5-pv -> kvm: no output"

# --- RHEL 5 PV-only -> xen-pv: fine (cached inspection, no appliance) -------
out=$work/pv-xen
mkdir "$out"
"$GUESTLIFT" convert --to xen-pv --output-format raw -o "$out" "$src" > /dev/null 2> "$work/pv-xen.err"
tap_is "$?" 0 "rhel5-pv -> xen-pv: exit 0"
tap_ok virt-xml-validate "$out/rhel5-pv.xml" domain -- "rhel5-pv -> xen-pv: the XML validates"
tap_ok grep -q "<bootloader>" "$out/rhel5-pv.xml" -- "rhel5-pv -> xen-pv: pygrub bootloader"
tap_ok grep -q "<type arch=\"x86_64\" machine=\"xenpv\">linux</type>" "$out/rhel5-pv.xml" -- "rhel5-pv -> xen-pv: PV domain"
tap_is "$(qemu-img info --output=json "$out/rhel5-pv-sda.raw" 2>/dev/null | jq -r .format)" raw \
  "rhel5-pv -> xen-pv: --output-format raw"
tap_is "$(sum "$src")" "$before" "rhel5-pv: source image unchanged"

# --- xl.cfg source config: name, memory, vcpus, MAC carried over ------------
out=$work/xl
mkdir "$out"
cat > "$work/guest.cfg" <<EOF
name = "web01"
memory = 2048
vcpus = 2
vif = [ 'mac=00:16:3e:12:34:56,bridge=br0' ]
disk = [ 'file:$src,xvda,w' ]
bootloader = "pygrub"
EOF
"$GUESTLIFT" convert --to xen-pv --source-config "$work/guest.cfg" -o "$out" "$src" \
  > /dev/null 2> "$work/xl.err"
tap_is "$?" 0 "xl.cfg -> xen-pv: exit 0"
[ -f "$out/web01.xml" ] || sed 's/^/# /' "$work/xl.err"
tap_ok virt-xml-validate "$out/web01.xml" domain -- "xl.cfg: the XML validates"
tap_ok grep -q "<name>web01</name>" "$out/web01.xml" -- "xl.cfg: name carried over"
tap_ok grep -q '<memory unit="MiB">2048</memory>' "$out/web01.xml" -- "xl.cfg: memory 2048 MiB"
tap_ok grep -q "<vcpu>2</vcpu>" "$out/web01.xml" -- "xl.cfg: 2 vCPUs"
tap_ok grep -q 'mac address="00:16:3e:12:34:56"' "$out/web01.xml" -- "xl.cfg: MAC carried over"
tap_ok grep -q 'bridge="br0"' "$out/web01.xml" -- "xl.cfg: bridge carried over"
tap_ok test -f "$out/web01-sda.qcow2" -- "xl.cfg: disk named after the config's name"

# --- --dry-run on Debian (grub2, hvc0, /dev/xvdb1) -> kvm ---------------------
out=$work/dry
mkdir "$out"
src=$FIXTURES/debian-pvops.img
before=$(sum "$src")
"$GUESTLIFT" convert --to kvm --dry-run -o "$out" "$src" > "$work/dry.out" 2> "$work/dry.err"
tap_is "$?" 0 "debian --dry-run: exit 0"
tap_ok grep -q "^+.*console=ttyS0" "$work/dry.out" -- "debian --dry-run: diff adds console=ttyS0"
tap_ok grep -q "^-.*console=hvc0" "$work/dry.out" -- "debian --dry-run: diff drops console=hvc0"
tap_ok grep -q "^+/dev/vdb1" "$work/dry.out" -- "debian --dry-run: fstab /dev/xvdb1 -> /dev/vdb1"
tap_ok grep -q "serial-getty@ttyS0.service" "$work/dry.out" -- "debian --dry-run: systemd getty moves to ttyS0"
tap_ok grep -q "Kernel: 6.1.0-18-amd64" "$work/dry.out" -- "debian --dry-run: names the kernel"
tap_ok grep -q '<domain type="kvm">' "$work/dry.out" -- "debian --dry-run: prints the domain XML"
sed -n '/^<?xml/,$p' "$work/dry.out" > "$work/dry.xml"
tap_ok virt-xml-validate "$work/dry.xml" domain -- "debian --dry-run: that XML validates"
tap_is "$(listing "$out")" "" "debian --dry-run: nothing written"
tap_is "$(sum "$src")" "$before" "debian --dry-run: source image unchanged"

# --- Debian (grub2) and SLES 11 (menu.lst, sysconfig/kernel) -> kvm ---------
# Two real conversions, then ONE inspection of both outputs.
out=$work/more
mkdir "$out"
for g in debian-pvops sles11 rocky9-bls; do
  before=$(sum "$FIXTURES/$g.img")
  "$GUESTLIFT" convert --to kvm --name "$g" -o "$out" "$FIXTURES/$g.img" > /dev/null 2> "$work/$g.err"
  rc=$?
  tap_is "$rc" 0 "$g -> kvm: exit 0"
  [ "$rc" = 0 ] || sed 's/^/# /' "$work/$g.err"
  tap_ok virt-xml-validate "$out/$g.xml" domain -- "$g -> kvm: the XML validates"
  tap_is "$(sum "$FIXTURES/$g.img")" "$before" "$g -> kvm: source image unchanged"
  if [ "$g" = rocky9-bls ]; then
    # fstab by UUID, console already ttyS0: only the default changes.
    tap_ok grep -q "^guestlift: edited /boot/grub2/grubenv" "$work/$g.err" -- "$g -> kvm: says it edited grubenv (the BLS default)"
  else
    tap_ok grep -q "^guestlift: edited /etc/fstab" "$work/$g.err" -- "$g -> kvm: says it edited /etc/fstab"
  fi
done
"$GUESTLIFT" inspect --no-cache --format json "$out/debian-pvops-sda.qcow2" "$out/sles11-sda.qcow2" \
  "$out/rocky9-bls-sda.qcow2" > "$work/more.json" 2>/dev/null
m () { jq -r --arg n "/$1-sda.qcow2" ".images[] | select(.path | endswith(\$n)) | .operating_systems[0].$2" "$work/more.json"; }
tap_is "$(m debian-pvops 'xen.fstab_devices | length')" 0 "debian output: fstab names no Xen disk (/dev/xvdb1 -> /dev/vdb1)"
tap_is "$(m debian-pvops 'xen.consoles | join(",")')" "" "debian output: no Xen console (grub.cfg, getty link)"
tap_is "$(m debian-pvops 'kvm.bootable')" true "debian output: bootable"
tap_is "$(m sles11 'bootloader.default_kernel')" 3.0.101-63-default "sles output: menu.lst default is kernel-default"
tap_is "$(m sles11 'xen.fstab_devices | length')" 0 "sles output: fstab names no Xen disk"
tap_is "$(m sles11 'xen.consoles | join(",")')" "" "sles output: no Xen console (inittab, securetty, cmdline)"
tap_is "$(m sles11 'xen.modprobe_aliases | length')" 0 "sles output: no Xen modprobe alias"
tap_is "$(m rocky9-bls 'bootloader.default_kernel')" 5.14.0-362.8.1.el9_3.x86_64 \
  "rocky output: grubenv's saved_entry now names the chosen kernel's BLS entry"
tap_is "$(m rocky9-bls 'kvm.bootable')" true "rocky output: bootable"

# --- a libvirt XML source config (<domain type='xen'>), planned with --dry-run
cat > "$work/guest.xml" <<'XML'
<domain type='xen'>
  <name>db01</name>
  <memory unit='GiB'>3</memory>
  <vcpu>4</vcpu>
  <os><type>linux</type></os>
  <bootloader>/usr/bin/pygrub</bootloader>
  <devices>
    <disk type='file' device='disk'><source file='/srv/xen/db01.img'/><target dev='xvda'/></disk>
    <interface type='bridge'><mac address='00:16:3e:aa:bb:cc'/><source bridge='xenbr0'/></interface>
  </devices>
</domain>
XML
out=$work/lv
mkdir "$out"
"$GUESTLIFT" convert --to kvm --dry-run --source-config "$work/guest.xml" -o "$out" "$FIXTURES/rhel5-mixed.img" > "$work/lv.out" 2> "$work/lv.err"
tap_is "$?" 0 "libvirt XML source config: --dry-run exit 0"
sed -n '/^<?xml/,$p' "$work/lv.out" > "$work/lv.xml"
tap_ok grep -q "<name>db01</name>" "$work/lv.xml" -- "libvirt XML source: name carried over"
tap_ok grep -q '<memory unit="MiB">3072</memory>' "$work/lv.xml" -- "libvirt XML source: 3 GiB -> 3072 MiB"
tap_ok grep -q "<vcpu>4</vcpu>" "$work/lv.xml" -- "libvirt XML source: 4 vCPUs"
tap_ok grep -q 'mac address="00:16:3e:aa:bb:cc"' "$work/lv.xml" -- "libvirt XML source: MAC carried over"
tap_ok grep -q "<model type=\"virtio\"/>" "$work/lv.xml" -- "libvirt XML source: virtio NIC on kvm"
tap_is "$(listing "$out")" "" "libvirt XML source --dry-run: nothing written"

# --- interrupted: SIGINT while the copy is being edited leaves nothing -------
out=$work/killed
mkdir "$out"
src=$FIXTURES/sles11.img
before=$(sum "$src")
"$GUESTLIFT" convert --to kvm -o "$out" "$src" > /dev/null 2> "$work/killed.err" &
pid=$!
# Wait for the first temporary output (the copy has started), then a
# little more so the appliance is working on it.
for _ in $(seq 1 600); do
  compgen -G "$out/.*guestlift-tmp*" > /dev/null && break
  kill -0 "$pid" 2>/dev/null || break
  sleep 0.2
done
had_tmp=no
compgen -G "$out/.*guestlift-tmp*" > /dev/null && had_tmp=yes
sleep 3
kill -INT "$pid" 2>/dev/null
wait "$pid"
rc=$?
tap_is "$had_tmp" yes "interrupted: temporary outputs existed while it ran"
tap_is "$rc" 130 "interrupted: killed by SIGINT (status 130)"
tap_is "$(listing "$out")" "" "interrupted: the output directory holds nothing"
tap_is "$(sum "$src")" "$before" "interrupted: source image unchanged"

# --- bad input ---------------------------------------------------------------
out=$work/bad
mkdir "$out"
"$GUESTLIFT" convert --to kvm -o "$out" "$work/no-such.img" > /dev/null 2> "$work/bad.err"
tap_is "$?" 1 "missing image: exit 1"
tap_ok grep -q "$work/no-such.img" "$work/bad.err" -- "missing image: the path is named"
"$GUESTLIFT" convert --to bogus -o "$out" "$FIXTURES/rhel5-pv.img" > /dev/null 2>&1
tap_is "$?" 2 "--to bogus: exit 2"
"$GUESTLIFT" convert -o "$out" "$FIXTURES/rhel5-pv.img" > /dev/null 2>&1
tap_is "$?" 2 "no --to: exit 2"
"$GUESTLIFT" convert --to kvm --output-format vmdk "$FIXTURES/rhel5-pv.img" > /dev/null 2>&1
tap_is "$?" 2 "--output-format vmdk: exit 2"
"$GUESTLIFT" convert --to kvm --name ../evil "$FIXTURES/rhel5-pv.img" > /dev/null 2>&1
tap_is "$?" 2 "--name with a slash: exit 2"
"$GUESTLIFT" convert --to xen-pv --kernel 9.9.9 -o "$out" "$FIXTURES/rhel5-pv.img" > /dev/null 2> "$work/kern.err"
tap_is "$?" 1 "--kernel unknown: exit 1"
tap_ok grep -q "available: 2.6.18-398.el5xen" "$work/kern.err" -- "--kernel unknown: names the available kernels"
tap_is "$(listing "$out")" "" "bad input: no output"
tap_ok sh -c "'$GUESTLIFT' convert --help | grep -q -- --dry-run" -- "--help lists the options"

tap_done
