#!/bin/sh
# SPDX-License-Identifier: ISC
# Instructions per connect-and-send with a cookie (user space only: the
# kernel's work is the same system calls for everyone), from callgrind:
# inclusive cost of each path's wrapper in bench/cost, and the exclusive
# cost of the code inside libtfo.so itself.
#   callgrind.sh BUILDDIR [calls]
b=$1 n=${2:-2000}
d=$(mktemp -d) || exit 1
trap 'rm -rf "$d"' EXIT INT TERM
here=$(dirname "$0")
printf '%-4s %10s %11s %20s %24s %6s %12s\n' "# mode" raw-sendto \
    tfo_connect tfo_connect_dontwait socket_fastopen_connect4 plain libtfo-own
for m in nb b; do
	"$here/netns_lo.sh" "$b" 3 valgrind -q --tool=callgrind \
	    --callgrind-out-file="$d/cg.$m" "$b/bench/cost" -m $m -p cookie \
	    -n "$n" || exit 1
	inc=$(callgrind_annotate --threshold=100 --inclusive=yes "$d/cg.$m" | awk -v n="$n" '
	    /:cost_(raw|tfo_connect|tfo_dontwait|socket4|plain) \[/ {
		x = $1; gsub(",", "", x)
		f = $0; sub(/.*:cost_/, "", f); sub(/ .*/, "", f)
		v[f] = x / n
	    }
	    END { printf "%10.0f %11.0f %20.0f %24.0f %6.0f", v["raw"],
		v["tfo_connect"], v["tfo_dontwait"], v["socket4"], v["plain"] }')
	own=$(callgrind_annotate --threshold=100 "$d/cg.$m" | awk -v n="$n" '
	    /\[.*libtfo\.so[^]]*\]/ { x = $1; gsub(",", "", x); s += x }
	    END { printf "%12.0f", s / (3 * n) }')	# three library paths
	printf '%-6s %s %s\n' "$m" "$inc" "$own"
done
