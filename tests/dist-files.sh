#!/bin/bash
# tests/dist-files.sh SRCDIR DISTDIR: every file git tracks in SRCDIR is in
# DISTDIR, the unpacked distribution tarball ("make distcheck" runs this
# as its distcheck-hook, on the tree it unpacked, so a file left out of
# EXTRA_DIST or dropped by tar -- tar v7 dropped names over 99 characters
# without failing -- fails the check).  Git's own files (.gitignore) are
# not distributed.  Outside a git checkout (a tree unpacked from a
# tarball) there is nothing to compare with: says so and succeeds.
set -u
src=$1 dist=$2

if ! command -v git > /dev/null 2>&1 ||
   ! git -C "$src" rev-parse --is-inside-work-tree > /dev/null 2>&1; then
  echo "dist-files: $src is not a git checkout: not compared"
  exit 0
fi

missing=$(git -C "$src" ls-files -z |
  while IFS= read -r -d '' f; do
    case ${f##*/} in .gitignore) continue ;; esac
    [ -e "$dist/$f" ] || [ -L "$dist/$f" ] || printf '%s\n' "$f"
  done)
if [ -n "$missing" ]; then
  echo "dist-files: tracked by git but not in the distribution ($dist):" >&2
  printf '%s\n' "$missing" | sed 's/^/  /' >&2
  echo "dist-files: add them to EXTRA_DIST (or to the _SOURCES they belong to)" >&2
  exit 1
fi
echo "dist-files: every file git tracks is in the distribution"
