/* SPDX-License-Identifier: ISC */
/*
 * Namespace and TUN device setup with ioctl(2) only, so the emulator needs
 * no helper program and leaves no named namespace behind.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <net/if.h>
#include <netinet/in.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <linux/if_tun.h>

#include "emu_ns.h"

static int
write_file(const char *path, const char *text)
{
	int fd = open(path, O_WRONLY | O_CLOEXEC);
	ssize_t n;

	if (fd == -1)
		return -1;
	n = write(fd, text, strlen(text));
	close(fd);
	return n == (ssize_t)strlen(text) ? 0 : -1;
}

static int
if_up(int s, const char *name)
{
	struct ifreq ifr;

	memset(&ifr, 0, sizeof(ifr));
	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", name);
	if (ioctl(s, SIOCGIFFLAGS, &ifr) == -1)
		return -1;
	ifr.ifr_flags |= IFF_UP | IFF_RUNNING;
	return ioctl(s, SIOCSIFFLAGS, &ifr);
}

static int
if_addr(int s, const char *name, const char *addr, int prefix)
{
	struct ifreq ifr;
	struct sockaddr_in *sin = (struct sockaddr_in *)&ifr.ifr_addr;

	memset(&ifr, 0, sizeof(ifr));
	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", name);
	sin->sin_family = AF_INET;
	if (inet_pton(AF_INET, addr, &sin->sin_addr) != 1) {
		errno = EINVAL;
		return -1;
	}
	if (ioctl(s, SIOCSIFADDR, &ifr) == -1)
		return -1;
	sin->sin_addr.s_addr = htonl(prefix ? ~0U << (32 - prefix) : 0);
	return ioctl(s, SIOCSIFNETMASK, &ifr);
}

static int
tun_open(const char *name)
{
	struct ifreq ifr;
	int fd = open("/dev/net/tun", O_RDWR | O_NONBLOCK | O_CLOEXEC);

	if (fd == -1)
		return -1;
	memset(&ifr, 0, sizeof(ifr));
	ifr.ifr_flags = IFF_TUN | IFF_NO_PI;	/* bare IP packets */
	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", name);
	if (ioctl(fd, TUNSETIFF, &ifr) == -1) {
		close(fd);
		return -1;
	}
	return fd;
}

/* Inside the new namespace: devices, addresses, sysctls. */
static int
configure(struct emu_side *side, const char *addr, long fastopen)
{
	char text[32];
	int s, r = -1;

	side->tunfd = tun_open(EMU_IFNAME);
	if (side->tunfd == -1) {
		perror("linkemu: TUN device");
		return -1;
	}
	/* IPv6 router solicitations would only add noise to the link. */
	(void)write_file("/proc/sys/net/ipv6/conf/" EMU_IFNAME "/disable_ipv6",
	    "1");
	if (fastopen >= 0) {
		snprintf(text, sizeof(text), "%ld", fastopen);
		if (write_file("/proc/sys/net/ipv4/tcp_fastopen", text) == -1) {
			perror("linkemu: tcp_fastopen in the namespace");
			return -1;
		}
	}
	s = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (s == -1)
		return -1;
	if (if_up(s, "lo") == -1 || if_addr(s, EMU_IFNAME, addr,
	    EMU_PREFIX) == -1 || if_up(s, EMU_IFNAME) == -1)
		perror("linkemu: interface setup");
	else
		r = 0;
	close(s);
	return r;
}

int
emu_side_make(struct emu_side *side, const char *addr, long fastopen)
{
	int orig, r = -1;

	side->nsfd = side->tunfd = -1;
	orig = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC);
	if (orig == -1)
		return -1;
	if (unshare(CLONE_NEWNET) == -1) {
		perror("linkemu: unshare(CLONE_NEWNET)");
		close(orig);
		return -1;
	}
	side->nsfd = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC);
	if (side->nsfd != -1 && configure(side, addr, fastopen) == 0)
		r = 0;
	/* Back home whatever happened: the relay runs in the caller's netns. */
	if (setns(orig, CLONE_NEWNET) == -1) {
		perror("linkemu: setns back");
		r = -1;
	}
	close(orig);
	return r;
}
