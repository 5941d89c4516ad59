#!/bin/sh
# guestlift: install the Debian packages guestlift needs, then build.
#   ./bootstrap.sh              install (as root, via apt-get), autoreconf, configure, make
#   ./bootstrap.sh --no-install skip apt-get (packages already present)
# Extra arguments after -- go to ./configure (e.g. -- --enable-werror).
set -e
cd "$(dirname "$0")"

PACKAGES="autoconf automake libtool pkg-config make gcc
  libguestfs-dev libguestfs-tools supermin linux-image-amd64
  libxml2-dev libxml2-utils libarchive-dev libpcre2-dev libxen-dev libjson-c-dev
  nettle-dev zlib1g-dev libhivex-dev
  libnbd-dev libext2fs-dev libblkid-dev
  qemu-utils qemu-system-x86 libvirt-dev libvirt-clients libvirt-daemon libvirt-daemon-driver-qemu
  e2fsprogs xfsprogs lvm2 busybox-static valgrind clang xz-utils zstd lz4 bzip2 cpio
  jq python3-jsonschema python3-yaml perl bash-completion
  xen-tools debootstrap wget fdisk util-linux file initramfs-tools-core
  guestfs-tools libwin-hivex-perl ntfs-3g mdadm cryptsetup-bin"

install=yes
while [ $# -gt 0 ]; do
  case "$1" in
    --no-install) install=no; shift ;;
    --) shift; break ;;
    *) break ;;
  esac
done

if [ $install = yes ]; then
  SUDO=
  [ "$(id -u)" = 0 ] || SUDO=sudo
  $SUDO apt-get update -qq
  # shellcheck disable=SC2086
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $PACKAGES
fi

mkdir -p m4 build-aux
autoreconf -fi
./configure "$@"
make -j"$(nproc)"
