#!/bin/bash
# guestlift inspect on every fixture, in ONE invocation (one appliance for
# all good images): each fact of the report on each fixture, the exit
# statuses, and the XML output validated against the shipped RNG schema.
. "${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/lib.sh"
require_fixtures
require_prog jq

work=$(mktemp -d "${TMPDIR:-/tmp}/gl-inspect.XXXXXX")
trap 'rm -rf "$work"' EXIT
export XDG_CACHE_HOME=$work/cache

images="rhel5-pv.img rhel5-mixed.img debian-pvops.img xen-named-pvops.img
  ikconfig-xen.img centos5-i386.img sles11.img two-os.img blank.img noos.img
  empty.img random.img truncated.qcow2 missing-backing.qcow2 debian-pvops.qcow2
  rocky9-bls.img debian-btrfs.img"
args=()
for i in $images; do args+=("$FIXTURES/$i"); done

"$GUESTLIFT" inspect --format json "${args[@]}" > "$work/all.json" 2> "$work/stderr"
rc=$?
tap_is "$rc" 1 "inspect exits 1 when some image cannot be inspected"
tap_ok jq -e . "$work/all.json" -- "the JSON report parses"
tap_is "$(jq '.images | length' "$work/all.json")" 17 "one report entry per image"

# --- appliance policy: the KVM/TCG answer is remembered in the cache dir,
# and a TCG fallback is announced once.
accel=$(cut -d' ' -f1 "$XDG_CACHE_HOME/guestlift/accel" 2>/dev/null)
tap_ok test "$accel" = kvm -o "$accel" = tcg -- "the accelerator answer is cached ($accel)"
if [ "$accel" = tcg ]; then
  tap_is "$(grep -c 'KVM cannot run guests' "$work/stderr")" 1 "the TCG fallback is announced once"
else
  tap_is "$(grep -c 'KVM cannot run guests' "$work/stderr")" 0 "no TCG notice when KVM works"
fi

# q IMAGE FILTER: jq FILTER applied to the image's entry.
q () { jq -r --arg n "/$1" ".images[] | select(.path | endswith(\$n)) | $2" "$work/all.json"; }
# k IMAGE VERSION FILTER: the kernel of that version.
k () { q "$1" ".operating_systems[0].kernels[] | select(.version == \"$2\") | .$3"; }
os () { q "$1" ".operating_systems[0].$2"; }

# --- RHEL 5 PV-only guest (LVM VolGroup00, /boot on ext3, grub legacy)
tap_is "$(q rhel5-pv.img '.error')" null "rhel5-pv: no error"
tap_is "$(q rhel5-pv.img '.format')" raw "rhel5-pv: format raw"
tap_is "$(os rhel5-pv.img root)" /dev/VolGroup00/LogVol00 "rhel5-pv: root is the LVM root LV"
tap_is "$(os rhel5-pv.img type)" linux "rhel5-pv: type linux"
tap_is "$(os rhel5-pv.img distro)" rhel "rhel5-pv: distro rhel"
tap_is "$(os rhel5-pv.img 'version.major').$(os rhel5-pv.img 'version.minor')" 5.11 "rhel5-pv: version 5.11"
tap_is "$(os rhel5-pv.img product_name)" "Red Hat Enterprise Linux Server release 5.11 (Tikanga)" "rhel5-pv: product name"
tap_is "$(os rhel5-pv.img arch)" x86_64 "rhel5-pv: arch x86_64"
tap_is "$(os rhel5-pv.img hostname)" rhel5-pv.example.com "rhel5-pv: hostname from /etc/sysconfig/network"
tap_is "$(os rhel5-pv.img package_format)/$(os rhel5-pv.img package_management)" rpm/yum "rhel5-pv: rpm/yum"
tap_is "$(os rhel5-pv.img 'mountpoints["/boot"]')" /dev/sda1 "rhel5-pv: /boot is /dev/sda1 (from /dev/xvda1 in fstab)"
tap_is "$(os rhel5-pv.img 'bootloader.type')" grub-legacy "rhel5-pv: grub legacy"
tap_is "$(os rhel5-pv.img 'bootloader.default_kernel')" 2.6.18-398.el5xen "rhel5-pv: default kernel"
tap_is "$(os rhel5-pv.img 'kernels | length')" 1 "rhel5-pv: one kernel"
tap_is "$(k rhel5-pv.img 2.6.18-398.el5xen vmlinuz)" /boot/vmlinuz-2.6.18-398.el5xen "rhel5-pv: vmlinuz path"
tap_is "$(k rhel5-pv.img 2.6.18-398.el5xen initrd)" /boot/initrd-2.6.18-398.el5xen.img "rhel5-pv: initrd paired by version"
tap_is "$(k rhel5-pv.img 2.6.18-398.el5xen config)" /boot/config-2.6.18-398.el5xen "rhel5-pv: config file"
tap_is "$(k rhel5-pv.img 2.6.18-398.el5xen config_source)" file "rhel5-pv: config_source file"
tap_is "$(k rhel5-pv.img 2.6.18-398.el5xen xen_pv_only)" true "rhel5-pv: kernel-xen is PV-only"
tap_is "$(k rhel5-pv.img 2.6.18-398.el5xen xen_pv_only_evidence)" CONFIG_X86_64_XEN=y "rhel5-pv: evidence CONFIG_X86_64_XEN=y"
tap_is "$(k rhel5-pv.img 2.6.18-398.el5xen 'virtio.blk')" false "rhel5-pv: no virtio_blk"
tap_is "$(k rhel5-pv.img 2.6.18-398.el5xen initrd_has_virtio_blk)" false "rhel5-pv: initrd lacks virtio_blk"
tap_is "$(k rhel5-pv.img 2.6.18-398.el5xen default)" true "rhel5-pv: kernel is the default"
tap_is "$(os rhel5-pv.img 'xen.fstab_devices | join(",")')" /dev/xvda1 "rhel5-pv: fstab Xen devices"
tap_ok grep -qx xvc0 <(os rhel5-pv.img 'xen.consoles[]') -- "rhel5-pv: xvc0 console found"
tap_ok grep -qx "alias eth0 xennet" <(os rhel5-pv.img 'xen.modprobe_aliases[]') -- "rhel5-pv: modprobe alias eth0 xennet"
tap_is "$(os rhel5-pv.img 'kvm.bootable')" false "rhel5-pv: not bootable on KVM"
tap_is "$(os rhel5-pv.img 'kvm.recommended_kernel')" null "rhel5-pv: no recommended kernel"
tap_ok grep -q "PV-only (2.6.18-398.el5xen)" <(os rhel5-pv.img 'kvm.blockers[]') -- "rhel5-pv: blocker names the PV-only kernel"

# --- RHEL 5 with a second, non-Xen kernel (same VG name as rhel5-pv!)
tap_is "$(q rhel5-mixed.img '.error')" null "rhel5-mixed: no error (duplicate VolGroup00 told apart)"
tap_is "$(os rhel5-mixed.img hostname)" rhel5-mixed.example.com "rhel5-mixed: its own hostname, not rhel5-pv's"
tap_is "$(os rhel5-mixed.img 'kernels | length')" 2 "rhel5-mixed: two kernels"
tap_is "$(k rhel5-mixed.img 2.6.18-398.el5 xen_pv_only)" false "rhel5-mixed: el5 kernel not PV-only"
tap_is "$(k rhel5-mixed.img 2.6.18-398.el5 xen_pv_only_evidence)" null "rhel5-mixed: no evidence for el5"
tap_is "$(k rhel5-mixed.img 2.6.18-398.el5 'virtio.blk')" true "rhel5-mixed: el5 has virtio_blk"
tap_is "$(k rhel5-mixed.img 2.6.18-398.el5 'virtio.net')" true "rhel5-mixed: el5 has virtio_net"
tap_is "$(k rhel5-mixed.img 2.6.18-398.el5 initrd_has_virtio_blk)" false "rhel5-mixed: el5 initrd lacks virtio_blk"
tap_is "$(k rhel5-mixed.img 2.6.18-398.el5xen xen_pv_only)" true "rhel5-mixed: el5xen PV-only"
tap_is "$(os rhel5-mixed.img 'kvm.bootable')" true "rhel5-mixed: bootable"
tap_is "$(os rhel5-mixed.img 'kvm.recommended_kernel')" 2.6.18-398.el5 "rhel5-mixed: recommends the non-Xen kernel"
tap_ok grep -q "default boot entry" <(os rhel5-mixed.img 'kvm.warnings[]') -- "rhel5-mixed: warns the default entry is PV-only"

# --- Debian 12 pvops guest, grub2
tap_is "$(os debian-pvops.img distro)" debian "debian: distro"
tap_is "$(os debian-pvops.img 'version.major')" 12 "debian: version 12"
tap_is "$(os debian-pvops.img hostname)" debian-pvops "debian: hostname"
tap_is "$(os debian-pvops.img root)" /dev/sda1 "debian: root /dev/sda1"
tap_is "$(os debian-pvops.img package_format)/$(os debian-pvops.img package_management)" deb/apt "debian: deb/apt"
tap_is "$(os debian-pvops.img 'bootloader.type')" grub2 "debian: grub2"
tap_is "$(os debian-pvops.img 'bootloader.default_kernel')" 6.1.0-18-amd64 "debian: grub2 default kernel"
tap_is "$(k debian-pvops.img 6.1.0-18-amd64 xen_pv_only)" false "debian: pvops kernel (CONFIG_XEN=y) is not PV-only"
tap_is "$(k debian-pvops.img 6.1.0-18-amd64 'virtio | [.blk,.net,.scsi,.rng,.balloon,.console] | all')" true "debian: all virtio drivers"
tap_is "$(k debian-pvops.img 6.1.0-18-amd64 initrd)" /boot/initrd.img-6.1.0-18-amd64 "debian: initrd.img-V paired"
tap_is "$(k debian-pvops.img 6.1.0-18-amd64 initrd_has_virtio_blk)" true "debian: virtio_blk found in microcode+zstd initramfs"
tap_is "$(os debian-pvops.img 'xen.fstab_devices | join(",")')" /dev/xvdb1 "debian: /dev/xvdb1 in fstab"
tap_ok grep -qx hvc0 <(os debian-pvops.img 'xen.consoles[]') -- "debian: hvc0 console (cmdline / getty)"
tap_is "$(os debian-pvops.img 'kvm.bootable')" true "debian: bootable"
tap_is "$(os debian-pvops.img 'kvm.recommended_kernel')" 6.1.0-18-amd64 "debian: recommended kernel"

# --- the same guest as qcow2: format detected, same facts
# Rocky 9: GPT, XFS root on a partition, grub2 + BLS entries, default
# saved in grubenv by BLS id (the older kernel, not the first in the menu).
tap_is "$(os rocky9-bls.img distro)/$(os rocky9-bls.img 'version.major').$(os rocky9-bls.img 'version.minor')" rocky/9.3 "rocky: distro rocky 9.3"
tap_is "$(os rocky9-bls.img hostname)" rocky9-bls.example.com "rocky: hostname"
tap_is "$(os rocky9-bls.img root)" /dev/sda3 "rocky: root is GPT partition 3 (XFS)"
tap_is "$(os rocky9-bls.img 'mountpoints["/boot"]')" /dev/sda2 "rocky: /boot from fstab's UUID= is partition 2"
tap_is "$(os rocky9-bls.img 'bootloader.type')/$(os rocky9-bls.img 'bootloader.config')" grub2//boot/grub2/grub.cfg "rocky: grub2, /boot/grub2/grub.cfg"
tap_is "$(os rocky9-bls.img 'bootloader.default_kernel')" 5.14.0-284.11.1.el9_2.x86_64 "rocky: the default is grubenv's saved_entry, a BLS id"
tap_is "$(q rocky9-bls.img '[.operating_systems[0].kernels[].version] | sort | join(",")')" \
  5.14.0-284.11.1.el9_2.x86_64,5.14.0-362.8.1.el9_3.x86_64 "rocky: two kernels (the rescue entry's files are missing)"
tap_is "$(k rocky9-bls.img 5.14.0-284.11.1.el9_2.x86_64 default)" true "rocky: the 284 kernel is marked default"
tap_is "$(k rocky9-bls.img 5.14.0-362.8.1.el9_3.x86_64 initrd)" /boot/initramfs-5.14.0-362.8.1.el9_3.x86_64.img "rocky: dracut initramfs-V.img paired"
tap_is "$(k rocky9-bls.img 5.14.0-362.8.1.el9_3.x86_64 xen_pv_only)" false "rocky: pvops kernel is not PV-only"
tap_is "$(os rocky9-bls.img 'kvm.bootable')" true "rocky: bootable"

# Debian on btrfs: the root is the subvolume @ (the top level is not an
# OS), named as libguestfs names subvolumes.
tap_is "$(q debian-btrfs.img '.operating_systems | length')" 1 "btrfs: one OS (the top level and @home are not roots)"
tap_is "$(os debian-btrfs.img root)" btrfsvol:/dev/sda1/@ "btrfs: root is the subvolume @"
tap_is "$(os debian-btrfs.img 'mountpoints["/home"]')" btrfsvol:/dev/sda1//@home "btrfs: /home is the subvolume /@home (fstab subvol=/@home, as written)"
tap_is "$(os debian-btrfs.img distro)/$(os debian-btrfs.img hostname)" debian/debian-btrfs "btrfs: distro and hostname"
tap_is "$(os debian-btrfs.img 'bootloader.default_kernel')" 6.1.0-18-amd64 "btrfs: /boot inside @: grub and kernel found"
tap_is "$(os debian-btrfs.img 'kvm.bootable')" true "btrfs: bootable"

tap_is "$(q debian-pvops.qcow2 '.format')" qcow2 "debian qcow2: format qcow2"
tap_is "$(q debian-pvops.qcow2 '.operating_systems[0].kernels[0].version')" 6.1.0-18-amd64 "debian qcow2: same kernel"
tap_is "$(q debian-pvops.qcow2 '.operating_systems[0].kvm.bootable')" true "debian qcow2: same verdict"

# --- a kernel named -xen with a pvops config
tap_is "$(k xen-named-pvops.img 2.6.24-32-xen xen_pv_only)" false "xen-named: a -xen name with a pvops config is not PV-only"
tap_is "$(os xen-named-pvops.img 'kvm.bootable')" true "xen-named: bootable"

# --- IKCONFIG only
tap_is "$(k ikconfig-xen.img 2.6.18-419.el5xen config_source)" ikconfig "ikconfig: config from the image"
tap_is "$(k ikconfig-xen.img 2.6.18-419.el5xen config)" null "ikconfig: no config file"
tap_is "$(k ikconfig-xen.img 2.6.18-419.el5xen xen_pv_only)" true "ikconfig: embedded X86_64_XEN => PV-only"
tap_is "$(k ikconfig-xen.img 2.6.18-419.el5xen xen_pv_only_evidence)" CONFIG_X86_64_XEN=y "ikconfig: evidence"
tap_is "$(k ikconfig-xen.img 3.10.0-custom config_source)" ikconfig "ikconfig: bzImage payload config found"
tap_is "$(k ikconfig-xen.img 3.10.0-custom xen_pv_only)" false "ikconfig: pvops bzImage not PV-only"
tap_is "$(k ikconfig-xen.img 2.6.18-nocfg.el5xen config_source)" none "ikconfig: no config at all => none"
tap_is "$(k ikconfig-xen.img 2.6.18-nocfg.el5xen xen_pv_only)" null "ikconfig: no config at all => null"
tap_ok grep -q "2.6.18-nocfg.el5xen.*Xen" <(os ikconfig-xen.img 'kvm.warnings[]') -- "ikconfig: warning names the unknown kernel and the image format evidence"
tap_is "$(os ikconfig-xen.img 'kvm.recommended_kernel')" 3.10.0-custom "ikconfig: recommends the pvops kernel"

# --- 32-bit XenLinux
tap_is "$(k centos5-i386.img 2.6.18-398.el5xen xen_pv_only_evidence)" CONFIG_X86_XEN=y "i386: evidence CONFIG_X86_XEN=y"
tap_is "$(k centos5-i386.img 2.6.18-398.el5xen arch)" i686 "i386: kernel arch i686"
tap_is "$(os centos5-i386.img arch)" i386 "i386: OS arch i386"
tap_is "$(os centos5-i386.img distro)" centos "i386: distro centos"
tap_is "$(os centos5-i386.img 'kvm.bootable')" false "i386: not bootable"

# --- SLES 11 (kernel-xen + kernel-default)
tap_is "$(os sles11.img distro)" sles "sles: distro sles"
tap_is "$(os sles11.img 'version.major').$(os sles11.img 'version.minor')" 11.4 "sles: version 11.4 (SP4)"
tap_is "$(os sles11.img hostname)" sles11.example.com "sles: hostname from /etc/HOSTNAME"
tap_is "$(os sles11.img package_management)" zypper "sles: zypper"
tap_is "$(k sles11.img 3.0.101-63-xen xen_pv_only)" true "sles: -xen kernel PV-only"
tap_is "$(k sles11.img 3.0.101-63-default xen_pv_only)" false "sles: -default kernel not PV-only"
tap_is "$(os sles11.img 'kvm.recommended_kernel')" 3.0.101-63-default "sles: recommends kernel-default"
tap_is "$(os sles11.img 'mountpoints["/boot"]')" /dev/sda1 "sles: /boot mountpoint"

# --- two OSes on one disk, one with a hostile hostname
tap_is "$(q two-os.img '.operating_systems | length')" 2 "two-os: two operating systems"
tap_is "$(q two-os.img '[.operating_systems[].distro] | sort | join(",")')" debian,rhel "two-os: debian and rhel"
tap_is "$(q two-os.img '.operating_systems[] | select(.distro == "rhel") | .hostname')" "\"evil<&'\\\">host\"" "two-os: hostname with <&'\"> round-trips through JSON (as written, quotes kept, as libguestfs reads it)"

# --- no OS, bad inputs
for i in blank.img noos.img random.img; do
  tap_is "$(q $i '.error')" "no operating system found" "$i: no operating system found"
  tap_is "$(q $i '.operating_systems | length')" 0 "$i: no OS in the report"
done
tap_ok grep -q "empty" <(q empty.img '.error') -- "empty.img: error says the file is empty"
tap_ok test "$(q truncated.qcow2 '.error')" != null -- "truncated.qcow2: has an error"
tap_ok grep -qi "backing" <(q missing-backing.qcow2 '.error') -- "missing-backing.qcow2: error names the backing file"
tap_ok grep -q "truncated.qcow2" "$work/stderr" -- "stderr names the bad image"

# --- XML: the same run rendered as XML validates against the RNG
"$GUESTLIFT" inspect --format xml "${args[@]}" > "$work/all.xml" 2>/dev/null
tap_is "$?" 1 "XML run: same exit status"
tap_ok "$XMLLINT" --noout --relaxng "$top_srcdir/data/guestlift-report.rng" "$work/all.xml" -- "XML report validates against data/guestlift-report.rng"
tap_ok grep -q "evil&lt;&amp;" "$work/all.xml" -- "XML escapes the hostile hostname"

# --- exit statuses and the text report of single guests
"$GUESTLIFT" inspect --format text "$FIXTURES/rhel5-pv.img" > "$work/pv.txt" 2>/dev/null
tap_is "$?" 3 "a PV-only guest exits 3"
tap_ok grep -q "KVM: NOT BOOTABLE" "$work/pv.txt" -- "text report says NOT BOOTABLE"
"$GUESTLIFT" inspect --format json "$FIXTURES/debian-pvops.img" > /dev/null 2>&1
tap_is "$?" 0 "a bootable guest exits 0"
"$GUESTLIFT" inspect /nonexistent.img > /dev/null 2> "$work/err1"
tap_is "$?" 1 "a missing image exits 1"
tap_ok grep -q "^guestlift: /nonexistent.img: " "$work/err1" -- "the error line names the missing path"
"$GUESTLIFT" inspect --format yaml x > /dev/null 2>&1
tap_is "$?" 2 "a bad --format is a usage error (2)"

# --- a launch that hangs is killed, tried once more, then reported
# (--appliance: the host-side reader would answer for noos.img itself)
GUESTLIFT_LAUNCH_TIMEOUT=1 "$GUESTLIFT" inspect --appliance --no-cache --format json "$FIXTURES/noos.img" > /dev/null 2> "$work/hang.err"
tap_is "$?" 1 "an appliance that does not start in time fails the image (exit 1)"
tap_ok grep -q "did not start within 1 s (twice)" "$work/hang.err" -- "the message says the appliance did not start in time"
sed 's/^/# stderr: /' "$work/hang.err" | head -n 5

# --- several disks of one guest
"$GUESTLIFT" inspect --one-guest --format json "$FIXTURES/debian-pvops.img" "$FIXTURES/blank.img" > "$work/one.json" 2>/dev/null
tap_is "$?" 0 "--one-guest: a guest with an extra blank disk exits 0"
tap_is "$(jq -r '.images[0].operating_systems[0].distro' "$work/one.json")" debian "--one-guest: the OS is reported under the first disk"
tap_is "$(jq -r '.images[1].error' "$work/one.json")" null "--one-guest: the second disk has no error"

# --- compact JSON is one line and the same document
"$GUESTLIFT" inspect --format json --format-opt compact "$FIXTURES/debian-pvops.img" > "$work/compact.json" 2>/dev/null
tap_is "$(wc -l < "$work/compact.json")" 1 "--format-opt compact prints one line"
tap_is "$(jq -S . "$work/compact.json" | md5sum)" "$("$GUESTLIFT" inspect --format json "$FIXTURES/debian-pvops.img" 2>/dev/null | jq -S . | md5sum)" "compact JSON holds the same facts"

tap_done
