#!/bin/sh
# SPDX-License-Identifier: ISC
# Middlebox faults (issue 6): libtfo's tfo_connect through bench/linkemu,
# one run per fault rule, each in fresh namespaces with a 5 ms one-way
# delay.  The last, blackhole-syn-data, is the control for the blackhole
# verdicts: a fault that Linux's detection must catch, with detection
# switched on (60 s) and one SYN retry, in the client's namespace only.  The rule is scoped to the server's port 8002 (-p), so the client
# warms its cookie and measures a baseline on port 8001 of the same server
# in the same run.  t/middlebox.c says what each run asserts.
# MIDDLEBOX_K: timed requests per mode and phase (3); MIDDLEBOX_BLACKHOLE:
# tcp_fastopen_blackhole_timeout_sec to set in the client's namespace
# (unset: the namespace default).  Results: docs/reliability.md.
top_builddir=${top_builddir:-.}
linkemu=$top_builddir/bench/linkemu
prog=$top_builddir/t/middlebox
k=${MIDDLEBOX_K:-3}
delay=5

if [ "$(id -u)" != 0 ]; then
	echo "1..0 # SKIP needs root for network namespaces and TUN devices"
	exit 0
fi
if [ ! -c /dev/net/tun ]; then
	echo "1..0 # SKIP no /dev/net/tun"
	exit 0
fi
if [ ! -x "$linkemu" ] || [ ! -x "$prog" ]; then
	echo "1..0 # SKIP $linkemu or $prog not built"
	exit 0
fi
case $(uname -s) in
Linux) ;;
*) echo "1..0 # SKIP the link emulator needs Linux"; exit 0 ;;
esac
# Under a kernel shim the faults would meet Linux's own TFO handling: the
# shims reproduce no heuristics, path disabling or blackhole detection
# (t/shim/README.md), so nothing here would be about that backend.
if [ "$("$top_builddir/t/expect-cli" tfo)" != yes ]; then
	echo "1..0 # SKIP this backend sends no SYN data for a fault to meet"
	exit 0
fi
shim=$("$top_builddir/t/expect-cli" shim) || exit 1
if [ "$shim" != none ]; then
	echo "1..0 # SKIP the middlebox reactions under $shim are Linux's:" \
	    "the shim reproduces none of its kernel's"
	exit 0
fi
# linkemu itself says 77 when it cannot make its namespaces or devices.
"$linkemu" -t 5 -w 0 true 2>/dev/null
rc=$?
if [ "$rc" -ne 0 ]; then
	echo "1..0 # SKIP linkemu cannot run here (status $rc)"
	exit 0
fi

tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
abs_prog=$(cd "$(dirname "$prog")" && pwd)/middlebox
bh=
if [ -n "${MIDDLEBOX_BLACKHOLE:-}" ]; then
	bh="-b $MIDDLEBOX_BLACKHOLE"
fi
n=0
failed=0
tap() {	# tap ok|"not ok" description
	n=$((n + 1))
	[ "$1" = ok ] || failed=$((failed + 1))
	echo "$1 $n - $2"
}

for fault in drop-syn-data strip-tfo-synack drop-first-synack rst-after-syn \
    blackhole-syn-data
do
	args=$bh
	if [ "$fault" = blackhole-syn-data ]; then
		args="-b 60 -s 1 -B"
	fi
	log=$tmp/$fault.log
	: > "$log"
	echo "# $linkemu -d $delay -t 25 -p 8002 -r $fault" \
	    "-s '$abs_prog server -l $log -t 25'" \
	    "$abs_prog client -F $fault -l $log -n $k $args"
	start=$(date +%s)
	# shellcheck disable=SC2086
	"$linkemu" -d "$delay" -t 25 -p 8002 -r "$fault" \
	    -s "exec '$abs_prog' server -l '$log' -t 25" \
	    "$abs_prog" client -F "$fault" -l "$log" -n "$k" $args \
	    > "$tmp/out" 2> "$tmp/err"
	rc=$?
	end=$(date +%s)
	# The client's lines: unnumbered TAP, numbered here.
	while IFS= read -r line; do
		case $line in
		"ok - "*) tap ok "${line#ok - }" ;;
		"not ok - "*) tap "not ok" "${line#not ok - }" ;;
		"Bail out!"*) echo "$line"; exit 1 ;;
		*) echo "$line" ;;
		esac
	done < "$tmp/out"
	sed 's/^/# /' "$tmp/err"
	if [ "$rc" -eq 0 ]; then
		tap ok "$fault: linkemu and the client exit 0 ($((end - start)) s)"
	else
		tap "not ok" "$fault: linkemu and the client exit 0 (got $rc)"
	fi
	hits=$(sed -n "s/^linkemu: rule $fault acted on \([0-9]*\) packets.*/\1/p" \
	    "$tmp/err")
	if [ "${hits:-0}" -gt 0 ]; then
		tap ok "$fault: the rule acted on $hits packets"
	else
		tap "not ok" "$fault: the rule acted on ${hits:-no} packets"
	fi
	echo "# RESULT fault=$fault rule_hits=${hits:-0} seconds=$((end - start))"
done
echo "1..$n"
[ "$failed" -eq 0 ]
