# SPDX-License-Identifier: ISC
# Sourced by the shell tests that need a private network namespace: runs
# the test again inside one (unshare -n as root, -rn otherwise) with lo up
# and net.ipv4.tcp_fastopen=3 there, or skips it all where none can be
# made.  The host's own namespace and sysctls are never touched.
if [ -z "$TFO_IN_NETNS" ]; then
	TFO_IN_NETNS=1
	export TFO_IN_NETNS
	for how in -n -rn; do
		# exit 3: no namespace to be had with this way of asking.
		unshare $how sh -c 'ip link set lo up 2>/dev/null || exit 3' \
		    2>/dev/null || continue
		exec unshare $how sh "$0" "$@"
	done
	echo "1..0 # SKIP no network namespace (unshare -n or -rn, ip) here"
	exit 0
fi
ip link set lo up || exit 1
echo 3 > /proc/sys/net/ipv4/tcp_fastopen 2>/dev/null
