# bench/lib.sh: what the benchmarks share, sourced by bench/*.sh (after
# their "set -u"): the tree and the binary, the work folder with a
# private cache, the image copies, the clock and virt-inspector.
#
# Environment (each script documents it too):
#   GUESTLIFT=PATH     the guestlift binary (default: ./guestlift of this tree)
#   BENCH_IMAGES=N     how many images (default 20)
#   BENCH_VI_RUNS=N    how many of the N virt-inspector runs to really do
#                      (default: all N)
#   KEEP=1             keep the work folder

top_srcdir=$(cd "$(dirname "$0")/.." && pwd)
: "${GUESTLIFT:=$top_srcdir/guestlift}"
: "${BENCH_IMAGES:=20}"
: "${BENCH_VI_RUNS:=$BENCH_IMAGES}"
FIXTURES=$top_srcdir/tests/fixtures/images

die () { echo "bench/${0##*/}: $*" >&2; exit 1; }

# bench_start: the binary and the fixtures are there (made if need be).
bench_start () {
  [ -x "$GUESTLIFT" ] || die "$GUESTLIFT not found: run make first"
  if [ ! -f "$FIXTURES/MANIFEST" ]; then
    make -s -C "$top_srcdir" fixtures || die "make fixtures failed"
  fi
}

# Every fixture that holds a guest (the bad inputs and no-OS images would
# flatter guestlift: they cost it almost nothing), all of them guests the
# host reader reads whole (ext2/3/4, LVM, MBR; one qcow2).
good="rhel5-pv.img rhel5-mixed.img debian-pvops.img xen-named-pvops.img
  ikconfig-xen.img centos5-i386.img sles11.img two-os.img debian-pvops.qcow2"

# bench_work NAME: the work folder $work (mktemp NAME.XXXXXX, removed at
# exit unless KEEP=1) with our own copy of the binary (a rebuild in the
# tree during the run must not change what is measured half-way) and a
# private cache (results of earlier runs must not leak in; the host's
# KVM-or-TCG answer is copied so that guestlift does not probe again);
# then $imgs, BENCH_IMAGES sparse copies of the $good fixtures in turn,
# each a distinct file (the cache key is per file: device, inode, size,
# times, real path), and $n, how many.
bench_work () {
  work=$(mktemp -d "${TMPDIR:-/var/tmp}/$1.XXXXXX")
  if [ "${KEEP:-0}" != 1 ]; then trap 'rm -rf "$work"' EXIT; fi
  mkdir -p "$work/imgs" "$work/cache"
  cp "$GUESTLIFT" "$work/guestlift" && GUESTLIFT=$work/guestlift
  export XDG_CACHE_HOME=$work/cache
  mkdir -p "$XDG_CACHE_HOME/guestlift"
  [ -f "${HOME:-/nonexistent}/.cache/guestlift/accel" ] &&
    cp "$HOME/.cache/guestlift/accel" "$XDG_CACHE_HOME/guestlift/accel"

  local srcs=($good) src dst i
  imgs=()
  for ((i = 0; i < BENCH_IMAGES; i++)); do
    src=${srcs[$((i % ${#srcs[@]}))]}
    dst=$work/imgs/$(printf '%02d' $i)-$src
    cp --sparse=always "$FIXTURES/$src" "$dst" || die "cannot copy $src"
    imgs+=("$dst")
  done
  n=${#imgs[@]}
}

now () { date +%s.%N; }
# elapsed START: seconds since START (ms precision: a re-audit is fast)
elapsed () { echo "$(now) - $1" | bc -l | xargs printf '%.3f'; }
# ratio A B [DIGITS]: A / B with DIGITS decimals (default 2)
ratio () { echo "$1 / $2" | bc -l | xargs printf "%.${3:-2}f"; }
verdict () { if [ "$(echo "$1" | bc -l)" = 1 ]; then echo met; else echo MISSED; fi; }

# virt-inspector under KVM hangs on this kind of host (nested KVM): the
# comparison is TCG against TCG.
vi () { LIBGUESTFS_BACKEND_SETTINGS=force_tcg virt-inspector --no-applications --no-icon -a "$1"; }
