#!/bin/sh
# SPDX-License-Identifier: ISC
# System calls per connect-and-send, counted by strace between the markers
# that bench/cost writes, for each path, blocking (b) and non-blocking (nb).
# A cell "a/b" means the first call made a, later ones b (cached verdict).
# tfo_connect_dontwait is tfo_connect(..., TFO_DONTWAIT); dw-raw its excess.
#   syscalls.sh BUILDDIR
b=$1
d=$(mktemp -d) || exit 1
trap 'rm -rf "$d"' EXIT INT TERM
here=$(dirname "$0")
for p in cookie nocookie fallback; do
	v=3
	[ $p = fallback ] && v=0
	for m in nb b; do
		"$here/netns_lo.sh" "$b" $v strace -qq -s 64 -o "$d/$p.$m" \
		    "$b/bench/cost" -m $m -p $p -n 3 || exit 1
	done
done
cat "$d"/* | awk '
/^write\(-1, "BEGIN/ {
	split($0, a, "\""); split(a[2], w, " ")
	key = w[4] " " w[3] " " w[2]; fn[w[2]] = 1; row[w[4] " " w[3]] = 1
	on = 1; n = 0; i = w[5]; next
}
/^write\(-1, "END/ {
	on = 0
	if (i == 0) first[key] = n; else last[key] = n
	next
}
on { n++ }
END {
	split("raw-sendto tfo_connect tfo_connect_dontwait socket_fastopen_connect4 plain", f, " ")
	split("10 11 20 24 6", w, " ")
	printf "%-14s %-4s", "# path", "mode"
	for (j = 1; j <= 5; j++)
		printf " %*s", w[j], f[j]
	printf " %8s %8s\n", "tfo-raw", "dw-raw"
	split("cookie nb|cookie b|nocookie nb|nocookie b|fallback nb|fallback b", r, "|")
	for (k = 1; k <= 6; k++) {
		printf "%-14s %-4s", substr(r[k], 1, index(r[k], " ") - 1), \
		    substr(r[k], index(r[k], " ") + 1)
		for (j = 1; j <= 5; j++) {
			x = r[k] " " f[j]
			c = first[x] == last[x] ? first[x] : first[x] "/" last[x]
			printf " %*s", w[j], c
		}
		printf " %8s %8s\n", "+" (last[r[k] " " f[2]] - last[r[k] " " f[1]]), \
		    "+" (last[r[k] " " f[3]] - last[r[k] " " f[1]])
	}
}'
