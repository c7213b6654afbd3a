#!/bin/sh
# SPDX-License-Identifier: ISC
# make dist's tar (am__tar in packaging/local.mk): the same sources give
# the same bytes.  Entries sorted by name, every mtime the source date,
# owner and group numeric 0, no group or other write bit; gzip -n does
# the rest (GZIP_ENV).
#   dist-tar.sh SRCDIR DIR   DIR as a ustar stream on stdout
#   dist-tar.sh -e SRCDIR    print the source date (seconds since 1970)
# The source date: $SOURCE_DATE_EPOCH, else the committer date of the
# last commit that changed anything but the distinfo files (which are not
# in the tarball: they describe it), when SRCDIR is a git checkout's top.
# Without GNU tar 1.28+ (--sort) it warns and makes automake's plain tar.
set -u

epoch() {
	if test -n "${SOURCE_DATE_EPOCH:-}"; then
		echo "$SOURCE_DATE_EPOCH"
		return
	fi
	top=`cd "$1" && git rev-parse --show-toplevel 2>/dev/null` &&
	    test "x$top" = "x`cd "$1" && pwd -P`" &&
	    (cd "$1" && git log -1 --format=%ct -- . \
	        ':(exclude)packaging/freebsd/distinfo' \
	        ':(exclude)packaging/pkgsrc/distinfo')
}

if test "x$1" = x-e; then
	epoch "$2"
	exit
fi
srcdir=$1 dir=$2
tar=${TAR:-tar}
if ! $tar --sort=name -cf - /dev/null >/dev/null 2>&1; then
	echo "dist-tar.sh: $tar has no --sort (GNU tar 1.28+):" \
	    "this tarball is not reproducible" >&2
	exec $tar chof - "$dir"
fi
e=`epoch "$srcdir"`
if test -n "$e"; then
	mtime=@$e
else
	# Neither a date nor git (an unpacked tarball): its files carry
	# the date already.
	mtime=`cd "$srcdir" && pwd`/configure.ac
fi
LC_ALL=C exec $tar --format=ustar --sort=name --mtime="$mtime" \
    --owner=0 --group=0 --numeric-owner --mode=go-w,a+rX -chf - "$dir"
