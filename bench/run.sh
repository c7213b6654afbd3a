#!/bin/sh
# SPDX-License-Identifier: ISC
# make bench: every benchmark of issue 5 in one run, tables on stdout,
# raw tables and a PNG plot in $OUT.  Root: namespaces and TUN devices.
#   run.sh SRCDIR BUILDDIR
# Environment: K (timed connections per mode and delay, default 100),
# CPS_K (loopback connections per mode, 20000), DELAYS ("5 20", one-way ms),
# OUT (default bench-results, in the directory make runs in).
s=$1 b=$2
K=${K:-100} CPS_K=${CPS_K:-20000} DELAYS=${DELAYS:-"5 20"}
OUT=${OUT:-bench-results}	# relative to the build directory
if [ "$(id -u)" != 0 ] || [ ! -c /dev/net/tun ]; then
	echo "bench: needs root and /dev/net/tun (network namespaces, TUN)" >&2
	exit 77
fi
for t in ip unshare timeout strace valgrind callgrind_annotate; do
	command -v $t >/dev/null 2>&1 || { echo "bench: $t missing" >&2; exit 1; }
done
mkdir -p "$OUT" || exit 1
rm -f "$OUT"/*.txt
life=$((K + 120))	# linkemu lifetime, s: a 20 ms row takes < 0.3 s

# linkemu DELAY SERVER-COMMAND CLIENT-COMMAND...: its log goes to $OUT.
emu() {
	d=$1 srv=$2
	shift 2
	"$b/bench/linkemu" -d "$d" -t $life -s "exec $srv -t $life" "$@" \
	    2>>"$OUT/linkemu.log" || { tail -5 "$OUT/linkemu.log" >&2; exit 1; }
}

echo "# machine: $(uname -sr), $(nproc) CPUs, $(sed -n 's/^model name[^:]*: //p' /proc/cpuinfo | sed 1q)"
echo "# command: make bench K=$K CPS_K=$CPS_K DELAYS=\"$DELAYS\""
echo "# date: $(date -u '+%Y-%m-%d %H:%M UTC')"
echo
echo "## 1. Link emulator: TCP connect() time, expected 2 x delay"
for d in $DELAYS; do
	emu "$d" "$b/bench/rr_server" "$b/bench/rtt" -K 20 -l "${d}ms"
done | tee "$OUT/rtt.txt"
echo
echo "## 2. Request/response over new connections (100 B each way), ms from socket() to the last reply byte"
for d in $DELAYS; do
	emu "$d" "$b/bench/rr_server" "$b/bench/rr_tfo" -K "$K" -l "${d}ms"
done | tee "$OUT/rr.txt"
if [ -x "$b/bench/rr_owfat" ]; then
	echo "# libowfat, its own run (the libraries share symbol names)"
	for d in $DELAYS; do
		emu "$d" "$b/bench/rr_server" "$b/bench/rr_owfat" -K "$K" \
		    -l "${d}ms"
	done | tee "$OUT/owfat.txt"
else
	echo "# libowfat: skipped, not built (configure --with-libowfat)"
fi
echo
echo "## 3. TLS 1.3 request, ms from socket() to the reply"
if [ -x "$b/bench/tls_rr" ]; then
	for d in $DELAYS; do
		emu "$d" "$b/bench/tls_server" "$b/bench/tls_rr" -p 8443 \
		    -K "$K" -l "${d}ms"
	done | tee "$OUT/tls.txt"
else
	echo "# skipped: not built (configure --with-openssl)"
fi
echo
echo "## 4a. System calls per connect-and-send (loopback namespace; fallback: tcp_fastopen=0)"
sh "$s/bench/syscalls.sh" "$b" | tee "$OUT/syscalls.txt"
echo
echo "## 4b. Connections per second on loopback (namespace, tcp_fastopen=3)"
sh "$s/bench/netns_lo.sh" "$b" 3 "$b/bench/rr_tfo" -c -a 127.0.0.1 \
    -K "$CPS_K" -w 50 -l lo | tee "$OUT/cps.txt"
echo
echo "## 4c. Instructions per call with a cookie (callgrind, user space)"
sh "$s/bench/callgrind.sh" "$b" 2000 | tee "$OUT/callgrind.txt"
echo
echo "## 4d. Host names (issue 12): tfo_dial() vs a naive loop vs curl --tcp-fastopen"
for d in $DELAYS; do
	"$b/bench/dial" -d "$d" -K 20 -l "${d}ms"
done | tee "$OUT/dial.txt"
echo
echo "## 5. tforun (issue 14): ms to the first reply byte, unmodified clients, median of $K"
if [ -x "$b/tools/tforun" ] && command -v curl >/dev/null && command -v python3 >/dev/null; then
	mkdir -p "$OUT/www" && echo "tforun bench page" >"$OUT/www/index.html"
	www=$(cd "$OUT/www" && pwd)
	for d in $DELAYS; do
		"$b/bench/linkemu" -d "$d" -t $life -w 1500 \
		    -s "exec sh '$s/bench/tforun_server.sh' '$b' '$www' 198.18.0.2 8080 >/dev/null 2>&1" \
		    sh "$s/bench/tforun_ttfb.sh" "$b" "$d" "$K" 2>>"$OUT/linkemu.log"
	done | tee "$OUT/tforun.txt"
else
	echo "# skipped: tforun not built, or curl or python3 missing"
fi
echo
echo "## 6. Acceptance (issue 5)"
sh "$s/bench/verdict.sh" "$OUT"
sh "$s/bench/plot.sh" "$OUT"
