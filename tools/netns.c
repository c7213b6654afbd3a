/* SPDX-License-Identifier: ISC */
/*
 * Private network namespaces (Linux), shared by tfocat's demo and the
 * tests: a place where the TFO sysctl can be set without touching the
 * host's.  Built only where <sched.h> has CLONE_NEWNET.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <net/if.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/types.h>

#include "netns.h"

int
netns_write_file(const char *path, const char *text)
{
	int fd = open(path, O_WRONLY);
	ssize_t n;

	if (fd == -1)
		return -1;
	n = write(fd, text, strlen(text));
	close(fd);
	return n == (ssize_t)strlen(text) ? 0 : -1;
}

/*
 * As root, a network namespace; otherwise a user namespace around it.
 * 0; -1: no namespace; 1: in one, but the id maps not written.
 */
static int
unshare_net(void)
{
	char map[64];
	uid_t uid = getuid();
	gid_t gid = getgid();

	if (unshare(CLONE_NEWNET) == 0)
		return 0;
	if (errno != EPERM)
		return -1;
	if (unshare(CLONE_NEWUSER | CLONE_NEWNET) == -1)
		return -1;
	(void)netns_write_file("/proc/self/setgroups", "deny");
	snprintf(map, sizeof(map), "0 %u 1", (unsigned)uid);
	if (netns_write_file("/proc/self/uid_map", map) == -1)
		return 1;
	snprintf(map, sizeof(map), "0 %u 1", (unsigned)gid);
	return netns_write_file("/proc/self/gid_map", map) == -1 ? 1 : 0;
}

static int
lo_up(void)
{
	struct ifreq ifr;
	int s = socket(AF_INET, SOCK_DGRAM, 0), r = -1;

	if (s == -1)
		return -1;
	memset(&ifr, 0, sizeof(ifr));
	strcpy(ifr.ifr_name, "lo");
	if (ioctl(s, SIOCGIFFLAGS, &ifr) == 0) {
		ifr.ifr_flags |= IFF_UP;
		r = ioctl(s, SIOCSIFFLAGS, &ifr);
	}
	close(s);
	return r;
}

int
netns_enter(int mode, char *why, size_t whylen)
{
	char value[32];
	int r = unshare_net();

	if (r == -1) {
		snprintf(why, whylen, "cannot make a network namespace: %s",
		    strerror(errno));
		return -1;
	}
	/*
	 * From here on the process has left the host's namespace: 1.  Even
	 * without the id maps, lo is brought up, for loopback to work.
	 */
	if (r == 1) {
		snprintf(why, whylen, "cannot map the user id: %s",
		    strerror(errno));
		(void)lo_up();
		return 1;
	}
	if (lo_up() == -1) {
		snprintf(why, whylen, "cannot bring lo up: %s",
		    strerror(errno));
		return 1;
	}
	snprintf(value, sizeof(value), "%d", mode);
	if (netns_write_file("/proc/sys/net/ipv4/tcp_fastopen", value) == -1) {
		snprintf(why, whylen, "cannot set tcp_fastopen in the "
		    "namespace: %s", strerror(errno));
		return 1;
	}
	return 0;
}
