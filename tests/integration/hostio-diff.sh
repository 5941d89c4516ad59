#!/bin/bash
# tests/integration/hostio-diff.sh: the host-side reader gives exactly the
# appliance's report.  Every fixture image (tests/fixtures/images), every
# parity fixture, every real guest's disk and a few hostile images made
# here on the host are audited twice: once as a user runs it (the host
# reader first, the appliance for what it leaves) and once with
# --appliance; both --no-cache, -j default.  Apart from timing fields,
# each image's report must be the same both ways.  And -v must say which
# path answered each image: the ext2/3/4, LVM, MBR and GPT guests the
# host, and for each kind the host leaves to the appliance (XFS, btrfs,
# LUKS, md, vfat, NTFS, a non-linear LV, damaged LVM metadata) the
# appliance, with the reason.  Bad inputs fail the same way both ways.
# Two audits: the appliance launches are those of the fallbacks and of
# the --appliance run.
. "${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/lib.sh"
require_fixtures
require_parity_fixtures
require_realguests
require_prog jq python3

work=$(mktemp -d "${TMPDIR:-/tmp}/gl-hostio-diff.XXXXXX")
trap 'rm -rf "$work"' EXIT
private_cache "$work/cache"

images=()
for d in "$FIXTURES" "$PARITY"; do
  while IFS='	' read -r name _; do
    case $name in ''|'#'*) continue ;; esac
    images+=("$d/$name")
  done < "$d/MANIFEST"
done
while IFS='	' read -r name _ disks _; do
  case $name in ''|'#'*) continue ;; esac
  for disk in $disks; do images+=("$REALGUESTS/$disk"); done
done < "$REALGUESTS/MANIFEST"

# --- hostile images, made on the host ------------------------------------
# hx-ebr-loop.img   debian5 whose logical partition's EBR links back to
#                   itself (a chain that never ends)
# hx-nonlinear.img  rhel5-pv whose swap LV (LogVol01) is striped over two
#                   stripes (its metadata rewritten, checksums made again)
# hx-lvm-badsum.img rhel5-pv whose LVM metadata text no longer matches its
#                   checksum
cp --sparse=always "$PARITY/debian5.img" "$work/hx-ebr-loop.img"
cp --sparse=always "$FIXTURES/rhel5-pv.img" "$work/hx-nonlinear.img"
cp --sparse=always "$FIXTURES/rhel5-pv.img" "$work/hx-lvm-badsum.img"
python3 - "$work" <<'EOF' || tap_bail "cannot make the hostile images"
import re, struct, sys, zlib
work = sys.argv[1]

def mbr_entries(f, base):
    f.seek(base + 446)
    raw = f.read(64)
    return [struct.unpack_from("<B3sB3sII", raw, 16 * i) for i in range(4)]

# EBR loop: the extended partition's first EBR gets a second entry of
# type 0x05 that starts where the extended partition starts (itself).
with open(f"{work}/hx-ebr-loop.img", "r+b") as f:
    ext = [e for e in mbr_entries(f, 0) if e[2] in (0x05, 0x0f, 0x85)]
    assert ext, "debian5 has no extended partition"
    ebr = ext[0][4] * 512
    f.seek(ebr + 446 + 16)
    f.write(struct.pack("<B3sB3sII", 0, b"\0\0\0", 0x05, b"\0\0\0", 0, 2))

INITIAL_CRC = 0xf597a6cf
def lvm_crc(data):  # LVM's calc_crc: CRC-32, no pre/post inversion
    return (~zlib.crc32(data, (~INITIAL_CRC) & 0xffffffff)) & 0xffffffff

def lvm_text(f, part):
    f.seek(part)
    head = f.read(1 << 20)
    h = head.find(b" LVM2 x[5A%r0N*>") - 4       # the mda header
    assert h >= 0, "no LVM metadata area"
    start, size = struct.unpack_from("<QQ", head, h + 24)
    off, tsize, csum, flags = struct.unpack_from("<QQII", head, h + 40)
    return h, off, tsize, head

def rewrite(path, change):
    with open(path, "r+b") as f:
        part = [e for e in mbr_entries(f, 0) if e[2] == 0x8e][0][4] * 512
        h, off, tsize, head = lvm_text(f, part)
        text = head[h + off:h + off + tsize]
        new = change(text)
        f.seek(part + h + off)
        f.write(new + b"\0" * max(0, len(text) - len(new)))
        good = change is not corrupt
        hdr = bytearray(head[h:h + 512])
        struct.pack_into("<QQI", hdr, 40, off, len(new) if good else tsize,
                         lvm_crc(new) if good else struct.unpack_from("<I", hdr, 56)[0])
        struct.pack_into("<I", hdr, 0, lvm_crc(bytes(hdr[4:512])))
        f.seek(part + h)
        f.write(bytes(hdr))

def striped(text):
    m = re.search(rb"LogVol01 \{.*?stripe_count = 1[^\n]*\n(.*?)stripes = \[\s*\"pv0\", (\d+)\s*\]",
                  text, re.S)
    assert m, "no LogVol01 segment"
    s, e = m.span()
    seg = text[s:e].replace(b"stripe_count = 1", b"stripe_count = 2\nstripe_size = 128", 1)
    seg = re.sub(rb"stripes = \[\s*\"pv0\", (\d+)\s*\]",
                 rb'stripes = [\n"pv0", \1,\n"pv0", \1\n]', seg)
    return text[:s] + seg + text[e:]

def corrupt(text):
    i = text.find(b"VolGroup00")
    return text[:i] + b"WolGroup00" + text[i + 10:]

rewrite(f"{work}/hx-nonlinear.img", striped)
rewrite(f"{work}/hx-lvm-badsum.img", corrupt)
EOF
images+=("$work/hx-ebr-loop.img" "$work/hx-nonlinear.img" "$work/hx-lvm-badsum.img")

# --- the two runs -----------------------------------------------------------
start=$(date +%s)
"$GUESTLIFT" audit -v --no-cache --format json "${images[@]}" > "$work/host.json" 2> "$work/host.err"
tap_diag "host reader first: ${#images[@]} images: $(( $(date +%s) - start )) s"
start=$(date +%s)
"$GUESTLIFT" audit --appliance -v --no-cache --format json "${images[@]}" \
  > "$work/appliance.json" 2> "$work/appliance.err"
tap_diag "--appliance: ${#images[@]} images: $(( $(date +%s) - start )) s"
for run in host appliance; do
  tap_is "$(jq -r '.images | length' "$work/$run.json" 2>/dev/null)" "${#images[@]}" \
    "$run run: one report per image"
done

# Fields that may differ between two runs of the same inspection: none in
# the report today; any key named like a duration or a clock reading is
# dropped before comparing, wherever it sits.
TIMING='^(elapsed|duration|seconds|time|timestamp|started|finished|inspected_at)$|_(seconds|secs|ms|time|at)$'
norm () { # FILE PATH
  jq -S --arg p "$2" --arg t "$TIMING" '
    [.images[] | select(.path == $p)]
    | walk(if type == "object" then with_entries(select(.key | test($t) | not)) else . end)' "$1"
}

# Which path answered PATH in the host run: "host", "appliance: REASON",
# or "-" (no line: it failed before either, on the host's probe).
path_of () {
  local p=$1 line
  line=$(grep -F "debug: $p: " "$work/host.err" | grep -E ": (answered by the host reader|host reader: .*: inspected with the appliance)" | head -n 1)
  case $line in
    *": answered by the host reader"*) echo host ;;
    *": inspected with the appliance") line=${line#*"debug: $p: host reader: "}
                                        echo "appliance: ${line%: inspected with the appliance}" ;;
    *) echo - ;;
  esac
}

# What each image must be answered by: name<TAB>host | appliance REGEX | -
cat > "$work/expect" <<'EOF'
rhel5-pv.img	host
rhel5-pv-fork.img	host
rhel5-mixed.img	host
debian-pvops.img	host
debian-pvops.qcow2	host
xen-named-pvops.img	host
ikconfig-xen.img	host
centos5-i386.img	host
sles11.img	host
two-os.img	host
noos.img	host
blank.img	host
bootable-xen.img	host
arch.img	host
debian5.img	host
distros-el.img	host
distros-misc.img	host
distros-deb.img	host
disk.img	host
swap.img	host
rocky9-bls.img	appliance /dev/sda3 holds xfs
debian-btrfs.img	appliance /dev/sda1 holds btrfs
luks-on-lvm.img	appliance /dev/cs/root holds crypto_LUKS
lvm-on-luks.img	appliance /dev/sda2 holds crypto_LUKS
md1disk.img	appliance /dev/sda1 holds linux_raid_member
md2-a.img	appliance /dev/sda1 holds linux_raid_member
md2-b.img	appliance /dev/sda1 holds linux_raid_member
coreos.img	appliance /dev/sda1 holds vfat
windows.img	appliance /dev/sda1 holds ntfs
hx-nonlinear.img	appliance logical volume VolGroup00/LogVol01 is a striped
hx-lvm-badsum.img	appliance /dev/sda2: LVM
hx-ebr-loop.img	host
random.img	host
empty.img	-
truncated.qcow2	-
missing-backing.qcow2	-
EOF
expect_of () {
  awk -F'\t' -v n="$1" '$1 == n { print $2; exit }' "$work/expect"
}

for i in "${images[@]}"; do
  name=$(basename "$i")
  tap_is "$(norm "$work/host.json" "$i")" "$(norm "$work/appliance.json" "$i")" \
    "$name: the same report from the host reader as from the appliance"
  want=$(expect_of "$name")
  got=$(path_of "$i")
  case $want in
    host) tap_is "$got" host "$name: answered by the host reader (-v)" ;;
    appliance\ *) re=${want#appliance }
                  case $got in
                    "appliance: "*"$re"*) tap_result 0 "$name: left to the appliance: $re (-v)" ;;
                    *) tap_result 1 "$name: left to the appliance: $re (-v)"
                       tap_diag "got: $got" ;;
                  esac ;;
    -) tap_is "$got" - "$name: refused before either path (no path line)" ;;
    *) tap_diag "$name: answered by: $got (not asserted)" ;;
  esac
done

# The same answers, no crash: nothing was killed by a signal.
tap_is "$(grep -c 'killed by signal' "$work/host.err")" 0 "no host reader child crashed"
tap_is "$(grep -c ': answered by the host reader (' "$work/appliance.err")" 0 \
  "--appliance: the host reader answered nothing"
tap_is "$(sed -n 's/.*audit (host reader): \([0-9]*\) guest(s) answered by the host reader.*/\1/p' "$work/appliance.err")" 0 \
  "--appliance: audit counts no guest answered by the host reader"

# A host-only audit starts no appliance at all.
hostonly=()
while IFS='	' read -r name want; do
  [ "$want" = host ] || continue
  for i in "${images[@]}"; do [ "$(basename "$i")" != "$name" ] || hostonly+=("$i"); done
done < "$work/expect"
GUESTLIFT_DEBUG=1 "$GUESTLIFT" audit --no-cache --format json "${hostonly[@]}" \
  > "$work/hostonly.json" 2> "$work/hostonly.err"
tap_ok grep -q "audit: ${#hostonly[@]} images, 0 from the cache, 0 appliance group(s)" "$work/hostonly.err" \
  -- "an audit of the ${#hostonly[@]} host-readable images starts no appliance"
grep 'audit: \|host reader: ' "$work/hostonly.err" | sed 's/^/# /' | head -n 5

tap_done
