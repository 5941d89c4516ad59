#!/bin/bash
# guestlift audit --merge: shard reports become one report, valid against
# the JSON schema, with the images in input order, one recomputed summary
# (counts and blocked_guests) and audit's exit status for those images;
# a bad input is a one-line error naming the file, exit 1, and nothing on
# stdout.  Fast: the reports are the unit tests' sample report cut into
# shards, and real shards of "audit --shard" on images whose appliance
# fails at once (LIBGUESTFS_PATH names an empty folder).
. "$top_srcdir/tests/lib.sh"

sample_prog=$top_builddir/tests/unit/report-sample
jschema=$top_srcdir/data/guestlift-report.schema.json
[ -x "$sample_prog" ] || tap_skip_all "tests/unit/report-sample is not built (make check builds it)"
require_prog python3

tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT INT TERM
cd "$tmp" || exit 1

# py EXPR FILE...: print a Python expression over the JSON documents d[0]...
py () {
  local expr=$1; shift
  python3 -c 'import json, sys
d = [json.load(open(f)) for f in sys.argv[2:]]
print(eval(sys.argv[1]))' "$expr" "$@"
}

# The sample: 5 guests (blocked, bootable, error, unknown, Windows), with the
# summary audit writes for them.  Cut into one shard per image.
"$sample_prog" sample.json json-summary || exit 1
tap_is "$(py 'len(d[0]["images"])' sample.json)" 5 "the sample report has 5 images"
python3 - sample.json <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
for k, im in enumerate(d["images"]):
    json.dump({"images": [im]}, open("shard-%d.json" % (k + 1), "w"), indent=2)
PY

"$GUESTLIFT" audit --merge shard-1.json shard-2.json shard-3.json shard-4.json \
  shard-5.json > merged.json 2> merged.err
tap_is "$?" 1 "merge of the 5 shards exits 1 (an image has an error)"
tap_is "$(py 'd[0] == d[1]' merged.json sample.json)" True \
  "the merged report is the whole report: same images in order, same summary"
tap_is "$(cat merged.err)" "" "the merge prints nothing on stderr"

# Subsets: the exit status and the summary are those of the images merged.
"$GUESTLIFT" audit --merge shard-2.json > m2.json
tap_is "$?" 0 "merge of the bootable guest alone exits 0"
"$GUESTLIFT" audit --merge shard-2.json shard-1.json > m21.json
tap_is "$?" 3 "merge of a bootable and a blocked guest exits 3"
tap_is "$(py '[i["path"] for i in d[0]["images"]] == [d[1]["images"][0]["path"], d[2]["images"][0]["path"]]' \
            m21.json shard-2.json shard-1.json)" True "images are in the order of the inputs"
tap_is "$(py '[d[0]["summary"][k] for k in ("bootable", "blocked", "unknown", "error")]' m21.json)" \
  "[1, 1, 0, 0]" "the summary counts the merged guests"
tap_is "$(py '[g["path"] for g in d[0]["summary"]["blocked_guests"]]' m21.json)" \
  "['/images/rhel5.img']" "the summary's blocked_guests names the blocked guest"
"$GUESTLIFT" audit --merge shard-4.json > m4.json
tap_is "$?" 3 "merge of an unknown guest exits 3 (as audit)"
"$GUESTLIFT" audit --merge shard-5.json > m5.json
tap_is "$?" 0 "merge of a Windows guest exits 0 (not applicable, as audit)"
tap_is "$(py 'd[0]["summary"]["not_applicable"], d[0]["images"][0]["operating_systems"][0]["drive_mappings"]' m5.json)" \
  "(1, {'C': '/dev/sda2', 'E': '/dev/sdb1'})" "its summary counts it not applicable; its drive letters are kept"
"$GUESTLIFT" audit --merge merged.json shard-2.json > again.json
tap_is "$(py 'len(d[0]["images"]), d[0]["summary"]["bootable"]' again.json)" "(6, 2)" \
  "a merged report merges again (its old summary is recomputed, not added)"

# The merged documents against the project's JSON schema.
if python3 -c 'import jsonschema' 2>/dev/null; then
  for f in merged.json m21.json again.json; do
    python3 - "$jschema" "$f" <<'PY'
import json, sys, jsonschema
schema = json.load(open(sys.argv[1]))
jsonschema.Draft202012Validator(schema).validate(json.load(open(sys.argv[2])))
PY
    tap_result $? "$f validates against guestlift-report.schema.json"
  done
else
  tap_skip "merged reports validate against the JSON schema" "python3-jsonschema is not installed"
fi

# Other formats: the table has the summary of all the shards.
out=$("$GUESTLIFT" audit --merge --format table shard-1.json shard-2.json)
if grep -q '^Summary: 2 guests: 1 bootable, 1 blocked' <<< "$out"; then ok=0; else ok=1; fi
tap_result $ok "--merge --format table prints one summary of all the shards"

# Real shards, written by audit --shard: their merge is the unsharded audit.
mkdir empty
for n in a b c d e; do truncate -s 1M "disk-$n.img"; done
ls "$tmp"/disk-*.img > list.txt
export LIBGUESTFS_BACKEND=direct LIBGUESTFS_PATH=$tmp/empty XDG_CACHE_HOME=$tmp/cache
"$GUESTLIFT" audit -q --from list.txt > whole.json 2>/dev/null
shards=()
for k in 1 2 3; do
  "$GUESTLIFT" audit -q --from list.txt --shard "$k/3" > "real-$k.json" 2>/dev/null
  shards+=("real-$k.json")
done
"$GUESTLIFT" audit --merge "${shards[@]}" > real.json
tap_is "$?" 1 "merge of real shards exits 1, as their audit (the images failed)"
tap_is "$(py 'len(d[0]["images"]), len(d[1]["images"])' real.json whole.json)" "(5, 5)" \
  "the merged real shards and the unsharded audit have the 5 images"
tap_is "$(py 'd[0] == d[1]' real.json whole.json)" True \
  "the merge of audit --shard 1/3, 2/3, 3/3 equals the unsharded audit"

# Bad inputs: one line naming the file, exit 1, nothing on stdout, even
# after a good file.
: > empty.json
echo 'not json' > text.json
echo '[1, 2]' > array.json
echo '{"images": [], "schema_version": 2}' > newer.json
python3 - shard-1.json <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
im = d["images"][0]
im["colour"] = "red"
json.dump(d, open("newer-image.json", "w"))
del im["colour"], im["operating_systems"][0]["kvm"]
json.dump(d, open("older.json", "w"))
PY
printf '{"images": [{"path": "/x", "format": "raw", "virtual_size": 1, "error": null, "operating_systems": []}]}\n' \
  > one-guest-disk.json
for bad in missing.json empty.json text.json array.json newer.json newer-image.json \
           older.json one-guest-disk.json "$tmp"; do
  "$GUESTLIFT" audit --merge shard-2.json "$bad" > out.txt 2> err.txt
  rc=$?
  lines=$(wc -l < err.txt)
  if [ $rc = 1 ] && [ ! -s out.txt ] && [ "$lines" = 1 ] &&
     grep -qF "guestlift: $bad: " err.txt; then ok=0; else ok=1; fi
  tap_result $ok "--merge with $(basename "$bad"): exit 1, one line naming it, no output"
  [ $ok = 0 ] || tap_diag "rc=$rc, stdout $(wc -c < out.txt) bytes, stderr: $(cat err.txt)"
done

# Usage errors.
"$GUESTLIFT" audit --merge > out.txt 2>&1
tap_is "$?" 2 "--merge without a REPORT is a usage error"
for opt in "-j 2" "--shard 1/2" "--no-cache" "--format-disk raw" "--allow-backing-file"; do
  # shellcheck disable=SC2086
  "$GUESTLIFT" audit --merge $opt shard-1.json > out.txt 2>&1
  tap_is "$?" 2 "--merge with $opt is a usage error"
done

tap_done
