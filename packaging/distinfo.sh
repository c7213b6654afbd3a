#!/bin/sh
# SPDX-License-Identifier: ISC
# The distinfo files of the FreeBSD port and the pkgsrc package, derived
# from the release tarball, never typed: make release writes them, make
# distinfo-check (and CI) compares them with a tarball.
#   distinfo.sh TARBALL PACKAGING-DIR      write freebsd/ and pkgsrc/distinfo
#                                          there, and TARBALL.sha256 beside it
#   distinfo.sh -c TARBALL PACKAGING-DIR   exit 1 unless they match TARBALL
# Needs openssl(1) (1.1.1+, for BLAKE2s) and dist-tar.sh beside it.
set -eu
check=no
if test "x$1" = x-c; then
	check=yes
	shift
fi
tarball=$1 pkgdir=$2
here=`dirname "$0"`
name=`basename "$tarball"`
# The ports name the tarball themselves: their versions must be its.
fv=`sed -n 's/^DISTVERSION=[	 ]*//p' "$pkgdir/freebsd/Makefile"`
pv=`sed -n 's/^DISTNAME=[	 ]*//p' "$pkgdir/pkgsrc/Makefile"`
if test "x$name" != "xlibtfo-$fv.tar.gz" || test "x$name" != "x$pv.tar.gz"; then
	echo "FAIL: $name, but freebsd/Makefile has DISTVERSION $fv and" \
	    "pkgsrc/Makefile DISTNAME $pv" >&2
	exit 1
fi
# openssl dgst prints "ALGO(stdin)= HEX" (1.1: "(stdin)= HEX").
dgst() { openssl dgst -"$1" <"$tarball" | sed 's/^.*= *//'; }
sha256=`dgst sha256` sha512=`dgst sha512` blake2s=`dgst blake2s256`
size=`wc -c <"$tarball" | tr -d ' '`
# FreeBSD's TIMESTAMP is when the sums were made: the source date, so
# that the same tarball always gives the same file.
stamp=`$SHELL "$here/dist-tar.sh" -e "$here/.."` || stamp=
test -n "$stamp" || stamp=`sed -n 's/^TIMESTAMP = //p' "$pkgdir/freebsd/distinfo" 2>/dev/null`

tmp=`mktemp -d "${TMPDIR:-/tmp}/distinfo.XXXXXX"`
trap 'rm -rf "$tmp"' 0
trap 'exit 1' 1 2 15
{
	echo "TIMESTAMP = $stamp"
	echo "SHA256 ($name) = $sha256"
	echo "SIZE ($name) = $size"
} >"$tmp/freebsd"
{
	echo '$NetBSD$'
	echo
	echo "BLAKE2s ($name) = $blake2s"
	echo "SHA512 ($name) = $sha512"
	echo "Size ($name) = $size bytes"
} >"$tmp/pkgsrc"

if test $check = yes; then
	st=0
	for p in freebsd pkgsrc; do
		if cmp -s "$tmp/$p" "$pkgdir/$p/distinfo"; then
			echo "ok: $p/distinfo matches $name"
		else
			echo "FAIL: $p/distinfo does not match $name (make release writes it):"
			diff "$pkgdir/$p/distinfo" "$tmp/$p" | sed 's/^/  /' || :
			st=1
		fi
	done
	exit $st
fi
for p in freebsd pkgsrc; do
	cp "$tmp/$p" "$pkgdir/$p/distinfo"
	echo "wrote $pkgdir/$p/distinfo"
done
printf 'SHA256 (%s) = %s\nSIZE (%s) = %s\n' "$name" "$sha256" "$name" "$size" \
    >"$tarball.sha256"
echo "wrote $tarball.sha256"
