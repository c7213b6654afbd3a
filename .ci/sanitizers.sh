#!/bin/sh
# SPDX-License-Identifier: ISC
# The whole suite under AddressSanitizer + UndefinedBehaviorSanitizer, then
# under valgrind memcheck; any report fails.  Static library only
# (--disable-shared), so each test is a plain executable.
# Usage: .ci/sanitizers.sh [asan|valgrind|all] [SRCDIR] [BUILDDIR]
# SRCDIR (default: this tree, or e.g. an unpacked dist tarball) must not
# be configured in place.
set -eu
what=${1:-all}
here=$(cd "$(dirname "$0")" && pwd)	# valgrind-test.sh lives here
src=$(cd "${2:-$(dirname "$0")/..}" && pwd)
top=${3:-${TMPDIR:-/tmp}/libtfo-sanitizers}
step() { printf '\n=== %s\n' "$*"; }

asan() {
	step "ASan + UBSan: make check"
	rm -rf "$top/asan" && mkdir -p "$top/asan" && cd "$top/asan"
	"$src/configure" -q --disable-shared --enable-werror --with-openssl \
	    CFLAGS='-g -O1 -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=undefined'
	ASAN_OPTIONS=halt_on_error=1:abort_on_error=1:detect_leaks=1:exitcode=99 \
	UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
	    make -j2 check || { cat test-suite.log; exit 1; }
}

vg() {
	step "valgrind memcheck: make check"
	rm -rf "$top/valgrind" && mkdir -p "$top/valgrind" && cd "$top/valgrind"
	"$src/configure" -q --disable-shared --enable-werror --with-openssl CFLAGS='-g -O1'
	make -j2 check LOG_COMPILER="$here/valgrind-test.sh" ||
	    { cat test-suite.log; exit 1; }
}

case $what in
asan) asan ;;
valgrind) vg ;;
all) asan; vg ;;
*) echo "usage: $0 [asan|valgrind|all] [SRCDIR] [BUILDDIR]" >&2; exit 2 ;;
esac
