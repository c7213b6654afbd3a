#!/bin/sh
# SPDX-License-Identifier: ISC
# The committed distinfo files describe the tarball of the commit they
# were made for: the last commit that changed them.  That commit's tree is
# unpacked from git (no .git, as a release builder's would be), built
# with the commit's source date, and make distinfo-check compares.
# Usage: .ci/distinfo-check.sh WORKDIR   (from the top of a git checkout)
set -eu
work=$1
files='packaging/freebsd/distinfo packaging/pkgsrc/distinfo'
# shellcheck disable=SC2086 # files: two paths without blanks
d=$(git log -1 --format=%H -- $files)
test -n "$d" || { echo "no commit has distinfo files" >&2; exit 1; }
# The source date as dist-tar.sh reckons it at that commit.
# shellcheck disable=SC2086
SOURCE_DATE_EPOCH=$(git log -1 --format=%ct "$d" -- . \
    $(for f in $files; do printf ' :(exclude)%s' "$f"; done))
export SOURCE_DATE_EPOCH
echo "distinfo made at $(git log -1 --format='%h %s' "$d")"
rm -rf "$work" && mkdir -p "$work"
git archive "$d" | tar -x -C "$work"
cd "$work"
autoreconf -fi >/dev/null 2>&1
./configure -q
make distinfo-check
