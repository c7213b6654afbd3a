#!/bin/sh
# SPDX-License-Identifier: ISC
# Run a command in a fresh network namespace with lo up, tcp_fastopen set
# there (never on the host) and rr_server listening on 0.0.0.0:8001.
#   netns_lo.sh BUILDDIR TCP_FASTOPEN command [arg...]
if [ "$1" != --inside ]; then
	exec timeout 900 unshare -n "$0" --inside "$@"
fi
shift
b=$1 v=$2
shift 2
ip link set lo up || exit 1
echo "$v" >/proc/sys/net/ipv4/tcp_fastopen || exit 1
"$b/bench/rr_server" -a 0.0.0.0 -t 800 &
srv=$!
trap 'kill $srv 2>/dev/null' EXIT INT TERM
sleep 1		# the listener is up well within a second
"$@"
rc=$?
kill $srv 2>/dev/null
wait $srv 2>/dev/null
exit $rc
