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
# The kernel shims take the emulated release as a parameter
# (TFO_SHIM_RELEASE, t/shim/README.md): freebsd and darwin run the suite
# once per supported release.
#
# Knobs: COMPILERS (default "gcc clang musl-gcc"), BACKENDS (default
# "freebsd darwin fallback linux"), FREEBSD_RELEASES (default "12.4 13.1
# 14.2"), DARWIN_RELEASES (default "10.11 10.13 15"), MAKE, JOBS.

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
		case $backend in
		freebsd) releases=${FREEBSD_RELEASES:-12.4 13.1 14.2} ;;
		darwin) releases=${DARWIN_RELEASES:-10.11 10.13 15} ;;
		*) releases=native ;;
		esac
		for release in $releases; do
			out=$b/check-$release.out
			if [ "$release" = native ]; then
				unset TFO_SHIM_RELEASE
				what="$cc $backend"
			else
				TFO_SHIM_RELEASE=$release
				export TFO_SHIM_RELEASE
				what="$cc $backend $release"
			fi
			if (cd "$b" && $make -j"$jobs" check) >"$out" 2>&1
			then
				result=PASS
			else
				result=FAIL
				status=1
				grep -E '^(FAIL|ERROR):' "$out"
			fi
			echo "$result: $what: make check," \
			    "$(grep -E '^# (TOTAL|PASS|SKIP|FAIL|ERROR):' \
			    "$out" | tr -s ' \n' ' ')"
		done
		unset TFO_SHIM_RELEASE
	done
done

exit $status
