#!/bin/bash
# guestlift audit: the same facts as inspect, the summary, exit statuses,
# --from, --shard, the result cache (hits, mtime invalidation, corrupt
# entries, --no-cache), the output formats and the progress line.
#
# Appliance launches are what cost (~15 s each under TCG), so the test
# starts few: one uncached audit of every fixture (-j 2), one
# "inspect --no-cache" of the same list to compare with, one audit that
# re-inspects two images (one touched, one whose cache entry is garbage)
# and one "--no-cache" audit of a single image.  Everything else is
# answered from the cache or fails on the host before any appliance (the
# bad images are caught by probing them with qemu-img).
. "${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/lib.sh"
require_fixtures
require_prog jq cmp md5sum
: "${XMLLINT:=xmllint}"

work=$(mktemp -d "${TMPDIR:-/tmp}/gl-audit.XXXXXX")
trap 'rm -rf "$work"' EXIT
# A private cache, so results of other runs cannot answer for ours.  The
# host's KVM-or-TCG answer is copied, so guestlift does not probe again.
private_cache "$work/cache"
entries=$XDG_CACHE_HOME/guestlift/inspect

# The images are copies (sparse), so that touching one does not disturb
# the shared fixtures.  truncated.qcow2 sits in the middle of the list;
# rhel5-pv and rhel5-mixed share the VG name VolGroup00.
img=$work/img
mkdir -p "$img"
all="rhel5-pv.img rhel5-mixed.img debian-pvops.img xen-named-pvops.img
  ikconfig-xen.img centos5-i386.img truncated.qcow2 sles11.img two-os.img
  noos.img blank.img empty.img random.img missing-backing.qcow2
  debian-pvops.qcow2"
good="rhel5-pv.img rhel5-mixed.img debian-pvops.img xen-named-pvops.img
  ikconfig-xen.img centos5-i386.img sles11.img two-os.img debian-pvops.qcow2"
# Bad images that probing on the host already rejects: no appliance.
hostbad="empty.img truncated.qcow2 missing-backing.qcow2"
for i in $all; do
  cp --sparse=always "$FIXTURES/$i" "$img/$i" || tap_bail "cannot copy $i"
done
paths () { for i; do printf '%s\n' "$img/$i"; done; }
mapfile -t all_args < <(paths $all)
mapfile -t good_args < <(paths $good)
mapfile -t cheap_args < <(paths $good $hostbad)

# audit NAME ARGS...: GUESTLIFT_DEBUG=1 audit, stdout in $work/NAME.out,
# stderr in $work/NAME.err, exit status in $rc.
# --appliance: the appliance's own work is what this test counts (images
# per appliance, the LVM sort-out of VolGroup00 in one appliance); the
# host-side reader has hostio-diff.sh.
audit () {
  local name=$1; shift
  GUESTLIFT_DEBUG=1 "$GUESTLIFT" audit --appliance "$@" > "$work/$name.out" 2> "$work/$name.err"
  rc=$?
}
# how NAME: "N images, M from the cache, K appliance group(s)"
how () { sed -n 's/^guestlift: debug: audit: //p' "$work/$1.err"; }
# img_json FILE PATH: the image object for PATH, keys sorted
img_json () { jq -S --arg p "$2" '.images[] | select(.path == $p)' "$1"; }

# --- 1. every fixture, uncached, two appliances in parallel
audit all --format json -j 2 "${all_args[@]}"
tap_is "$rc" 1 "audit of all fixtures exits 1 (errors win over blockers)"
tap_ok jq -e . "$work/all.out" -- "the JSON parses"
tap_is "$(how all)" "15 images, 0 from the cache, 2 appliance group(s)" "first audit: nothing from the cache, -j 2 gives two appliances"
tap_is "$(jq -r '[.images[].path] | join(" ")' "$work/all.out")" "${all_args[*]}" "one entry per image, in the order given"
# Expected counts, from the MANIFEST facts (an OS is a guest; two-os.img
# holds two): bootable rhel5-mixed, debian-pvops, xen-named-pvops,
# ikconfig-xen (3.10.0-custom), sles11 (-default), two-os's Debian,
# debian-pvops.qcow2; blocked rhel5-pv, centos5-i386, two-os's RHEL 5
# (all PV-only); errors noos, blank, empty, random, truncated,
# missing-backing (no OS counts as an error).
tap_is "$(jq -c '.summary | del(.blocked_guests)' "$work/all.out")" '{"bootable":7,"blocked":3,"unknown":0,"error":6,"not_applicable":0}' "summary counts"
tap_is "$(jq -r '[.summary.blocked_guests[].path | sub(".*/"; "")] | sort | join(",")' "$work/all.out")" "centos5-i386.img,rhel5-pv.img,two-os.img" "summary lists the blocked guests"
tap_ok jq -e '.summary.blocked_guests | all(.blockers | length > 0)' "$work/all.out" -- "each blocked guest carries its blockers"
q () { jq -r --arg p "$img/$1" ".images[] | select(.path == \$p) | $2" "$work/all.out"; }
tap_ok test "$(q truncated.qcow2 .error)" != null -- "truncated.qcow2 has its error"
tap_is "$(q truncated.qcow2 '.operating_systems | length')" 0 "truncated.qcow2 has no OS"
for n in centos5-i386.img sles11.img; do
  tap_is "$(q $n '.error')/$(q $n '.operating_systems[0].kernels | length')" "null/$(case $n in sles11.img) echo 2;; *) echo 1;; esac)" \
    "$n, next to truncated.qcow2, has its full answer"
done
tap_is "$(q rhel5-pv.img '.operating_systems[0].hostname')/$(q rhel5-mixed.img '.operating_systems[0].hostname')" \
  rhel5-pv.example.com/rhel5-mixed.example.com "the two VolGroup00 guests are told apart"
tap_is "$(q two-os.img '.operating_systems | length')" 2 "two-os.img: two guests"
tap_is "$(q missing-backing.qcow2 '.error | test("backing")')" true "missing-backing.qcow2: its error"

# --- 2. the same facts as inspect: one uncached inspect of the same list,
# reversed (so the images are batched differently), image by image.
mapfile -t rev_args < <(printf '%s\n' "${all_args[@]}" | tac)
"$GUESTLIFT" inspect --no-cache --format json "${rev_args[@]}" > "$work/inspect.json" 2> "$work/inspect.err"
tap_is "$?" 1 "inspect of the same list exits 1 too"
for p in "${all_args[@]}"; do
  a=$(img_json "$work/all.out" "$p"); b=$(img_json "$work/inspect.json" "$p")
  if [ -n "$a" ] && [ "$a" = "$b" ]; then
    tap_is same same "same facts as inspect: ${p##*/}"
  else
    tap_is "differs" same "same facts as inspect: ${p##*/}"
    diff <(echo "$a") <(echo "$b") | head -n 20 | sed 's/^/# /'
  fi
done

# --- 3. the cache: a re-audit starts no appliance and gives the same answer
audit again --format json "${good_args[@]}"
tap_is "$rc" 3 "re-audit of the good images exits 3 (some blocked)"
tap_is "$(how again)" "9 images, 9 from the cache, 0 appliance group(s)" "re-audit: every image from the cache, no appliance"
same_as_first () {   # FILE: each image equal to the first audit's
  local p bad=0
  for p in "${good_args[@]}"; do
    [ "$(img_json "$1" "$p")" = "$(img_json "$work/all.out" "$p")" ] || { bad=1; tap_diag "differs: $p"; }
  done
  return $bad
}
tap_ok same_as_first "$work/again.out" -- "cached answers equal the first audit's"
tap_ok test -z "$(grep -l $'\r' "$work/all.err" "$work/again.err")" -- "stderr not a terminal: no progress output"

# Exit statuses, all from the cache.
audit ok --format json "$img/debian-pvops.img" "$img/sles11.img"
tap_is "$rc/$(how ok)" "0/2 images, 2 from the cache, 0 appliance group(s)" "only bootable guests: exit 0 (from the cache)"
audit blocked --format json "$img/rhel5-pv.img"
tap_is "$rc/$(how blocked)" "3/1 images, 1 from the cache, 0 appliance group(s)" "a blocked guest: exit 3 (from the cache)"
audit err --format json "$img/debian-pvops.img" "$img/empty.img"
tap_is "$rc" 1 "an image that cannot be inspected: exit 1"
audit err2 --format json "$img/rhel5-pv.img" "$img/missing-backing.qcow2"
tap_is "$rc" 1 "errors win over blockers: exit 1"
audit missing --format json "$img/debian-pvops.img" "$work/nonexistent.img"
tap_is "$rc/$(jq -r '.images[1].error | length > 0' "$work/missing.out")" 1/true "a missing image: exit 1, with its error"

# Usage errors: exit 2, nothing inspected.
usage () {
  local what=$1; shift
  "$GUESTLIFT" audit "$@" > "$work/usage.out" 2> "$work/usage.err"
  tap_is "$?" 2 "usage error: $what"
}
usage "-j 0" -j 0 "$img/rhel5-pv.img"
usage "-j abc" -j abc "$img/rhel5-pv.img"
usage "-j 1x" -j 1x "$img/rhel5-pv.img"
usage "--shard 0/3" --shard 0/3 "$img/rhel5-pv.img"
usage "--shard 4/3" --shard 4/3 "$img/rhel5-pv.img"
usage "--shard 1/0" --shard 1/0 "$img/rhel5-pv.img"
usage "--shard 1/3x" --shard 1/3x "$img/rhel5-pv.img"
usage "--shard -1/3" --shard -1/3 "$img/rhel5-pv.img"
usage "--shard 1" --shard 1 "$img/rhel5-pv.img"
usage "--format yaml" --format yaml "$img/rhel5-pv.img"
usage "--format text (inspect's, not audit's)" --format text "$img/rhel5-pv.img"
usage "an unknown option" --bogus "$img/rhel5-pv.img"
usage "no image" --format json
printf '# nothing here\n\n' > "$work/empty.list"
usage "--from a list with no image" --from "$work/empty.list"
"$GUESTLIFT" audit --from "$work/no-such.list" > /dev/null 2> "$work/nolist.err"
tap_is "$?" 1 "--from an unreadable file: exit 1"
tap_ok grep -q "no-such.list" "$work/nolist.err" -- "the error names the list file"
{ head -c 5000 /dev/zero | tr '\0' x; echo; } > "$work/long.list"
"$GUESTLIFT" audit --from "$work/long.list" > /dev/null 2> "$work/long.err"
tap_is "$?" 1 "--from: a line longer than a path is refused (exit 1)"
tap_ok grep -q "long.list: line 1" "$work/long.err" -- "the error names the list and the line"

# --- 4. --from FILE and --from - give the same report as arguments
audit args --format json "${cheap_args[@]}"
{
  echo "# images to audit"
  echo
  for p in "${cheap_args[@]}"; do printf '  %s\n' "$p"; echo "   # a comment line"; done
  echo
} > "$work/list"
audit fromfile --format json --from "$work/list"
tap_is "$rc" 1 "--from FILE: exit 1 (the host-rejected images)"
tap_ok cmp "$work/args.out" "$work/fromfile.out" -- "--from FILE (comments, blank lines, indentation) = the same list as arguments"
GUESTLIFT_DEBUG=1 "$GUESTLIFT" audit --format json --from - < "$work/list" > "$work/stdin.out" 2> "$work/stdin.err"
tap_ok cmp "$work/args.out" "$work/stdin.out" -- "--from - (standard input) = the same list as arguments"
audit both --format json --from "$work/list" "$work/nonexistent.img"
tap_is "$(jq '.images | length' "$work/both.out")" 13 "--from and arguments add up"

# --- 5. --shard K/3: a partition of the sorted list
union=
for k in 1 2 3; do
  audit "shard$k" --format json --shard "$k/3" "${cheap_args[@]}"
  jq -r '.images[].path' "$work/shard$k.out" > "$work/shard$k.paths"
  tap_ok cmp -s "$work/shard$k.paths" <(LC_ALL=C sort "$work/shard$k.paths") -- "shard $k/3 is sorted"
  tap_is "$(wc -l < "$work/shard$k.paths")" 4 "shard $k/3 holds 4 of the 12 images"
done
tap_is "$(cat "$work"/shard[123].paths | LC_ALL=C sort | uniq -d | wc -l)" 0 "no image in two shards"
tap_ok cmp -s <(cat "$work"/shard[123].paths | LC_ALL=C sort) <(printf '%s\n' "${cheap_args[@]}" | LC_ALL=C sort) -- "the union of the shards is the whole list"
tap_ok cmp -s <(cat "$work"/shard[123].paths) <(printf '%s\n' "${cheap_args[@]}" | LC_ALL=C sort) -- "shards 1, 2, 3 in a row are the sorted list"
audit shard5 --format json --shard 5/20 "$img/rhel5-pv.img"
tap_is "$rc/$(jq '.images | length' "$work/shard5.out")" 0/0 "an empty shard succeeds with an empty report"

# --- 6. formats, from the cache (9 good + 3 host-rejected images)
audit csv --format csv "${cheap_args[@]}"
tap_is "$rc" 1 "csv: exit 1"
if command -v python3 > /dev/null; then
  tap_is "$(python3 -c '
import csv, sys
rows = list(csv.reader(open(sys.argv[1], newline="")))
head, body = rows[0], rows[1:]
assert all(len(r) == len(head) for r in body), "ragged rows"
col = {n: i for i, n in enumerate(head)}
v = {}
for r in body:
    v[r[col["verdict"]]] = v.get(r[col["verdict"]], 0) + 1
print(len(body), head[0], ",".join("%s=%d" % (k, v[k]) for k in sorted(v)))
' "$work/csv.out" 2>&1)" "13 image blocked=3,bootable=7,error=3" "csv parses: a header and one row per guest (13), the verdicts"
  tap_is "$(python3 -c '
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1], newline="")))
r = [r for r in rows if r["image"].endswith("/rhel5-pv.img")][0]
print(r["kernels"], r["pv_only_kernels"], r["verdict"], r["recommended_kernel"] or "-")
' "$work/csv.out" 2>&1)" "1 1 blocked -" "csv: rhel5-pv's row"
else
  tap_is "$(awk -F, 'NR == 1 { print $1 } END { print NR - 1 }' "$work/csv.out" | paste -sd' ')" "image 13" "csv: a header and one row per guest (13)"
fi
audit xml --format xml "${cheap_args[@]}"
tap_is "$rc" 1 "xml: exit 1"
if command -v "$XMLLINT" > /dev/null; then
  tap_ok "$XMLLINT" --noout --relaxng "$top_srcdir/data/guestlift-report.rng" "$work/xml.out" -- "xml validates against data/guestlift-report.rng"
else
  tap_diag "xmllint not found: XML validation not run"
fi
tap_ok grep -q "<summary" "$work/xml.out" -- "xml has the summary"
audit json --format json "${cheap_args[@]}"
tap_is "$(jq -c '.summary | del(.blocked_guests)' "$work/json.out")" '{"bootable":7,"blocked":3,"unknown":0,"error":3,"not_applicable":0}' "json summary of the 12 images"
audit table --format table --format-opt no-color "${cheap_args[@]}"
tap_is "$rc" 1 "table: exit 1"
# One line per guest: the two-os image has two, each bad image one.
lines=0
for p in "${cheap_args[@]}"; do
  c=$(grep -cF "$p" <(sed '/^Summary/,$d' "$work/table.out"))
  lines=$((lines + c))
done
tap_is "$lines" 13 "table: one line per guest (13)"
tap_ok grep -q "^Summary: 13 guests: 7 bootable, 3 blocked, 0 unknown, 3 error" "$work/table.out" -- "table: the summary block"
tap_ok grep -q "^Blocked guests:" "$work/table.out" -- "table: the blocked guests are listed"
tap_ok test -z "$(grep -l $'\033' "$work/table.out")" -- "table: no colour with no-color"

# --- 7. invalidation: touch one image, spoil another's cache entry
entry_of () {   # PATH: the cache entry files holding PATH's facts
  local f
  for f in "$entries"/*.json; do
    [ "$(jq -r '.image.path' "$f" 2>/dev/null)" = "$1" ] && echo "$f"
  done
}
tap_is "$(ls "$entries" | wc -l)" 12 "the cache holds an entry for each good image and each no-OS image (none for read errors)"
deb_entry=$(entry_of "$img/debian-pvops.img")
sles_entry=$(entry_of "$img/sles11.img")
tap_ok test -n "$deb_entry" -a -n "$sles_entry" -- "cache entries found by path"
(cd "$entries" && md5sum *.json) | grep -v -e "${deb_entry##*/}" -e "${sles_entry##*/}" > "$work/others.md5"
sleep 1                             # a visibly newer mtime
touch "$img/sles11.img"
head -c 3000 /dev/urandom > "$deb_entry"
audit inval --format json "${good_args[@]}"
tap_is "$rc" 3 "after touch + corrupt entry: exit 3 as before (no crash)"
tap_is "$(how inval)" "9 images, 7 from the cache, 1 appliance group(s)" "exactly the touched image and the spoilt entry's are inspected again"
tap_ok same_as_first "$work/inval.out" -- "and the answers are still right"
tap_ok jq -e '.cache_version' "$deb_entry" -- "the garbage entry is replaced by a good one"
tap_is "$(entry_of "$img/sles11.img" | wc -l)" 2 "the touched image got a new entry (new key), the old one stays unused"
tap_ok bash -c "cd '$entries' && md5sum --quiet -c '$work/others.md5'" -- "the other entries are untouched"
audit inval2 --format json "${good_args[@]}"
tap_is "$(how inval2)" "9 images, 9 from the cache, 0 appliance group(s)" "then all hit again"

# --- 8. --no-cache: a tampered (but well-formed) entry answers a cached
# audit; --no-cache ignores it and inspects.  In the same appliance: a
# byte-identical copy of rhel5-pv (same VG *and* PV UUIDs, as clones of
# one template have) and rhel5-pv-fork (the same UUIDs, another hostname).
# On a terminal: the progress line.
cp "$deb_entry" "$work/deb-entry.saved"
jq -c '.image.operating_systems[0].hostname = "from-the-cache"' "$work/deb-entry.saved" > "$deb_entry"
audit tampered --format json "$img/debian-pvops.img"
tap_is "$(jq -r '.images[0].operating_systems[0].hostname' "$work/tampered.out")" from-the-cache "a cached audit answers from the cache entry"
cp --sparse=always "$FIXTURES/rhel5-pv.img" "$img/rhel5-pv-clone.img"
cp --sparse=always "$FIXTURES/rhel5-pv-fork.img" "$img/rhel5-pv-fork.img"
nc_args="'$img/debian-pvops.img' '$img/rhel5-pv-fork.img' '$img/rhel5-pv.img' '$img/rhel5-pv-clone.img'"
if command -v script > /dev/null; then
  # stderr is a terminal (script's pty); stdout goes to a file.
  GUESTLIFT_DEBUG=1 script -qec "'$GUESTLIFT' audit --appliance --no-cache --format json $nc_args > '$work/nocache.out'" "$work/tty.log" > /dev/null 2>&1
  rc=$?
  tr -d '\r' < "$work/tty.log" | sed -n 's/.*guestlift: debug: audit: //p' > "$work/nocache.how"
  tap_ok grep -q $'\r' "$work/tty.log" -- "on a terminal: a progress line (carriage returns)"
  tap_ok grep -Eq "inspecting \[[0-4]/4\]" "$work/tty.log" -- "the progress line counts images done / total"
  tap_ok grep -Eq "inspecting \[[0-4]/4\].* $img/" "$work/tty.log" -- "the progress line names the current image"
else
  eval "audit nocache --no-cache --format json $nc_args"
  how nocache > "$work/nocache.how"
  tap_diag "script (bsdutils) not found: progress on a terminal not tested"
fi
tap_is "$(cat "$work/nocache.how")" "4 images, 0 from the cache, 1 appliance group(s)" "--no-cache: nothing from the cache"
tap_is "$(jq -r '.images[0].operating_systems[0].hostname' "$work/nocache.out")" debian-pvops "--no-cache: the real answer"
tap_ok cmp -s "$deb_entry" <(jq -c '.image.operating_systems[0].hostname = "from-the-cache"' "$work/deb-entry.saved") -- "--no-cache stores nothing"
cp "$work/deb-entry.saved" "$deb_entry"
# Clones (same VG *and PV* UUIDs: guests made from one template) in one
# appliance each get their own full answer (inspect/lvm-guests.c).
first=$(jq -S --arg p "$img/rhel5-pv.img" '.images[] | select(.path == $p) | del(.path)' "$work/all.out")
r=ok
for n in rhel5-pv.img rhel5-pv-clone.img; do
  got=$(jq -S --arg p "$img/$n" '.images[] | select(.path == $p) | del(.path)' "$work/nocache.out")
  if [ -z "$got" ] || [ "$got" != "$first" ]; then
    r="not ok"
    tap_diag "$n: error $(jq -c .error <<< "${got:-null}")"
  fi
done
tap_result "$([ "$r" = ok ] && echo 0 || echo 1)" "rhel5-pv and its byte-identical clone, in one appliance, both get rhel5-pv's facts (exit $rc)"
# The fork shares every LVM UUID with them: only reading its own disk
# gives its own hostname (and reading its disk for them would give them
# the fork's).
fork=$(jq -S --arg p "$img/rhel5-pv-fork.img" '.images[] | select(.path == $p) | del(.path)' "$work/nocache.out")
tap_is "$(jq -r '.operating_systems[0].hostname' <<< "${fork:-null}")" rhel5-fork.example.com "the diverged clone, next to its twins, gets its own hostname"
tap_is "$(jq -S '.operating_systems[0].hostname = "x"' <<< "${fork:-null}")" "$(jq -S '.operating_systems[0].hostname = "x"' <<< "$first")" \
  "and otherwise rhel5-pv's facts"

tap_done
