#!/bin/bash
# bench/audit.sh: guestlift audit / inspect against virt-inspector, the
# tool users would otherwise run once per image (issue 4's targets).
#
#   bench/audit.sh              (from the source tree, after "make")
#
# Environment:
#   GUESTLIFT=PATH     the guestlift binary (default: ./guestlift of this tree)
#   BENCH_IMAGES=N     how many images to audit (default 20)
#   BENCH_JOBS="..."   extra -j values for uncached audits (default "1 2")
#   BENCH_VI_RUNS=N    how many of the N virt-inspector runs to really do
#                      (default: all N); fewer are scaled up to N, and the
#                      output says so
#   KEEP=1             keep the work folder
#
# What it measures (wall time, date +%s.%N):
#   a) N sequential "virt-inspector --no-applications --no-icon -a IMG"
#   b) "guestlift audit --no-cache -j J" of the N images, J = default, 1, 2
#   c) the first cached audit (empty cache) and a re-audit of the same
#      unchanged images (all cache hits: no appliance)
#   d) "guestlift inspect --no-cache" of one image vs one virt-inspector
# and prints the ratios against the targets:
#   audit (default -j) vs N virt-inspector     >= 10x faster
#   inspect vs virt-inspector                  <= 0.7x the time
#   re-audit vs first audit                    >= 100x faster
#
# The images are sparse copies of the fixture guests (make fixtures), each
# a distinct file: the cache key is per file (device, inode, size, times,
# real path), so copies of the same content are distinct cache entries.
#
# This takes about 15-20 minutes under TCG on a 2-core machine.  It is not
# part of "make check".
set -u

. "$(dirname "$0")/lib.sh"
: "${BENCH_JOBS=1 2}"

command -v virt-inspector >/dev/null || die "virt-inspector not installed (Debian: libguestfs-tools)"
bench_start
bench_work gl-bench

echo "== bench/audit.sh  $(date -u '+%Y-%m-%d %H:%M:%S UTC')"
echo "host: $(nproc) CPUs, $(free -g | awk '/^Mem:/ {print $2}') GiB, $(. /etc/os-release 2>/dev/null; echo "${PRETTY_NAME:-unknown OS}"), kernel $(uname -r)"
echo "guestlift: $("$GUESTLIFT" --version 2>/dev/null)  accel: $(cut -d' ' -f1 "$XDG_CACHE_HOME/guestlift/accel" 2>/dev/null || echo probe)"
echo "virt-inspector: $(virt-inspector --version 2>/dev/null), LIBGUESTFS_BACKEND_SETTINGS=force_tcg (KVM hangs here: nested KVM)"
echo "images: $n copies of: $(echo $good)"
echo "uptime before: $(uptime)"
echo

# --- a) N sequential virt-inspector runs
runs=$BENCH_VI_RUNS
[ "$runs" -gt "$n" ] && runs=$n
t0=$(now)
vi_fail=0
for ((k = 0; k < runs; k++)); do
  s=$(now)
  if ! vi "${imgs[$k]}" > "$work/vi-$k.xml" 2> "$work/vi-$k.err"; then
    vi_fail=$((vi_fail + 1))
  fi
  printf '  virt-inspector %s: %ss\n' "$(basename "${imgs[$k]}")" "$(elapsed "$s")"
done
t_vi_real=$(elapsed "$t0")
t_vi=$(echo "$t_vi_real * $n / $runs" | bc -l | xargs printf '%.2f')
t_vi1=$(echo "$t_vi_real / $runs" | bc -l | xargs printf '%.2f')
if [ "$runs" = "$n" ]; then
  echo "a) $n sequential virt-inspector runs: ${t_vi}s (failures: $vi_fail)"
else
  echo "a) $runs virt-inspector runs took ${t_vi_real}s, scaled to $n: ${t_vi}s (failures: $vi_fail)"
fi

# --- b) uncached audits
audit () {
  local label=$1; shift
  local s t rc how errs
  s=$(now)
  GUESTLIFT_DEBUG=1 "$GUESTLIFT" audit --format json "$@" "${imgs[@]}" \
    > "$work/$label.json" 2> "$work/$label.err"
  rc=$?
  t=$(elapsed "$s")
  how=$(grep -o 'audit: .*' "$work/$label.err" | tail -n 1)
  errs=$(jq '[.images[] | select(.error != null)] | length' "$work/$label.json" 2>/dev/null)
  printf '  guestlift audit %-22s %8ss  exit %s, %s image errors; %s\n' \
    "$*" "$t" "$rc" "${errs:-?}" "$how"
  T=$t
}
echo
audit audit-default --no-cache; t_audit=$T
echo "b) guestlift audit --no-cache (default -j): ${t_audit}s"
for j in $BENCH_JOBS; do
  audit "audit-j$j" --no-cache -j "$j"; t=$T
  echo "b) guestlift audit --no-cache -j $j: ${t}s"
done

# --- c) first audit into an empty cache, then the re-audit
audit audit-first; t_first=$T
echo "c) first cached audit (empty cache, default -j): ${t_first}s"
audit audit-again; t_re=$T
echo "c) re-audit of the unchanged images (cache): ${t_re}s"
if ! cmp -s "$work/audit-first.json" "$work/audit-again.json"; then
  echo "   WARNING: the re-audit's report differs from the first audit's"
fi
# Only successes are cached: images that failed in the first audit are
# inspected again.  Then once more, when every image is in the cache.
if ! grep -q "audit: $n images, $n from the cache" "$work/audit-again.err"; then
  echo "   NOTE: the first audit left images uncached (errors); re-auditing once more"
  audit audit-again2; t_re=$T
  echo "c) re-audit with every image in the cache: ${t_re}s"
fi

# --- d) one image: guestlift inspect vs virt-inspector
one=${imgs[0]}
s=$(now)
"$GUESTLIFT" inspect --no-cache --format json "$one" > "$work/inspect-one.json" 2> "$work/inspect-one.err"
t_inspect=$(elapsed "$s")
s=$(now)
vi "$one" > "$work/vi-one.xml" 2> "$work/vi-one.err"
t_vi_one=$(elapsed "$s")
echo
echo "d) one image ($(basename "$one")): guestlift inspect --no-cache ${t_inspect}s, virt-inspector ${t_vi_one}s"

echo
echo "uptime after: $(uptime)"
echo
echo "== ratios"
r1=$(ratio "$t_vi" "$t_audit")
printf 'audit of %d vs %d sequential virt-inspector: %sx faster   (target >= 10x: %s)\n' \
  "$n" "$n" "$r1" "$(verdict "$r1 >= 10")"
r2=$(ratio "$t_inspect" "$t_vi_one")
printf 'inspect of one image vs one virt-inspector: %sx the time  (target <= 0.7x: %s)\n' \
  "$r2" "$(verdict "$r2 <= 0.7")"
r2b=$(ratio "$t_inspect" "$t_vi1")
printf '   (against the mean of the %d virt-inspector runs of a): %sx)\n' "$runs" "$r2b"
r3=$(ratio "$t_first" "$t_re")
printf 're-audit vs first audit: %sx faster   (target >= 100x: %s)\n' \
  "$r3" "$(verdict "$r3 >= 100")"
