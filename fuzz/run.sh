#!/bin/sh
# SPDX-License-Identifier: ISC
# Build the libFuzzer target with clang (ASan + UBSan) and fuzz for
# SECONDS (default 600), then fold new inputs, minimized, into
# fuzz/corpus.  Needs root (or user namespaces): the target runs in a
# private network namespace.  Usage: fuzz/run.sh [SECONDS [BUILDDIR]]
set -eu
src=$(cd "$(dirname "$0")/.." && pwd)
secs=${1:-600}
build=${2:-${TMPDIR:-/tmp}/libtfo-fuzz}
san='-fsanitize=address,undefined -fno-sanitize-recover=undefined'
mkdir -p "$build"
cd "$build"
if [ ! -f Makefile ]; then
	"$src/configure" -q CC=clang --disable-shared \
	    CFLAGS="-g -O1 -fno-omit-frame-pointer -fsanitize=fuzzer-no-link $san"
fi
make -j2 libtfo.la libnetns.la >/dev/null
clang -g -O1 -fno-omit-frame-pointer -fsanitize=fuzzer $san \
    -I. -I"$src/src" -I"$src/tools" -I"$src/fuzz" \
    "$src/fuzz/target.c" "$src/fuzz/libfuzzer.c" \
    .libs/libtfo.a .libs/libnetns.a -o fuzz-connect
rm -rf new-corpus merged
mkdir -p new-corpus merged
./fuzz-connect -max_total_time="$secs" -max_len=512 -timeout=10 \
    -print_final_stats=1 new-corpus "$src/fuzz/corpus"
# Keep the repository's corpus small: only inputs that add coverage.
./fuzz-connect -merge=1 merged "$src/fuzz/corpus" new-corpus
rm -f "$src"/fuzz/corpus/*
cp merged/* "$src/fuzz/corpus/"
