#!/bin/bash
# tests/integration/parity.sh: guestlift inspect against libguestfs's own
# inspection (virt-inspector), fact by fact, on every guest of the fixture
# sets (tests/fixtures/images and the parity guests of build-parity.sh:
# md RAID, LUKS, CoreOS, Arch, Debian 5, many distros, Windows).
#
# For every operating system virt-inspector finds, one TAP point per fact
# both tools report: type, distro, product_name, version, arch, hostname,
# package_format, package_management, osinfo, mountpoints, filesystems,
# drive letters; and one point per guest for the set of roots.  Facts
# guestlift does not give yet are marked "# TODO" with the reason (see
# the table below): they fail honestly without failing "make check", and
# once guestlift gets one right the point passes, the TAP driver reports
# an XPASS and its TODO line must go.  A few points check virt-inspector
# itself against what each fixture is built to be, so that a fixture
# libguestfs no longer recognises cannot make the comparison vacuous.
#
# virt-inspector costs ~30 s or more a guest under TCG (20 minutes for
# every guest on a fresh machine), so its answers are kept, each beside
# the versions of virt-inspector and of libguestfs (whose daemon does the
# inspection) that gave it (other versions ask again), in two places,
# looked up in this order:
#   - in the source tree, tests/fixtures/parity-answers/NAME.KEY.xml, KEY
#     a hash of the builder's sources (the fixture set's INPUTS file), the
#     guest's images and options: the facts compared here follow from the
#     sources alone (fixed UUIDs, labels, layouts, files), so a fresh
#     machine (CI) with the same virt-inspector runs it for no guest.
#     PARITY_KEEP_ANSWERS=1 writes the answers this run used there (run
#     it after changing a fixture, and commit them); PARITY_FRESH=1
#     ignores them.
#   - beside the fixtures (tests/fixtures/parity-vi/, across runs), keyed
#     by the sha256 of the guest's images and its options.
# At most PARITY_JOBS (default 2) appliances run at a time.  Without
# virt-inspector (or with VIRT_INSPECTOR naming a missing program) a kept
# answer from any version stands in; with none, the guest is skipped
# (only its points).  guestlift runs without its cache: one
# "inspect" for all single-disk guests without keys, one for each other.
# That shared run holds md-2disk-a and md-2disk-b, the two halves of one
# RAID1 pair as two guests: each must get virt-inspector's answer for it
# alone (md-2disk, --one-guest, gets the whole arrays').
. "${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/lib.sh"
require_fixtures
require_parity_fixtures
require_prog jq sha256sum
: "${XMLLINT:=xmllint}"
require_prog "$XMLLINT"
PARITY_JOBS=${PARITY_JOBS:-2}

work=$(mktemp -d "${TMPDIR:-/tmp}/gl-parity.XXXXXX")
trap 'rm -rf "$work"' EXIT
private_cache "$work/cache"
vicache=$top_builddir/tests/fixtures/parity-vi
mkdir -p "$vicache"
kept=$top_srcdir/tests/fixtures/parity-answers
keyfile=$work/luks.key
( umask 077; printf 'guestlift-test' > "$keyfile" )

# --- the guests ---------------------------------------------------------
# NAME<TAB>DIR<TAB>IMAGES<TAB>KEYS: DIR is FIXTURES or PARITY; KEYS are
# libguestfs --key selectors (KEYFILE: a file holding the passphrase).
# A guest of tests/fixtures/images is named after its image, without
# ".img" (debian-pvops.qcow2 keeps its suffix).
{
  for i in rhel5-pv.img rhel5-pv-fork.img rhel5-mixed.img debian-pvops.img \
           debian-pvops.qcow2 xen-named-pvops.img ikconfig-xen.img centos5-i386.img \
           sles11.img two-os.img noos.img blank.img rocky9-bls.img debian-btrfs.img \
           bootable-xen.img; do
    [ -f "$FIXTURES/$i" ] && printf '%s\tFIXTURES\t%s\t-\n' "${i%.img}" "$i"
  done
  grep -v '^#' "$PARITY/GUESTS" | while IFS='	' read -r name imgs keys; do
    printf '%s\tPARITY\t%s\t%s\n' "$name" "$imgs" "$keys"
  done
} > "$work/guests"
dir_of () { if [ "$1" = FIXTURES ]; then echo "$FIXTURES"; else echo "$PARITY"; fi; }
guest_line () { awk -F'\t' -v n="$1" '$1 == n' "$work/guests"; }
format_of () { # DIR IMAGE: the MANIFEST's format column
  awk -F'\t' -v n="$2" '$1 == n { print $2 }' "$(dir_of "$1")/MANIFEST"
}

# --- what each fixture is built to be (virt-inspector 1.48's answer) ------
# GUEST<TAB>ROOT<TAB>DISTRO<TAB>PRODUCT: checked against virt-inspector
# itself; "-" as ROOT: no operating system.
cat > "$work/expect" <<'EOF'
arch	/dev/sda1	archlinux	Arch Linux
blank	-
bootable-xen	/dev/sda1	debian	12.8
centos5-i386	/dev/sda1	centos	CentOS release 5.11 (Final)
coreos	/dev/sda9	coreos	Container Linux by CoreOS 1911.5.0 (Rhyolite)
coreos-2usr	/dev/sda9	coreos	Container Linux by CoreOS 2345.3.0 (Oklo)
debian-btrfs	btrfsvol:/dev/sda1/@	debian	12.5
debian-pvops	/dev/sda1	debian	12.5
debian-pvops.qcow2	/dev/sda1	debian	12.5
debian5	/dev/sda1	debian	5.0.1
distros-deb	/dev/sda1	ubuntu	Ubuntu 10.10
distros-deb	/dev/sda2	ubuntu	Ubuntu 22.04.4 LTS
distros-deb	/dev/sda3	kalilinux	Kali GNU/Linux Rolling
distros-deb	/dev/sda4	linuxmint	Linux Mint 21.3 Virginia
distros-el	/dev/sda1	fedora	Fedora Linux 39 (Server Edition)
distros-el	/dev/sda2	rhel	Red Hat Enterprise Linux 9.3 (Plow)
distros-el	/dev/sda3	centos	CentOS Linux release 7.9.2009 (Core)
distros-el	/dev/sda4	rocky	Rocky Linux 8.9 (Green Obsidian)
distros-el	/dev/sda5	redhat-based	AlmaLinux release 9.3 (Shamrock Pearl)
distros-el	/dev/sda6	oraclelinux	Oracle Linux Server release 8.9
distros-misc	/dev/sda1	sles	SUSE Linux Enterprise Server 15 SP5
distros-misc	/dev/sda2	opensuse	openSUSE Leap 15.5
distros-misc	/dev/sda3	mageia	Mageia 9
distros-misc	/dev/sda4	altlinux	ALT Workstation 10.1 (Sorbaronia Mollis)
distros-misc	/dev/sda5	alpinelinux	Alpine Linux v3.19
distros-misc	/dev/sda6	gentoo	Gentoo Linux
distros-misc	/dev/sda7	voidlinux	Void Linux
ikconfig-xen	/dev/sda1	centos	CentOS release 5.11 (Final)
luks-on-lvm	/dev/mapper/luks-949ec3bb-9817-46e8-a6fc-c4968096bbec	centos	CentOS Stream release 9
lvm-luks-lvm	/dev/vg_nest_inner/root	ubuntu	Ubuntu 20.04.6 LTS
lvm-on-luks	/dev/ubuntu-vg/ubuntu-lv	ubuntu	Ubuntu 20.04.6 LTS
md-1disk	/dev/md127	debian	11.9
md-2disk	/dev/vg_md2disk/lv_root	fedora	Fedora release 14 (Laughlin)
md-2disk-a	-
md-2disk-b	-
md-part	/dev/md127p1	debian	11.9
noos	-
rhel5-mixed	/dev/VolGroup00/LogVol00	rhel	Red Hat Enterprise Linux Server release 5.11 (Tikanga)
rhel5-pv-fork	/dev/VolGroup00/LogVol00	rhel	Red Hat Enterprise Linux Server release 5.11 (Tikanga)
rhel5-pv	/dev/VolGroup00/LogVol00	rhel	Red Hat Enterprise Linux Server release 5.11 (Tikanga)
rocky9-bls	/dev/sda3	rocky	Rocky Linux 9.3 (Blue Onyx)
sles11	/dev/sda2	sles	SUSE Linux Enterprise Server 11 (x86_64)
two-os	/dev/sda1	debian	12.5
two-os	/dev/sda2	rhel	Red Hat Enterprise Linux Server release 5.11 (Tikanga)
windows	/dev/sda2	windows	Windows 7 Professional
xen-named-pvops	/dev/sda1	ubuntu	Ubuntu 8.04.4 LTS
EOF

# --- known gaps (issue 14): points that fail until guestlift is fixed ------
# PATTERN<TAB>REASON: PATTERN is a shell glob matched against the point's
# id "GUEST ROOT FACT" (ROOT "-" and FACT "roots" for the set of roots).
cat > "$work/todo" <<'EOF'
# None: every fact virt-inspector gives on these guests, guestlift gives.
EOF
todo_reason () {
  local id=$1 pat reason
  while IFS='	' read -r pat reason; do
    case $pat in ''|'#'*) continue ;; esac
    # shellcheck disable=SC2053
    [[ $id == $pat ]] && { printf '%s' "$reason"; return; }
  done < "$work/todo"
}

# --- virt-inspector's answers ---------------------------------------------------
VI=$(command -v "${VIRT_INSPECTOR:-virt-inspector}" || true)
# "virt-inspector 1.48.2 guestfish 1.48.6": guestfish is libguestfs's own
# and reports its version; the inspection code is libguestfs's.
vi_version=$( [ -z "$VI" ] || { "$VI" --version; guestfish --version; } 2>/dev/null | paste -sd' ')

# sha256 of an image, remembered in parity-vi/sums by path, size, mtime
# and inode (hashing every image on every run would cost more than the
# comparison).
image_sum () {
  local f=$1 id sum
  id=$(stat -c '%s %Y %i' "$f") || return 1
  sum=$(awk -v p="$f" -v id="$id" '$2 == p && $3 " " $4 " " $5 == id { print $1 }' \
          "$vicache/sums" 2>/dev/null | tail -n 1)
  if [ -z "$sum" ]; then
    sum=$(sha256sum < "$f" | cut -d' ' -f1)
    ( flock 9; printf '%s %s %s\n' "$sum" "$f" "$id" >> "$vicache/sums" ) 9> "$vicache/.lock"
  fi
  printf '%s' "$sum"
}

# vi_out NAME: the file holding virt-inspector's answer for the guest
# NAME as its images are now (parity-vi/NAME.KEY.xml, KEY a hash of the
# images and the options); NAME.KEY.version says which virt-inspector
# gave it.
vi_out () {
  local name dir imgs keys d i
  IFS='	' read -r name dir imgs keys < <(guest_line "$1")
  d=$(dir_of "$dir")
  printf '%s/%s.%s.xml' "$vicache" "$name" "$( {
    printf '%s\n' "$keys"
    for i in $imgs; do printf '%s %s\n' "$(image_sum "$d/$i")" "$(format_of "$dir" "$i")"; done
  } | sha256sum | cut -c1-32)"
}

# kept_out NAME: the file in the source tree for the guest NAME's answer
# (parity-answers/NAME.KEY.xml, KEY a hash of its set's INPUTS, its images
# and its options); nothing when the set has no INPUTS.
kept_out () {
  local name dir imgs keys inputs
  IFS='	' read -r name dir imgs keys < <(guest_line "$1")
  inputs=$(cat "$(dir_of "$dir")/INPUTS" 2>/dev/null) || return 1
  [ -n "$inputs" ] || return 1
  printf '%s/%s.%s.xml' "$kept" "$name" "$(
    printf '%s\n' "$inputs" "$keys" "$imgs" | sha256sum | cut -c1-32)"
}

# usable FILE: FILE is an answer usable now: from these virt-inspector
# and libguestfs versions, or from any when virt-inspector is not
# installed.
usable () {
  [ -s "$1" ] || return 1
  [ -z "$VI" ] || [ "$(cat "$1.version" 2>/dev/null)" = "$vi_version" ]
}

# vi_xml_of NAME: the answer usable now: kept in the source tree (unless
# PARITY_FRESH), else beside the fixtures.
vi_xml_of () {
  local out
  if [ -z "${PARITY_FRESH:-}" ] && out=$(kept_out "$1") && usable "$out"; then
    printf '%s' "$out"
    return 0
  fi
  out=$(vi_out "$1")
  usable "$out" || return 1
  printf '%s' "$out"
}

# The guests compared: all with virt-inspector; without it, those whose
# answer was kept from an earlier run.  The others skip.
: > "$work/compared"
while IFS='	' read -r name _; do
  if [ -n "$VI" ] || vi_xml_of "$name" > /dev/null; then
    awk -F'\t' -v n="$name" '$1 == n' "$work/guests" >> "$work/compared"
  fi
done < "$work/guests"

# pool CMD ITEM...: CMD ITEM for each ITEM, PARITY_JOBS at a time.
pool () {
  local cmd=$1 item; shift
  for item; do
    while [ "$(jobs -rp | wc -l)" -ge "$PARITY_JOBS" ]; do wait -n; done
    "$cmd" "$item" &
  done
  wait
}

# --- guestlift ------------------------------------------------------------
# One run for the plain single-disk guests, one for every guest with
# several disks or with keys.  gl/NAME.json: that guest's run.
mkdir -p "$work/gl" "$work/vi"
plain=()
while IFS='	' read -r name dir imgs keys; do
  d=$(dir_of "$dir")
  read -ra im <<< "$imgs"
  if [ ${#im[@]} = 1 ] && [ "$keys" = - ]; then
    plain+=("$d/${im[0]}")
    continue
  fi
  args=()
  [ ${#im[@]} = 1 ] || args+=(--one-guest)
  if [ "$keys" != - ]; then
    for k in $keys; do args+=(--key "${k//KEYFILE/$keyfile}"); done
  fi
  for i in "${im[@]}"; do args+=("$d/$i"); done
  printf '%s\n' "$name" "${args[@]}" > "$work/gl/$name.args"
done < "$work/compared"
[ ${#plain[@]} = 0 ] || printf '%s\n' all "${plain[@]}" > "$work/gl/_plain.args"

# run_guestlift ARGSFILE: inspect with the arguments in ARGSFILE (first
# line: the output name); gl/NAME.json, gl/NAME.err, gl/NAME.rc.
run_guestlift () {
  local name args=()
  mapfile -t args < "$1"
  name=${args[0]}
  "$GUESTLIFT" inspect --no-cache --format json "${args[@]:1}" \
    > "$work/gl/$name.json" 2> "$work/gl/$name.err"
  echo $? > "$work/gl/$name.rc"
}
if [ -s "$work/compared" ]; then
  gl_start=$(date +%s)
  pool run_guestlift "$work"/gl/*.args
  tap_diag "guestlift: $(ls "$work"/gl/*.args | wc -l) runs in $(( $(date +%s) - gl_start )) s"
fi

# --- virt-inspector -----------------------------------------------------------
# run_vi NAME: virt-inspector on one guest into the cache (atomically),
# unless its answer is kept already.
run_vi () {
  local name dir imgs keys d i k out tmp old args=(--no-applications --no-icon)
  vi_xml_of "$1" > /dev/null && return 0
  IFS='	' read -r name dir imgs keys < <(guest_line "$1")
  d=$(dir_of "$dir")
  out=$(vi_out "$name")
  for i in $imgs; do args+=(--format="$(format_of "$dir" "$i")" -a "$d/$i"); done
  if [ "$keys" != - ]; then
    for k in $keys; do args+=(--key "${k//KEYFILE/$keyfile}"); done
  fi
  # The temporary name is fixed before the command: a redirection's words
  # are expanded in the forked child, where $BASHPID is the child's.
  tmp=$out.tmp.$BASHPID
  if env "${vi_env[@]}" timeout -k 10 1200 "$VI" "${args[@]}" \
       > "$tmp" 2> "$work/vi/$name.err" < /dev/null; then
    printf '%s\n' "$vi_version" > "$out.version"
    mv "$tmp" "$out"
    # Older answers for this guest are stale now.
    for old in "$vicache/$name".*.xml; do
      [[ $old == "$vicache/$name".[0-9a-f]*.xml && ${#old} = ${#out} && $old != "$out" ]] &&
        rm -f "$old" "$old.version"
    done
  else
    rm -f "$tmp"
  fi
}
if [ -n "$VI" ]; then
  # The accelerator guestlift found (its cache) is the one virt-inspector
  # gets: /dev/kvm may exist here and not work.
  vi_env=(LIBGUESTFS_BACKEND=direct)
  if [ "$(cut -d' ' -f1 "$XDG_CACHE_HOME/guestlift/accel" 2>/dev/null)" = tcg ]; then
    vi_env+=(LIBGUESTFS_BACKEND_SETTINGS=force_tcg)
  fi
  vi_start=$(date +%s)
  mapfile -t names < <(cut -f1 "$work/guests")
  pool run_vi "${names[@]}"
  tap_diag "virt-inspector ($vi_version): answers for ${#names[@]} guests in $(( $(date +%s) - vi_start )) s (kept ones reused)"
fi

# PARITY_KEEP_ANSWERS=1: the answers used become the kept ones (older
# kept answers of the same guests go).
if [ -n "${PARITY_KEEP_ANSWERS:-}" ]; then
  mkdir -p "$kept"
  while IFS='	' read -r name _; do
    xml=$(vi_xml_of "$name") || continue
    out=$(kept_out "$name") || continue
    if [ "$xml" != "$out" ]; then
      cp "$xml" "$out.tmp" && cp "$xml.version" "$out.version" && mv "$out.tmp" "$out"
    fi
    for old in "$kept/$name".*.xml; do
      [[ $old == "$kept/$name".[0-9a-f]*.xml && ${#old} = ${#out} && $old != "$out" ]] &&
        rm -f "$old" "$old.version"
    done
  done < "$work/guests"
  tap_diag "kept answers written to $kept"
fi

# --- facts --------------------------------------------------------------------
# Both sides become lines ROOT<TAB>FACT<TAB>VALUE.  Unknown is "unknown"
# on both sides (virt-inspector leaves the element out, guestlift writes
# null); lists are sorted and space-separated.  Drive letters are a
# fact of Windows guests only.
FACTS="type distro product_name version arch hostname package_format package_management osinfo mountpoints filesystems drive_mappings"

x () { "$XMLLINT" --xpath "$2" "$1" 2>/dev/null; }
vi_facts () {
  local xml=$1 n i j m os v root
  n=$(x "$xml" 'count(/operatingsystems/operatingsystem)')
  for ((i = 1; i <= n; i++)); do
    os="/operatingsystems/operatingsystem[$i]"
    root=$(x "$xml" "string($os/root)")
    for f in $FACTS; do
      [ $f != drive_mappings ] || [ "$(x "$xml" "string($os/name)")" = windows ] || continue
      case $f in
        type) v=$(x "$xml" "string($os/name)") ;;
        version) v=$(x "$xml" "string($os/major_version)").$(x "$xml" "string($os/minor_version)") ;;
        mountpoints)
          m=$(x "$xml" "count($os/mountpoints/mountpoint)")
          v=$(for ((j = 1; j <= m; j++)); do
                printf '%s=%s\n' "$(x "$xml" "string($os/mountpoints/mountpoint[$j])")" \
                  "$(x "$xml" "string($os/mountpoints/mountpoint[$j]/@dev)")"
              done | sort | paste -sd' ') ;;
        filesystems)
          m=$(x "$xml" "count($os/filesystems/filesystem)")
          v=$(for ((j = 1; j <= m; j++)); do
                printf '%s\n' "$(x "$xml" "string($os/filesystems/filesystem[$j]/@dev)")"
              done | sort | paste -sd' ') ;;
        drive_mappings)
          m=$(x "$xml" "count($os/drive_mappings/drive_mapping)")
          v=$(for ((j = 1; j <= m; j++)); do
                printf '%s=%s\n' "$(x "$xml" "string($os/drive_mappings/drive_mapping[$j]/@name)")" \
                  "$(x "$xml" "string($os/drive_mappings/drive_mapping[$j])")"
              done | sort | paste -sd' ') ;;
        *) v=$(x "$xml" "string($os/$f)") ;;
      esac
      printf '%s\t%s\t%s\n' "$root" "$f" "${v:-unknown}"
    done
  done
}

# gl_facts JSON: the same from guestlift's report (every OS of the run).
# Values as they are (not @tsv, which would write a backslash as two);
# a tab or newline inside one becomes a blank.
gl_facts () {
  jq -r '
    def u: if . == null or . == "" or . == "unknown" then "unknown" else tostring end;
    def l: if . == null then "" else map(tostring) | sort | join(" ") end;
    .images[].operating_systems[]? | . as $o |
    [ ["type", (.type | u)], ["distro", (.distro | u)],
      ["product_name", (.product_name | u)],
      ["version", "\(.version.major // 0).\(.version.minor // 0)"],
      ["arch", (.arch | u)], ["hostname", (.hostname | u)],
      ["package_format", (.package_format | u)],
      ["package_management", (.package_management | u)],
      ["osinfo", (.osinfo | u)],
      ["mountpoints", ((.mountpoints // {}) | to_entries | map("\(.key)=\(.value)") | l)],
      ["filesystems", (.filesystems | l)],
      ["drive_mappings", ((.drive_mappings // {}) | to_entries | map("\(.key)=\(.value)") | l)] ]
    | .[] | [$o.root, .[0], .[1]] | map(tostring | gsub("[\t\n]"; " ")) | join("\t")' "$1" 2>/dev/null |
  awk -F'\t' 'BEGIN { OFS = "\t" } { if ($3 == "") $3 = "unknown"; print }'
}

# md arrays are numbered by the order the appliance assembled them
# (md-2disk's /boot is /dev/md126 or /dev/md127 in virt-inspector's
# answer from one run to the next: not a fact of the guest), so they
# compare without their number: what an array is shows in what it holds
# (its mount point, its filesystem's place in the lists).
md_unnumbered () { sed -E 's#/dev/md[0-9]+#/dev/md*#g'; }

fact () { # FILE ROOT FACT
  awk -F'\t' -v r="$2" -v f="$3" '$1 == r && $2 == f { print $3; exit }' "$1"
}

# --- the comparison -------------------------------------------------------------
while IFS='	' read -r name dir imgs keys; do
  xml=$(vi_xml_of "$name" || true)
  if [ -z "$xml" ]; then
    why="virt-inspector is not installed"
    [ -z "$VI" ] || why="virt-inspector failed on it: $(tail -n 1 "$work/vi/$name.err" 2>/dev/null)"
    tap_skip "$name: the same operating systems as virt-inspector" "$why"
    continue
  fi
  vi=$work/$name.vi
  vi_facts "$xml" | md_unnumbered > "$vi"
  vi_roots=$(cut -f1 "$vi" | sort -u | paste -sd' ')

  # guestlift's report of this guest: its own run, or its entry in the
  # shared one; why it found nothing, if it did not.
  if [ -f "$work/gl/$name.args" ]; then
    json=$work/gl/$name.json
    why=$(grep -v "KVM cannot run guests" "$work/gl/$name.err" 2>/dev/null | head -n 1)
  else
    json=$work/$name.json
    jq --arg p "$(dir_of "$dir")/$imgs" '{images: [.images[] | select(.path == $p)]}' \
      "$work/gl/all.json" > "$json" 2>/dev/null
    why=$(jq -r '.images[0].error // empty' "$json" 2>/dev/null)
  fi
  gl=$work/$name.gl
  gl_facts "$json" | md_unnumbered > "$gl"
  gl_roots=$(cut -f1 "$gl" | sort -u | paste -sd' ')

  # The fixture is what it is built to be (virt-inspector says so).
  while IFS='	' read -r root distro product; do
    if [ "$root" = - ]; then
      tap_is "$vi_roots" "" "$name: virt-inspector finds no operating system (fixture check)"
    else
      root=$(md_unnumbered <<< "$root")
      tap_is "$(fact "$vi" "$root" distro)|$(fact "$vi" "$root" product_name)" "$distro|$product" \
        "$name: virt-inspector finds $distro at $root (fixture check)"
    fi
  done < <(awk -F'\t' -v n="$name" '$1 == n { print $2 "\t" $3 "\t" $4 }' "$work/expect")

  tap_is_todo "$gl_roots" "$vi_roots" "$name: the same operating systems as virt-inspector ($vi_roots)" \
    "$(todo_reason "$name - roots")"
  [ "$gl_roots" = "$vi_roots" ] || [ -z "$why" ] || tap_diag "guestlift: $why"
  while IFS='	' read -r root f v; do
    got=$(fact "$gl" "$root" "$f")
    tap_is_todo "${got:-(no such OS)}" "$v" "$name $root $f" "$(todo_reason "$name $root $f")"
  done < "$vi"
done < "$work/guests"

tap_done
