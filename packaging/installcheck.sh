#!/bin/sh
# SPDX-License-Identifier: ISC
# `make install DESTDIR=...' into a temporary directory, then check that:
# the FreeBSD pkg-plist and the pkgsrc PLIST list exactly what was
# installed (in their own path conventions), a program built with
# `pkg-config --cflags --libs libtfo' against the installed copy runs, and
# `make uninstall' leaves no file or link behind.  Prints TAP.
: "${srcdir:=.}"
. ./docs-test-env.sh || exit 1

n=0 failed=0
ok() { n=`expr $n + 1`; echo "ok $n - $1"; }
notok() { n=`expr $n + 1`; echo "not ok $n - $1"; failed=1; }
skip() { n=`expr $n + 1`; echo "ok $n # SKIP $1"; }

tmp=`pwd`/pkgcheck.$$
rm -rf "$tmp" && mkdir "$tmp" || exit 1
trap 'rm -rf "$tmp"' 0
trap 'exit 1' 1 2 15
dest=$tmp/destdir

if ! $MAKE install DESTDIR="$dest" >"$tmp/install.log" 2>&1; then
	echo "Bail out! $MAKE install DESTDIR=... failed"
	sed 's/^/# /' "$tmp/install.log"
	exit 1
fi
echo "1..6"

# Every installed file and link, named the ports' way: PREFIX-relative,
# with PC/ for the pkg-config directory and MAN/ for mandir.  The
# directories are configure's (docs-test-env.sh), so that a port's layout
# passes too: FreeBSD's pathfix puts pkgconfigdir in libdata/pkgconfig,
# pkgsrc puts mandir in PREFIX/man.
( cd "$dest" && find . \( -type f -o -type l \) -print ) | sed 's,^\.,,' |
while read -r f; do
	case $f in
	"$pkgconfigdir"/*) echo "PC/${f#"$pkgconfigdir"/}" ;;
	"$bindir"/*) echo "bin/${f#"$bindir"/}" ;;
	"$includedir"/*) echo "include/${f#"$includedir"/}" ;;
	"$libdir"/*) echo "lib/${f#"$libdir"/}" ;;
	"$mandir"/*) echo "MAN/${f#"$mandir"/}" ;;
	*) echo "UNKNOWN$f" ;;
	esac
done | LC_ALL=C sort >"$tmp/installed"

if grep '^UNKNOWN' "$tmp/installed" >/dev/null; then
	notok "every installed file is under bindir, includedir, libdir, pkgconfigdir or mandir"
	grep '^UNKNOWN' "$tmp/installed" | sed 's/^UNKNOWN/# /'
else
	ok "every installed file is under bindir, includedir, libdir, pkgconfigdir or mandir"
fi

# A plist entry for a program this tree does not build yet is reported,
# not required; every other entry is.
built() {
	case " $bin_PROGRAMS " in
	*"/$1$EXEEXT "*|*" $1$EXEEXT "*) return 0 ;;
	esac
	return 1
}
plist_expect() {	# plist-file: its entries minus comments and unbuilt programs
	grep -v '^@' "$1" | while read -r e; do
		case $e in
		bin/*)	if built "${e#bin/}"; then echo "$e"
			else echo "# $e: not built by this tree" >&2; fi ;;
		*)	echo "$e" ;;
		esac
	done | LC_ALL=C sort
}
compare() {	# name expected actual
	if cmp -s "$2" "$3"; then
		ok "$1 lists exactly what was installed"
	else
		notok "$1 lists exactly what was installed"
		diff "$2" "$3" | sed -n 's/^</# only in the list:/p; s/^>/# only installed:/p'
	fi
}

# Shared libraries are named by libtool for the build host; the lists
# carry the names libtool gives on Linux and under FreeBSD's USES=libtool.
if ! grep '^lib/libtfo\.a$' "$tmp/installed" >/dev/null ||
   ! grep '^lib/libtfo\.so$' "$tmp/installed" >/dev/null; then
	skip "the plists describe the default build, with static and shared libraries"
	skip "the plists describe the default build, with static and shared libraries"
elif ! grep '^lib/libtfo\.so\.[0-9]*\.[0-9]*\.[0-9]*$' "$tmp/installed" \
    >/dev/null; then
	skip "libtool on $host_os names the shared library unlike the plists"
	skip "libtool on $host_os names the shared library unlike the plists"
else
	# FreeBSD: USES=libtool deletes .la files, pathfix moves the .pc to
	# libdata/pkgconfig, and man pages are gzipped, links included.
	sed -e '/^lib\/.*\.la$/d' -e 's,^PC/,libdata/pkgconfig/,' \
	    -e 's,^MAN/\(.*\),share/man/\1.gz,' "$tmp/installed" |
	    LC_ALL=C sort >"$tmp/freebsd.actual"
	plist_expect "$srcdir/packaging/freebsd/pkg-plist" >"$tmp/freebsd.expect"
	compare "FreeBSD pkg-plist" "$tmp/freebsd.expect" "$tmp/freebsd.actual"

	# pkgsrc: lib/libtfo.la stands for the libraries libtool made from
	# it; .pc files stay in lib/pkgconfig; man pages live in man/.
	sed -e '/^lib\/libtfo\.a$/d' -e '/^lib\/libtfo\.so/d' \
	    -e 's,^PC/,lib/pkgconfig/,' -e 's,^MAN/,man/,' "$tmp/installed" |
	    LC_ALL=C sort >"$tmp/pkgsrc.actual"
	plist_expect "$srcdir/packaging/pkgsrc/PLIST" >"$tmp/pkgsrc.expect"
	compare "pkgsrc PLIST" "$tmp/pkgsrc.expect" "$tmp/pkgsrc.actual"
fi

# A program built the way users build theirs, against the installed copy
# only: pkg-config answers with DESTDIR in front of every path.
cat >"$tmp/user.c" <<'EOC'
#include <stdio.h>
#include <unistd.h>
#include <tfo.h>
#include <tfo_socket.h>

int
main(void)
{
	int s = socket_tcp4b();

	if (s == -1)
		return 1;
	close(s);
	printf("%s\n", tfo_backend());
	return 0;
}
EOC
if ! command -v pkg-config >/dev/null 2>&1; then
	skip "pkg-config not found"
	skip "pkg-config not found"
else
	PKG_CONFIG_PATH=$dest$pkgconfigdir
	PKG_CONFIG_LIBDIR=$PKG_CONFIG_PATH
	PKG_CONFIG_SYSROOT_DIR=$dest
	export PKG_CONFIG_PATH PKG_CONFIG_LIBDIR PKG_CONFIG_SYSROOT_DIR
	flags=`pkg-config --cflags --libs libtfo`
	echo "# pkg-config --cflags --libs libtfo: $flags"
	if $CC $CPPFLAGS $CFLAGS "$tmp/user.c" -o "$tmp/user$EXEEXT" \
	    $LDFLAGS $flags >"$tmp/cc.log" 2>&1; then
		ok "a program builds with pkg-config against the installed copy"
	else
		notok "a program builds with pkg-config against the installed copy"
		sed 's/^/# /' "$tmp/cc.log"
	fi
	out=`LD_LIBRARY_PATH=$dest$libdir DYLD_LIBRARY_PATH=$dest$libdir \
	    "$tmp/user$EXEEXT" 2>&1`
	case $out in
	linux|freebsd|darwin|fallback)
		ok "it runs with the installed library (backend $out)" ;;
	*)	notok "it runs with the installed library"
		echo "# $out" ;;
	esac
fi

$MAKE uninstall DESTDIR="$dest" >"$tmp/uninstall.log" 2>&1
left=`cd "$dest" && find . \( -type f -o -type l \) -print`
if test -z "$left"; then
	ok "make uninstall removes every file and link"
else
	notok "make uninstall removes every file and link"
	printf '%s\n' "$left" | sed 's/^/# left: /'
fi
exit $failed
