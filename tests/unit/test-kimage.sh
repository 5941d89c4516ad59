#!/bin/bash
# guestlift tests: kernel images (bzImage with each compressor, gzip'd
# ELF with Xen notes, ELF32, no IKCONFIG, corrupt, oversize) and initramfs
# listings (gzip cpio, early cpio + zstd cpio, xz cpio, garbage), built on
# the fly with tests/fixtures/mkkernel and the compressor CLI tools, read
# through tests/unit/kimage-probe.  TAP output.
set -u
. "${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/lib.sh"

mkkernel=$top_builddir/tests/fixtures/mkkernel
probe=$top_builddir/tests/unit/kimage-probe
if [ ! -x "$mkkernel" ] || [ ! -x "$probe" ]; then
  tap_skip_all "mkkernel/kimage-probe not built"
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
have () { command -v "$1" >/dev/null 2>&1; }

# probe KIND FILE [ARG]: output in $tmp/out, status in $rc.  The probe
# runs under valgrind as the unit tests do: status 99 is a valgrind error.
probe () {
  valgrind_run "" "$probe" "$@" > "$tmp/out" 2> "$tmp/err"
  rc=$?
  if [ $rc = 99 ]; then
    sed 's/^/# valgrind: /' "$tmp/err"
  fi
}
has () { grep -qxF -- "$1" "$tmp/out"; }
# check DESCRIPTION EXPECTED-LINE...: a point, ok when the last probe's
# output has every line and valgrind found nothing.
check () {
  local desc=$1 line; shift
  if [ "$rc" = 99 ]; then
    tap_result 1 "$desc (valgrind found errors)"
    return
  fi
  for line in "$@"; do
    if ! has "$line"; then
      tap_result 1 "$desc (missing '$line')"
      sed 's/^/#   /' "$tmp/out" "$tmp/err"
      return
    fi
  done
  tap_result 0 "$desc"
}

# --- kernels -------------------------------------------------------------
cat > "$tmp/pvops.config" <<'EOF'
#
# Automatically generated file; DO NOT EDIT.
# Linux/x86 6.1.0 Kernel Configuration
#
CONFIG_64BIT=y
CONFIG_X86_64=y
CONFIG_HYPERVISOR_GUEST=y
CONFIG_XEN=y
CONFIG_XEN_PV=y
CONFIG_VIRTIO_BLK=m
CONFIG_IKCONFIG=y
CONFIG_IKCONFIG_PROC=y
EOF
cat > "$tmp/xenlinux.config" <<'EOF'
CONFIG_X86_64=y
CONFIG_X86_64_XEN=y
CONFIG_XEN=y
CONFIG_IKCONFIG=y
# CONFIG_VIRTIO_BLK is not set
EOF
"$mkkernel" elf64 --ikconfig "$tmp/pvops.config" "$tmp/vmlinux" ||
  tap_bail "mkkernel elf64 failed"

# A bzImage for each compressor the kernel can use.  Like the kernel's
# build, all but gzip get the uncompressed size appended.
vmsize=$(stat -c %s "$tmp/vmlinux")
size_le32 () {
  printf "\\x$(printf %02x $(($1 & 255)))\\x$(printf %02x $((($1 >> 8) & 255)))"
  printf "\\x$(printf %02x $((($1 >> 16) & 255)))\\x$(printf %02x $((($1 >> 24) & 255)))"
}
for c in gzip xz lzma bzip2 lz4 zstd; do
  case $c in
    gzip) tool=gzip; cmd=(gzip -9 -n -c) ;;
    xz) tool=xz; cmd=(xz --check=crc32 -c) ;;
    lzma) tool=xz; cmd=(xz --format=lzma -c) ;;
    bzip2) tool=bzip2; cmd=(bzip2 -9 -c) ;;
    lz4) tool=lz4; cmd=(lz4 -l -9 -c) ;;
    zstd) tool=zstd; cmd=(zstd -q -19 -c) ;;
  esac
  if ! have $tool; then tap_skip "bzImage ($c)" "$tool not installed"; continue; fi
  "${cmd[@]}" < "$tmp/vmlinux" > "$tmp/payload.$c"
  [ $c = gzip ] || size_le32 "$vmsize" >> "$tmp/payload.$c"
  "$mkkernel" bzimage "$tmp/payload.$c" "$tmp/bzImage.$c"
  rm -f "$tmp/config.out"
  probe kimage "$tmp/bzImage.$c" "$tmp/config.out"
  check "bzImage ($c): kind, config found" kind=bzImage config=yes hint=none
  if cmp -s "$tmp/config.out" "$tmp/pvops.config"; then
    tap_result 0 "bzImage ($c): IKCONFIG text is the config"
  else
    tap_result 1 "bzImage ($c): IKCONFIG text is the config"
  fi
done

# The same payload without the size trailer (as the fixture builder makes it).
if have xz; then
  xz -c < "$tmp/vmlinux" > "$tmp/payload.plain"
  "$mkkernel" bzimage "$tmp/payload.plain" "$tmp/bzImage.plain"
  probe kimage "$tmp/bzImage.plain"
  check "bzImage (xz, no size trailer): config found" kind=bzImage config=yes
fi

# Boot protocol < 2.08: no payload fields, the payload is found by its magic.
gzip -9 -n -c < "$tmp/vmlinux" > "$tmp/payload.old"
"$mkkernel" bzimage "$tmp/payload.old" "$tmp/bzImage.old"
printf '\x04\x02' | dd of="$tmp/bzImage.old" bs=1 seek=$((0x206)) conv=notrunc 2>/dev/null
probe kimage "$tmp/bzImage.old"
check "bzImage (protocol 2.04, scanned): config found" kind=bzImage config=yes

# XenLinux: a gzip'd ELF64 with Xen notes and a PV-only config.
"$mkkernel" elf64 --xen-notes --ikconfig "$tmp/xenlinux.config" "$tmp/xen64"
gzip -9 -n -c < "$tmp/xen64" > "$tmp/vmlinuz-xen64"
rm -f "$tmp/config.out"
probe kimage "$tmp/vmlinuz-xen64" "$tmp/config.out"
check "gzip'd ELF64 with Xen notes" "kind=gzip'd ELF" xen_notes=yes config=yes \
  "hint=gzip'd ELF image with Xen notes (XenLinux style, not a bzImage)"
if grep -qx CONFIG_X86_64_XEN=y "$tmp/config.out" 2>/dev/null; then
  tap_result 0 "gzip'd ELF64: IKCONFIG has CONFIG_X86_64_XEN=y"
else
  tap_result 1 "gzip'd ELF64: IKCONFIG has CONFIG_X86_64_XEN=y"
fi

# The same as ELF32 (i386 XenLinux), plain and gzip'd.
"$mkkernel" elf32 --xen-notes --ikconfig "$tmp/xenlinux.config" "$tmp/xen32"
probe kimage "$tmp/xen32"
check "plain ELF32 with Xen notes" kind=ELF xen_notes=yes config=yes
gzip -9 -n -c < "$tmp/xen32" > "$tmp/vmlinuz-xen32"
probe kimage "$tmp/vmlinuz-xen32"
check "gzip'd ELF32 with Xen notes" "kind=gzip'd ELF" xen_notes=yes config=yes

# An ELF without notes or config.
"$mkkernel" elf32 "$tmp/bare32"
probe kimage "$tmp/bare32"
check "ELF32 without Xen notes or IKCONFIG" kind=ELF xen_notes=no config=no

# Old XenLinux: "__xen_guest"-style string, no notes.
{ cat "$tmp/bare32"; printf 'GUEST_OS=linux,GUEST_VER=2.6,XEN_VER=xen-3.0,VIRT_BASE=0xC0000000'; } > "$tmp/xenguest32"
probe kimage "$tmp/xenguest32"
check "ELF32 with a __xen_guest string" kind=ELF xen_notes=yes

# A bzImage without IKCONFIG: no config, not an error.
"$mkkernel" elf64 "$tmp/vmlinux.noconfig"
gzip -9 -n -c < "$tmp/vmlinux.noconfig" > "$tmp/payload.noconfig"
"$mkkernel" bzimage "$tmp/payload.noconfig" "$tmp/bzImage.noconfig"
probe kimage "$tmp/bzImage.noconfig"
if [ $rc = 0 ]; then
  check "bzImage without IKCONFIG: config none, no error" kind=bzImage config=no
else
  tap_result 1 "bzImage without IKCONFIG: no error (status $rc)"
fi

# A corrupt payload: an error message, no crash.
for c in gzip xz zstd; do
  [ -f "$tmp/bzImage.$c" ] || continue
  cp "$tmp/bzImage.$c" "$tmp/corrupt.$c"
  # The payload starts at 5*512 + 0x400 = 3584: damage its middle.
  printf '\xde\xad\xbe\xef\xde\xad\xbe\xef\xde\xad\xbe\xef\xde\xad\xbe\xef' |
    dd of="$tmp/corrupt.$c" bs=1 seek=$((3584 + 64)) conv=notrunc 2>/dev/null
  probe kimage "$tmp/corrupt.$c"
  if [ $rc = 1 ] && grep -q "^error=corrupt $c payload: " "$tmp/out"; then
    tap_result 0 "corrupt $c payload: error ($(cat "$tmp/out"))"
  else
    tap_result 1 "corrupt $c payload: error (status $rc)"
    sed 's/^/#   /' "$tmp/out" "$tmp/err"
  fi
done

# A file over GL_KERNEL_MAX_BYTES (sparse: costs no disk).
truncate -s 65M "$tmp/huge"
probe kimage "$tmp/huge"
if [ $rc = 1 ] && has "error=kernel image larger than 64 MiB"; then
  tap_result 0 "oversize kernel image: error"
else
  tap_result 1 "oversize kernel image: error (status $rc)"
fi

# IKCONFIG bounds: what a bound kept from being read is said, not taken
# for "no IKCONFIG".  A config over 16 MiB (repetitive: gzip makes it
# small) in a plain ELF:
{ cat "$tmp/pvops.config"; yes '# CONFIG_PADDING is not set' | head -c 17M; } > "$tmp/big.config"
"$mkkernel" elf64 --ikconfig "$tmp/big.config" "$tmp/vmlinux.bigcfg" ||
  tap_bail "mkkernel failed"
probe kimage "$tmp/vmlinux.bigcfg"
check "an IKCONFIG over 16 MiB: not read, and said so" kind=ELF config=no \
  "config_note=its embedded config (IKCONFIG) is larger than 16 MiB (the bound): not read"
# Raw bytes (an unknown layout is searched as is): N decoy markers that
# hold no config, then the real one.
gzip -9n -c "$tmp/pvops.config" > "$tmp/pvops.config.gz"
decoys () {                     # decoys N OUT
  local i
  { for i in $(seq "$1"); do printf 'IKCFG_ST\037\213\010junkjunkjunkjunkjunk'; done
    printf 'IKCFG_ST'; cat "$tmp/pvops.config.gz"; printf 'IKCFG_ED'; } > "$2"
}
decoys 15 "$tmp/decoys15"
probe kimage "$tmp/decoys15"
check "15 decoy IKCONFIG markers, then the config: found" config=yes config_note=none
decoys 16 "$tmp/decoys16"
probe kimage "$tmp/decoys16"
check "16 decoy IKCONFIG markers: the bound, said so" config=no \
  "config_note=more than 16 IKCONFIG markers (IKCFG_ST) hold no config (the bound): the rest were not tried"

# Garbage: unknown kind, no crash.
head -c 4096 /dev/urandom > "$tmp/random"
probe kimage "$tmp/random"
check "random bytes: kind unknown" kind=unknown config=no

# --- initramfs -----------------------------------------------------------
if ! have cpio; then
  tap_skip "initramfs cases" "cpio not installed (apt-get install cpio)"
else
  mk_cpio () {                  # mk_cpio DIR > OUT
    (cd "$1" && find . | LC_ALL=C sort | cpio -o -H newc --quiet)
  }
  d=$tmp/root1
  mkdir -p "$d/lib/modules/5.10.0/kernel/drivers/block" "$d/bin"
  echo module > "$d/lib/modules/5.10.0/kernel/drivers/block/virtio_blk.ko"
  echo sh > "$d/bin/sh"
  mk_cpio "$d" | gzip -9 -n > "$tmp/initrd.gz"
  probe initrd "$tmp/initrd.gz" --names
  check "gzip cpio with virtio_blk.ko" virtio_blk=yes \
    "name=lib/modules/5.10.0/kernel/drivers/block/virtio_blk.ko"

  e=$tmp/early
  mkdir -p "$e/kernel/x86/microcode"
  head -c 3001 /dev/urandom > "$e/kernel/x86/microcode/GenuineIntel.bin"
  mk_cpio "$e" > "$tmp/early.cpio"
  d=$tmp/root2
  mkdir -p "$d/usr/lib/modules/6.1.0/kernel/drivers/block"
  echo module > "$d/usr/lib/modules/6.1.0/kernel/drivers/block/virtio_blk.ko.xz"
  if have zstd; then
    { cat "$tmp/early.cpio"; mk_cpio "$d" | zstd -q -c; } > "$tmp/initrd.early-zstd"
    probe initrd "$tmp/initrd.early-zstd" --names
    check "early microcode cpio + zstd cpio with virtio_blk.ko.xz" virtio_blk=yes \
      "name=kernel/x86/microcode/GenuineIntel.bin" \
      "name=usr/lib/modules/6.1.0/kernel/drivers/block/virtio_blk.ko.xz"
    # Zero padding between and after the parts, as some tools write.
    { cat "$tmp/early.cpio"; head -c 512 /dev/zero; mk_cpio "$d" | zstd -q -c;
      head -c 100 /dev/zero; } > "$tmp/initrd.padded"
    probe initrd "$tmp/initrd.padded"
    check "early cpio + padding + zstd cpio + padding" virtio_blk=yes
  else
    tap_skip "early + zstd initramfs" "zstd not installed"
  fi

  # Two compressed parts back to back (xz main, then a gzip'd extra cpio).
  d3=$tmp/extra
  mkdir -p "$d3/etc"; echo x > "$d3/etc/extra.conf"
  { cat "$tmp/early.cpio"; mk_cpio "$d" | xz -c; mk_cpio "$d3" | gzip -n; } > "$tmp/initrd.multi"
  probe initrd "$tmp/initrd.multi" --names
  check "early cpio + xz cpio + gzip cpio" virtio_blk=yes "name=etc/extra.conf"

  d=$tmp/root3
  mkdir -p "$d/lib/modules/5.10.0/kernel/drivers/net"
  echo module > "$d/lib/modules/5.10.0/kernel/drivers/net/virtio_net.ko"
  mk_cpio "$d" | xz -c > "$tmp/initrd.xz"
  probe initrd "$tmp/initrd.xz" --names
  check "xz cpio without virtio_blk" virtio_blk=no \
    "name=lib/modules/5.10.0/kernel/drivers/net/virtio_net.ko"

  # Dash spelling and an uncompressed whole archive.
  d=$tmp/root4
  mkdir -p "$d/lib/modules/2.6.18/kernel/drivers/block"
  echo module > "$d/lib/modules/2.6.18/kernel/drivers/block/virtio-blk.ko"
  mk_cpio "$d" > "$tmp/initrd.cpio"
  probe initrd "$tmp/initrd.cpio"
  check "uncompressed cpio with virtio-blk.ko" virtio_blk=yes

  # Archives back to back: up to the bound of 1024 they are all read;
  # one more is an error naming the bound, not a silent partial list.
  for i in $(seq 1024); do cat "$tmp/initrd.cpio"; done > "$tmp/initrd.1024"
  probe initrd "$tmp/initrd.1024"
  check "1024 concatenated archives are read" virtio_blk=yes
  { cat "$tmp/initrd.1024"; mk_cpio "$tmp/root3"; } > "$tmp/initrd.1025"
  probe initrd "$tmp/initrd.1025"
  if [ $rc = 1 ] && has "error=more than 1024 archives or compressed streams (the bound): the rest were not read"; then
    tap_result 0 "1025 archives: an error naming the bound"
  else
    tap_result 1 "1025 archives: an error naming the bound (status $rc)"
    sed 's/^/#   /' "$tmp/out"
  fi

  head -c 20000 /dev/urandom > "$tmp/garbage"
  probe initrd "$tmp/garbage"
  if [ $rc = 1 ] && grep -q '^error=' "$tmp/out"; then
    tap_result 0 "garbage initramfs: error ($(cat "$tmp/out"))"
  else
    tap_result 1 "garbage initramfs: error (status $rc)"
  fi

  # A truncated compressed archive is an error too.
  head -c 100 "$tmp/initrd.xz" > "$tmp/initrd.trunc"
  probe initrd "$tmp/initrd.trunc"
  if [ $rc = 1 ] && grep -q '^error=' "$tmp/out"; then
    tap_result 0 "truncated xz initramfs: error ($(cat "$tmp/out"))"
  else
    tap_result 1 "truncated xz initramfs: error (status $rc)"
  fi
fi

# --- the host's own kernel and initramfs, when readable -------------------
real_kernel=$(ls /boot/vmlinuz-* 2>/dev/null | head -n 1)
if [ -n "$real_kernel" ] && [ -r "$real_kernel" ]; then
  probe kimage "$real_kernel"
  check "host kernel $real_kernel reads as a bzImage" kind=bzImage
else
  tap_skip "host kernel reads as a bzImage" "no readable /boot/vmlinuz-* on this host"
fi
real_initrd=$(ls /boot/initrd.img-* /boot/initramfs-*.img 2>/dev/null | head -n 1)
if [ -n "$real_initrd" ] && [ -r "$real_initrd" ]; then
  probe initrd "$real_initrd"
  if [ $rc = 0 ] && ! has entries=0; then
    tap_result 0 "host initramfs $real_initrd lists ($(head -n 1 "$tmp/out"))"
  else
    tap_result 1 "host initramfs $real_initrd lists (status $rc)"
    sed 's/^/#   /' "$tmp/out" "$tmp/err"
  fi
else
  tap_skip "host initramfs lists" "no readable /boot/initrd.img-* on this host"
fi

tap_done
