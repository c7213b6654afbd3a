#!/bin/sh
# SPDX-License-Identifier: ISC
# The medians of run.sh's tables as a bar chart, $OUT/bench.png; needs
# gnuplot (Debian: gnuplot-nox), skipped with a message without it.
#   plot.sh OUTDIR
o=$1
if ! command -v gnuplot >/dev/null 2>&1; then
	echo "# plot: skipped, gnuplot not installed (apt-get install gnuplot-nox)"
	exit 0
fi
# One row per mode, one column per delay: "mode median@d1 median@d2 ...".
cat "$o/rr.txt" "$o/owfat.txt" "$o/tls.txt" 2>/dev/null | awk '
!/^#/ {
	m = $2; if (($1, m) in v) next	# the libowfat run repeats plain, raw
	if (!(m in idx)) { idx[m] = ++nm; name[nm] = m }
	if (!($1 in didx)) { didx[$1] = ++nd; dname[nd] = $1 }
	v[m, $1] = $3
}
END {
	printf "mode"; for (j = 1; j <= nd; j++) printf " %s", dname[j]; printf "\n"
	for (i = 1; i <= nm; i++) {
		printf "%s", name[i]
		for (j = 1; j <= nd; j++) printf " %s", ((name[i], dname[j]) in v) ? v[name[i], dname[j]] : "-"
		printf "\n"
	}
}' >"$o/plot.dat"
n=$(awk 'NR == 1 { print NF - 1 }' "$o/plot.dat")
gnuplot <<GP || { echo "# plot: gnuplot failed"; exit 0; }
set terminal png size 1000,560 noenhanced
set output "$o/bench.png"
set title "libtfo: time from socket() to the reply, median (ms)"
set style data histogram
set style histogram clustered gap 1
set style fill solid 0.8 border -1
set datafile missing "-"
set key autotitle columnhead top left
set xtics rotate by -30 nomirror
set ylabel "ms"
set grid ytics
plot for [c=2:$n+1] "$o/plot.dat" using c:xtic(1)
GP
echo "# plot: $o/bench.png"
