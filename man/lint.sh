#!/bin/sh
# SPDX-License-Identifier: ISC
# The manual pages: mandoc -T lint -W warning finds nothing in any page
# (skipped where mandoc is absent); every exported function has a page or a
# link; every page is installed; every extra name on a page has its link.
: "${srcdir:=.}"
man=$srcdir/man
sym=$srcdir/src/libtfo.sym
mk=$man/local.mk

pages=
for p in "$man"/*.1 "$man"/*.3 "$man"/*.3tfo; do
	test -f "$p" && pages="$pages $p"
done
if test -z "$pages" || test ! -f "$sym" || test ! -f "$mk"; then
	echo "Bail out! no pages, $sym or $mk under $srcdir"
	exit 1
fi
# Make's own view: the words of TFO_MAN_LINKS and dist_man_MANS, joined.
links=`sed -n '/^TFO_MAN_LINKS =/,/^$/p' "$mk" | tr -d '\\\\' | tr -s ' \t\n' ' '`
installed=`sed -n '/^dist_man_MANS +=/,/^$/p' "$mk" | tr -d '\\\\' | tr -s ' \t\n' ' '`

n=0 failed=0
ok() { n=`expr $n + 1`; echo "ok $n - $1"; }
notok() { n=`expr $n + 1`; echo "not ok $n - $1"; failed=1; }
# mandoc knows sections 3 and 3p but no other suffix: its warning on the
# .3tfo pages' own ".Dt NAME 3tfo", which matches where they install, is
# the one warning that is no fault of the pages.
dt_3tfo='WARNING: unknown manual section: Dt \.\.\. 3tfo$'
have_mandoc=no
command -v mandoc >/dev/null 2>&1 && have_mandoc=yes
# man(1) of man-db formats with groff's mdoc macros, which warn about
# other things than mandoc (an unknown .Fx release, for one).
have_man_db=no
test -n "`man --version 2>/dev/null | sed -n "s/^man \([0-9]\)/\1/p"`" && have_man_db=yes

count=0
for p in $pages; do count=`expr $count + 4`; done
count=`expr $count + \`grep -c . "$sym"\``
echo "1..$count"

for p in $pages; do
	b=`basename "$p"`
	if test $have_mandoc = no; then
		n=`expr $n + 1`; echo "ok $n # SKIP mandoc not found ($b)"
	elif out=`mandoc -T lint -W warning "$p" 2>&1 | grep -v "$dt_3tfo"`
	    test -z "$out"; then
		ok "mandoc lint: $b"
	else
		notok "mandoc lint: $b"
		printf '%s\n' "$out" | sed 's/^/# /'
	fi
	if test $have_man_db = no; then
		n=`expr $n + 1`; echo "ok $n # SKIP man-db's man not found ($b)"
	elif out=`MANWIDTH=80 man --warnings -l "$p" 2>&1 >/dev/null` &&
	    test -z "$out"; then
		ok "man -l: $b"
	else
		notok "man -l: $b"
		printf '%s\n' "$out" | sed 's/^/# /'
	fi
	case " $installed " in
	*" man/$b "*) ok "$b is in dist_man_MANS" ;;
	*) notok "$b is in dist_man_MANS" ;;
	esac
	# The names after .Nm in NAME, other than the page's own.
	ext=${b##*.}
	missing=
	for name in `sed -n '/^\.Sh NAME/,/^\.Sh /s/^\.Nm \([A-Za-z0-9_]*\).*/\1/p' "$p"`; do
		test "$name.$ext" = "$b" && continue
		case " $links " in
		*" $name.$ext $b "*) ;;
		*) missing="$missing $name" ;;
		esac
	done
	if test -z "$missing"; then
		ok "$b: every other name has a link"
	else
		notok "$b: no link for$missing"
	fi
done

# Every exported symbol is a name on some page.
for s in `cat "$sym"`; do
	if grep "^\.Nm $s\( ,\)*\$" $pages >/dev/null; then
		ok "$s has a manual page"
	else
		notok "$s has a manual page"
	fi
done
exit $failed
