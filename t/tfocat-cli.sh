#!/bin/sh
# SPDX-License-Identifier: ISC
# tfocat's command line as an nc user meets it: bad ports refused by name,
# a refusal reported at once while stdin stays open and idle, messages that
# name tfocat and the address at fault, nc's options.  In a private network
# namespace; the host's sysctls are untouched.
tfocat=${top_builddir:-.}/tools/tfocat
server=${top_builddir:-.}/t/relay_server

. "${srcdir:-.}/t/in-netns.sh"

dir=$(mktemp -d) || exit 1
trap 'rm -rf "$dir"' EXIT
bounded=
command -v timeout >/dev/null 2>&1 && bounded="timeout 10"
n=0
check() {
	n=$((n + 1))
	if eval "$1"; then
		echo "ok $n - $2"
	else
		echo "not ok $n - $2"
		sed 's/^/# /' "$dir/err" 2>/dev/null
	fi
}
now_ms() { echo $(($(date +%s%N) / 1000000)); }

echo "1..18"

for port in 0 65536 70000 abc; do
	$bounded "$tfocat" 127.0.0.1 $port < /dev/null > /dev/null 2> "$dir/err"
	rc=$?
	check '[ $rc = 1 ] && grep -q "^tfocat: port $port: not a port number" "$dir/err"' \
	    "port $port is refused, by name (rc $rc)"
done

# stdin open and idle (a pipe whose writer sleeps): no wait for input.
start=$(now_ms)
sleep 1 | {
	$bounded "$tfocat" 127.0.0.1 1 > /dev/null 2> "$dir/err"
	echo $? > "$dir/rc"
	now_ms > "$dir/end"
}
rc=$(cat "$dir/rc") took=$(($(cat "$dir/end") - start))
check '[ $rc = 1 ] && [ $took -lt 100 ] && grep -q "^tfocat: connect to 127.0.0.1 port 1: Connection refused" "$dir/err"' \
    "refusal reported within 100 ms with stdin idle (rc $rc, $took ms)"

$bounded "$tfocat" -l -b nosuch.invalid 9999 < /dev/null 2> "$dir/err"
check 'grep -q "^tfocat: nosuch.invalid: " "$dir/err"' \
    "a listen address that does not resolve is named, not the port"

"$tfocat" -u 127.0.0.1 1 < /dev/null 2> "$dir/err"
rc=$?
check '[ $rc = 2 ] && grep -q "^tfocat: -u (UDP, in nc) is not supported" "$dir/err" && grep -q "^usage: tfocat " "$dir/err"' \
    "nc's -u is refused by name, the usage names tfocat (rc $rc)"

"$tfocat" -Y 2> "$dir/err"
rc=$?
check '[ $rc = 2 ] && grep -q "^tfocat: unknown option -Y" "$dir/err"' \
    "an unknown option is named (rc $rc)"

"$tfocat" -h > "$dir/out" 2> "$dir/err"
rc=$?
check '[ $rc = 0 ] && grep -q "^usage: tfocat " "$dir/out" && grep -q "^  -w seconds" "$dir/out"' \
    "-h prints the options on stdout, exit 0"

"$tfocat" --help > "$dir/out" 2> "$dir/err"
rc=$?
check '[ $rc = 0 ] && grep -q "^  -z " "$dir/out"' "--help is -h"

# A listener on a port the kernel picks, which -v names.
$bounded "$tfocat" -v -l -k -e 127.0.0.1 0 < /dev/null 2> "$dir/srv.err" &
spid=$!
i=0
while [ $i -lt 100 ] && ! grep -q listening "$dir/srv.err" 2>/dev/null; do
	sleep 0.05
	i=$((i + 1))
done
port=$(sed -n 's/^tfocat: listening on 127.0.0.1 port \([0-9]*\),.*/\1/p' "$dir/srv.err")
check '[ -n "$port" ] && [ "$port" != 0 ]' "-l 0 -v names the port bound ($port)"

echo hello | $bounded "$tfocat" -v 127.0.0.1 "$port" > "$dir/out" 2> "$dir/err"
rc=$?
check '[ $rc = 0 ] && [ "$(cat "$dir/out")" = hello ] && grep -q "^tfocat: connected to 127.0.0.1 (127.0.0.1 port $port) from 127.0.0.1 port [0-9]" "$dir/err"' \
    "-v names the peer and the local address (rc $rc)"

$bounded "$tfocat" -z -v 127.0.0.1 "$port" < /dev/null > "$dir/out" 2> "$dir/err"
rc=$?
check '[ $rc = 0 ] && [ ! -s "$dir/out" ]' "-z connects and sends nothing (rc $rc)"

echo hello | $bounded "$tfocat" -v -p 9333 127.0.0.1 "$port" > "$dir/out" 2> "$dir/err"
rc=$?
check '[ $rc = 0 ] && grep -q "from 127.0.0.1 port 9333," "$dir/err"' \
    "-p sets the local port (rc $rc)"

echo hello | $bounded "$tfocat" -6 127.0.0.1 "$port" > "$dir/out" 2> "$dir/err"
rc=$?
check '[ $rc = 1 ] && grep -q "^tfocat: 127.0.0.1: " "$dir/err"' \
    "-6 refuses an IPv4 address (rc $rc)"

echo hello | $bounded "$tfocat" -4 -n 127.0.0.1 "$port" > "$dir/out" 2> "$dir/err"
rc=$?
check '[ $rc = 0 ] && [ "$(cat "$dir/out")" = hello ]' "-4 -n connect (rc $rc)"
kill $spid 2>/dev/null
wait $spid 2>/dev/null

# -w: the peer never answers (its reply is 1 MiB after 10 MB nobody sends).
"$server" last 9334 "$dir/got" > "$dir/srv.out" &
spid=$!
i=0
while [ $i -lt 100 ] && ! grep -q listening "$dir/srv.out" 2>/dev/null; do
	sleep 0.05
	i=$((i + 1))
done
start=$(now_ms)
sleep 3 | {
	$bounded "$tfocat" -w 1 127.0.0.1 9334 > /dev/null 2> "$dir/err"
	echo $? > "$dir/rc"
	now_ms > "$dir/end"
}
rc=$(cat "$dir/rc") took=$(($(cat "$dir/end") - start))
kill $spid 2>/dev/null
wait $spid 2>/dev/null
check '[ $rc = 0 ] && [ $took -ge 900 ] && [ $took -lt 4000 ]' \
    "-w 1 ends an idle connection after a second (rc $rc, $took ms)"

# -q 0: quit at the end of input, without waiting for the peer's end.
"$server" last 9335 "$dir/got" > "$dir/srv.out" &
spid=$!
i=0
while [ $i -lt 100 ] && ! grep -q listening "$dir/srv.out" 2>/dev/null; do
	sleep 0.05
	i=$((i + 1))
done
echo data | $bounded "$tfocat" -q 0 127.0.0.1 9335 > /dev/null 2> "$dir/err"
rc=$?
wait $spid
check '[ $rc = 0 ] && [ "$(cat "$dir/got")" = data ]' \
    "-q 0 quits after sending everything (rc $rc)"
