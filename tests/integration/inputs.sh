#!/bin/bash
# Where disks and NICs come from, as libguestfs, virsh and virt-v2v users
# name them: -a IMAGE, --format-disk before -a, -d DOMAIN with -c URI (or
# LIBVIRT_DEFAULT_URI), convert --source-config without IMAGE, -b/-n NIC
# mapping, one NIC on "default" without a source config, and convert's
# phase lines (on a terminal only).
#
# The libvirt domains live in a libvirt test driver file
# (test:///PATH.xml): libvirt reads it in the process, no daemon.
# Appliance launches: two inspections (the rest reuses the inspection
# cache), one kvm dry run, one kernel extraction (launch).
. "${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/lib.sh"
require_prog jq virsh virt-xml-validate script
require_fixtures

work=$(mktemp -d "${TMPDIR:-/tmp}/gl-inputs.XXXXXX")
# A domain defined in the qemu:///session daemon (below) is undefined.
sess=
sess_uri=qemu:///session
sess_env=()
sess_virsh () { "${sess_env[@]}" virsh -c "$sess_uri" "$@"; }
cleanup () {
  [ -z "$sess" ] || sess_virsh undefine "$sess" > /dev/null 2>&1
  # The private session daemon of the root case (below) goes with us.
  if [ -f "$work/sess-home/run/libvirt/libvirtd.pid" ]; then
    kill "$(cat "$work/sess-home/run/libvirt/libvirtd.pid")" 2> /dev/null
  fi
  rm -rf "$work"
}
trap cleanup EXIT
export XDG_CACHE_HOME=$work/cache
unset LIBVIRT_DEFAULT_URI

pv=$FIXTURES/rhel5-pv.img
deb=$FIXTURES/debian-pvops.img

# web01: rhel5-pv on Xen's bridge; deb01: debian-pvops on a network.
cat > "$work/node.xml" <<EOF
<node>
  <domain type='test'>
    <name>web01</name>
    <memory unit='MiB'>512</memory>
    <vcpu>2</vcpu>
    <os><type>hvm</type></os>
    <devices>
      <disk type='file' device='disk'>
        <driver name='qemu' type='raw'/>
        <source file='$pv'/>
        <target dev='xvda' bus='xen'/>
      </disk>
      <disk type='file' device='cdrom'>
        <source file='$work/absent.iso'/>
        <target dev='hdc' bus='ide'/>
      </disk>
      <interface type='bridge'>
        <mac address='00:16:3e:11:22:33'/>
        <source bridge='xenbr0'/>
      </interface>
    </devices>
  </domain>
  <domain type='test'>
    <name>deb01</name>
    <memory unit='MiB'>768</memory>
    <vcpu>1</vcpu>
    <os><type>hvm</type></os>
    <devices>
      <disk type='file' device='disk'>
        <driver name='qemu' type='raw'/>
        <source file='$deb'/>
        <target dev='xvda' bus='xen'/>
      </disk>
      <interface type='network'>
        <mac address='00:16:3e:44:55:66'/>
        <source network='lan'/>
      </interface>
    </devices>
  </domain>
</node>
EOF
uri=test://$work/node.xml
virsh -c "$uri" dominfo web01 > /dev/null 2>&1 ||
  tap_skip_all "libvirt's test driver cannot read $work/node.xml"

# --- Usage errors (no appliance) ----------------------------------------
usage () {
  local what=$1; shift
  "$GUESTLIFT" "$@" > "$work/u.out" 2> "$work/u.err"
  tap_is "$?" 2 "usage error: $what"
}
usage "-c without -d" inspect -c "$uri" "$pv"
usage "-d with an IMAGE" inspect -c "$uri" -d web01 "$pv"
usage "-d twice" audit -c "$uri" -d web01 -d deb01
usage "two formats in one run" inspect --format-disk raw -a "$pv" --format-disk qcow2 -a "$deb"
usage "-d and --source-config" convert --to kvm -c "$uri" -d web01 --source-config "$work/node.xml"
usage "-b with an empty OUT" convert --to kvm -b xenbr0: "$pv"
usage "-b IN given twice" convert --to kvm -b xenbr0:br0 -b xenbr0:br1 "$pv"
usage "-n OUT given twice" convert --to kvm -n a -n b "$pv"
tap_ok grep -q "^guestlift: convert: --network b: a second default" "$work/u.err" \
  -- "-n twice: the message names the option and the cause"
usage "audit --merge with -a" audit --merge -a "$pv"

"$GUESTLIFT" inspect -c "$uri" -d nosuch > "$work/e.out" 2> "$work/e.err"
tap_is "$?" 1 "-d of an unknown domain: exit 1"
tap_ok grep -q "^guestlift: nosuch: no libvirt domain nosuch" "$work/e.err" \
  -- "-d of an unknown domain: one line naming it"
tap_is "$(wc -l < "$work/e.err")" 1 "-d of an unknown domain: libvirt's own message is not printed too"
tap_is "$(wc -c < "$work/e.out")" 0 "-d of an unknown domain: no partial report"

# --- -a and --format-disk: one appliance --------------------------------
# On a terminal (script(1)), so that the progress line shows too.
script -qec "'$GUESTLIFT' inspect --format json --format-disk raw '$pv' -a '$deb' > '$work/a.json'" \
  "$work/a.tty" > /dev/null
tap_is "$?" 3 "inspect -a: exit 3 (rhel5-pv cannot boot on KVM)"
tap_ok grep -Eaq "inspecting \[0/2\] [0-9]+s starting the appliance" "$work/a.tty" \
  -- "inspect on a terminal: the progress line says it waits on the appliance, with the time so far"
tap_is "$(jq -r '[.images[].path] | join(" ")' "$work/a.json")" "$deb $pv" \
  "inspect -a: the -a images first, then the IMAGE arguments"
tap_is "$(jq -r '[.images[].format] | join(" ")' "$work/a.json")" "raw raw" \
  "--format-disk applies to the -a after it and to the IMAGE arguments"
tap_is "$(jq -r '.images[1].operating_systems[0].distro' "$work/a.json")" rhel \
  "inspect -a: rhel5-pv inspected"

# --- -d (one guest: its disks, not its CD-ROM) --------------------------
"$GUESTLIFT" inspect --format json --format-disk raw -c "$uri" -d web01 \
  > "$work/d.json" 2> "$work/d.err"
tap_is "$?" 3 "inspect -c URI -d web01: exit 3"
tap_is "$(jq -r '[.images[].path] | join(" ")' "$work/d.json")" "$pv" \
  "inspect -d: the domain's disk, its CD-ROM left out"
tap_is "$(jq -r '.images[0].operating_systems[0].kvm.bootable' "$work/d.json")" false \
  "inspect -d: the same verdict as the image alone"
LIBVIRT_DEFAULT_URI=$uri "$GUESTLIFT" audit --format json --format-disk raw -d web01 \
  > "$work/ad.json" 2> "$work/ad.err"
tap_is "$?" 3 "audit -d with LIBVIRT_DEFAULT_URI: exit 3"
tap_is "$(jq -r '.summary.blocked_guests | length' "$work/ad.json")" 1 \
  "audit -d: one blocked guest (the connection came from LIBVIRT_DEFAULT_URI)"

# --- -d with -c qemu:///session: a domain defined (never started) in the
# user's session daemon, its disk rhel5-pv (inspected above: cached, no
# appliance).  libvirt sends root's qemu:///session to the system
# daemon, so as root the session daemon is a private one of the user
# nobody (its HOME and XDG_RUNTIME_DIR in the work folder), defined
# through virsh run as nobody and reached by guestlift through its
# socket (qemu+unix:///session?socket=...): the same session driver.
# Without a session daemon the points are skipped with libvirt's reason.
if [ "$(id -u)" = 0 ] && command -v runuser > /dev/null && id nobody > /dev/null 2>&1; then
  sh=$work/sess-home
  mkdir -p "$sh/run" && chown nobody "$sh" "$sh/run" && chmod 700 "$sh/run"
  chmod 711 "$work"
  sess_env=(runuser -u nobody -- env HOME="$sh" XDG_RUNTIME_DIR="$sh/run"
            XDG_CONFIG_HOME="$sh/config" XDG_CACHE_HOME="$sh/cache")
  sess_connect=qemu+unix:///session?socket=$sh/run/libvirt/libvirt-sock
else
  sess_connect=qemu:///session
fi
cat > "$work/sess.xml" <<EOF
<domain type='qemu'>
  <name>gl-inputs-$$</name>
  <memory unit='MiB'>384</memory>
  <vcpu>1</vcpu>
  <os><type arch='x86_64'>hvm</type></os>
  <devices>
    <disk type='file' device='disk'>
      <driver name='qemu' type='raw'/>
      <source file='$pv'/>
      <target dev='vda' bus='virtio'/>
    </disk>
  </devices>
</domain>
EOF
chmod 644 "$work/sess.xml"
if sess_virsh define "$work/sess.xml" > /dev/null 2> "$work/sess.err"; then
  sess=gl-inputs-$$
  "$GUESTLIFT" inspect --format json -c "$sess_connect" -d "$sess" \
    > "$work/sess.json" 2> "$work/sess-i.err"
  tap_is "$?" 3 "inspect -c qemu:///session -d NAME: exit 3 (rhel5-pv cannot boot on KVM)"
  tap_is "$(jq -r '[.images[].path] | join(" ")' "$work/sess.json")" "$pv" \
    "inspect -c qemu:///session -d NAME: the domain's disk"
  "$GUESTLIFT" convert --to xen-pv --dry-run -c "$sess_connect" -d "$sess" \
    > "$work/sess.out" 2> "$work/sess-c.err"
  rc=$?
  tap_is "$rc" 0 "convert --dry-run -c qemu:///session -d NAME: exit 0"
  [ "$rc" = 0 ] || sed 's/^/# /' "$work/sess-c.err"
  tap_ok grep -q "^Guest: $pv\$" "$work/sess.out" -- "convert -c qemu:///session -d NAME: the domain's disk"
  tap_ok grep -q '<memory unit="MiB">384</memory>' "$work/sess.out" \
    -- "convert -c qemu:///session -d NAME: the domain's XML is the source config (its memory)"
else
  why=$(grep . "$work/sess.err" | tail -n 1 | sed "s/^error: //")
  for p in "inspect -c qemu:///session -d NAME: exit 3" "inspect -c qemu:///session -d NAME: the domain's disk" \
           "convert --dry-run -c qemu:///session -d NAME: exit 0" "convert -c qemu:///session -d NAME: the domain's disk" \
           "convert -c qemu:///session -d NAME: the domain's XML is the source config (its memory)"; do
    tap_skip "$p" "qemu:///session: ${why:-cannot define a domain}"
  done
fi

# --- convert -d, to xen-pv (no guest edits: no appliance) ---------------
out=$work/out-d
mkdir "$out"
"$GUESTLIFT" convert --to xen-pv --format-disk raw -c "$uri" -d web01 -b xenbr0:br0 \
  -o "$out" > "$work/cd.out" 2> "$work/cd.err"
rc=$?
tap_is "$rc" 0 "convert -d web01 --to xen-pv: exit 0"
[ "$rc" = 0 ] || sed 's/^/# /' "$work/cd.err"
tap_is "$(ls "$out" | tr '\n' ' ')" "web01-sda.qcow2 web01.xml " \
  "convert -d: named after the domain, its one disk copied"
tap_ok virt-xml-validate "$out/web01.xml" domain -- "convert -d: the XML validates"
tap_ok grep -q "<memory unit=\"MiB\">512</memory>" "$out/web01.xml" \
  -- "convert -d: the domain's memory carries over"
tap_ok grep -q '<source bridge="br0"/>' "$out/web01.xml" -- "convert -d -b xenbr0:br0: the NIC is on br0"
tap_ok grep -q '<mac address="00:16:3e:11:22:33"/>' "$out/web01.xml" -- "convert -d: the MAC is kept"
tap_is "$(grep -c '<interface' "$out/web01.xml")" 1 "convert -d: one NIC, as the domain has"
tap_fails grep -q '^\[' "$work/cd.err" -- "convert off a terminal: no phase lines"

# The same on a terminal (script(1) gives it one): phase lines.
out=$work/out-tty
mkdir "$out"
script -qec "'$GUESTLIFT' convert --to xen-pv --format-disk raw -c '$uri' -d web01 -o '$out' > /dev/null" \
  "$work/tty.err" > /dev/null
tap_is "$?" 0 "convert on a terminal: exit 0"
tap_ok grep -aq '\[ *[0-9.]*\] copying disk 1/1: ' "$work/tty.err" -- "convert on a terminal: the copy's phase line"
tap_ok grep -aq '\[ *[0-9.]*\] writing the domain XML' "$work/tty.err" \
  -- "convert on a terminal: the XML's phase line"

# --- --source-config without IMAGE; no source config: one NIC ----------
cat > "$work/guest.cfg" <<EOF
name = "cfgguest"
memory = 256
disk = [ 'file:$pv,xvda,w' ]
vif = [ 'mac=00:16:3e:aa:00:01', 'mac=00:16:3e:aa:00:02,bridge=xenbr1' ]
EOF
"$GUESTLIFT" convert --to xen-pv --format-disk raw --dry-run --source-config "$work/guest.cfg" \
  -n isolated > "$work/sc.out" 2> "$work/sc.err"
rc=$?
tap_is "$rc" 0 "convert --source-config without IMAGE: exit 0"
[ "$rc" = 0 ] || sed 's/^/# /' "$work/sc.err"
tap_ok grep -q "^Guest: $pv\$" "$work/sc.out" -- "convert --source-config without IMAGE: the config's disk"
sed -n '/^Domain XML:$/,$p' "$work/sc.out" | tail -n +2 > "$work/sc.xml"
tap_ok virt-xml-validate "$work/sc.xml" domain -- "--source-config: the XML validates"
tap_ok grep -q '<source network="isolated"/>' "$work/sc.xml" \
  -- "-n OUT: a vif without bridge (network default) goes on OUT"
tap_ok grep -q '<source bridge="xenbr1"/>' "$work/sc.xml" -- "-n leaves bridges alone"
tap_ok grep -q '<mac address="00:16:3e:aa:00:02"/>' "$work/sc.xml" -- "--source-config: MACs kept"

"$GUESTLIFT" convert --to xen-pv --format-disk raw --dry-run "$pv" > "$work/no.out" 2> "$work/no.err"
tap_is "$?" 0 "convert without source config: exit 0"
sed -n '/^Domain XML:$/,$p' "$work/no.out" | tail -n +2 > "$work/no.xml"
tap_ok virt-xml-validate "$work/no.xml" domain -- "without source config: the XML validates"
tap_is "$(grep -c '<interface type="network"' "$work/no.xml")" 1 \
  "without source config: one NIC, on a network"
tap_ok grep -q '<source network="default"/>' "$work/no.xml" -- "without source config: on the network default"

# --- kvm: the Xen bridge warned about; mapped (one appliance) -----------
"$GUESTLIFT" convert --to kvm -c "$uri" -d web01 -o "$work/nonexistent" \
  > /dev/null 2> "$work/w.err"
tap_is "$?" 1 "convert --to kvm into a missing folder: exit 1"
tap_ok grep -q "^guestlift: warning: web01: NIC 1 is on the Xen bridge xenbr0, .* -b xenbr0:BRIDGE" \
  "$work/w.err" -- "kvm: a NIC left on xenbr0 is warned about, with the option that maps it"
"$GUESTLIFT" convert --to kvm --format-disk raw --dry-run -c "$uri" -d deb01 -n lan:default \
  > "$work/k.out" 2> "$work/k.err"
rc=$?
tap_is "$rc" 0 "convert --to kvm --dry-run -d deb01: exit 0"
[ "$rc" = 0 ] || sed 's/^/# /' "$work/k.err"
sed -n '/^Domain XML:$/,$p' "$work/k.out" | tail -n +2 > "$work/k.xml"
tap_ok virt-xml-validate "$work/k.xml" domain -- "kvm -d: the XML validates"
tap_ok grep -q '<source network="default"/>' "$work/k.xml" -- "kvm -n lan:default: the NIC is on default"
tap_ok grep -q '<mac address="00:16:3e:44:55:66"/>' "$work/k.xml" -- "kvm -d: the MAC is kept"
tap_ok grep -q '<model type="virtio"/>' "$work/k.xml" -- "kvm -d: a virtio NIC"
tap_fails grep -q "Xen bridge" "$work/k.err" -- "kvm: no bridge warning for a network NIC"

# --- launch -d: the domain's disks, booted as IMAGEs are (dry run) -------
"$GUESTLIFT" launch --dry-run --snapshot -c "$uri" -d deb01 > "$work/l.cmd" 2> "$work/l.err"
rc=$?
tap_is "$rc" 0 "launch --dry-run -d deb01: exit 0"
[ "$rc" = 0 ] || sed 's/^/# /' "$work/l.err"
case $(cat "$work/l.cmd") in *"file=$deb,format=raw,if=virtio"*) r=0 ;; *) r=1 ;; esac
tap_is "$r" 0 "launch -d: the qemu command line boots the domain's disk"
"$GUESTLIFT" launch --dry-run --snapshot -a "$deb" > "$work/la.cmd" 2> "$work/la.err"
tap_is "$?" 0 "launch --dry-run -a: exit 0"
# The same but for the qemu process's name (it holds guestlift's pid).
noname () { sed 's/-name guestlift-[^ ]* //' "$1"; }
tap_is "$(noname "$work/la.cmd")" "$(noname "$work/l.cmd")" "launch -a IMAGE: the same command line as -d"
usage "launch -d with -a" launch -c "$uri" -d deb01 -a "$deb"

tap_done
