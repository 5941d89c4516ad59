#!/bin/bash
# guestlift: the XML report validates against data/guestlift-report.rng
# (and the JSON report against data/guestlift-report.schema.json when
# python3-jsonschema is installed), and a broken report is rejected, so
# the schemas really constrain what the writers emit.  TAP output.
set -u
. "${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/lib.sh"

if [ -z "${XMLLINT:-}" ] || [ "$XMLLINT" = no ]; then
  tap_skip_all "xmllint not found (apt-get install libxml2-utils)"
fi

rng="$top_srcdir/data/guestlift-report.rng"
jschema="$top_srcdir/data/guestlift-report.schema.json"
sample="$top_builddir/tests/unit/report-sample"
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT INT TERM

tap_ok "$XMLLINT" --noout "$rng" -- "the RELAX NG schema is well-formed"
for what in xml xml-summary; do
  tap_ok "$sample" "$tmp/$what.xml" "$what" -- "report-sample writes the $what report"
  tap_ok "$XMLLINT" --noout --relaxng "$rng" "$tmp/$what.xml" \
    -- "the $what report validates against the RNG"
done

# Broken reports: a tri-state that is not true/false/unknown, an element
# the schema does not know, a required element removed.
sed 's|<xen-pv-only>unknown</xen-pv-only>|<xen-pv-only>maybe</xen-pv-only>|' \
  "$tmp/xml.xml" > "$tmp/bad1.xml"
sed 's|<osinfo>|<colour>red</colour><osinfo>|' "$tmp/xml.xml" > "$tmp/bad2.xml"
sed 's|<config-source>[a-z]*</config-source>||' "$tmp/xml.xml" > "$tmp/bad3.xml"
for i in 1 2 3; do
  if cmp -s "$tmp/xml.xml" "$tmp/bad$i.xml"; then
    tap_result 1 "broken report $i differs from the sample (sample changed?)"
  else
    tap_fails "$XMLLINT" --noout --relaxng "$rng" "$tmp/bad$i.xml" \
      -- "broken report $i is rejected by the RNG"
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
    tap_ok "$sample" "$tmp/$what.json" "$what" -- "report-sample writes the $what report"
    tap_ok validate "$tmp/$what.json" -- "the $what report validates against the JSON schema"
  done
  sed 's|"config_source": "none"|"config_source": "guess"|' \
    "$tmp/json.json" > "$tmp/bad.json"
  if cmp -s "$tmp/json.json" "$tmp/bad.json"; then
    tap_result 1 "broken JSON report differs from the sample (sample changed?)"
  else
    tap_fails validate "$tmp/bad.json" -- "a broken JSON report is rejected by the JSON schema"
  fi
else
  for d in "JSON report validates" "JSON summary report validates" \
           "broken JSON report is rejected"; do
    tap_skip "$d" "python3-jsonschema not installed"
  done
fi

tap_done
