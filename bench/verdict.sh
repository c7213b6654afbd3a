#!/bin/sh
# SPDX-License-Identifier: ISC
# Issue 5's "Done when" figures, checked against the tables run.sh wrote.
#   verdict.sh OUTDIR
o=$1
awk '
function say(ok, what) { printf "%-6s %s\n", ok ? "MET" : "NOT", what }
FILENAME ~ /rr.txt$/ && ($2 == "tfo_connect" || $2 == "tfo-socket_fastopen4") {
	d = $8 - 1; if (d < 0) d = -d
	say(d <= 0.02 && $7 <= 0.52, sprintf("%s %s: %.3f x raw (within 2%%), %.3f x plain (<= 0.52)", $1, $2, $8, $7))
}
FILENAME ~ /tls.txt$/ && $2 == "tls-tfo_connect_deferred" {
	say($7 <= 0.70, sprintf("%s TLS deferred: %.3f x plain TLS (<= 0.70)", $1, $7))
}
FILENAME ~ /syscalls.txt$/ && $1 == "cookie" && $2 == "nb" {
	say($9 + 0 <= 1, sprintf("cookie, non-blocking: tfo_connect(TFO_DONTWAIT) %s system calls more than raw (<= 1)", $9))
	printf "%-6s %s\n", "info", sprintf("cookie, non-blocking: tfo_connect(0) %s: it also asks for the socket mode (fcntl), to wait on a blocking socket", $8)
}
FILENAME ~ /cps.txt$/ && ($2 == "tfo_connect" || $2 == "tfo-socket_fastopen4") {
	say($6 >= 0.97, sprintf("loopback %s: %.3f x raw connections/s (>= 0.97)", $2, $6))
}' "$o/rr.txt" "$o/tls.txt" "$o/syscalls.txt" "$o/cps.txt"
