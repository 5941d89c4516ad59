#!/bin/bash
# Hostile images, bounds: every bound of the inspection that drops data
# says so in the report, and a filesystem seen through many partitions is
# inspected once.  The guests are copies of the debian-pvops fixture made
# hostile at test time (sparse), by ONE guestfish session, and inspected
# in ONE guestlift run:
#   hb-boot10k    /boot with 10,000 files, kernels named to sort after config-*
#   hb-kernels    /boot with more kernels than the bound (64), and
#                 directories named like newer kernels; a grub.cfg whose
#                 default and other entries name kernels past the bound
#   hb-biggrub    a 50 MiB grub.cfg
#   hb-deepgrub   a grub.cfg of 10,000 nested submenus; an /etc/fstab of
#                 1,100 entries; a 100 KiB /etc/hostname
#   hb-bigconfig  a 2 GiB /boot/config-VERSION (sparse)
#   hb-gpt128     a GPT whose 128 entries all point at the one filesystem
#   hb-noos40     the noos fixture (a filesystem, no OS) seen through 40
#                 GPT entries: the bound is said in the image's error
# Source images are unchanged afterwards; no qemu is left behind.
. "${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/lib.sh"
require_fixtures
require_prog jq guestfish python3 tar gzip timeout

work=$(mktemp -d "${TMPDIR:-/tmp}/gl-hostile-bounds.XXXXXX")
trap 'rm -rf "$work"' EXIT
export XDG_CACHE_HOME=$work/cache
# The appliance's kernel command line names $work: no_qemu_left finds
# this test's qemu, not another's.
export LIBGUESTFS_APPEND="guestlift.test=$work"

base=$FIXTURES/debian-pvops.img
v=6.1.0-18-amd64                # its kernel
config=$top_srcdir/tests/fixtures/guests/debian12-common/boot/config-$v
for n in boot10k kernels biggrub deepgrub bigconfig gpt128; do
  cp --sparse=always "$base" "$work/hb-$n.img"
done

# --- staging on the host -------------------------------------------------
# 10,000 files in /boot: config-0000 ... config-9995 sort before the
# kernels vmlinuz-7.0.{1,2,3} (each with its config).
mkdir -p "$work/boot10k" && (
  cd "$work/boot10k" || exit 1
  for i in $(seq -w 0 9995); do : > "config-$i"; done
  for k in 7.0.1 7.0.2 7.0.3; do
    echo "phony kernel $k" > "vmlinuz-$k"
    cp "$config" "config-$k"
  done
) && tar -C "$work/boot10k" -czf "$work/boot10k.tar.gz" . ||
  tap_bail "cannot stage /boot with 10,000 files"
tap_is "$(tar -tzf "$work/boot10k.tar.gz" | grep -c '^\./.')" 10002 \
  "staged: 10,002 files for /boot, beside the guest's own"

# 70 kernels 5.0.0 ... 5.0.69 (configs are hard links of one file), and
# three directories named like newer kernels.
mkdir -p "$work/kernels" && (
  cd "$work/kernels" || exit 1
  mkdir vmlinuz-9.0.1 vmlinuz-9.0.2 vmlinuz-9.0.3
  cp "$config" config-5.0.0
  for i in $(seq 0 69); do
    echo "phony kernel 5.0.$i" > "vmlinuz-5.0.$i"
    [ "$i" = 0 ] || ln config-5.0.0 "config-5.0.$i"
  done
) && tar -C "$work/kernels" -cf "$work/kernels.tar" . ||
  tap_bail "cannot stage 70 kernels"

# Its grub.cfg: the default entry and six others name old kernels that
# the bound leaves out of /boot's 64.
{
  printf 'set default="1"\n'
  printf "menuentry 'new' {\n linux /boot/vmlinuz-%s\n}\n" "$v"
  for i in 3 0 1 2 4 5 6; do
    printf "menuentry 'old %s' {\n linux /boot/vmlinuz-5.0.%s\n}\n" "$i" "$i"
  done
} > "$work/kernels.cfg"

# grub.cfg: 10,000 nested submenus around the only menu entry.
{
  for i in $(seq 10000); do printf "submenu 's%d' {\n" "$i"; done
  printf 'menuentry deep {\n linux /boot/vmlinuz-%s root=/dev/xvda1\n}\n' "$v"
  for i in $(seq 10000); do printf '}\n'; done
} > "$work/deep.cfg"
# fstab: its own two lines and 1,100 more.
{ cat "$top_srcdir/tests/fixtures/guests/debian-pvops/etc/fstab"
  for i in $(seq 1100); do printf 'tmpfs /mnt/t%d tmpfs defaults 0 0\n' "$i"; done
} > "$work/fstab"
head -c $((100 * 1024)) /dev/zero | tr '\0' 'h' > "$work/hostname"

# The GPT: protective MBR, 128 entries all on the ext4 of the fixture
# (sectors 2048 to 262143), backup header in 1 MiB added at the end.
truncate -s +1M "$work/hb-gpt128.img"
cat > "$work/mkgpt.py" <<'PY'
# mkgpt.py IMAGE COUNT FIRST LAST: a GPT on IMAGE whose COUNT entries all
# span sectors FIRST..LAST (inclusive); its backup at the end of IMAGE.
import struct, sys, uuid, zlib
img, count, first, last = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
SECTOR, NENT, ESIZE = 512, 128, 128
linux = uuid.UUID('0FC63DAF-8483-4772-8E79-3D69D8477DE4').bytes_le
with open(img, 'r+b') as f:
    total = f.seek(0, 2) // SECTOR
    esects = NENT * ESIZE // SECTOR
    entries = b''.join(
        linux + uuid.UUID(int=i + 1).bytes_le + struct.pack('<QQQ', first, last, 0)
        + ('p%d' % (i + 1)).encode('utf-16-le').ljust(72, b'\0')
        if i < count else b'\0' * ESIZE for i in range(NENT))
    ecrc = zlib.crc32(entries)
    def header(cur, alt, elba):
        h = struct.pack('<8sIIIIQQQQ16sQIII', b'EFI PART', 0x10000, 92, 0, 0, cur, alt,
                        2 + esects, total - 2 - esects, uuid.UUID(int=0x9e).bytes_le,
                        elba, NENT, ESIZE, ecrc)
        h = h[:16] + struct.pack('<I', zlib.crc32(h)) + h[20:]
        return h.ljust(SECTOR, b'\0')
    mbr = bytearray(SECTOR)
    mbr[446:462] = struct.pack('<B3sB3sII', 0, b'\0\x02\0', 0xee, b'\xff\xff\xff',
                               1, min(total - 1, 0xffffffff))
    mbr[510:512] = b'\x55\xaa'
    f.seek(0)
    f.write(bytes(mbr) + header(1, total - 1, 2) + entries)
    f.seek((total - 1 - esects) * SECTOR)
    f.write(entries + header(total - 1, 1, total - 1 - esects))
PY
tap_ok python3 "$work/mkgpt.py" "$work/hb-gpt128.img" 128 2048 262143 \
  -- "a GPT of 128 entries on one filesystem is written"
cp --sparse=always "$FIXTURES/noos.img" "$work/hb-noos40.img"
truncate -s +1M "$work/hb-noos40.img"
tap_ok python3 "$work/mkgpt.py" "$work/hb-noos40.img" 40 2048 131071 \
  -- "a GPT of 40 entries on a filesystem without an OS is written"

# --- one guestfish session makes the others hostile -----------------------
cat > "$work/hostile.guestfish" <<GF
add-drive $work/hb-boot10k.img format:raw
add-drive $work/hb-kernels.img format:raw
add-drive $work/hb-biggrub.img format:raw
add-drive $work/hb-deepgrub.img format:raw
add-drive $work/hb-bigconfig.img format:raw
run
mount /dev/sda1 /
tar-in $work/boot10k.tar.gz /boot compress:gzip
umount-all
mount /dev/sdb1 /
tar-in $work/kernels.tar /boot
upload $work/kernels.cfg /boot/grub/grub.cfg
umount-all
mount /dev/sdc1 /
truncate-size /boot/grub/grub.cfg $((50 * 1024 * 1024))
umount-all
mount /dev/sdd1 /
upload $work/deep.cfg /boot/grub/grub.cfg
upload $work/fstab /etc/fstab
upload $work/hostname /etc/hostname
umount-all
mount /dev/sde1 /
truncate-size /boot/config-$v $((2 * 1024 * 1024 * 1024))
umount-all
GF
LIBGUESTFS_BACKEND_SETTINGS=force_tcg timeout 900 guestfish -f "$work/hostile.guestfish" \
  > "$work/guestfish.log" 2>&1 ||
  { sed 's/^/# /' "$work/guestfish.log"; tap_bail "guestfish could not build the hostile images"; }

images=()
for n in boot10k kernels biggrub deepgrub bigconfig gpt128 noos40; do images+=("$work/hb-$n.img"); done
sources_record "${images[@]}"

# --- one guestlift run inspects them all ---------------------------------
start=$(date +%s)
"$GUESTLIFT" inspect --format json "${images[@]}" > "$work/all.json" 2> "$work/stderr"
rc=$?
tap_diag "inspect of the ${#images[@]} hostile images took $(( $(date +%s) - start )) s"
tap_ok jq -e . "$work/all.json" -- "the JSON report parses (exit status $rc)"
sed 's/^/# stderr: /' "$work/stderr" | head -n 20

q () { jq -r --arg n "/$1" ".images[] | select(.path | endswith(\$n)) | $2" "$work/all.json"; }
os () { q "$1" ".operating_systems[0].$2"; }
# warned IMAGE TEXT: some warning of the image's OS holds TEXT.
warned () { q "$1" '.operating_systems[0].kvm.warnings[]' | grep -qF -- "$2"; }
versions () { os "$1" 'kernels[].version' | sort -V | tr '\n' ' ' | sed 's/ $//'; }

# /boot with 10,000 files: no kernel is hidden by the files before it.
tap_is "$(q hb-boot10k.img .error)" null "boot10k: inspected"
tap_is "$(versions hb-boot10k.img)" "$v 7.0.1 7.0.2 7.0.3" \
  "boot10k: every kernel of a /boot of 10,000 files is reported"
tap_is "$(os hb-boot10k.img 'kernels[] | select(.version == "7.0.3") | .config_source')" file \
  "boot10k: a kernel after 10,000 files has its config"
tap_is "$(q hb-boot10k.img '.operating_systems[0].kvm.warnings[]' | grep -c 'kernel names; only the newest')" 0 \
  "boot10k: under the kernel bound, no bound warning"

# More kernels than the bound: the newest 64, and a warning.
tap_is "$(os hb-kernels.img 'kernels | length')" 65 \
  "kernels: the 64 newest (the bound) inspected, and the default"
tap_ok warned hb-kernels.img "/boot: 74 kernel names; only the newest 67 were looked at (the bound is 64 kernels)" \
  -- "kernels: the bound is said, with the count"
tap_is "$(versions hb-kernels.img | cut -d' ' -f1-2)" "5.0.3 5.0.7" \
  "kernels: the oldest (5.0.0 to 5.0.6) are left out, but for the default"
tap_is "$(versions hb-kernels.img | rev | cut -d' ' -f1-2 | rev)" "5.0.69 $v" \
  "kernels: the newest are kept"
tap_is "$(os hb-kernels.img bootloader.default_kernel)" 5.0.3 \
  "kernels: the default entry's kernel is inspected past the bound"
tap_ok warned hb-kernels.img "/boot/grub/grub.cfg: its entries name 6 more kernels than the bound of 64 kernels (/boot/vmlinuz-5.0.0, ...): not inspected" \
  -- "kernels: the menu's kernels past the bound are said"

# A 50 MiB grub.cfg: too large, said so; grub2 all the same.
tap_is "$(os hb-biggrub.img bootloader.type)" grub2 "biggrub: bootloader grub2, not none"
tap_is "$(os hb-biggrub.img bootloader.config)" /boot/grub/grub.cfg "biggrub: its config is named"
tap_ok warned hb-biggrub.img "/boot/grub/grub.cfg: too large (50 MiB; the bound is 4 MiB): not read" \
  -- "biggrub: 'too large', the file and the bound"
tap_is "$(os hb-biggrub.img 'kernels | length')" 1 "biggrub: its kernel is still found"

# 10,000 nested submenus: the entries past the bound are said to be skipped.
tap_is "$(os hb-deepgrub.img bootloader.type)" grub2 "deepgrub: bootloader grub2, not none"
tap_ok warned hb-deepgrub.img "/boot/grub/grub.cfg: 9937 menu entries or submenus nested deeper than 64 blocks (the bound): not read" \
  -- "deepgrub: the nesting bound is said, with the count"
tap_ok warned hb-deepgrub.img "/etc/fstab: 1102 entries; only the first 1024 (the bound) were read" \
  -- "deepgrub: the fstab entries bound is said"
tap_ok warned hb-deepgrub.img "/etc/hostname: too large (100 KiB; the bound is 64 KiB): not read" \
  -- "deepgrub: a host name file too large is said"

# A 2 GiB config: too large, not "no config".
kw () { q hb-bigconfig.img '.operating_systems[0].kvm.warnings[]' | grep -F "kernel $v:"; }
tap_ok warned hb-bigconfig.img "/boot/config-$v: too large (2 GiB; the bound is 16 MiB): not read" \
  -- "bigconfig: 'too large', the file and the bound"
tap_is "$(kw | grep -c 'no config file, no IKCONFIG')" 0 "bigconfig: not called 'no config'"
tap_is "$(os hb-bigconfig.img 'kernels[0].xen_pv_only')" null "bigconfig: PV-only unknown"

# 128 GPT entries on one filesystem: one OS, said so.
tap_is "$(q hb-gpt128.img .error)" null "gpt128: inspected"
tap_is "$(q hb-gpt128.img '.operating_systems | length')" 1 "gpt128: one OS, not 128"
tap_is "$(os hb-gpt128.img root)" /dev/sda1 "gpt128: its root is the first partition"
tap_ok warned hb-gpt128.img "/dev/sda: 128 partitions; only the first 32 (the bound) were looked at" \
  -- "gpt128: the partitions bound is said"
tap_ok warned hb-gpt128.img "lie on the sectors of /dev/sda1: one filesystem seen through 32 partitions, inspected once, as /dev/sda1" \
  -- "gpt128: the partitions that show one filesystem are named"
tap_is "$(versions hb-gpt128.img)" "$v" "gpt128: the OS is inspected as usual"

# No OS: what the bounds left out is in the error (the OS may be there).
tap_is "$(q hb-noos40.img '.error | startswith("no operating system found (")')" true \
  "noos40: no OS found, and the error says more"
tap_is "$(q hb-noos40.img '.error' | grep -cF '/dev/sda: 40 partitions; only the first 32 (the bound) were looked at')" 1 \
  "noos40: the partitions bound is in the error"

# Convert's own bound (issue 11: no bound drops data silently): the
# 50 MiB grub.cfg cannot be rewritten for KVM, and the plan says so (the
# guest would boot with its Xen names otherwise, without a word).
mkdir -p "$work/conv"
"$GUESTLIFT" convert --to kvm --dry-run -o "$work/conv" "$work/hb-biggrub.img" \
  > "$work/conv.out" 2> "$work/conv.err"
tap_is "$?" 0 "biggrub: convert --dry-run exits 0"
sed 's/^/# convert stderr: /' "$work/conv.err" | head -n 5
tap_ok grep -qF "Warning: /boot/grub/grub.cfg: too large (50 MiB; the bound is " \
  "$work/conv.out" -- "biggrub: convert's plan says the grub.cfg too large to rewrite is not rewritten"
tap_is "$(grep -c '^--- .*/boot/grub/grub\.cfg' "$work/conv.out")" 0 \
  "biggrub: the plan holds no edit of the grub.cfg"

sources_unchanged "every hostile image is unchanged"
no_qemu_left "$work" "no qemu is left behind"
tap_done
