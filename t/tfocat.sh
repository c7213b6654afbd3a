#!/bin/sh
# SPDX-License-Identifier: ISC
# tfocat end to end: the demo, and a client and an echo server talking TFO
# inside a private network namespace (the host's sysctls are untouched).
tfocat=${top_builddir:-.}/tools/tfocat
expect=${top_builddir:-.}/t/expect-cli
echo 1..7
# What tfo_used() says, per backend, from the one table (t/expect.c):
# sysctl 3, cookie cached or not, the bytes of the first write.
syn=$("$expect" used 3 1 5) || exit 1		# the demo's "ping\n"
nosyn=$("$expect" used 3 0 5) || exit 1	# its first, cookie-less one
first=$("$expect" used 3 0 6) || exit 1	# "first\n"
second=$("$expect" used 3 1 7) || exit 1	# "second\n"

# The demo runs 4 exchanges over an emulated 50 ms round trip where it
# can (root, /dev/net/tun), else on loopback in a private namespace.
out=$("$tfocat" demo -n 4 2>&1)
rc=$?
echo "$out" | sed 's/^/# /'
if [ "$rc" -eq 0 ]; then echo "ok 1 - tfocat demo exits 0"; else echo "not ok 1 - tfocat demo exits 0 (got $rc)"; fi
if echo "$out" | grep -q -e '^emulated link' -e '^private network namespace'; then
	if echo "$out" | grep -q "^exchange 1: .*in the SYN: $nosyn" &&
	    echo "$out" | grep -q "^exchange 2: .*in the SYN: $syn"; then
		echo "ok 2 - demo: request in the SYN: $nosyn, then $syn"
	else
		echo "not ok 2 - demo: request in the SYN: $nosyn, then $syn"
	fi
else
	echo "ok 2 # SKIP no network namespace could be made"
fi
# Over the link, TFO's reply comes one round trip (50 ms) sooner from the
# second exchange on: demand more than half of one, every time.
if [ "$(id -u)" != 0 ] || [ ! -c /dev/net/tun ]; then
	echo "ok 3 # SKIP the emulated link needs root and /dev/net/tun"
	echo "ok 4 # SKIP the emulated link needs root and /dev/net/tun"
elif echo "$out" | grep -q "built without the link emulator"; then
	echo "ok 3 # SKIP tfocat was built without the link emulator (configure found no TUN or prctl headers)"
	echo "ok 4 # SKIP tfocat was built without the link emulator (configure found no TUN or prctl headers)"
else
	# Where data cannot ride in the SYN (the fallback backend), both
	# take two round trips: then demand that they differ by less than
	# half of one.
	# FreeBSD against this Linux server: SYN data once, then the path
	# is off (syn-again no), so exchanges 3-4 are plain there.
	again=$("$expect" syn-again) || exit 1
	if [ "$("$expect" tfo)" != yes ]; then
		what="no SYN data on this backend: TFO and plain within 25 ms"
	elif [ "$again" = yes ]; then
		what="TFO at least 25 ms faster than plain"
	else
		what="TFO at least 25 ms faster than plain in exchange 2, then within 25 ms (the path is disabled)"
	fi
	if echo "$out" | awk -v tfo="$("$expect" tfo)" -v again="$again" '
	    /^exchange [2-9]:/ {
		n++
		t = p = ""
		for (i = 3; i < NF; i++) {
			if ($i == "TFO") t = $(i + 1)
			if ($i == "plain") p = $(i + 1)
		}
		d = p - t
		syn = tfo == "yes" && (n == 1 || again == "yes")
		if (t == "" || p == "") bad++
		else if (syn && d < 25) bad++
		else if (!syn && (d > 25 || d < -25)) bad++
	    }
	    END { exit !(n == 3 && bad == 0) }'; then
		echo "ok 3 - demo: $what, exchanges 2-4"
	else
		echo "not ok 3 - demo: $what, exchanges 2-4"
	fi
	if echo "$out" | grep -q '^emulated link: 25 ms each way'; then
		echo "ok 4 - demo ran over the emulated link"
	else
		echo "not ok 4 - demo ran over the emulated link"
	fi
fi

# Run a script in a private namespace: as root unshare -n, else -rn.
in_netns() {
	if [ "$(id -u)" = 0 ]; then
		unshare -n sh -c "$@"
	else
		unshare -rn sh -c "$@"
	fi
}
# $1: tfocat.  Exit 3: no namespace to be had; anything else: ran.
# timeout(1) bounds the runs where there is one (as bounded() does in
# examples/run.sh); a prefix, not a function, so that $! is the server.
script='
ip link set lo up 2>/dev/null || exit 3
echo 3 > /proc/sys/net/ipv4/tcp_fastopen || exit 3
t20= t10=
if command -v timeout >/dev/null 2>&1; then t20="timeout 20" t10="timeout 10"; fi
$t20 "$1" -l -k -e -v 7777 2>server.err &
i=0
while [ $i -lt 50 ] && ! grep -q listening server.err 2>/dev/null; do
	sleep 0.1
	i=$((i + 1))
done
echo first | $t10 "$1" -v 127.0.0.1 7777 > reply1 2> client1.err
echo second | $t10 "$1" -v 127.0.0.1 7777 > reply2 2> client2.err
kill $!
exit 0
'
abs=$(cd "$(dirname "$tfocat")" && pwd)/tfocat
dir=$(mktemp -d) || exit 1
if command -v unshare >/dev/null 2>&1 && command -v ip >/dev/null 2>&1 &&
    (cd "$dir" && in_netns "$script" sh "$abs"); then
	check() {
		if eval "$2"; then echo "ok $1 - $3"; else echo "not ok $1 - $3"; fi
	}
	check 5 '[ "$(cat "$dir/reply1")" = first ] && [ "$(cat "$dir/reply2")" = second ]' \
	    "tfocat client gets its bytes echoed, exactly"
	check 6 'grep -q "data in SYN: $first" "$dir/client1.err"' \
	    "first connection (cookie request), data in the SYN: $first"
	check 7 'grep -q "data in SYN: $second" "$dir/client2.err"' \
	    "second connection, data in the SYN: $second"
	sed 's/^/# /' "$dir"/*.err
else
	for n in 5 6 7; do
		echo "ok $n # SKIP no network namespace (unshare, ip) here"
	done
fi
rm -rf "$dir"
