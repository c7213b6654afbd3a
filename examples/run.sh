#!/bin/sh
# SPDX-License-Identifier: ISC
# Runs the examples against each other on loopback and prints TAP.  As root
# on Linux it re-runs itself in a private network namespace with
# net.ipv4.tcp_fastopen=0x403 (client, server, and TFO on every listener,
# for openssl s_server), so it can also check that data rode in the SYN;
# the host's own setting is never touched.  Elsewhere it runs on the host's
# loopback and skips those checks.
: "${srcdir:=.}"
. ./docs-test-env.sh || exit 1

if test -z "$TFO_EXAMPLES_NETNS" && test "`uname -s`" = Linux &&
   command -v unshare >/dev/null 2>&1 &&
   unshare -n true 2>/dev/null; then
	# The host's namespace, so that the copy can prove it left it.
	TFO_EXAMPLES_NETNS=`readlink /proc/self/ns/net`
	export TFO_EXAMPLES_NETNS
	exec unshare -n $TFO_SHELL "$0" "$@"
fi
netns=no
if test -n "$TFO_EXAMPLES_NETNS"; then
	if test "`readlink /proc/self/ns/net`" = "$TFO_EXAMPLES_NETNS"; then
		echo "Bail out! still in the host's network namespace"
		exit 1
	fi
	if { ip link set lo up || ifconfig lo up; } >/dev/null 2>&1 &&
	   echo 1027 >/proc/sys/net/ipv4/tcp_fastopen; then
		netns=yes
	else
		echo "1..0 # SKIP cannot set up loopback in the network namespace"
		exit 0
	fi
fi

n=0 failed=0
ok() { n=`expr $n + 1`; echo "ok $n - $1"; }
notok() { n=`expr $n + 1`; echo "not ok $n - $1"; failed=1; }
skip() { n=`expr $n + 1`; echo "ok $n # SKIP $1"; }
check() { if eval "$2"; then ok "$1"; else notok "$1"; fi; }
nap() { sleep 0.1 2>/dev/null || sleep 1; }
bounded() {
	if command -v timeout >/dev/null 2>&1; then timeout 20 "$@"; else "$@"; fi
}
# retry CMD...: run a client until its server is up (at most about 5 s).
retry() {
	i=0
	while test $i -lt 50; do
		if bounded "$@" >out.$$ 2>err.$$; then return 0; fi
		i=`expr $i + 1`
		nap
	done
	cat err.$$ | sed 's/^/# /'
	return 1
}

tmp=ex.$$
rm -rf $tmp && mkdir $tmp || exit 1
trap 'rm -rf $tmp out.$$ err.$$; kill $spid 2>/dev/null' 0
trap 'exit 1' 1 2 15
echo "1..8"

port=`expr 20000 + $$ % 30000`
bounded ./examples/seed_server$EXEEXT $port 4 >$tmp/server.out 2>$tmp/server.err &
spid=$!
retry ./examples/seed_client$EXEEXT $port
check "seed client and server exchange hello" 'test "`cat out.$$`" = hello'
retry ./examples/seed_client$EXEEXT $port
check "second seed exchange (the cookie is cached now)" \
    'test "`cat out.$$`" = hello'
retry ./examples/gai_client$EXEEXT 127.0.0.1 $port "gai message"
check "getaddrinfo client gets its reply" 'test "`cat out.$$`" = "gai message"'
sed 's/^/# /' err.$$
# What tfo_used() says per backend (one table: t/expect.c), sysctl 0x403,
# cookie cached by the seed clients: "gai message", and a ClientHello
# (under one MSS) over tfo_connect_deferred().
gai=`./t/expect-cli$EXEEXT used 1027 1 11` || exit 1
hello=`./t/expect-cli$EXEEXT deferred-used 1027 1 512` || exit 1
tfo_skip() {
	echo "no private network namespace: server-side TFO not set up"
}
if test $netns = yes; then
	check "getaddrinfo client: data in the SYN: $gai" \
	    'grep "data in SYN: $gai" err.$$ >/dev/null'
else
	skip "`tfo_skip`"
fi
retry ./examples/nb_client$EXEEXT 127.0.0.1 $port "non-blocking"
check "non-blocking client gets its reply" 'test "`cat out.$$`" = non-blocking'
wait $spid
st=$?
check "seed server exits cleanly after its connections" 'test $st -eq 0'
spid=

if test ! -x ./examples/tls_client$EXEEXT; then
	skip "examples/tls_client not built (configure --with-openssl)"
	skip "examples/tls_client not built (configure --with-openssl)"
elif ! command -v openssl >/dev/null 2>&1 ||
     ! openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 \
	-nodes -subj /CN=localhost -addext subjectAltName=IP:127.0.0.1 \
	-days 1 -keyout $tmp/key.pem -out $tmp/cert.pem >/dev/null 2>&1; then
	skip "no openssl(1) to run a TLS server"
	skip "no openssl(1) to run a TLS server"
else
	port=`expr $port + 1`
	bounded openssl s_server -quiet -rev -naccept 2 \
	    -accept 127.0.0.1:$port -cert $tmp/cert.pem -key $tmp/key.pem \
	    >$tmp/tls.out 2>&1 &
	spid=$!
	retry ./examples/tls_client$EXEEXT 127.0.0.1 $port hello $tmp/cert.pem
	check "TLS client over the deferred connect gets its reply" \
	    'grep olleh out.$$ >/dev/null'
	retry ./examples/tls_client$EXEEXT 127.0.0.1 $port hello $tmp/cert.pem
	sed 's/^/# /' err.$$
	if test $netns = yes; then
		check "second TLS connection: ClientHello in the SYN: $hello" \
		    'grep "ClientHello in SYN: $hello" err.$$ >/dev/null'
	else
		skip "`tfo_skip`"
	fi
	wait $spid
	spid=
fi
exit $failed
