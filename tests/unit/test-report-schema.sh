#!/bin/sh
# guestlift: the XML report validates against data/guestlift-report.rng
# (and the JSON report against data/guestlift-report.schema.json when
# python3-jsonschema is installed), and a broken report is rejected, so
# the schemas really constrain what the writers emit.  TAP output.
set -u

if [ -z "${XMLLINT:-}" ] || [ "$XMLLINT" = no ]; then
  echo "1..0 # SKIP xmllint not found (apt-get install libxml2-utils)"
  exit 77
fi
: "${top_srcdir:?}" "${top_builddir:?}"

rng="$top_srcdir/data/guestlift-report.rng"
jschema="$top_srcdir/data/guestlift-report.schema.json"
sample="$top_builddir/tests/unit/report-sample"
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT INT TERM

n=0
failed=0
pass () { n=$((n + 1)); echo "ok $n - $1"; }
fail () { n=$((n + 1)); failed=$((failed + 1)); echo "not ok $n - $1"; }
skip () { n=$((n + 1)); echo "ok $n - $1 # SKIP $2"; }
# check DESCRIPTION COMMAND...: passes when the command succeeds.
check () {
  d="$1"; shift
  if "$@" > "$tmp/out" 2>&1; then pass "$d"; else fail "$d"; sed 's/^/# /' "$tmp/out"; fi
}
# reject DESCRIPTION COMMAND...: passes when the command fails.
reject () {
  d="$1"; shift
  if "$@" > "$tmp/out" 2>&1; then fail "$d"; sed 's/^/# /' "$tmp/out"; else pass "$d"; fi
}

check "the RELAX NG schema is well-formed" "$XMLLINT" --noout "$rng"
for what in xml xml-summary; do
  check "report-sample writes the $what report" "$sample" "$tmp/$what.xml" "$what"
  check "the $what report validates against the RNG" \
    "$XMLLINT" --noout --relaxng "$rng" "$tmp/$what.xml"
done

# Broken reports: a tri-state that is not true/false/unknown, an element
# the schema does not know, a required element removed.
sed 's|<xen-pv-only>unknown</xen-pv-only>|<xen-pv-only>maybe</xen-pv-only>|' \
  "$tmp/xml.xml" > "$tmp/bad1.xml"
sed 's|<osinfo>|<colour>red</colour><osinfo>|' "$tmp/xml.xml" > "$tmp/bad2.xml"
sed 's|<config-source>[a-z]*</config-source>||' "$tmp/xml.xml" > "$tmp/bad3.xml"
for i in 1 2 3; do
  if cmp -s "$tmp/xml.xml" "$tmp/bad$i.xml"; then
    fail "broken report $i differs from the sample (sample changed?)"
  else
    reject "broken report $i is rejected by the RNG" \
      "$XMLLINT" --noout --relaxng "$rng" "$tmp/bad$i.xml"
  fi
done

# JSON Schema (draft 2020-12), when a validator is at hand.
if command -v python3 > /dev/null 2>&1 &&
   python3 -c 'import jsonschema' > /dev/null 2>&1; then
  validate () {
    python3 - "$jschema" "$1" <<'PY'
import json, sys, jsonschema
schema = json.load(open(sys.argv[1]))
jsonschema.Draft202012Validator.check_schema(schema)
jsonschema.Draft202012Validator(schema).validate(json.load(open(sys.argv[2])))
PY
  }
  for what in json json-summary; do
    check "report-sample writes the $what report" "$sample" "$tmp/$what.json" "$what"
    check "the $what report validates against the JSON schema" validate "$tmp/$what.json"
  done
  sed 's|"config_source": "none"|"config_source": "guess"|' \
    "$tmp/json.json" > "$tmp/bad.json"
  if cmp -s "$tmp/json.json" "$tmp/bad.json"; then
    fail "broken JSON report differs from the sample (sample changed?)"
  else
    reject "a broken JSON report is rejected by the JSON schema" validate "$tmp/bad.json"
  fi
else
  for d in "JSON report validates" "JSON summary report validates" \
           "broken JSON report is rejected"; do
    skip "$d" "python3-jsonschema not installed"
  done
fi

echo "1..$n"
[ "$failed" -eq 0 ]
