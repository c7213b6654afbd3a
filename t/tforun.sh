#!/bin/sh
# SPDX-License-Identifier: ISC
# tforun with real, unmodified programs (python3 -m http.server, nginx,
# curl, python3's http.client, socat) in a private network namespace with
# net.ipv4.tcp_fastopen=3 there: SYN data from the second connection on
# (nstat's TcpExtTCPFastOpenActive/Passive), each request exactly once,
# and the cases tforun must leave as they were.  TFORUN_LIB may name
# another preload library (to watch this test fail against a broken one).
# TFORUN_WRAP goes before every program tforun starts (valgrind, from
# .ci/sanitizers.sh), and TFORUN_SLOW multiplies every time limit for it.
n=18
wrap=${TFORUN_WRAP:-}
slow=${TFORUN_SLOW:-1}
top=$(cd "${top_builddir:-.}" && pwd)
TFORUN_LIB=${TFORUN_LIB:-$top/.libs/libtforun.so}
export TFORUN_LIB
tforun=$top/tools/tforun
skip_all() {
	echo "1..$n"
	i=1
	while [ $i -le $n ]; do echo "ok $i # SKIP $1"; i=$((i + 1)); done
	exit 0
}
if [ "${TFORUN_IN_NETNS:-}" != 1 ]; then
	# tforun's client side is Linux's TCP_FASTOPEN_CONNECT: a build for
	# the kernel shims (t/shim) or without TFO has nothing it can test.
	shim=$("$top/t/expect-cli" shim) || exit 1
	[ "$shim" = none ] || skip_all "the $shim kernel shim: tforun speaks Linux's own calls, not the emulated kernel's"
	[ "$("$top/t/expect-cli" tfo)" = yes ] || skip_all "a backend without TFO: tforun has nothing to switch on"
	# A preload built with another C library (a musl build on a glibc
	# system) cannot go into this system's programs.
	err=$(LD_PRELOAD="$TFORUN_LIB" sh -c : 2>&1)
	[ -z "$err" ] || skip_all "the preload library does not load into this system's programs: $(echo "$err" | sed 1q)"
	[ "$(id -u)" = 0 ] || skip_all "needs root for a private network namespace"
	for p in python3 curl nstat ip sysctl unshare timeout; do
		command -v $p >/dev/null 2>&1 || skip_all "$p is not installed"
	done
	TFORUN_IN_NETNS=1 exec unshare -n sh "$0" "$@" ||
	    skip_all "unshare -n failed"
fi
ip link set lo up && sysctl -q -w net.ipv4.tcp_fastopen=3 ||
    skip_all "cannot set up the namespace"
echo "1..$n"
tmp=$(mktemp -d) || exit 1
pids=
trap 'for p in $pids; do kill $p 2>/dev/null; done; rm -rf "$tmp"' EXIT
t=0
check() {	# check WHAT command...: one TAP line
	what=$1
	shift
	t=$((t + 1))
	if "$@"; then echo "ok $t - $what"; else echo "not ok $t - $what"; fi
}
active() { nstat -az TcpExtTCPFastOpenActive | awk '$1 == "TcpExtTCPFastOpenActive" { print $2 }'; }
passive() { nstat -az TcpExtTCPFastOpenPassive | awk '$1 == "TcpExtTCPFastOpenPassive" { print $2 }'; }
# SYNs a listener turned away from TFO: its TFO queue full, or its accept
# queue full (dropped, then retransmitted without data).
overflow() { nstat -az TcpExtTCPFastOpenListenOverflow TcpExtListenDrops | awk '$1 ~ /^TcpExt/ { n += $2 } END { print n + 0 }'; }
wait_port() {	# until something listens on 127.0.0.1:$1, 5 s (times slow) at most
	i=0
	while [ $i -lt $((50 * slow)) ]; do
		python3 -c "import socket,sys; socket.create_connection(('127.0.0.1', $1), 1).close()" 2>/dev/null && return 0
		sleep 0.1
		i=$((i + 1))
	done
	return 1
}

# The server: http.server under tforun -s.  The port probe above is a
# plain connection: it asks for no cookie and sends no data.
mkdir "$tmp/www" && echo "tforun test page" >"$tmp/www/index.html"
(cd "$tmp/www" && exec timeout $((60 * slow)) "$tforun" -s -v -- $wrap python3 -m http.server \
    -b 127.0.0.1 8080) >"$tmp/http.log" 2>&1 &
pids="$pids $!"
wait_port 8080
check "http.server under tforun -s: listener enabled, logged once" \
    test "$(grep -c 'listener: server TFO enabled' "$tmp/http.log")" = 1

# curl, no --tcp-fastopen: 3 requests, the last 2 with SYN data.
a0=$(active) p0=$(passive)
ok=yes
for i in 1 2 3; do
	out=$(timeout $((10 * slow)) "$tforun" -c 8080 -- $wrap curl -sS "http://127.0.0.1:8080/index.html?curl$i") || ok=no
	[ "$out" = "tforun test page" ] || ok=no
done
a1=$(active) p1=$(passive)
echo "# curl: TFOActive $a0 -> $a1, TFOPassive $p0 -> $p1"
check "curl under tforun -c 8080: 3 replies, exact" test $ok = yes
check "curl: the 2nd and 3rd SYN carried the request (Active +2, Passive +2)" \
    test $((a1 - a0)) = 2 -a $((p1 - p0)) = 2

# python3 http.client: a blocking socket (the careful first write).
cat >"$tmp/get.py" <<'PY'
import http.client, sys
c = http.client.HTTPConnection("127.0.0.1", 8080, timeout=None)
c.request("GET", "/index.html?" + sys.argv[1])
r = c.getresponse()
sys.stdout.write(r.read().decode())
PY
ok=yes
for i in 1 2; do
	out=$(timeout $((10 * slow)) "$tforun" -c 8080 -- $wrap python3 "$tmp/get.py" py$i) || ok=no
	[ "$out" = "tforun test page" ] || ok=no
done
a2=$(active) p2=$(passive)
echo "# http.client: TFOActive $a1 -> $a2, TFOPassive $p1 -> $p2"
check "python3 http.client under tforun -c 8080: 2 replies, exact" test $ok = yes
check "http.client: both SYNs carried the request (cookie cached)" \
    test $((a2 - a1)) = 2 -a $((p2 - p1)) = 2

# Without tforun nothing rides in the SYN: the counters are ours.
out=$(timeout $((10 * slow)) curl -sS "http://127.0.0.1:8080/index.html?plain")
a3=$(active)
check "plain curl, no tforun: reply exact, no SYN data" \
    test "$out" = "tforun test page" -a "$a3" = "$a2"

# Every request reached the server exactly once.
ok=yes
for q in curl1 curl2 curl3 py1 py2 plain; do
	[ "$(grep -c "GET /index.html?$q " "$tmp/http.log")" = 1 ] || ok=no
done
check "each request logged exactly once by http.server" test $ok = yes

# Threads: 8 at once in one process, each its own connection.
cat >"$tmp/threads.py" <<'PY'
import http.client, threading
ok = []
def get(i):
    c = http.client.HTTPConnection("127.0.0.1", 8080)
    c.request("GET", "/index.html?thread%d" % i)
    ok.append(c.getresponse().read() == b"tforun test page\n")
ts = [threading.Thread(target=get, args=(i,)) for i in range(8)]
for t in ts: t.start()
for t in ts: t.join()
print(sum(ok))
PY
a5=$(active) o5=$(overflow)
out=$(timeout $((20 * slow)) "$tforun" -c 8080 -- $wrap python3 "$tmp/threads.py")
a6=$(active) o6=$(overflow)
ok=yes
i=0
while [ $i -lt 8 ]; do
	[ "$(grep -c "GET /index.html?thread$i " "$tmp/http.log")" = 1 ] || ok=no
	i=$((i + 1))
done
# http.server listens with a backlog of 5, which tforun -s makes its TFO
# queue too: a SYN beyond either is served without TFO (Linux
# tcp_conn_request: TcpExtTCPFastOpenListenOverflow; a full accept queue
# drops it, TcpExtListenDrops, and the retransmitted SYN has no data).
echo "# threads: $out of 8 replies exact, TFOActive $a5 -> $a6, turned away $o5 -> $o6"
check "8 threads under tforun: 8 replies exact, each request once, 8 SYNs with data (less the server's TFO queue overflows)" \
    test "$out" = 8 -a $ok = yes -a $((a6 - a5 + o6 - o5)) = 8

# getpeername on a socket whose SYN waits for the first write.
cat >"$tmp/peer.py" <<'PY'
import socket
s = socket.create_connection(("127.0.0.1", 8080))
print(s.getpeername()[1])
s.sendall(b"GET /index.html?peer HTTP/1.0\r\n\r\n")
print(b"tforun test page" in s.makefile("rb").read())
PY
out=$(timeout $((10 * slow)) "$tforun" -v -c 8080 -- $wrap python3 "$tmp/peer.py" 2>"$tmp/peer.err")
echo "$out" | sed 's/^/# /'
check "getpeername before the first write gives the peer; reply exact" \
    test "$out" = "8080
True" -a "$(grep -c 'goes in the SYN' "$tmp/peer.err")" = 1

# Non-blocking connect: connect_ex says 0 (deferred) or EINPROGRESS.
cat >"$tmp/nb.py" <<'PY'
import errno, select, socket
s = socket.socket()
s.setblocking(False)
r = s.connect_ex(("127.0.0.1", 8080))
assert r in (0, errno.EINPROGRESS), r
select.select([], [s], [], 5)
s.send(b"GET /index.html?nb HTTP/1.0\r\n\r\n")
data = b""
while True:
    select.select([s], [], [], 5)
    try:
        chunk = s.recv(4096)
    except BlockingIOError:
        continue
    if not chunk:
        break
    data += chunk
print(b"tforun test page" in data)
PY
a4=$(active)
out=$(timeout $((10 * slow)) "$tforun" -c 8080 -- $wrap python3 "$tmp/nb.py")
check "non-blocking connect and write: reply exact, SYN data" \
    test "$out" = True -a $(($(active) - a4)) = 1

# A server that speaks first, the client reads before it writes.
cat >"$tmp/greet.py" <<'PY'
import socket, sys
l = socket.socket()
l.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
l.bind(("127.0.0.1", 2525)); l.listen(5)
print("listening", flush=True)
while True:
    c, _ = l.accept()
    try:
        c.sendall(b"220 hello\r\n")
        c.sendall(c.recv(100).upper())
    except OSError:
        pass	# the port probe: connected, closed
    c.close()
PY
cat >"$tmp/speak.py" <<'PY'
import socket
s = socket.create_connection(("127.0.0.1", 2525))
f = s.makefile("rb")
g = f.readline()
s.sendall(b"quit\r\n")
print(g.decode().strip(), f.readline().decode().strip())
PY
timeout $((60 * slow)) "$tforun" -s -- $wrap python3 "$tmp/greet.py" >"$tmp/greet.log" 2>&1 &
pids="$pids $!"
wait_port 2525 || sleep 1
plain=$(timeout $((10 * slow)) python3 "$tmp/speak.py" 2>&1)
out=$(timeout $((10 * slow)) "$tforun" -f -c 2525 -- $wrap python3 "$tmp/speak.py" 2>&1)
out2=$(timeout $((10 * slow)) "$tforun" -f -c 2525 -- $wrap python3 "$tmp/speak.py" 2>&1)
echo "# without tforun: $plain; forced, twice: $out; $out2"
check "server speaks first (-f -c 2525): as without tforun, no hang" \
    test "$plain" = "220 hello QUIT" -a "$out" = "$plain" -a "$out2" = "$plain"

# An ordinary C client, for calls Python does not make: each mode run
# without tforun, then under it; the same answers, each request once, and
# under tforun every request in the SYN.
client=$top/t/tforun-client
ok=yes
a11=$(active)
for m in peer again unspec writev write0 zerocopy; do
	plain=$(timeout $((20 * slow)) "$client" $m 8080 2>&1) || ok=no
	out=$(timeout $((20 * slow)) "$tforun" -c 8080 -- $wrap "$client" $m 8080 2>&1) || ok=no
	echo "# $m: without tforun: $plain; under it: $out"
	[ "$out" = "$plain" ] || ok=no
	[ "$(grep -c "GET /index.html?c-$m " "$tmp/http.log")" = 2 ] || ok=no
done
a12=$(active)
echo "# C client: TFOActive $a11 -> $a12"
# MSG_ZEROCOPY's SYN leaves empty (one completion for the one call): 5.
check "C client: getpeername(sockaddr_storage), second connect EISCONN, AF_UNSPEC then reconnect, writev of IOV_MAX+1 EINVAL, write of 0 bytes, a MSG_ZEROCOPY send: as without tforun, the first 5 requests in the SYN" \
    test $ok = yes -a $((a12 - a11)) = 5
ok=yes
for m in dupread ppoll; do
	plain=$(timeout $((20 * slow)) "$client" $m 2525 2>&1) || ok=no
	out=$(timeout $((20 * slow)) "$tforun" -f -c 2525 -- $wrap "$client" $m 2525 2>&1) || ok=no
	echo "# $m: without tforun: $plain; under it: $out"
	[ "$out" = "$plain" ] || ok=no
done
check "server speaks first: read through a dup(), wait with ppoll(): as without tforun, no hang" \
    test $ok = yes

# nginx, with no fastopen= in its listen line, under tforun -s; Debian's
# nginx as it is (master_process off: one process, ours to stop).
if command -v nginx >/dev/null 2>&1; then
	mkdir -p "$tmp/nginx/html" &&
	    echo "nginx test page" >"$tmp/nginx/html/index.html" &&
	    sh "${srcdir:-.}/bench/nginx_conf.sh" "$tmp/nginx" "$tmp/nginx/html" \
	    127.0.0.1:8082 "$tmp/nginx/logs/access.log"
	timeout $((60 * slow)) "$tforun" -s -v -- $wrap nginx -p "$tmp/nginx" -c "$tmp/nginx/nginx.conf" \
	    >"$tmp/nginx.log" 2>&1 &
	pids="$pids $!"
	wait_port 8082
	p7=$(passive)
	ok=yes
	for i in 1 2 3; do
		out=$(timeout $((10 * slow)) "$tforun" -c 8082 -- $wrap curl -sS "http://127.0.0.1:8082/index.html?nginx$i") || ok=no
		[ "$out" = "nginx test page" ] || ok=no
	done
	p8=$(passive)
	for i in 1 2 3; do
		[ "$(grep -c "GET /index.html?nginx$i " "$tmp/nginx/logs/access.log")" = 1 ] || ok=no
	done
	echo "# nginx: TFOPassive $p7 -> $p8; $(grep -c 'server TFO enabled' "$tmp/nginx.log") listener(s) enabled"
	# Linux caches cookies per address and the namespace has one server
	# key: 127.0.0.1's cookie from port 8080 is good here, so all 3.
	check "nginx under tforun -s (no fastopen=): 3 requests in the SYN (the cookie is cached), each logged once" \
	    test $ok = yes -a $((p8 - p7)) = 3 -a "$(grep -c 'server TFO enabled' "$tmp/nginx.log")" -ge 1
else
	t=$((t + 1)); echo "ok $t # SKIP nginx is not installed"
fi

# socat as the client: its first write (stdin) rides in the SYN.
if command -v socat >/dev/null 2>&1; then
	a9=$(active)
	ok=yes
	for i in 1 2; do
		out=$(printf 'GET /index.html?socat%s HTTP/1.0\r\n\r\n' $i |
		    timeout $((10 * slow)) "$tforun" -c 8080 -- $wrap socat -t 5 - TCP:127.0.0.1:8080) || ok=no
		case $out in *"tforun test page"*) ;; *) ok=no ;; esac
		[ "$(grep -c "GET /index.html?socat$i " "$tmp/http.log")" = 1 ] || ok=no
	done
	a10=$(active)
	echo "# socat: TFOActive $a9 -> $a10"
	check "socat under tforun -c 8080: 2 replies, each request once, both in the SYN" \
	    test $ok = yes -a $((a10 - a9)) = 2
else
	t=$((t + 1)); echo "ok $t # SKIP socat is not installed"
fi

# Refused without -f, with a message that says why.
"$tforun" -c 8080,25 -- true 2>"$tmp/refuse.err"
rc=$?
check "tforun -c 25 refused (exit 2) with a reason" \
    test $rc = 2 -a "$(grep -c 'server speaks first' "$tmp/refuse.err")" = 1

# Not TCP: a UDP exchange to a -c port is untouched.
cat >"$tmp/udp.py" <<'PY'
import socket
a = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); a.bind(("127.0.0.1", 8081))
b = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); b.connect(("127.0.0.1", 8081))
b.send(b"ping"); a.settimeout(5); print(a.recv(10).decode())
PY
out=$(timeout $((10 * slow)) "$tforun" -v -c 8081 -- $wrap python3 "$tmp/udp.py" 2>"$tmp/udp.err")
check "UDP to a -c port: delivered, socket not changed" \
    test "$out" = ping -a ! -s "$tmp/udp.err"

# The library exports the interposed names and nothing else.
if command -v nm >/dev/null 2>&1; then
	extra=$(nm -D --defined-only "$TFORUN_LIB" 2>/dev/null | awk '{ print $3 }' |
	    grep -v -x -e connect -e listen -e getpeername -e close -e write \
	    -e writev -e send -e sendto -e sendmsg -e read -e readv -e recv \
	    -e recvfrom -e recvmsg -e poll -e select -e __read_chk \
	    -e __recv_chk -e __recvfrom_chk -e __poll_chk -e ppoll -e pselect \
	    -e __ppoll_chk -e dup -e dup2 -e dup3)
	names=$(nm -D --defined-only "$TFORUN_LIB" 2>/dev/null | wc -l)
	check "preload exports only the interposed names ($names)" \
	    test -z "$extra" -a "$names" -gt 0
else
	t=$((t + 1)); echo "ok $t # SKIP nm is not installed"
fi
