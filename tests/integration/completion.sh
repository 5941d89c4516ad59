#!/bin/bash
# The bash completion (cli/completion/guestlift), sourced in a bash that
# has no bash-completion loaded, its function called with COMP_WORDS and
# COMP_CWORD set as bash sets them: subcommands, every subcommand's
# options (exactly the long options its --help lists), the values of
# --to, --format, --format-opt, --output-format, --hypervisor and --via,
# "--opt=value", and files by what the argument is.  Fast: no appliance.
. "$top_srcdir/tests/lib.sh"
require_prog bash

completion=$top_srcdir/cli/completion/guestlift
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT INT TERM

# comp WORD...: the completions of the last word, sorted, one line.
comp () {
  (cd "$tmp/files" && bash --norc --noprofile -c '
    . "$0" || exit 1
    COMP_WORDS=("$@"); COMP_CWORD=$(( $# - 1 ))
    COMP_LINE="$*"; COMP_POINT=${#COMP_LINE}
    _guestlift
    printf "%s\n" "${COMPREPLY[@]}"' "$completion" "$@") |
    sed '/^$/d' | sort | tr '\n' ' ' | sed 's/ $//'
}

mkdir -p "$tmp/files/disks"
touch "$tmp/files/web.img" "$tmp/files/db.qcow2" "$tmp/files/notes.txt" \
      "$tmp/files/shard-1.json" "$tmp/files/web01.cfg"

tap_ok bash --norc -c ". '$completion' && complete -p guestlift | grep -q _guestlift" \
  -- "sourcing the completion registers _guestlift for guestlift"

tap_is "$(comp guestlift '')" "audit batch convert help inspect launch" \
  "guestlift <TAB>: the subcommands"
tap_is "$(comp guestlift co)" "convert" "guestlift co<TAB>: convert"
tap_is "$(comp guestlift --v)" "--version" "guestlift --v<TAB>: --version"
tap_is "$(comp guestlift help '')" "audit batch convert inspect launch" \
  "guestlift help <TAB>: the subcommands"

# Every subcommand's long options are those of its --help.
for sub in inspect audit convert launch batch; do
  want=$("$GUESTLIFT" "$sub" --help | sed -n '/^Options:/,/^$/p' |
         grep -o -- '--[a-z][a-z-]*' | sort -u | tr '\n' ' ' | sed 's/ $//')
  tap_is "$(comp guestlift "$sub" --)" "$want" \
    "guestlift $sub --<TAB>: the long options of guestlift $sub --help"
done

# The targets are those convert --help names ("kvm, xen-hvm or xen-pv
# (required)"), so that a new target is checked without editing this.
targets=$("$GUESTLIFT" convert --help | sed -n 's/^  --to TARGET  *//p' |
          sed 's/ (required)$//; s/,//g; s/ or / /' | tr ' ' '\n' | sort |
          tr '\n' ' ' | sed 's/ $//')
tap_ok grep -qw kvm <<< "$targets" -- "convert --help names the targets (kvm among them: $targets)"
tap_is "$(comp guestlift convert --to '')" "$targets" "convert --to <TAB>: the targets convert --help names"
tap_is "$(comp guestlift batch --to xen)" "xen-hvm xen-pv" "batch --to xen<TAB>"
tap_is "$(comp guestlift inspect --format '')" "json text xml" "inspect --format <TAB>"
tap_is "$(comp guestlift audit --format '')" "csv json table xml" "audit --format <TAB>"
tap_is "$(comp guestlift audit --format = t)" "table" "audit --format=t<TAB>"
tap_is "$(comp guestlift inspect --format-opt '')" "color compact no-color" \
  "inspect --format-opt <TAB>"
tap_is "$(comp guestlift convert --output-format '')" "qcow2 raw" "convert --output-format <TAB>"
tap_is "$(comp guestlift launch --hypervisor '')" "auto kvm qemu xen-hvm xen-pv" \
  "launch --hypervisor <TAB>"
tap_is "$(comp guestlift launch --via '')" "libvirt qemu xl" "launch --via <TAB>"
tap_is "$(comp guestlift audit -j '')" "" "audit -j <TAB>: nothing (a number)"

# Files by what the argument is.
tap_is "$(comp guestlift inspect '')" "db.qcow2 disks web.img" \
  "inspect <TAB>: disk images and folders"
tap_is "$(comp guestlift inspect --format json '')" "db.qcow2 disks web.img" \
  "inspect --format json <TAB>: disk images and folders"
tap_is "$(comp guestlift audit --merge '')" "disks shard-1.json" \
  "audit --merge <TAB>: JSON reports and folders"
tap_is "$(comp guestlift batch '')" "disks shard-1.json" "batch <TAB>: manifests and folders"
tap_is "$(comp guestlift convert -o '')" "disks" "convert -o <TAB>: folders only"
tap_is "$(comp guestlift convert --source-config '')" "disks web01.cfg" \
  "convert --source-config <TAB>: Xen configs and folders"
tap_is "$(comp guestlift inspect n)" "notes.txt" \
  "inspect n<TAB>: any file when no image matches (images may have any name)"

# Found and loaded by bash-completion itself, by the command's name, from
# a completions folder (as installed by make install), and completing
# the same there.
bc=/usr/share/bash-completion/bash_completion
if [ -r "$bc" ]; then
  mkdir -p "$tmp/user/completions"
  cp "$completion" "$tmp/user/completions/guestlift"
  got=$(cd "$tmp/files" && BASH_COMPLETION_USER_DIR=$tmp/user bash --norc --noprofile -c '
    shopt -s progcomp
    . "$0" > /dev/null 2>&1
    __load_completion guestlift || _completion_loader guestlift
    complete -p guestlift
    COMP_WORDS=(guestlift launch --via ""); COMP_CWORD=3
    _guestlift; echo "${COMPREPLY[*]}"' "$bc" 2>&1)
  tap_is "$got" "complete -F _guestlift guestlift
qemu libvirt xl" "bash-completion loads it by name from a completions folder, and it completes"
else
  tap_skip "bash-completion loads it" "bash-completion is not installed"
fi

tap_done
