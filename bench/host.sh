#!/bin/bash
# bench/host.sh: the host-side reader (issue 16) against the appliance
# path and virt-inspector.
#
#   bench/host.sh              (from the source tree, after "make")
#
# Environment:
#   GUESTLIFT=PATH     the guestlift binary (default: ./guestlift of this tree)
#   BENCH_IMAGES=N     how many images the audit takes (default 20)
#   BENCH_VI_RUNS=N    how many of the N virt-inspector runs of the audit
#                      comparison to really do (default: all N); fewer
#                      are scaled up to N, and the output says so
#   KEEP=1             keep the work folder
#
# What it measures (wall time, date +%s.%N), each with --no-cache:
#   a) "guestlift inspect" of one ext4 image (debian-pvops) and of one LVM
#      image (rhel5-pv): the host reader, then --appliance, then one
#      "virt-inspector --no-applications --no-icon" (if installed)
#   b) "guestlift audit" (default -j) of N images, all host-readable,
#      against N sequential virt-inspector runs
#   c) the peak memory of each host reader child (its rusage, from the
#      -v line "answered by the host reader (... peak RSS N KiB)"), and of
#      the whole guestlift process (/usr/bin/time, if present)
# and prints the ratios against the targets:
#   inspect, host vs --appliance                >= 20x faster
#   inspect, host vs one virt-inspector         >= 50x faster
#   audit of N, host vs N virt-inspector runs   >= 100x faster
#
# Not part of "make check".  About 2 minutes plus 30 s a virt-inspector
# run under TCG on 2 cores.
set -u

. "$(dirname "$0")/lib.sh"

bench_start
have_vi=false
command -v virt-inspector >/dev/null && have_vi=true
timer=
[ -x /usr/bin/time ] && timer=/usr/bin/time

bench_work gl-bench-host

# run LABEL CMD...: wall time in $T; the whole process's peak RSS (KiB)
# in $RSS when /usr/bin/time is there.
run () {
  local label=$1 s; shift
  s=$(now)
  if [ -n "$timer" ]; then
    GUESTLIFT_DEBUG=1 "$timer" -f 'maxrss %M' -o "$work/$label.time" "$@" \
      > "$work/$label.out" 2> "$work/$label.err"
  else
    GUESTLIFT_DEBUG=1 "$@" > "$work/$label.out" 2> "$work/$label.err"
  fi
  T=$(elapsed "$s")
  RSS=$(sed -n 's/^maxrss //p' "$work/$label.time" 2>/dev/null)
}
# The host reader's lines of LABEL's run: how many, and their peak RSS.
child_rss () {
  grep -o 'answered by the host reader ([^)]*peak RSS [0-9]* KiB)' "$work/$1.err" |
    sed 's/.*peak RSS \([0-9]*\) KiB.*/\1/' |
    awk '{ n++; s += $1; if ($1 > m) m = $1 } END { if (n) printf "%d children, peak RSS max %d KiB, mean %d KiB", n, m, s / n; else print "no host reader child" }'
}

echo "== bench/host.sh  $(date -u '+%Y-%m-%d %H:%M:%S UTC')"
echo "host: $(nproc) CPUs, $(free -g | awk '/^Mem:/ {print $2}') GiB, kernel $(uname -r); load: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "guestlift: $("$GUESTLIFT" --version 2>/dev/null)  accel: $(cut -d' ' -f1 "$XDG_CACHE_HOME/guestlift/accel" 2>/dev/null || echo probe)"
$have_vi && echo "virt-inspector: $(virt-inspector --version 2>/dev/null), LIBGUESTFS_BACKEND_SETTINGS=force_tcg"
echo

# --- a) one image
declare -A R
for one in debian-pvops.img rhel5-pv.img; do
  img=$work/imgs/one-$one
  cp --sparse=always "$FIXTURES/$one" "$img"
  run "host-$one" "$GUESTLIFT" inspect --no-cache --format json "$img"
  th=$T; rh=$RSS
  run "app-$one" "$GUESTLIFT" inspect --appliance --no-cache --format json "$img"
  ta=$T; ra=$RSS
  same=differ
  cmp -s "$work/host-$one.out" "$work/app-$one.out" && same="the same"
  printf 'a) %-18s host %7ss (guestlift RSS %s KiB; %s)\n' "$one" "$th" "${rh:-?}" "$(child_rss "host-$one")"
  printf '   %-18s --appliance %7ss (guestlift RSS %s KiB); reports %s\n' "" "$ta" "${ra:-?}" "$same"
  R[$one-host]=$th R[$one-app]=$ta
  if $have_vi; then
    s=$(now); vi "$img" > "$work/vi-$one.xml" 2> "$work/vi-$one.err"; tv=$(elapsed "$s")
    printf '   %-18s virt-inspector %7ss\n' "" "$tv"
    R[$one-vi]=$tv
  fi
done

# --- b) audit of N host-readable images
echo
run audit-host "$GUESTLIFT" audit --no-cache --format json "${imgs[@]}"
t_audit=$T
how=$(grep -o 'audit: .*' "$work/audit-host.err" | tr '\n' ' ')
errs=$(jq '[.images[] | select(.error != null)] | length' "$work/audit-host.out" 2>/dev/null)
echo "b) guestlift audit --no-cache of $n images: ${t_audit}s ($errs image errors; $how)"
echo "   $(child_rss audit-host); guestlift RSS ${RSS:-?} KiB"
t_vi=
if $have_vi; then
  runs=$BENCH_VI_RUNS
  [ "$runs" -gt "$n" ] && runs=$n
  s=$(now)
  for ((k = 0; k < runs; k++)); do
    vi "${imgs[$k]}" > "$work/vi-$k.xml" 2> "$work/vi-$k.err"
  done
  t_real=$(elapsed "$s")
  t_vi=$(echo "$t_real * $n / $runs" | bc -l | xargs printf '%.2f')
  if [ "$runs" = "$n" ]; then
    echo "b) $n sequential virt-inspector runs: ${t_vi}s"
  else
    echo "b) $runs virt-inspector runs took ${t_real}s, scaled to $n: ${t_vi}s"
  fi
fi

echo
echo "== ratios (load after: $(cut -d' ' -f1-3 /proc/loadavg))"
for one in debian-pvops.img rhel5-pv.img; do
  r=$(ratio "${R[$one-app]}" "${R[$one-host]}" 1)
  printf 'inspect %-18s host vs --appliance: %sx faster (target >= 20x: %s)\n' \
    "$one" "$r" "$(verdict "$r >= 20")"
  if [ -n "${R[$one-vi]:-}" ]; then
    r=$(ratio "${R[$one-vi]}" "${R[$one-host]}" 1)
    printf 'inspect %-18s host vs virt-inspector: %sx faster (target >= 50x: %s)\n' \
      "$one" "$r" "$(verdict "$r >= 50")"
  fi
done
if [ -n "$t_vi" ]; then
  r=$(ratio "$t_vi" "$t_audit" 1)
  printf 'audit of %d, host vs %d virt-inspector runs: %sx faster (target >= 100x: %s)\n' \
    "$n" "$n" "$r" "$(verdict "$r >= 100")"
fi
