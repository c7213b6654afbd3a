#!/bin/sh
# SPDX-License-Identifier: ISC
# tforun_ttfb.sh BUILDDIR DELAY K: time to the first reply byte of
# unmodified curl and python3 http.client, with and without tforun -c,
# from a server under tforun -s (bench/tforun_server.sh: nginx, else
# python3 -m http.server) over bench/linkemu's link
# (DELAY ms each way).  Run inside linkemu's client namespace; one line
# per client: median ms plain, median ms with tforun, their ratio.
b=$1 d=$2 k=$3
tforun=$b/tools/tforun
TFORUN_LIB=$b/.libs/libtforun.so
export TFORUN_LIB
url=http://198.18.0.2:8080/index.html
# http.client connects and sends as it always does; the clock stops when
# the first reply byte is there (MSG_PEEK leaves it for getresponse()),
# as curl's time_starttransfer does, not after the header parsing.
# A first getaddrinfo() in a process loads the NSS modules (about 1 ms
# here): done before the clock starts, since it is start-up, not network.
py='import http.client, socket, sys, time
socket.getaddrinfo("198.18.0.2", 8080, type=socket.SOCK_STREAM)
t = time.monotonic()
c = http.client.HTTPConnection("198.18.0.2", 8080)
c.request("GET", "/index.html")
c.sock.recv(1, socket.MSG_PEEK)
ms = (time.monotonic() - t) * 1000
r = c.getresponse()
r.read()
print("%.3f" % ms)'
median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
runs() {	# runs WRAP... -- the client: k timings in ms after one warm-up
	i=0
	while [ $i -le "$k" ]; do
		out=$(timeout 10 "$@") || { echo "bench: client failed: $*" >&2; exit 1; }
		[ $i -gt 0 ] && echo "$out"
		i=$((i + 1))
	done
}
for c in curl python3; do
	if [ $c = curl ]; then
		plain=$(runs sh -c "curl -s -o /dev/null -w '%{time_starttransfer}' $url" | awk '{ print $1 * 1000 }' | median)
		tfo=$(runs "$tforun" -c 8080 -- sh -c "curl -s -o /dev/null -w '%{time_starttransfer}' $url" | awk '{ print $1 * 1000 }' | median)
	else
		plain=$(runs python3 -c "$py" | median)
		tfo=$(runs "$tforun" -c 8080 -- python3 -c "$py" | median)
	fi
	echo "$c ${d}ms plain $plain tforun $tfo ratio $(echo "$tfo $plain" | awk '{ printf "%.2f", $1 / $2 }')"
done
