#!/bin/sh
# SPDX-License-Identifier: ISC
# The whole suite under AddressSanitizer + UndefinedBehaviorSanitizer, then
# under valgrind memcheck; any report fails.  Static library only
# (--disable-shared), so each test is a plain executable.
# Usage: .ci/sanitizers.sh [asan|tforun-asan|valgrind|tforun-valgrind|all] [SRCDIR] [BUILDDIR]
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

# tforun's preload under ASan + UBSan inside unmodified programs (curl,
# python3, nginx, socat): a shared build whose preload brings the
# sanitizer runtimes in as its own dependencies (preloading them as well
# hangs Debian's curl).  They then load after libc: ASan's link-order
# check is off, and its memcpy/memset/strlen interceptors are lost, but
# malloc and free are intercepted and every access in the preload's own
# code is checked.  Leaks are not counted (the programs' own).  A report,
# a skipped test, or a runtime that did not start fails.
tforun_asan() {
	step "ASan + UBSan: t/tforun.sh, the preload in real programs"
	rm -rf "$top/tforun-asan" && mkdir -p "$top/tforun-asan" && cd "$top/tforun-asan"
	"$src/configure" -q --enable-werror \
	    CFLAGS='-g -O1 -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=undefined'
	make -j2 >/dev/null
	ASAN_OPTIONS=verify_asan_link_order=0:verbosity=1 \
	    LD_PRELOAD=$PWD/.libs/libtforun.so sh -c : 2>&1 |
	    grep -q 'AddressSanitizer: libc interceptors initialized' ||
	    { echo "tforun under ASan: the runtime did not start in the preload"; exit 1; }
	ASAN_OPTIONS=verify_asan_link_order=0:detect_leaks=0:halt_on_error=1:abort_on_error=1 \
	UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
	    make -j2 check TESTS=t/tforun.sh || { cat test-suite.log; exit 1; }
	cat t/tforun.sh.log
	if grep -E -e 'Sanitizer|runtime error' -e '# SKIP' t/tforun.sh.log; then
		echo "tforun under ASan: a report or a skip"
		exit 1
	fi
}

# tforun's preload under valgrind memcheck inside the same programs:
# TFORUN_WRAP puts valgrind between tforun and each program, so the
# preload runs in a guest whose every access memcheck checks.  Python's
# own allocator is switched off (PYTHONMALLOC=malloc), which valgrind
# would otherwise report.  A memory error anywhere, a leak through the
# preload's code, too few traced programs, or a skipped test fails.
tforun_valgrind() {
	step "valgrind memcheck: t/tforun.sh, the preload in real programs"
	rm -rf "$top/tforun-valgrind" && mkdir -p "$top/tforun-valgrind/vg" &&
	    cd "$top/tforun-valgrind"
	"$src/configure" -q --enable-werror CFLAGS='-g -O1'
	make -j2 >/dev/null
	TFORUN_WRAP="valgrind -q --error-exitcode=99 --errors-for-leak-kinds=none
	    --leak-check=full --show-leak-kinds=definite --log-file=$PWD/vg/%p" \
	TFORUN_SLOW=6 PYTHONMALLOC=malloc \
	    make check TESTS=t/tforun.sh || { cat test-suite.log; exit 1; }
	cat t/tforun.sh.log
	# 27 programs run under tforun -- $TFORUN_WRAP in t/tforun.sh.
	traced=$(ls vg | wc -l)
	echo "tforun under valgrind: $traced programs traced"
	if [ "$traced" -lt 27 ] || grep -e '# SKIP' t/tforun.sh.log; then
		echo "tforun under valgrind: a test skipped, or too few programs traced"
		exit 1
	fi
	# Errors are reported whoever made them; leaks (the programs' own
	# at exit) only where the preload's code is in the record.
	errors=$(grep -l -E 'Invalid|uninitialised|Mismatched|overlap|Syscall param|Process terminating' vg/* || :)
	leaks=$(for f in vg/*; do
		awk -v f="$f" '/lost in loss record/ { r = 1; ours = 0 }
		    r && /tforun/ { ours = 1 }
		    r && /^==[0-9]*== *$/ { if (ours) print f; r = 0 }' "$f"
	done | sort -u)
	if [ -n "$errors$leaks" ]; then
		for f in $errors $leaks; do echo "--- $f"; cat "$f"; done
		echo "tforun under valgrind: a report"
		exit 1
	fi
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
tforun-asan) tforun_asan ;;
valgrind) vg ;;
tforun-valgrind) tforun_valgrind ;;
all) asan; tforun_asan; vg; tforun_valgrind ;;
*) echo "usage: $0 [asan|tforun-asan|valgrind|tforun-valgrind|all] [SRCDIR] [BUILDDIR]" >&2; exit 2 ;;
esac
