#!/bin/sh
# SPDX-License-Identifier: ISC
#
# On a Linux host: build every backend that can run here, out of tree and
# with -Werror, and run make check: freebsd and darwin through their kernel
# shims (t/shim), fallback, and linux; with each compiler present (gcc,
# clang, musl-gcc).  For CI; one PASS or FAIL line per build, non-zero exit
# if any failed.
#
#   t/cross/check-backends.sh [build-root]
#
# Knobs: COMPILERS (default "gcc clang musl-gcc"), BACKENDS (default
# "freebsd darwin fallback linux"), MAKE, JOBS.

set -u

srcdir=$(cd "$(dirname "$0")/../.." && pwd)
root=${1:-${TMPDIR:-/tmp}/libtfo-check-backends}
make=${MAKE:-make}
jobs=${JOBS:-2}
status=0

if [ ! -x "$srcdir/configure" ]; then
	if ! (cd "$srcdir" && autoreconf -fi) >/dev/null 2>&1; then
		echo "FAIL: autoreconf"
		exit 1
	fi
fi

for cc in ${COMPILERS:-gcc clang musl-gcc}; do
	if ! command -v "$cc" >/dev/null 2>&1; then
		echo "SKIP: $cc not installed"
		continue
	fi
	for backend in ${BACKENDS:-freebsd darwin fallback linux}; do
		b=$root/$cc-$backend
		rm -rf "$b"
		mkdir -p "$b"
		if ! (cd "$b" && "$srcdir/configure" CC="$cc" --enable-werror \
		    --with-backend="$backend") >"$b/configure.out" 2>&1; then
			echo "FAIL: $cc $backend: configure (see $b/config.log)"
			status=1
			continue
		fi
		if ! (cd "$b" && $make -j"$jobs") >"$b/make.out" 2>&1; then
			echo "FAIL: $cc $backend: make (see $b/make.out)"
			status=1
			continue
		fi
		if (cd "$b" && $make -j"$jobs" check) >"$b/check.out" 2>&1
		then
			result=PASS
		else
			result=FAIL
			status=1
		fi
		echo "$result: $cc $backend: make check," \
		    "$(grep -E '^# (TOTAL|PASS|SKIP|FAIL|ERROR):' \
		    "$b/check.out" | tr -s ' \n' ' ')"
	done
done

exit $status
