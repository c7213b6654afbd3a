#!/bin/sh
# SPDX-License-Identifier: ISC
# make check (so packaging/installcheck.sh too) with bmake in the two
# layouts the packages build with, from an unpacked dist tarball:
#   freebsd: the port's GNU_CONFIGURE arguments, after USES=pathfix's edit
#            of every Makefile.in (Mk/Uses/pathfix.mk: the .pc file goes
#            to PREFIX/libdata/pkgconfig);
#   pkgsrc:  PREFIX=/usr/pkg and PKGMANDIR=man.
# Usage: packaging/layouts.sh SRCDIR WORKDIR [freebsd] [pkgsrc]
# SRCDIR is copied, never edited.  MAKE (default bmake), JOBS (default 2).
set -eu
src=$(cd "$1" && pwd)
mkdir -p "$2" && work=$(cd "$2" && pwd)
shift 2
layouts=${*:-freebsd pkgsrc}
make=${MAKE:-bmake}
jobs=${JOBS:-2}

for layout in $layouts; do
	printf '\n=== %s layout: configure, %s, %s check\n' "$layout" "$make" "$make"
	w=$work/$layout
	rm -rf "$w" && mkdir -p "$w" && cp -Rp "$src" "$w/src"
	case $layout in
	freebsd)
		# pathfix.mk's own expressions (REINPLACE_CMD is sed -i there).
		find "$w/src" -name Makefile.in -type f | while read -r f; do
			sed -e 's|[(]libdir[)]/locale|(prefix)/share/locale|g' \
			    -e 's|[(]libdir[)]/pkgconfig|(prefix)/libdata/pkgconfig|g' \
			    -e 's|[(]LIBDIR[)]/pkgconfig|(PREFIX)/libdata/pkgconfig|g' \
			    -e 's|[{]libdir[}]/pkgconfig|(prefix)/libdata/pkgconfig|g' \
			    -e 's|[{]LIBDIR[}]/pkgconfig|(PREFIX)/libdata/pkgconfig|g' \
			    -e 's|[(]datadir[)]/pkgconfig|(prefix)/libdata/pkgconfig|g' \
			    -e 's|[(]prefix[)]/lib/pkgconfig|(prefix)/libdata/pkgconfig|g' \
			    "$f" >"$f.new" && mv "$f.new" "$f"
		done
		grep -q 'libdata/pkgconfig' "$w/src/Makefile.in" || {
			echo "pathfix's edit did not apply to Makefile.in" >&2
			exit 1
		}
		args='--prefix=/usr/local --localstatedir=/var
		    --mandir=/usr/local/share/man --infodir=/usr/local/share/info/
		    --disable-silent-rules' ;;
	pkgsrc)
		args='--prefix=/usr/pkg --mandir=/usr/pkg/man
		    --sysconfdir=/usr/pkg/etc --localstatedir=/var
		    --disable-silent-rules' ;;
	*)	echo "unknown layout $layout" >&2; exit 2 ;;
	esac
	mkdir "$w/build"
	cd "$w/build"
	# shellcheck disable=SC2086 # args: words, none with blanks
	"$w/src/configure" -q MAKE="$make" $args
	$make -j"$jobs" >make.log 2>&1 || { tail -30 make.log; exit 1; }
	$make -j"$jobs" check || { cat test-suite.log; exit 1; }
done
