#!/bin/bash
# The man pages (docs/*.pod, built to docs/*.1) against the program's own
# --help: every long option a subcommand's --help lists is documented in
# the OPTIONS section of docs/guestlift-SUB.pod, and every option the
# OPTIONS section documents is in --help; "guestlift help SUB" prints the
# same as "guestlift SUB --help"; "guestlift --help" lists every
# subcommand, each with a page; the POD is well-formed and the built pages
# render.  Fast: no appliance.
. "${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/lib.sh"

docs=$top_srcdir/docs
mandir=$top_builddir/docs

# The long options in some text: --word, --word-word.
long_opts () {
  grep -o -- '--[a-z][a-z-]*' | sed 's/-*$//' | sort -u
}

# The long options the OPTIONS section of a POD file documents, i.e. on its
# "=item" lines (B<--xxx>, possibly several per item: "B<-j> I<N>, B<--jobs>").
pod_options () {
  sed -n '/^=head1 OPTIONS/,/^=head1 /p' "$1" | grep '^=item' | long_opts
}

# has_opt TEXT OPT: OPT appears in TEXT as a whole option (--format is not
# found in --format-opt).
has_opt () {
  grep -qE -- "(^|[^a-z-])$2([^a-z-]|\$)" <<< "$1"
}

main_help=$("$GUESTLIFT" --help)
tap_is "$?" 0 "guestlift --help exits 0"

# The subcommands, from the "Subcommands:" block of guestlift --help.
subs=$(sed -n '/^Subcommands:/,/^$/p' <<< "$main_help" |
         sed -n 's/^  \([a-z][a-z-]*\) .*/\1/p' | grep -vx help)
for want in inspect audit convert launch; do
  if grep -qx "$want" <<< "$subs"; then ok=0; else ok=1; fi
  tap_result $ok "guestlift --help lists the subcommand $want"
done

# guestlift.pod: the program's own options and every subcommand.
for opt in $(long_opts <<< "$(grep -A3 '^Usage:' <<< "$main_help")"); do
  if has_opt "$(pod_options "$docs/guestlift.pod")" "$opt"; then ok=0; else ok=1; fi
  tap_result $ok "guestlift.pod OPTIONS documents $opt"
done

for sub in $subs; do
  pod=$docs/guestlift-$sub.pod
  if [ -f "$pod" ]; then ok=0; else ok=1; fi
  tap_result $ok "subcommand $sub has a man page source ($pod)"
  [ -f "$pod" ] || continue
  if grep -q "B<$sub>" "$docs/guestlift.pod"; then ok=0; else ok=1; fi
  tap_result $ok "guestlift.pod names the subcommand $sub"

  # A placeholder subcommand (its issue not landed yet) has no options
  # yet: its page documents the options it will have.
  usage=$("$GUESTLIFT" help "$sub")
  if grep -q 'Not implemented yet' <<< "$usage"; then
    tap_skip "guestlift $sub --help against guestlift-$sub.pod" \
      "guestlift $sub is not implemented yet"
    continue
  fi

  help=$("$GUESTLIFT" "$sub" --help)
  tap_is "$?" 0 "guestlift $sub --help exits 0"
  tap_is "$usage" "$help" \
    "guestlift help $sub prints the same as guestlift $sub --help"

  documented=$(pod_options "$pod")
  # The options the --help lists: its "Options:" block (its prose and
  # examples may quote other subcommands' options, e.g. convert
  # --direct-boot), or the whole text when it has no such block.
  opts_block=$(sed -n '/^Options:/,/^$/p' <<< "$help")
  printed=$(long_opts <<< "${opts_block:-$help}")

  # --help -> POD
  for opt in $printed; do
    if has_opt "$documented" "$opt"; then ok=0; else ok=1; fi
    tap_result $ok "guestlift-$sub.pod OPTIONS documents $opt"
  done

  # POD -> --help
  for opt in $documented; do
    if has_opt "$help" "$opt"; then ok=0; else ok=1; fi
    tap_result $ok "guestlift $sub --help has $opt (documented in its page)"
  done
done

# The sections every page has.
for pod in "$docs"/guestlift*.pod; do
  name=$(basename "$pod" .pod)
  for section in NAME SYNOPSIS DESCRIPTION OPTIONS "EXIT STATUS" EXAMPLES \
                 FILES ENVIRONMENT "SEE ALSO"; do
    if grep -qx "=head1 $section" "$pod"; then ok=0; else ok=1; fi
    tap_result $ok "$name.pod has the section $section"
  done
done

# POD syntax.
if command -v podchecker >/dev/null 2>&1; then
  for pod in "$docs"/guestlift*.pod; do
    out=$(podchecker -warnings "$pod" 2>&1)
    rc=$?
    if [ $rc = 0 ] && ! grep -q WARNING <<< "$out"; then ok=0; else ok=1; fi
    tap_result $ok "podchecker: $(basename "$pod")"
    [ $ok = 0 ] || tap_diag "$out"
  done
else
  tap_skip "podchecker" "podchecker is not installed"
fi

# The built pages: present, roff, and they render without warnings.
for pod in "$docs"/guestlift*.pod; do
  name=$(basename "$pod" .pod)
  page=$mandir/$name.1
  if [ ! -f "$page" ]; then
    tap_result 1 "$name.1 is built (make builds it from $name.pod)"
    continue
  fi
  if head -n 1 "$page" | grep -q '^\.\\"' || grep -q '^\.TH ' "$page"; then
    ok=0; else ok=1; fi
  tap_result $ok "$name.1 is a roff man page"
  if [ "$page" -ot "$pod" ]; then
    tap_result 1 "$name.1 is up to date with $name.pod (run make)"
  fi
  if command -v groff >/dev/null 2>&1; then
    out=$(groff -man -Tutf8 -ww -z "$page" 2>&1)
    if [ -z "$out" ]; then ok=0; else ok=1; fi
    tap_result $ok "$name.1 renders with groff without warnings"
    [ $ok = 0 ] || tap_diag "$out"
  fi
done

if command -v man >/dev/null 2>&1; then
  out=$(MANWIDTH=80 MANPAGER=cat PAGER=cat man -l "$mandir/guestlift-inspect.1" 2>/dev/null)
  if grep -q 'guestlift-inspect - ' <<< "$out" && grep -q 'xen_pv_only' <<< "$out"; then
    ok=0; else ok=1; fi
  tap_result $ok "man -l docs/guestlift-inspect.1 renders it"
else
  tap_skip "man -l docs/guestlift-inspect.1 renders it" "man is not installed"
fi

# The pages name the data folder as configured (the schemas), not a
# placeholder and not another prefix's folder.
if [ -n "${GUESTLIFT_PKGDATADIR-}" ]; then
  for page in "$mandir"/*.1; do
    if grep -q '@pkgdatadir' "$page"; then ok=1; else ok=0; fi
    tap_result $ok "$(basename "$page"): no @pkgdatadir@ placeholder left"
  done
  if sed 's/\\-/-/g' "$mandir/guestlift-inspect.1" |
       grep -qF "$GUESTLIFT_PKGDATADIR/guestlift-report.rng"; then ok=0; else ok=1; fi
  tap_result $ok "guestlift-inspect.1 names the schema in $GUESTLIFT_PKGDATADIR"
else
  tap_skip "the pages name the configured data folder" "GUESTLIFT_PKGDATADIR not set (run by make check)"
fi

tap_done
