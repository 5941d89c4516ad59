#!/bin/bash
# The report's default format: text (inspect) or a table (audit) when
# standard output is a terminal, JSON when it is not ("inspect x.img >
# report.txt" writes JSON whatever the file's name, and so does a pipe),
# and --help and the first paragraph of the man page's DESCRIPTION say so.
# Fast: no appliance runs (LIBGUESTFS_PATH names an empty folder, so the
# image's report holds the launch error, in the default format all the
# same).
. "$top_srcdir/tests/lib.sh"

tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT INT TERM
mkdir "$tmp/empty"
truncate -s 1M "$tmp/disk.img"
export LIBGUESTFS_BACKEND=direct LIBGUESTFS_PATH=$tmp/empty
export XDG_CACHE_HOME=$tmp/cache

is_json () {
  python3 -c 'import json, sys; json.load(open(sys.argv[1]))["images"]' "$1" 2>/dev/null
}

for sub in inspect audit; do
  "$GUESTLIFT" "$sub" -q "$tmp/disk.img" > "$tmp/$sub-report.txt"
  if is_json "$tmp/$sub-report.txt"; then ok=0; else ok=1; fi
  tap_result $ok "guestlift $sub IMG > report.txt writes a JSON report"

  "$GUESTLIFT" "$sub" -q "$tmp/disk.img" | cat > "$tmp/$sub-pipe"
  if is_json "$tmp/$sub-pipe"; then ok=0; else ok=1; fi
  tap_result $ok "guestlift $sub IMG | ... writes a JSON report"

  # A terminal: script(1) gives the command a pseudo-terminal.
  if command -v script > /dev/null 2>&1; then
    script -qec "\"$GUESTLIFT\" $sub -q --format-opt no-color \"$tmp/disk.img\"" \
      /dev/null < /dev/null > "$tmp/$sub-tty"
    if ! is_json "$tmp/$sub-tty" && grep -q "$tmp/disk.img" "$tmp/$sub-tty"; then
      ok=0; else ok=1; fi
    tap_result $ok "guestlift $sub IMG on a terminal writes the report for a person"
  else
    tap_skip "guestlift $sub IMG on a terminal" "script(1) is not installed"
  fi

  # --help's text before its options, and the man page's first paragraph.
  intro=$("$GUESTLIFT" "$sub" --help | sed '/^Options:/q' | tr '\n' ' ')
  if grep -q 'JSON when standard output is not one' <<< "$intro" &&
     grep -q "> [a-z]*\.txt\" writes JSON" <<< "$intro"; then ok=0; else ok=1; fi
  tap_result $ok "guestlift $sub --help says a file or pipe gets JSON"

  first=$(awk '/^=head1 DESCRIPTION/{f=1; next} f && NF {p=1} f && p && !NF {exit} f && p' \
            "$top_srcdir/docs/guestlift-$sub.pod" | tr '\n' ' ')
  if grep -q 'JSON when it is not' <<< "$first" &&
     grep -q 'E<gt> [a-z]*\.txt> writes JSON' <<< "$first"; then ok=0; else ok=1; fi
  tap_result $ok "guestlift-$sub.pod's first paragraph says a file or pipe gets JSON"
done

tap_done
