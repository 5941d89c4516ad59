#!/bin/bash
# The options every subcommand takes: -V/--version prints what
# "guestlift --version" prints and exits 0; -v/--verbose turns on
# libguestfs's debug messages (LIBGUESTFS_DEBUG=1: "libguestfs: launch:
# program=guestlift") and -x its call trace (LIBGUESTFS_TRACE=1:
# "libguestfs: trace: launch") on every subcommand that starts an
# appliance, each without the other.  Fast: no appliance runs, the
# launch fails at once (LIBGUESTFS_PATH names an empty folder, so
# libguestfs finds no appliance to boot), after both have printed.
. "$top_srcdir/tests/lib.sh"

tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT INT TERM
mkdir "$tmp/empty" "$tmp/out"
truncate -s 1M "$tmp/disk.img"
printf '{"guests": [{"name": "g1", "disks": ["%s"]}]}\n' "$tmp/disk.img" \
  > "$tmp/manifest.json"
export LIBGUESTFS_BACKEND=direct LIBGUESTFS_PATH=$tmp/empty
export XDG_CACHE_HOME=$tmp/cache
unset LIBGUESTFS_DEBUG LIBGUESTFS_TRACE GUESTLIFT_DEBUG

version=$("$GUESTLIFT" --version)
tap_is "$?" 0 "guestlift --version exits 0"

# The command line of each subcommand on the one-disk guest (--appliance:
# the host-side reader would answer for this empty disk without one).
declare -A run=(
  [inspect]="inspect --appliance --no-cache $tmp/disk.img"
  [audit]="audit --appliance --no-cache $tmp/disk.img"
  [convert]="convert --appliance --to kvm --dry-run -o $tmp/out $tmp/disk.img"
  [launch]="launch --appliance --dry-run $tmp/disk.img"
  [batch]="batch --appliance --dry-run -o $tmp/out $tmp/manifest.json"
)

for sub in inspect audit convert launch batch; do
  for opt in -V --version; do
    got=$("$GUESTLIFT" "$sub" "$opt")
    tap_is "$?" 0 "guestlift $sub $opt exits 0"
    tap_is "$got" "$version" "guestlift $sub $opt prints what guestlift --version prints"
  done

  # shellcheck disable=SC2086  # the command lines hold no blanks but the splits
  set -- ${run[$sub]}
  shift
  for opt in "" -v --verbose -x; do
    err=$("$GUESTLIFT" "$sub" $opt "$@" 2>&1 >/dev/null)
    if grep -q '^libguestfs: launch: program=guestlift' <<< "$err"; then
      debug=yes; else debug=no; fi
    if grep -q '^libguestfs: trace: launch$' <<< "$err"; then
      trace=yes; else trace=no; fi
    case $opt in
      "") want="no no" ;;
      -x) want="no yes" ;;
      *) want="yes no" ;;
    esac
    tap_is "$debug $trace" "$want" \
      "guestlift $sub ${opt:-(no option)}: libguestfs debug, trace = $want"
    [ "$debug $trace" = "$want" ] || tap_diag "$(tail -n 5 <<< "$err")"
  done
done

# -v also turns on guestlift's own debug messages.
err=$("$GUESTLIFT" audit -v --no-cache "$tmp/disk.img" 2>&1 >/dev/null)
if grep -q '^guestlift: debug: audit: 1 images' <<< "$err"; then ok=0; else ok=1; fi
tap_result $ok "guestlift audit -v prints guestlift's own debug messages"

tap_done
