#!/bin/sh
# SPDX-License-Identifier: ISC
# The shared library exports exactly the names in src/libtfo.sym, and
# where configure found a version script each carries the node LIBTFO_0.
# ELF only (readelf); elsewhere it skips.  Prints TAP.
: "${srcdir:=.}"
. ./docs-test-env.sh || exit 1

so=.libs/libtfo.so
if test ! -f "$so"; then
	echo "1..0 # SKIP no $so (static-only build, or not ELF)"
	exit 0
fi
if ! command -v readelf >/dev/null 2>&1; then
	echo "1..0 # SKIP readelf not found"
	exit 0
fi
echo "1..2"
tmp=symbols.$$
trap 'rm -f "$tmp".*' 0
trap 'exit 1' 1 2 15

# Defined global dynamic symbols, NAME@@VERSION or plain NAME; the
# version node's own ABS symbol, which older binutils list, is not a name.
readelf -W --dyn-syms "$so" |
    awk '$5 == "GLOBAL" && $7 != "UND" && $7 != "ABS" { print $8 }' |
    LC_ALL=C sort >"$tmp.raw"
sed 's/@.*//' "$tmp.raw" | LC_ALL=C sort -u >"$tmp.names"
LC_ALL=C sort "$srcdir/src/libtfo.sym" >"$tmp.sym"
if cmp -s "$tmp.sym" "$tmp.names"; then
	echo "ok 1 - $so exports exactly the names in src/libtfo.sym"
else
	echo "not ok 1 - $so exports exactly the names in src/libtfo.sym"
	diff "$tmp.sym" "$tmp.names" | sed -n 's/^</# missing:/p; s/^>/# extra:/p'
	failed=1
fi
if test "x$version_script" != xyes; then
	echo "ok 2 # SKIP configure found no version script support"
elif grep -v '@@LIBTFO_0$' "$tmp.raw" >"$tmp.bad"; then
	echo "not ok 2 - every exported name has the version LIBTFO_0"
	sed 's/^/# /' "$tmp.bad"
	failed=1
else
	echo "ok 2 - every exported name has the version LIBTFO_0"
fi
exit ${failed:-0}
